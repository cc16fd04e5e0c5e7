// Checking a tab: read its article text, score it chunk by chunk, highlight as results come.

import { getTab, hasOrigins, injectContent, loadSettings, sendToTab } from "../shared/browser.js";
import { CLEAR, COLLECT, HIGHLIGHT } from "../shared/messages.js";
import { combineDocuments, readScoreResponse } from "../shared/response.js";
import { isLoopback, originPattern } from "../shared/settings.js";
import { shiftMatch, splitText } from "../shared/chunks.js";
import { scoreText, ServerError } from "./api.js";
import { showError, showProgress, showResult } from "./state.js";

const running = new Map(); // tabId -> promise of the check in progress

async function requireServerAccess(settings) {
  if (isLoopback(settings.serverUrl) || (await hasOrigins([originPattern(settings.serverUrl)]))) return;
  throw new ServerError(`Overclaim has no access to ${settings.serverUrl}: open Options and save the server address to grant it.`);
}

const shown = (settings) => (m) => m.categories.some((c) => settings.categories.includes(c));

/** Score one chunk; its matches come back in whole-text offsets and numbered from `first`. */
async function scoreChunk(settings, chunk, first) {
  const read = readScoreResponse(await scoreText(settings, chunk.text));
  const matches = read.matches.filter(shown(settings)).map((m, i) => ({ ...shiftMatch(m, chunk.start), index: first + i }));
  return { ...read, matches };
}

async function readPage(tabId, scope) {
  await injectContent(tabId).catch((err) => {
    throw new Error(`Overclaim cannot read this page (${err?.message ?? err}). Open the popup on the page itself and click Check.`);
  });
  const page = await sendToTab(tabId, { type: COLLECT, scope });
  if (!page || typeof page.text !== "string") throw new Error(page?.error ?? "the page did not answer");
  if (!page.text.trim()) throw new Error(scope === "selection" ? "Select some text first." : "No article text found on this page.");
  return page;
}

async function run(tabId, scope) {
  const settings = await loadSettings();
  await requireServerAccess(settings);
  const tab = await getTab(tabId);
  const page = await readPage(tabId, scope);
  const chunks = splitText(page.text);
  const documents = [];
  const matches = [];
  let highlighted = 0;
  let modelVersion = "";
  for (const [i, chunk] of chunks.entries()) {
    await showProgress(tabId, i, chunks.length);
    const scored = await scoreChunk(settings, chunk, matches.length);
    documents.push(scored.document);
    matches.push(...scored.matches);
    const reply = await sendToTab(tabId, { type: HIGHLIGHT, matches: scored.matches });
    highlighted += reply?.applied ?? 0;
    modelVersion = scored.modelVersion;
  }
  return showResult(tabId, { document: combineDocuments(documents), matches, modelVersion, url: tab.url, scope: page.scope, highlighted });
}

/** Check a tab (one check per tab at a time); the popup's state for it is the result. */
export function checkTab(tabId, scope = "page") {
  if (!running.has(tabId)) {
    const job = run(tabId, scope)
      .catch((err) => showError(tabId, String(err?.message ?? err)))
      .finally(() => running.delete(tabId));
    running.set(tabId, job);
  }
  return running.get(tabId);
}

export async function clearTab(tabId) {
  await sendToTab(tabId, { type: CLEAR }).catch(() => null);
}
