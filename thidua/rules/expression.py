"""The criteria language of a scheme: criterion keys joined by AND / OR / NOT and brackets.

    phu_trach_cchc AND (don_vi_hang_1 OR (don_vi_70_2_nam AND htxs))
    phu_trach_cchc VÀ (don_vi_hang_1 HOẶC KHÔNG co_ky_luat)

Keywords are case-insensitive and have Vietnamese synonyms, with or without diacritics:
AND = VÀ = VA, OR = HOẶC = HOAC, NOT = KHÔNG = KHONG. NOT binds tighter than AND, which
binds tighter than OR. The text is tokenised and parsed here (recursive descent) — it is
never handed to ``eval``. Errors are :class:`ExpressionError`, in Vietnamese for the UI,
naming the token and its 1-based position.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Union

from thidua.rules import logic
from thidua.rules.logic import Verdict

AND_WORDS: Final = frozenset({"and", "và", "va"})
OR_WORDS: Final = frozenset({"or", "hoặc", "hoac"})
NOT_WORDS: Final = frozenset({"not", "không", "khong"})
KEYWORDS: Final = AND_WORDS | OR_WORDS | NOT_WORDS
# Bounds checked before and while parsing, so any text costs microseconds and no recursion
# runs deep: a real scheme's expression is under 300 characters and 4 brackets deep.
MAX_LENGTH: Final = 4000
MAX_DEPTH: Final = 24  # nested brackets and NOTs


class ExpressionError(ValueError):
    """A criteria expression that cannot be read; ``position`` counts from 1."""

    def __init__(self, message: str, position: int, token: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.token = token


@dataclass(frozen=True, slots=True)
class Ref:
    key: str


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


Node = Union[Ref, Not, And, Or]  # noqa: UP007 - a runtime alias used before 3.12 syntax


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "name", "and", "or", "not", "(", ")", "end"
    text: str
    position: int  # 1-based


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            tokens.append(_Token(ch, ch, i + 1))
            i += 1
            continue
        if ch.isalnum() or ch == "_":
            start = i
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            word = text[start:i]
            folded = word.casefold()
            kind = (
                "and"
                if folded in AND_WORDS
                else "or"
                if folded in OR_WORDS
                else "not"
                if folded in NOT_WORDS
                else "name"
            )
            tokens.append(_Token(kind, word, start + 1))
            continue
        raise ExpressionError(
            f"Không hiểu “{ch}” ở vị trí {i + 1}: ký tự không hợp lệ — chỉ dùng tên tiêu chí, "
            "VÀ, HOẶC, KHÔNG và dấu ngoặc",
            i + 1,
            ch,
        )
    tokens.append(_Token("end", "", n + 1))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token], known: Mapping[str, str] | None) -> None:
        self.tokens = tokens
        self.at = 0
        self.known = known  # casefolded key -> key as defined
        self.depth = 0

    def deeper(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"Biểu thức lồng nhau quá sâu ở vị trí {token.position}: tối đa {MAX_DEPTH} "
                "tầng ngoặc và KHÔNG",
                token.position,
                token.text,
            )

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.or_()
        token = self.peek()
        if token.kind != "end":
            raise self.unexpected_after_operand(token)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.peek().kind == "or":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Node:
        items = [self.unary()]
        while self.peek().kind == "and":
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        if self.peek().kind == "not":
            self.deeper(self.take())
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "name":
            return Ref(self.resolve(token))
        if token.kind == "(":
            self.deeper(token)
            node = self.or_()
            self.depth -= 1
            close = self.peek()
            if close.kind != ")":
                if close.kind == "end":
                    raise ExpressionError(
                        f"Thiếu “)” ở vị trí {close.position}: dấu “(” ở vị trí "
                        f"{token.position} chưa được đóng",
                        close.position,
                        None,
                    )
                raise self.unexpected_after_operand(close)
            self.take()
            return node
        if token.kind == "end":
            raise ExpressionError(
                f"Biểu thức dừng ở vị trí {token.position} nhưng còn thiếu một tiêu chí",
                token.position,
                None,
            )
        raise ExpressionError(
            f"Không hiểu “{token.text}” ở vị trí {token.position}: ở đây cần tên tiêu chí, "
            "KHÔNG hoặc “(”",
            token.position,
            token.text,
        )

    def resolve(self, token: _Token) -> str:
        if self.known is None:
            return token.text
        key = self.known.get(unicodedata.normalize("NFC", token.text).casefold())
        if key is None:
            raise ExpressionError(
                f"Không hiểu “{token.text}” ở vị trí {token.position}: không có tiêu chí nào "
                f"tên là “{token.text}”",
                token.position,
                token.text,
            )
        return key

    def unexpected_after_operand(self, token: _Token) -> ExpressionError:
        if token.kind == ")":
            reason = "không có “(” tương ứng"
        elif token.kind in ("name", "(", "not"):
            reason = "thiếu VÀ hoặc HOẶC trước chỗ này"
        else:  # pragma: no cover - operators are consumed by the loops
            reason = "không đúng chỗ"
        return ExpressionError(
            f"Không hiểu “{token.text}” ở vị trí {token.position}: {reason}",
            token.position,
            token.text,
        )


def parse_expression(text: str, known_keys: Collection[str] | None = None) -> Node:
    """Parse ``text``; with ``known_keys``, every name must be one of them (matched
    without regard to case). Raises :class:`ExpressionError`."""
    if len(text) > MAX_LENGTH:  # before normalising or reading a character
        raise ExpressionError(
            f"Biểu thức quá dài: tối đa {MAX_LENGTH} ký tự (đang có {len(text)})", 1, None
        )
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise ExpressionError("Biểu thức trống: cần ít nhất một tiêu chí", 1, None)
    known = None if known_keys is None else {k.casefold(): k for k in known_keys}
    return _Parser(_tokenise(text), known).parse()


def validate_expression(text: str, known_keys: Collection[str]) -> str | None:
    """The Vietnamese problem with ``text``, or None when it reads well."""
    try:
        parse_expression(text, known_keys)
    except ExpressionError as exc:
        return exc.message
    return None


def referenced_keys(node: Node) -> list[str]:
    """Criterion keys in order of first appearance."""
    seen: dict[str, None] = {}

    def walk(n: Node) -> None:
        if isinstance(n, Ref):
            seen.setdefault(n.key, None)
        elif isinstance(n, Not):
            walk(n.operand)
        else:
            for child in n.operands:
                walk(child)

    walk(node)
    return list(seen)


def evaluate_node(node: Node, verdicts: Mapping[str, Verdict]) -> Verdict:
    """Kleene value of ``node`` given every criterion's verdict."""
    if isinstance(node, Ref):
        return verdicts[node.key]
    if isinstance(node, Not):
        return logic.not_(evaluate_node(node.operand, verdicts))
    values = [evaluate_node(child, verdicts) for child in node.operands]
    return logic.all_(values) if isinstance(node, And) else logic.any_(values)


def compile_node(node: Node, index: Mapping[str, int]) -> Callable[[Sequence[Verdict]], Verdict]:
    """A function of the verdict vector (criteria in ``index`` order) — the fast path used
    once per candidate. Leaves of an AND / OR are read straight from the vector."""
    if isinstance(node, Ref):
        i = index[node.key]
        return lambda v: v[i]
    if isinstance(node, Not):
        inner = compile_node(node.operand, index)
        return lambda v: logic.not_(inner(v))
    leaves = tuple(index[c.key] for c in node.operands if isinstance(c, Ref))
    subtrees = tuple(compile_node(c, index) for c in node.operands if not isinstance(c, Ref))
    # AND: any False decides, else any None; OR: any True decides, else any None.
    decisive = isinstance(node, Or)

    def combine(v: Sequence[Verdict]) -> Verdict:
        values = [v[i] for i in leaves]
        if decisive in values:
            return decisive
        for sub in subtrees:
            value = sub(v)
            if value is decisive:
                return decisive
            values.append(value)
        return None if None in values else not decisive

    return combine


def _join(node: Node, word: Mapping[str, str], leaf: Callable[[str], str], parent: str) -> str:
    if isinstance(node, Ref):
        return leaf(node.key)
    if isinstance(node, Not):
        inner = _join(node.operand, word, leaf, "not")
        return f"{word['not']} {inner}"
    kind = "and" if isinstance(node, And) else "or"
    text = f" {word[kind]} ".join(_join(child, word, leaf, kind) for child in node.operands)
    return f"({text})" if parent in ("and", "not") and kind == "or" or parent == "not" else text


def canonical_text(node: Node) -> str:
    """The expression written with AND / OR / NOT and only the brackets it needs."""
    return _join(node, {"and": "AND", "or": "OR", "not": "NOT"}, lambda k: k, "")


def render_vietnamese(node: Node, labels: Mapping[str, str]) -> str:
    """E.g. ``Chỉ số CCHC ≥ 90% VÀ có sáng kiến cấp huyện``."""
    return _join(node, {"and": "VÀ", "or": "HOẶC", "not": "KHÔNG"}, lambda k: labels.get(k, k), "")
