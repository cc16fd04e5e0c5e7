// Reading the page: the article's text nodes, in order, as segments for textmap.flatten.

const SKIP = new Set([
  "NAV", "FOOTER", "ASIDE", "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "SVG", "CANVAS",
  "TEXTAREA", "INPUT", "SELECT", "OPTION", "BUTTON", "FORM", "HEAD", "TITLE", "MENU", "DIALOG",
]);
const INLINE = new Set([
  "A", "ABBR", "B", "BDI", "BDO", "CITE", "CODE", "DATA", "DFN", "EM", "I", "KBD", "MARK", "Q", "S",
  "SAMP", "SMALL", "SPAN", "STRONG", "SUB", "SUP", "TIME", "U", "VAR", "WBR", "INS", "DEL", "FONT",
]);

/** The element holding the article: the longest <article>, else <main>, else the body. */
export function articleRoot(doc) {
  const articles = [...doc.querySelectorAll("article")];
  if (articles.length) return articles.reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a));
  return doc.querySelector("main, [role='main']") ?? doc.body;
}

function skipped(el) {
  if (SKIP.has(el.tagName.toUpperCase()) || el.hidden || el.isContentEditable) return true;
  if (el.getAttribute("aria-hidden") === "true" || el.hasAttribute("data-overclaim-tooltip")) return true;
  if (el.getAttribute("role") === "navigation") return true;
  return typeof el.checkVisibility === "function" ? !el.checkVisibility({ visibilityProperty: true }) : false;
}

const isInline = (node) => node?.nodeType === Node.ELEMENT_NODE && INLINE.has(node.tagName.toUpperCase());
const blockOf = (node) => {
  let el = node.parentElement;
  while (el && isInline(el)) el = el.parentElement;
  return el;
};

/** Whitespace between inline content counts; indentation between blocks does not. */
function keepWhitespace(node) {
  if (isInline(node.parentElement)) return true;
  const prev = node.previousSibling;
  const next = node.nextSibling;
  return Boolean(prev && next) && (isInline(prev) || prev.nodeType === Node.TEXT_NODE) && (isInline(next) || next.nodeType === Node.TEXT_NODE);
}

function walker(root) {
  const filter = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (skipped(node)) return NodeFilter.FILTER_REJECT;
      return node.tagName === "BR" ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    }
    return node.data.trim() || keepWhitespace(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
  };
  return root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, filter);
}

/** {nodes, segments}: text nodes under `root` (clipped to `range` if given) and their segments. */
export function collect(root, range = null) {
  const nodes = [];
  const segments = [];
  const tw = walker(root);
  let lastBlock = null;
  let pendingBreak = true;
  for (let node = tw.nextNode(); node; node = tw.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      pendingBreak = true;
      continue;
    }
    if (range && !range.intersectsNode(node)) continue;
    const from = range && node === range.startContainer ? range.startOffset : 0;
    const to = range && node === range.endContainer ? range.endOffset : node.data.length;
    if (to <= from) continue;
    const block = blockOf(node);
    segments.push({ text: node.data.slice(from, to), nodeOffset: from, breakBefore: pendingBreak || block !== lastBlock });
    nodes.push(node);
    lastBlock = block;
    pendingBreak = false;
  }
  return { nodes, segments };
}

/** The reader's selection as a root and range, or null when nothing is selected. */
export function selectionScope(doc) {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const common = range.commonAncestorContainer;
  return { root: common.nodeType === Node.TEXT_NODE ? common.parentNode : common, range };
}
