import { test } from "node:test";
import assert from "node:assert/strict";
import { flatten } from "../../src/shared/textmap.js";
import { planHighlights, validMatches, validCues } from "../../src/shared/ranges.js";

// A page where an emoji (two UTF-16 code units each) comes before the flagged sentence,
// and the sentence crosses <b> and <a> markup: segments are the text nodes.
const segments = [
  { text: "Lab notes 🧪🔬 from 𝒜 team.", breakBefore: true },
  { text: "Studies prove that ", breakBefore: true },
  { text: "green tea", breakBefore: false },
  { text: " cures ", breakBefore: false },
  { text: "cancer", breakBefore: false },
  { text: ". Others disagree.", breakBefore: false },
];
const { text, spans } = flatten(segments);
const sentence = "Studies prove that green tea cures cancer.";

function matchFor(sentenceText, cueText, category) {
  const start = text.indexOf(sentenceText);
  const cueStart = text.indexOf(cueText, start);
  return {
    start, end: start + sentenceText.length, text: sentenceText, score: 0.9, categories: [category],
    cues: [{ start: cueStart, end: cueStart + cueText.length, text: cueText, category }], message: "m", suggestion: null,
  };
}

function highlighted(plan) {
  return plan.map((p) => p.pieces.map((piece) => segments[piece.segment].text.slice(piece.from, piece.to)).join(""));
}

test("UTF-16 offsets after emoji and astral letters map to the right node text", () => {
  const match = matchFor(sentence, "cures", "causal");
  assert.equal(match.start, text.indexOf("Studies"));
  assert.ok(match.start > [..."Lab notes 🧪🔬 from 𝒜 team."].length, "UTF-16 offsets run ahead of code points here");
  const { plan, ignored } = planHighlights(spans, text, [match]);
  assert.equal(ignored, 0);
  assert.deepEqual(highlighted(plan), [sentence]);
  assert.deepEqual(plan[0].pieces.map((p) => p.segment), [1, 2, 3, 4, 5]);
});

test("cues land inside their node's piece", () => {
  const { plan } = planHighlights(spans, text, [matchFor(sentence, "cures", "causal")]);
  const withCue = plan[0].pieces.find((p) => p.cues.length);
  assert.equal(withCue.segment, 3);
  assert.deepEqual(withCue.cues, [{ from: 1, to: 6, category: "causal" }]);
});

test("a cue crossing markup is split per text node", () => {
  const { plan } = planHighlights(spans, text, [matchFor(sentence, "tea cures", "causal")]);
  const cues = plan[0].pieces.flatMap((p) => p.cues.map((c) => segments[p.segment].text.slice(c.from, c.to)));
  assert.deepEqual(cues, ["tea", " cures"]);
});

test("code-point offsets (off by the astral characters) are refused by the text check", () => {
  const match = matchFor(sentence, "cures", "causal");
  const shifted = { ...match, start: match.start - 3, end: match.end - 3 };
  assert.equal(planHighlights(spans, text, [shifted]).plan.length, 0);
});

test("out of range, reversed, empty and non-integer offsets are ignored", () => {
  const bad = [
    { start: -1, end: 4 }, { start: 5, end: text.length + 1 }, { start: 9, end: 3 },
    { start: 4, end: 4 }, { start: 1.5, end: 7 }, { start: "0", end: 7 }, null,
  ];
  const { kept, ignored } = validMatches(bad, text);
  assert.equal(kept.length, 0);
  assert.equal(ignored, bad.length);
});

test("an overlapping match is ignored, the first one kept", () => {
  const a = { start: 0, end: 10 };
  const b = { start: 5, end: 15 };
  const c = { start: 10, end: 12 };
  assert.deepEqual(validMatches([b, a, c], text).kept.map((m) => m.start), [0, 10]);
});

test("cues outside their match or overlapping are dropped, the match kept", () => {
  const match = { start: 10, end: 30, cues: [{ start: 5, end: 12 }, { start: 12, end: 16 }, { start: 14, end: 18 }, { start: 20, end: 31 }] };
  assert.deepEqual(validCues(match).map((c) => [c.start, c.end]), [[12, 16]]);
});
