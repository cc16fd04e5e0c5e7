import { test } from "node:test";
import assert from "node:assert/strict";
import { flatten, piecesOf, firstSpanAfter, BLOCK_SEPARATOR } from "../../src/shared/textmap.js";

const segments = [
  { text: "Title", breakBefore: true },
  { text: "Coffee ", breakBefore: true },
  { text: "cures", breakBefore: false },
  { text: " everything.", breakBefore: false },
];

test("flatten joins blocks with a separator and inline segments directly", () => {
  const { text, spans } = flatten(segments);
  assert.equal(text, `Title${BLOCK_SEPARATOR}Coffee cures everything.`);
  for (const span of spans) assert.equal(text.slice(span.start, span.end), segments[span.index].text);
});

test("no separator before the first segment", () => {
  assert.equal(flatten([{ text: "a", breakBefore: true }]).text, "a");
});

test("piecesOf splits a range across segments and leaves separators out", () => {
  const { text, spans } = flatten(segments);
  const start = 0;
  const end = text.indexOf("cures") + 2;
  assert.deepEqual(piecesOf(spans, start, end), [
    { segment: 0, from: 0, to: 5 },
    { segment: 1, from: 0, to: 7 },
    { segment: 2, from: 0, to: 2 },
  ]);
});

test("piecesOf of a range inside one segment", () => {
  const { text, spans } = flatten(segments);
  const at = text.indexOf("every");
  assert.deepEqual(piecesOf(spans, at, at + 5), [{ segment: 3, from: 1, to: 6 }]);
});

test("piecesOf adds each segment's node offset (a selection that starts mid-node)", () => {
  const { spans } = flatten([{ text: "cures all", nodeOffset: 10, breakBefore: false }]);
  assert.deepEqual(piecesOf(spans, 0, 5), [{ segment: 0, from: 10, to: 15 }]);
});

test("firstSpanAfter finds the span holding an offset", () => {
  const { spans } = flatten(segments);
  assert.equal(firstSpanAfter(spans, 0), 0);
  assert.equal(firstSpanAfter(spans, 5), 1);
  assert.equal(firstSpanAfter(spans, 1000), spans.length);
});
