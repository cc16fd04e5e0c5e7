// Message types as named constants, and the one validator every receiver runs.
// Pure: no chrome/browser API here, so Node's test runner can test it.

export const CHECK_TAB = "overclaim:check-tab";
export const GET_TAB_STATE = "overclaim:get-tab-state";
export const FEEDBACK = "overclaim:feedback";
export const COLLECT = "overclaim:collect";
export const HIGHLIGHT = "overclaim:highlight";
export const CLEAR = "overclaim:clear";
export const SCROLL_TO = "overclaim:scroll-to";

export const CATEGORIES = Object.freeze(["vague_authority", "certainty", "causal", "hype", "generalization"]);
export const SCOPES = Object.freeze(["page", "selection"]);
const MAX_FEEDBACK_CHARS = 5000;

const isTabId = (v) => Number.isInteger(v) && v >= 0;
const isIndex = (v) => Number.isInteger(v) && v >= 0;
const isScope = (v) => v === undefined || SCOPES.includes(v);
const isSentence = (v) => typeof v === "string" && v.trim().length > 0 && v.length <= MAX_FEEDBACK_CHARS;
const isCategories = (v) => Array.isArray(v) && v.length <= CATEGORIES.length && v.every((c) => CATEGORIES.includes(c));
const isArray = (v) => Array.isArray(v);

// For each type: who may send it and the fields it must (and may only) carry.
// "page": an extension page (popup, options); "content": our content script in a tab;
// "worker": the service worker (seen by content scripts as an extension sender without a tab).
const SCHEMAS = Object.freeze({
  [CHECK_TAB]: { from: ["page"], fields: { tabId: isTabId, scope: isScope } },
  [GET_TAB_STATE]: { from: ["page"], fields: { tabId: isTabId } },
  [FEEDBACK]: { from: ["content"], fields: { text: isSentence, categories: isCategories } },
  [COLLECT]: { from: ["worker"], fields: { scope: isScope } },
  [HIGHLIGHT]: { from: ["worker"], fields: { matches: isArray } },
  [CLEAR]: { from: ["worker", "page"], fields: {} },
  [SCROLL_TO]: { from: ["worker", "page"], fields: { index: isIndex } },
});

const WORKER_PATH = /^\/(background\.js|_generated_background_page\.html)$/;

/** Which kind of sender this is ("page", "worker", "content"), or null when it is not ours. */
export function senderKind(sender, extensionId) {
  if (!sender || sender.id !== extensionId) return null;
  const url = parseUrl(sender.url);
  if (url && /^(chrome|moz)-extension:$/.test(url.protocol)) {
    return WORKER_PATH.test(url.pathname) ? "worker" : "page";
  }
  if (sender.tab) return "content";
  return url ? null : "worker";
}

function parseUrl(value) {
  try {
    return typeof value === "string" ? new URL(value) : null;
  } catch {
    return null;
  }
}

/** {ok: true} or {ok: false, error} for a message received from `sender`. */
export function validateMessage(message, sender, extensionId) {
  if (!message || typeof message !== "object" || Array.isArray(message)) return fail("the message is not an object");
  const schema = SCHEMAS[message.type];
  if (!schema) return fail(`unknown message type ${JSON.stringify(String(message.type))}`);
  const kind = senderKind(sender, extensionId);
  if (!schema.from.includes(kind)) return fail(`${message.type} may not come from ${kind ?? "outside the extension"}`);
  for (const key of Object.keys(message)) {
    if (key !== "type" && !(key in schema.fields)) return fail(`${message.type} has an unexpected field ${key}`);
  }
  for (const [key, check] of Object.entries(schema.fields)) {
    if (!check(message[key])) return fail(`${message.type} has an invalid ${key}`);
  }
  return { ok: true };
}

function fail(error) {
  return { ok: false, error };
}
