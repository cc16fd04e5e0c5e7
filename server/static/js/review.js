// The review queue, for moderators and trainers with a key: accept or correct each reader's report.
import { pendingFeedback, review } from "./api.js";
import { el, label } from "./render.js";

const CATEGORIES = ["vague_authority", "certainty", "causal", "hype", "generalization"];

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

/** The cue as the server wants it: code-point offsets of `phrase` in `text`, or null if absent. */
export function cueOffsets(text, phrase) {
  const trimmed = phrase.trim();
  const at = trimmed ? text.indexOf(trimmed) : -1;
  if (at < 0) return null;
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...trimmed].length };
}

function correction(item, labelSelect, boxes, cueInput) {
  if (labelSelect.value === "ok") return { label: "ok", categories: [], cues: [] };
  const categories = checked(boxes);
  const span = cueOffsets(item.text, cueInput.value);
  if (!categories.length || !span) throw new Error("An overclaim needs a category and a cue phrase copied from the sentence.");
  return { label: "overclaim", categories, cues: [{ ...span, category: categories[0] }] };
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
  const labelSelect = el("select", { class: "review-label", "aria-label": "Corrected label" });
  for (const value of ["ok", "overclaim"]) labelSelect.append(el("option", { value }, value));
  labelSelect.value = item.verdict === "overclaim" ? "overclaim" : "ok";
  const boxes = categoryBoxes(item.categories || []);
  const cueInput = el("input", { type: "text", class: "review-cue", placeholder: "cue phrase, copied from the sentence" });
  const outcome = el("p", { class: "review-outcome" });
  if (item.verdict === "ok") {
    const accept = el("button", { type: "button", class: "review-accept" }, "Accept: not an overclaim");
    accept.addEventListener("click", () => submit(item, row, key, { label: "ok", categories: [], cues: [] }));
    row.append(accept);
  }
  const save = el("button", { type: "button", class: "review-save" }, "Save review");
  save.addEventListener("click", () => {
    try {
      submit(item, row, key, correction(item, labelSelect, boxes, cueInput));
    } catch (error) {
      outcome.textContent = error.message;
    }
  });
  row.append(labelSelect, boxes, cueInput, save, outcome);
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
