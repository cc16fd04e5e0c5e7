// Checking a /v1/score response's shape before anything of it reaches a page. Pure.

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const isString = (v) => typeof v === "string";
const isStrings = (v) => Array.isArray(v) && v.every(isString);

function validCue(c) {
  return c && Number.isInteger(c.start) && Number.isInteger(c.end) && isString(c.text) && isString(c.category);
}

function validMatch(m) {
  return (
    m && Number.isInteger(m.start) && Number.isInteger(m.end) && isString(m.text) && isNumber(m.score) &&
    isStrings(m.categories) && Array.isArray(m.cues) && m.cues.every(validCue) &&
    isString(m.message) && (m.suggestion === null || m.suggestion === undefined || isString(m.suggestion))
  );
}

/** Only the fields the extension uses, copied out of a valid match. */
function pickMatch(m) {
  const cues = m.cues.map(({ start, end, text, category }) => ({ start, end, text, category }));
  return { start: m.start, end: m.end, text: m.text, score: m.score, categories: [...m.categories], cues, message: m.message, suggestion: m.suggestion ?? null };
}

/** {document, matches, modelVersion} from a response body, or throws with what was wrong. */
export function readScoreResponse(body) {
  if (!body || body.offset_encoding !== "utf16") throw new Error("the server did not answer in UTF-16 offsets");
  const doc = body.document;
  if (!doc || !isNumber(doc.score) || !Number.isInteger(doc.sentences) || !Number.isInteger(doc.flagged)) {
    throw new Error("the server's answer has no valid document summary");
  }
  if (!Array.isArray(body.matches) || !body.matches.every(validMatch)) throw new Error("the server's answer has malformed matches");
  const document = { score: doc.score, label: String(doc.label), sentences: doc.sentences, flagged: doc.flagged };
  return { document, matches: body.matches.map(pickMatch), modelVersion: String(body.model?.version ?? "") };
}

/** One summary for a document scored in several chunks: scores weighted by sentences. */
export function combineDocuments(documents) {
  const sentences = documents.reduce((n, d) => n + d.sentences, 0);
  const flagged = documents.reduce((n, d) => n + d.flagged, 0);
  const weighted = documents.reduce((s, d) => s + d.score * d.sentences, 0);
  const score = sentences ? weighted / sentences : 0;
  const label = documents.some((d) => d.label === "overclaiming") ? "overclaiming" : "ok";
  return { score: Math.round(score * 10000) / 10000, label, sentences, flagged };
}

/** How many matches carry each category. */
export function countCategories(matches) {
  const counts = {};
  for (const m of matches) for (const c of m.categories) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}
