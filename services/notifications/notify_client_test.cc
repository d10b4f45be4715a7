// The Notify client against the local Notify over real HTTP, and the pure classification of
// Notify's answers.
#include "services/notifications/notify_client.h"

#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "tests/fakes/notify/fake_notify_server.h"

namespace rect::notifications {
namespace {

using Outcome = NotifySendResult::Outcome;

constexpr char kTemplateId[] = "f33517ff-2a88-4f6e-b855-c550268ce08a";

TEST(ClassifySendResponse, SortsNotifysAnswers) {
  struct Case {
    int status;
    std::string body;
    Outcome outcome;
    bool may_have_been_sent;
    std::string error;
  };
  const std::string bad_request =
      R"({"status_code":400,"errors":[{"error":"BadRequestError","message":"Can't send to this )"
      R"(recipient using a team-only API key"},{"error":"ValidationError","message":"x"}]})";
  const std::vector<Case> cases = {
      {201, R"({"id":"740e5834-3a29-46b4-9a6f-16142fde533a"})", Outcome::kAccepted, false, ""},
      {201, R"({"id":"not-a-uuid"})", Outcome::kTemporaryFailure, true,
       "Notify 201 without a notification id"},
      {201, "", Outcome::kTemporaryFailure, true, "Notify 201 without a notification id"},
      {400, bad_request, Outcome::kPermanentFailure, false,
       "Notify 400 BadRequestError: Can't send to this recipient using a team-only API key; x"},
      {403, R"({"status_code":403,"errors":[{"error":"AuthError","message":"Invalid token"}]})",
       Outcome::kPermanentFailure, false, "Notify 403 AuthError: Invalid token"},
      {404, "<html>", Outcome::kPermanentFailure, false, "Notify 404 HTTP404"},
      {408, "", Outcome::kTemporaryFailure, false, "Notify 408 HTTP408"},
      {429, R"({"status_code":429,"errors":[{"error":"RateLimitError","message":"slow"}]})",
       Outcome::kTemporaryFailure, false, "Notify 429 RateLimitError: slow"},
      {500, R"({"status_code":500,"errors":[{"error":"Exception","message":"Internal"}]})",
       Outcome::kTemporaryFailure, false, "Notify 500 Exception: Internal"},
      {502, "Bad gateway", Outcome::kTemporaryFailure, true, "Notify 502 HTTP502"},
      {503, "", Outcome::kTemporaryFailure, true, "Notify 503 HTTP503"},
      {504, "", Outcome::kTemporaryFailure, true, "Notify 504 HTTP504"},
  };
  for (const Case& c : cases) {
    const NotifySendResult result = ClassifySendResponse(c.status, c.body);
    EXPECT_EQ(result.outcome, c.outcome) << c.status << " " << c.body;
    EXPECT_EQ(result.may_have_been_sent, c.may_have_been_sent) << c.status << " " << c.body;
    EXPECT_EQ(result.error, c.error) << c.status;
    EXPECT_EQ(result.http_status, c.status);
  }
  EXPECT_EQ(ClassifySendResponse(201, R"({"id":"740e5834-3a29-46b4-9a6f-16142fde533a"})").notify_id,
            "740e5834-3a29-46b4-9a6f-16142fde533a");
  const std::string long_message(5000, 'x');
  EXPECT_LE(
      ClassifySendResponse(400, R"({"errors":[{"error":"E","message":")" + long_message + R"("}]})")
          .error.size(),
      1000u);
}

class NotifyClientTest : public ::testing::Test {
 protected:
  NotifyClientTest() : fake_(fakes::LocalFakeNotifyOptions()) {}
  void SetUp() override { ASSERT_TRUE(fake_.Start().ok()); }

  NotifyClient Client(const char* api_key = kLocalNotifyApiKey,
                      NotifyClient::Clock clock = &absl::Now,
                      absl::Duration timeout = absl::Seconds(5)) {
    return NotifyClient({fake_.base_url(), *ParseNotifyApiKey(api_key), timeout}, http_,
                        std::move(clock));
  }

  static NotifyEmail Email(const std::string& reference) {
    return {kTemplateId,
            "ann.lee@example.com",
            {{"full_name", "Ann Lee"}, {"sign_in", "https://rect.test/sign-in?token=abc"}},
            reference,
            ""};
  }

  fakes::FakeNotifyServer fake_;
  HttpClient http_;
};

TEST_F(NotifyClientTest, SendsTheEmailWithItsReferenceAndAValidToken) {
  const NotifySendResult result = Client().SendEmail(Email("sign-in:1"));
  ASSERT_EQ(result.outcome, Outcome::kAccepted) << result.error;
  EXPECT_EQ(result.http_status, 201);
  const std::vector<fakes::FakeEmail> sent = fake_.notify().Emails("ann.lee@example.com");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].id, result.notify_id);
  EXPECT_EQ(sent[0].reference, "sign-in:1");
  EXPECT_EQ(sent[0].template_id, kTemplateId);
  EXPECT_EQ(sent[0].personalisation.at("sign_in"), "https://rect.test/sign-in?token=abc");
  EXPECT_EQ(sent[0].email_reply_to_id, "");

  NotifyEmail with_reply_to = Email("sign-in:2");
  with_reply_to.email_reply_to_id = "26785a09-ab16-4eb0-8407-a37497a57506";
  ASSERT_EQ(Client().SendEmail(with_reply_to).outcome, Outcome::kAccepted);
  EXPECT_EQ(fake_.notify().Emails({}, "sign-in:2").at(0).email_reply_to_id,
            "26785a09-ab16-4eb0-8407-a37497a57506");
}

TEST_F(NotifyClientTest, AWrongKeyOrClockIsRefusedPermanently) {
  const char* other_secret =
      "rect_local-5d5b6a1e-0f0c-4c46-8d44-6a4f5b0c1e01-00000000-5b6a-4798-8a7b-6c5d4e3f2a10";
  NotifySendResult result = Client(other_secret).SendEmail(Email("k"));
  EXPECT_EQ(result.outcome, Outcome::kPermanentFailure);
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.error_kind, "AuthError");

  result = Client(kLocalNotifyApiKey, [] {
             return absl::Now() - absl::Minutes(2);
           }).SendEmail(Email("k"));
  EXPECT_EQ(result.outcome, Outcome::kPermanentFailure);
  EXPECT_NE(result.error.find("accurate to within 30 seconds"), std::string::npos);
  EXPECT_EQ(fake_.notify().email_count(), 0u);
}

TEST_F(NotifyClientTest, ValidationErrorsArePermanent) {
  NotifyEmail email = Email("k");
  email.template_id = "not-a-template-id";
  const NotifySendResult result = Client().SendEmail(email);
  EXPECT_EQ(result.outcome, Outcome::kPermanentFailure);
  EXPECT_EQ(result.error, "Notify 400 ValidationError: template_id is not a valid UUID");
}

TEST_F(NotifyClientTest, ServerErrorsAndTimeoutsAreTemporary) {
  fake_.notify().FailNext(1, 500);
  NotifySendResult result = Client().SendEmail(Email("k1"));
  EXPECT_EQ(result.outcome, Outcome::kTemporaryFailure);
  EXPECT_FALSE(result.may_have_been_sent);

  fake_.notify().FailNext(1, 503);
  result = Client().SendEmail(Email("k2"));
  EXPECT_EQ(result.outcome, Outcome::kTemporaryFailure);
  EXPECT_TRUE(result.may_have_been_sent);

  // Stalled past the client's timeout: Notify still takes the email after we gave up.
  fake_.notify().StallNext(1, absl::Milliseconds(400));
  result = Client(kLocalNotifyApiKey, &absl::Now, absl::Milliseconds(150)).SendEmail(Email("k3"));
  EXPECT_EQ(result.outcome, Outcome::kTemporaryFailure);
  EXPECT_EQ(result.error_kind, "no_answer");
  EXPECT_TRUE(result.may_have_been_sent);
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_EQ(fake_.notify().Emails({}, "k3").size(), 1u);
}

TEST_F(NotifyClientTest, NoServerIsTemporary) {
  const std::string url = fake_.base_url();
  fake_.Shutdown(absl::ZeroDuration());
  const NotifyClient client({url, *ParseNotifyApiKey(kLocalNotifyApiKey), absl::Seconds(1)}, http_);
  const NotifySendResult result = client.SendEmail(Email("k"));
  EXPECT_EQ(result.outcome, Outcome::kTemporaryFailure);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_FALSE(client.FindEmailByReference("k").ok());
}

TEST_F(NotifyClientTest, FindsTheNewestEmailWithAReference) {
  const NotifyClient client = Client();
  EXPECT_EQ(*client.FindEmailByReference("key with spaces & symbols=1"), std::nullopt);
  ASSERT_EQ(client.SendEmail(Email("key with spaces & symbols=1")).outcome, Outcome::kAccepted);
  ASSERT_EQ(client.SendEmail(Email("other")).outcome, Outcome::kAccepted);
  const NotifySendResult second = client.SendEmail(Email("key with spaces & symbols=1"));
  absl::StatusOr<std::optional<std::string>> found =
      client.FindEmailByReference("key with spaces & symbols=1");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, second.notify_id);

  fake_.notify().FailNext(1, 500);
  EXPECT_EQ(client.FindEmailByReference("other").status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace rect::notifications
