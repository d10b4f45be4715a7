// The identity service over real gRPC and PostgreSQL: API tokens, lead-provider users and
// magic links, and sessions (expiry, sign-out, sign-out everywhere). DfE Sign-in flows are in
// sign_in_test.cc.
#include "services/identity/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "services/identity/identity_harness.h"

namespace rect::identity {
namespace {

constexpr char kProvider[] = "6f0c2d4e-8a3b-4c1d-9e2f-0123456789ab";

class IdentityServiceTest : public ::testing::Test {
 protected:
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    return (harness_.stub().*method)(&context, request, response);
  }

  grpc::Status Create(const std::string& provider, v1::CreateApiTokenResponse* response,
                      const std::string& description = "") {
    v1::CreateApiTokenRequest request;
    request.set_lead_provider_id(provider);
    request.set_description(description);
    return Call(&v1::IdentityService::Stub::CreateApiToken, request, response);
  }

  grpc::Status Authenticate(const std::string& token, v1::AuthenticateApiTokenResponse* response) {
    v1::AuthenticateApiTokenRequest request;
    request.set_token(token);
    return Call(&v1::IdentityService::Stub::AuthenticateApiToken, request, response);
  }

  grpc::Status Revoke(const std::string& id) {
    v1::RevokeApiTokenRequest request;
    v1::RevokeApiTokenResponse response;
    request.set_token_id(id);
    return Call(&v1::IdentityService::Stub::RevokeApiToken, request, &response);
  }

  grpc::Status CreateUser(const std::string& name, const std::string& email,
                          v1::LeadProviderUser* user, const std::string& provider_name = "") {
    v1::CreateLeadProviderUserRequest request;
    request.set_full_name(name);
    request.set_email(email);
    request.set_lead_provider_id(kProvider);
    request.set_lead_provider_name(provider_name);
    return Call(&v1::IdentityService::Stub::CreateLeadProviderUser, request, user);
  }

  grpc::Status RequestLink(const std::string& email) {
    v1::RequestSignInLinkRequest request;
    request.set_email(email);
    v1::RequestSignInLinkResponse response;
    return Call(&v1::IdentityService::Stub::RequestSignInLink, request, &response);
  }

  grpc::Status CheckLink(const std::string& token) {
    v1::CheckSignInLinkRequest request;
    request.set_token(token);
    v1::CheckSignInLinkResponse response;
    return Call(&v1::IdentityService::Stub::CheckSignInLink, request, &response);
  }

  grpc::Status Redeem(const std::string& token, v1::RedeemSignInLinkResponse* response) {
    v1::RedeemSignInLinkRequest request;
    request.set_token(token);
    return Call(&v1::IdentityService::Stub::RedeemSignInLink, request, response);
  }

  grpc::Status Validate(const std::string& session_token, v1::Session* session) {
    v1::ValidateSessionRequest request;
    request.set_session_token(session_token);
    return Call(&v1::IdentityService::Stub::ValidateSession, request, session);
  }

  // The token of the latest sign-in link emailed (read from the link, as the user would).
  std::string LatestLinkToken() {
    const std::vector<testing::SentEmail> sent = harness_.mailer().sent();
    EXPECT_FALSE(sent.empty());
    if (sent.empty()) return "";
    auto url = boost::urls::parse_absolute_uri(sent.back().fields.at("sign_in"));
    EXPECT_TRUE(url);
    for (auto param : url->params()) {
      if (param.key == "login_token") return param.value;
    }
    return "";
  }

  // A lead-provider user signed in through a fresh link; returns the session token.
  std::string SignedInLeadProviderUser(const std::string& email = "alice@northern.example") {
    v1::LeadProviderUser user;
    CreateUser("Alice Northern", email, &user);
    EXPECT_TRUE(RequestLink(email).ok());
    v1::RedeemSignInLinkResponse redeemed;
    EXPECT_TRUE(Redeem(LatestLinkToken(), &redeemed).ok());
    return redeemed.session().session_token();
  }

  std::vector<std::string> Column(const std::string& sql) {
    pqxx::connection c(harness_.conninfo());
    pqxx::nontransaction txn(c);
    std::vector<std::string> values;
    for (const pqxx::row& row : txn.exec(sql)) {
      values.push_back(row[0].is_null() ? "" : row[0].as<std::string>());
    }
    return values;
  }

  testing::IdentityHarness harness_;
};

TEST_F(IdentityServiceTest, CreatedTokenAuthenticatesAsItsProvider) {
  v1::CreateApiTokenResponse created;
  ASSERT_TRUE(Create(kProvider, &created, "production").ok());
  EXPECT_EQ(created.token().size(), 43u);

  v1::AuthenticateApiTokenResponse who;
  ASSERT_TRUE(Authenticate(created.token(), &who).ok());
  EXPECT_EQ(who.lead_provider_id(), kProvider);
  EXPECT_EQ(who.token_id(), created.token_id());
  EXPECT_GT(who.last_used_at().seconds(), 0);
}

TEST_F(IdentityServiceTest, OnlyTheDigestIsStored) {
  v1::CreateApiTokenResponse created;
  ASSERT_TRUE(Create(kProvider, &created).ok());
  const std::vector<std::string> stored =
      Column("SELECT encode(token_digest, 'hex') FROM api_tokens");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].size(), 64u);
  EXPECT_EQ(stored[0].find(created.token()), std::string::npos);
}

TEST_F(IdentityServiceTest, UnknownEmptyAndRevokedTokensAreUnauthenticated) {
  v1::AuthenticateApiTokenResponse who;
  EXPECT_EQ(Authenticate("ambition-institute", &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Authenticate("", &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Authenticate(std::string(300, 'x'), &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::CreateApiTokenResponse created;
  ASSERT_TRUE(Create(kProvider, &created).ok());
  ASSERT_TRUE(Revoke(created.token_id()).ok());
  EXPECT_EQ(Authenticate(created.token(), &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Revoke(created.token_id()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Revoke("not-a-uuid").error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, BadCreateRequestsAreRefusedWithReasons) {
  v1::CreateApiTokenResponse created;
  grpc::Status status = Create("ambition", &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "lead_provider_id must be a UUID");
  EXPECT_EQ(Create(kProvider, &created, std::string(201, 'd')).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IdentityServiceTest, ProvidersHaveSeveralIndependentTokens) {
  v1::CreateApiTokenResponse first, second;
  ASSERT_TRUE(Create(kProvider, &first).ok());
  ASSERT_TRUE(Create(kProvider, &second).ok());
  EXPECT_NE(first.token(), second.token());
  ASSERT_TRUE(Revoke(first.token_id()).ok());
  v1::AuthenticateApiTokenResponse who;
  EXPECT_TRUE(Authenticate(second.token(), &who).ok());
}

TEST_F(IdentityServiceTest, ListsAProvidersTokensWithoutTheirSecrets) {
  v1::CreateApiTokenResponse first, second, other;
  ASSERT_TRUE(Create(kProvider, &first, "production").ok());
  ASSERT_TRUE(Create(kProvider, &second, "staging").ok());
  ASSERT_TRUE(Create("11111111-2222-4333-8444-555555555555", &other).ok());
  v1::AuthenticateApiTokenResponse who;
  ASSERT_TRUE(Authenticate(second.token(), &who).ok());

  v1::ListApiTokensRequest request;
  request.set_lead_provider_id(kProvider);
  v1::ListApiTokensResponse listed;
  ASSERT_TRUE(Call(&v1::IdentityService::Stub::ListApiTokens, request, &listed).ok());
  ASSERT_EQ(listed.tokens_size(), 2);
  EXPECT_EQ(listed.tokens(0).token_id(), first.token_id());
  EXPECT_EQ(listed.tokens(0).description(), "production");
  EXPECT_FALSE(listed.tokens(0).has_last_used_at());
  EXPECT_TRUE(listed.tokens(1).has_last_used_at());
  EXPECT_FALSE(absl::StrContains(listed.DebugString(), first.token()));
}

TEST_F(IdentityServiceTest, LeadProviderUserEmailsAreUnique) {
  v1::LeadProviderUser user;
  ASSERT_TRUE(CreateUser("Alice Northern", " alice@northern.example ", &user).ok());
  EXPECT_EQ(user.email(), "alice@northern.example");
  EXPECT_EQ(user.lead_provider_id(), kProvider);
  const grpc::Status again = CreateUser("Alice Again", "ALICE@northern.example", &user);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(again.error_message(), "There is already a user with this email address");
  EXPECT_EQ(CreateUser(" ", "bob@northern.example", &user).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CreateUser("Bob", "bob", &user).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IdentityServiceTest, CreatingAUserWithTheProviderNameSendsTheWelcomeEmail) {
  v1::LeadProviderUser user;
  ASSERT_TRUE(CreateUser("Bob", "bob@northern.example", &user, "Northern Teaching Trust").ok());
  const std::vector<testing::SentEmail> sent = harness_.mailer().sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].template_name, "lead_provider_welcome");
  EXPECT_EQ(sent[0].fields.at("lead_provider_name"), "Northern Teaching Trust");
  EXPECT_EQ(sent[0].fields.at("start_url"), testing::IdentityHarness::kPublicUrl);
}

TEST_F(IdentityServiceTest, SignInLinkIsEmailedAndWorksOnce) {
  v1::LeadProviderUser user;
  ASSERT_TRUE(CreateUser("Alice Northern", "alice@northern.example", &user).ok());
  ASSERT_TRUE(RequestLink("Alice@Northern.Example").ok());
  const std::vector<testing::SentEmail> sent = harness_.mailer().sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].template_name, "sign_in_link");
  EXPECT_EQ(sent[0].recipient, "alice@northern.example");
  EXPECT_EQ(sent[0].fields.at("full_name"), "Alice Northern");
  EXPECT_TRUE(absl::StartsWith(sent[0].fields.at("sign_in"),
                               "http://127.0.0.1:8080/users/confirm_sign_in?login_token="));
  EXPECT_TRUE(absl::StartsWith(sent[0].idempotency_key, "sign-in-link:"));
  const std::string token = LatestLinkToken();
  EXPECT_EQ(token.size(), 43u);  // 32 random bytes
  EXPECT_FALSE(absl::StrContains(sent[0].idempotency_key, token));

  EXPECT_TRUE(CheckLink(token).ok());
  EXPECT_TRUE(CheckLink(token).ok()) << "checking (the confirm page) does not spend it";
  v1::RedeemSignInLinkResponse redeemed;
  ASSERT_TRUE(Redeem(token, &redeemed).ok());
  EXPECT_EQ(redeemed.session().session().kind(), v1::Session::LEAD_PROVIDER_USER);
  EXPECT_EQ(redeemed.session().session().lead_provider_id(), kProvider);
  EXPECT_EQ(redeemed.session().session().full_name(), "Alice Northern");

  EXPECT_EQ(CheckLink(token).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Redeem(token, &redeemed).error_code(), grpc::StatusCode::NOT_FOUND)
      << "a second use fails";
}

TEST_F(IdentityServiceTest, OnlyTheLatestLinkWorks) {
  v1::LeadProviderUser user;
  ASSERT_TRUE(CreateUser("Alice Northern", "alice@northern.example", &user).ok());
  ASSERT_TRUE(RequestLink("alice@northern.example").ok());
  const std::string first = LatestLinkToken();
  ASSERT_TRUE(RequestLink("alice@northern.example").ok());
  const std::string second = LatestLinkToken();
  ASSERT_NE(first, second);
  v1::RedeemSignInLinkResponse redeemed;
  EXPECT_EQ(Redeem(first, &redeemed).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Redeem(second, &redeemed).ok());
}

TEST_F(IdentityServiceTest, LinksExpireAfter24Hours) {
  v1::LeadProviderUser user;
  ASSERT_TRUE(CreateUser("Alice Northern", "alice@northern.example", &user).ok());
  ASSERT_TRUE(RequestLink("alice@northern.example").ok());
  const std::string token = LatestLinkToken();
  harness_.clock().Advance(absl::Hours(24) - absl::Seconds(1));
  EXPECT_TRUE(CheckLink(token).ok());
  harness_.clock().Advance(absl::Seconds(1));
  EXPECT_EQ(CheckLink(token).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::RedeemSignInLinkResponse redeemed;
  EXPECT_EQ(Redeem(token, &redeemed).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, UnknownAddressesGetTheSameReplyAndNoEmail) {
  EXPECT_TRUE(RequestLink("nobody@nowhere.example").ok());
  EXPECT_TRUE(harness_.mailer().sent().empty());
  const grpc::Status blank = RequestLink("");
  EXPECT_EQ(blank.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(blank.error_message(), "Enter an email address");
  EXPECT_EQ(RequestLink("nobody").error_message(),
            "Enter an email address in the correct format, like name@example.com");
  EXPECT_EQ(CheckLink("made-up").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CheckLink("").error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, AFailedEmailIsReportedSoTheUserCanRetry) {
  v1::LeadProviderUser user;
  ASSERT_TRUE(CreateUser("Alice Northern", "alice@northern.example", &user).ok());
  harness_.mailer().set_failure(absl::UnavailableError("notifications is down"));
  EXPECT_EQ(RequestLink("alice@northern.example").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(IdentityServiceTest, SessionsEndAfterTwoIdleHours) {
  const std::string session = SignedInLeadProviderUser();
  v1::Session who;
  harness_.clock().Advance(absl::Hours(2) - absl::Seconds(1));
  ASSERT_TRUE(Validate(session, &who).ok()) << "use restarts the idle clock";
  harness_.clock().Advance(absl::Hours(2) - absl::Seconds(1));
  ASSERT_TRUE(Validate(session, &who).ok());
  harness_.clock().Advance(absl::Hours(2));
  EXPECT_EQ(Validate(session, &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Column("SELECT 1 FROM sessions").empty()) << "expired sessions are deleted";
}

TEST_F(IdentityServiceTest, SessionsEndTwelveHoursAfterSignInHoweverBusy) {
  const std::string session = SignedInLeadProviderUser();
  v1::Session who;
  for (int hour = 1; hour < 12; ++hour) {
    harness_.clock().Advance(absl::Hours(1));
    ASSERT_TRUE(Validate(session, &who).ok()) << hour;
  }
  EXPECT_EQ(absl::FromUnixSeconds(who.expires_at().seconds()),
            absl::FromUnixSeconds(absl::ToUnixSeconds(harness_.clock().Now() + absl::Hours(1))));
  harness_.clock().Advance(absl::Hours(1));
  EXPECT_EQ(Validate(session, &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityServiceTest, UnknownSessionsAreUnauthenticated) {
  v1::Session who;
  EXPECT_EQ(Validate("", &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Validate("made-up", &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Validate(std::string(400, 'a'), &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityServiceTest, SignOutEndsOneSessionAndSignOutEverywhereEndsAll) {
  const std::string first = SignedInLeadProviderUser();
  ASSERT_TRUE(RequestLink("alice@northern.example").ok());
  v1::RedeemSignInLinkResponse redeemed;
  ASSERT_TRUE(Redeem(LatestLinkToken(), &redeemed).ok());
  const std::string second = redeemed.session().session_token();
  const std::string other = SignedInLeadProviderUser("bob@northern.example");

  v1::SignOutRequest sign_out;
  sign_out.set_session_token(first);
  v1::SignOutResponse signed_out;
  ASSERT_TRUE(Call(&v1::IdentityService::Stub::SignOut, sign_out, &signed_out).ok());
  EXPECT_EQ(signed_out.end_session_url(), "") << "lead-provider sessions have no provider";
  v1::Session who;
  EXPECT_EQ(Validate(first, &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Validate(second, &who).ok());
  EXPECT_TRUE(Call(&v1::IdentityService::Stub::SignOut, sign_out, &signed_out).ok())
      << "signing out twice is fine";

  ASSERT_TRUE(RequestLink("alice@northern.example").ok());
  ASSERT_TRUE(Redeem(LatestLinkToken(), &redeemed).ok());
  v1::SignOutEverywhereRequest everywhere;
  everywhere.set_session_token(second);
  v1::SignOutEverywhereResponse ended;
  ASSERT_TRUE(Call(&v1::IdentityService::Stub::SignOutEverywhere, everywhere, &ended).ok());
  EXPECT_EQ(ended.sessions_ended(), 2);
  EXPECT_EQ(Validate(redeemed.session().session_token(), &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Validate(other, &who).ok()) << "another user's session is untouched";
}

TEST_F(IdentityServiceTest, NoSecretIsStoredInClear) {
  const std::string session = SignedInLeadProviderUser();
  ASSERT_TRUE(RequestLink("alice@northern.example").ok());
  const std::string link = LatestLinkToken();
  v1::CreateApiTokenResponse api;
  ASSERT_TRUE(Create(kProvider, &api).ok());
  const std::string dump = absl::StrJoin(
      Column("SELECT string_agg(t::text, ' ') FROM (SELECT * FROM sessions) t UNION ALL "
             "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM magic_link_tokens) t UNION ALL "
             "SELECT string_agg(t::text, ' ') FROM (SELECT * FROM api_tokens) t"),
      " ");
  EXPECT_FALSE(dump.empty());
  for (const std::string& secret : {session, link, api.token()}) {
    EXPECT_FALSE(absl::StrContains(dump, secret));
  }
}

TEST_F(IdentityServiceTest, SchoolSignInNeedsDfeSignInConfigured) {
  v1::BeginSchoolSignInRequest request;
  v1::BeginSchoolSignInResponse response;
  EXPECT_EQ(Call(&v1::IdentityService::Stub::BeginSchoolSignIn, request, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace rect::identity
