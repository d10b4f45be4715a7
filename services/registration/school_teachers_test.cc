// A school's teachers over a migrated database: the lists (scoped, searched, paged, with their
// status tags), the details pages' facts, and every change in one transaction with its event and
// the participant's updated_at; a refused change writes nothing; another school's teacher is not
// found. Served over real gRPC for the service's error mapping.
#include "services/registration/school_teachers.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/time/clock.h"
#include "services/common/testing/service_fixture.h"
#include "services/registration/api/store.h"
#include "services/registration/migrations.h"
#include "services/registration/school_teachers_service.h"

namespace rect::registration {
namespace {

constexpr absl::CivilDay kToday(2026, 11, 23);
constexpr char kSchool[] = "100001";
constexpr char kOtherSchool[] = "100002";
constexpr char kNorthern[] = "11111111-1111-4111-8111-000000000001";
constexpr char kSouthern[] = "11111111-1111-4111-8111-000000000002";
constexpr char kPennine[] = "55555555-5555-4555-8555-000000000003";
constexpr char kSevern[] = "55555555-5555-4555-8555-000000000004";
constexpr char kIstip[] = "55555555-5555-4555-8555-000000000001";

class FakeSchools final : public SchoolDirectory {
 public:
  absl::StatusOr<SchoolInfo> GetSchool(const std::string& urn) override {
    return SchoolInfo{urn == kSchool ? "Oakfield Primary School" : "Riverside Academy",
                      independent};
  }
  bool independent = false;
};

class SchoolTeachersTest : public ::testing::Test {
 protected:
  SchoolTeachersTest()
      : db_(Migrations()), teachers_(db_.pool(), schools_, [] { return kToday; }) {}

  std::string Exec(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::result r = txn.exec(sql);
    txn.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  std::string Teacher(const std::string& trn, const std::string& first, const std::string& last,
                      const std::string& induction = "InProgress") {
    return Exec(
        "INSERT INTO teachers (trn, trs_first_name, trs_last_name, trs_induction_status, "
        "updated_at) VALUES ('" +
        trn + "', '" + first + "', '" + last + "', '" + induction +
        "', '2020-01-01') RETURNING id");
  }

  std::string Ect(const std::string& teacher, const std::string& school = kSchool,
                  const std::string& started = "2026-09-01", const std::string& email = "",
                  const std::string& finished = "NULL") {
    return Exec(
        "INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, "
        "finished_on, email, working_pattern, school_reported_appropriate_body_id) "
        "VALUES ('" +
        teacher + "', '" + school + "', '" + started + "', " + finished + ", " +
        (email.empty() ? "NULL" : "'" + email + "'") + ", 'full_time', '" + kPennine +
        "') RETURNING id");
  }

  std::string SchoolLed(const std::string& ect, const std::string& started = "2026-09-01") {
    return Exec(
        "INSERT INTO training_periods (ect_at_school_period_id, started_on, "
        "training_programme) VALUES ('" +
        ect + "', '" + started + "', 'school_led') RETURNING id");
  }

  std::string ProviderLed(const std::string& ect, const std::string& lead_provider, int year = 2026,
                          const std::string& started = "2026-09-01",
                          const std::string& schedule = "ecf-standard-september") {
    Exec("INSERT INTO schedules (contract_period_year, identifier) VALUES (" +
         std::to_string(year) + ", '" + schedule + "') ON CONFLICT DO NOTHING RETURNING id");
    return Exec(
        "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
        "lead_provider_id, contract_period_year, expression_of_interest_id, schedule_id) "
        "SELECT '" +
        ect + "', '" + started + "', 'provider_led', '" + lead_provider + "', " +
        std::to_string(year) +
        ", a.id, s.id FROM active_lead_providers a, schedules s "
        "WHERE a.lead_provider_id = '" +
        lead_provider + "' AND a.contract_period_year = " + std::to_string(year) +
        " AND s.contract_period_year = " + std::to_string(year) + " AND s.identifier = '" +
        schedule + "' RETURNING id");
  }

  std::string Mentor(const std::string& teacher, const std::string& school = kSchool,
                     const std::string& email = "") {
    return Exec(
        "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on, email) "
        "VALUES ('" +
        teacher + "', '" + school + "', '2025-09-01', " +
        (email.empty() ? "NULL" : "'" + email + "'") + ") RETURNING id");
  }

  void Mentorship(const std::string& ect, const std::string& mentor) {
    Exec(
        "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
        "school_urn, mentee_teacher_id, mentor_teacher_id, started_on) "
        "SELECT e.id, m.id, e.school_urn, e.teacher_id, m.teacher_id, '2026-09-01' "
        "FROM ect_at_school_periods e, mentor_at_school_periods m WHERE e.id = '" +
        ect + "' AND m.id = '" + mentor + "' RETURNING id");
  }

  v1::ChangeTeacherRequest Change(const std::string& id, const std::string& change,
                                  std::map<std::string, std::string> fields,
                                  const std::string& school = kSchool) {
    v1::ChangeTeacherRequest request;
    request.mutable_user()->set_school_urn(school);
    request.mutable_user()->set_user_id("user-1");
    request.mutable_user()->set_user_name("Sam Tutor");
    request.mutable_user()->set_user_email("sam@oakfield.example");
    request.set_id(id);
    request.set_change(change);
    for (auto& [k, v] : fields) (*request.mutable_fields())[k] = v;
    return request;
  }

  // Applies a change that must succeed.
  void MustChangeEct(const std::string& id, const std::string& change,
                     std::map<std::string, std::string> fields) {
    absl::StatusOr<v1::ChangeTeacherResponse> response =
        teachers_.ChangeEct(Change(id, change, std::move(fields)));
    ASSERT_TRUE(response.ok()) << response.status();
    ASSERT_EQ(response->errors_size(), 0) << response->errors(0).message();
  }

  std::string Errors(const absl::StatusOr<v1::ChangeTeacherResponse>& response) {
    if (!response.ok()) return std::string(response.status().message());
    std::string joined;
    for (const v1::FieldError& e : response->errors()) joined += e.field() + ": " + e.message();
    return joined;
  }

  bool Bumped(const std::string& teacher) {
    return Exec("SELECT updated_at > '2021-01-01' FROM teachers WHERE id = '" + teacher + "'") ==
           "t";
  }

  std::string Training(const std::string& ect) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    std::string out;
    for (const pqxx::row& row : txn.exec(
             "SELECT t.started_on::text || '..' || coalesce(t.finished_on::text, '') || ' ' || "
             "t.training_programme || coalesce(' ' || a.lead_provider_name, '') || "
             "coalesce(' ' || t.contract_period_year || ' ' || s.identifier, '') "
             "FROM training_periods t LEFT JOIN active_lead_providers a "
             "ON a.lead_provider_id = t.lead_provider_id AND a.contract_period_year = "
             "t.contract_period_year LEFT JOIN schedules s ON s.id = t.schedule_id "
             "WHERE t.ect_at_school_period_id = '" +
             ect + "' ORDER BY t.started_on")) {
      out += row[0].as<std::string>() + "; ";
    }
    return out;
  }

  int Events(const std::string& type) {
    return std::stoi(Exec("SELECT count(*) FROM events WHERE event_type = '" + type + "'"));
  }

  testing::MigratedDatabase db_;
  FakeSchools schools_;
  SchoolTeachers teachers_;
};

TEST_F(SchoolTeachersTest, ListsTheSchoolsCurrentEctsWithTheirStatuses) {
  const std::string mentor_teacher = Teacher("7100100", "Ella", "Grant");
  const std::string mentor = Mentor(mentor_teacher);
  const std::string needs = Ect(Teacher("7100001", "Amara", "Okafor"));
  SchoolLed(needs);
  const std::string mentored = Ect(Teacher("7100002", "Brian", "Stokes"), kSchool, "2026-08-01");
  SchoolLed(mentored, "2026-08-01");
  Mentorship(mentored, mentor);
  const std::string leaving =
      Ect(Teacher("7100003", "Carla", "Reyes"), kSchool, "2026-07-01", "", "'2026-12-31'");
  Ect(Teacher("7100004", "Derek", "Moss", "Passed"), kSchool, "2026-06-01");
  Ect(Teacher("7100005", "Ella", "Stone", "Exempt"), kSchool, "2026-05-01");
  Ect(Teacher("7100006", "Farid", "Khan", "Failed"), kSchool, "2026-04-01");
  const std::string paused = Ect(Teacher("7100007", "Grace", "Lee"), kSchool, "2026-03-01");
  ProviderLed(paused, kNorthern, 2025, "2026-03-01");
  Exec(
      "UPDATE training_periods SET deferred_at = '2026-10-01', deferral_reason = 'other', "
      "finished_on = '2026-10-01' WHERE ect_at_school_period_id = '" +
      paused + "' RETURNING id");
  const std::string withdrawn = Ect(Teacher("7100008", "Huw", "Evans"), kSchool, "2026-02-01");
  ProviderLed(withdrawn, kSouthern, 2025, "2026-02-01");
  Exec(
      "UPDATE training_periods SET withdrawn_at = '2026-10-01', withdrawal_reason = 'other', "
      "finished_on = '2026-10-01' WHERE ect_at_school_period_id = '" +
      withdrawn + "' RETURNING id");
  Ect(Teacher("7100009", "Isla", "Brown"), kSchool, "2025-09-01", "", "'2026-11-22'");  // left
  Ect(Teacher("7100010", "Jamal", "Price"), kOtherSchool);

  v1::ListSchoolTeachersRequest request;
  request.set_school_urn(kSchool);
  absl::StatusOr<v1::ListEctsResponse> list = teachers_.ListEcts(request);
  ASSERT_TRUE(list.ok()) << list.status();
  std::vector<std::string> rows;
  for (const v1::EctAtSchool& ect : list->ects()) {
    rows.push_back(ect.name() + ": " + ect.status_tag() + " (" + ect.status() + ")");
  }
  // Those without a mentor first, then the latest start first.
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "Amara Okafor: Action required (mentor_required)",
                      "Carla Reyes: Leaving school (leaving_school)",
                      "Derek Moss: Completed induction (completed_induction)",
                      "Ella Stone: Exempt (exempt)",
                      "Farid Khan: Failed induction (failed_induction)",
                      "Grace Lee: Training paused (training_paused)",
                      "Huw Evans: Action required (withdrawn)",
                      "Brian Stokes: Registered (registered)",
                  }));
  EXPECT_EQ(list->ects(0).status_text(), "A mentor needs to be assigned to Amara Okafor");
  EXPECT_EQ(list->ects(7).mentor().name(), "Ella Grant");
  EXPECT_EQ(list->ects(7).mentor().id(), mentor);
  EXPECT_EQ(list->ects(1).leaving_date(), "31 December 2026");
  EXPECT_EQ(list->ects(6).lead_provider_name(), "Southern Learning Partnership");
  EXPECT_EQ(list->page().total_at_school(), 8);
  EXPECT_EQ(list->page().matching(), 8);
  EXPECT_EQ(list->page().pages(), 1);
  (void)leaving;
}

TEST_F(SchoolTeachersTest, SearchesByNameOrTrnAndPages) {
  for (int i = 0; i < 5; ++i) {
    Ect(Teacher("710020" + std::to_string(i), "Kate", "Dunn" + std::string(1, 'a' + i)), kSchool,
        "2026-09-0" + std::to_string(i + 1));
  }
  Ect(Teacher("7100300", "Liam", "Ford"));
  v1::ListSchoolTeachersRequest request;
  request.set_school_urn(kSchool);
  request.set_query("  dunn ");
  request.set_page_size(2);
  request.set_page(2);
  absl::StatusOr<v1::ListEctsResponse> list = teachers_.ListEcts(request);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->page().matching(), 5);
  EXPECT_EQ(list->page().total_at_school(), 6);
  EXPECT_EQ(list->page().pages(), 3);
  EXPECT_EQ(list->page().page(), 2);
  ASSERT_EQ(list->ects_size(), 2);
  EXPECT_EQ(list->ects(0).name(), "Kate Dunnc");  // newest start first
  request.set_page(9);
  EXPECT_EQ(teachers_.ListEcts(request)->page().page(), 3);
  request.set_query("7100300");
  request.set_page(1);
  list = teachers_.ListEcts(request);
  ASSERT_EQ(list->ects_size(), 1);
  EXPECT_EQ(list->ects(0).name(), "Liam Ford");
  request.set_query("71002");
  EXPECT_EQ(teachers_.ListEcts(request)->page().matching(), 5);
  request.set_query("%");
  EXPECT_EQ(teachers_.ListEcts(request)->page().matching(), 0);
  request.set_school_urn("");
  EXPECT_EQ(teachers_.ListEcts(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SchoolTeachersTest, AnotherSchoolsTeacherIsNotFound) {
  const std::string ect =
      Ect(Teacher("7100001", "Amara", "Okafor"), kSchool, "2026-09-01", "amara@example.org");
  const std::string mentor = Mentor(Teacher("7100002", "Ella", "Grant"));
  EXPECT_EQ(teachers_.GetEct(kOtherSchool, ect, false).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(teachers_.GetEct(kSchool, "nope", false).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(teachers_.GetEct(kSchool, mentor, false).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(teachers_.GetMentor(kOtherSchool, mentor, false).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(teachers_.ChangeEct(Change(ect, "email", {{"email", "x@example.org"}}, kOtherSchool))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      teachers_.ChangeMentor(Change(mentor, "name", {{"name", "X"}}, kOtherSchool)).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(teachers_.ChangeEct(Change(ect, "start-date", {})).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Exec("SELECT email FROM ect_at_school_periods WHERE id = '" + ect + "'"),
            "amara@example.org");
}

TEST_F(SchoolTeachersTest, DetailsWithTheChoicesOfTheChangeForms) {
  const std::string ect = Ect(Teacher("7100001", "Amara", "Okafor"));
  ProviderLed(ect, kNorthern);
  absl::StatusOr<v1::EctAtSchool> got = teachers_.GetEct(kSchool, ect, true);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->appropriate_body_name(), "Pennine Teaching School Hub");
  EXPECT_EQ(got->training_programme(), "provider_led");
  EXPECT_EQ(got->lead_provider_name(), "Northern Teaching Trust");
  EXPECT_EQ(got->contract_period_year(), 2026);
  EXPECT_FALSE(got->partnership_confirmed());
  EXPECT_EQ(got->working_pattern(), "full_time");
  ASSERT_EQ(got->appropriate_bodies_size(), 1);  // the other hub; never the current one
  EXPECT_EQ(got->appropriate_bodies(0).value(), kSevern);
  EXPECT_EQ(got->lead_providers_size(), 2);
  schools_.independent = true;
  got = teachers_.GetEct(kSchool, ect, true);
  ASSERT_EQ(got->appropriate_bodies_size(), 2);
  EXPECT_EQ(got->appropriate_bodies(0).value(), kIstip);
}

TEST_F(SchoolTeachersTest, NameChangeIsRecordedAndBumpsTheParticipant) {
  const std::string teacher = Teacher("7100001", "Nia", "Wolstenholme");
  const std::string ect = Ect(teacher);
  absl::StatusOr<v1::ChangeTeacherResponse> refused =
      teachers_.ChangeEct(Change(ect, "name", {{"name", std::string(71, 'x')}}));
  EXPECT_EQ(Errors(refused), "name: Corrected name must be 70 characters or less");
  EXPECT_EQ(Errors(teachers_.ChangeEct(Change(ect, "name", {{"name", "nia wolstenholme"}}))),
            "name: The name must be different from the current name");
  EXPECT_FALSE(Bumped(teacher));
  EXPECT_EQ(Events("teacher_name_updated_by_school"), 0);

  MustChangeEct(ect, "name", {{"name", " Nia Wolstenholme-Featherstonehaugh "}});
  EXPECT_EQ(teachers_.GetEct(kSchool, ect, false)->name(), "Nia Wolstenholme-Featherstonehaugh");
  EXPECT_EQ(teachers_.GetEct(kSchool, ect, false)->trs_name(), "Nia Wolstenholme");
  EXPECT_TRUE(Bumped(teacher));
  EXPECT_EQ(Events("teacher_name_updated_by_school"), 1);
  EXPECT_EQ(
      Exec("SELECT heading || ' by ' || author_name FROM events WHERE event_type = "
           "'teacher_name_updated_by_school'"),
      "Name changed from Nia Wolstenholme to Nia Wolstenholme-Featherstonehaugh by Sam Tutor");
  // Typing the TRS name back clears the correction.
  MustChangeEct(ect, "name", {{"name", "Nia Wolstenholme"}});
  EXPECT_EQ(
      Exec("SELECT coalesce(corrected_name, 'none') FROM teachers WHERE id = '" + teacher + "'"),
      "none");
}

TEST_F(SchoolTeachersTest, EmailChangeKeepsAddressesUnique) {
  const std::string teacher = Teacher("7100001", "Amara", "Okafor");
  const std::string ect = Ect(teacher, kSchool, "2026-09-01", "amara@example.org");
  Mentor(Teacher("7100002", "Rosa", "Clarke"), kOtherSchool, "rosa.clarke@example.org");
  EXPECT_EQ(
      Errors(teachers_.ChangeEct(Change(ect, "email", {{"email", "ROSA.CLARKE@example.org"}}))),
      "email: This email is already in use for a different ECT or mentor");
  EXPECT_EQ(Errors(teachers_.ChangeEct(Change(ect, "email", {{"email", "amara@"}}))),
            "email: Enter an email address in the correct format, like name@example.com");
  EXPECT_EQ(Errors(teachers_.ChangeEct(Change(ect, "email", {{"email", "AMARA@example.org"}}))),
            "email: The email must be different from the current email");
  EXPECT_FALSE(Bumped(teacher));
  MustChangeEct(ect, "email", {{"email", "amara.okafor@example.org"}});
  EXPECT_EQ(teachers_.GetEct(kSchool, ect, false)->email(), "amara.okafor@example.org");
  EXPECT_TRUE(Bumped(teacher));
  EXPECT_EQ(Events("teacher_email_updated_by_school"), 1);
}

TEST_F(SchoolTeachersTest, WorkingPatternAndAppropriateBodyChanges) {
  const std::string teacher = Teacher("7100001", "Amara", "Okafor");
  const std::string ect = Ect(teacher);
  EXPECT_EQ(Errors(teachers_.ChangeEct(
                Change(ect, "working-pattern", {{"working_pattern", "full_time"}}))),
            "working_pattern: The working pattern must be different from the current working "
            "pattern");
  MustChangeEct(ect, "working-pattern", {{"working_pattern", "part_time"}});
  EXPECT_EQ(teachers_.GetEct(kSchool, ect, false)->working_pattern(), "part_time");
  EXPECT_TRUE(Bumped(teacher));

  EXPECT_EQ(Errors(teachers_.ChangeEct(
                Change(ect, "appropriate-body", {{"appropriate_body_id", kIstip}}))),
            "appropriate_body_id: Select a teaching school hub appropriate body which will be "
            "supporting the ECT's induction");
  MustChangeEct(ect, "appropriate-body", {{"appropriate_body_id", kSevern}});
  EXPECT_EQ(teachers_.GetEct(kSchool, ect, false)->appropriate_body_name(),
            "Severn Teaching School Hub");
  schools_.independent = true;
  MustChangeEct(ect, "appropriate-body", {{"appropriate_body_id", kIstip}});
  EXPECT_EQ(Events("teacher_appropriate_body_updated_by_school"), 2);
  EXPECT_EQ(Events("teacher_working_pattern_updated_by_school"), 1);
}

TEST_F(SchoolTeachersTest, SchoolLedToProviderLedEndsTheStartedPeriodYesterday) {
  const std::string teacher = Teacher("7100001", "Amara", "Okafor");
  const std::string ect = Ect(teacher);
  SchoolLed(ect);
  EXPECT_EQ(Errors(teachers_.ChangeEct(
                Change(ect, "training-programme", {{"training_programme", "provider_led"}}))),
            "lead_provider_id: Select which lead provider will be training the ECT");
  EXPECT_EQ(
      Errors(teachers_.ChangeEct(Change(ect, "lead-provider", {{"lead_provider_id", kNorthern}}))),
      "lead_provider_id: Only provider-led training has a lead provider: change the "
      "training programme to provider-led instead");
  EXPECT_EQ(Training(ect), "2026-09-01.. school_led; ");
  EXPECT_FALSE(Bumped(teacher));

  MustChangeEct(ect, "training-programme",
                {{"training_programme", "provider_led"}, {"lead_provider_id", kNorthern}});
  EXPECT_EQ(Training(ect),
            "2026-09-01..2026-11-22 school_led; "
            "2026-11-23.. provider_led Northern Teaching Trust 2026 ecf-standard-january; ");
  EXPECT_TRUE(Bumped(teacher));
  EXPECT_EQ(Exec("SELECT heading FROM events WHERE event_type = "
                 "'teacher_training_programme_updated_by_school'"),
            "Amara Okafor’s training programme changed to provider-led with Northern Teaching "
            "Trust");

  // The lead provider changes on the same day: today's period has not started before today, so
  // it is replaced, keeping the contract period and schedule.
  MustChangeEct(ect, "lead-provider", {{"lead_provider_id", kSouthern}});
  EXPECT_EQ(Training(ect),
            "2026-09-01..2026-11-22 school_led; "
            "2026-11-23.. provider_led Southern Learning Partnership 2026 ecf-standard-january; ");
  EXPECT_EQ(
      Errors(teachers_.ChangeEct(Change(ect, "lead-provider", {{"lead_provider_id", kSouthern}}))),
      "lead_provider_id: The lead provider must be different from the current lead provider");
  EXPECT_EQ(Events("teacher_training_lead_provider_updated_by_school"), 1);
}

TEST_F(SchoolTeachersTest, MovingToProviderLedStartsAnEligibleMentorsTraining) {
  const std::string mentor_teacher = Teacher("7100100", "Ella", "Grant");
  const std::string mentor = Mentor(mentor_teacher);
  const std::string ect = Ect(Teacher("7100001", "Amara", "Okafor"));
  SchoolLed(ect);
  Mentorship(ect, mentor);
  MustChangeEct(ect, "training-programme",
                {{"training_programme", "provider_led"}, {"lead_provider_id", kNorthern}});
  EXPECT_EQ(Exec("SELECT t.started_on || ' ' || a.lead_provider_name || ' ' || "
                 "t.contract_period_year FROM training_periods t JOIN active_lead_providers a "
                 "ON a.id = t.expression_of_interest_id WHERE t.mentor_at_school_period_id = '" +
                 mentor + "'"),
            "2026-11-23 Northern Teaching Trust 2026");
  EXPECT_EQ(Events("teacher_starts_training_period"), 1);
  EXPECT_TRUE(Bumped(mentor_teacher));

  // A mentor who is not eligible for funding gets no training.
  const std::string ineligible_teacher = Teacher("7100101", "Derek", "Moss");
  Exec(
      "UPDATE teachers SET mentor_became_ineligible_for_funding_on = '2021-04-19', "
      "mentor_became_ineligible_for_funding_reason = 'completed_during_early_roll_out' "
      "WHERE id = '" +
      ineligible_teacher + "' RETURNING id");
  const std::string ineligible = Mentor(ineligible_teacher);
  const std::string other = Ect(Teacher("7100002", "Brian", "Stokes"));
  SchoolLed(other);
  Mentorship(other, ineligible);
  MustChangeEct(other, "training-programme",
                {{"training_programme", "provider_led"}, {"lead_provider_id", kNorthern}});
  EXPECT_EQ(Exec("SELECT count(*) FROM training_periods WHERE mentor_at_school_period_id = '" +
                 ineligible + "'"),
            "0");
  EXPECT_EQ(Events("teacher_starts_training_period"), 1);
}

TEST_F(SchoolTeachersTest, ProviderLedToSchoolLedKeepsTheYearForLaterChanges) {
  const std::string teacher = Teacher("7100001", "Amara", "Okafor");
  const std::string ect = Ect(teacher, kSchool, "2025-09-01");
  ProviderLed(ect, kNorthern, 2025, "2025-09-01");
  MustChangeEct(ect, "training-programme", {{"training_programme", "school_led"}});
  EXPECT_EQ(Training(ect),
            "2025-09-01..2026-11-22 provider_led Northern Teaching Trust 2025 "
            "ecf-standard-september; 2026-11-23.. school_led; ");
  // Back to provider-led: the teacher's earlier provider-led year and schedule are kept.
  EXPECT_EQ(teachers_.GetEct(kSchool, ect, true)->lead_providers_size(), 2);
  MustChangeEct(ect, "training-programme",
                {{"training_programme", "provider_led"}, {"lead_provider_id", kSouthern}});
  EXPECT_EQ(Training(ect),
            "2025-09-01..2026-11-22 provider_led Northern Teaching Trust 2025 "
            "ecf-standard-september; 2026-11-23.. provider_led Southern Learning Partnership "
            "2025 ecf-standard-september; ");
}

TEST_F(SchoolTeachersTest, AFutureEctsUnstartedTrainingIsReplacedAndEndsWithTheirPeriod) {
  const std::string ect =
      Ect(Teacher("7100001", "Amara", "Okafor"), kSchool, "2027-01-04", "", "'2027-07-20'");
  Exec(
      "INSERT INTO training_periods (ect_at_school_period_id, started_on, finished_on, "
      "training_programme) VALUES ('" +
      ect +
      "', '2027-01-04', '2027-07-20', 'school_led') "
      "RETURNING id");
  MustChangeEct(ect, "training-programme",
                {{"training_programme", "provider_led"}, {"lead_provider_id", kNorthern}});
  EXPECT_EQ(Training(ect),
            "2027-01-04..2027-07-20 provider_led Northern Teaching Trust 2026 "
            "ecf-standard-january; ");
}

TEST_F(SchoolTeachersTest, MentorsWithTheirEctsAndChanges) {
  const std::string mentor_teacher = Teacher("7100100", "Ella", "Grant");
  const std::string mentor = Mentor(mentor_teacher, kSchool, "ella@example.org");
  Mentor(Teacher("7100101", "Omar", "Hale"), kOtherSchool);
  const std::string ect = Ect(Teacher("7100001", "Amara", "Okafor"));
  Mentorship(ect, mentor);
  v1::ListSchoolTeachersRequest request;
  request.set_school_urn(kSchool);
  absl::StatusOr<v1::ListMentorsResponse> list = teachers_.ListMentors(request);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->mentors_size(), 1);
  EXPECT_EQ(list->mentors(0).name(), "Ella Grant");
  EXPECT_EQ(list->mentors(0).status_tag(), "Registered");
  ASSERT_EQ(list->mentors(0).ects_size(), 1);
  EXPECT_EQ(list->mentors(0).ects(0).name(), "Amara Okafor");
  EXPECT_EQ(list->mentors(0).ects(0).id(), ect);

  EXPECT_EQ(Errors(teachers_.ChangeMentor(Change(mentor, "working-pattern", {}))),
            "no such change: working-pattern");
  MustChangeEct(ect, "name", {{"name", "Amara Okafor-Reid"}});
  absl::StatusOr<v1::ChangeTeacherResponse> changed =
      teachers_.ChangeMentor(Change(mentor, "email", {{"email", "ella.grant@example.org"}}));
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->errors_size(), 0);
  changed = teachers_.ChangeMentor(Change(mentor, "name", {{"name", "Ella Grant-Hughes"}}));
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->name(), "Ella Grant-Hughes");
  absl::StatusOr<v1::MentorAtSchool> got = teachers_.GetMentor(kSchool, mentor, false);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name(), "Ella Grant-Hughes");
  EXPECT_EQ(got->email(), "ella.grant@example.org");
  EXPECT_EQ(got->ects(0).name(), "Amara Okafor-Reid");
  EXPECT_TRUE(Bumped(mentor_teacher));
}

TEST_F(SchoolTeachersTest, AMentorsLeadProviderChangeKeepsTheirContractPeriodAndSchedule) {
  const std::string teacher = Teacher("7100100", "Ella", "Grant");
  const std::string mentor = Mentor(teacher);
  EXPECT_EQ(Errors(teachers_.ChangeMentor(
                Change(mentor, "lead-provider", {{"lead_provider_id", kSouthern}}))),
            "Ella Grant is not registered for mentor training, so has no lead provider");
  Exec(
      "INSERT INTO schedules (contract_period_year, identifier) VALUES (2025, "
      "'ecf-standard-september') RETURNING id");
  Exec(
      "INSERT INTO training_periods (mentor_at_school_period_id, started_on, training_programme, "
      "lead_provider_id, contract_period_year, expression_of_interest_id, schedule_id) "
      "SELECT '" +
      mentor +
      "', '2025-09-01', 'provider_led', a.lead_provider_id, 2025, a.id, "
      "s.id FROM active_lead_providers a, schedules s WHERE a.lead_provider_id = '" +
      kNorthern +
      "' AND a.contract_period_year = 2025 AND s.contract_period_year = 2025 RETURNING id");
  absl::StatusOr<v1::MentorAtSchool> got = teachers_.GetMentor(kSchool, mentor, true);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->training_status(), "active");
  EXPECT_EQ(got->lead_provider_name(), "Northern Teaching Trust");
  EXPECT_EQ(got->lead_providers_size(), 2);
  EXPECT_EQ(Errors(teachers_.ChangeMentor(
                Change(mentor, "lead-provider", {{"lead_provider_id", kNorthern}}))),
            "lead_provider_id: The lead provider must be different from the current lead provider");
  EXPECT_FALSE(Bumped(teacher));
  absl::StatusOr<v1::ChangeTeacherResponse> changed =
      teachers_.ChangeMentor(Change(mentor, "lead-provider", {{"lead_provider_id", kSouthern}}));
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->errors_size(), 0);
  EXPECT_EQ(Exec("SELECT string_agg(t.started_on || '..' || coalesce(t.finished_on::text, '') || "
                 "' ' || a.lead_provider_name || ' ' || t.contract_period_year || ' ' || "
                 "s.identifier, '; ' ORDER BY t.started_on) FROM training_periods t "
                 "JOIN active_lead_providers a ON a.id = t.expression_of_interest_id "
                 "JOIN schedules s ON s.id = t.schedule_id WHERE t.mentor_at_school_period_id = '" +
                 mentor + "'"),
            "2025-09-01..2026-11-22 Northern Teaching Trust 2025 ecf-standard-september; "
            "2026-11-23.. Southern Learning Partnership 2025 ecf-standard-september");
  EXPECT_TRUE(Bumped(teacher));
  EXPECT_EQ(teachers_.GetMentor(kSchool, mentor, false)->lead_provider_name(),
            "Southern Learning Partnership");
}

// What the lead provider API shows moves with the change: a confirmed participant's working
// pattern change makes them "updated since" for their provider, with the new value.
TEST_F(SchoolTeachersTest, TheLeadProviderApiSeesTheChange) {
  const std::string teacher = Teacher("7100001", "Amara", "Okafor");
  const std::string ect = Ect(teacher);
  const std::string training = ProviderLed(ect, kNorthern);
  Exec(
      "UPDATE training_periods SET school_partnership_id = gen_random_uuid(), "
      "delivery_partner_id = gen_random_uuid() WHERE id = '" +
      training + "' RETURNING id");
  api::LeadProviderApiStore api(db_.pool());
  api::ParticipantQuery query;
  query.lead_provider_id = kNorthern;
  query.updated_since = absl::FromUnixSeconds(1700000000);  // 2023: after the fixture's 2020
  EXPECT_TRUE(api.ListParticipants(query, absl::Now())->empty());
  MustChangeEct(ect, "working-pattern", {{"working_pattern", "part_time"}});
  absl::StatusOr<std::vector<v1::Participant>> updated = api.ListParticipants(query, absl::Now());
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_EQ(updated->size(), 1u);
  EXPECT_EQ(updated->front().id(), teacher);
  EXPECT_EQ(updated->front().enrolments(0).working_pattern(), "part_time");
}

// The gRPC surface maps the domain's errors.
TEST_F(SchoolTeachersTest, ServiceMapsErrors) {
  SchoolTeachersServiceImpl service(teachers_);
  testing::InProcessServer server(service);
  auto stub = v1::SchoolTeachersService::NewStub(server.channel());
  grpc::ClientContext context;
  v1::GetSchoolTeacherRequest request;
  request.set_school_urn(kSchool);
  request.set_id("11111111-2222-4333-8444-555555555555");
  v1::EctAtSchool ect;
  EXPECT_EQ(stub->GetEct(&context, request, &ect).error_code(), grpc::StatusCode::NOT_FOUND);
  grpc::ClientContext list_context;
  v1::ListSchoolTeachersRequest list_request;
  v1::ListMentorsResponse mentors;
  EXPECT_EQ(stub->ListMentors(&list_context, list_request, &mentors).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace rect::registration
