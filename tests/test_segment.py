"""Tests for classifier.segment: an example table plus invariant property tests."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.segment import ABBREVIATIONS, segment
from classifier.types import Sentence

HARD_WRAP = (
    "The results of the trial were reviewed by an independent panel of experts led by\n"
    "Professor Doe of Oxford."
)
LONG_LINE = "A " + "very " * 25 + "long caption line without any final punctuation at all"

CASES: list[tuple[str, list[str]]] = [
    # --- basics -----------------------------------------------------------
    ("", []),
    ("   \n\t  \n", []),
    ("\u3000\u00a0\u2009", []),
    ("Hello world.", ["Hello world."]),
    ("One. Two.", ["One.", "Two."]),
    ("  Leading and trailing spaces.  ", ["Leading and trailing spaces."]),
    ("Is it safe? Yes. It is!", ["Is it safe?", "Yes.", "It is!"]),
    ("Wait!? Really?! Yes.", ["Wait!?", "Really?!", "Yes."]),
    ("No terminal punctuation at all", ["No terminal punctuation at all"]),
    ("No punctuation\neven across a wrapped line", ["No punctuation\neven across a wrapped line"]),
    ("It works. then it stops.", ["It works. then it stops."]),
    ("We tested it. 25 people joined.", ["We tested it.", "25 people joined."]),
    ("Tab\tseparated. Next one.", ["Tab\tseparated.", "Next one."]),
    ("Ideographic\u3000space. Next one.", ["Ideographic\u3000space.", "Next one."]),
    ("It ends here.   ", ["It ends here."]),
    ("It costs $4.99. Cheap!", ["It costs $4.99.", "Cheap!"]),
    ("Really? he asked.", ["Really? he asked."]),
    ("Stop, please; wait. , no", ["Stop, please; wait. , no"]),
    # --- quotes and brackets ------------------------------------------------
    ('He said "it works." Then he left.', ['He said "it works."', "Then he left."]),
    ("(See the table.) Next we discuss it.", ["(See the table.)", "Next we discuss it."]),
    ("It is 'proven.' Not really.", ["It is 'proven.'", "Not really."]),
    ("She said \u201cit cures everything.\u201d Experts disagree.",
     ["She said \u201cit cures everything.\u201d", "Experts disagree."]),
    ("[Citation needed.] The claim stands.", ["[Citation needed.]", "The claim stands."]),
    ('Stop! "Why?" she asked.', ["Stop!", '"Why?" she asked.']),
    ('It works. "Really," she said.', ["It works.", '"Really," she said.']),
    ("It helps (a lot.) Then it stops.", ["It helps (a lot.)", "Then it stops."]),
    ('He said "no!" (Twice.) Then left.', ['He said "no!"', "(Twice.)", "Then left."]),
    # --- ellipses -------------------------------------------------------------
    ("Wait... Then it worked.", ["Wait...", "Then it worked."]),
    ("and then... nothing happened.", ["and then... nothing happened."]),
    ("It faded\u2026 Then it returned.", ["It faded\u2026", "Then it returned."]),
    ("It faded\u2026 and returned.", ["It faded\u2026 and returned."]),
    ("Hmm.... Okay.", ["Hmm....", "Okay."]),
    ("It was . . . strange.", ["It was . . . strange."]),
    ("It was fine...\nthen it failed.", ["It was fine...\nthen it failed."]),
    ("It was fine...\nThen it failed.", ["It was fine...", "Then it failed."]),
    # --- abbreviations -----------------------------------------------------------
    ("Dr. Smith said so. He was right.", ["Dr. Smith said so.", "He was right."]),
    ("Mr. and Mrs. Jones agreed.", ["Mr. and Mrs. Jones agreed."]),
    ("Ms. Lee and Prof. Kim wrote it.", ["Ms. Lee and Prof. Kim wrote it."]),
    ("John Smith Jr. wrote it. He agreed.", ["John Smith Jr. wrote it.", "He agreed."]),
    ("Ask Tom Smith Sr. About it.", ["Ask Tom Smith Sr. About it."]),
    ("They met on St. Patrick's Day. It rained.", ["They met on St. Patrick's Day.", "It rained."]),
    ("Diet vs. Exercise: which wins?", ["Diet vs. Exercise: which wins?"]),
    ("Fruits, vegetables, etc. Are good for you.", ["Fruits, vegetables, etc. Are good for you."]),
    ("Apples, pears, etc.\nThe next section covers grains.",
     ["Apples, pears, etc.", "The next section covers grains."]),
    ("Apples, pears, etc.\nand more fruit.", ["Apples, pears, etc.\nand more fruit."]),
    ("Take a statin, e.g. Atorvastatin.", ["Take a statin, e.g. Atorvastatin."]),
    ("Some drugs, i.e. Statins, lower LDL.", ["Some drugs, i.e. Statins, lower LDL."]),
    ("Compare cf. Table 2 for details.", ["Compare cf. Table 2 for details."]),
    ("Smith et al. Found a link.", ["Smith et al. Found a link."]),
    ("Smith et al. (2020) found a link. Others did not.",
     ["Smith et al. (2020) found a link.", "Others did not."]),
    ("It takes approx. 5 minutes.", ["It takes approx. 5 minutes."]),
    ("Built ca. 1900, it still stands.", ["Built ca. 1900, it still stands."]),
    ("See Fig. 3 for details. It shows the trend.", ["See Fig. 3 for details.", "It shows the trend."]),
    ("See Fig. S1. It shows more.", ["See Fig. S1.", "It shows more."]),
    ("Refer to No. 5 in the list.", ["Refer to No. 5 in the list."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),
    ("See Vol. 12 of the journal.", ["See Vol. 12 of the journal."]),
    ("See p. 12 and pp. 40-45.", ["See p. 12 and pp. 40-45."]),
    ("Acme Inc. Released a drug.", ["Acme Inc. Released a drug."]),
    ("Acme Ltd. And Beta Co. Merged.", ["Acme Ltd. And Beta Co. Merged."]),
    ("Big Pharma Corp. Denied it.", ["Big Pharma Corp. Denied it."]),
    ("It ran from Jan. 2020 to Dec. 2021.", ["It ran from Jan. 2020 to Dec. 2021."]),
    ("The trial ran from Sept. 3 to Oct. 9.", ["The trial ran from Sept. 3 to Oct. 9."]),
    ("Take it at 8 a.m. Every day.", ["Take it at 8 a.m. Every day."]),
    ("Take it at 8 p.m. or later.", ["Take it at 8 p.m. or later."]),
    ("It is approved in the U.S. But not in the U.K. Yet.",
     ["It is approved in the U.S. But not in the U.K. Yet."]),
    ("The U.N. And the E.U. Agreed.", ["The U.N. And the E.U. Agreed."]),
    ("It is sold in the U.S.\nThe FDA approved it.", ["It is sold in the U.S.", "The FDA approved it."]),
    ("(Made in the U.S.) The rest is imported.", ["(Made in the U.S.)", "The rest is imported."]),
    ("J. K. Smith wrote it. It sold well.", ["J. K. Smith wrote it.", "It sold well."]),
    ("Written by J. Smith and A. B. Jones.", ["Written by J. Smith and A. B. Jones."]),
    ("Most people lack vitamin D. Supplements may help.",
     ["Most people lack vitamin D.", "Supplements may help."]),
    ("It causes hepatitis C. It is curable.", ["It causes hepatitis C.", "It is curable."]),
    ("So did I. Then we left.", ["So did I.", "Then we left."]),
    ("She has a Ph.D. in chemistry.", ["She has a Ph.D. in chemistry."]),
    ("Roe v. Wade was decided in 1973.", ["Roe v. Wade was decided in 1973."]),
    ("Take 5 mg. Then wait an hour.", ["Take 5 mg.", "Then wait an hour."]),
    ("Fruit (e.g. Apples) helps.", ["Fruit (e.g. Apples) helps."]),
    ("Dr.\nSmith will see you now.", ["Dr.\nSmith will see you now."]),
    ("Ask (Dr. Who) first.", ["Ask (Dr. Who) first."]),
    ("Exposure to CO. It kills.", ["Exposure to CO.", "It kills."]),
    ("Levels of NO. These rise.", ["Levels of NO.", "These rise."]),
    ("Hold for 30 sec. Then relax.", ["Hold for 30 sec.", "Then relax."]),
    ("See Sec. 5 now.", ["See Sec. 5 now."]),
    ("He scored 5. 6 others did too.", ["He scored 5.", "6 others did too."]),
    ("1. Foo. 2. Bar.", ["1. Foo.", "2. Bar."]),
    ("It is effective.[1][2] Next one.", ["It is effective.[1][2]", "Next one."]),
    ("It is effective.\u00b9 Next one.", ["It is effective.\u00b9", "Next one."]),
    ("He was born in the U.S.A. He moved.", ["He was born in the U.S.A. He moved."]),
    # --- numbers, URLs, e-mail -----------------------------------------------------
    ("The dose is 3.5 mg. It works.", ["The dose is 3.5 mg.", "It works."]),
    ("Take 0.25 mg daily.", ["Take 0.25 mg daily."]),
    ("It was 1.5x faster. Really.", ["It was 1.5x faster.", "Really."]),
    ("Version 2.0.1 is out. Update now.", ["Version 2.0.1 is out.", "Update now."]),
    ("Section 3.2.1 explains it.", ["Section 3.2.1 explains it."]),
    ("The p-value was 0.05. That is borderline.", ["The p-value was 0.05.", "That is borderline."]),
    ("Prices rose 3.5%. Then fell.", ["Prices rose 3.5%.", "Then fell."]),
    ("It started in 2020. Then it spread.", ["It started in 2020.", "Then it spread."]),
    ("Read https://example.com/blog/ for more. Then decide.",
     ["Read https://example.com/blog/ for more.", "Then decide."]),
    ("Visit www.example.org today.", ["Visit www.example.org today."]),
    ("Visit www.example.org. Then decide.", ["Visit www.example.org.", "Then decide."]),
    ("See https://example.com/a.b?c=1&d=2. Then go.", ["See https://example.com/a.b?c=1&d=2.", "Then go."]),
    ("Email info@example.com for help. We reply fast.", ["Email info@example.com for help.", "We reply fast."]),
    ("Email j.doe@mail.example.co.uk now.", ["Email j.doe@mail.example.co.uk now."]),
    ("Most individuals\u00a0https://microdosingsupport.com/blog/\u00a0who practice it agree. Fine.",
     ["Most individuals\u00a0https://microdosingsupport.com/blog/\u00a0who practice it agree.", "Fine."]),
    ("Is https://example.com/?q=1 safe? Yes.", ["Is https://example.com/?q=1 safe?", "Yes."]),
    # --- line structure -------------------------------------------------------------
    ("Title\n\nBody text here.", ["Title", "Body text here."]),
    ("Heading\nBody starts here. More here.", ["Heading", "Body starts here.", "More here."]),
    ("First line.\nSecond line.", ["First line.", "Second line."]),
    ("A line ending here.\nand continuing lowercase", ["A line ending here.", "and continuing lowercase"]),
    (HARD_WRAP, [HARD_WRAP]),
    ("Short line\nwith lowercase continuation.", ["Short line\nwith lowercase continuation."]),
    (LONG_LINE + "\nNext paragraph.", [LONG_LINE, "Next paragraph."]),
    ("Benefits:\n- better sleep\n- more energy", ["Benefits:", "- better sleep", "- more energy"]),
    ("Steps:\n1. Take the pill\n2. Drink water\n3) Rest", ["Steps:", "1. Take the pill", "2. Drink water", "3) Rest"]),
    ("* one\n* two", ["* one", "* two"]),
    ("\u2022 Item one.\n\u2022 Item two.", ["\u2022 Item one.", "\u2022 Item two."]),
    ("(a) first\n(b) second", ["(a) first", "(b) second"]),
    ("- an item that wraps\n  onto a second line\n- next", ["- an item that wraps\n  onto a second line", "- next"]),
    ("Intro text, which runs on and on for quite a long while before it wraps\n- item", [
        "Intro text, which runs on and on for quite a long while before it wraps", "- item"]),
    ("- first item\nSome paragraph follows.", ["- first item", "Some paragraph follows."]),
    ("1. First step. It matters.\n2. Second step.", ["1. First step.", "It matters.", "2. Second step."]),
    ("Paragraph one\n\n\nParagraph two", ["Paragraph one", "Paragraph two"]),
    ("One\n  \n  Two", ["One", "Two"]),
    ("blank line\n\nends a lowercase sentence", ["blank line", "ends a lowercase sentence"]),
    ("One\r\n\r\nTwo", ["One", "Two"]),
    ("Line one.\r\nLine two.", ["Line one.", "Line two."]),
    ("Dr.\n\nSmith", ["Dr.", "Smith"]),
    ("Line ends with a colon:\nNext line here", ["Line ends with a colon:", "Next line here"]),
    ("Top PostsBreaking the Stigma: Using Microdosing as a Tool for Managing Depression\n\n"
     "Depression can be crippling.",
     ["Top PostsBreaking the Stigma: Using Microdosing as a Tool for Managing Depression",
      "Depression can be crippling."]),
    ("What is microdosing?\n\nMicrodosing involves small doses. The goal is relief.",
     ["What is microdosing?", "Microdosing involves small doses.", "The goal is relief."]),
    ("Conclusion\nMicrodosing is popular.\nLeave a Reply", ["Conclusion", "Microdosing is popular.", "Leave a Reply"]),
    # --- CJK ----------------------------------------------------------------------------
    ("你好。世界！", ["你好。", "世界！"]),
    ("これはペンです。それは本です。", ["これはペンです。", "それは本です。"]),
    ("真的吗？是的。", ["真的吗？", "是的。"]),
    ("他说：「好。」然后走了。", ["他说：「好。」", "然后走了。"]),
    ("Mixed English. 中文句子。More English.", ["Mixed English.", "中文句子。", "More English."]),
    ("中文。 English follows.", ["中文。", "English follows."]),
    ("没有标点的中文", ["没有标点的中文"]),
    ("你好! 世界.", ["你好!", "世界."]),
    # --- emoji and combining marks -------------------------------------------------------
    ("\U0001F44D Great result. Next step.", ["\U0001F44D Great result.", "Next step."]),
    ("Great \U0001F44D\U0001F3FD result. Next.", ["Great \U0001F44D\U0001F3FD result.", "Next."]),
    ("Done! \U0001F389 Next step.", ["Done!", "\U0001F389 Next step."]),
    ("Done!\U0001F389 Next step.", ["Done!\U0001F389", "Next step."]),
    ("Family \U0001F468\u200d\U0001F469\u200d\U0001F467 time. Flags \U0001F1FA\U0001F1F8\U0001F1EC\U0001F1E7 too.",
     ["Family \U0001F468\u200d\U0001F469\u200d\U0001F467 time.", "Flags \U0001F1FA\U0001F1F8\U0001F1EC\U0001F1E7 too."]),
    ("Cafe\u0301 is open. Come in.", ["Cafe\u0301 is open.", "Come in."]),
    ("Cre\u0300me bru\u0302le\u0301e. Yum.", ["Cre\u0300me bru\u0302le\u0301e.", "Yum."]),
    ("End with emoji \U0001F600", ["End with emoji \U0001F600"]),
    ("Text. \U0001F600", ["Text.", "\U0001F600"]),
    ("Keycap 1\ufe0f\u20e3. Next.", ["Keycap 1\ufe0f\u20e3.", "Next."]),
    ("It \u2764\ufe0f works.\n\U0001F525 Hot take", ["It \u2764\ufe0f works.", "\U0001F525 Hot take"]),
    ("e\u0301. A\u0308.", ["e\u0301.", "A\u0308."]),
    # --- RTL, zero-width, control characters -------------------------------------------------
    ("\u05e9\u05dc\u05d5\u05dd. \u05e2\u05d5\u05dc\u05dd.", ["\u05e9\u05dc\u05d5\u05dd.", "\u05e2\u05d5\u05dc\u05dd."]),
    ("\u0645\u0631\u062d\u0628\u0627. \u0643\u064a\u0641\u061f \u0628\u062e\u064a\u0631.",
     ["\u0645\u0631\u062d\u0628\u0627.", "\u0643\u064a\u0641\u061f", "\u0628\u062e\u064a\u0631."]),
    ("\u200fRTL mark. Next.", ["\u200fRTL mark.", "Next."]),
    ("Marked.\u200f Next.", ["Marked.\u200f", "Next."]),
    ("A\x00B. C.", ["A\x00B.", "C."]),
    ("\x00", ["\x00"]),
    ("Zero\u200bwidth. Next.", ["Zero\u200bwidth.", "Next."]),
    ("\ufeffBOM first. Then text.", ["\ufeffBOM first.", "Then text."]),
]


def check_invariants(text: str, sentences: list[Sentence]) -> None:
    """Offsets, order, trimming and exact coverage of non-blank characters."""
    covered = [0] * len(text)
    prev_end = 0
    for s in sentences:
        assert isinstance(s, Sentence)
        assert prev_end <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        for i in range(s.start, s.end):
            covered[i] += 1
        prev_end = s.end
    for i, ch in enumerate(text):
        assert covered[i] <= 1, (i, ch)
        assert ch.isspace() or covered[i] == 1, (i, ch)


def test_table_is_large() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_segment_table(text: str, expected: list[str]) -> None:
    result = segment(text)
    assert [s.text for s in result] == expected
    check_invariants(text, result)


def test_offsets_unaffected_by_emoji_and_combining() -> None:
    text = "\U0001F44D\U0001F3FD Ok. E\u0301 \U0001F1FA\U0001F1F8 Next."
    result = segment(text)
    assert [(s.start, s.end) for s in result] == [(0, 6), (7, len(text))]


def test_abbreviations_are_data() -> None:
    assert isinstance(ABBREVIATIONS, frozenset)
    assert {"dr", "e.g", "etc", "al", "no"} <= ABBREVIATIONS
    assert "mg" not in ABBREVIATIONS


SEEDS = Path("/work/shared/seeds")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")
@pytest.mark.parametrize("name", ["004_981d2e197560788a.txt", "000_7c5ad57e5cb1e0f1.txt"])
def test_seed_articles(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    result = segment(text)
    check_invariants(text, result)
    texts = [s.text for s in result]
    assert "Conclusion" in texts
    assert all("\n" not in t for t in texts)
    assert not any(t.startswith("who practice") for t in texts)


FRAGMENTS = [
    " ", "  ", "\n", "\n\n", "\n \n", "\r\n", "\t", "\u00a0", "\u3000", ".", ". ", "!", "?", "?!", "...",
    "\u2026", "\u3002", "\uff01", "\uff1f", '"', "\u201d", ")", "(", "[", "]", "Dr.", "etc.", "e.g.",
    "U.S.", "J.", "No.", "1.", "2)", "- ", "* ", "\u2022 ", "3.5", "https://example.com/a.b/", "a@b.co",
    "word", "Word", "The", "the", "vitamin", "D", "I", "\U0001F44D\U0001F3FD", "\U0001F1FA\U0001F1F8",
    "\U0001F468\u200d\U0001F469", "e\u0301", "\u4e2d\u6587", "\u200f", "\u200e", "\u200b", "\x00",
    "\u05e9\u05dc", "\u061f", "\ufeff", "\u0301",
]
fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=200), fragment_text, st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_invariants_property(text: str) -> None:
    check_invariants(text, segment(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Zs", "Zl", "Zp", "Cc", "Cs"]), min_size=1, max_size=80))
def test_no_terminal_punctuation_is_one_sentence(text: str) -> None:
    text = "".join(ch for ch in text if ch not in ".!?\u2026\u203c\u2049\u2047\u2048\u061f\u0964\u3002\uff01\uff1f\uff61")
    result = segment(text)
    if text.strip():
        assert [s.text for s in result] == [text.strip()]
    else:
        assert result == []
