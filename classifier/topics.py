"""Masking topic words (conditions, substances) in the word n-grams.

`topic_tokens` is the word vectorizer's tokenizer: it splits the (already
lower-cased) sentence into words and turns every word or phrase listed in
classifier/data/topics.toml into a placeholder, so the model learns how a
sentence speaks ("cures xcondition"), not what it is about ("anxiety").
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import ahocorasick

TOPICS_PATH = Path(__file__).parent / "data" / "topics.toml"
TOKEN_PATTERN = r"(?u)\b\w[\w'’]*\b"
# TOKEN_PATTERN without its leading \b, which changes no match, span or
# fullmatch (a test checks it): a match ends at a word character followed by
# a non-word one, and one starting at any word character succeeds, so no
# search resumes inside a word. Without it `re` tries less at each position
# of the text (a fifth faster).
WORD_PATTERN = r"\w[\w'’]*\b"
TOKEN = re.compile(WORD_PATTERN)
KINDS = ("condition", "substance")
CONCESSIVE = re.compile(
    r"^\W*(?:while|whilst|although|though|even though|even if|despite|granted|admittedly|sure)\b[^,;:.!?]{0,160}[,;]"
)
PHRASE = "\x00"  # marks phrase keys in the word table, which no token can equal
SPACES = re.compile(r"\s+")
# In a token stream, BREAK follows each sentence's tokens; no token can equal it.
BREAK = "\x00"
STREAM_TOKEN = re.compile(rf"{BREAK}|{WORD_PATTERN}")
JOIN = f"\n{BREAK}\n"
# A list item's marker at the start of a sentence: "3. ", "12) ", "(4) ", "- ", "• ".
LIST_MARKER = re.compile(r"\s*(?:\(?\d{1,3}[.)]|[-–—•*·▪►✓✔])\s+")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Single words (with plural forms) to placeholders, and one regex for the phrases."""
    raw = tomllib.loads(TOPICS_PATH.read_text(encoding="utf-8"))
    words: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for kind in KINDS:
        for entry in raw[kind]:
            token_count = len(TOKEN.findall(entry))
            target = words if token_count == 1 and TOKEN.fullmatch(entry) else phrases
            for form in (entry, entry + "s", entry + "es"):
                target[form] = f"x{kind}"
    if not phrases:
        return words, None
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternation})\b")
    return {**words, **{PHRASE + k: v for k, v in phrases.items()}}, pattern


@lru_cache(maxsize=1)
def _phrase_starts() -> ahocorasick.Automaton:
    """The first word of every phrase: a sentence holding none of them needs no phrase search."""
    automaton = ahocorasick.Automaton()
    for key in _tables()[0]:
        if key.startswith(PHRASE):
            first = key[len(PHRASE) :].split(" ")[0]
            automaton.add_word(first, first)
    automaton.make_automaton()
    return automaton


def _may_hold_phrase(text: str) -> bool:
    automaton = _phrase_starts()
    return len(automaton) > 0 and next(automaton.iter(text), None) is not None


def _phrases_replaced(text: str) -> str:
    """`text` with each listed phrase replaced by its placeholder, set apart by spaces.

    What `phrases.sub` gives, but the phrase pattern is only tried where the
    first word of some phrase starts (a match can start nowhere else).
    """
    words, phrases = _tables()
    if phrases is None or not _may_hold_phrase(text):
        return text
    pieces, done = [], 0
    for pos in sorted({end - len(first) + 1 for end, first in _phrase_starts().iter(text)}):
        found = phrases.match(text, pos) if pos >= done else None
        if found is not None:
            pieces += [text[done:pos], f" {words[PHRASE + SPACES.sub(' ', found.group())]} "]
            done = found.end()
    return "".join(pieces) + text[done:] if pieces else text


def _masked(text: str, token: re.Pattern[str] = TOKEN) -> list[str]:
    tokens = token.findall(text)
    words = _tables()[0]
    return list(map(words.get, tokens, tokens))  # each token, or its placeholder


def topic_tokens(text: str) -> list[str]:
    """Words of a lower-cased sentence, listed topics replaced by their placeholder.

    Words of an opening concessive clause ("while it may be debated, ...")
    are marked `sub_`: a hedge there does not soften the main clause's claim,
    so it must not share a weight with a hedge in the main clause.
    """
    opening = CONCESSIVE.match(text)
    if opening is None:
        return _masked(_phrases_replaced(text))
    return [f"sub_{t}" for t in _masked(_phrases_replaced(opening.group()))] + _masked(_phrases_replaced(text[opening.end() :]))


def without_list_marker(text: str) -> str:
    """`text` without the marker of a list item it opens with ("3. It reverses hair loss")."""
    marker = LIST_MARKER.match(text)
    return text[marker.end() :] if marker else text


def item_tokens(text: str) -> list[str]:
    """`topic_tokens` of the sentence without its list marker.

    The number of a numbered list item is layout, not a figure the sentence
    reports, so it must not share the weight of the numbers in "a 2021 trial
    of 40 adults", which mark careful, specific writing.
    """
    return topic_tokens(without_list_marker(text))


def topic_words() -> dict[str, str]:
    """Each listed single word (with its plural forms) and its placeholder: what masking replaces a token with."""
    return {k: v for k, v in _tables()[0].items() if not k.startswith(PHRASE)}


def topic_token_stream(texts: Sequence[str], list_markers: bool = True, masked: bool = True) -> list[str]:
    """The tokens of many lower-cased sentences, each sentence's followed by BREAK.

    Equal to `[*topic_tokens(t), BREAK for t in texts]` flattened (with
    `list_markers=False`, `item_tokens`), but the sentences without an opening
    concessive clause are split and masked in one pass over their joined text,
    once each has had its phrases replaced. With `masked=False` those
    sentences' single topic words are left as they are (phrases are still
    replaced): a caller that maps every token through a table anyway maps
    them to their placeholders' entries itself (`topic_words`), one lookup
    instead of two.
    """
    if not list_markers:
        texts = [without_list_marker(t) for t in texts]
    if any(BREAK in t for t in texts):
        return [token for t in texts for token in (*topic_tokens(t), BREAK)]
    stream: list[str] = []
    run: list[str] = []
    for text in texts:
        if CONCESSIVE.match(text) is None:
            run.append(text)
            continue
        stream += _run_tokens(run, masked)
        stream += [*topic_tokens(text), BREAK]
        run = []
    return stream + _run_tokens(run, masked)


def _run_tokens(run: list[str], masked: bool = True) -> list[str]:
    """The stream of sentences without an opening concessive clause. Phrases are replaced over
    their joined text at once: no phrase can match across the separator (`\\s+` and `\\b` fail on
    its NUL, which also ends a word as the end of a sentence does), so each sentence's part is
    what `_phrases_replaced` makes of it alone (tests/test_topics.py checks it)."""
    if not run:
        return []
    joined = _phrases_replaced(JOIN.join(run) + JOIN)
    return _masked(joined, STREAM_TOKEN) if masked else STREAM_TOKEN.findall(joined)
