// Wrapping planned pieces in <mark> elements, and taking them out again exactly.

export const MATCH_SELECTOR = 'mark[data-overclaim="match"]';
const ANY_MARK = "mark[data-overclaim], mark[data-overclaim-cue]";

/**
 * Where each segment's text now lives. Wrapping splits text nodes; a segment's text is then
 * spread over fragments [{base, node}], base being the node-local offset the fragment starts at.
 */
export class Fragments {
  constructor(nodes) {
    this.bySegment = nodes.map((node) => [{ base: 0, node }]);
  }

  /** The text node and local offsets holding [from, to) of `segment`, or null if the page changed. */
  resolve(segment, from, to) {
    const list = this.bySegment[segment] ?? [];
    const frag = list.filter((f) => f.base <= from).reduce((a, b) => (b.base > a.base ? b : a), list[0]);
    if (!frag || !frag.node.isConnected || to - frag.base > frag.node.length) return null;
    return { node: frag.node, from: from - frag.base, to: to - frag.base };
  }

  add(segment, base, node) {
    this.bySegment[segment].push({ base, node });
  }
}

function wrap(textNode, attrs) {
  const mark = textNode.ownerDocument.createElement("mark");
  for (const [name, value] of Object.entries(attrs)) mark.setAttribute(name, value);
  textNode.parentNode.insertBefore(mark, textNode);
  mark.appendChild(textNode);
  return mark;
}

/** Split `node` so that [from, to) is one text node; returns it (and registers the tail). */
function isolate(node, from, to) {
  const middle = from > 0 ? node.splitText(from) : node;
  const tail = to - from < middle.length ? middle.splitText(to - from) : null;
  return { middle, tail };
}

function wrapCues(textNode, cues, pieceFrom) {
  for (const cue of [...cues].sort((a, b) => b.from - a.from)) {
    const { middle } = isolate(textNode, cue.from - pieceFrom, cue.to - pieceFrom);
    wrap(middle, { "data-overclaim-cue": cue.category });
  }
}

/** Wrap one planned piece; false when the page changed under it (nothing is touched then). */
export function wrapPiece(fragments, piece, index) {
  const where = fragments.resolve(piece.segment, piece.from, piece.to);
  if (!where || !where.node.parentNode) return false;
  const { middle, tail } = isolate(where.node, where.from, where.to);
  if (tail) fragments.add(piece.segment, piece.to, tail);
  wrap(middle, { "data-overclaim": "match", "data-overclaim-index": String(index) });
  wrapCues(middle, piece.cues, piece.from);
  return true;
}

/** Remove every mark, putting its text back, and merge the split text nodes again. */
export function removeHighlights(doc) {
  const parents = new Set();
  for (const mark of [...doc.querySelectorAll(ANY_MARK)].reverse()) {
    const parent = mark.parentNode;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parents.add(parent);
  }
  for (const parent of parents) if (parent.isConnected) parent.normalize();
  return parents.size;
}
