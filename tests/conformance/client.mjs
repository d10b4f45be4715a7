// A small client for the suite: every response is validated against the contract, and a
// response that does not conform fails the check that made the request.
import assert from "node:assert/strict";
import { loadContract } from "./contract.mjs";

export const GATEWAY = (process.env.RECT_CONF_GATEWAY_URL || "").replace(/\/$/, "");
export const LP1_TOKEN = process.env.RECT_CONF_LP1_TOKEN || "";
export const LP2_TOKEN = process.env.RECT_CONF_LP2_TOKEN || "";
// Set when the stack is not production, so X-With-Server-Date is honoured.
export const SANDBOX = process.env.RECT_CONF_SANDBOX === "1";

// Seed data (services/partnerships/seed/seed.sql).
export const LP1 = "11111111-1111-4111-8111-000000000001";
export const LP2 = "11111111-1111-4111-8111-000000000002";
export const LP2_PARTNERSHIP = "55555555-5555-4555-8555-000000100016";
export const LP1_PARTNERSHIP = "55555555-5555-4555-8555-000000100015";
// LP2's ECT registered at URN 100016 for 2025 with an expression of interest only
// (services/registration/api/seed/seed.sql): LP2 has no partnership there that year.
export const LP2_EOI_PARTICIPANT = "99999999-9999-4999-8999-000000000019";
export const LP2_DELIVERY_PARTNER = "22222222-2222-4222-8222-000000000003";

// Endpoints the gateway does not serve yet: checks that need them run as todo (reported, not
// failing the run). Remove a name here once its endpoint is served.
export const NOT_SERVED = new Set([]);

// Checks whose endpoints are served but which do not pass yet, and why: they run as todo too.
// Remove an entry once its check passes.
export const KNOWN_GAPS = {};
// RECT_CONF_ALL=1 runs every check as a real one (to see what an endpoint still lacks).
export function todoUnless(...endpoints) {
  if (process.env.RECT_CONF_ALL === "1") return {};
  const missing = endpoints.filter((e) => NOT_SERVED.has(e));
  return missing.length ? { todo: `endpoint not served yet: ${missing.join(", ")}` } : {};
}

// As todoUnless, and todo while `check` is a known gap.
export function pending(check, ...endpoints) {
  const todo = todoUnless(...endpoints);
  if (todo.todo || process.env.RECT_CONF_ALL === "1" || !KNOWN_GAPS[check]) return todo;
  return { todo: `not passing yet: ${KNOWN_GAPS[check]}` };
}

let contractPromise;
export function contract() {
  contractPromise ||= loadContract(GATEWAY);
  return contractPromise;
}

export const seen = { responses: 0 };

// One call. `token`: a bearer token, null for no Authorization, or { raw: "header value" }.
export async function api(method, pathAndQuery, { token = LP1_TOKEN, body, headers = {} } = {}) {
  const all = { Accept: "application/json", ...headers };
  if (token && typeof token === "object") all.Authorization = token.raw;
  else if (token) all.Authorization = `Bearer ${token}`;
  if (body !== undefined) all["Content-Type"] = "application/json";
  const url = GATEWAY + pathAndQuery.replace(/\[/g, "%5B").replace(/\]/g, "%5D");
  const response = await fetch(url, {
    method, headers: all, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const contentType = response.headers.get("content-type");
  const path = new URL(url).pathname;
  seen.responses++;
  const problems = (await contract()).check({ method, path, status: response.status,
                                              contentType, text });
  assert.deepEqual(problems, [], `response does not conform to the contract`);
  let json = null;
  try { json = JSON.parse(text); } catch { /* text bodies (429) */ }
  return { status: response.status, json, text, headers: response.headers };
}

export const get = (path, options) => api("GET", path, options);
export const post = (path, body, options = {}) => api("POST", path, { ...options, body });
export const put = (path, body, options = {}) => api("PUT", path, { ...options, body });

export const ACCESS_DENIED = { error: "HTTP Token: Access denied" };
export const NOT_FOUND = {
  errors: [{ title: "Resource not found", detail: "Nothing could be found for the provided details" }],
};
export const PAGINATION_ERROR = {
  errors: [{ title: "Bad request",
             detail: "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number" }],
};
export const BODY_SHAPE_ERROR = {
  errors: [{ title: "Bad request",
             detail: "Correct json data structure required. See API docs for reference." }],
};
export function unprocessable(title, detail) {
  return { errors: [{ title, detail }] };
}

export function ids(response) {
  assert.equal(response.status, 200, response.text);
  return response.json.data.map((r) => r.id);
}

// Every page of an index (page until empty).
export async function all(path, options) {
  const items = [];
  for (let page = 1; page < 100; page++) {
    const sep = path.includes("?") ? "&" : "?";
    const response = await get(`${path}${sep}page[page]=${page}&page[per_page]=3000`, options);
    assert.equal(response.status, 200, response.text);
    if (response.json.data.length === 0) break;
    items.push(...response.json.data);
  }
  return items;
}

// ISO date-time `days` from now, whole seconds, Z.
export function isoDaysFromNow(days) {
  return new Date(Date.now() + days * 86400000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
