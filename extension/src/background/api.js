// The only code that talks to the network: the configured Overclaim server, nothing else.

export class ServerError extends Error {}

function headers(settings, extra) {
  const h = { "Content-Type": "application/json", Accept: "application/json", ...extra };
  if (settings.apiKey) h.Authorization = `Bearer ${settings.apiKey}`;
  return h;
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (typeof body?.error?.message === "string") return `${body.error.message} (HTTP ${response.status})`;
  } catch {
    // not JSON: fall through to the status line
  }
  return `the server answered HTTP ${response.status}`;
}

/** POST JSON to `path` on settings.serverUrl; a ServerError saying what to do on any failure. */
export async function postJson(settings, path, body, extraHeaders = {}) {
  const url = new URL(path, settings.serverUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  let response;
  try {
    response = await fetch(url, { method: "POST", headers: headers(settings, extraHeaders), body: JSON.stringify(body), signal: controller.signal, credentials: "omit" });
  } catch (err) {
    const slow = controller.signal.aborted;
    throw new ServerError(
      slow
        ? `The Overclaim server at ${settings.serverUrl} did not answer within ${settings.timeoutMs / 1000} s. Try again, or check the server.`
        : `Cannot reach the Overclaim server at ${settings.serverUrl}. Is it running? Start it with \`make serve\`, or set its address in Options.`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new ServerError(await errorText(response));
  return response.json();
}

export function scoreText(settings, text) {
  const body = { text, offset_encoding: "utf16" };
  if (settings.threshold !== null) body.threshold = settings.threshold;
  return postJson(settings, "/v1/score", body);
}

/** "Not an overclaim": one click, one Idempotency-Key, so a replayed request stores one row. */
export function sendFeedback(settings, feedback) {
  return postJson(settings, "/v1/feedback", { ...feedback, verdict: "ok" }, { "Idempotency-Key": crypto.randomUUID() });
}
