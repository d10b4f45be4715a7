// The Notify fake over real HTTP: the token checks, the email API's answers, and the test
// controls (read emails back, fail or stall the next requests).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/http_client.h"
#include "services/notifications/notify_auth.h"
#include "tests/fakes/notify/fake_notify_server.h"

namespace rect::fakes {
namespace {

namespace json = boost::json;

constexpr char kTemplateId[] = "f33517ff-2a88-4f6e-b855-c550268ce08a";

class FakeNotifyTest : public ::testing::Test {
 protected:
  FakeNotifyTest() : server_(LocalFakeNotifyOptions()) {}
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }

  std::string Token(absl::Time iat = absl::Now(),
                    const char* api_key = notifications::kLocalNotifyApiKey) {
    return "Bearer " +
           *notifications::NotifyBearerToken(*notifications::ParseNotifyApiKey(api_key), iat);
  }

  HttpClientResponse Call(const std::string& method, const std::string& path,
                          const std::string& body = "", std::string authorization = "default") {
    HttpClientRequest request;
    request.method = method;
    request.url = server_.base_url() + path;
    request.body = body;
    if (authorization == "default") authorization = Token();
    if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    absl::StatusOr<HttpClientResponse> response = http_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse{};
  }

  HttpClientResponse SendEmail(const std::string& address, const std::string& reference,
                               const std::string& authorization = "default") {
    const json::object body{{"email_address", address},
                            {"template_id", kTemplateId},
                            {"personalisation", json::object{{"name", "Ann"}, {"count", 3}}},
                            {"reference", reference}};
    return Call("POST", "/v2/notifications/email", json::serialize(body), authorization);
  }

  static json::value Body(const HttpClientResponse& response) { return json::parse(response.body); }

  static std::string FirstError(const HttpClientResponse& response) {
    const json::value body = Body(response);
    return json::serialize(body.at("errors").at(0));
  }

  FakeNotifyServer server_;
  HttpClient http_;
};

TEST_F(FakeNotifyTest, AcceptsAnEmailAndAnswersAsNotify) {
  const HttpClientResponse response = SendEmail("ann@example.com", "sign-in:1");
  ASSERT_EQ(response.status, 201) << response.body;
  const json::object body = Body(response).as_object();
  const std::string id(body.at("id").as_string());
  EXPECT_TRUE(IsUuid(id));
  EXPECT_EQ(body.at("reference").as_string(), "sign-in:1");
  EXPECT_EQ(body.at("uri").as_string(), absl::StrCat(server_.base_url(), "/v2/notifications/", id));
  EXPECT_EQ(body.at("template").at("id").as_string(), kTemplateId);
  EXPECT_EQ(body.at("template").at("version").as_int64(), 1);
  EXPECT_FALSE(body.at("content").at("subject").as_string().empty());
  EXPECT_FALSE(body.at("content").at("from_email").as_string().empty());
  EXPECT_NE(std::string(body.at("content").at("body").as_string()).find("name: Ann"),
            std::string::npos);

  const std::vector<FakeEmail> stored = server_.notify().Emails("ANN@example.com");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].id, id);
  EXPECT_EQ(stored[0].personalisation.at("name"), "Ann");
  EXPECT_EQ(stored[0].personalisation.at("count"), "3");

  const HttpClientResponse fetched = Call("GET", "/v2/notifications/" + id);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(Body(fetched).at("email_address").as_string(), "ann@example.com");
  EXPECT_EQ(Body(fetched).at("type").as_string(), "email");
  EXPECT_EQ(Call("GET", "/v2/notifications/6f0c2d4e-8a3b-4c1d-9e2f-0123456789ab").status, 404);
}

TEST_F(FakeNotifyTest, RefusesMissingAndBadTokensAsNotifyDoes) {
  struct Case {
    std::string authorization;
    int status;
    std::string message;
  };
  const char* other_key =
      "other-5d5b6a1e-0f0c-4c46-8d44-6a4f5b0c1e01-00000000-5b6a-4798-8a7b-6c5d4e3f2a10";
  const char* other_service =
      "other-00000000-0f0c-4c46-8d44-6a4f5b0c1e01-1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10";
  const std::vector<Case> cases = {
      {"", 401, "authentication token must be provided"},
      {"Basic abc", 401, "bearer scheme must be used"},
      {"Bearer not.a.token", 403, "Invalid token"},
      {Token(absl::Now(), other_key), 403, "Invalid token: signature"},
      {Token(absl::Now(), other_service), 403, "Invalid token: service not found"},
      {Token(absl::Now() - absl::Seconds(45)), 403, "accurate to within 30 seconds"},
      {Token(absl::Now() + absl::Seconds(45)), 403, "accurate to within 30 seconds"},
  };
  for (const Case& c : cases) {
    const HttpClientResponse response = SendEmail("ann@example.com", "k", c.authorization);
    EXPECT_EQ(response.status, c.status) << c.authorization;
    EXPECT_NE(response.body.find(c.message), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("\"AuthError\""), std::string::npos) << response.body;
  }
  EXPECT_EQ(SendEmail("ann@example.com", "k", Token(absl::Now() - absl::Seconds(20))).status, 201);
  EXPECT_EQ(server_.notify().email_count(), 1u);
}

TEST_F(FakeNotifyTest, ValidatesTheRequestBody) {
  HttpClientResponse response = Call("POST", "/v2/notifications/email", "{not json");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(FirstError(response).find("BadRequestError"), std::string::npos);

  response = Call("POST", "/v2/notifications/email", R"({"personalisation": {}})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("email_address is a required property"), std::string::npos);
  EXPECT_NE(response.body.find("template_id is a required property"), std::string::npos);
  EXPECT_EQ(Body(response).at("status_code").as_int64(), 400);

  response = Call("POST", "/v2/notifications/email",
                  R"({"email_address": "not an address", "template_id": "x"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("Not a valid email address"), std::string::npos);
  EXPECT_NE(response.body.find("template_id is not a valid UUID"), std::string::npos);
  EXPECT_EQ(server_.notify().email_count(), 0u);
  EXPECT_EQ(server_.notify().send_requests(), 3);
}

TEST_F(FakeNotifyTest, StoresDuplicatesAndFindsThemByReference) {
  ASSERT_EQ(SendEmail("ann@example.com", "same-key").status, 201);
  ASSERT_EQ(SendEmail("ann@example.com", "same-key").status, 201);
  ASSERT_EQ(SendEmail("bob@example.com", "other-key").status, 201);
  EXPECT_EQ(server_.notify().Emails({}, "same-key").size(), 2u);

  const HttpClientResponse list =
      Call("GET", "/v2/notifications?template_type=email&reference=same-key");
  ASSERT_EQ(list.status, 200);
  const json::value list_body = Body(list);
  const json::array& notifications = list_body.at("notifications").as_array();
  ASSERT_EQ(notifications.size(), 2u);
  EXPECT_EQ(notifications[0].at("id").as_string(), server_.notify().Emails()[1].id)
      << "newest first";
  EXPECT_EQ(notifications[0].at("reference").as_string(), "same-key");

  const HttpClientResponse none = Call("GET", "/v2/notifications?reference=nothing");
  EXPECT_EQ(Body(none).at("notifications").as_array().size(), 0u);
  EXPECT_EQ(server_.notify().lookup_requests(), 2);
}

TEST_F(FakeNotifyTest, ControlApiReadsEmailsAndInjectsFailures) {
  ASSERT_EQ(Call("POST", "/_fake/fail?count=2&status=429", "", "").status, 200);
  const HttpClientResponse limited = SendEmail("ann@example.com", "k1");
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(FirstError(limited).find("RateLimitError"), std::string::npos);
  EXPECT_EQ(SendEmail("ann@example.com", "k1", "").status, 429) << "failures come before auth";
  EXPECT_EQ(SendEmail("ann@example.com", "k1").status, 201);

  ASSERT_EQ(Call("POST", "/_fake/fail?count=1", "", "").status, 200);
  const HttpClientResponse failed = SendEmail("ann@example.com", "k2");
  EXPECT_EQ(failed.status, 500);
  EXPECT_NE(FirstError(failed).find("Internal server error"), std::string::npos);

  ASSERT_EQ(SendEmail("bob@example.com", "k3").status, 201);
  const HttpClientResponse emails =
      Call("GET", "/_fake/emails?email_address=ann@example.com", "", "");
  ASSERT_EQ(emails.status, 200);
  const json::value emails_body = Body(emails);
  const json::array& list = emails_body.at("emails").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("reference").as_string(), "k1");
  EXPECT_EQ(list[0].at("personalisation").at("name").as_string(), "Ann");
  EXPECT_EQ(server_.notify().send_requests(), 5);

  EXPECT_EQ(Call("POST", "/_fake/fail?count=-1", "", "").status, 400);
  EXPECT_EQ(Call("POST", "/_fake/fail?count=1&status=200", "", "").status, 400);
  EXPECT_EQ(Call("POST", "/_fake/stall?count=1", "", "").status, 400);
  ASSERT_EQ(Call("POST", "/_fake/reset", "", "").status, 200);
  EXPECT_EQ(server_.notify().email_count(), 0u);
  EXPECT_EQ(Call("GET", "/_status", "", "").status, 200);
}

TEST_F(FakeNotifyTest, StalledRequestsAnswerLateThenNormally) {
  ASSERT_EQ(Call("POST", "/_fake/stall?count=1&ms=300", "", "").status, 200);
  const absl::Time start = absl::Now();
  EXPECT_EQ(SendEmail("ann@example.com", "slow").status, 201);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(290));
  const absl::Time again = absl::Now();
  EXPECT_EQ(SendEmail("ann@example.com", "fast").status, 201);
  EXPECT_LT(absl::Now() - again, absl::Milliseconds(250));
  EXPECT_EQ(server_.notify().email_count(), 2u);
}

}  // namespace
}  // namespace rect::fakes
