// What the popup shows for a tab, and the action badge that mirrors it.

import { setBadge, writeTabState } from "../shared/browser.js";
import { countCategories } from "../shared/response.js";

export async function showProgress(tabId, done, total) {
  const text = total > 1 ? `${Math.floor((100 * done) / total)}%` : "…";
  await setBadge(tabId, text, "#6b6b6b");
  await writeTabState(tabId, { status: "checking", done, total });
}

export async function showError(tabId, message) {
  await setBadge(tabId, "!", "#b00020");
  const state = { status: "error", message };
  await writeTabState(tabId, state);
  return state;
}

/** The finished check: document summary, counts per category, the flagged sentences. */
export async function showResult(tabId, result) {
  const { document, matches, modelVersion, url, scope, highlighted } = result;
  const state = {
    status: "done", url, scope, document, modelVersion, highlighted,
    counts: countCategories(matches),
    matches: matches.map((m) => ({ index: m.index, text: m.text, score: m.score, categories: m.categories })),
  };
  await setBadge(tabId, matches.length ? String(matches.length) : "0", matches.length ? "#c2410c" : "#2e7d32");
  await writeTabState(tabId, state);
  return state;
}
