// The review queue, for moderators and trainers with a key: accept or correct each reader's report.
import { pendingFeedback, review } from "./api.js";
import { label } from "./render.js";

const CATEGORIES = ["vague_authority", "certainty", "causal", "hype", "generalization"];

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function categoryBoxes(selected) {
  const box = el("fieldset", { class: "review-categories" });
  for (const category of CATEGORIES) {
    const input = el("input", { type: "checkbox", value: category });
    input.checked = selected.includes(category);
    const wrap = el("label");
    wrap.append(input, document.createTextNode(` ${label(category)}`));
    box.append(wrap);
  }
  return box;
}

function checked(box) {
  return [...box.querySelectorAll("input:checked")].map((input) => input.value);
}

async function submit(item, row, key, verdict) {
  for (const button of row.querySelectorAll("button")) button.disabled = true;
  const outcome = row.querySelector(".review-outcome");
  try {
    await review(key, item.id, verdict);
    row.dataset.state = "reviewed";
    outcome.textContent = `Reviewed as ${verdict.label}`;
  } catch (error) {
    for (const button of row.querySelectorAll("button")) button.disabled = false;
    outcome.textContent = `${error.message} (${error.code})`;
  }
}

function itemRow(item, key) {
  const row = el("li", { class: "review-item", "data-id": String(item.id) });
  row.append(el("blockquote", {}, item.text));
  const reported = (item.categories || []).map(label).join(", ");
  row.append(el("p", { class: "review-meta" }, `Reader says: ${item.verdict}${reported ? ` · ${reported}` : ""}${item.comment ? ` · “${item.comment}”` : ""}`));
  const correctLabel = el("select", { class: "review-label" });
  for (const value of ["ok", "overclaim"]) correctLabel.append(el("option", { value }, value));
  correctLabel.value = item.verdict === "overclaim" ? "overclaim" : "ok";
  const boxes = categoryBoxes(item.categories || []);
  const accept = el("button", { type: "button", class: "review-accept" }, "Accept");
  accept.addEventListener("click", () =>
    submit(item, row, key, { label: item.verdict, categories: item.verdict === "overclaim" ? item.categories || [] : [], cues: [] }));
  const correct = el("button", { type: "button", class: "review-correct" }, "Save correction");
  correct.addEventListener("click", () =>
    submit(item, row, key, { label: correctLabel.value, categories: correctLabel.value === "overclaim" ? checked(boxes) : [], cues: [] }));
  row.append(correctLabel, boxes, accept, correct, el("p", { class: "review-outcome" }));
  return row;
}

async function load(section, key) {
  const list = section.querySelector("#review-list");
  const status = section.querySelector("#review-status");
  list.replaceChildren();
  status.textContent = "Loading…";
  try {
    const page = await pendingFeedback(key);
    const items = page.items || [];
    for (const item of items) list.append(itemRow(item, key));
    status.textContent = items.length ? `${items.length} pending` : "Nothing pending.";
  } catch (error) {
    status.textContent = `${error.message} (${error.code})`;
  }
}

export function setupReview(section) {
  const form = section.querySelector("#review-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = section.querySelector("#review-key").value.trim();
    sessionStorage.setItem("overclaim.key", key);
    load(section, key);
  });
  section.querySelector("#review-key").value = sessionStorage.getItem("overclaim.key") || "";
}
