// Conformance checks 12–25 of lead-provider-api.md §8 that write: declarations, participant
// actions and partnerships, plus the sandbox clock on a declaration. Subjects are found in the
// calling provider's own participants, so the checks run on any seeded stack. Every response
// is validated against the contract's schemas (client.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BODY_SHAPE_ERROR, LP1_PARTNERSHIP, LP2_DELIVERY_PARTNER, LP2_EOI_PARTICIPANT, LP2_TOKEN,
  NOT_FOUND, SANDBOX, all, get, isoDaysFromNow,
  pending, post, put, todoUnless, unprocessable,
} from "./client.mjs";

const DUPLICATE = "A declaration has already been submitted that will be, or has been, paid for this event.";
const NOT_RECOGNISED_COURSE =
  "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
const NOT_RECOGNISED_PARTICIPANT =
  "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.";
const FUTURE = "The '#/declaration_date' value cannot be a future date. Check the date and try again.";
const RFC3339 = "Enter a valid RCF3339 '#/declaration_date'.";

function declaration(attributes) {
  return { data: { type: "participant-declaration", attributes } };
}

// The first of X's participants with an enrolment matching `match` (role, cohort, status...).
async function findEnrolment(match, options) {
  for (const participant of await all("/api/v3/participants", options)) {
    for (const enrolment of participant.attributes.ecf_enrolments) {
      if (match(enrolment, participant)) return { participant, enrolment };
    }
  }
  assert.fail("no participant in the seed data fits this check");
}

const isEct = (e) => e.participant_type === "ect";
const isMentor = (e) => e.participant_type === "mentor";
const active = (e) => e.training_status === "active";

// A started date inside the enrolment's cohort's first milestone window (the cohort's
// September), as a whole-second UTC time.
const startedDate = (e) => `${e.cohort}-10-01T10:00:00Z`;

test("12. POST declaration {\"data\":{}} → 400 body shape", todoUnless("participant-declarations"), async () => {
  for (const body of [{ data: {} }, {}, { data: { type: "participant-declaration" } },
                      { data: { attributes: { unknown: 1 } } }]) {
    const response = await post("/api/v3/participant-declarations", body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.deepEqual(response.json, BODY_SHAPE_ERROR);
  }
});

test("13–14. funded ECT → eligible with a statement; exact repeat → 200 same; other duplicate → 422",
     pending("13", "participant-declarations"), async () => {
  const { participant, enrolment } = await findEnrolment(
    (e) => isEct(e) && active(e) && e.eligible_for_funding === true && Number(e.cohort) >= 2023);
  const attributes = {
    participant_id: participant.id, course_identifier: "ecf-induction", declaration_type: "started",
    declaration_date: startedDate(enrolment), evidence_held: "training-event-attended",
  };
  const first = await post("/api/v3/participant-declarations", declaration(attributes));
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.data.attributes.state, "eligible");
  assert.ok(first.json.data.attributes.statement_id);
  // The contract's promise: an exact copy gets the first response again.
  const repeat = await post("/api/v3/participant-declarations", declaration(attributes));
  assert.equal(repeat.status, 200, repeat.text);
  assert.deepEqual(repeat.json, first.json);
  // A different body for the same event is still a duplicate.
  const other = await post("/api/v3/participant-declarations",
    declaration({ ...attributes, declaration_date: attributes.declaration_date.replace("10:00:00", "11:00:00") }));
  assert.equal(other.status, 422, other.text);
  assert.deepEqual(other.json, unprocessable("declaration_type", DUPLICATE));
});

test("13. unfunded ECT → submitted, statement_id null", pending("13", "participant-declarations"), async () => {
  const { participant, enrolment } = await findEnrolment(
    (e) => isEct(e) && active(e) && e.eligible_for_funding !== true && Number(e.cohort) >= 2023);
  const response = await post("/api/v3/participant-declarations", declaration({
    participant_id: participant.id, course_identifier: "ecf-induction", declaration_type: "started",
    declaration_date: startedDate(enrolment), evidence_held: "training-event-attended",
  }));
  assert.equal(response.status, 200, response.text);
  assert.equal(response.json.data.attributes.state, "submitted");
  assert.equal(response.json.data.attributes.statement_id, null);
});

test("15. future declaration_date → 422; date without time → 422 RCF3339",
     todoUnless("participant-declarations"), async () => {
  const { participant } = await findEnrolment((e) => isEct(e) && active(e));
  const base = { participant_id: participant.id, course_identifier: "ecf-induction",
                 declaration_type: "retained-1", evidence_held: "training-event-attended" };
  const tomorrow = await post("/api/v3/participant-declarations",
    declaration({ ...base, declaration_date: isoDaysFromNow(1) }));
  assert.equal(tomorrow.status, 422, tomorrow.text);
  assert.deepEqual(tomorrow.json.errors.find((e) => e.title === "declaration_date"),
                   { title: "declaration_date", detail: FUTURE });
  const dateOnly = await post("/api/v3/participant-declarations",
    declaration({ ...base, declaration_date: "2025-10-01" }));
  assert.equal(dateOnly.status, 422, dateOnly.text);
  assert.deepEqual(dateOnly.json.errors.find((e) => e.title === "declaration_date"),
                   { title: "declaration_date", detail: RFC3339 });
});

test("16. ecf-mentor for an ECT-only person → course_identifier; stranger → participant_id",
     pending("16", "participant-declarations"), async () => {
  const { participant, enrolment } = await findEnrolment(
    (e, p) => isEct(e) && !p.attributes.ecf_enrolments.some(isMentor));
  const mentor = await post("/api/v3/participant-declarations", declaration({
    participant_id: participant.id, course_identifier: "ecf-mentor", declaration_type: "started",
    declaration_date: startedDate(enrolment), evidence_held: "training-event-attended",
  }));
  assert.equal(mentor.status, 422, mentor.text);
  assert.deepEqual(mentor.json, unprocessable("course_identifier", NOT_RECOGNISED_COURSE));
  // Someone only LP2 trains is a stranger to LP1.
  const lp1 = new Set((await all("/api/v3/participants")).map((p) => p.id));
  const stranger = (await all("/api/v3/participants", { token: LP2_TOKEN })).find((p) => !lp1.has(p.id));
  assert.ok(stranger, "no participant trained only by LP2 in the seed data");
  const response = await post("/api/v3/participant-declarations", declaration({
    participant_id: stranger.id, course_identifier: "ecf-induction", declaration_type: "started",
    declaration_date: "2025-10-01T10:00:00Z", evidence_held: "training-event-attended",
  }));
  assert.equal(response.status, 422, response.text);
  assert.deepEqual(response.json, unprocessable("participant_id", NOT_RECOGNISED_PARTICIPANT));
});

test("17. 2025 mentor retained-1 → 422 declaration_type", pending("17", "participant-declarations"), async () => {
  const { participant } = await findEnrolment((e) => isMentor(e) && Number(e.cohort) >= 2025);
  const response = await post("/api/v3/participant-declarations", declaration({
    participant_id: participant.id, course_identifier: "ecf-mentor", declaration_type: "retained-1",
    declaration_date: "2025-12-01T10:00:00Z", evidence_held: "training-event-attended",
  }));
  assert.equal(response.status, 422, response.text);
  assert.deepEqual(response.json, unprocessable("declaration_type",
    "You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration."));
});

test("18. evidence rules: 2025 retained-2 wrong type, 2025 started without, 2024 started discarded",
     pending("18", "participant-declarations"), async () => {
  const ect2025 = await findEnrolment((e) => isEct(e) && active(e) && Number(e.cohort) >= 2025);
  const wrong = await post("/api/v3/participant-declarations", declaration({
    participant_id: ect2025.participant.id, course_identifier: "ecf-induction",
    declaration_type: "retained-2", declaration_date: `${ect2025.enrolment.cohort}-12-01T10:00:00Z`,
    evidence_held: "training-event-attended",
  }));
  assert.equal(wrong.status, 422, wrong.text);
  assert.ok(wrong.json.errors.some((e) => e.title === "evidence_held" &&
    e.detail === "Enter an available '#/evidence_held' type for this participant."), wrong.text);
  const missing = await post("/api/v3/participant-declarations", declaration({
    participant_id: ect2025.participant.id, course_identifier: "ecf-induction",
    declaration_type: "started", declaration_date: startedDate(ect2025.enrolment),
  }));
  assert.equal(missing.status, 422, missing.text);
  assert.ok(missing.json.errors.some((e) => e.title === "evidence_held" &&
    e.detail === "Enter a '#/evidence_held' value for this participant."), missing.text);
  const ect2024 = await findEnrolment((e) => isEct(e) && active(e) && e.cohort === "2024");
  const discarded = await post("/api/v3/participant-declarations", declaration({
    participant_id: ect2024.participant.id, course_identifier: "ecf-induction",
    declaration_type: "started", declaration_date: startedDate(ect2024.enrolment),
    evidence_held: "anything-at-all",
  }));
  assert.equal(discarded.status, 200, discarded.text);
  assert.equal(discarded.json.data.attributes.evidence_held, null);
});

test("19. 2025 sequence; 2024 milestone window", pending("19", "participant-declarations"), async () => {
  const ect2025 = await findEnrolment((e) => isEct(e) && active(e) && Number(e.cohort) >= 2025);
  const started = await post("/api/v3/participant-declarations", declaration({
    participant_id: ect2025.participant.id, course_identifier: "ecf-induction", declaration_type: "started",
    declaration_date: `${ect2025.enrolment.cohort}-11-01T10:00:00Z`, evidence_held: "training-event-attended",
  }));
  assert.ok([200, 422].includes(started.status), started.text);  // 422: already declared
  const early = await post("/api/v3/participant-declarations", declaration({
    participant_id: ect2025.participant.id, course_identifier: "ecf-induction", declaration_type: "retained-1",
    declaration_date: `${ect2025.enrolment.cohort}-10-15T10:00:00Z`, evidence_held: "training-event-attended",
  }));
  assert.equal(early.status, 422, early.text);
  assert.ok(early.json.errors.some((e) => e.title === "declaration_date" && e.detail ===
    "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this participant."), early.text);
  const ect2024 = await findEnrolment((e) => isEct(e) && active(e) && e.cohort === "2024");
  const outside = await post("/api/v3/participant-declarations", declaration({
    participant_id: ect2024.participant.id, course_identifier: "ecf-induction", declaration_type: "retained-1",
    declaration_date: "2024-01-01T10:00:00Z", evidence_held: "training-event-attended",
  }));
  assert.equal(outside.status, 422, outside.text);
  assert.ok(outside.json.errors.some((e) => e.title === "declaration_date" && /milestone/.test(e.detail)), outside.text);
});

test("20–21. void: submitted/eligible → voided; again → 422; another provider's → 404",
     pending("20", "participant-declarations"), async () => {
  const mine = (await all("/api/v3/participant-declarations")).find((d) =>
    ["submitted", "eligible", "payable"].includes(d.attributes.state) && !d.attributes.lead_provider_name?.includes("Southern"));
  assert.ok(mine, "no voidable declaration of LP1");
  const voided = await put(`/api/v3/participant-declarations/${mine.id}/void`);
  assert.equal(voided.status, 200, voided.text);
  assert.equal(voided.json.data.attributes.state, "voided");
  assert.equal(voided.json.data.attributes.statement_id, null);
  const again = await put(`/api/v3/participant-declarations/${mine.id}/void`);
  assert.equal(again.status, 422, again.text);
  assert.deepEqual(again.json, unprocessable("participant_declaration_id", "The declaration has already been voided."));
  const theirs = (await all("/api/v3/participant-declarations", { token: LP2_TOKEN }))[0];
  assert.ok(theirs, "no declaration of LP2");
  const foreign = await put(`/api/v3/participant-declarations/${theirs.id}/void`);
  assert.equal(foreign.status, 404);
  assert.deepEqual(foreign.json, NOT_FOUND);
  // A clawback needs a statement to come; closed cohorts (2021-2022) have none (§6.5).
  const cohortOf = new Map((await all("/api/v3/statements")).map((s) => [s.id, Number(s.attributes.cohort)]));
  const paid = (await all("/api/v3/participant-declarations")).find((d) =>
    d.attributes.state === "paid" && cohortOf.get(d.attributes.statement_id) >= 2023);
  assert.ok(paid, "no paid declaration of LP1 in an open cohort");
  const clawback = await put(`/api/v3/participant-declarations/${paid.id}/void`);
  assert.equal(clawback.status, 200, clawback.text);
  assert.equal(clawback.json.data.attributes.state, "awaiting-clawback");
  assert.ok(clawback.json.data.attributes.clawback_statement_id);
  const refunded = await put(`/api/v3/participant-declarations/${paid.id}/void`);
  assert.deepEqual(refunded.json, unprocessable("participant_declaration_id", "The declaration will or has been refunded"));
});

test("22. withdraw: ECT for mentor reason → 422 reason; valid → withdrawn/left; repeat → 422",
     todoUnless("participant-actions"), async () => {
  const { participant } = await findEnrolment(
    (e) => isEct(e) && active(e) && e.participant_status === "active");
  const path = `/api/v3/participants/${participant.id}/withdraw`;
  const body = (reason) => ({ data: { type: "participant-withdraw",
    attributes: { reason, course_identifier: "ecf-induction" } } });
  const wrongReason = await put(path, body("mentor-no-longer-being-mentor"));
  assert.equal(wrongReason.status, 422, wrongReason.text);
  assert.deepEqual(wrongReason.json, unprocessable("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor."));
  const ok = await put(path, body("left-teaching-profession"));
  assert.equal(ok.status, 200, ok.text);
  const enrolment = ok.json.data.attributes.ecf_enrolments.find(isEct);
  assert.equal(enrolment.training_status, "withdrawn");
  assert.equal(enrolment.participant_status, "left");
  assert.equal(enrolment.withdrawal.reason, "left-teaching-profession");
  const again = await put(path, body("left-teaching-profession"));
  assert.equal(again.status, 422, again.text);
  assert.deepEqual(again.json, unprocessable("participant_id", "The '#/participant_id' is already withdrawn."));
});

test("23. defer on the first training day → 422 today; resume an active person → 422",
     todoUnless("participant-actions"), async () => {
  const joining = await findEnrolment((e) => isEct(e) && active(e) && e.participant_status === "joining");
  const today = await put(`/api/v3/participants/${joining.participant.id}/defer`, { data: {
    type: "participant-defer", attributes: { reason: "parental-leave", course_identifier: "ecf-induction" } } });
  assert.equal(today.status, 422, today.text);
  const { participant } = await findEnrolment((e) => isEct(e) && active(e) && e.participant_status === "active");
  const resume = await put(`/api/v3/participants/${participant.id}/resume`, { data: {
    type: "participant-resume", attributes: { course_identifier: "ecf-induction" } } });
  assert.equal(resume.status, 422, resume.text);
  assert.deepEqual(resume.json, unprocessable("participant_id", "The '#/participant_id' is already active."));
});

test("24. partnership already held → 422 school_id; PUT current DP → 422 delivery_partner_id",
     todoUnless("partnerships-write"), async () => {
  const existing = (await get(`/api/v3/partnerships/${LP1_PARTNERSHIP}`)).json.data.attributes;
  const create = await post("/api/v3/partnerships", { data: { type: "partnership", attributes: {
    cohort: existing.cohort, school_id: existing.school_id, delivery_partner_id: existing.delivery_partner_id } } });
  assert.equal(create.status, 422, create.text);
  assert.deepEqual(create.json, unprocessable("school_id",
    "You are already in a confirmed partnership with this school for the entered cohort."));
  const update = await put(`/api/v3/partnerships/${LP1_PARTNERSHIP}`, { data: { type: "partnership",
    attributes: { delivery_partner_id: existing.delivery_partner_id } } });
  assert.equal(update.status, 422, update.text);
  assert.deepEqual(update.json, unprocessable("delivery_partner_id",
    "We are unable to process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact the DfE for support."));
});

test("24. change-schedule to the current schedule → 422", todoUnless("participant-actions"), async () => {
  const { participant, enrolment } = await findEnrolment((e) => isEct(e) && active(e) && e.schedule_identifier);
  const response = await put(`/api/v3/participants/${participant.id}/change-schedule`, { data: {
    type: "participant-change-schedule", attributes: { schedule_identifier: enrolment.schedule_identifier,
      course_identifier: "ecf-induction", cohort: enrolment.cohort } } });
  assert.equal(response.status, 422, response.text);
  assert.deepEqual(response.json, unprocessable("schedule_identifier", "Selected schedule is already on the profile"));
});

test("24. change-schedule: a cohort without a partnership → 422 cohort; a joining ECT moves → 200",
     todoUnless("participant-actions"), async () => {
  const { participant, enrolment } = await findEnrolment(
    (e) => isEct(e) && active(e) && e.participant_status === "joining");
  const path = `/api/v3/participants/${participant.id}/change-schedule`;
  const body = (attributes) => ({ data: { type: "participant-change-schedule",
    attributes: { course_identifier: "ecf-induction", ...attributes } } });
  // No partnership of the provider with the school in 2022 (the seed partners it in 2021 and
  // 2023-2025).
  const noPartnership = await put(path, body({ schedule_identifier: "ecf-standard-september", cohort: "2022" }));
  assert.equal(noPartnership.status, 422, noPartnership.text);
  assert.deepEqual(noPartnership.json, unprocessable("cohort",
    "You cannot change a participant to this contract_period as you do not have a partnership with the school for the contract_period. Contact the DfE for assistance."));
  const unknown = await put(path, body({ schedule_identifier: "ecf-standard-march" }));
  assert.deepEqual(unknown.json, unprocessable("schedule_identifier", "Enter a valid schedule identifier."));
  const replacement = await put(path, body({ schedule_identifier: "ecf-replacement-january" }));
  assert.deepEqual(replacement.json, unprocessable("schedule_identifier",
    "Selected schedule is not valid for the course_identifier"));
  const moved = await put(path, body({ schedule_identifier: "ecf-extended-september", cohort: enrolment.cohort }));
  assert.equal(moved.status, 200, moved.text);
  const after = moved.json.data.attributes.ecf_enrolments.find(isEct);
  assert.equal(after.schedule_identifier, "ecf-extended-september");
  assert.equal(after.cohort, enrolment.cohort);
  assert.equal(after.participant_status, "joining");
  assert.ok(moved.json.data.attributes.updated_at >= participant.attributes.updated_at);
  const again = await put(path, body({ schedule_identifier: "ecf-extended-september" }));
  assert.deepEqual(again.json, unprocessable("schedule_identifier", "Selected schedule is already on the profile"));
});

test("§5.4 POST partnership: the provider's expression-of-interest participants at the school join it",
     todoUnless("partnerships-write"), async () => {
  const options = { token: LP2_TOKEN };
  const before = await get(`/api/v3/participants/${LP2_EOI_PARTICIPANT}`, options);
  assert.equal(before.status, 404, before.text);
  const schools = await get("/api/v3/schools?filter[cohort]=2025&filter[urn]=100016", options);
  assert.equal(schools.status, 200, schools.text);
  assert.equal(schools.json.data.length, 1, schools.text);
  const created = await post("/api/v3/partnerships", { data: { type: "partnership", attributes: {
    cohort: "2025", school_id: schools.json.data[0].id, delivery_partner_id: LP2_DELIVERY_PARTNER } } },
    options);
  assert.equal(created.status, 200, created.text);
  const after = await get(`/api/v3/participants/${LP2_EOI_PARTICIPANT}`, options);
  assert.equal(after.status, 200, after.text);
  const enrolment = after.json.data.attributes.ecf_enrolments[0];
  assert.equal(enrolment.school_urn, "100016");
  assert.equal(enrolment.cohort, "2025");
  assert.equal(enrolment.delivery_partner_id, LP2_DELIVERY_PARTNER);
});

test("25. sandbox: a declaration dated 2027-01-10 passes with X-With-Server-Date, not without",
     SANDBOX ? pending("25-sandbox", "participant-declarations")
             : { skip: "the stack is production (RECT_CONF_SANDBOX unset)" }, async () => {
  const { participant } = await findEnrolment((e) => isEct(e) && active(e) && Number(e.cohort) >= 2025);
  const body = declaration({ participant_id: participant.id, course_identifier: "ecf-induction",
    declaration_type: "retained-1", declaration_date: "2027-01-10T10:00:00Z",
    evidence_held: "training-event-attended" });
  const without = await post("/api/v3/participant-declarations", body);
  assert.equal(without.status, 422, without.text);
  assert.ok(without.json.errors.some((e) => e.detail === FUTURE), without.text);
  const withDate = await post("/api/v3/participant-declarations", body,
                              { headers: { "X-With-Server-Date": "2027-01-10T10:42:00Z" } });
  assert.ok(!(withDate.json.errors || []).some((e) => e.detail === FUTURE), withDate.text);
});
