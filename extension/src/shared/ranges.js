// From server matches (flat-text offsets) to a highlight plan in text-node pieces.
// Matches that are out of range, reversed, overlapping or whose text disagrees with the
// page's text are ignored, so nothing in the DOM is touched for them.

import { piecesOf } from "./textmap.js";

const isOffset = (v) => Number.isInteger(v) && v >= 0;

/** True when [start, end) is a non-empty span inside [lo, hi). */
export function validSpan(item, lo, hi) {
  return Boolean(item) && isOffset(item.start) && isOffset(item.end) && lo <= item.start && item.start < item.end && item.end <= hi;
}

/** Cues that lie inside the match, in order, without overlaps. */
export function validCues(match) {
  const cues = Array.isArray(match.cues) ? match.cues : [];
  const sorted = cues.filter((c) => validSpan(c, match.start, match.end)).sort((a, b) => a.start - b.start);
  const kept = [];
  for (const cue of sorted) {
    if (!kept.length || cue.start >= kept[kept.length - 1].end) kept.push(cue);
  }
  return kept;
}

/** {kept, ignored}: matches safe to highlight in `text`, in text order. */
export function validMatches(matches, text) {
  const candidates = (Array.isArray(matches) ? matches : []).filter((m) => validSpan(m, 0, text.length));
  const inOrder = [...candidates].sort((a, b) => a.start - b.start);
  const kept = [];
  for (const match of inOrder) {
    const overlaps = kept.length > 0 && match.start < kept[kept.length - 1].end;
    const agrees = typeof match.text !== "string" || text.slice(match.start, match.end) === match.text;
    if (!overlaps && agrees) kept.push({ ...match, cues: validCues(match) });
  }
  return { kept, ignored: (Array.isArray(matches) ? matches.length : 0) - kept.length };
}

/** Cue pieces of one match piece, in the piece's node-local offsets. */
function cuePieces(piece, cues, spans) {
  const out = [];
  for (const cue of cues) {
    for (const c of piecesOf(spans, cue.start, cue.end)) {
      if (c.segment === piece.segment && c.from >= piece.from && c.to <= piece.to) {
        out.push({ from: c.from, to: c.to, category: cue.category });
      }
    }
  }
  return out;
}

/** [{match, pieces: [{segment, from, to, cues}]}] for the valid matches. */
export function planHighlights(spans, text, matches) {
  const { kept, ignored } = validMatches(matches, text);
  const plan = kept.map((match) => ({
    match,
    pieces: piecesOf(spans, match.start, match.end).map((p) => ({ ...p, cues: cuePieces(p, match.cues, spans) })),
  }));
  return { plan, ignored };
}
