#include "services/partnerships/confirm_store.h"

#include <pqxx/pqxx>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/tokens.h"

namespace rect::partnerships {
namespace {

// A PostgreSQL array literal of values that need no quoting (URNs are digits, ids UUIDs).
std::string ArrayLiteral(const std::vector<std::string>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

std::vector<std::string> ParseArray(const std::string& literal) {
  absl::string_view inner = literal;
  if (inner.size() >= 2) inner = inner.substr(1, inner.size() - 2);
  if (inner.empty()) return {};
  return absl::StrSplit(inner, ',');
}

std::optional<UrnError> UrnErrorFromMessage(absl::string_view message) {
  for (UrnError error :
       {UrnError::kInvalid, UrnError::kFundingError, UrnError::kIneligible,
        UrnError::kAlreadyConfirmed, UrnError::kRecruitedByOtherProvider,
        UrnError::kProgrammeNotYetConfirmed}) {
    if (UrnErrorMessage(error) == message) return error;
  }
  return std::nullopt;
}

nlohmann::json RowsToJson(const std::vector<CheckedRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const CheckedRow& row : rows) {
    out.push_back({{"line", row.uploaded.line},
                   {"your_data", row.uploaded.your_data},
                   {"urn", row.uploaded.urn},
                   {"school_id", row.school_id},
                   {"school_name", row.school_name},
                   {"error", row.error ? std::string(UrnErrorMessage(*row.error)) : ""}});
  }
  return out;
}

std::vector<CheckedRow> RowsFromJson(const std::string& text) {
  std::vector<CheckedRow> rows;
  const nlohmann::json json = nlohmann::json::parse(text);
  for (const nlohmann::json& item : json) {
    CheckedRow row;
    row.uploaded.line = item.value("line", 0);
    row.uploaded.your_data = item.value("your_data", "");
    row.uploaded.urn = item.value("urn", "");
    row.school_id = item.value("school_id", "");
    row.school_name = item.value("school_name", "");
    row.error = UrnErrorFromMessage(item.value("error", ""));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The facts of CheckSchool for every school named by `urns` in `cohort`.
std::map<std::string, SchoolFacts> LookupFacts(pqxx::transaction_base& txn,
                                               const std::vector<std::string>& urns,
                                               int cohort) {
  std::map<std::string, SchoolFacts> facts;
  if (urns.empty()) return facts;
  const pqxx::result rows = txn.exec_params(
      "WITH wanted AS (SELECT id, urn, name, eligible, cip_only FROM gias_schools "
      "                WHERE urn = ANY($1::text[])), "
      "counted AS (SELECT p.school_id, "
      "    array_agg(DISTINCT p.lead_provider_id::text) FILTER "
      "      (WHERE p.contract_period_year = $2) AS lead_providers, "
      "    bool_or(p.contract_period_year = $2 - 1) AS previous "
      "  FROM partnerships p JOIN wanted w ON w.id = p.school_id "
      "  WHERE NOT p.relationship AND p.challenge_reason IS NULL AND p.challenged_at IS NULL "
      "    AND p.contract_period_year IN ($2, $2 - 1) GROUP BY p.school_id) "
      "SELECT w.urn, w.id, w.name, w.eligible, w.cip_only, "
      "  coalesce(c.lead_providers, '{}'), coalesce(c.previous, false), sc.id IS NOT NULL "
      "FROM wanted w LEFT JOIN counted c ON c.school_id = w.id "
      "LEFT JOIN school_cohorts sc ON sc.school_id = w.id AND sc.contract_period_year = $2",
      ArrayLiteral(urns), cohort);
  for (const pqxx::row& row : rows) {
    SchoolFacts f;
    f.found = true;
    f.school_id = row[1].as<std::string>();
    f.name = row[2].as<std::string>();
    f.eligible = row[3].as<bool>();
    f.cip_only = row[4].as<bool>();
    f.lead_providers_in_cohort = ParseArray(row[5].as<std::string>());
    f.partnered_in_previous_cohort = row[6].as<bool>();
    f.has_school_cohort = row[7].as<bool>();
    facts[row[0].as<std::string>()] = std::move(f);
  }
  return facts;
}

constexpr char kUploadColumns[] =
    "u.id, u.lead_provider_id, u.delivery_partner_id, dp.name, u.contract_period_year, "
    "u.checked_rows::text, u.rows_with_errors, u.valid_school_ids::text, "
    "u.confirmed_at IS NOT NULL, (extract(epoch FROM u.created_at) * 1000000)::bigint";

// The valid schools of an upload (`ids`, a uuid[] literal) in upload order, with today's names.
std::vector<UploadSchoolRecord> ValidSchools(pqxx::transaction_base& txn, const std::string& ids) {
  const pqxx::result schools = txn.exec_params(
      "SELECT s.id, s.urn, s.name, coalesce(s.local_authority_name, '') "
      "FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, n) JOIN gias_schools s ON s.id = v.id "
      "ORDER BY v.n",
      ids);
  std::vector<UploadSchoolRecord> valid;
  valid.reserve(schools.size());
  for (const pqxx::row& school : schools) {
    valid.push_back({school[0].as<std::string>(), school[1].as<std::string>(),
                     school[2].as<std::string>(), school[3].as<std::string>()});
  }
  return valid;
}

UploadRecord ReadUpload(pqxx::transaction_base& txn, const pqxx::row& row) {
  UploadRecord upload;
  upload.id = row[0].as<std::string>();
  upload.lead_provider_id = row[1].as<std::string>();
  upload.delivery_partner_id = row[2].as<std::string>();
  upload.delivery_partner_name = row[3].as<std::string>();
  upload.cohort = row[4].as<int>();
  upload.rows = RowsFromJson(row[5].as<std::string>());
  upload.rows_with_errors = row[6].as<int>();
  upload.confirmed = row[8].as<bool>();
  upload.created_at = absl::FromUnixMicros(row[9].as<int64_t>());
  upload.valid_schools = ValidSchools(txn, row[7].as<std::string>());
  return upload;
}

std::optional<UploadRecord> FindUpload(pqxx::transaction_base& txn,
                                       const std::string& lead_provider_id,
                                       const std::string& id, bool lock) {
  const pqxx::result rows = txn.exec_params(
      absl::StrCat("SELECT ", kUploadColumns,
                   " FROM partnership_csv_uploads u "
                   "JOIN delivery_partners dp ON dp.id = u.delivery_partner_id "
                   "WHERE u.id = $1 AND u.lead_provider_id = $2",
                   lock ? " FOR UPDATE OF u" : ""),
      id, lead_provider_id);
  if (rows.empty()) return std::nullopt;
  return ReadUpload(txn, rows[0]);
}

// Reports one school (partnerships.md §4 "What confirming saves", steps 1–4) and returns the
// partnership's id and new report id.
std::pair<std::string, std::string> ReportSchool(pqxx::work& txn, const std::string& school_id,
                                                 const std::string& lead_provider_id,
                                                 const std::string& delivery_partner_id,
                                                 int cohort, absl::Time deadline) {
  const int64_t deadline_micros = absl::ToUnixMicros(deadline);
  // A relationship row with this very delivery partner becomes a normal partnership; else the
  // lead provider's partnership with the school that year is reused (a re-upload after a
  // challenge, perhaps with another delivery partner); else a new one is made.
  pqxx::result found = txn.exec_params(
      "SELECT id FROM partnerships WHERE school_id = $1 AND lead_provider_id = $2 "
      "AND contract_period_year = $3 AND delivery_partner_id = $4 AND relationship FOR UPDATE",
      school_id, lead_provider_id, cohort, delivery_partner_id);
  if (found.empty()) {
    found = txn.exec_params(
        "SELECT id FROM partnerships WHERE school_id = $1 AND lead_provider_id = $2 "
        "AND contract_period_year = $3 AND NOT relationship ORDER BY created_at LIMIT 1 "
        "FOR UPDATE",
        school_id, lead_provider_id, cohort);
  }
  pqxx::row saved =
      found.empty()
          ? txn.exec_params1(
                "INSERT INTO partnerships (school_id, lead_provider_id, delivery_partner_id, "
                "contract_period_year, challenge_deadline) "
                "VALUES ($1, $2, $3, $4, to_timestamp($5::double precision / 1000000)) "
                "RETURNING id, report_id",
                school_id, lead_provider_id, delivery_partner_id, cohort, deadline_micros)
          : txn.exec_params1(
                "UPDATE partnerships SET relationship = false, challenge_reason = NULL, "
                "challenged_at = NULL, delivery_partner_id = $2, pending = false, "
                "challenge_deadline = to_timestamp($3::double precision / 1000000), "
                "report_id = gen_random_uuid(), updated_at = now() WHERE id = $1 "
                "RETURNING id, report_id",
                found[0][0].as<std::string>(), delivery_partner_id, deadline_micros);
  const std::string partnership_id = saved[0].as<std::string>();
  // The school now follows the provider-led programme that year.
  txn.exec_params0(
      "INSERT INTO school_cohorts (school_id, contract_period_year, induction_programme_choice) "
      "VALUES ($1, $2, 'full_induction_programme') "
      "ON CONFLICT (school_id, contract_period_year) DO UPDATE "
      "SET induction_programme_choice = 'full_induction_programme', updated_at = now() "
      "WHERE school_cohorts.induction_programme_choice <> 'full_induction_programme'",
      school_id, cohort);
  txn.exec_params0("INSERT INTO event_log (partnership_id, event) VALUES ($1, 'reported')",
                   partnership_id);
  return {partnership_id, saved[1].as<std::string>()};
}

void QueueEmails(pqxx::work& txn, RandomSource& random, const std::string& partnership_id,
                 const std::string& report_id, const RecipientFacts& facts,
                 const std::string& service_url, absl::Time now) {
  for (EmailKind kind : {EmailKind::kConfirmation, EmailKind::kReminder}) {
    const Recipient recipient = ChooseRecipient(facts, kind);
    const absl::Time send_after = kind == EmailKind::kReminder ? now + absl::Hours(24 * 7) : now;
    // The token is drawn at hand-over; until then the digest is of a secret nobody holds.
    txn.exec_params0(
        "INSERT INTO partnership_notification_emails (partnership_id, token_digest, sent_to, "
        "email_type, report_id, recipient_name, service_url, send_after) "
        "VALUES ($1, $2, $3, $4, $5, nullif($6, ''), $7, "
        "to_timestamp($8::double precision / 1000000))",
        partnership_id, pqxx::binarystring(Sha256(NewHexToken(random))), recipient.to,
        recipient.email_type, report_id,
        recipient.induction_tutor ? facts.induction_tutor_name : "", service_url,
        absl::ToUnixMicros(send_after));
  }
}

constexpr char kChallengeSelect[] =
    "SELECT p.id, s.id, s.name, s.urn, dp.name, lp.id, lp.name, p.contract_period_year, "
    "coalesce(p.challenge_reason::text, ''), "
    "(extract(epoch FROM p.challenge_deadline) * 1000000)::bigint "
    "FROM partnerships p JOIN gias_schools s ON s.id = p.school_id "
    "JOIN delivery_partners dp ON dp.id = p.delivery_partner_id "
    "JOIN lead_providers lp ON lp.id = p.lead_provider_id ";

std::optional<ChallengeRecord> FindChallenge(pqxx::transaction_base& txn, const ChallengeKey& key,
                                             bool lock) {
  const std::string suffix = lock ? " FOR UPDATE OF p" : "";
  pqxx::result rows;
  if (!key.token_digest.empty()) {
    rows = txn.exec_params(
        absl::StrCat(kChallengeSelect,
                     "JOIN partnership_notification_emails e ON e.partnership_id = p.id "
                     "WHERE e.token_digest = $1 AND e.handed_over_at IS NOT NULL",
                     suffix),
        pqxx::binarystring(key.token_digest));
  } else {
    rows = txn.exec_params(
        absl::StrCat(kChallengeSelect, "WHERE p.id = $1 AND NOT p.relationship", suffix),
        key.partnership_id);
  }
  if (rows.empty()) return std::nullopt;
  const pqxx::row row = rows[0];
  ChallengeRecord record;
  record.partnership_id = row[0].as<std::string>();
  record.school_id = row[1].as<std::string>();
  record.school_name = row[2].as<std::string>();
  record.school_urn = row[3].as<std::string>();
  record.delivery_partner_name = row[4].as<std::string>();
  record.lead_provider_id = row[5].as<std::string>();
  record.lead_provider_name = row[6].as<std::string>();
  record.cohort = row[7].as<int>();
  record.challenge_reason = row[8].as<std::string>();
  if (!row[9].is_null()) record.deadline = absl::FromUnixMicros(row[9].as<int64_t>());
  return record;
}

}  // namespace

absl::Status PgConfirmSchoolsStore::CheckRelationship(const std::string& lead_provider_id,
                                                      const std::string& delivery_partner_id,
                                                      int cohort) {
  return pool_.Run([&](pqxx::connection& c) -> absl::Status {
    pqxx::read_transaction txn(c);
    const pqxx::result rows = txn.exec_params(
        "SELECT 1 FROM provider_relationships r "
        "JOIN delivery_partners dp ON dp.id = r.delivery_partner_id "
        "WHERE r.lead_provider_id = $1 AND r.delivery_partner_id = $2 "
        "AND r.contract_period_year = $3 AND r.discarded_at IS NULL AND dp.discarded_at IS NULL",
        lead_provider_id, delivery_partner_id, cohort);
    if (rows.empty()) {
      return absl::FailedPreconditionError(
          "Cohort does not have an applicable provider relationship");
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::map<std::string, SchoolFacts>> PgConfirmSchoolsStore::LookupSchoolFacts(
    const std::vector<std::string>& urns, int cohort) {
  return pool_.Run(
      [&](pqxx::connection& c) -> absl::StatusOr<std::map<std::string, SchoolFacts>> {
        pqxx::read_transaction txn(c);
        return LookupFacts(txn, urns, cohort);
      });
}

absl::StatusOr<UploadRecord> PgConfirmSchoolsStore::SaveUpload(
    const std::string& lead_provider_id, const std::string& delivery_partner_id, int cohort,
    const std::string& file_name, const std::vector<std::string>& uploaded_urns,
    const UploadCheck& check) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<UploadRecord> {
    // uploaded_urns keeps every cell's digits, even "" for a header: quoted array items.
    std::vector<std::string> quoted;
    quoted.reserve(uploaded_urns.size());
    for (const std::string& urn : uploaded_urns) quoted.push_back(absl::StrCat("\"", urn, "\""));
    const std::string valid_ids = ArrayLiteral(check.valid_school_ids);
    // The upload as saved is the check itself: only the stored id, time and partner's name are
    // read back (not the rows, which would be parsed again from their JSON).
    const pqxx::row row = txn.exec_params1(
        "WITH saved AS (INSERT INTO partnership_csv_uploads (lead_provider_id, "
        "delivery_partner_id, contract_period_year, uploaded_urns, file_name, checked_rows, "
        "rows_with_errors, valid_school_ids) "
        "VALUES ($1, $2, $3, $4::text[], $5, $6::jsonb, $7, $8::uuid[]) "
        "RETURNING id, delivery_partner_id, created_at) "
        "SELECT saved.id, dp.name, (extract(epoch FROM saved.created_at) * 1000000)::bigint "
        "FROM saved JOIN delivery_partners dp ON dp.id = saved.delivery_partner_id",
        lead_provider_id, delivery_partner_id, cohort, ArrayLiteral(quoted), file_name,
        RowsToJson(check.rows).dump(), check.rows_with_errors, valid_ids);
    UploadRecord upload;
    upload.id = row[0].as<std::string>();
    upload.lead_provider_id = lead_provider_id;
    upload.delivery_partner_id = delivery_partner_id;
    upload.delivery_partner_name = row[1].as<std::string>();
    upload.cohort = cohort;
    upload.rows = check.rows;
    upload.rows_with_errors = check.rows_with_errors;
    upload.valid_schools = ValidSchools(txn, valid_ids);
    upload.created_at = absl::FromUnixMicros(row[2].as<int64_t>());
    return upload;
  });
}

absl::StatusOr<UploadRecord> PgConfirmSchoolsStore::GetUpload(const std::string& lead_provider_id,
                                                              const std::string& id) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<UploadRecord> {
    pqxx::read_transaction txn(c);
    std::optional<UploadRecord> upload = FindUpload(txn, lead_provider_id, id, false);
    if (!upload) return absl::NotFoundError("no such upload");
    return *upload;
  });
}

absl::StatusOr<std::vector<std::string>> PgConfirmSchoolsStore::ValidUrns(
    const std::string& lead_provider_id, const std::string& id) {
  absl::StatusOr<UploadRecord> upload = GetUpload(lead_provider_id, id);
  if (!upload.ok()) return upload.status();
  std::vector<std::string> urns;
  for (const UploadSchoolRecord& school : upload->valid_schools) urns.push_back(school.urn);
  return urns;
}

absl::StatusOr<ConfirmResult> PgConfirmSchoolsStore::ConfirmUpload(const ConfirmRequest& request) {
  SecureRandom random;
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ConfirmResult> {
    std::optional<UploadRecord> upload =
        FindUpload(txn, request.lead_provider_id, request.upload_id, true);
    if (!upload) return absl::NotFoundError("no such upload");
    if (upload->confirmed) {
      return absl::FailedPreconditionError("These schools have already been confirmed");
    }
    const pqxx::row period = txn.exec_params1(
        "SELECT academic_year_start_date::text FROM contract_periods WHERE year = $1",
        upload->cohort);
    absl::CivilDay academic_year_start;
    if (!absl::ParseCivilTime(period[0].as<std::string>(), &academic_year_start)) {
      return absl::InternalError("unreadable academic year start");
    }
    const absl::Time deadline = ChallengeDeadline(academic_year_start, request.now, request.zone);

    std::vector<UploadSchoolRecord> chosen;
    std::set<std::string> wanted;
    if (request.school_ids) wanted.insert(request.school_ids->begin(), request.school_ids->end());
    std::vector<std::string> urns;
    for (const UploadSchoolRecord& school : upload->valid_schools) {
      if (request.school_ids && wanted.count(school.school_id) == 0) continue;
      chosen.push_back(school);
      urns.push_back(school.urn);
    }
    // Re-checked now: a school confirmed by someone else since the upload is skipped.
    const std::map<std::string, SchoolFacts> facts = LookupFacts(txn, urns, upload->cohort);
    ConfirmResult result;
    result.delivery_partner_name = upload->delivery_partner_name;
    for (const UploadSchoolRecord& school : chosen) {
      auto f = facts.find(school.urn);
      if (f == facts.end() || CheckSchool(f->second, request.lead_provider_id)) continue;
      const auto [partnership_id, report_id] =
          ReportSchool(txn, school.school_id, request.lead_provider_id,
                       upload->delivery_partner_id, upload->cohort, deadline);
      const pqxx::row contacts = txn.exec_params1(
          "SELECT coalesce(primary_contact_email::text, ''), "
          "coalesce(secondary_contact_email::text, '') FROM gias_schools WHERE id = $1",
          school.school_id);
      RecipientFacts recipient;
      recipient.primary_contact_email = contacts[0].as<std::string>();
      recipient.secondary_contact_email = contacts[1].as<std::string>();
      auto tutor = request.induction_tutors.find(school.urn);
      if (tutor != request.induction_tutors.end()) {
        recipient.induction_tutor_name = tutor->second.name;
        recipient.induction_tutor_email = tutor->second.email;
      }
      QueueEmails(txn, random, partnership_id, report_id, recipient, request.service_url,
                  request.now);
      result.partnership_ids.push_back(partnership_id);
    }
    txn.exec_params0(
        "UPDATE partnership_csv_uploads SET confirmed_at = now() WHERE id = $1", upload->id);
    return result;
  });
}

absl::StatusOr<ChallengeRecord> PgConfirmSchoolsStore::GetChallenge(const ChallengeKey& key) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<ChallengeRecord> {
    pqxx::read_transaction txn(c);
    std::optional<ChallengeRecord> record = FindChallenge(txn, key, false);
    if (!record) return absl::NotFoundError("no such partnership");
    return *record;
  });
}

absl::StatusOr<ChallengeRecord> PgConfirmSchoolsStore::Challenge(const ChallengeKey& key,
                                                                 ChallengeReason reason,
                                                                 const std::string& challenged_by,
                                                                 absl::Time now) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ChallengeRecord> {
    std::optional<ChallengeRecord> record = FindChallenge(txn, key, true);
    if (!record) return absl::NotFoundError("no such partnership");
    ChallengeFacts facts;
    facts.found = true;
    facts.challenged = !record->challenge_reason.empty();
    facts.deadline = record->deadline;
    switch (ClassifyChallengeLink(facts, now)) {
      case ChallengeLinkState::kNotFound:
        return absl::NotFoundError("no such partnership");
      case ChallengeLinkState::kAlreadyChallenged:
        return absl::FailedPreconditionError("already challenged");
      case ChallengeLinkState::kExpired:
        return absl::FailedPreconditionError("expired");
      case ChallengeLinkState::kOpen:
        break;
    }
    const std::string value(ChallengeReasonValue(reason));
    txn.exec_params0(
        "UPDATE partnerships SET challenge_reason = $2::challenge_reason, "
        "challenged_at = to_timestamp($3::double precision / 1000000), updated_at = now() "
        "WHERE id = $1",
        record->partnership_id, value, absl::ToUnixMicros(now));
    const nlohmann::json data = {{"reason", value}, {"challenged_by", challenged_by}};
    const pqxx::row event = txn.exec_params1(
        "INSERT INTO event_log (partnership_id, event, data) "
        "VALUES ($1, 'challenged', $2::jsonb) RETURNING id",
        record->partnership_id, data.dump());
    if (reason == ChallengeReason::kNoEcts) {
      txn.exec_params0(
          "INSERT INTO school_cohorts (school_id, contract_period_year, "
          "induction_programme_choice, opt_out_of_updates) "
          "VALUES ($1, $2, 'no_early_career_teachers', true) "
          "ON CONFLICT (school_id, contract_period_year) DO UPDATE SET "
          "induction_programme_choice = 'no_early_career_teachers', opt_out_of_updates = true, "
          "updated_at = now()",
          record->school_id, record->cohort);
    }
    txn.exec_params0(
        "INSERT INTO challenge_notifications (partnership_id, event_id, reason) "
        "VALUES ($1, $2, $3::challenge_reason)",
        record->partnership_id, event[0].as<std::string>(), value);
    record->challenge_reason = value;
    return *record;
  });
}

absl::StatusOr<LeadProviderSchools> PgConfirmSchoolsStore::ListLeadProviderSchools(
    const LeadProviderSchoolsQuery& query) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<LeadProviderSchools> {
    pqxx::read_transaction txn(c);
    // $3: the search, matched case-insensitively as a plain substring (no LIKE wildcards).
    const std::string from =
        "FROM partnerships p JOIN gias_schools s ON s.id = p.school_id "
        "JOIN delivery_partners dp ON dp.id = p.delivery_partner_id "
        "WHERE p.lead_provider_id = $1 AND ($2 = 0 OR p.contract_period_year = $2) "
        "AND NOT p.relationship ";
    const std::string matching =
        "AND ($3 = '' OR strpos(lower(s.name), lower($3)) > 0 OR strpos(s.urn, $3) > 0 "
        "OR strpos(lower(dp.name), lower($3)) > 0) "
        "AND ($4 = '' OR p.id::text = $4) ";
    LeadProviderSchools out;
    out.total = txn.exec_params1("SELECT count(*) " + from, query.lead_provider_id, query.cohort)[0]
                    .as<int>();
    out.total_matching = txn.exec_params1("SELECT count(*) " + from + matching,
                                          query.lead_provider_id, query.cohort, query.search,
                                          query.partnership_id)[0]
                             .as<int>();
    const pqxx::result rows = txn.exec_params(
        "SELECT p.id, s.id, s.urn, s.name, dp.name, coalesce(p.challenge_reason::text, ''), "
        "coalesce(s.local_authority_name, ''), p.contract_period_year " +
            from + matching + "ORDER BY lower(s.name), s.urn, p.id LIMIT $5 OFFSET $6",
        query.lead_provider_id, query.cohort, query.search, query.partnership_id, query.limit,
        query.offset);
    for (const pqxx::row& row : rows) {
      out.schools.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                             row[2].as<std::string>(), row[3].as<std::string>(),
                             row[4].as<std::string>(), row[5].as<std::string>(),
                             row[6].as<std::string>(), row[7].as<int>()});
    }
    return out;
  });
}

absl::StatusOr<LeadProviderRecord> PgConfirmSchoolsStore::GetLeadProvider(const std::string& id) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<LeadProviderRecord> {
    pqxx::read_transaction txn(c);
    const pqxx::result rows = txn.exec_params(
        "SELECT lp.id, lp.name, coalesce((SELECT array_agg(c.contract_period_year ORDER BY "
        "c.contract_period_year)::text FROM lead_provider_cohorts c "
        "WHERE c.lead_provider_id = lp.id), '{}') FROM lead_providers lp WHERE lp.id = $1",
        id);
    if (rows.empty()) return absl::NotFoundError("no such lead provider");
    LeadProviderRecord record;
    record.id = rows[0][0].as<std::string>();
    record.name = rows[0][1].as<std::string>();
    for (const std::string& year : ParseArray(rows[0][2].as<std::string>())) {
      record.cohorts.push_back(std::stoi(year));
    }
    return record;
  });
}

}  // namespace rect::partnerships
