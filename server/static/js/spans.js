// Pure: turns a scoring response into flat, ordered pieces of the text it scored.
// Offsets are UTF-16 code units (the page asks the server for "utf16"), so
// String.prototype.slice indexes them directly. Bad offsets are dropped, never guessed at.

/** True when [start, end) is a non-empty range inside a text of `length` units. */
export function validRange(start, end, length) {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= length;
}

/** The matches that are in range, ordered, and do not overlap the previous one kept. */
export function usableMatches(text, matches) {
  const kept = [];
  let last = 0;
  for (const match of Array.isArray(matches) ? matches : []) {
    if (!match || !validRange(match.start, match.end, text.length) || match.start < last) continue;
    kept.push(match);
    last = match.end;
  }
  return kept;
}

/** The cues of `match` that lie inside it, ordered and non-overlapping. */
export function usableCues(match) {
  const kept = [];
  let last = match.start;
  for (const cue of Array.isArray(match.cues) ? match.cues : []) {
    if (!cue || !validRange(cue.start, cue.end, Infinity) || cue.start < last || cue.end > match.end) continue;
    kept.push(cue);
    last = cue.end;
  }
  return kept;
}

/** A match's text as pieces: plain runs and cue runs, covering [match.start, match.end). */
export function matchPieces(text, match) {
  const pieces = [];
  let at = match.start;
  for (const cue of usableCues(match)) {
    if (cue.start > at) pieces.push({ text: text.slice(at, cue.start) });
    pieces.push({ text: text.slice(cue.start, cue.end), cue });
    at = cue.end;
  }
  if (at < match.end) pieces.push({ text: text.slice(at, match.end) });
  return pieces;
}

/** The whole text as pieces: plain runs between matches, and matches with their cue pieces. */
export function documentPieces(text, matches) {
  const pieces = [];
  let at = 0;
  for (const match of usableMatches(text, matches)) {
    if (match.start > at) pieces.push({ text: text.slice(at, match.start) });
    pieces.push({ text: text.slice(match.start, match.end), match, parts: matchPieces(text, match) });
    at = match.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** Flagged sentences per category, for the summary. */
export function categoryCounts(matches) {
  const counts = {};
  for (const match of matches) {
    for (const category of match.categories || []) counts[category] = (counts[category] || 0) + 1;
  }
  return counts;
}
