// The tooltip: a shadow root (immune to page CSS) filled with textContent only.

const STYLE = `
:host { all: initial; position: absolute; z-index: 2147483647; display: none; }
.card { font: 14px/1.45 system-ui, sans-serif; color: #1d1d1f; background: #fffdf5; max-width: 340px;
  border: 1px solid #d6a400; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.25); padding: 10px 12px; }
.cats { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 6px; }
.cat { background: #ffe08a; color: #5a3b00; border-radius: 10px; padding: 1px 8px; font-size: 12px; }
.score { color: #6b5b2a; font-size: 12px; margin: 4px 0; }
.suggestion { margin: 6px 0; font-style: italic; }
button { font: inherit; font-size: 13px; border: 1px solid #8a6d00; border-radius: 6px; background: #fff;
  color: #1d1d1f; padding: 3px 10px; cursor: pointer; }
.status { font-size: 12px; margin-top: 4px; color: #2d5f2d; }
.status.error { color: #a01b1b; }
@media (prefers-color-scheme: dark) {
  .card { color: #f2f2f2; background: #2b2618; border-color: #b08a00; }
  .cat { background: #6b5300; color: #fff3c4; }
  .score { color: #d9c98f; }
  button { background: #3a3322; color: #f2f2f2; }
  .status { color: #9fd89f; }
}`;

const label = (category) => category.replace(/_/g, " ");

function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Fill `root` with the match's explanation; every server string goes in as textContent. */
export function renderTooltip(root, match, onNotOverclaim) {
  const doc = root.ownerDocument ?? root.host.ownerDocument;
  const card = el(doc, "div", "card");
  const cats = el(doc, "div", "cats");
  for (const c of match.categories) cats.append(el(doc, "span", "cat", label(c)));
  card.append(cats, el(doc, "div", "message", match.message), el(doc, "div", "score", `Score ${match.score.toFixed(2)}`));
  if (match.suggestion) card.append(el(doc, "div", "suggestion", `Try: “${match.suggestion}”`));
  const button = el(doc, "button", "", "Not an overclaim");
  const status = el(doc, "div", "status");
  button.addEventListener("click", () => onNotOverclaim(match, button, status));
  card.append(button, status);
  root.replaceChildren(Object.assign(el(doc, "style"), { textContent: STYLE }), card);
}

/** The tooltip's host element (outside <body>, so the article's text is untouched). */
export function tooltipHost(doc) {
  let host = doc.querySelector("[data-overclaim-tooltip]");
  if (!host) {
    host = doc.createElement("div");
    host.setAttribute("data-overclaim-tooltip", "");
    host.attachShadow({ mode: "open" });
    doc.documentElement.append(host);
  }
  return host;
}

export function placeTooltip(host, mark) {
  const box = mark.getBoundingClientRect();
  const win = mark.ownerDocument.defaultView;
  host.style.left = `${Math.max(8, box.left + win.scrollX)}px`;
  host.style.top = `${box.bottom + win.scrollY + 6}px`;
  host.style.display = "block";
}

export function hideTooltip(doc) {
  const host = doc.querySelector("[data-overclaim-tooltip]");
  if (host) host.style.display = "none";
}
