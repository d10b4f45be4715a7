#include "services/notifications/notify_auth.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/fakes/notify/fake_notify.h"

namespace rect::notifications {
namespace {

constexpr char kServiceId[] = "26785a09-ab16-4eb0-8407-a37497a57506";
constexpr char kSecret[] = "3d844edf-8d35-48ac-975b-e847b4f122b0";

TEST(ParseNotifyApiKey, TakesTheServiceIdAndSecretFromTheEnd) {
  const std::string key = std::string("my-test-key-") + kServiceId + "-" + kSecret;
  absl::StatusOr<NotifyApiKey> parsed = ParseNotifyApiKey(key);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->service_id, kServiceId);
  EXPECT_EQ(parsed->secret, kSecret);
  EXPECT_TRUE(ParseNotifyApiKey(kLocalNotifyApiKey).ok());
}

TEST(ParseNotifyApiKey, RefusesMalformedKeysWithoutQuotingThem) {
  const std::vector<std::string> bad = {
      "",
      kSecret,
      std::string(kServiceId) + "-" + kSecret,  // no key name
      std::string("name-") + kServiceId + kSecret,
      std::string("name-") + kServiceId + "-" + std::string(kSecret).substr(1) + "x-",
      std::string("name-") + "not-a-uuid-at-all-not-a-uuid-at-all" + "-" + kSecret,
      std::string("name_") + kServiceId + "-" + kSecret,
  };
  for (const std::string& key : bad) {
    absl::StatusOr<NotifyApiKey> parsed = ParseNotifyApiKey(key);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << key;
    if (!key.empty()) {
      EXPECT_EQ(std::string(parsed.status().message()).find(key), std::string::npos);
    }
    EXPECT_EQ(std::string(parsed.status().message()).find(kSecret), std::string::npos);
  }
}

boost::json::value Part(const std::string& token, int index) {
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string json;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(parts.at(index), &json));
  return boost::json::parse(json);
}

TEST(NotifyBearerToken, IsAnHs256JwtWithIssAndIat) {
  const absl::Time now = absl::FromUnixSeconds(1772721000);
  absl::StatusOr<std::string> token = NotifyBearerToken({kServiceId, kSecret}, now);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(*token, '.')).size(), 3u);
  EXPECT_EQ(Part(*token, 0).at("alg").as_string(), "HS256");
  EXPECT_EQ(Part(*token, 0).at("typ").as_string(), "JWT");
  EXPECT_EQ(Part(*token, 1).at("iss").as_string(), kServiceId);
  EXPECT_EQ(Part(*token, 1).at("iat").as_int64(), 1772721000);
}

TEST(NotifyBearerToken, IsAcceptedByTheLocalNotifyOnlyWithTheRightKeyAndClock) {
  fakes::FakeNotifyOptions fake;
  fake.service_id = kServiceId;
  fake.secret = kSecret;
  const absl::Time now = absl::Now();
  auto check = [&](const NotifyApiKey& key, absl::Time iat) {
    return fakes::CheckNotifyToken("Bearer " + *NotifyBearerToken(key, iat), fake, now);
  };
  EXPECT_TRUE(check({kServiceId, kSecret}, now).ok());
  EXPECT_TRUE(check({kServiceId, kSecret}, now - absl::Seconds(29)).ok());
  EXPECT_EQ(check({kServiceId, kSecret}, now - absl::Seconds(31)).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(check({kServiceId, kServiceId}, now).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(check({kSecret, kSecret}, now).code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace rect::notifications
