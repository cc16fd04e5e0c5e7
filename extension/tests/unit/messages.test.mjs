import { test } from "node:test";
import assert from "node:assert/strict";
import { validateMessage, senderKind, CHECK_TAB, FEEDBACK, HIGHLIGHT, SCROLL_TO } from "../../src/shared/messages.js";

const ID = "abcdefghijklmnopabcdefghijklmnop";
const popup = { id: ID, url: `chrome-extension://${ID}/popup/popup.html` };
const popupInTab = { ...popup, tab: { id: 3 } };
const worker = { id: ID, url: `chrome-extension://${ID}/background.js` };
const firefoxWorker = { id: ID, url: "moz-extension://1234-uuid/_generated_background_page.html" };
const content = { id: ID, url: "https://example.org/a", tab: { id: 7, url: "https://example.org/a" } };
const stranger = { id: "someoneelse", url: `chrome-extension://someoneelse/x.html` };

test("senders are told apart by URL first, tab second", () => {
  assert.equal(senderKind(popup, ID), "page");
  assert.equal(senderKind(popupInTab, ID), "page");
  assert.equal(senderKind(worker, ID), "worker");
  assert.equal(senderKind(firefoxWorker, ID), "worker");
  assert.equal(senderKind({ id: ID }, ID), "worker");
  assert.equal(senderKind(content, ID), "content");
  assert.equal(senderKind(stranger, ID), null);
  assert.equal(senderKind(undefined, ID), null);
});

test("check-tab from the popup is valid", () => {
  assert.deepEqual(validateMessage({ type: CHECK_TAB, tabId: 4 }, popup, ID), { ok: true });
  assert.deepEqual(validateMessage({ type: CHECK_TAB, tabId: 4, scope: "selection" }, popup, ID), { ok: true });
});

test("check-tab from a content script or another extension is refused", () => {
  assert.equal(validateMessage({ type: CHECK_TAB, tabId: 4 }, content, ID).ok, false);
  assert.equal(validateMessage({ type: CHECK_TAB, tabId: 4 }, stranger, ID).ok, false);
});

test("wrong shapes are refused with a reason", () => {
  const cases = [
    null, "overclaim:check-tab", [], {}, { type: "overclaim:nope" },
    { type: CHECK_TAB }, { type: CHECK_TAB, tabId: -1 }, { type: CHECK_TAB, tabId: "4" },
    { type: CHECK_TAB, tabId: 4, scope: "everything" }, { type: CHECK_TAB, tabId: 4, url: "https://evil.example" },
  ];
  for (const message of cases) {
    const result = validateMessage(message, popup, ID);
    assert.equal(result.ok, false, JSON.stringify(message));
    assert.equal(typeof result.error, "string");
  }
});

test("feedback comes only from a content script, with a sentence and known categories", () => {
  const ok = { type: FEEDBACK, text: "Tea cures cancer.", categories: ["causal"] };
  assert.deepEqual(validateMessage(ok, content, ID), { ok: true });
  assert.equal(validateMessage(ok, popup, ID).ok, false);
  assert.equal(validateMessage({ ...ok, categories: ["made_up"] }, content, ID).ok, false);
  assert.equal(validateMessage({ ...ok, text: "  " }, content, ID).ok, false);
  assert.equal(validateMessage({ ...ok, text: "x".repeat(5001) }, content, ID).ok, false);
  assert.equal(validateMessage({ ...ok, url: "http://169.254.169.254/" }, content, ID).ok, false);
});

test("highlight comes only from the worker; scroll-to also from the popup", () => {
  assert.equal(validateMessage({ type: HIGHLIGHT, matches: [] }, worker, ID).ok, true);
  assert.equal(validateMessage({ type: HIGHLIGHT, matches: [] }, popup, ID).ok, false);
  assert.equal(validateMessage({ type: SCROLL_TO, index: 2 }, popup, ID).ok, true);
  assert.equal(validateMessage({ type: SCROLL_TO, index: 2 }, content, ID).ok, false);
});
