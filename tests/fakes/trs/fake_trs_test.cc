// The local TRS over real HTTP: every persona's answer, the key and version checks, the
// date-of-birth / NINO match rules, includes, the slow persona and a restart on the same port.
#include "tests/fakes/trs/fake_trs.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/http_client.h"
#include "tests/fakes/trs/personas.h"

namespace rect::fakes::trs {
namespace {

constexpr char kKey[] = "test-key";
constexpr char kIncludes[] =
    "include=Alerts,Induction,MandatoryQualifications,RoutesToProfessionalStatuses";

class FakeTrsTest : public ::testing::Test {
 protected:
  FakeTrsTest() : trs_(Options()) { EXPECT_TRUE(trs_.Start().ok()); }

  static FakeTrsOptions Options() {
    FakeTrsOptions options;
    options.api_key = kKey;
    options.slow = absl::Milliseconds(300);
    return options;
  }

  HttpClientResponse Get(const std::string& path_and_query,
                         const std::string& authorization = absl::StrCat("Bearer ", kKey),
                         const std::string& version = "20260120") {
    HttpClientRequest request;
    request.url = trs_.base_url() + path_and_query;
    if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
    if (!version.empty()) request.headers.emplace_back("X-Api-Version", version);
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  static boost::json::object Json(const HttpClientResponse& response) {
    return boost::json::parse(response.body).as_object();
  }

  FakeTrs trs_;
};

TEST_F(FakeTrsTest, ThePersonaTableHoldsEveryDesignedTrn) {
  std::set<std::string> trns;
  for (const Persona& persona : Personas()) trns.insert(persona.trn);
  for (int n = 7000001; n <= 7000024; ++n) EXPECT_EQ(trns.count(std::to_string(n)), 1u) << n;
  EXPECT_EQ(trns.count("7000098"), 1u);
  EXPECT_EQ(trns.count("7000099"), 1u);
  EXPECT_EQ(trns.size(), 26u);
  EXPECT_EQ(PersonaFor("7000013").nino, "AB100013A");
  EXPECT_EQ(PersonaFor("7000013").date_of_birth, "1990-04-15");
}

TEST_F(FakeTrsTest, EveryPersonaAnswersAsDocumented) {
  for (const Persona& persona : Personas()) {
    if (persona.answer == Persona::Answer::kSlow) continue;  // its own test
    const HttpClientResponse response =
        Get(absl::StrCat("/v3/persons/", persona.trn, "?", kIncludes));
    switch (persona.answer) {
      case Persona::Answer::kNotFound:
        EXPECT_EQ(response.status, 404) << persona.trn;
        break;
      case Persona::Answer::kDeactivated:
        EXPECT_EQ(response.status, 410) << persona.trn;
        break;
      case Persona::Answer::kMerged:
        EXPECT_EQ(response.status, 308) << persona.trn;
        EXPECT_EQ(response.Header("Location"), "/v3/persons/" + persona.merged_into_trn);
        break;
      case Persona::Answer::kServerError:
        EXPECT_EQ(response.status, 500) << persona.trn;
        break;
      case Persona::Answer::kPerson:
      case Persona::Answer::kSlow: {
        ASSERT_EQ(response.status, 200) << persona.trn;
        const boost::json::object person = Json(response);
        EXPECT_EQ(person.at("trn").as_string(), persona.trn);
        EXPECT_EQ(person.at("firstName").as_string(), persona.first_name);
        EXPECT_EQ(person.at("lastName").as_string(), persona.last_name);
        EXPECT_EQ(person.at("dateOfBirth").as_string(), persona.date_of_birth);
        EXPECT_EQ(person.at("induction").at("status").as_string(), persona.induction_status);
        EXPECT_EQ(person.at("qts").is_null(), persona.qts_holds_from.empty()) << persona.trn;
        EXPECT_EQ(person.at("alerts").as_array().size(), persona.alerts.size());
        break;
      }
    }
  }
  EXPECT_EQ(trs_.last_api_version(), "20260120");
}

TEST_F(FakeTrsTest, PersonasCarryTheirDocumentedFacts) {
  auto person = [&](const std::string& trn) {
    const HttpClientResponse response = Get(absl::StrCat("/v3/persons/", trn, "?", kIncludes));
    EXPECT_EQ(response.status, 200) << trn;
    return Json(response);
  };
  EXPECT_TRUE(person("7000001").at("qts").is_null());
  EXPECT_EQ(person("7000003")
                .at("alerts")
                .at(0)
                .at("alertType")
                .at("alertCategory")
                .at("alertCategoryId")
                .as_string(),
            kProhibitionCategory);
  EXPECT_TRUE(person("7000003").at("alerts").at(0).at("endDate").is_null());
  EXPECT_EQ(person("7000016").at("alerts").at(0).at("endDate").as_string(), "2023-06-30");
  EXPECT_EQ(person("7000005")
                .at("alerts")
                .at(0)
                .at("alertType")
                .at("alertCategory")
                .at("alertCategoryId")
                .as_string(),
            kConditionalRegistrationCategory);
  EXPECT_EQ(person("7000010").at("induction").at("status").as_string(), "FailedInWales");
  EXPECT_EQ(person("7000012").at("induction").at("status").as_string(), "None");
  EXPECT_EQ(person("7000014").at("nationalInsuranceNumber").as_string(), "AB100014A");
  EXPECT_EQ(person("7000017").at("lastName").as_string(), "Wolstenholme-Featherstonehaugh");
  EXPECT_TRUE(person("7000023").at("qts").is_null());
  EXPECT_EQ(person("7000023").at("induction").at("status").as_string(), "Passed");
}

TEST_F(FakeTrsTest, OtherTrnsAreMadeUpPeopleAndMalformedOnesAreRefused) {
  const HttpClientResponse response = Get(absl::StrCat("/v3/persons/1234567?", kIncludes));
  ASSERT_EQ(response.status, 200);
  const boost::json::object person = Json(response);
  EXPECT_EQ(person.at("trn").as_string(), "1234567");
  EXPECT_FALSE(person.at("firstName").as_string().empty());
  EXPECT_EQ(person.at("dateOfBirth").as_string(), "1977-02-03");
  EXPECT_EQ(person.at("induction").at("status").as_string(), "InProgress");
  EXPECT_EQ(person.at("qts").at("holdsFrom").as_string(), "2022-07-15");
  EXPECT_EQ(Get("/v3/persons/123456").status, 400);
  EXPECT_EQ(Get("/v3/persons/12345678").status, 400);
  EXPECT_EQ(Get("/v3/persons/700001x").status, 400);
}

TEST_F(FakeTrsTest, TheBearerKeyAndApiVersionAreChecked) {
  EXPECT_EQ(Get("/v3/persons/7000013", "").status, 401);
  EXPECT_EQ(Get("/v3/persons/7000013", "Bearer wrong").status, 401);
  EXPECT_EQ(Get("/v3/persons/7000013", kKey).status, 401) << "the Bearer scheme is required";
  EXPECT_EQ(Get("/v3/persons/7000013", absl::StrCat("Bearer ", kKey), "").status, 400);
  EXPECT_EQ(Get("/v3/persons/7000013").status, 200);
  EXPECT_EQ(Get("/v3/persons/7000002", "").status, 401) << "the key is checked before the TRN";
}

TEST_F(FakeTrsTest, DateOfBirthAndNinoAreMatchChecks) {
  EXPECT_EQ(Get("/v3/persons/7000013?dateOfBirth=1990-04-15").status, 200);
  EXPECT_EQ(Get("/v3/persons/7000013?dateOfBirth=1977-02-03").status, 404);
  EXPECT_EQ(Get("/v3/persons/7000013?dateOfBirth=15/04/1990").status, 400);
  EXPECT_EQ(Get("/v3/persons/7000014?nationalInsuranceNumber=AB100014A").status, 200);
  EXPECT_EQ(Get("/v3/persons/7000014?nationalInsuranceNumber=AB100015A").status, 404);
  EXPECT_EQ(Get("/v3/persons/7000015?nationalInsuranceNumber=AB100014A").status, 404);
  EXPECT_EQ(
      Get("/v3/persons/7000013?dateOfBirth=1990-04-15&nationalInsuranceNumber=AB100013A").status,
      400);
  EXPECT_EQ(Get("/v3/persons/9999999?dateOfBirth=1977-02-03").status, 200);
  EXPECT_EQ(Get("/v3/persons/9999999?dateOfBirth=1977-02-04").status, 404);
}

TEST_F(FakeTrsTest, SectionsAreIncludedOnlyWhenAskedFor) {
  const boost::json::object bare = Json(Get("/v3/persons/7000003"));
  EXPECT_FALSE(bare.contains("induction"));
  EXPECT_FALSE(bare.contains("alerts"));
  EXPECT_FALSE(bare.contains("routesToProfessionalStatuses"));
  EXPECT_TRUE(bare.contains("qts"));
  const boost::json::object some = Json(Get("/v3/persons/7000003?include=induction,Alerts"));
  EXPECT_TRUE(some.contains("induction"));
  EXPECT_TRUE(some.contains("alerts"));
  EXPECT_FALSE(some.contains("mandatoryQualifications"));
}

TEST_F(FakeTrsTest, TheSlowPersonaAnswersOnlyAfterTheDelay) {
  const auto start = std::chrono::steady_clock::now();
  const HttpClientResponse response = Get(absl::StrCat("/v3/persons/7000098?", kIncludes));
  EXPECT_EQ(response.status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));

  HttpClientRequest request;
  request.url = trs_.base_url() + "/v3/persons/7000098";
  request.headers = {{"Authorization", absl::StrCat("Bearer ", kKey)}, {"X-Api-Version", "1"}};
  request.timeout = absl::Milliseconds(100);
  EXPECT_TRUE(absl::IsDeadlineExceeded(HttpClient().Send(request).status()));
}

TEST_F(FakeTrsTest, RestartsOnTheSamePort) {
  const int port = trs_.port();
  const int seen = trs_.person_requests();
  trs_.Stop();
  HttpClientRequest request;
  request.url = trs_.base_url() + "/health";
  EXPECT_TRUE(absl::IsUnavailable(HttpClient().Send(request).status()));
  ASSERT_TRUE(trs_.Start().ok());
  EXPECT_EQ(trs_.port(), port);
  EXPECT_EQ(Get("/v3/persons/7000013").status, 200);
  EXPECT_EQ(trs_.person_requests(), seen + 1);
  EXPECT_EQ(HttpClient().Send(request)->status, 200);
}

}  // namespace
}  // namespace rect::fakes::trs
