// Conformance checks 1–11 and 25 of lead-provider-api.md §8 (authentication, conventions,
// rate limit, sandbox date) against a running stack. Every response is also validated
// against the contract's schemas (client.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ACCESS_DENIED, GATEWAY, LP1_PARTNERSHIP, LP2_PARTNERSHIP, LP2_TOKEN, NOT_FOUND,
  PAGINATION_ERROR, SANDBOX, all, api, get, ids, todoUnless,
} from "./client.mjs";

assert.ok(GATEWAY, "set RECT_CONF_GATEWAY_URL");

// Index endpoints served today, with the query each needs.
const INDEXES = [
  ["delivery-partners", "/api/v3/delivery-partners"],
  ["partnerships", "/api/v3/partnerships"],
  ["schools", "/api/v3/schools?filter[cohort]=2021"],
  ["participants", "/api/v3/participants"],
  ["participant-declarations", "/api/v3/participant-declarations"],
  ["statements", "/api/v3/statements"],
  ["unfunded-mentors", "/api/v3/unfunded-mentors"],
];

test("1. no Authorization → 401 Access denied (participants)", todoUnless("participants"), async () => {
  const response = await get("/api/v3/participants", { token: null });
  assert.equal(response.status, 401);
  assert.deepEqual(response.json, ACCESS_DENIED);
  assert.equal(response.headers.get("www-authenticate"), null);
});

test("1. no Authorization → 401 Access denied (every served index)", async () => {
  for (const [, path] of INDEXES) {
    const response = await get(path, { token: null });
    assert.equal(response.status, 401, path);
    assert.deepEqual(response.json, ACCESS_DENIED, path);
    assert.match(response.headers.get("content-type"), /^application\/json/);
    assert.equal(response.headers.get("www-authenticate"), null);
  }
});

async function checkTokens(path) {
  for (const raw of ["Bearer not-a-token", "Basic abc", "bearer " + process.env.RECT_CONF_LP1_TOKEN]) {
    const response = await get(path, { token: { raw } });
    assert.equal(response.status, 401, `${raw.split(" ")[0]} on ${path}`);
    assert.deepEqual(response.json, ACCESS_DENIED);
  }
  const ok = await get(path);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(Object.keys(ok.json), ["data"]);
  // Token scheme and quoted value are accepted too.
  const quoted = await get(path, { token: { raw: `Token token="${process.env.RECT_CONF_LP1_TOKEN}"` } });
  assert.equal(quoted.status, 200, quoted.text);
}

test("2. unknown token → 401, valid → only data (participants)", todoUnless("participants"),
     () => checkTokens("/api/v3/participants"));
test("2. unknown token → 401, valid → only data (served indexes)", async () => {
  for (const [, path] of INDEXES) await checkTokens(path);
});

async function checkPageSizes(path) {
  const sep = path.includes("?") ? "&" : "?";
  const big = await get(`${path}${sep}page[per_page]=5000`);
  assert.equal(big.status, 200, big.text);
  assert.ok(big.json.data.length <= 3000);
  const plain = await get(path);
  assert.ok(plain.json.data.length <= 100);
  const two = await get(`${path}${sep}page[per_page]=2`);
  assert.ok(two.json.data.length <= 2);
  const leading = await get(`${path}${sep}page[per_page]=2abc`);  // leading integer
  assert.equal(leading.status, 200);
  assert.deepEqual(ids(leading), ids(two));
}

test("3. per_page clamped to 3000, default 100 (participants)", todoUnless("participants"),
     () => checkPageSizes("/api/v3/participants"));
test("3. per_page clamped to 3000, default 100 (served indexes)", async () => {
  for (const [, path] of INDEXES) await checkPageSizes(path);
});

async function checkBadPages(path) {
  const sep = path.includes("?") ? "&" : "?";
  for (const query of ["page[page]=0", "page[per_page]=abc", "page[page]=-1", "page[per_page]=0.8"]) {
    const response = await get(`${path}${sep}${query}`);
    assert.equal(response.status, 400, `${path} ${query}`);
    assert.deepEqual(response.json, PAGINATION_ERROR);
  }
}

test("4. bad page values → 400 (participants)", todoUnless("participants"),
     () => checkBadPages("/api/v3/participants"));
test("4. bad page values → 400 (served indexes)", async () => {
  for (const [, path] of INDEXES) await checkBadPages(path);
});

test("5. past the last page → 200 {\"data\":[]}", async () => {
  for (const [, path] of INDEXES) {
    const sep = path.includes("?") ? "&" : "?";
    const response = await get(`${path}${sep}page[page]=999`);
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { data: [] });
  }
});

test("5. past the last page → 200 {\"data\":[]} (participants)", todoUnless("participants"), async () => {
  const response = await get("/api/v3/participants?page[page]=999");
  assert.deepEqual(response.json, { data: [] });
});

async function checkUpdatedSince(path) {
  const sep = path.includes("?") ? "&" : "?";
  const dateOnly = await get(`${path}${sep}filter[updated_since]=2025-01-01`);
  assert.equal(dateOnly.status, 400);
  assert.deepEqual(dateOnly.json, { errors: [{ title: "Bad request",
    detail: "The filter '#/updated_since' must be a valid ISO 8601 date" }] });
  const everything = await all(path);
  const since = everything.length ? everything[Math.floor(everything.length / 2)].attributes.updated_at
                                  : "2021-01-01T00:00:00Z";
  const filtered = await all(`${path}${sep}filter[updated_since]=${since}`);
  for (const item of filtered) assert.ok(item.attributes.updated_at >= since, item.id);
  const expected = everything.filter((i) => i.attributes.updated_at >= since).map((i) => i.id).sort();
  assert.deepEqual(filtered.map((i) => i.id).sort(), expected);
}

test("6. updated_since: date only → 400; date-time → only updated_at ≥ it (participants)",
     todoUnless("participants"), () => checkUpdatedSince("/api/v3/participants"));
test("6. updated_since: date only → 400; date-time → only updated_at ≥ it (partnerships, schools)",
     async () => {
       await checkUpdatedSince("/api/v3/partnerships");
       await checkUpdatedSince("/api/v3/schools?filter[cohort]=2021");
     });

test("7. schools without cohort → 400 Bad parameter", async () => {
  for (const path of ["/api/v3/schools", "/api/v3/schools/00000000-0000-4000-8000-000000000000"]) {
    const response = await get(path);
    assert.equal(response.status, 400, path);
    assert.deepEqual(response.json, { errors: [{ title: "Bad parameter",
      detail: "The filter '#/cohort' must be included in your request" }] });
  }
});

test("8. filter that is not a hash → 400 (statements)", todoUnless("statements"), async () => {
  const response = await get("/api/v3/statements?filter=abc");
  assert.equal(response.status, 400);
  assert.deepEqual(response.json, { errors: [{ title: "Bad parameter", detail: "Filter must be a hash" }] });
});
test("8. filter that is not a hash → 400 (served indexes)", async () => {
  for (const [, path] of INDEXES) {
    const sep = path.includes("?") ? "&" : "?";
    const response = await get(`${path}${sep}filter=abc`);
    assert.equal(response.status, 400, path);
    assert.deepEqual(response.json, { errors: [{ title: "Bad parameter", detail: "Filter must be a hash" }] });
  }
});

async function checkCohortFilter(path) {
  assert.deepEqual(ids(await get(`${path}?filter[cohort]=abc`)), []);
  const unfiltered = ids(await get(path)).sort();
  assert.deepEqual(ids(await get(`${path}?filter[cohort]=`)).sort(), unfiltered);
  const a = ids(await get(`${path}?filter[cohort]=2021`));
  const b = ids(await get(`${path}?filter[cohort]=2022`));
  const union = [...new Set([...a, ...b])].sort();
  assert.deepEqual(ids(await get(`${path}?filter[cohort]=2021,2022`)).sort(), union);
  assert.deepEqual(ids(await get(`${path}?filter[cohort]=2021,abc`)).sort(), [...a].sort());
}

test("9. cohort filter: abc → [], blank → unfiltered, list → union (delivery partners, partnerships)",
     async () => {
       await checkCohortFilter("/api/v3/delivery-partners");
       await checkCohortFilter("/api/v3/partnerships");
     });
test("9. cohort filter (participants)", todoUnless("participants"),
     () => checkCohortFilter("/api/v3/participants"));

test("10. show another provider's id, a random UUID, not-a-uuid → 404", async () => {
  const own = await get(`/api/v3/partnerships/${LP1_PARTNERSHIP}`);
  assert.equal(own.status, 200, own.text);
  for (const id of [LP2_PARTNERSHIP, "9f1c3c55-2b7e-4c1e-9d55-0a0a0a0a0a0a", "not-a-uuid"]) {
    for (const path of [`/api/v3/partnerships/${id}`, `/api/v3/delivery-partners/${id}`,
                        `/api/v3/schools/${id}?filter[cohort]=2021`]) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(response.json, NOT_FOUND, path);
    }
  }
});
test("10. show with a foreign or unknown id → 404 (participants, declarations, statements)",
     todoUnless("participants", "participant-declarations", "statements"), async () => {
       for (const resource of ["participants", "participant-declarations", "statements"]) {
         for (const id of ["9f1c3c55-2b7e-4c1e-9d55-0a0a0a0a0a0a", "not-a-uuid"]) {
           const response = await get(`/api/v3/${resource}/${id}`);
           assert.equal(response.status, 404, resource);
           assert.deepEqual(response.json, NOT_FOUND);
         }
       }
     });

async function checkSort(path, options) {
  const sep = path.includes("?") ? "&" : "?";
  const desc = (await get(`${path}${sep}sort=-updated_at&page[per_page]=3000`, options)).json.data;
  for (let i = 1; i < desc.length; i++) {
    assert.ok(desc[i - 1].attributes.updated_at >= desc[i].attributes.updated_at, "descending");
  }
  const bogus = ids(await get(`${path}${sep}sort=bogus&page[per_page]=3000`, options));
  const created = ids(await get(`${path}${sep}sort=created_at&page[per_page]=3000`, options));
  const plain = ids(await get(`${path}${sep}page[per_page]=3000`, options));
  assert.deepEqual(bogus, created);
  assert.deepEqual(plain, created);
}

test("11. sort=-updated_at descending; sort=bogus → created_at ascending", async () => {
  await checkSort("/api/v3/partnerships", { token: LP2_TOKEN });
  await checkSort("/api/v3/schools?filter[cohort]=2021");
  await checkSort("/api/v3/delivery-partners");
});
test("11. sort (participants)", todoUnless("participants"), () => checkSort("/api/v3/participants"));

test("25. the 1001st call in one 5-minute window with the same header → 429", async () => {
  // A header of its own (unknown tokens count too), so no other check is limited.
  const header = { raw: `Bearer conformance-limit-${Date.now()}-${process.pid}` };
  // Not across a window's edge: wait for the next window when too close to one.
  const into = Math.floor(Date.now() / 1000) % 300;
  if (into > 270) await new Promise((r) => setTimeout(r, (301 - into) * 1000));
  const statuses = {};
  for (let i = 0; i < 1000; i++) {
    const response = await api("GET", "/api/v3/delivery-partners", { token: header });
    statuses[response.status] = (statuses[response.status] || 0) + 1;
  }
  assert.deepEqual(statuses, { 401: 1000 });
  const limited = await api("GET", "/api/v3/delivery-partners", { token: header });
  assert.equal(limited.status, 429);
  assert.equal(limited.text, "Retry later\n");
  assert.equal(limited.headers.get("retry-after"), null);
});

test("§4 backstop: the 1501st call from one client address in a 5-minute window → 429", async () => {
  // An address of its own (documentation range, varied per run), no Authorization header: only
  // the backstop applies.
  const address = `192.0.2.${(Date.now() + process.pid) % 250 + 1}`;
  const headers = { "X-Real-IP": address };
  const into = Math.floor(Date.now() / 1000) % 300;
  if (into > 260) await new Promise((r) => setTimeout(r, (301 - into) * 1000));
  const statuses = {};
  for (let i = 0; i < 1500; i++) {
    const response = await api("GET", "/api/v3/delivery-partners", { token: null, headers });
    statuses[response.status] = (statuses[response.status] || 0) + 1;
  }
  assert.deepEqual(statuses, { 401: 1500 });
  const limited = await api("GET", "/api/v3/delivery-partners", { token: null, headers });
  assert.equal(limited.status, 429);
  assert.equal(limited.text, "Retry later\n");
  // Another address is not held back.
  const other = await api("GET", "/api/v3/delivery-partners",
                          { token: null, headers: { "X-Real-IP": "198.51.100.200" } });
  assert.equal(other.status, 401);
});

test("25. sandbox: an X-With-Server-Date that is no date → 400 (not production)",
     SANDBOX ? {} : { skip: "the stack is production (RECT_CONF_SANDBOX unset)" }, async () => {
       const response = await get("/api/v3/delivery-partners", { headers: { "X-With-Server-Date": "banana" } });
       assert.equal(response.status, 400);
       assert.deepEqual(response.json, { errors: [{ title: "Bad request",
         detail: "The 'X-With-Server-Date' header must be a valid ISO 8601 date" }] });
       const fine = await get("/api/v3/delivery-partners", { headers: { "X-With-Server-Date": "2027-01-10T10:42:00Z" } });
       assert.equal(fine.status, 200);
     });

test("docs: Swagger UI, the contract and release notes are served", async () => {
  const page = await fetch(`${GATEWAY}/api/docs/v3`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /\/assets\/swagger-ui\/swagger-ui-bundle\.js/);
  assert.doesNotMatch(html, /<script>/);
  for (const asset of ["swagger-ui-bundle.js", "swagger-ui.css", "init.js"]) {
    const response = await fetch(`${GATEWAY}/assets/swagger-ui/${asset}`);
    assert.equal(response.status, 200, asset);
  }
  const notes = await fetch(`${GATEWAY}/api/guidance/release-notes`);
  assert.equal(notes.status, 200);
});
