// Builds the highlighted article and its tooltip. Server text only ever goes in through textContent.
import { categoryCounts, documentPieces } from "./spans.js";

const LABELS = {
  vague_authority: "Vague authority",
  certainty: "Certainty",
  causal: "Causal",
  hype: "Hype",
  generalization: "Generalization",
};

export function label(category) {
  return LABELS[category] || category;
}

/** An element with attributes and, if given, text set through textContent. */
export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function matchMark(piece, index) {
  const mark = el("mark", { "data-overclaim": "match", "data-index": String(index), tabindex: "0" });
  for (const part of piece.parts) {
    if (part.cue) mark.append(el("span", { "data-overclaim-cue": part.cue.category }, part.text));
    else mark.append(document.createTextNode(part.text));
  }
  return mark;
}

/** Fills `container` with the text, each flagged sentence a <mark>; returns the marks in order. */
export function renderArticle(container, text, matches) {
  container.replaceChildren();
  const marks = [];
  for (const piece of documentPieces(text, matches)) {
    if (!piece.match) {
      container.append(document.createTextNode(piece.text));
      continue;
    }
    const mark = matchMark(piece, marks.length);
    mark.overclaimMatch = piece.match;
    marks.push(mark);
    container.append(mark);
  }
  return marks;
}

/** Fills the tooltip for one match: categories, messages, score, suggestion, and the feedback button. */
export function renderTooltip(tooltip, match, onNotOverclaim) {
  tooltip.replaceChildren();
  const head = el("div", { class: "tip-head" });
  for (const category of match.categories || []) head.append(el("span", { class: `chip chip-${category}` }, label(category)));
  head.append(el("span", { class: "tip-score" }, `score ${Number(match.score).toFixed(2)}`));
  tooltip.append(head);
  const explanations = Array.isArray(match.explanations) && match.explanations.length
    ? match.explanations
    : [{ category: (match.categories || [])[0], message: match.message }];
  for (const item of explanations) tooltip.append(el("p", { class: "tip-message" }, String(item.message ?? "")));
  if (match.suggestion) tooltip.append(el("p", { class: "tip-suggestion" }, `Try: “${match.suggestion}”`));
  const button = el("button", { type: "button", class: "tip-feedback" }, "Not an overclaim");
  button.addEventListener("click", () => onNotOverclaim(match, button));
  tooltip.append(button);
}

/** The summary: document score and label, and flagged sentences per category. */
export function renderSummary(container, payload) {
  container.replaceChildren();
  const doc = payload.document;
  container.append(el("p", { class: `doc-label doc-${doc.label}` },
    `${doc.label === "overclaiming" ? "Overclaiming" : "OK"} · score ${Number(doc.score).toFixed(2)} · ${doc.flagged} of ${doc.sentences} sentences flagged`));
  const list = el("ul", { class: "counts" });
  for (const [category, count] of Object.entries(categoryCounts(payload.matches))) {
    list.append(el("li", { "data-category": category }, `${label(category)}: ${count}`));
  }
  container.append(list);
  container.append(el("p", { class: "model" }, `model ${payload.model.version}`));
}
