import { test } from "node:test";
import assert from "node:assert/strict";
import { splitText, shiftMatch, jsonBytes, cutPoint } from "../../src/shared/chunks.js";

const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} says that tea 🍵 helps. It may help a bit.`);
const text = paragraphs.join("\n\n");

function assertCovers(chunks, whole) {
  for (const chunk of chunks) assert.equal(whole.slice(chunk.start, chunk.start + chunk.text.length), chunk.text);
  assert.equal(chunks.map((c) => c.text).join(""), whole);
}

test("short text is one chunk", () => {
  assert.deepEqual(splitText("One sentence."), [{ start: 0, text: "One sentence." }]);
});

test("long text splits at paragraph boundaries within the char limit", () => {
  const chunks = splitText(text, { maxChars: 300, maxBytes: 1e6 });
  assert.ok(chunks.length > 5);
  assertCovers(chunks, text);
  for (const c of chunks) {
    assert.ok(c.text.length <= 300);
    assert.ok(c.text.endsWith("\n\n") || c.start + c.text.length === text.length);
  }
});

test("the byte limit counts UTF-8 JSON bytes", () => {
  const heavy = "ü".repeat(50) + ". " + "é".repeat(50);
  const chunks = splitText(heavy, { maxChars: 1000, maxBytes: 120 });
  assertCovers(chunks, heavy);
  for (const c of chunks) assert.ok(jsonBytes(c.text) <= 120);
});

test("a paragraph with no blank line splits at a sentence end", () => {
  const long = "First claim here. Second claim here. Third claim here.";
  assert.equal(cutPoint(long, 0, 40), "First claim here. Second claim here. ".length);
});

test("a hard cut never splits a surrogate pair", () => {
  const emoji = "🧪".repeat(20);
  const chunks = splitText(emoji, { maxChars: 7, maxBytes: 1e6 });
  assertCovers(chunks, emoji);
  for (const c of chunks) assert.equal(c.text, [...c.text].join(""));
  for (const c of chunks) assert.ok(!/[\ud800-\udbff]$/.test(c.text));
});

test("shiftMatch moves a match and its cues to whole-text offsets", () => {
  const m = { start: 2, end: 9, cues: [{ start: 3, end: 5, category: "hype" }] };
  assert.deepEqual(shiftMatch(m, 100), { start: 102, end: 109, cues: [{ start: 103, end: 105, category: "hype" }] });
  assert.equal(m.start, 2, "the original is left alone");
});
