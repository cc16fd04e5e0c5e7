"""The cue lexicon: phrases that carry overclaims and modifiers that soften them.

Loaded from `classifier/data/lexicon.toml`; see that file for the format.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from bisect import bisect_right
from itertools import accumulate
from typing import Iterable, Iterator, NamedTuple, Sequence

from classifier.prefix_index import PrefixIndex, lower_same_length
from classifier.types import CATEGORIES

DEFAULT_PATH = Path(__file__).parent / "data" / "lexicon.toml"
# Several sentences are searched as one string; this separator stops every
# pattern (\s+, \w and `.` all fail on it) from matching across two of them.
SEPARATOR = "\n\x00\n"
MODIFIER_KINDS: tuple[str, ...] = ("hedge", "distance", "negation", "limits", "specific", "advice")


@dataclass(frozen=True, slots=True)
class CueRule:
    category: str
    pattern: re.Pattern[str]
    suggestion: str | None
    must_flag: tuple[str, ...]
    must_pass: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Modifier:
    kind: str
    pattern: re.Pattern[str]
    must_flag: tuple[str, ...]
    must_pass: tuple[str, ...]


class Hit(NamedTuple):
    """One lexicon match: [start, end) code points into the searched text (a tuple: made in bulk, cheaply)."""

    start: int
    end: int
    kind: str
    rule: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: int
    messages: dict[str, str]
    cues: tuple[CueRule, ...]
    modifiers: tuple[Modifier, ...]
    index: PrefixIndex

    def hits(self, text: str) -> Iterator[Hit]:
        """Every cue and modifier match in `text`, in one pass.

        `kind` is the cue's category or the modifier's kind; `rule` indexes
        `cues` when below len(cues), else `modifiers` (minus len(cues)).
        """
        return iter(self.hit_list(text))

    def hit_list(self, text: str) -> list[Hit]:
        """`hits`, as a list."""
        return self.lowered_hit_list(lower_same_length(text))

    def lowered_hit_list(self, lowered: str) -> list[Hit]:
        """`hit_list` of a text given as `lower_same_length(text)` (the same offsets), for callers that
        read the lowered text too (Hits made by `tuple.__new__`, as Hit(...) does, without its Python-level call)."""
        kinds = [c.category for c in self.cues] + [m.kind for m in self.modifiers]
        new = tuple.__new__
        return [new(Hit, (start, end, kinds[rule], rule)) for rule, start, end in self.index.matches(lowered)]

    def cue_hits(self, text: str) -> list[Hit]:
        cues = len(self.cues)
        return [h for h in self.hit_list(text) if h.rule < cues]

    def split_cue_hits(self, texts: Sequence[str], hits: Iterable[Hit]) -> list[list[Hit]]:
        """Cue hits on SEPARATOR.join(texts), given back per text with offsets into it."""
        starts = joined_starts(texts)
        out: list[list[Hit]] = [[] for _ in texts]
        cues, new = len(self.cues), tuple.__new__
        for start, end, kind, rule in hits:
            if rule < cues:
                i = bisect_right(starts, start) - 1
                out[i].append(new(Hit, (start - starts[i], end - starts[i], kind, rule)))  # as Hit(...) makes it
        return out


def joined_starts(texts: Sequence[str]) -> list[int]:
    """Where each text starts in SEPARATOR.join(texts)."""
    if not texts:
        return []
    gap = len(SEPARATOR)
    return [length + gap * i for i, length in enumerate(accumulate(map(len, texts[:-1]), initial=0))]


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{where}: invalid pattern: {exc}") from exc
    if compiled.groups:
        raise ValueError(f"{where}: use (?:...) instead of capture groups")
    if re.search(r"(?<!\\)[A-Z]", re.sub(r"\\[A-Za-z]", "", pattern)):
        raise ValueError(f"{where}: patterns match lower-cased text; write them in lower case")
    return compiled


def _cue_rule(raw: dict, where: str) -> CueRule:
    category = raw.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"{where}: category {category!r} is not one of {CATEGORIES}")
    return CueRule(
        category=category,
        pattern=_compile(raw["pattern"], where),
        suggestion=raw.get("suggestion"),
        must_flag=tuple(raw.get("must_flag", ())),
        must_pass=tuple(raw.get("must_pass", ())),
    )


def _modifier(raw: dict, where: str) -> Modifier:
    if raw.get("kind") not in MODIFIER_KINDS:
        raise ValueError(f"{where}: kind {raw.get('kind')!r} is not one of {MODIFIER_KINDS}")
    return Modifier(
        kind=raw["kind"],
        pattern=_compile(raw["pattern"], where),
        must_flag=tuple(raw.get("must_flag", ())),
        must_pass=tuple(raw.get("must_pass", ())),
    )


def load_lexicon(path: Path = DEFAULT_PATH) -> Lexicon:
    """Parse and compile the lexicon, raising ValueError that names the bad entry."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [c for c in CATEGORIES if c not in raw.get("messages", {})]
    if missing:
        raise ValueError(f"{path}: [messages] lacks {missing}")
    cues = tuple(_cue_rule(r, f"{path}: cue {i + 1}") for i, r in enumerate(raw.get("cue", [])))
    mods = tuple(_modifier(r, f"{path}: modifier {i + 1}") for i, r in enumerate(raw.get("modifier", [])))
    return Lexicon(
        version=int(raw.get("version", 1)),
        messages=dict(raw["messages"]),
        cues=cues,
        modifiers=mods,
        index=PrefixIndex([r.pattern for r in (*cues, *mods)]),
    )
