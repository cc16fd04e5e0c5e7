// The extension's settings: defaults, and reading stored values safely. Pure.

import { CATEGORIES } from "./messages.js";

export const DEFAULTS = Object.freeze({
  serverUrl: "http://127.0.0.1:8000",
  threshold: null, // null: the model's own threshold
  categories: CATEGORIES,
  autoSites: [],
  apiKey: "",
  timeoutMs: 20_000,
});
export const KEYS = Object.freeze(Object.keys(DEFAULTS));
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The server's origin when `value` is an http(s) URL with no credentials, else null. */
export function serverOrigin(value) {
  try {
    const url = new URL(value);
    const ok = (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
    return ok ? url.origin : null;
  } catch {
    return null;
  }
}

export function isLoopback(origin) {
  return LOOPBACK_HOSTS.has(new URL(origin).hostname);
}

/** The match pattern that grants host access to `origin`. */
export function originPattern(origin) {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

const validThreshold = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
const validSites = (v) => Array.isArray(v) && v.every((s) => typeof s === "string" && serverOrigin(s) === s);

/** Stored values merged over the defaults; anything malformed falls back to its default. */
export function normalizeSettings(stored) {
  const raw = stored ?? {};
  return {
    serverUrl: serverOrigin(raw.serverUrl) ?? DEFAULTS.serverUrl,
    threshold: validThreshold(raw.threshold) ? raw.threshold : DEFAULTS.threshold,
    categories: Array.isArray(raw.categories) ? raw.categories.filter((c) => CATEGORIES.includes(c)) : [...DEFAULTS.categories],
    autoSites: validSites(raw.autoSites) ? raw.autoSites : [],
    apiKey: typeof raw.apiKey === "string" ? raw.apiKey.trim() : "",
    timeoutMs: Number.isInteger(raw.timeoutMs) && raw.timeoutMs >= 1000 ? raw.timeoutMs : DEFAULTS.timeoutMs,
  };
}
