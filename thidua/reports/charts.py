"""Charts drawn by the app itself (matplotlib, Agg): SVG for the page — text kept as text,
scaled by its viewBox, no script — and PNG for the report. Black-and-white safe (greys,
hatches, markers and line styles tell the series apart, never colour alone), labels in
Vietnamese, numbers 91,25 and money 2.340.000 đ. A rendered chart is cached by its data."""

from __future__ import annotations

import hashlib
import io
import json
import re
import textwrap
import threading

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.utils.html import escape  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from thidua.lib.formatting import format_money, format_number  # noqa: E402
from thidua.reports.figures import COUNT, MONEY, PERCENT, Chart  # noqa: E402

WIDTH_IN = 5.0  # 360 pt: about 1:1 on a phone's column, so 10 pt text stays 10 pt
FONT_SIZE = 10
MAX_LABEL = 26  # characters on one line of a category label; two lines at most
GREYS = ("#404040", "#bfbfbf", "#7f7f7f", "#e6e6e6", "#262626", "#a6a6a6", "#595959", "#d9d9d9")
HATCHES = ("", "//", ".", "x", "\\\\", "-", "+", "o", "|")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINES = ("-", "--", ":", "-.")
CACHE_SECONDS = 60 * 60
_LOCK = threading.Lock()  # pyplot's font cache is not thread-safe; one drawing at a time

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",  # ships with matplotlib, has every Vietnamese letter
        "font.size": FONT_SIZE,
        "svg.fonttype": "none",  # text stays text in the SVG (selectable, read aloud)
        "svg.hashsalt": "thidua",  # same data, same SVG
        "axes.spines.top": False,
        "axes.spines.right": False,
        "hatch.color": "#000000",
        "hatch.linewidth": 0.6,
    }
)


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == PERCENT:
        return format_number(value, 2)
    if unit == MONEY:
        return format_money(round(value))
    return format_number(value, 0)


def _plain(text: str) -> str:
    """A label as matplotlib must not read it: "$" would start mathtext."""
    return text.replace("$", r"\$")


def _short(text: str, limit: int = MAX_LABEL) -> str:
    """At most two lines of `limit` characters, cut with "…" (the table has it whole)."""
    lines = textwrap.wrap(" ".join(text.split()), limit) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: limit - 1].rstrip() + "…"]
    return "\n".join(lines)


def _axis_formatter(unit: str) -> FuncFormatter:
    if unit == MONEY:
        return FuncFormatter(lambda v, _: format_number(v / 1_000_000, 1 if v % 1e6 else 0))
    places = 0 if unit == COUNT else 0
    return FuncFormatter(lambda v, _: format_number(v, places))


def _axis_label(unit: str) -> str:
    return {PERCENT: "%", MONEY: "triệu đồng", COUNT: "số lượng"}[unit]


def _bars(fig: Figure, chart: Chart, horizontal: bool) -> None:
    ax = fig.subplots()
    n = len(chart.categories)
    positions = list(range(n))
    base = [0.0] * n
    single = len(chart.series) == 1
    for index, (name, values) in enumerate(chart.series):
        data = [v or 0.0 for v in values]
        style = {
            "color": GREYS[index % len(GREYS)] if not single else "#595959",
            "edgecolor": "#000000",
            "linewidth": 0.6,
            "hatch": HATCHES[index % len(HATCHES)] if not single else "",
            "label": _plain(name),
        }
        if horizontal:
            bars = ax.barh(positions, data, left=base, height=0.7, **style)
        else:
            bars = ax.bar(positions, data, bottom=base, width=0.65, **style)
        if single:
            labels = [value_text(v, chart.unit) if v else "" for v in values]
            ax.bar_label(bars, labels=labels, padding=2, fontsize=FONT_SIZE - 1)
        base = [b + d for b, d in zip(base, data, strict=True)]
    names = [_plain(_short(c)) for c in chart.categories]
    axis = ax.yaxis if horizontal else ax.xaxis
    values_axis = ax.xaxis if horizontal else ax.yaxis
    axis.set_ticks(positions, names)
    if horizontal:
        ax.set_ylim(n - 0.5, -0.5)  # first category on top, no margin above or below
    elif sum(len(x) for x in names) > 48:
        ax.tick_params(axis="x", labelrotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    values_axis.set_major_formatter(_axis_formatter(chart.unit))
    if chart.unit != PERCENT:
        values_axis.set_major_locator(MaxNLocator(integer=chart.unit == COUNT))
    top = max(base, default=0) or 1
    (ax.set_xlim if horizontal else ax.set_ylim)(0, top * (1.18 if single else 1.05))
    (ax.set_xlabel if horizontal else ax.set_ylabel)(_axis_label(chart.unit))
    ax.grid(axis="x" if horizontal else "y", color="#cccccc", linewidth=0.5)
    ax.set_axisbelow(True)
    if not single:
        _legend(fig, len(chart.series))


def _legend(fig: Figure, count: int) -> None:
    """Below the chart, outside the axes (the constrained layout makes room for it)."""
    fig.legend(
        loc="outside lower center", ncol=min(2, count), frameon=False, fontsize=FONT_SIZE - 1
    )


def _line(fig: Figure, chart: Chart) -> None:
    ax = fig.subplots()
    positions = list(range(len(chart.categories)))
    for index, (name, values) in enumerate(chart.series):
        points = [(p, v) for p, v in zip(positions, values, strict=True) if v is not None]
        if not points:
            continue
        ax.plot(
            [p for p, _ in points],
            [v for _, v in points],
            color="#000000" if index % 2 == 0 else "#666666",
            linestyle=LINES[index % len(LINES)],
            marker=MARKERS[index % len(MARKERS)],
            markerfacecolor="white" if index % 3 == 1 else None,
            linewidth=1.4,
            label=_plain(_short(name, 34).replace("\n", " ")),
        )
    ax.set_xticks(positions, [_plain(c) for c in chart.categories])
    ax.yaxis.set_major_formatter(_axis_formatter(chart.unit))
    ax.set_ylabel(_axis_label(chart.unit))
    if chart.unit == PERCENT:
        ax.set_ylim(0, 100)
    ax.grid(axis="y", color="#cccccc", linewidth=0.5)
    _legend(fig, len(chart.series))


def _height(chart: Chart) -> float:
    n = len(chart.categories)
    if chart.kind == "barh":
        legend = 0.5 if len(chart.series) > 1 else 0
        lines = sum(_short(c).count("\n") + 1 for c in chart.categories)
        return min(24.0, 0.9 + 0.19 * lines + 0.12 * n + legend)
    legend = 0.35 * ((len(chart.series) + 2) // 3) if len(chart.series) > 1 else 0
    return 3.4 + legend


def figure(chart: Chart, *, titled: bool = False) -> Figure:
    """The chart; `titled` draws its title in the picture (the report's PNG; the page
    gives the title in the figure's caption)."""
    fig = plt.figure(figsize=(WIDTH_IN, _height(chart)), layout="constrained")
    if titled:
        fig.suptitle(_plain(chart.title), fontsize=FONT_SIZE + 1, fontweight="bold")
    if chart.empty:
        fig.text(0.5, 0.5, "Chưa có số liệu", ha="center", va="center")
    elif chart.kind == "line":
        _line(fig, chart)
    else:
        _bars(fig, chart, horizontal=chart.kind == "barh")
    return fig


def _key(chart: Chart, fmt: str) -> str:
    text = json.dumps(chart.description(), ensure_ascii=False, sort_keys=True)
    return f"thidua-chart:{fmt}:" + hashlib.sha256(text.encode()).hexdigest()


def _render(chart: Chart, fmt: str) -> bytes:
    with _LOCK:
        fig = figure(chart, titled=fmt == "png")
        buffer = io.BytesIO()
        try:
            metadata = {"Date": None} if fmt == "svg" else {"Software": None}
            fig.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
        finally:
            plt.close(fig)
    return buffer.getvalue()


_STYLE_ELEMENT = re.compile(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def _attributes(css: str) -> str:
    pairs = (part.split(":", 1) for part in css.split(";") if ":" in part)
    return "".join(f' {k.strip()}="{v.strip()}"' for k, v in pairs)


def _without_inline_css(text: str) -> str:
    """matplotlib's <style> rule and style="…" attributes as SVG presentation attributes
    (fill="…", font-size="…"): the strict Content-Security-Policy refuses inline CSS, not
    these. The <style> rule (`*{…}`, inherited properties) moves onto the root <svg>."""
    root = _STYLE_ELEMENT.search(text)
    if root:
        text = text.replace(root.group(0), "", 1)
        text = text.replace("<svg", "<svg" + _attributes(root.group(1)), 1)
    return _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), text)


def svg(chart: Chart) -> str:
    """The chart as an inline <svg>: no XML prolog, no fixed size (its viewBox scales it to
    the column), a role and a name for screen readers."""
    key = _key(chart, "svg")
    found = cache.get(key)
    if found is not None:
        return found
    text = _render(chart, "svg").decode()
    text = text[text.index("<svg") :]
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    label = escape(chart.title)
    text = text.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart-svg"', 1)
    text = _without_inline_css(text)
    cache.set(key, text, CACHE_SECONDS)
    return text


def png(chart: Chart) -> bytes:
    key = _key(chart, "png")
    found = cache.get(key)
    if found is not None:
        return found
    data = _render(chart, "png")
    cache.set(key, data, CACHE_SECONDS)
    return data
