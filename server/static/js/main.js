// The page: paste text or a URL, see the article highlighted with tooltips and a summary.
import { score, sendFeedback } from "./api.js";
import { renderArticle, renderSummary, renderTooltip } from "./render.js";
import { setupReview } from "./review.js";

const $ = (id) => document.getElementById(id);

function showStatus(message, kind = "info") {
  const status = $("status");
  status.textContent = message;
  status.dataset.kind = kind;
}

function placeTooltip(tooltip, mark) {
  const box = mark.getBoundingClientRect();
  tooltip.style.top = `${window.scrollY + box.bottom + 6}px`;
  tooltip.style.left = `${window.scrollX + Math.max(8, Math.min(box.left, window.innerWidth - 380))}px`;
  tooltip.hidden = false;
}

async function notOverclaim(modelVersion, match, button) {
  button.disabled = true;
  try {
    const stored = await sendFeedback({ text: match.text, verdict: "ok", categories: match.categories, model_version: modelVersion });
    button.textContent = `Thanks: feedback #${stored.id} stored`;
  } catch (error) {
    button.disabled = false;
    button.textContent = `Not sent: ${error.message}`;
  }
}

function wireTooltips(marks, modelVersion) {
  const tooltip = $("tooltip");
  for (const mark of marks) {
    const show = () => {
      renderTooltip(tooltip, mark.overclaimMatch, (match, button) => notOverclaim(modelVersion, match, button));
      placeTooltip(tooltip, mark);
    };
    mark.addEventListener("click", show);
    mark.addEventListener("focus", show);
  }
}

function readInput() {
  const url = $("url").value.trim();
  if (url) return { url };
  return { text: $("text").value };
}

async function check(event) {
  event.preventDefault();
  $("tooltip").hidden = true;
  showStatus("Checking…");
  try {
    const payload = await score(readInput());
    const text = payload.source ? payload.source.text : $("text").value;
    const marks = renderArticle($("article"), text, payload.matches);
    renderSummary($("summary"), payload);
    wireTooltips(marks, payload.model.version);
    showStatus(marks.length ? "Click a highlighted sentence to see why." : "Nothing flagged.", "done");
  } catch (error) {
    showStatus(`${error.message} (${error.code})`, "error");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("check-form").addEventListener("submit", check);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") $("tooltip").hidden = true;
  });
  setupReview($("review"));
});
