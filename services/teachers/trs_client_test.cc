// The TRS client against the local TRS over real HTTP: parsing, every kind of answer, the
// headers, NINO handling, timeouts, retries for background refreshes, the circuit and metrics.
#include "services/teachers/trs_client.h"

#include <gtest/gtest.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <map>
#include <vector>

#include "services/teachers/trs_rules.h"
#include "tests/fakes/trs/fake_trs.h"

namespace rect::teachers {
namespace {

constexpr char kKey[] = "client-test-key";

class TrsClientTest : public ::testing::Test {
 protected:
  TrsClientTest() : fake_(FakeOptions()), metrics_(registry_) { EXPECT_TRUE(fake_.Start().ok()); }

  static fakes::trs::FakeTrsOptions FakeOptions() {
    fakes::trs::FakeTrsOptions options;
    options.api_key = kKey;
    options.slow = absl::Milliseconds(1500);
    return options;
  }

  TrsClient::Options ClientOptions() {
    TrsClient::Options options;
    options.base_url = fake_.base_url();
    options.api_key = kKey;
    options.api_version = "20250627";
    options.timeout = absl::Milliseconds(300);
    options.circuit = {3, absl::Milliseconds(200)};
    options.background_attempts = 3;
    options.background_backoff = absl::Milliseconds(5);
    return options;
  }

  double Count(const std::string& mode, const std::string& outcome) {
    for (const prometheus::MetricFamily& family : registry_.Collect()) {
      if (family.name != "rect_trs_requests_total") continue;
      for (const prometheus::ClientMetric& metric : family.metric) {
        std::map<std::string, std::string> labels;
        for (const auto& label : metric.label) labels[label.name] = label.value;
        if (labels["mode"] == mode && labels["outcome"] == outcome) return metric.counter.value;
      }
    }
    return 0;
  }

  fakes::trs::FakeTrs fake_;
  prometheus::Registry registry_;
  TrsMetrics metrics_;
};

TEST_F(TrsClientTest, ReadsAFoundPersonWithTheIncludedSections) {
  TrsClient client(ClientOptions(), &metrics_);
  absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000003");
  ASSERT_TRUE(answer.ok()) << answer.status();
  ASSERT_EQ(answer->kind, TrsAnswer::Kind::kFound);
  const TrsPerson& person = answer->person;
  EXPECT_EQ(person.trn, "7000003");
  EXPECT_EQ(person.first_name, "Brian");
  EXPECT_EQ(person.last_name, "Stokes");
  EXPECT_EQ(person.date_of_birth, "1977-02-03");
  EXPECT_EQ(person.induction_status, "InProgress");
  EXPECT_EQ(person.induction_start_date, "2024-09-02");
  EXPECT_EQ(person.qts_holds_from, "2024-07-19");
  EXPECT_EQ(person.qts_professional_status_type, "QualifiedTeacherStatus");
  ASSERT_EQ(person.alerts.size(), 1u);
  EXPECT_EQ(person.alerts[0].category_id, kProhibitionAlertCategory);
  EXPECT_EQ(person.alerts[0].end_date, "");
  EXPECT_EQ(fake_.last_api_version(), "20250627") << "the configured version is sent";
  EXPECT_EQ(Count("interactive", "found"), 1);
}

TEST_F(TrsClientTest, NotFoundDeactivatedAndMergedAreAnswersNotErrors) {
  TrsClient client(ClientOptions(), &metrics_);
  absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000002");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->kind, TrsAnswer::Kind::kNotFound);
  answer = client.GetPerson("7000004");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->kind, TrsAnswer::Kind::kDeactivated);
  answer = client.GetPerson("7000011");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->kind, TrsAnswer::Kind::kMerged);
  EXPECT_EQ(answer->merged_into_trn, "7000012");
  EXPECT_EQ(client.circuit().state(), CircuitBreaker::State::kClosed);
  EXPECT_EQ(Count("interactive", "merged"), 1);
}

TEST_F(TrsClientTest, NinoIsNormalisedBeforeItIsSentAndValidatedBeforeAnything) {
  TrsClient client(ClientOptions(), &metrics_);
  absl::StatusOr<TrsAnswer> answer = client.GetPersonByNino("7000014", " ab 10 00 14 a ");
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->kind, TrsAnswer::Kind::kFound) << "the fake matches only AB100014A";
  answer = client.GetPersonByNino("7000015", "AB100014A");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->kind, TrsAnswer::Kind::kNotFound);

  const int sent = fake_.person_requests();
  for (const char* bad : {"", "   ", "QQ123456D", "AB12345", "not a nino"}) {
    answer = client.GetPersonByNino("7000014", bad);
    EXPECT_TRUE(absl::IsInvalidArgument(answer.status())) << bad;
    EXPECT_EQ(answer.status().message().find(bad[0] ? bad : "\x01"), std::string::npos);
  }
  EXPECT_EQ(fake_.person_requests(), sent) << "nothing is sent for an invalid NINO";
}

TEST_F(TrsClientTest, ServerErrorsAndTimeoutsAreUnavailableWithoutRetry) {
  TrsClient client(ClientOptions(), &metrics_);
  int sent = fake_.person_requests();
  absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000099");
  EXPECT_TRUE(absl::IsUnavailable(answer.status())) << answer.status();
  EXPECT_EQ(fake_.person_requests(), sent + 1) << "no retry on the interactive path";

  const auto start = std::chrono::steady_clock::now();
  answer = client.GetPerson("7000098");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(absl::IsUnavailable(answer.status())) << answer.status();
  EXPECT_LT(took, std::chrono::milliseconds(1000)) << "the 300 ms deadline applies";
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_EQ(Count("interactive", "server_error"), 1);
  EXPECT_EQ(Count("interactive", "timeout"), 1);
}

TEST_F(TrsClientTest, ABudgetShorterThanTheTimeoutWins) {
  TrsClient client(ClientOptions(), &metrics_);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000098", absl::Milliseconds(50));
  EXPECT_TRUE(absl::IsUnavailable(answer.status()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
}

TEST_F(TrsClientTest, AWrongKeyIsAnInternalErrorThatDoesNotOpenTheCircuit) {
  TrsClient::Options options = ClientOptions();
  options.api_key = "wrong";
  TrsClient client(options, &metrics_);
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000013");
    EXPECT_TRUE(absl::IsInternal(answer.status())) << answer.status();
    EXPECT_EQ(answer.status().message().find("wrong"), std::string::npos);
  }
  EXPECT_EQ(client.circuit().state(), CircuitBreaker::State::kClosed);
  EXPECT_EQ(Count("interactive", "rejected"), 5);
}

TEST_F(TrsClientTest, RepeatedFailuresOpenTheCircuitWhichFailsFastThenRecovers) {
  TrsClient client(ClientOptions(), &metrics_);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(absl::IsUnavailable(client.GetPerson("7000099").status()));
  EXPECT_EQ(client.circuit().state(), CircuitBreaker::State::kOpen);
  const int sent = fake_.person_requests();
  absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000013");
  EXPECT_TRUE(absl::IsUnavailable(answer.status()));
  EXPECT_EQ(fake_.person_requests(), sent) << "an open circuit sends nothing";
  EXPECT_EQ(Count("interactive", "circuit_open"), 1);

  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  answer = client.GetPerson("7000013");
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(client.circuit().state(), CircuitBreaker::State::kClosed);
}

TEST_F(TrsClientTest, BackgroundRefreshesRetryServerErrorsWithGrowingBackOff) {
  TrsClient::Options options = ClientOptions();
  options.circuit.failure_threshold = 10;  // keep it closed for the second look-up
  TrsClient client(options, &metrics_);
  std::vector<absl::Duration> waits;
  auto wait = [&](absl::Duration d) {
    waits.push_back(d);
    return true;
  };
  const int sent = fake_.person_requests();
  absl::StatusOr<TrsAnswer> answer = client.GetPersonForRefresh("7000099", wait);
  EXPECT_TRUE(absl::IsUnavailable(answer.status()));
  EXPECT_EQ(fake_.person_requests(), sent + 3) << "background_attempts in all";
  EXPECT_EQ(waits, (std::vector<absl::Duration>{absl::Milliseconds(5), absl::Milliseconds(10)}));
  EXPECT_EQ(Count("background", "server_error"), 3);

  waits.clear();
  answer = client.GetPersonForRefresh("7000002", wait);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->kind, TrsAnswer::Kind::kNotFound);
  EXPECT_TRUE(waits.empty()) << "answers are not retried";
}

TEST_F(TrsClientTest, ARefreshGivesUpWhenTheWaitIsCutShortOrTheCircuitOpens) {
  TrsClient::Options options = ClientOptions();
  options.background_attempts = 10;
  TrsClient client(options, &metrics_);
  int sent = fake_.person_requests();
  absl::StatusOr<TrsAnswer> answer =
      client.GetPersonForRefresh("7000099", [](absl::Duration) { return false; });
  EXPECT_TRUE(absl::IsUnavailable(answer.status()));
  EXPECT_EQ(fake_.person_requests(), sent + 1) << "stopping ends the retries";

  sent = fake_.person_requests();
  answer = client.GetPersonForRefresh("7000099", [](absl::Duration) { return true; });
  EXPECT_TRUE(absl::IsUnavailable(answer.status()));
  EXPECT_EQ(fake_.person_requests(), sent + 2) << "the 3rd failure in a row opened the circuit";
  EXPECT_EQ(client.circuit().state(), CircuitBreaker::State::kOpen);
}

TEST_F(TrsClientTest, AnUnreachableTrsIsUnavailable) {
  TrsClient client(ClientOptions(), &metrics_);
  fake_.Stop();
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<TrsAnswer> answer = client.GetPerson("7000013");
  EXPECT_TRUE(absl::IsUnavailable(answer.status())) << answer.status();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_EQ(Count("interactive", "unreachable"), 1);
}

TEST_F(TrsClientTest, CircuitStateIsAMetric) {
  TrsClient client(ClientOptions(), &metrics_);
  for (int i = 0; i < 3; ++i) (void)client.GetPerson("7000099");
  double open = -1, closed = -1;
  for (const prometheus::MetricFamily& family : registry_.Collect()) {
    if (family.name != "rect_trs_circuit_state") continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      if (metric.label[0].value == "open") open = metric.gauge.value;
      if (metric.label[0].value == "closed") closed = metric.gauge.value;
    }
  }
  EXPECT_EQ(open, 1);
  EXPECT_EQ(closed, 0);
}

TEST(ParseTrsPerson, ToleratesNullsAndMissingSections) {
  absl::StatusOr<TrsPerson> person = ParseTrsPerson(
      R"({"trn":"7000001","firstName":"Amara","lastName":"Okafor","dateOfBirth":null,
          "qts":null,"induction":null,"alerts":[{"alertType":null},{"endDate":"2020-01-01"}]})");
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->date_of_birth, "");
  EXPECT_EQ(person->qts_holds_from, "");
  EXPECT_EQ(person->induction_status, "");
  ASSERT_EQ(person->alerts.size(), 2u);
  EXPECT_EQ(person->alerts[0].category_id, "");
  EXPECT_EQ(person->alerts[1].end_date, "2020-01-01");

  person = ParseTrsPerson(R"({"trn":"7000001","qts":{"holdsFrom":"2024-07-19","routes":[
      {"routeToProfessionalStatusType":{"professionalStatusType":"First"}},
      {"routeToProfessionalStatusType":{"professionalStatusType":"QualifiedTeacherStatus"}}]}})");
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->qts_professional_status_type, "QualifiedTeacherStatus") << "the last route";
  EXPECT_EQ(person->first_name, "");
}

TEST(ParseTrsPerson, RefusesWhatIsNotAPersonWithoutQuotingIt) {
  for (const char* body : {"", "null", "[]", "{", R"({"trn":"123"})", R"({"trn":7000001})",
                           R"({"firstName":"Secret"})", "<html>Secret</html>"}) {
    absl::StatusOr<TrsPerson> person = ParseTrsPerson(body);
    EXPECT_TRUE(absl::IsInvalidArgument(person.status())) << body;
    EXPECT_EQ(person.status().message().find("Secret"), std::string::npos);
  }
}

TEST(MergedTrnFromLocation, FindsTheNewTrn) {
  EXPECT_EQ(*MergedTrnFromLocation("/v3/persons/7000012"), "7000012");
  EXPECT_EQ(*MergedTrnFromLocation("https://trs.example/v3/persons/3012858?include=Alerts"),
            "3012858");
  EXPECT_EQ(*MergedTrnFromLocation("/prefix/v3/persons/3012858"), "3012858");
  for (const char* bad : {"", "/v3/persons/", "/v3/persons/123", "/v3/people/7000012",
                          "/v3/persons/7000012/extra", "::"}) {
    EXPECT_FALSE(MergedTrnFromLocation(bad).ok()) << bad;
  }
}

TEST(TrsClientOptions, AreValidated) {
  TrsClient::Options good;
  good.api_key = "k";
  EXPECT_TRUE(TrsClient::Validate(good).ok());
  good.base_url = "https://preprod.teacher-qualifications-api.education.gov.uk/";
  EXPECT_TRUE(TrsClient::Validate(good).ok());

  auto with = [&](auto change) {
    TrsClient::Options options = good;
    change(options);
    return TrsClient::Validate(options);
  };
  EXPECT_FALSE(with([](auto& o) { o.api_key = ""; }).ok());
  EXPECT_FALSE(with([](auto& o) { o.base_url = "ftp://trs.example"; }).ok());
  EXPECT_FALSE(with([](auto& o) { o.base_url = "trs.example"; }).ok());
  EXPECT_FALSE(with([](auto& o) { o.base_url = "https://trs.example/?x=1"; }).ok());
  EXPECT_FALSE(with([](auto& o) { o.api_version = ""; }).ok());
  EXPECT_FALSE(with([](auto& o) { o.timeout = absl::ZeroDuration(); }).ok());
  EXPECT_FALSE(with([](auto& o) { o.circuit.failure_threshold = 0; }).ok());
  const absl::Status status = with([](auto& o) { o.api_key = ""; });
  EXPECT_NE(status.message().find("--trs_api_key"), std::string::npos);
}

}  // namespace
}  // namespace rect::teachers
