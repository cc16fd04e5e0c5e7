"""Rule-based sentence segmentation with offsets into the original text.

`segment` never normalises the text: it collects cut positions (ints into the
original string), then trims whitespace from each piece between two cuts.
Every non-whitespace character therefore lies in exactly one sentence, and
`text[s.start:s.end] == s.text` holds by construction.

Cut rules:
  * CJK terminators (。！？｡) always cut, with or without whitespace after.
  * `. ! ? …` runs (plus closing quotes/brackets, emoji, superscripts and
    "[1]" citations glued to them) cut when whitespace follows and the next
    character is not lowercase or continuation punctuation (`, ; : ) .` ...).
    A single `.` after an abbreviation does not cut on the same line; after a
    "terminal" abbreviation (etc., Inc., U.S.) it does cut before a line break
    followed by a non-lowercase line ("etc.\nThe next..."), a judgement call.
  * A blank line always cuts. A single newline after terminal punctuation
    cuts, even before a lowercase line, except after a prefix abbreviation
    ("Dr.\nSmith") and before a lowercase line after an ellipsis or a
    terminal abbreviation. A single newline after a line without terminal
    punctuation cuts before a list item, and before a non-lowercase line when
    the previous line is a list item, a heading (<= 12 words) or too long
    (> 100 chars) to be a hard wrap. Only "\n" (and so "\r\n") breaks lines.
"""
from __future__ import annotations

import re

from classifier.types import Sentence

__all__ = ["ABBREVIATIONS", "segment"]

# Never end a sentence: "Dr. Smith", "e.g. Statins", "Fig. S1", "Jan. 5".
PREFIX_ABBREVIATIONS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "mx", "messrs", "mme", "dr", "drs", "prof", "profs", "st",
    "gen", "gov", "sen", "rev", "hon", "capt", "sgt", "lt", "col", "fr", "mt",
    "vs", "v", "e.g", "i.e", "cf", "viz", "approx", "ca", "esp", "incl", "resp",
    "fig", "figs", "chap", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
# May end a sentence: no cut on the same line ("Acme Inc. Released"), but a cut
# at "etc.\nThe next line" (line break + non-lowercase start).
TERMINAL_ABBREVIATIONS: frozenset[str] = frozenset({
    "etc", "inc", "ltd", "co", "corp", "llc", "plc", "bros", "jr", "sr", "al",
    "esq", "ave", "blvd", "rd", "ph.d", "m.sc", "b.sc",
})
# Abbreviations only before a digit ("No. 5", "p. 12", "Vol. 3"); otherwise ordinary
# words or units that may end a sentence ("said no. Then", "hold for 30 sec. Then").
NUMERIC_ABBREVIATIONS: frozenset[str] = frozenset({
    "no", "nos", "p", "pp", "art", "vol", "vols", "ch", "sec", "eq", "eqs", "ref", "refs", "tab",
})
ABBREVIATIONS: frozenset[str] = (
    PREFIX_ABBREVIATIONS | TERMINAL_ABBREVIATIONS | NUMERIC_ABBREVIATIONS
)
_KINDS: dict[str, str] = (
    dict.fromkeys(PREFIX_ABBREVIATIONS, "prefix")
    | dict.fromkeys(TERMINAL_ABBREVIATIONS, "terminal")
    | dict.fromkeys(NUMERIC_ABBREVIATIONS, "numeric")
)
# After these words a single capital is a name, not an initial: "vitamin D. Then".
NON_INITIAL_WORDS: frozenset[str] = frozenset({
    "vitamin", "vitamins", "hepatitis", "influenza", "flu", "type", "group",
    "plan", "class", "grade", "stage", "phase", "step", "part", "section",
    "appendix", "option", "schedule", "category", "level", "tier", "strain",
    "factor", "exhibit", "model", "unit", "ward", "zone", "size", "blood",
})

_TERMINATORS = ".!?…‼⁉⁇⁈؟।"
_CJK_TERMINATORS = "。！？｡"
_T = re.escape(_TERMINATORS)
# Glued to the terminator they follow: emoji, combining marks, superscript note numbers.
_GLUED = (
    "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u20e3"  # emoji, keycaps
    "\u0300-\u036f\u00b9\u00b2\u00b3\u2070-\u2079"  # combining marks, superscripts
)
_CLOSERS = re.escape("\"'”’»›)]}」』）】》〉\u200b\u200c\u200d\u200e\u200f\u2060\ufeff") + _GLUED
_CITATION = r"\[\d{1,3}(?:[,–-]\d{1,3})*\]"  # "effective.[1][2] Next"
_OPENERS = "\"'“‘«‹([{<「『（【《〈"
_CONTINUATION = frozenset(",;:)]}%&/-–—.!?…")

# "[T][T]*" rather than "[T]+": a single leading set lets `re` scan ~2.5x faster.
_LATIN_END = re.compile(rf"([{_T}][{_T}]*)((?:[{_CLOSERS}]|{_CITATION})*)(\s+)(\S?)")
_CJK_END = re.compile(rf"[{_CJK_TERMINATORS}]+[{_CLOSERS}]*")
_BREAK = re.compile(r"\n((?:[^\S\n]*\n)+)?")
_LIST_ITEM = re.compile(  # "- x", "* x", "• x", "1. x", "2) x", "a) x", "(iv) x"
    r"[^\S\n]*(?:[-*+•‣◦▪▫●○■□–—]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s"
)
_LIST_MARKER = re.compile(r"\d{1,3}|[a-z]")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_PREV_WORD = re.compile(r"([^\W\d_]+)\W*\Z")

_HEADING_MAX_WORDS = 12
_HARD_WRAP_MAX_CHARS = 100
_TOKEN_MAX_CHARS = 40


def segment(text: str) -> list[Sentence]:
    """Split `text` into sentences with half-open code-point offsets."""
    cuts, handled = _punct_cuts(text)
    if any(c in text for c in _CJK_TERMINATORS):  # `in` is far cheaper than a scan
        cuts.extend(m.end() for m in _CJK_END.finditer(text))
    cuts.extend(_line_cuts(text, handled))
    return _spans(text, cuts)


def _spans(text: str, cuts: list[int]) -> list[Sentence]:
    """Trim whitespace from the pieces between consecutive cuts."""
    out: list[Sentence] = []
    start = 0
    for cut in sorted(set(cuts)) + [len(text)]:
        if cut <= start:
            continue
        chunk = text[start:cut]
        stripped = chunk.strip()
        if stripped:
            s = start + len(chunk) - len(chunk.lstrip())
            out.append(Sentence(s, s + len(stripped), stripped))
        start = cut
    return out


def _punct_cuts(text: str) -> tuple[list[int], set[int]]:
    """Cuts after Latin terminal punctuation; also the newlines those decided."""
    cuts: list[int] = []
    handled: set[int] = set()
    for m in _LATIN_END.finditer(text):
        run, glued, gap, nxt = m.groups()
        if not nxt:
            continue
        newline = gap.find("\n")
        if newline >= 0:
            handled.add(m.start(3) + newline)
            if _newline_cut(text, m, run, nxt):
                cuts.append(m.end(2))
        elif _same_line_cut(text, m.start(), run, glued, nxt):
            cuts.append(m.end(2))
    return cuts, handled


def _same_line_cut(text: str, start: int, run: str, glued: str, nxt: str) -> bool:
    """Decide a `. ! ? …` run followed by spaces (no newline) and then `nxt`."""
    if nxt.islower() or nxt in _CONTINUATION:
        return False
    kind = _abbrev_kind(text, start) if run == "." else None
    if kind == "numeric":
        return not nxt.isdigit()
    if kind == "terminal":
        return bool(glued) and nxt.isupper()
    return kind is None


def _newline_cut(text: str, m: re.Match[str], run: str, nxt: str) -> bool:
    """Decide a `. ! ? …` run at the end of a line; `nxt` starts the next line."""
    if _LIST_ITEM.match(text, m.end(3)):
        return True
    kind = _abbrev_kind(text, m.start()) if run == "." else None
    if kind == "prefix":
        return False
    if kind == "numeric":
        return not nxt.isdigit()
    if not nxt.islower() and nxt not in _CONTINUATION:
        return True
    return kind is None and ".." not in run and "…" not in run


def _abbrev_kind(text: str, dot: int) -> str | None:
    """Classify the token before a single '.': prefix/terminal/numeric/None."""
    token = _token_before(text, dot)
    kind = _KINDS.get(token.lower())
    if kind is not None:  # all-caps "CO." / "NO." are acronyms (gases) ending a sentence
        return None if len(token) > 1 and token.isupper() and "." not in token else kind
    if "." in token:
        return "terminal" if _DOTTED.fullmatch(token) else None
    if _LIST_MARKER.fullmatch(token) and _starts_item(text, dot - len(token)):
        return "prefix"
    if len(token) == 1 and token.isupper() and token != "I":
        return _initial_kind(text, dot - 1)
    return None


def _token_before(text: str, end: int) -> str:
    """The non-space run ending at `end`, without leading opening brackets."""
    if end == 0 or text[end - 1].isspace():
        return ""
    token = text[max(0, end - _TOKEN_MAX_CHARS):end].rsplit(None, 1)[-1]
    return token.lstrip(_OPENERS)


def _starts_item(text: str, pos: int) -> bool:
    """True at a line start or right after a sentence end ("Do X. 2. Do Y.")."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
        if text[pos] == "\n":
            return True
    return pos == 0 or text[pos - 1] in _TERMINATORS


def _initial_kind(text: str, pos: int) -> str | None:
    """A single capital is an initial ("J. Smith") unless a word like "vitamin" precedes it."""
    m = _PREV_WORD.search(text, max(0, pos - _TOKEN_MAX_CHARS), pos)
    if m and m.group(1).lower() in NON_INITIAL_WORDS:
        return None
    return "prefix"


def _line_cuts(text: str, handled: set[int]) -> list[int]:
    """Cuts at blank lines and at single newlines that end a heading or item."""
    cuts: list[int] = []
    line_start = 0
    for m in _BREAK.finditer(text):
        pos = m.start()
        if m.group(1) is not None:
            cuts.append(pos)
        elif pos not in handled and _is_line_boundary(text, line_start, pos, m.end()):
            cuts.append(pos)
        line_start = m.end()
    return cuts


def _is_line_boundary(text: str, line_start: int, newline: int, next_start: int) -> bool:
    """Single newline after a line without terminal punctuation."""
    prev = text[line_start:newline].strip()
    end = text.find("\n", next_start)
    nxt = text[next_start:end if end >= 0 else len(text)].lstrip()
    if not prev or not nxt or _LIST_ITEM.match(nxt):
        return True
    if nxt[0].islower() or nxt[0] in _CONTINUATION:
        return False
    return (
        len(prev) > _HARD_WRAP_MAX_CHARS
        or _LIST_ITEM.match(prev) is not None
        or len(prev.split()) <= _HEADING_MAX_WORDS
    )
