"""Báo cáo tổng kết phong trào thi đua (BÁO CÁO, symbol BC) as a .docx in the NĐ 30/2020
layout (`documents.docx_base`), drafted from the data for a year or for the whole phase:
participation, registrations, PAR results and their trend, dossiers and outcomes, awards
(in force) by form and group, reward money — tables, and the charts as pictures. The parts
the office writes itself (đánh giá, phương hướng, kiến nghị) are left as highlighted places
to complete."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

from django.db.models import Count, Q, Sum
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Length, Pt

from thidua.awards.dossiers import State
from thidua.campaigns.models import Campaign, Registration, RegistrationLine
from thidua.documents import docx_base as base
from thidua.documents import issuer as issuer_of
from thidua.lib.formatting import format_money, format_number
from thidua.org.access import visible_units
from thidua.org.models import CompetitionGroup, User
from thidua.reports import charts, figures
from thidua.reports.figures import Filters
from thidua.scoring.selectors import BANDS, par_table

TABLE_SIZE = 12
TO_COMPLETE = "[Cơ quan thường trực viết tiếp: {}]"


def _years(campaign: Campaign, user: User) -> list[int]:
    found = set(Registration.objects.filter(campaign=campaign).values_list("year", flat=True))
    found |= set(campaign.dossiers.values_list("year", flat=True))
    found |= set(
        figures.paid_awardees(user, Filters(campaign=campaign)).values_list("year", flat=True)
    )
    return sorted(found)


def _table(doc: Any, header: list[str], rows: list[list[str]], weights: list[int]) -> None:
    width = int(base.text_width_of(doc))
    total = sum(weights)
    widths = [Length(width * w // total) for w in weights]
    table = base.new_table(doc, 1 + len(rows), widths, borders=True, cell_margin=Pt(2))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        base.cell_paragraph(cell, text, size=TABLE_SIZE, bold=True, first=True)
    for row, values in zip(table.rows[1:], rows, strict=True):
        last = "Tổng cộng" in values[:2]
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            named = column == 1 and header[0] == "STT"  # the names column of a list
            align = WD_ALIGN_PARAGRAPH.LEFT if named else WD_ALIGN_PARAGRAPH.CENTER
            base.cell_paragraph(cell, text, size=TABLE_SIZE, bold=last, align=align, first=True)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _picture(doc: Any, chart: figures.Chart) -> None:
    if chart.empty:
        return
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    width = Length(int(base.text_width_of(doc) * 0.8))
    paragraph.add_run().add_picture(io.BytesIO(charts.png(chart)), width=width)


def _to_complete(doc: Any, what: str) -> None:
    paragraph = base.body_paragraph(doc, "")
    run = paragraph.add_run(TO_COMPLETE.format(what))
    run.italic = True
    run.font.size = Pt(base.BODY_SIZE)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _n(value: int | float) -> str:
    return format_number(value, 0)


def report_date(campaign: Campaign, span: list[int], today: dt.date) -> dt.date:
    """The report's date: today, but never after the end of the period reported nor after
    the issuer's end (a district that ended on 30/6/2025 reports no later than that day)."""
    ends = [today, dt.date(span[-1], 12, 31)]
    issuer = campaign.issuing_unit
    if issuer is not None and issuer.valid_to is not None:
        ends.append(issuer.valid_to)
    return min(ends)


def summary_docx(campaign: Campaign, *, year: int | None, user: User, today: dt.date) -> bytes:
    years = _years(campaign, user)
    if year is not None:
        period, span = f"năm {year}", [year]
    elif years:
        period = f"giai đoạn {years[0]} - {years[-1]}" if len(years) > 1 else f"năm {years[0]}"
        span = years
    else:
        period, span = f"năm {today.year}", [today.year]
    body = issuer_of.of_campaign(campaign)
    today = report_date(campaign, span, today)
    doc = base.new_document()
    base.header_block(
        doc,
        body.superior,
        body.header,
        base.number_line("", body.symbol("BC")),
        body.place_date(today),
    )
    name = " ".join(campaign.name.split())
    summary = f"Tổng kết thực hiện {name}" + ("" if period in name else f"\n{period}")
    base.title_block(doc, "BÁO CÁO", summary)
    base.body_paragraph(
        doc,
        f"Thực hiện {issuer_of.plan_citation(campaign) or 'kế hoạch phát động phong trào'}, "
        f"{body.name or 'cơ quan thường trực'} báo cáo kết quả thực hiện phong trào "
        f"{period} như sau:",
    )
    base.heading_paragraph(doc, "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO")
    _participation(doc, campaign, user, span)
    _par(doc, user, span)
    _dossiers(doc, campaign, user, span)
    _awards(doc, campaign, user, year)
    _money(doc, campaign, user, year)
    base.heading_paragraph(doc, "II. ĐÁNH GIÁ CHUNG")
    _to_complete(doc, "ưu điểm, hạn chế và nguyên nhân; những cách làm hay, điển hình")
    base.heading_paragraph(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    _to_complete(doc, "phương hướng, nhiệm vụ và giải pháp")
    base.heading_paragraph(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    _to_complete(doc, "kiến nghị, đề xuất với cấp trên")
    base.closing_paragraph(doc, f"Trên đây là báo cáo tổng kết phong trào thi đua {period}./.")
    signer = dict((campaign.plan or {}).get("signer") or {})
    signer["authority"] = issuer_of.committee_authority(
        body.name, signer.get("authority") or ["CHỦ TỊCH"]
    )
    recipients = [
        f"{body.superior.title()} (để báo cáo)" if body.superior else "Cấp trên (để báo cáo)",
        "Hội đồng Thi đua - Khen thưởng",
        "Các cơ quan, đơn vị",
        "Lưu: VT",
    ]
    base.recipients_and_signature(doc, recipients, signer)
    return base.document_bytes(
        doc, created=today, title=f"Báo cáo tổng kết {campaign.name} {period}"
    )


def _participation(doc: Any, campaign: Campaign, user: User, span: list[int]) -> None:
    base.heading_paragraph(doc, "1. Công tác triển khai, đăng ký thi đua")
    scope = visible_units(user).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(span[-1], 12, 31)),
        Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(span[0], 1, 1)),
    )
    if campaign.issuing_unit_id:
        scope = scope.filter(path__startswith=campaign.issuing_unit.path).exclude(
            pk=campaign.issuing_unit_id
        )
    regs = Registration.objects.filter(campaign=campaign, year__in=span, unit__in=scope)
    submitted = regs.exclude(status=Registration.Status.DRAFT)
    units = scope.count()
    joined = submitted.values("unit").distinct().count()
    lines = Counter(
        RegistrationLine.objects.filter(registration__in=submitted).values_list(
            "section", flat=True
        )
    )
    rate = f" ({format_number(joined * 100 / units, 2)}%)" if units else ""
    base.body_paragraph(
        doc,
        f"Có {_n(joined)}/{_n(units)} cơ quan, đơn vị trong phạm vi phong trào đã nộp bản "
        f"đăng ký thi đua{rate}, với {_n(lines.get('collective', 0))} lượt tập thể và "
        f"{_n(lines.get('individual', 0))} lượt cá nhân đăng ký danh hiệu, hình thức.",
    )
    counts = Counter(regs.values_list("year", "status"))
    rows = [[str(y), *[_n(counts.get((y, s.value), 0)) for s in Registration.Status]] for y in span]
    _table(doc, ["Năm", *[s.label for s in Registration.Status]], rows, [2, 3, 3, 3])


def _par(doc: Any, user: User, span: list[int]) -> None:
    base.heading_paragraph(doc, "2. Kết quả Chỉ số cải cách hành chính")
    visible = set(visible_units(user).values_list("pk", flat=True))
    rows = []
    for y in span:
        found = [r for r in par_table(y) if r.score.unit_id in visible and r.rank is not None]
        if not found:
            continue
        values = [float(r.percent) for r in found]  # type: ignore[arg-type]
        bands = Counter(r.band for r in found)
        rows.append(
            [
                str(y),
                _n(len(found)),
                format_number(sum(values) / len(values), 2),
                format_number(max(values), 2),
                format_number(min(values), 2),
                *[_n(bands.get(label, 0)) for _, label in BANDS],
            ]
        )
    if not rows:
        base.body_paragraph(doc, "Chưa có kết quả Chỉ số CCHC được thẩm định trong kỳ báo cáo.")
        return
    last = rows[-1]
    base.body_paragraph(
        doc,
        f"Năm {last[0]} có {last[1]} đơn vị được thẩm định Chỉ số CCHC, bình quân đạt "
        f"{last[2]}%, cao nhất {last[3]}%, thấp nhất {last[4]}%.",
    )
    header = ["Năm", "Số đơn vị", "Bình quân (%)", "Cao nhất (%)", "Thấp nhất (%)"]
    header += [label for _, label in BANDS]
    _table(doc, header, rows, [3, 3, 4, 4, 4, 3, 3, 3, 3, 3])
    _picture(doc, figures.par_trend(user, Filters()))
    _picture(doc, figures.par_bands(user, Filters(), int(last[0])))


def _dossiers(doc: Any, campaign: Campaign, user: User, span: list[int]) -> None:
    from thidua.awards.access import visible_dossiers
    from thidua.awards.records import Decision, Nomination

    base.heading_paragraph(doc, "3. Hồ sơ đề nghị khen thưởng và kết quả xét")
    dossiers = visible_dossiers(user).filter(campaign=campaign, year__in=span)
    counts = Counter(dossiers.values_list("state", flat=True))
    nominations = Nomination.objects.filter(dossier__in=dossiers).count()
    signed = Decision.objects.filter(campaign=campaign, status=Decision.Status.SIGNED)
    numbers = [f"{n}/{s}" for n, s in signed.values_list("number", "symbol") if n]
    base.body_paragraph(
        doc,
        f"Các đơn vị đã lập {_n(sum(counts.values()))} hồ sơ với {_n(nominations)} đề nghị "
        f"khen thưởng; đã ban hành {_n(len(numbers))} quyết định khen thưởng"
        + (f" (số {', '.join(numbers)})" if numbers else "")
        + ".",
    )
    rows = [[str(i), s.label, _n(counts[s.value])] for i, s in enumerate(State, 1)]
    rows.append(["", "Tổng cộng", _n(sum(counts.values()))])
    _table(doc, ["STT", "Trạng thái hồ sơ", "Số hồ sơ"], rows, [1, 6, 2])


def _awards(doc: Any, campaign: Campaign, user: User, year: int | None) -> None:
    base.heading_paragraph(doc, "4. Kết quả khen thưởng")
    filters = Filters(year=year, campaign=campaign)
    awards = list(figures.awards_in_force(user, filters))
    forms: dict[str, list[Any]] = {}
    for a in awards:
        forms.setdefault(a.form_id, [a.form, 0, 0])
        forms[a.form_id][2 if a.person_id else 1] += 1
    women = sum(1 for a in awards if a.person_id and a.person.gender == "nu")
    collective = sum(1 for a in awards if not a.person_id)
    base.body_paragraph(
        doc,
        f"Đã khen thưởng {_n(len(awards))} lượt (còn hiệu lực): {_n(collective)} tập thể, "
        f"{_n(len(awards) - collective)} cá nhân, trong đó {_n(women)} nữ.",
    )
    ordered = sorted(forms.values(), key=lambda f: (f[0].order, f[0].key))
    rows = [
        [str(i), f[0].name, _n(f[1]), _n(f[2]), _n(f[1] + f[2])] for i, f in enumerate(ordered, 1)
    ]
    rows.append(["", "Tổng cộng", _n(collective), _n(len(awards) - collective), _n(len(awards))])
    _table(
        doc, ["STT", "Danh hiệu, hình thức", "Tập thể", "Cá nhân", "Tổng"], rows, [1, 7, 2, 2, 2]
    )
    names = dict(CompetitionGroup.objects.values_list("code", "name"))
    groups: Counter[str] = Counter()
    for a in awards:
        unit = a.person.unit if a.person_id else a.unit
        groups[names.get(unit.group_id, "Chưa xếp khối") if unit else "Chưa xếp khối"] += 1
    if groups:
        rows = [[str(i), g, _n(c)] for i, (g, c) in enumerate(sorted(groups.items()), 1)]
        _table(doc, ["STT", "Khối thi đua", "Số lượt khen thưởng"], rows, [1, 6, 3])
    _picture(doc, figures.awards_by_form(user, filters))


def _money(doc: Any, campaign: Campaign, user: User, year: int | None) -> None:
    base.heading_paragraph(doc, "5. Tiền thưởng")
    paid = figures.paid_awardees(user, Filters(campaign=campaign))
    if year is not None:
        paid = paid.filter(year=year)
    by_year = list(
        paid.values_list("decision__signed_on__year")
        .annotate(
            decisions=Count("decision", distinct=True), people=Count("pk"), total=Sum("amount")
        )
        .order_by("decision__signed_on__year")
    )
    total = sum(t or 0 for *_, t in by_year)
    base.body_paragraph(
        doc, f"Tổng số tiền thưởng theo các quyết định đã ký: {format_money(total)}."
    )
    rows = [[str(y), _n(d), _n(p), format_money(t or 0)] for y, d, p, t in by_year]
    rows.append(["Tổng cộng", "", "", format_money(total)])
    _table(doc, ["Năm ký", "Số quyết định", "Số lượt được khen", "Tiền thưởng"], rows, [2, 3, 3, 4])


def sample_summary_report() -> bytes | None:
    """The gallery's sample: the demo campaign with the most signed decisions, its phase."""
    from thidua.awards.records import Decision

    campaign = (
        Campaign.objects.filter(decisions__status=Decision.Status.SIGNED)
        .annotate(signed=Count("decisions"))
        .order_by("-signed", "pk")
        .first()
    )
    user = User.objects.filter(role=User.Role.OFFICE).order_by("pk").first()
    if campaign is None or user is None:
        return None
    return summary_docx(campaign, year=None, user=user, today=dt.date(2026, 12, 31))
