// The flat text of a page and the map from its offsets back to text segments.
// A segment is a piece of one DOM text node: {text, nodeOffset, breakBefore}.
// Offsets are JavaScript string indices (UTF-16 code units), the unit the server is asked for.

export const BLOCK_SEPARATOR = "\n\n";

/** Join segments into one string; spans[i] says where segment i sits in it. */
export function flatten(segments) {
  const parts = [];
  const spans = [];
  let length = 0;
  segments.forEach((segment, index) => {
    if (segment.breakBefore && length > 0) {
      parts.push(BLOCK_SEPARATOR);
      length += BLOCK_SEPARATOR.length;
    }
    spans.push({ index, start: length, end: length + segment.text.length, nodeOffset: segment.nodeOffset ?? 0 });
    parts.push(segment.text);
    length += segment.text.length;
  });
  return { text: parts.join(""), spans };
}

/** Index of the first span ending after `offset` (spans are sorted and disjoint). */
export function firstSpanAfter(spans, offset) {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The pieces of [start, end) in node-local offsets: [{segment, from, to}], separators left out. */
export function piecesOf(spans, start, end) {
  const pieces = [];
  for (let i = firstSpanAfter(spans, start); i < spans.length && spans[i].start < end; i++) {
    const span = spans[i];
    const from = Math.max(start, span.start);
    const to = Math.min(end, span.end);
    if (to > from) {
      pieces.push({ segment: span.index, from: from - span.start + span.nodeOffset, to: to - span.start + span.nodeOffset });
    }
  }
  return pieces;
}
