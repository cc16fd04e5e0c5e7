// The page's calls to its own server. Errors come back as the contract's {"error": {code, message}}.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body, key) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (key) headers.authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, "unreachable", "The Overclaim server did not answer; is it running?");
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload && payload.error ? payload.error : { code: "http_error", message: `HTTP ${response.status}` };
    throw new ApiError(response.status, error.code, error.message);
  }
  return payload;
}

export const score = (input) => request("POST", "/v1/score", { ...input, offset_encoding: "utf16" });
export const sendFeedback = (record) => request("POST", "/v1/feedback", record);
export const pendingFeedback = (key, cursor) =>
  request("GET", `/v1/feedback?status=pending&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, undefined, key);
export const review = (key, id, verdict) => request("POST", `/v1/feedback/${encodeURIComponent(id)}/review`, verdict, key);
