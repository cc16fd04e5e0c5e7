import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeSettings, DEFAULTS, serverOrigin, isLoopback, originPattern } from "../../src/shared/settings.js";
import { readScoreResponse, combineDocuments, countCategories } from "../../src/shared/response.js";

test("defaults when nothing is stored; the server is loopback port 8000", () => {
  const s = normalizeSettings(undefined);
  assert.equal(s.serverUrl, "http://127.0.0.1:8000");
  assert.deepEqual(s.categories, [...DEFAULTS.categories]);
  assert.equal(s.threshold, null);
});

test("malformed stored values fall back to defaults", () => {
  const s = normalizeSettings({ serverUrl: "javascript:alert(1)", threshold: 2, categories: ["hype", "nope"], autoSites: ["x"], timeoutMs: 5 });
  assert.equal(s.serverUrl, DEFAULTS.serverUrl);
  assert.equal(s.threshold, null);
  assert.deepEqual(s.categories, ["hype"]);
  assert.deepEqual(s.autoSites, []);
  assert.equal(s.timeoutMs, DEFAULTS.timeoutMs);
});

test("server URLs are reduced to their origin; credentials refused", () => {
  assert.equal(serverOrigin("http://127.0.0.1:9123/some/path"), "http://127.0.0.1:9123");
  assert.equal(serverOrigin("https://user:pw@example.org"), null);
  assert.equal(serverOrigin("file:///etc/passwd"), null);
  assert.ok(isLoopback("http://localhost:1"));
  assert.ok(!isLoopback("https://overclaim.example.org"));
  assert.equal(originPattern("https://overclaim.example.org:8443"), "https://overclaim.example.org/*");
});

const match = { start: 0, end: 5, text: "Tea c", score: 0.9, categories: ["causal"], cues: [{ start: 1, end: 2, text: "e", category: "causal" }], message: "m", suggestion: null, extra: "<b>" };
const body = { offset_encoding: "utf16", model: { version: "v1" }, document: { score: 0.8, label: "overclaiming", sentences: 4, flagged: 1 }, matches: [match] };

test("a valid score response is read, keeping only known fields", () => {
  const read = readScoreResponse(body);
  assert.equal(read.modelVersion, "v1");
  assert.equal(read.matches[0].extra, undefined);
  assert.equal(read.matches[0].cues[0].category, "causal");
});

test("malformed score responses are refused", () => {
  assert.throws(() => readScoreResponse({ ...body, offset_encoding: "codepoint" }));
  assert.throws(() => readScoreResponse({ ...body, document: null }));
  assert.throws(() => readScoreResponse({ ...body, matches: [{ ...match, start: "0" }] }));
  assert.throws(() => readScoreResponse({ ...body, matches: [{ ...match, message: 3 }] }));
});

test("chunk documents combine weighted by sentences", () => {
  const doc = combineDocuments([{ score: 1, label: "overclaiming", sentences: 1, flagged: 1 }, { score: 0, label: "ok", sentences: 3, flagged: 0 }]);
  assert.deepEqual(doc, { score: 0.25, label: "overclaiming", sentences: 4, flagged: 1 });
  assert.deepEqual(countCategories([{ categories: ["hype", "causal"] }, { categories: ["hype"] }]), { hype: 2, causal: 1 });
});
