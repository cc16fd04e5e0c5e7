r"""Find regex matches fast: try a pattern only where a word starts with one of its literal prefixes.

Python's `re` tries every alternation at every position; a lexicon of large
alternations then costs milliseconds per article. Each pattern's possible
literal prefixes are read from its parse tree once; at search time one
Aho-Corasick pass over the text proposes the few positions worth a
`pattern.match`.
Patterns whose prefixes cannot be read are searched in full.

Matching runs on the text with every run of white space collapsed to one
space (so `\s+` is a literal " " and prefixes reach past the first word:
"the only way", not "the"); spans are mapped back to the original text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any, Iterator

import ahocorasick

WORD = re.compile(r"\w+")
TWO_WORDS = re.compile(r"(\w+) (\w+)")
KEY = 3
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}


MAX_CLASS = 12
MAX_PREFIXES = 48
# The prefixes that propose positions are read so that they run as far as a
# budget of PROPOSING_PREFIXES per step allows ("the only way", not "the "; "in
# m", not "in ", where "in" is followed by too many words), so far fewer
# positions are proposed; the order in which patterns are tried at one
# position is still taken from the MAX_PREFIXES reading (see `_order`).
PROPOSING_PREFIXES = 60


def _chars(av: list) -> set[str] | None:
    """The characters a small character class admits, or None."""
    out: set[str] = set()
    for op, value in av:
        if op is C.LITERAL:
            out.add(chr(value))
        elif op is C.RANGE and value[1] - value[0] < MAX_CLASS:
            out.update(chr(c) for c in range(value[0], value[1] + 1))
        elif op is C.CATEGORY and value is C.CATEGORY_DIGIT:
            out.update("0123456789")
        elif op is C.CATEGORY and value is C.CATEGORY_SPACE:
            out.add(" ")
        else:
            return None
    return out if len(out) <= MAX_CLASS else None


def _is_space(body: Any) -> bool:
    """A repeat of white space, which the collapsed search text holds as one " ".

    `body` is a repeat's parse tree, an `re._parser.SubPattern` (indexable, not a list)."""
    return len(body) == 1 and body[0][0] is C.IN and _chars(body[0][1]) == {" "}


def _join(heads: set[str] | None, rest: set[str] | None, limit: int, partial: bool = False) -> set[str] | None:
    """Each head followed by each continuation. Where that would be more than
    `limit`: the heads alone, or, if `partial`, each head followed by the
    continuations cut as long as keeps them within `limit` (see `_cut`)."""
    if heads is None:
        return None
    if rest is None:
        return heads
    if len(heads) * len(rest) > limit:
        if not partial:
            return heads
        rest = _cut(rest, limit // len(heads))
    return {h + r for h in heads for r in rest}


def _cut(rest: set[str], most: int) -> set[str]:
    """`rest` cut to the greatest length at which there are at most `most` of them
    ({""} if none is): every string of `rest` starts with one of those returned."""
    best = {""}
    for length in range(1, max(map(len, rest)) + 1):
        cut = {r[:length] for r in rest}
        if len(cut) > most:
            break
        best = cut
    return best


def _union(*parts: set[str] | None) -> set[str] | None:
    return None if any(p is None for p in parts) else set().union(*parts)  # type: ignore[arg-type]


def _seq(items: list, i: int, follow: set[str] | None, limit: int, partial: bool = False) -> set[str] | None:
    """Prefixes every match of items[i:] (then `follow`) starts with; None if unknown.

    A prefix may stop early: `rest is None` truncates it, as does a join over
    `limit` (see `_join`, which `partial` is passed to), which stays correct.
    """
    if i == len(items):
        return follow
    op, av = items[i]
    rest = _seq(items, i + 1, follow, limit, partial)
    if op in _ZERO_WIDTH:
        return rest
    if op is C.LITERAL:
        return _join({chr(av)}, rest, limit, partial)
    if op is C.IN:
        return _join(_chars(av), rest, limit, partial)
    if op is C.SUBPATTERN:
        return _seq(list(av[-1]), 0, rest, limit, partial)
    if op is C.BRANCH:
        return _union(*(_seq(list(b), 0, rest, limit, partial) for b in av[1]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and _is_space(av[2]):
        space = _join({" "}, rest, limit, partial)
        return space if av[0] >= 1 else _union(space, rest)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, high, body = av
        once = _seq(list(body), 0, rest if high == 1 else None, limit, partial)
        return once if low >= 1 else _union(once, rest)
    return None


def literal_prefixes(pattern: re.Pattern[str], limit: int = MAX_PREFIXES) -> frozenset[str] | None:
    """Literal prefixes every match starts with, or None if they cannot be read."""
    return _readable(_seq(list(P.parse(pattern.pattern, pattern.flags)), 0, {""}, limit))


def _two_readings(pattern: re.Pattern[str]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The prefixes within MAX_PREFIXES (for `_order`) and, cut within PROPOSING_PREFIXES, those
    that propose positions (any correct reading proposes every position a pattern matches at), from one parse."""
    tree = list(P.parse(pattern.pattern, pattern.flags))
    return _readable(_seq(tree, 0, {""}, MAX_PREFIXES)), _readable(_seq(tree, 0, {""}, PROPOSING_PREFIXES, True))


def _readable(prefixes: set[str] | None) -> frozenset[str] | None:
    if not prefixes or "" in prefixes or not all(WORD.match(p) for p in prefixes):
        return None
    return frozenset(prefixes)


SPACE_RUN = re.compile(r"\s{2,}")
OTHER_SPACE = re.compile(r"[^\S ]")


def collapse(lowered: str) -> tuple[str, list[int], list[int]]:
    """`lowered` with white-space runs as one " ", and what maps its offsets back.

    Returns (collapsed, starts, shifts): an offset o in `collapsed` is
    o + shifts[i] in `lowered`, i = bisect_right(starts, o) - 1.
    """
    collapsed = " ".join(lowered.split())
    if len(collapsed) == len(lowered):  # no run of two, nothing at either end: offsets stay
        return collapsed, [0], [0]
    starts, shifts, removed = [0], [0], 0
    for run in SPACE_RUN.finditer(lowered):
        removed += len(run.group()) - 1
        starts.append(run.end() - removed)
        shifts.append(removed)
    if removed == 0 and not OTHER_SPACE.search(lowered):
        return lowered, starts, shifts
    return OTHER_SPACE.sub(" ", SPACE_RUN.sub(" ", lowered)), starts, shifts


def is_word_char(char: str) -> bool:
    """What `\\w` matches, without a regex call (the same test, as a test checks on every code point)."""
    return char.isalnum() or char == "_"


def _original(offset: int, starts: list[int], shifts: list[int]) -> int:
    return offset + shifts[bisect_right(starts, offset) - 1]


def lower_same_length(text: str) -> str:
    """Lower-case `text` without changing its length (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _order(prefix: str) -> int:
    """Where a prefix's pattern is tried among those starting at one position.

    Patterns are tried in the order the word index of earlier versions tried
    them (one-word prefixes by the length of their first KEY letters, then
    two-word ones by the length of the second word's), then by pattern
    index, so the hits, and the rule named on ties, stay as they were.
    """
    pair = TWO_WORDS.match(prefix)
    if pair:
        return KEY + len(pair.group(2)[:KEY])
    return len(WORD.match(prefix).group()[:KEY])  # type: ignore[union-attr]


def _shortest(prefixes: frozenset[str]) -> list[str]:
    """The prefixes no shorter one of the same pattern starts: wherever a longer one
    matches, its shorter prefix matches too, with an order no later (see `_order`)."""
    return [p for p in prefixes if not any(p[:i] in prefixes for i in range(1, len(p)))]


Orders = tuple[tuple[int, tuple[str, ...]], ...]


def _orders(prefixes: frozenset[str]) -> Orders:
    """The prefixes grouped by `_order`, earliest first."""
    groups: dict[int, list[str]] = {}
    for prefix in prefixes:
        groups.setdefault(_order(prefix), []).append(prefix)
    return tuple((order, tuple(sorted(group))) for order, group in sorted(groups.items()))


class PrefixIndex:
    """Searches many lower-case patterns over one lower-cased text.

    Every pattern's literal prefixes go into one Aho-Corasick automaton
    (pyahocorasick): one compiled pass over the text proposes the (position,
    pattern) pairs where a prefix starts a word, and only those are tried
    with `match`. Matches at one position come out in `_order`.
    """

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns
        self.unindexed: list[int] = []
        self.orders: dict[int, Orders] = {}
        by_prefix: dict[str, list[int]] = {}
        for index, pattern in enumerate(patterns):
            ordering, proposing = _two_readings(pattern)
            if ordering is None or proposing is None:
                self.unindexed.append(index)
                continue
            self.orders[index] = _orders(ordering)
            for prefix in _shortest(proposing):
                by_prefix.setdefault(prefix, []).append(index)
        self.automaton = ahocorasick.Automaton()
        for prefix, indices in by_prefix.items():
            self.automaton.add_word(prefix, (len(prefix) - 1, tuple(sorted(set(indices)))))
        self.automaton.make_automaton()
        # Derived, never pickled: each pattern's `match` and its `orders` (empty if unindexed), by index.
        self._match = [pattern.match for pattern in patterns]
        self._orders: list[Orders] = [self.orders.get(index, ()) for index in range(len(patterns))]

    def __getstate__(self) -> dict[str, object]:
        """Only the patterns are saved: the index is derived, and rebuilt by the loading code."""
        return {"patterns": self.patterns}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["patterns"])  # type: ignore[misc]

    def _candidates(self, text: str) -> list[tuple[int, int]]:
        """(position, pattern index) worth a match, each once (see `_shortest`), in text order.

        A prefix is proposed only where it starts a word: at 0, or after a
        character `is_word_char` rejects (the same test, written inline: it runs
        for every automaton result)."""
        found: list[tuple[int, int]] = []
        for end, (back, indices) in self.automaton.iter(text):
            pos = end - back
            if pos:
                char = text[pos - 1]
                if char.isalnum() or char == "_":
                    continue
            for index in indices:
                found.append((pos, index))
        found.sort()
        return found

    def finditer(self, lowered: str) -> Iterator[tuple[int, int, int]]:
        """(pattern index, start, end) of each match in `lowered`, non-overlapping per pattern."""
        return iter(self.matches(lowered))

    def matches(self, lowered: str) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of each match in `lowered`, non-overlapping per pattern.

        Patterns see `lowered` with white-space runs collapsed (see `collapse`);
        the offsets returned are into `lowered` itself.
        """
        text, starts, shifts = collapse(lowered)
        found = self._collapsed_matches(text)
        if len(starts) == 1:  # nothing was collapsed
            return found
        return [(index, _original(start, starts, shifts), _original(end - 1, starts, shifts) + 1) for index, start, end in found]

    def _collapsed_matches(self, text: str) -> list[tuple[int, int, int]]:
        """The matches in the collapsed `text`: indexed ones by position, then `_order`, then pattern; unindexed ones last.

        One of a pattern's prefixes always starts where the pattern matches; the
        fallback order (after all others) is never used."""
        last_end = [0] * len(self.patterns)
        found: list[tuple[int, int, int, int]] = []
        match, orders, unknown = self._match, self._orders, len(self.patterns)
        for pos, index in self._candidates(text):
            if pos < last_end[index]:
                continue
            m = match[index](text, pos)
            if m is None:
                continue
            end = m.end()
            if end > pos:
                last_end[index] = end
                for order, group in orders[index]:  # the order of the earliest prefix at `pos`
                    if text.startswith(group, pos):
                        break
                else:
                    order = unknown
                found.append((pos, order, index, end))
        found.sort()
        out = [(index, pos, end) for pos, _, index, end in found]
        for index in self.unindexed:
            out.extend((index, m.start(), m.end()) for m in self.patterns[index].finditer(text))
        return out
