// FindTeacher and FindTeacherByNino through gRPC against the local TRS: every persona of
// school-journeys.md §8 gives its documented outcome, and every look-up is audited.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/teachers/testing/teachers_harness.h"

namespace rect::teachers {
namespace {

using Outcome = v1::FindTeacherResponse;
using Induction = v1::TrsTeacher;

class FindTeacherTest : public ::testing::Test {
 protected:
  // The audit rows, oldest first, as "trn purpose outcome".
  std::vector<std::string> Lookups() {
    pqxx::connection c(harness_.conninfo());
    pqxx::nontransaction txn(c);
    std::vector<std::string> rows;
    for (const pqxx::row& row :
         txn.exec("SELECT trn || ' ' || purpose || ' ' || outcome FROM trs_lookups ORDER BY id")) {
      rows.push_back(row[0].as<std::string>());
    }
    return rows;
  }

  testing::TeachersHarness harness_;
};

struct PersonaCase {
  std::string trn;
  Outcome::Outcome outcome;
  std::string first_name;
  Induction::InductionStatus induction = Induction::INDUCTION_STATUS_UNSPECIFIED;
  bool eligible = false;
  bool has_qts = true;
  bool prohibited = false;
};

TEST_F(FindTeacherTest, EveryPersonaWithTheDefaultDateOfBirthGivesItsOutcome) {
  const std::vector<PersonaCase> cases = {
      {"7000001", Outcome::FOUND, "Amara", Induction::IN_PROGRESS, true, false, false},
      {"7000002", Outcome::NOT_FOUND, ""},
      {"7000003", Outcome::FOUND, "Brian", Induction::IN_PROGRESS, true, true, true},
      {"7000004", Outcome::DEACTIVATED, ""},
      {"7000005", Outcome::FOUND, "Carla", Induction::IN_PROGRESS, true, true, false},
      {"7000006", Outcome::FOUND, "Derek", Induction::REQUIRED_TO_COMPLETE, true, true, false},
      {"7000007", Outcome::FOUND, "Ella", Induction::PASSED, false, true, false},
      {"7000008", Outcome::FOUND, "Farid", Induction::FAILED, false, true, false},
      {"7000009", Outcome::FOUND, "Grace", Induction::EXEMPT, false, true, false},
      {"7000010", Outcome::FOUND, "Huw", Induction::FAILED_IN_WALES, false, true, false},
      {"7000011", Outcome::MERGED, ""},
      {"7000012", Outcome::FOUND, "Isla", Induction::NONE, true, true, false},
      {"7000013", Outcome::DATE_OF_BIRTH_MISMATCH, ""},  // born 1990-04-15
      {"7000014", Outcome::DATE_OF_BIRTH_MISMATCH, ""},  // born 1985-06-20
      {"7000015", Outcome::DATE_OF_BIRTH_MISMATCH, ""},  // born 1988-11-30
      {"7000016", Outcome::FOUND, "Maya", Induction::IN_PROGRESS, true, true, false},
      {"7000017", Outcome::FOUND, "Nia", Induction::REQUIRED_TO_COMPLETE, true, true, false},
      {"7000018", Outcome::FOUND, "Oscar", Induction::IN_PROGRESS, true, true, false},
      {"7000019", Outcome::FOUND, "Priya", Induction::IN_PROGRESS, true, true, false},
      {"7000020", Outcome::FOUND, "Quinn", Induction::IN_PROGRESS, true, true, false},
      {"7000021", Outcome::FOUND, "Rosa", Induction::NONE, true, true, false},
      {"7000022", Outcome::FOUND, "Sam", Induction::PASSED, false, true, false},
      {"7000023", Outcome::FOUND, "Tara", Induction::PASSED, false, false, false},
      {"7000024", Outcome::FOUND, "Uma", Induction::NONE, true, true, false},
      {"1234567", Outcome::FOUND, "", Induction::IN_PROGRESS, true, true, false},
  };
  for (const PersonaCase& c : cases) {
    v1::FindTeacherResponse response;
    const grpc::Status status = harness_.Find(c.trn, 1977, 2, 3, &response);
    ASSERT_TRUE(status.ok()) << c.trn << ": " << status.error_message();
    EXPECT_EQ(response.outcome(), c.outcome) << c.trn;
    EXPECT_EQ(response.has_teacher(), c.outcome == Outcome::FOUND) << c.trn;
    if (c.outcome != Outcome::FOUND) continue;
    const v1::TrsTeacher& teacher = response.teacher();
    EXPECT_EQ(teacher.trn(), c.trn);
    if (!c.first_name.empty()) EXPECT_EQ(teacher.first_name(), c.first_name) << c.trn;
    EXPECT_FALSE(teacher.last_name().empty()) << c.trn;
    EXPECT_EQ(teacher.induction_status(), c.induction) << c.trn;
    EXPECT_EQ(teacher.induction_eligible(), c.eligible) << c.trn;
    EXPECT_EQ(teacher.has_qts(), c.has_qts) << c.trn;
    EXPECT_EQ(teacher.has_qts_awarded_on(), c.has_qts) << c.trn;
    EXPECT_EQ(teacher.prohibited_from_teaching(), c.prohibited) << c.trn;
  }
}

TEST_F(FindTeacherTest, FoundTeachersCarryTrsFactsInFull) {
  v1::FindTeacherResponse response;
  ASSERT_TRUE(harness_.Find("7000007", 1977, 2, 3, &response).ok());
  const v1::TrsTeacher& ella = response.teacher();
  EXPECT_EQ(ella.last_name(), "Grant");
  EXPECT_EQ(ella.induction_status_name(), "Passed");
  EXPECT_EQ(ella.induction_start_date().year(), 2021);
  EXPECT_EQ(ella.induction_completed_date().year(), 2023);
  EXPECT_EQ(ella.induction_completed_date().month(), 7);
  EXPECT_EQ(ella.induction_completed_date().day(), 21);
  EXPECT_EQ(ella.qts_awarded_on().year(), 2024);
  EXPECT_EQ(ella.qts_status_description(), "Qualified teacher status");

  ASSERT_TRUE(harness_.Find("7000017", 1977, 2, 3, &response).ok());
  EXPECT_EQ(response.teacher().last_name(), "Wolstenholme-Featherstonehaugh");

  ASSERT_TRUE(harness_.Find("7000011", 1977, 2, 3, &response).ok());
  EXPECT_EQ(response.merged_into_trn(), "7000012");
}

TEST_F(FindTeacherTest, TheRightDateOfBirthFindsTheHappyPath) {
  v1::FindTeacherResponse response;
  ASSERT_TRUE(harness_.Find("7000013", 1990, 4, 15, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FOUND);
  EXPECT_EQ(response.teacher().first_name(), "Jamal");
  EXPECT_EQ(response.teacher().last_name(), "Price");
  EXPECT_EQ(response.teacher().induction_status(), Induction::REQUIRED_TO_COMPLETE);
  EXPECT_TRUE(response.teacher().induction_eligible());
}

TEST_F(FindTeacherTest, AWrongDateOfBirthLeadsToTheNinoStep) {
  v1::FindTeacherResponse response;
  ASSERT_TRUE(harness_.Find("7000014", 1985, 6, 2, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::DATE_OF_BIRTH_MISMATCH);
  EXPECT_FALSE(response.has_teacher()) << "no details of a person the caller did not identify";

  ASSERT_TRUE(harness_.FindByNino("7000014", "ab 10 00 14 a", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FOUND);
  EXPECT_EQ(response.teacher().first_name(), "Kate");
  EXPECT_EQ(response.teacher().last_name(), "Dunn");
  EXPECT_EQ(response.teacher().induction_status(), Induction::IN_PROGRESS);

  // 7000015: a wrong date of birth and then a wrong NINO.
  ASSERT_TRUE(harness_.Find("7000015", 1988, 11, 3, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::DATE_OF_BIRTH_MISMATCH);
  ASSERT_TRUE(harness_.FindByNino("7000015", "AB100014A", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::NOT_FOUND);
  ASSERT_TRUE(harness_.FindByNino("7000015", "AB100015A", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FOUND) << "its own NINO matches";

  EXPECT_EQ(Lookups(), (std::vector<std::string>{
                           "7000014 find date_of_birth_mismatch",
                           "7000014 find_by_nino found",
                           "7000015 find date_of_birth_mismatch",
                           "7000015 find_by_nino not_found",
                           "7000015 find_by_nino found",
                       }));
}

TEST_F(FindTeacherTest, TheNinoStepAnswersNoRecordAlikeToTheFirstStep) {
  v1::FindTeacherResponse response;
  ASSERT_TRUE(harness_.FindByNino("7000002", "AB100002A", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::NOT_FOUND);
  ASSERT_TRUE(harness_.FindByNino("7000004", "AB100004A", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::DEACTIVATED);
  ASSERT_TRUE(harness_.FindByNino("7000011", "AB100011A", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::MERGED);
  ASSERT_TRUE(harness_.FindByNino("7000003", "AB100003A", &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FOUND);
  EXPECT_TRUE(response.teacher().prohibited_from_teaching());
}

TEST_F(FindTeacherTest, TrsErrorsAndSlownessAreUnavailableWithinTheDeadline) {
  v1::FindTeacherResponse response;
  grpc::Status status = harness_.Find("7000099", 1977, 2, 3, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), kTrsUnavailableMessage);

  const auto start = std::chrono::steady_clock::now();
  status = harness_.Find("7000098", 1977, 2, 3, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500))
      << "the TRS timeout (400 ms here) bounds the call";

  status = harness_.FindByNino("7000099", "AB100099A", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Lookups(),
            (std::vector<std::string>{"7000099 find unavailable", "7000098 find unavailable",
                                      "7000099 find_by_nino unavailable"}));
}

TEST_F(FindTeacherTest, TheCallersDeadlineShortensTheTrsTimeout) {
  v1::FindTeacherResponse response;
  const auto start = std::chrono::steady_clock::now();
  const grpc::Status status =
      harness_.Find("7000098", 1977, 2, 3, &response, absl::Milliseconds(300));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << "answered before the caller gives up: " << status.error_message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(FindTeacherTest, AWrongApiKeyIsAnInternalErrorAndAudited) {
  testing::HarnessOptions options;
  options.api_key = "not-the-key";
  testing::TeachersHarness harness(options);
  v1::FindTeacherResponse response;
  const grpc::Status status = harness.Find("7000013", 1990, 4, 15, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(harness.Query("SELECT outcome FROM trs_lookups"), "error");
}

TEST_F(FindTeacherTest, BadRequestsAreRefusedBeforeTrsIsAsked) {
  struct Case {
    std::string trn;
    int year, month, day;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"700001", 1977, 2, 3, "trn must be exactly 7 digits"},
      {"70000133", 1977, 2, 3, "trn must be exactly 7 digits"},
      {"700001a", 1977, 2, 3, "trn must be exactly 7 digits"},
      {"7000013", 1990, 2, 30, "date_of_birth must be a real calendar date"},
      {"7000013", 1990, 13, 1, "date_of_birth must be a real calendar date"},
      {"7000013", 1990, 0, 1, "date_of_birth must be a real calendar date"},
      {"7000013", 0, 0, 0, "date_of_birth must be a real calendar date"},
  };
  for (const Case& c : cases) {
    v1::FindTeacherResponse response;
    const grpc::Status status = harness_.Find(c.trn, c.year, c.month, c.day, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.trn;
    EXPECT_EQ(status.error_message(), c.message) << c.trn;
  }
  const struct {
    std::string trn, nino, message;
  } nino_cases[] = {
      {"7000014", "", "Enter a National Insurance Number"},
      {"7000014", "  ", "Enter a National Insurance Number"},
      {"7000014", "QQ 12 34 56 D", "Enter a National Insurance Number in the correct format"},
      {"7000014", "AB10001", "Enter a National Insurance Number in the correct format"},
      {"700001", "AB100014A", "trn must be exactly 7 digits"},
  };
  for (const auto& c : nino_cases) {
    v1::FindTeacherResponse response;
    const grpc::Status status = harness_.FindByNino(c.trn, c.nino, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.nino;
    EXPECT_EQ(status.error_message(), c.message) << c.nino;
  }
  EXPECT_EQ(harness_.fake_trs().person_requests(), 0);
  EXPECT_TRUE(Lookups().empty());
}

TEST_F(FindTeacherTest, LookupsAreAuditedWithLatency) {
  v1::FindTeacherResponse response;
  ASSERT_TRUE(harness_.Find("7000013", 1990, 4, 15, &response).ok());
  ASSERT_TRUE(harness_.Find("7000002", 1990, 4, 15, &response).ok());
  ASSERT_TRUE(harness_.Find("7000004", 1990, 4, 15, &response).ok());
  ASSERT_TRUE(harness_.Find("7000011", 1990, 4, 15, &response).ok());
  EXPECT_EQ(Lookups(),
            (std::vector<std::string>{"7000013 find found", "7000002 find not_found",
                                      "7000004 find deactivated", "7000011 find merged"}));
  EXPECT_EQ(harness_.Query("SELECT count(*) FROM trs_lookups WHERE latency_ms >= 0 AND "
                           "looked_up_at > now() - interval '1 minute'"),
            "4");
  EXPECT_EQ(harness_.MetricValue("rect_trs_requests_total",
                                 {{"mode", "interactive"}, {"outcome", "found"}}),
            1);
  EXPECT_EQ(harness_.MetricValue("rect_trs_request_duration_seconds", {{"mode", "interactive"}}),
            4);
}

}  // namespace
}  // namespace rect::teachers
