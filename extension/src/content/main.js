// The content script: reads the page and highlights it. It never talks to the network;
// it answers the service worker and sends "Not an overclaim" to it.

import { ext, extensionId, onMessage, sendToWorker } from "../shared/browser.js";
import { CLEAR, COLLECT, FEEDBACK, HIGHLIGHT, SCROLL_TO, validateMessage } from "../shared/messages.js";
import { flatten } from "../shared/textmap.js";
import { planHighlights } from "../shared/ranges.js";
import { articleRoot, collect, selectionScope } from "./collect.js";
import { Fragments, MATCH_SELECTOR, removeHighlights, wrapPiece } from "./highlight.js";
import { hideTooltip, placeTooltip, renderTooltip, tooltipHost } from "./tooltip.js";

const BATCH = 20; // matches wrapped per task, so a long page never freezes
let page = null; // {text, spans, fragments, matches: Map<index, match>}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

function read(scope) {
  removeHighlights(document);
  const chosen = scope === "selection" ? selectionScope(document) : null;
  const { nodes, segments } = chosen ? collect(chosen.root, chosen.range) : collect(articleRoot(document));
  const { text, spans } = flatten(segments);
  page = { text, spans, fragments: new Fragments(nodes), matches: new Map() };
  return { text, scope: chosen ? "selection" : "page" };
}

async function highlight(matches) {
  if (!page) return { applied: 0, ignored: matches.length };
  const { plan, ignored } = planHighlights(page.spans, page.text, matches);
  let applied = 0;
  for (let i = 0; i < plan.length; i += BATCH) {
    for (const { match, pieces } of plan.slice(i, i + BATCH)) {
      page.matches.set(match.index, match);
      const wrapped = pieces.filter((piece) => wrapPiece(page.fragments, piece, match.index)).length;
      if (wrapped > 0) applied += 1;
    }
    await nextTask();
  }
  return { applied, ignored };
}

function scrollTo(index) {
  const mark = document.querySelector(`${MATCH_SELECTOR}[data-overclaim-index="${index}"]`);
  if (!mark) return { found: false };
  mark.scrollIntoView({ block: "center", behavior: "smooth" });
  mark.classList.add("overclaim-flash");
  setTimeout(() => mark.classList.remove("overclaim-flash"), 1500);
  return { found: true };
}

async function sendFeedback(match, button, status) {
  button.disabled = true;
  status.className = "status";
  status.textContent = "Sending…";
  const reply = await sendToWorker({ type: FEEDBACK, text: match.text, categories: match.categories }).catch((e) => ({ error: String(e) }));
  status.className = reply?.error ? "status error" : "status";
  status.textContent = reply?.error ? `Could not send: ${reply.error}` : "Thanks: recorded as not an overclaim.";
  button.disabled = !reply?.error;
}

function showTooltipFor(mark) {
  const match = page?.matches.get(Number(mark.getAttribute("data-overclaim-index")));
  if (!match) return;
  const host = tooltipHost(document);
  renderTooltip(host.shadowRoot, match, sendFeedback);
  placeTooltip(host, mark);
}

function onPointer(event) {
  const target = event.target instanceof Element ? event.target : null;
  const mark = target?.closest(MATCH_SELECTOR);
  if (mark) showTooltipFor(mark);
  else if (event.type === "click" && !target?.closest("[data-overclaim-tooltip]")) hideTooltip(document);
}

function clear() {
  hideTooltip(document);
  page = null;
  return { removed: removeHighlights(document) };
}

const HANDLERS = {
  [COLLECT]: (m) => read(m.scope),
  [HIGHLIGHT]: (m) => highlight(m.matches),
  [CLEAR]: () => clear(),
  [SCROLL_TO]: (m) => scrollTo(m.index),
};

export function start() {
  onMessage((message, sender) => {
    const valid = validateMessage(message, sender, extensionId());
    if (!valid.ok || !(message.type in HANDLERS)) return { error: valid.error ?? "not for the page" };
    return HANDLERS[message.type](message);
  });
  document.addEventListener("mouseover", onPointer, { passive: true });
  document.addEventListener("click", onPointer, { passive: true });
  document.addEventListener("keydown", (e) => e.key === "Escape" && hideTooltip(document));
  return ext.runtime.id;
}
