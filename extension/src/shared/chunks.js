// Splitting long text into requests within the server's limits, and shifting results back.

export const LIMITS = Object.freeze({ maxChars: 50_000, maxBytes: 900_000 });
const encoder = new TextEncoder();

/** Bytes `text` takes as a JSON string in a UTF-8 body. */
export function jsonBytes(text) {
  return encoder.encode(JSON.stringify(text)).length;
}

const fits = (text, limits) => text.length <= limits.maxChars && jsonBytes(text) <= limits.maxBytes;

/** The last boundary in text[lo, hi) to cut at: a paragraph, else a sentence, else a space, else hi. */
export function cutPoint(text, lo, hi) {
  const window = text.slice(lo, hi);
  for (const pattern of [/\n\s*\n/g, /[.!?…]["'’”)\]]*\s+/g, /\s+/g]) {
    let last = -1;
    for (const m of window.matchAll(pattern)) if (m.index + m[0].length < window.length) last = m.index + m[0].length;
    if (last > 0) return lo + last;
  }
  return avoidSplitSurrogate(text, hi);
}

function avoidSplitSurrogate(text, at) {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Largest end such that text[start, end) fits the limits (binary search on length). */
function largestFit(text, start, limits) {
  let lo = start + 1;
  let hi = Math.min(text.length, start + limits.maxChars);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (jsonBytes(text.slice(start, mid)) <= limits.maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** [{start, text}] covering `text` in order, each within the limits. */
export function splitText(text, limits = LIMITS) {
  const chunks = [];
  let start = 0;
  while (start < text.length) {
    const rest = text.slice(start);
    const end = fits(rest, limits) ? text.length : cutPoint(text, start, largestFit(text, start, limits));
    const piece = text.slice(start, end);
    if (piece.trim()) chunks.push({ start, text: piece });
    start = end;
  }
  return chunks;
}

/** A match (and its cues) moved from chunk offsets to whole-text offsets. */
export function shiftMatch(match, by) {
  const cues = (match.cues ?? []).map((c) => ({ ...c, start: c.start + by, end: c.end + by }));
  return { ...match, start: match.start + by, end: match.end + by, cues };
}
