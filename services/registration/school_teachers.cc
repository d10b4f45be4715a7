#include "services/registration/school_teachers.h"

#include <map>
#include <optional>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/registration/mentorship.h"
#include "services/registration/school_teachers_rules.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/programme.h"
#include "services/registration/wizard/register_ect.h"

namespace rect::registration {
namespace {

using wizard::FieldErrors;
using wizard::InductionStatus;
using wizard::TrainingProgramme;

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay ParseDay(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return ParseDay(field.as<std::string>());
}

std::string Text(const pqxx::field& field) {
  return field.is_null() ? "" : field.as<std::string>();
}

InductionStatus InductionFrom(const std::string& value) {
  if (value == "RequiredToComplete") return InductionStatus::kRequiredToComplete;
  if (value == "InProgress") return InductionStatus::kInProgress;
  if (value == "Passed") return InductionStatus::kPassed;
  if (value == "Failed") return InductionStatus::kFailed;
  if (value == "FailedInWales") return InductionStatus::kFailedInWales;
  if (value == "Exempt") return InductionStatus::kExempt;
  return InductionStatus::kNone;
}

std::string StatusName(wizard::EctStatus status) {
  switch (status) {
    case wizard::EctStatus::kMentorRequired:
      return "mentor_required";
    case wizard::EctStatus::kRegistered:
      return "registered";
    case wizard::EctStatus::kLeavingSchool:
      return "leaving_school";
    case wizard::EctStatus::kCompletedInduction:
      return "completed_induction";
    case wizard::EctStatus::kFailedInduction:
      return "failed_induction";
    case wizard::EctStatus::kExempt:
      return "exempt";
    case wizard::EctStatus::kTrainingPaused:
      return "training_paused";
    case wizard::EctStatus::kActionRequired:
      return "withdrawn";
  }
  return "";
}

std::string ProgrammeLabel(const std::string& value) {
  return value == "provider_led" ? "provider-led" : value == "school_led" ? "school-led" : value;
}

// A lead provider's name from the registration year rows, else the API's copy of the names.
std::string LeadProviderName(const std::string& column) {
  return absl::StrCat(
      "coalesce((SELECT a.lead_provider_name FROM active_lead_providers a WHERE a.lead_provider_id "
      "= ",
      column,
      " ORDER BY a.contract_period_year DESC LIMIT 1), (SELECT n.name FROM "
      "lead_provider_names n WHERE n.id = ",
      column, "), '')");
}

constexpr char kDisplayName[] =
    "coalesce(t.corrected_name, t.trs_first_name || ' ' || t.trs_last_name)";

// Periods at the school ($1) that are open or end on or after today ($2).
constexpr char kCurrentAtSchool[] =
    "p.school_urn = $1 AND (p.finished_on IS NULL OR p.finished_on >= $2::date)";

// Matches the search: $3 name pattern (ILIKE), $4 TRN prefix; both empty = everyone.
const std::string& SearchCondition() {
  static const std::string sql =
      absl::StrCat("(($3 = '' AND $4 = '') OR ($3 <> '' AND ", kDisplayName,
                   " ILIKE $3) "
                   "OR ($4 <> '' AND t.trn LIKE $4 || '%'))");
  return sql;
}

// The current or next training period of an at-school period (`column` = its id), else the
// latest one.
std::string CurrentOrLatestTraining(const std::string& column) {
  return absl::StrCat(
      "LEFT JOIN LATERAL (SELECT * FROM training_periods x WHERE x.", column,
      " = p.id "
      "ORDER BY (x.finished_on IS NULL OR x.finished_on >= $2::date) DESC, "
      "CASE WHEN x.finished_on IS NULL OR x.finished_on >= $2::date THEN x.started_on END ASC, "
      "x.started_on DESC LIMIT 1) tp ON true ");
}

const std::string& EctSelect() {
  static const std::string sql = absl::StrCat(
      "SELECT p.id, t.trn, ", kDisplayName,
      ", t.trs_first_name || ' ' || t.trs_last_name, "
      "coalesce(t.corrected_name, ''), coalesce(p.email::text, ''), p.started_on::text, "
      "p.finished_on::text, coalesce(p.working_pattern::text, ''), "
      "coalesce(t.trs_induction_status::text, ''), "
      "coalesce(p.school_reported_appropriate_body_id::text, ''), coalesce(ab.name, ''), "
      "coalesce(tp.training_programme::text, ''), coalesce(tp.lead_provider_id::text, ''), ",
      LeadProviderName("tp.lead_provider_id"),
      ", coalesce(tp.delivery_partner_id::text, ''), "
      "coalesce(tp.school_partnership_id IS NOT NULL, false), "
      "coalesce(tp.contract_period_year, 0), coalesce(tp.withdrawn_at IS NOT NULL, false), "
      "coalesce(tp.deferred_at IS NOT NULL, false), "
      "coalesce(mp.mentor_at_school_period_id::text, ''), "
      "coalesce(mt.corrected_name, mt.trs_first_name || ' ' || mt.trs_last_name, '') "
      "FROM ect_at_school_periods p JOIN teachers t ON t.id = p.teacher_id "
      "LEFT JOIN appropriate_bodies ab ON ab.id = p.school_reported_appropriate_body_id ",
      CurrentOrLatestTraining("ect_at_school_period_id"),
      "LEFT JOIN LATERAL (SELECT * FROM mentorship_periods y WHERE y.ect_at_school_period_id = "
      "p.id AND (y.finished_on IS NULL OR y.finished_on >= $2::date) ORDER BY y.started_on "
      "LIMIT 1) mp ON true "
      "LEFT JOIN teachers mt ON mt.id = mp.mentor_teacher_id "
      "WHERE ",
      kCurrentAtSchool, " AND ", SearchCondition(),
      " AND ($5 = '' OR p.id = NULLIF($5, '')::uuid) "
      "ORDER BY mp.id IS NOT NULL, p.started_on DESC, p.created_at DESC, p.id "
      "LIMIT $6 OFFSET $7");
  return sql;
}

v1::EctAtSchool EctFromRow(const pqxx::row& row, absl::CivilDay today) {
  v1::EctAtSchool ect;
  ect.set_id(row[0].as<std::string>());
  ect.set_trn(row[1].as<std::string>());
  ect.set_name(row[2].as<std::string>());
  ect.set_trs_name(row[3].as<std::string>());
  ect.set_corrected_name(row[4].as<std::string>());
  ect.set_email(row[5].as<std::string>());
  ect.set_start_date(wizard::FormatDisplayDate(ParseDay(row[6].as<std::string>())));
  const std::optional<absl::CivilDay> finished_on = OptionalDay(row[7]);
  if (finished_on) ect.set_leaving_date(wizard::FormatDisplayDate(*finished_on));
  ect.set_working_pattern(row[8].as<std::string>());
  ect.set_appropriate_body_id(row[10].as<std::string>());
  ect.set_appropriate_body_name(row[11].as<std::string>());
  ect.set_training_programme(row[12].as<std::string>());
  ect.set_lead_provider_id(row[13].as<std::string>());
  ect.set_lead_provider_name(row[14].as<std::string>());
  ect.set_delivery_partner_id(row[15].as<std::string>());
  ect.set_partnership_confirmed(row[16].as<bool>());
  ect.set_contract_period_year(row[17].as<int>());
  if (!row[20].as<std::string>().empty()) {
    ect.mutable_mentor()->set_id(row[20].as<std::string>());
    ect.mutable_mentor()->set_name(row[21].as<std::string>());
  }
  wizard::EctStatusFacts facts;
  facts.today = today;
  facts.has_current_mentor = ect.has_mentor();
  facts.induction_status = InductionFrom(row[9].as<std::string>());
  facts.finished_on = finished_on;
  facts.training_deferred = row[19].as<bool>();
  facts.training_withdrawn = row[18].as<bool>();
  const wizard::EctStatus status = wizard::DeriveEctStatus(facts);
  ect.set_status(StatusName(status));
  ect.set_status_tag(std::string(wizard::EctStatusTag(status)));
  if (status == wizard::EctStatus::kMentorRequired) {
    ect.set_status_text(absl::StrCat("A mentor needs to be assigned to ", ect.name()));
  } else if (status == wizard::EctStatus::kActionRequired) {
    ect.set_status_text(absl::StrCat(
        ect.lead_provider_name().empty() ? "The lead provider" : ect.lead_provider_name(),
        " told us that ", ect.name(),
        " is no longer training with them. Select a lead provider if they will be continuing "
        "provider-led training, or change their training programme to school-led."));
  } else if (status == wizard::EctStatus::kTrainingPaused) {
    ect.set_status_text(absl::StrCat(
        ect.lead_provider_name().empty() ? "The lead provider" : ect.lead_provider_name(),
        " told us that ", ect.name(),
        "’s training is paused. Contact them if you think this is "
        "an error."));
  } else if (status == wizard::EctStatus::kLeavingSchool) {
    ect.set_status_text(absl::StrCat("You told us ", ect.name(), " is leaving your school on ",
                                     ect.leaving_date(), "."));
  }
  return ect;
}

const std::string& MentorSelect() {
  static const std::string sql = absl::StrCat(
      "SELECT p.id, t.trn, ", kDisplayName,
      ", t.trs_first_name || ' ' || t.trs_last_name, "
      "coalesce(t.corrected_name, ''), coalesce(p.email::text, ''), p.started_on::text, "
      "p.finished_on::text, tp.started_on::text, tp.finished_on::text, "
      "coalesce(tp.withdrawn_at IS NOT NULL, false), coalesce(tp.deferred_at IS NOT NULL, false), "
      "coalesce(tp.lead_provider_id::text, ''), ",
      LeadProviderName("tp.lead_provider_id"),
      ", coalesce(tp.delivery_partner_id::text, ''), "
      "coalesce(tp.school_partnership_id IS NOT NULL, false), "
      "coalesce(t.mentor_became_ineligible_for_funding_reason::text IN "
      "('completed_during_early_roll_out', 'completed_declaration_received'), false) "
      "FROM mentor_at_school_periods p JOIN teachers t ON t.id = p.teacher_id "
      "LEFT JOIN LATERAL (SELECT * FROM training_periods x WHERE x.mentor_at_school_period_id = "
      "p.id ORDER BY x.started_on DESC LIMIT 1) tp ON true "
      "WHERE ",
      kCurrentAtSchool, " AND ", SearchCondition(),
      " AND ($5 = '' OR p.id = NULLIF($5, '')::uuid) "
      "ORDER BY ",
      kDisplayName, ", p.id LIMIT $6 OFFSET $7");
  return sql;
}

v1::MentorAtSchool MentorFromRow(const pqxx::row& row, absl::CivilDay today) {
  v1::MentorAtSchool mentor;
  mentor.set_id(row[0].as<std::string>());
  mentor.set_trn(row[1].as<std::string>());
  mentor.set_name(row[2].as<std::string>());
  mentor.set_trs_name(row[3].as<std::string>());
  mentor.set_corrected_name(row[4].as<std::string>());
  mentor.set_email(row[5].as<std::string>());
  mentor.set_start_date(wizard::FormatDisplayDate(ParseDay(row[6].as<std::string>())));
  const std::optional<absl::CivilDay> finished_on = OptionalDay(row[7]);
  if (finished_on) mentor.set_leaving_date(wizard::FormatDisplayDate(*finished_on));
  mentor.set_status_tag(MentorStatusTag(finished_on, today));
  std::optional<TrainingPeriodFacts> latest;
  if (!row[8].is_null()) {
    latest = TrainingPeriodFacts{ParseDay(row[8].as<std::string>()), OptionalDay(row[9]),
                                 row[10].as<bool>(), row[11].as<bool>()};
  }
  mentor.set_training_status(TrainingStatus(latest, today));
  mentor.set_lead_provider_id(row[12].as<std::string>());
  mentor.set_lead_provider_name(row[13].as<std::string>());
  mentor.set_delivery_partner_id(row[14].as<std::string>());
  mentor.set_partnership_confirmed(row[15].as<bool>());
  mentor.set_completed_mentor_training(row[16].as<bool>());
  return mentor;
}

// The current and future mentees of the mentor periods, by mentor period id.
void AddMentees(pqxx::transaction_base& txn, absl::CivilDay today,
                std::vector<v1::MentorAtSchool*> mentors) {
  if (mentors.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, v1::MentorAtSchool*> by_id;
  for (v1::MentorAtSchool* mentor : mentors) {
    ids.push_back(mentor->id());
    by_id[mentor->id()] = mentor;
  }
  for (const pqxx::row& row : txn.exec_params(
           absl::StrCat("SELECT mp.mentor_at_school_period_id, p.id, ", kDisplayName,
                        " FROM mentorship_periods mp "
                        "JOIN ect_at_school_periods p ON p.id = mp.ect_at_school_period_id "
                        "JOIN teachers t ON t.id = p.teacher_id "
                        "WHERE mp.mentor_at_school_period_id = ANY($1::uuid[]) "
                        "AND (mp.finished_on IS NULL OR mp.finished_on >= $2::date) "
                        "AND (p.finished_on IS NULL OR p.finished_on >= $2::date) "
                        "ORDER BY 3, p.id"),
           absl::StrCat("{", absl::StrJoin(ids, ","), "}"), DayText(today))) {
    v1::TeacherLink* ect = by_id[row[0].as<std::string>()]->add_ects();
    ect->set_id(row[1].as<std::string>());
    ect->set_name(row[2].as<std::string>());
  }
}

// Counts everyone at the school and those matching the search, for the table `table`.
std::pair<int, int> Counts(pqxx::transaction_base& txn, const std::string& table,
                           const std::string& urn, absl::CivilDay today,
                           const TeacherSearch& search) {
  pqxx::row row = txn.exec_params1(
      absl::StrCat("SELECT count(*), count(*) FILTER (WHERE ", SearchCondition(), ") FROM ", table,
                   " p JOIN teachers t ON t.id = p.teacher_id WHERE ", kCurrentAtSchool),
      urn, DayText(today), search.name_pattern, search.trn_prefix);
  return {row[0].as<int>(), row[1].as<int>()};
}

void SetPage(const TeacherPage& page, int total, int matching, v1::TeacherListPage* out) {
  out->set_page(page.page);
  out->set_pages(page.pages);
  out->set_total_at_school(total);
  out->set_matching(matching);
}

// --- changes --------------------------------------------------------------------------------

std::string Field(const v1::ChangeTeacherRequest& request, const std::string& name) {
  auto it = request.fields().find(name);
  return it == request.fields().end() ? "" : it->second;
}

void AddErrors(const FieldErrors& errors, v1::ChangeTeacherResponse* response) {
  for (const wizard::FieldError& error : errors) {
    v1::FieldError* out = response->add_errors();
    out->set_field(error.field);
    out->set_message(error.message);
  }
}

// The event of a change, and the participant's updated_at the lead provider API reads.
struct ChangeEvent {
  std::string type;
  std::string heading;
  nlohmann::json metadata;
  std::string teacher_id;
  std::string ect_period_id;
  std::string mentor_period_id;
  std::string training_period_id;
  std::string lead_provider_id;
};

void Record(pqxx::work& txn, const v1::ChangeTeacherRequest& request, const ChangeEvent& event) {
  txn.exec_params(
      "INSERT INTO events (event_type, heading, author_type, author_name, author_email, "
      "teacher_id, school_urn, ect_at_school_period_id, mentor_at_school_period_id, "
      "training_period_id, lead_provider_id, metadata) VALUES ($1, $2, 'school_user', "
      "NULLIF($3, ''), NULLIF($4, '')::citext, $5::uuid, $6, NULLIF($7, '')::uuid, "
      "NULLIF($8, '')::uuid, NULLIF($9, '')::uuid, NULLIF($10, '')::uuid, $11::jsonb)",
      event.type, event.heading, request.user().user_name(), request.user().user_email(),
      event.teacher_id, request.user().school_urn(), event.ect_period_id, event.mentor_period_id,
      event.training_period_id, event.lead_provider_id, event.metadata.dump());
  txn.exec_params("UPDATE teachers SET updated_at = now() WHERE id = $1::uuid", event.teacher_id);
}

// The teacher row of a period, locked, for a name change.
struct TeacherRow {
  std::string id;
  std::string trs_name;
  std::string name;
};

TeacherRow LockTeacher(pqxx::work& txn, const std::string& teacher_id) {
  pqxx::row row = txn.exec_params1(
      absl::StrCat("SELECT t.id, t.trs_first_name || ' ' || t.trs_last_name, ", kDisplayName,
                   " FROM teachers t WHERE t.id = $1::uuid FOR UPDATE"),
      teacher_id);
  return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()};
}

absl::Status ChangeName(pqxx::work& txn, const v1::ChangeTeacherRequest& request,
                        const std::string& teacher_id, ChangeEvent event,
                        v1::ChangeTeacherResponse* response) {
  const TeacherRow teacher = LockTeacher(txn, teacher_id);
  FieldErrors errors;
  absl::StatusOr<std::string> name =
      ValidateNameChange(Field(request, "name"), teacher.name, &errors);
  if (!errors.empty()) {
    AddErrors(errors, response);
    response->set_name(teacher.name);
    return absl::OkStatus();
  }
  // The TRS name typed back in clears the correction.
  txn.exec_params(
      "UPDATE teachers SET corrected_name = NULLIF($2, trs_first_name || ' ' || trs_last_name) "
      "WHERE id = $1::uuid",
      teacher.id, *name);
  event.type = "teacher_name_updated_by_school";
  event.heading = absl::StrCat("Name changed from ", teacher.name, " to ", *name);
  event.metadata = {{"old_name", teacher.name}, {"new_name", *name}};
  Record(txn, request, event);
  response->set_name(*name);
  return absl::OkStatus();
}

std::vector<wizard::EmailHolder> EmailHolders(pqxx::work& txn, const std::string& email) {
  std::vector<wizard::EmailHolder> holders;
  for (const pqxx::row& row : txn.exec_params(
           "SELECT p.email::text, t.trn, p.finished_on::text FROM ect_at_school_periods p "
           "JOIN teachers t ON t.id = p.teacher_id WHERE p.email = $1::citext "
           "UNION ALL "
           "SELECT p.email::text, t.trn, p.finished_on::text FROM mentor_at_school_periods p "
           "JOIN teachers t ON t.id = p.teacher_id WHERE p.email = $1::citext",
           email)) {
    holders.push_back({row[0].as<std::string>(), row[1].as<std::string>(), OptionalDay(row[2])});
  }
  return holders;
}

absl::Status ChangeEmail(pqxx::work& txn, const v1::ChangeTeacherRequest& request,
                         const std::string& table, const std::string& current_email,
                         const std::string& trn, const std::string& name, absl::CivilDay today,
                         ChangeEvent event, v1::ChangeTeacherResponse* response) {
  EmailChangeFacts facts;
  facts.current_email = current_email;
  facts.trn = trn;
  facts.today = today;
  const std::string typed(absl::StripAsciiWhitespace(Field(request, "email")));
  if (!typed.empty()) facts.holders = EmailHolders(txn, typed);
  FieldErrors errors;
  std::optional<std::string> email = ValidateEmailChange(typed, facts, &errors);
  response->set_name(name);
  if (!errors.empty()) {
    AddErrors(errors, response);
    return absl::OkStatus();
  }
  txn.exec_params(absl::StrCat("UPDATE ", table,
                               " SET email = $2, updated_at = now() "
                               "WHERE id = $1::uuid"),
                  request.id(), *email);
  event.type = "teacher_email_updated_by_school";
  event.heading = absl::StrCat(name, "’s email address changed to ", *email);
  event.metadata = {{"old_email", current_email}, {"new_email", *email}};
  Record(txn, request, event);
  return absl::OkStatus();
}

}  // namespace

// --- reads ----------------------------------------------------------------------------------

absl::StatusOr<v1::ListEctsResponse> SchoolTeachers::ListEcts(
    const v1::ListSchoolTeachersRequest& request) {
  if (request.school_urn().empty()) return absl::InvalidArgumentError("school_urn is required");
  const absl::CivilDay today = today_();
  const TeacherSearch search = ParseTeacherSearch(request.query());
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::ListEctsResponse> {
    pqxx::read_transaction txn(c);
    const auto [total, matching] =
        Counts(txn, "ect_at_school_periods", request.school_urn(), today, search);
    const TeacherPage page = PageOfTeachers(matching, request.page(), request.page_size());
    v1::ListEctsResponse response;
    for (const pqxx::row& row :
         txn.exec_params(EctSelect(), request.school_urn(), DayText(today), search.name_pattern,
                         search.trn_prefix, "", page.limit, page.offset)) {
      *response.add_ects() = EctFromRow(row, today);
    }
    SetPage(page, total, matching, response.mutable_page());
    return response;
  });
}

absl::StatusOr<v1::ListMentorsResponse> SchoolTeachers::ListMentors(
    const v1::ListSchoolTeachersRequest& request) {
  if (request.school_urn().empty()) return absl::InvalidArgumentError("school_urn is required");
  const absl::CivilDay today = today_();
  const TeacherSearch search = ParseTeacherSearch(request.query());
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::ListMentorsResponse> {
    pqxx::read_transaction txn(c);
    const auto [total, matching] =
        Counts(txn, "mentor_at_school_periods", request.school_urn(), today, search);
    const TeacherPage page = PageOfTeachers(matching, request.page(), request.page_size());
    v1::ListMentorsResponse response;
    for (const pqxx::row& row :
         txn.exec_params(MentorSelect(), request.school_urn(), DayText(today), search.name_pattern,
                         search.trn_prefix, "", page.limit, page.offset)) {
      *response.add_mentors() = MentorFromRow(row, today);
    }
    std::vector<v1::MentorAtSchool*> mentors;
    for (v1::MentorAtSchool& mentor : *response.mutable_mentors()) mentors.push_back(&mentor);
    AddMentees(txn, today, mentors);
    SetPage(page, total, matching, response.mutable_page());
    return response;
  });
}

namespace {

// The ECT period a change is made to, locked for the transaction.
struct EctRow {
  std::string id;
  std::string teacher_id;
  std::string trn;
  std::string name;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  std::string email;
  std::string working_pattern;
  std::string appropriate_body_id;
};

std::optional<EctRow> FindEct(pqxx::transaction_base& txn, const std::string& school_urn,
                              const std::string& id, absl::CivilDay today, bool lock) {
  pqxx::result rows = txn.exec_params(
      absl::StrCat("SELECT p.id, p.teacher_id, t.trn, ", kDisplayName,
                   ", p.started_on::text, p.finished_on::text, coalesce(p.email::text, ''), "
                   "coalesce(p.working_pattern::text, ''), "
                   "coalesce(p.school_reported_appropriate_body_id::text, '') "
                   "FROM ect_at_school_periods p JOIN teachers t ON t.id = p.teacher_id "
                   "WHERE p.id = $3::uuid AND ",
                   kCurrentAtSchool, lock ? " FOR UPDATE OF p" : ""),
      school_urn, DayText(today), id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& row = rows[0];
  return EctRow{
      row[0].as<std::string>(), row[1].as<std::string>(),           row[2].as<std::string>(),
      row[3].as<std::string>(), ParseDay(row[4].as<std::string>()), OptionalDay(row[5]),
      row[6].as<std::string>(), row[7].as<std::string>(),           row[8].as<std::string>()};
}

// The ECT's training as it stands: the programme and lead provider of the current or next (else
// latest) period, and the facts a programme or lead-provider change is planned from.
struct EctTraining {
  std::optional<TrainingProgramme> programme;
  std::string lead_provider_id;
  std::string lead_provider_name;
  TrainingChangeFacts facts;
};

EctTraining LoadTraining(pqxx::transaction_base& txn, const EctRow& ect, absl::CivilDay today,
                         std::vector<ContractPeriod> periods) {
  EctTraining training;
  training.facts.today = today;
  training.facts.ect_started_on = ect.started_on;
  training.facts.ect_finished_on = ect.finished_on;
  training.facts.contract_periods = std::move(periods);
  const std::string day = DayText(today);
  pqxx::result shown = txn.exec_params(
      absl::StrCat("SELECT tp.training_programme::text, coalesce(tp.lead_provider_id::text, ''), ",
                   LeadProviderName("tp.lead_provider_id"), " FROM ect_at_school_periods p ",
                   CurrentOrLatestTraining("ect_at_school_period_id"),
                   "WHERE p.id = $1::uuid AND tp.id IS NOT NULL"),
      ect.id, day);
  if (!shown.empty()) {
    training.programme = wizard::ParseTrainingProgramme(shown[0][0].as<std::string>());
    training.lead_provider_id = shown[0][1].as<std::string>();
    training.lead_provider_name = shown[0][2].as<std::string>();
  }
  const absl::CivilDay transition = std::max(ect.started_on, today);
  pqxx::result current = txn.exec_params(
      "SELECT started_on::text, finished_on::text, EXISTS (SELECT 1 FROM training_periods x "
      "JOIN declarations d ON d.training_period_id = x.id WHERE x.ect_at_school_period_id = $1 "
      "AND x.started_on >= $3::date) FROM training_periods WHERE ect_at_school_period_id = $1 "
      "AND (finished_on IS NULL OR finished_on >= $2::date) ORDER BY started_on LIMIT 1",
      ect.id, day, DayText(transition));
  if (!current.empty()) {
    training.facts.current = CurrentTraining{ParseDay(current[0][0].as<std::string>()),
                                             OptionalDay(current[0][1]), current[0][2].as<bool>()};
  }
  pqxx::result previous = txn.exec_params(
      "SELECT tp.contract_period_year, coalesce(cp.payments_frozen, false), "
      "coalesce(s.identifier, '') FROM training_periods tp "
      "JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id "
      "LEFT JOIN contract_periods cp ON cp.year = tp.contract_period_year "
      "LEFT JOIN schedules s ON s.id = tp.schedule_id "
      "WHERE e.teacher_id = $1 AND tp.training_programme = 'provider_led' "
      "ORDER BY tp.started_on DESC, tp.created_at DESC LIMIT 1",
      ect.teacher_id);
  if (!previous.empty()) {
    training.facts.previous_provider_led =
        PreviousProviderLedTraining{previous[0][0].as<int>(), previous[0][1].as<bool>()};
    training.facts.previous_schedule_identifier = previous[0][2].as<std::string>();
  }
  return training;
}

std::vector<wizard::LeadProviderOption> LeadProvidersIn(pqxx::transaction_base& txn, int year) {
  std::vector<wizard::LeadProviderOption> providers;
  for (const pqxx::row& row :
       txn.exec_params("SELECT lead_provider_id, lead_provider_name FROM active_lead_providers "
                       "WHERE contract_period_year = $1 ORDER BY lead_provider_name",
                       year)) {
    providers.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
  }
  return providers;
}

// The lead providers a new provider-led period may have: those of its contract period.
std::vector<wizard::LeadProviderOption> SelectableLeadProviders(pqxx::transaction_base& txn,
                                                                const TrainingChangeFacts& facts) {
  absl::StatusOr<RegistrationPeriod> period = NewTrainingContractPeriod(facts);
  if (!period.ok()) return {};
  return LeadProvidersIn(txn, period->year);
}

// Ends (or deletes, when not started by the transition) the training of the at-school period
// `period_id` (`column`: ect_at_school_period_id or mentor_at_school_period_id) from the
// transition on, and opens the planned period. Returns the new period's id.
absl::StatusOr<std::string> ApplyTrainingPlan(pqxx::work& txn, const std::string& column,
                                              const std::string& period_id,
                                              const TrainingChangePlan& plan) {
  const std::string transition = DayText(plan.transition);
  txn.exec_params(absl::StrCat("DELETE FROM training_periods WHERE ", column,
                               " = $1 AND started_on >= $2::date"),
                  period_id, transition);
  txn.exec_params(
      absl::StrCat("UPDATE training_periods SET finished_on = $2::date - 1, "
                   "updated_at = now() WHERE ",
                   column, " = $1 AND (finished_on IS NULL OR finished_on >= $2::date)"),
      period_id, transition);
  const std::string finished_on = plan.new_finished_on ? DayText(*plan.new_finished_on) : "";
  if (plan.programme == TrainingProgramme::kSchoolLed) {
    return txn
        .exec_params1(absl::StrCat("INSERT INTO training_periods (", column,
                                   ", started_on, finished_on, training_programme) VALUES ($1, "
                                   "$2::date, NULLIF($3, '')::date, 'school_led') RETURNING id"),
                      period_id, transition, finished_on)[0]
        .as<std::string>();
  }
  txn.exec_params(
      "INSERT INTO schedules (contract_period_year, identifier) VALUES ($1, $2) "
      "ON CONFLICT DO NOTHING",
      plan.contract_period_year, plan.schedule_identifier);
  pqxx::result eoi = txn.exec_params(
      "SELECT id FROM active_lead_providers WHERE lead_provider_id = $1::uuid "
      "AND contract_period_year = $2",
      plan.lead_provider_id, plan.contract_period_year);
  if (eoi.empty()) {
    return absl::FailedPreconditionError(
        "That lead provider is not training in the contract period of this training");
  }
  return txn
      .exec_params1(
          absl::StrCat(
              "INSERT INTO training_periods (", column,
              ", started_on, finished_on, training_programme, lead_provider_id, "
              "contract_period_year, expression_of_interest_id, schedule_id) SELECT $1, $2::date, "
              "NULLIF($3, '')::date, 'provider_led', $4::uuid, $5, $6::uuid, s.id FROM schedules s "
              "WHERE s.contract_period_year = $5 AND s.identifier = $7 RETURNING id"),
          period_id, transition, finished_on, plan.lead_provider_id, plan.contract_period_year,
          eoi[0][0].as<std::string>(), plan.schedule_identifier)[0]
      .as<std::string>();
}

// A mentor's provider-led training as a lead-provider change needs it: the latest period's
// provider, and the facts the change is planned from (the contract period and schedule are kept;
// mentors are never moved off a frozen year).
struct MentorTraining {
  std::string lead_provider_id;
  std::string lead_provider_name;
  TrainingChangeFacts facts;
};

std::optional<MentorTraining> LoadMentorTraining(pqxx::transaction_base& txn,
                                                 const std::string& period_id,
                                                 absl::CivilDay started_on,
                                                 std::optional<absl::CivilDay> finished_on,
                                                 absl::CivilDay today,
                                                 std::vector<ContractPeriod> periods) {
  pqxx::result latest = txn.exec_params(
      absl::StrCat("SELECT tp.lead_provider_id::text, ", LeadProviderName("tp.lead_provider_id"),
                   ", tp.contract_period_year, coalesce(s.identifier, '') FROM training_periods tp "
                   "LEFT JOIN schedules s ON s.id = tp.schedule_id "
                   "WHERE tp.mentor_at_school_period_id = $1 "
                   "ORDER BY tp.started_on DESC, tp.created_at DESC LIMIT 1"),
      period_id);
  if (latest.empty()) return std::nullopt;
  MentorTraining training;
  training.lead_provider_id = latest[0][0].as<std::string>();
  training.lead_provider_name = latest[0][1].as<std::string>();
  training.facts.today = today;
  training.facts.ect_started_on = started_on;
  training.facts.ect_finished_on = finished_on;
  training.facts.contract_periods = std::move(periods);
  training.facts.previous_provider_led = PreviousProviderLedTraining{latest[0][2].as<int>(), false};
  training.facts.previous_schedule_identifier = latest[0][3].as<std::string>();
  const absl::CivilDay transition = std::max(started_on, today);
  pqxx::result current = txn.exec_params(
      "SELECT started_on::text, finished_on::text, EXISTS (SELECT 1 FROM training_periods x "
      "JOIN declarations d ON d.training_period_id = x.id WHERE x.mentor_at_school_period_id = $1 "
      "AND x.started_on >= $3::date) FROM training_periods WHERE mentor_at_school_period_id = $1 "
      "AND (finished_on IS NULL OR finished_on >= $2::date) ORDER BY started_on LIMIT 1",
      period_id, DayText(today), DayText(transition));
  if (!current.empty()) {
    training.facts.current = CurrentTraining{ParseDay(current[0][0].as<std::string>()),
                                             OptionalDay(current[0][1]), current[0][2].as<bool>()};
  }
  return training;
}

// When an ECT moves to provider-led training, their current or next mentor starts provider-led
// mentor training with the same lead provider if they are eligible for funding and have never
// had mentor training (§4.1's offer, made for them). Returns the new period's id, or "".
std::string StartMentorTrainingForSwitch(pqxx::work& txn, const EctRow& ect,
                                         const TrainingChangePlan& plan, absl::CivilDay today,
                                         const std::vector<ContractPeriod>& periods) {
  pqxx::result mentor = txn.exec_params(
      "SELECT m.id, m.teacher_id, m.started_on::text, m.finished_on::text, "
      "t.mentor_became_ineligible_for_funding_reason::text, "
      "EXISTS (SELECT 1 FROM training_periods tp JOIN mentor_at_school_periods o "
      "  ON o.id = tp.mentor_at_school_period_id WHERE o.teacher_id = t.id) "
      "FROM mentorship_periods mp JOIN mentor_at_school_periods m "
      "  ON m.id = mp.mentor_at_school_period_id JOIN teachers t ON t.id = m.teacher_id "
      "WHERE mp.ect_at_school_period_id = $1 AND (mp.finished_on IS NULL OR mp.finished_on >= "
      "$2::date) ORDER BY mp.started_on LIMIT 1",
      ect.id, DayText(today));
  if (mentor.empty()) return "";
  const pqxx::row& row = mentor[0];
  std::optional<MentorIneligibilityReason> reason;
  if (!row[4].is_null()) reason = ParseMentorIneligibilityReason(row[4].as<std::string>());
  if (!OfferMentorTraining(true, EligibleForMentorFunding(reason), row[5].as<bool>())) return "";
  const absl::CivilDay start = std::max(ParseDay(row[2].as<std::string>()), today);
  absl::StatusOr<RegistrationPeriod> period =
      MentorRegistrationPeriod(periods, start, today, std::nullopt);
  if (!period.ok() || period->outcome != RegistrationPeriod::Outcome::kRegister) return "";
  ScheduleChoice choice;
  choice.registration_year = period->year;
  choice.start_date = start;
  choice.today = today;
  const std::string schedule = ChooseSchedule(choice).Identifier();
  txn.exec_params(
      "INSERT INTO schedules (contract_period_year, identifier) VALUES ($1, $2) "
      "ON CONFLICT DO NOTHING",
      period->year, schedule);
  pqxx::result created = txn.exec_params(
      "INSERT INTO training_periods (mentor_at_school_period_id, started_on, finished_on, "
      "training_programme, lead_provider_id, contract_period_year, expression_of_interest_id, "
      "schedule_id) SELECT $1::uuid, $2::date, NULLIF($3, '')::date, 'provider_led', "
      "a.lead_provider_id, $5, a.id, s.id FROM active_lead_providers a JOIN schedules s "
      "ON s.contract_period_year = $5 AND s.identifier = $6 "
      "WHERE a.lead_provider_id = $4::uuid AND a.contract_period_year = $5 RETURNING id",
      row[0].as<std::string>(), DayText(start), Text(row[3]), plan.lead_provider_id, period->year,
      schedule);
  return created.empty() ? "" : created[0][0].as<std::string>();
}

std::string LeadProviderNameIn(const std::vector<wizard::LeadProviderOption>& providers,
                               const std::string& id) {
  for (const wizard::LeadProviderOption& lp : providers) {
    if (lp.id == id) return lp.name;
  }
  return "";
}

constexpr const char* kEctChanges[] = {
    "name", "email", "working-pattern", "appropriate-body", "training-programme", "lead-provider"};

}  // namespace

absl::StatusOr<v1::EctAtSchool> SchoolTeachers::GetEct(const std::string& school_urn,
                                                       const std::string& id,
                                                       bool include_choices) {
  if (school_urn.empty() || !IsUuid(id)) return absl::NotFoundError("no such ECT at this school");
  const absl::CivilDay today = today_();
  std::vector<ContractPeriod> periods;
  std::vector<wizard::AppropriateBodyOption> bodies;
  bool independent = false;
  if (include_choices) {
    ASSIGN_OR_RETURN(periods, reference_.ContractPeriods());
    ASSIGN_OR_RETURN(bodies, reference_.AppropriateBodies());
  }
  ASSIGN_OR_RETURN(
      v1::EctAtSchool ect, pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::EctAtSchool> {
        pqxx::read_transaction txn(c);
        pqxx::result rows =
            txn.exec_params(EctSelect(), school_urn, DayText(today), "", "", id, 1, 0);
        if (rows.empty()) return absl::NotFoundError("no such ECT at this school");
        v1::EctAtSchool found = EctFromRow(rows[0], today);
        if (!include_choices) return found;
        std::optional<EctRow> row = FindEct(txn, school_urn, id, today, false);
        if (!row) return absl::NotFoundError("no such ECT at this school");
        const EctTraining training = LoadTraining(txn, *row, today, periods);
        for (const wizard::LeadProviderOption& lp : SelectableLeadProviders(txn, training.facts)) {
          v1::Choice* choice = found.add_lead_providers();
          choice->set_value(lp.id);
          choice->set_label(lp.name);
        }
        return found;
      }));
  if (include_choices) {
    ASSIGN_OR_RETURN(SchoolInfo school, schools_.GetSchool(school_urn));
    independent = school.independent;
    for (const wizard::AppropriateBodyOption& body :
         SelectableAppropriateBodies(bodies, independent, ect.appropriate_body_id())) {
      v1::Choice* choice = ect.add_appropriate_bodies();
      choice->set_value(body.id);
      choice->set_label(body.name);
    }
  }
  return ect;
}

absl::StatusOr<v1::ChangeTeacherResponse> SchoolTeachers::ChangeEct(
    const v1::ChangeTeacherRequest& request) {
  const std::string& change = request.change();
  if (std::find(std::begin(kEctChanges), std::end(kEctChanges), change) == std::end(kEctChanges)) {
    return absl::InvalidArgumentError(absl::StrCat("no such change: ", change));
  }
  const std::string& school_urn = request.user().school_urn();
  if (school_urn.empty() || !IsUuid(request.id())) {
    return absl::NotFoundError("no such ECT at this school");
  }
  const absl::CivilDay today = today_();
  std::vector<ContractPeriod> periods;
  std::vector<wizard::AppropriateBodyOption> bodies;
  bool independent = false;
  if (change == "training-programme" || change == "lead-provider") {
    ASSIGN_OR_RETURN(periods, reference_.ContractPeriods());
  }
  if (change == "appropriate-body") {
    ASSIGN_OR_RETURN(bodies, reference_.AppropriateBodies());
    ASSIGN_OR_RETURN(SchoolInfo school, schools_.GetSchool(school_urn));
    independent = school.independent;
  }
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<v1::ChangeTeacherResponse> {
    std::optional<EctRow> ect = FindEct(txn, school_urn, request.id(), today, true);
    if (!ect) return absl::NotFoundError("no such ECT at this school");
    v1::ChangeTeacherResponse response;
    response.set_name(ect->name);
    ChangeEvent event;
    event.teacher_id = ect->teacher_id;
    event.ect_period_id = ect->id;
    if (change == "name") {
      RETURN_IF_ERROR(ChangeName(txn, request, ect->teacher_id, event, &response));
      return response;
    }
    if (change == "email") {
      RETURN_IF_ERROR(ChangeEmail(txn, request, "ect_at_school_periods", ect->email, ect->trn,
                                  ect->name, today, event, &response));
      return response;
    }
    FieldErrors errors;
    if (change == "working-pattern") {
      std::optional<wizard::WorkingPattern> pattern =
          ValidateWorkingPatternChange(Field(request, "working_pattern"),
                                       wizard::ParseWorkingPattern(ect->working_pattern), &errors);
      if (!pattern) {
        AddErrors(errors, &response);
        return response;
      }
      const std::string value(wizard::WorkingPatternValue(*pattern));
      txn.exec_params(
          "UPDATE ect_at_school_periods SET working_pattern = $2::working_pattern, "
          "updated_at = now() WHERE id = $1::uuid",
          ect->id, value);
      event.type = "teacher_working_pattern_updated_by_school";
      event.heading = absl::StrCat(ect->name, "’s working pattern changed to ",
                                   value == "full_time" ? "full time" : "part time");
      event.metadata = {{"old_working_pattern", ect->working_pattern},
                        {"new_working_pattern", value}};
      Record(txn, request, event);
      return response;
    }
    if (change == "appropriate-body") {
      std::optional<std::string> id =
          ValidateAppropriateBodyChange(Field(request, "appropriate_body_id"), bodies, independent,
                                        ect->appropriate_body_id, &errors);
      if (!id) {
        AddErrors(errors, &response);
        return response;
      }
      txn.exec_params(
          "UPDATE ect_at_school_periods SET school_reported_appropriate_body_id = $2::uuid, "
          "updated_at = now() WHERE id = $1::uuid",
          ect->id, *id);
      std::string name;
      for (const wizard::AppropriateBodyOption& body : bodies) {
        if (body.id == *id) name = body.name;
      }
      event.type = "teacher_appropriate_body_updated_by_school";
      event.heading = absl::StrCat(ect->name, "’s appropriate body changed to ", name);
      event.metadata = {{"old_appropriate_body_id", ect->appropriate_body_id},
                        {"new_appropriate_body_id", *id}};
      Record(txn, request, event);
      return response;
    }
    // Training programme or lead provider: the current training ends and the next one opens.
    const EctTraining training = LoadTraining(txn, *ect, today, periods);
    const std::vector<wizard::LeadProviderOption> providers =
        SelectableLeadProviders(txn, training.facts);
    ProgrammeChoice choice;
    if (change == "training-programme") {
      std::optional<ProgrammeChoice> chosen = ValidateProgrammeChange(
          Field(request, "training_programme"), Field(request, "lead_provider_id"),
          training.programme, providers, &errors);
      if (!chosen) {
        AddErrors(errors, &response);
        return response;
      }
      choice = *chosen;
    } else {
      std::optional<std::string> id =
          ValidateLeadProviderChange(Field(request, "lead_provider_id"), training.programme,
                                     training.lead_provider_id, providers, &errors);
      if (!id) {
        AddErrors(errors, &response);
        return response;
      }
      choice = ProgrammeChoice{TrainingProgramme::kProviderLed, *id};
    }
    ASSIGN_OR_RETURN(TrainingChangePlan plan, PlanTrainingChange(training.facts, choice));
    ASSIGN_OR_RETURN(std::string training_id,
                     ApplyTrainingPlan(txn, "ect_at_school_period_id", ect->id, plan));
    event.training_period_id = training_id;
    event.lead_provider_id = plan.lead_provider_id;
    const std::string new_lp = LeadProviderNameIn(providers, plan.lead_provider_id);
    const std::string programme(wizard::TrainingProgrammeValue(plan.programme));
    if (change == "training-programme") {
      event.type = "teacher_training_programme_updated_by_school";
      event.heading =
          absl::StrCat(ect->name, "’s training programme changed to ", ProgrammeLabel(programme),
                       new_lp.empty() ? "" : absl::StrCat(" with ", new_lp));
    } else {
      event.type = "teacher_training_lead_provider_updated_by_school";
      event.heading = absl::StrCat(ect->name, "’s lead provider changed from ",
                                   training.lead_provider_name, " to ", new_lp);
    }
    event.metadata = {
        {"old_training_programme",
         training.programme ? std::string(wizard::TrainingProgrammeValue(*training.programme))
                            : ""},
        {"new_training_programme", programme},
        {"old_lead_provider_id", training.lead_provider_id},
        {"new_lead_provider_id", plan.lead_provider_id},
        {"started_on", DayText(plan.transition)}};
    Record(txn, request, event);
    if (change == "training-programme" && plan.programme == TrainingProgramme::kProviderLed) {
      pqxx::result mentor = txn.exec_params(
          "SELECT m.id, m.teacher_id FROM mentorship_periods mp JOIN mentor_at_school_periods m "
          "ON m.id = mp.mentor_at_school_period_id WHERE mp.ect_at_school_period_id = $1 "
          "AND (mp.finished_on IS NULL OR mp.finished_on >= $2::date) ORDER BY mp.started_on "
          "LIMIT 1",
          ect->id, DayText(today));
      const std::string mentor_training =
          StartMentorTrainingForSwitch(txn, *ect, plan, today, periods);
      if (!mentor_training.empty()) {
        ChangeEvent started;
        started.type = "teacher_starts_training_period";
        started.heading = absl::StrCat("Mentor training started with ", new_lp, " when ", ect->name,
                                       " moved to provider-led training");
        started.teacher_id = mentor[0][1].as<std::string>();
        started.mentor_period_id = mentor[0][0].as<std::string>();
        started.training_period_id = mentor_training;
        started.lead_provider_id = plan.lead_provider_id;
        Record(txn, request, started);
      }
    }
    return response;
  });
}

absl::StatusOr<v1::ChangeTeacherResponse> SchoolTeachers::ChangeMentor(
    const v1::ChangeTeacherRequest& request) {
  const std::string& change = request.change();
  if (change != "name" && change != "email" && change != "lead-provider") {
    return absl::InvalidArgumentError(absl::StrCat("no such change: ", change));
  }
  const std::string& school_urn = request.user().school_urn();
  if (school_urn.empty() || !IsUuid(request.id())) {
    return absl::NotFoundError("no such mentor at this school");
  }
  const absl::CivilDay today = today_();
  std::vector<ContractPeriod> periods;
  if (change == "lead-provider") {
    ASSIGN_OR_RETURN(periods, reference_.ContractPeriods());
  }
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<v1::ChangeTeacherResponse> {
    pqxx::result rows = txn.exec_params(
        absl::StrCat("SELECT p.id, p.teacher_id, t.trn, ", kDisplayName,
                     ", coalesce(p.email::text, ''), p.started_on::text, p.finished_on::text "
                     "FROM mentor_at_school_periods p "
                     "JOIN teachers t ON t.id = p.teacher_id WHERE p.id = $3::uuid AND ",
                     kCurrentAtSchool, " FOR UPDATE OF p"),
        school_urn, DayText(today), request.id());
    if (rows.empty()) return absl::NotFoundError("no such mentor at this school");
    const pqxx::row& row = rows[0];
    const std::string name = row[3].as<std::string>();
    v1::ChangeTeacherResponse response;
    response.set_name(name);
    ChangeEvent event;
    event.teacher_id = row[1].as<std::string>();
    event.mentor_period_id = row[0].as<std::string>();
    if (change == "name") {
      RETURN_IF_ERROR(ChangeName(txn, request, event.teacher_id, event, &response));
      return response;
    }
    if (change == "email") {
      RETURN_IF_ERROR(ChangeEmail(txn, request, "mentor_at_school_periods",
                                  row[4].as<std::string>(), row[2].as<std::string>(), name, today,
                                  event, &response));
      return response;
    }
    std::optional<MentorTraining> training =
        LoadMentorTraining(txn, event.mentor_period_id, ParseDay(row[5].as<std::string>()),
                           OptionalDay(row[6]), today, periods);
    if (!training) {
      return absl::FailedPreconditionError(
          absl::StrCat(name, " is not registered for mentor training, so has no lead provider"));
    }
    const std::vector<wizard::LeadProviderOption> providers =
        SelectableLeadProviders(txn, training->facts);
    FieldErrors errors;
    std::optional<std::string> id = ValidateLeadProviderChange(
        Field(request, "lead_provider_id"), TrainingProgramme::kProviderLed,
        training->lead_provider_id, providers, &errors);
    if (!id) {
      AddErrors(errors, &response);
      return response;
    }
    ASSIGN_OR_RETURN(
        TrainingChangePlan plan,
        PlanTrainingChange(training->facts, ProgrammeChoice{TrainingProgramme::kProviderLed, *id}));
    ASSIGN_OR_RETURN(std::string training_id, ApplyTrainingPlan(txn, "mentor_at_school_period_id",
                                                                event.mentor_period_id, plan));
    event.training_period_id = training_id;
    event.lead_provider_id = *id;
    event.type = "teacher_training_lead_provider_updated_by_school";
    event.heading =
        absl::StrCat(name, "’s lead provider changed from ", training->lead_provider_name, " to ",
                     LeadProviderNameIn(providers, *id));
    event.metadata = {{"old_lead_provider_id", training->lead_provider_id},
                      {"new_lead_provider_id", *id},
                      {"started_on", DayText(plan.transition)}};
    Record(txn, request, event);
    return response;
  });
}

absl::StatusOr<v1::MentorAtSchool> SchoolTeachers::GetMentor(const std::string& school_urn,
                                                             const std::string& id,
                                                             bool include_choices) {
  if (school_urn.empty() || !IsUuid(id))
    return absl::NotFoundError("no such mentor at this school");
  const absl::CivilDay today = today_();
  std::vector<ContractPeriod> periods;
  if (include_choices) {
    ASSIGN_OR_RETURN(periods, reference_.ContractPeriods());
  }
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::MentorAtSchool> {
    pqxx::read_transaction txn(c);
    pqxx::result rows =
        txn.exec_params(MentorSelect(), school_urn, DayText(today), "", "", id, 1, 0);
    if (rows.empty()) return absl::NotFoundError("no such mentor at this school");
    v1::MentorAtSchool mentor = MentorFromRow(rows[0], today);
    AddMentees(txn, today, {&mentor});
    if (include_choices) {
      pqxx::result period = txn.exec_params(
          "SELECT started_on::text, finished_on::text FROM mentor_at_school_periods "
          "WHERE id = $1::uuid",
          id);
      std::optional<MentorTraining> training =
          LoadMentorTraining(txn, id, ParseDay(period[0][0].as<std::string>()),
                             OptionalDay(period[0][1]), today, periods);
      if (training) {
        for (const wizard::LeadProviderOption& lp : SelectableLeadProviders(txn, training->facts)) {
          v1::Choice* choice = mentor.add_lead_providers();
          choice->set_value(lp.id);
          choice->set_label(lp.name);
        }
      }
    }
    return mentor;
  });
}

}  // namespace rect::registration
