// Transfers (lead-provider-api.md §5.3, §2): GET /api/v3/participants/transfers and
// /api/v3/participants/{id}/transfers. Every response is validated against the contract's
// ParticipantsTransfersResponse / ParticipantTransferResponse schemas (client.mjs). The seed has
// no moves, so the checks on transfer bodies run over whatever the stack holds (the browser
// tests' moves when they ran first) and the conventions are checked on any list.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ACCESS_DENIED, GATEWAY, LP2_TOKEN, NOT_FOUND, PAGINATION_ERROR, all, get,
} from "./client.mjs";

assert.ok(GATEWAY, "set RECT_CONF_GATEWAY_URL");

const INDEX = "/api/v3/participants/transfers";

test("transfers: 401 without a valid token", async () => {
  for (const path of [INDEX, "/api/v3/participants/ac3d1243-7308-4879-942a-c4a70ced400a/transfers"]) {
    const response = await get(path, { token: null });
    assert.equal(response.status, 401, path);
    assert.deepEqual(response.json, ACCESS_DENIED);
    const bad = await get(path, { token: { raw: "Bearer not-a-token" } });
    assert.equal(bad.status, 401, path);
  }
});

test("transfers: the index is only data, of participant-transfers, whatever the provider", async () => {
  for (const token of [undefined, LP2_TOKEN]) {
    const response = await get(INDEX, token === undefined ? {} : { token });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(Object.keys(response.json), ["data"]);
    for (const item of response.json.data) {
      assert.deepEqual(Object.keys(item), ["id", "type", "attributes"]);
      assert.equal(item.type, "participant-transfer");
      assert.ok(item.attributes.transfers.length > 0, "only participants with transfers");
      for (const transfer of item.attributes.transfers) {
        assert.ok(["complete", "incomplete"].includes(transfer.status));
        if (transfer.transfer_type === "unknown") assert.equal(transfer.joining, null);
        else assert.notEqual(transfer.joining, null);
      }
    }
  }
});

test("transfers: the index is not taken for a participant id", async () => {
  // /participants/transfers is the transfers index, not a participant called "transfers".
  const response = await get(INDEX);
  assert.equal(response.status, 200);
  assert.ok(Array.isArray(response.json.data));
});

test("transfers: every listed participant shows with the same transfers; others 404", async () => {
  const items = await all(INDEX);
  for (const item of items) {
    const shown = await get(`/api/v3/participants/${item.id}/transfers`);
    assert.equal(shown.status, 200, shown.text);
    assert.deepEqual(shown.json.data, item);
  }
  for (const id of ["not-a-uuid", "ac3d1243-7308-4879-942a-c4a70ced400a"]) {
    const missing = await get(`/api/v3/participants/${id}/transfers`);
    assert.equal(missing.status, 404, id);
    assert.deepEqual(missing.json, NOT_FOUND);
  }
});

test("transfers: another provider's participant is 404 unless it is in both", async () => {
  const mine = new Set((await all(INDEX)).map((p) => p.id));
  const theirs = new Set((await all(INDEX, { token: LP2_TOKEN })).map((p) => p.id));
  for (const id of theirs) {
    const response = await get(`/api/v3/participants/${id}/transfers`);
    assert.equal(response.status, mine.has(id) ? 200 : 404, id);
  }
});

test("transfers: pagination, sort and filter conventions", async () => {
  for (const bad of ["0", "-1", "abc"]) {
    const response = await get(`${INDEX}?page[page]=${bad}`);
    assert.equal(response.status, 400, bad);
    assert.deepEqual(response.json, PAGINATION_ERROR);
  }
  const past = await get(`${INDEX}?page[page]=1000&page[per_page]=100`);
  assert.deepEqual(past.json, { data: [] });
  const notHash = await get(`${INDEX}?filter=x`);
  assert.equal(notHash.status, 400);
  assert.deepEqual(notHash.json, { errors: [{ title: "Bad parameter", detail: "Filter must be a hash" }] });
  const badSince = await get(`${INDEX}?filter[updated_since]=2024-01-01`);
  assert.equal(badSince.status, 400);
  assert.deepEqual(badSince.json, {
    errors: [{ title: "Bad request", detail: "The filter '#/updated_since' must be a valid ISO 8601 date" }],
  });
  const future = await get(`${INDEX}?filter[updated_since]=2100-01-01T00:00:00Z`);
  assert.deepEqual(future.json, { data: [] });
  const ascending = (await all(`${INDEX}?sort=updated_at`)).map((p) => p.attributes.updated_at);
  assert.deepEqual(ascending, [...ascending].sort());
  const descending = (await all(`${INDEX}?sort=-updated_at`)).map((p) => p.attributes.updated_at);
  assert.deepEqual(descending, [...descending].sort().reverse());
  const since = ascending[0];
  if (since) {
    const filtered = await all(`${INDEX}?filter[updated_since]=${since}`);
    assert.equal(filtered.length, ascending.length);
  }
});
