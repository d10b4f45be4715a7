// DfE Sign-in end to end against the local DfE Sign-in (a real OIDC provider over HTTP): every
// persona lands where the access table (school-journeys.md §1) says; state, attempt and ID-token
// problems fail; signing keys rotate; sign-out leads to the provider's end-session endpoint.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <map>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "services/common/http_client.h"
#include "services/identity/identity_harness.h"
#include "tests/fakes/dsi/fake_dsi.h"

namespace rect::identity {
namespace {

using fakes::dsi::FakeDsi;
using fakes::dsi::TokenFault;
using Outcome = v1::CompleteSchoolSignInResponse;

// The decoded query parameters of an absolute URL.
std::map<std::string, std::string> Query(const std::string& text) {
  std::map<std::string, std::string> fields;
  auto url = boost::urls::parse_absolute_uri(text);
  EXPECT_TRUE(url) << text;
  if (url) {
    for (auto param : url->params()) fields.emplace(param.key, param.value);
  }
  return fields;
}

DsiOptions OptionsFor(const FakeDsi& dsi) {
  DsiOptions options;
  options.issuer = dsi.issuer();
  options.api_url = dsi.issuer();
  options.client_id = dsi.options().client_id;
  options.client_secret = dsi.options().client_secret;
  options.api_secret = dsi.options().api_secret;
  options.redirect_uri = absl::StrCat(testing::IdentityHarness::kPublicUrl, "/auth/dfe/callback");
  options.post_logout_redirect_uri =
      absl::StrCat(testing::IdentityHarness::kPublicUrl, "/sign-out");
  return options;
}

std::unique_ptr<FakeDsi> StartedDsi() {
  auto dsi = std::make_unique<FakeDsi>(FakeDsi::Options());
  EXPECT_TRUE(dsi->Start().ok());
  return dsi;
}

class SchoolSignInTest : public ::testing::Test {
 protected:
  SchoolSignInTest() : dsi_(StartedDsi()), harness_(OptionsFor(*dsi_)) {
    testing::AddSeedSchools(harness_.directory());
  }

  grpc::Status Begin(v1::BeginSchoolSignInResponse* started) {
    grpc::ClientContext context;
    return harness_.stub().BeginSchoolSignIn(&context, v1::BeginSchoolSignInRequest(), started);
  }

  grpc::Status Complete(const v1::CompleteSchoolSignInRequest& request,
                        v1::CompleteSchoolSignInResponse* response) {
    grpc::ClientContext context;
    return harness_.stub().CompleteSchoolSignIn(&context, request, response);
  }

  // The callback request after `persona` signs in at the provider.
  v1::CompleteSchoolSignInRequest Callback(const std::string& persona) {
    v1::BeginSchoolSignInResponse started;
    EXPECT_TRUE(Begin(&started).ok());
    absl::StatusOr<std::string> redirect = dsi_->Authorize(started.authorization_url(), persona);
    EXPECT_TRUE(redirect.ok()) << redirect.status();
    EXPECT_TRUE(absl::StartsWith(*redirect, "http://127.0.0.1:8080/auth/dfe/callback?"));
    std::map<std::string, std::string> fields = Query(*redirect);
    v1::CompleteSchoolSignInRequest request;
    request.set_attempt_token(started.attempt_token());
    request.set_code(fields["code"]);
    request.set_state(fields["state"]);
    return request;
  }

  v1::CompleteSchoolSignInResponse SignIn(const std::string& persona) {
    v1::CompleteSchoolSignInResponse response;
    const grpc::Status status = Complete(Callback(persona), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::string Dump(const std::string& table) {
    pqxx::connection c(harness_.conninfo());
    pqxx::nontransaction txn(c);
    pqxx::row row = txn.exec1("SELECT coalesce(string_agg(t::text, ' '), '') FROM " + table + " t");
    return row[0].as<std::string>();
  }

  std::unique_ptr<FakeDsi> dsi_;
  testing::IdentityHarness harness_;
};

struct Landing {
  const char* persona;
  Outcome::Outcome outcome;
  v1::Session::SchoolAccess access;
  const char* urn;
  const char* school_name;
};

TEST_F(SchoolSignInTest, EveryPersonaLandsWhereTheAccessTableSays) {
  const Landing landings[] = {
      {"sam-tutor-oakfield", Outcome::SIGNED_IN, v1::Session::FULL, "100001",
       "Oakfield Primary School"},
      {"ola-admin-oakfield", Outcome::SIGNED_IN, v1::Session::FULL, "100001",
       "Oakfield Primary School"},
      {"rita-head-riverside", Outcome::SIGNED_IN, v1::Session::FULL, "100002", "Riverside Academy"},
      {"tom-two-oakfield", Outcome::SIGNED_IN, v1::Session::FULL, "100001",
       "Oakfield Primary School"},
      {"tom-two-hillcrest", Outcome::SIGNED_IN, v1::Session::FULL, "100003",
       "Hillcrest House School"},
      {"colin-closed-school", Outcome::SIGNED_IN, v1::Session::DENIED, "100006",
       "Old Mill Primary School"},
      {"ivy-independent", Outcome::SIGNED_IN, v1::Session::DENIED, "100011",
       "St Crispin's Independent School"},
      {"nadia-no-organisation", Outcome::NO_ORGANISATION, {}, "", ""},
      {"uma-unknown-urn", Outcome::NO_APPROVED_ACCESS, {}, "", ""},
      {"nora-no-role", Outcome::NO_APPROVED_ACCESS, {}, "", ""},
      {"lena-not-in-service", Outcome::NO_APPROVED_ACCESS, {}, "", ""},
  };
  for (const Landing& landing : landings) {
    SCOPED_TRACE(landing.persona);
    const v1::CompleteSchoolSignInResponse response = SignIn(landing.persona);
    EXPECT_EQ(response.outcome(), landing.outcome);
    if (landing.outcome != Outcome::SIGNED_IN) {
      EXPECT_FALSE(response.has_session());
      continue;
    }
    const v1::Session& session = response.session().session();
    EXPECT_EQ(session.kind(), v1::Session::SCHOOL_USER);
    EXPECT_EQ(session.school_access(), landing.access);
    EXPECT_EQ(session.school_urn(), landing.urn);
    EXPECT_EQ(session.school_name(), landing.school_name);
    EXPECT_EQ(response.session().session_token().size(), 43u);
  }
  // Operators see the same outcomes as a business counter.
  EXPECT_EQ(harness_.SignIns("school", "signed_in"), 7);
  EXPECT_EQ(harness_.SignIns("school", "no_organisation"), 1);
  EXPECT_EQ(harness_.SignIns("school", "no_approved_access"), 3);
}

TEST_F(SchoolSignInTest, NoApprovedAccessNamesTheOrganisation) {
  EXPECT_EQ(SignIn("uma-unknown-urn").organisation_name(), "Nowhere Academy");
  EXPECT_EQ(SignIn("nora-no-role").organisation_name(), "Oakfield Primary School");
}

TEST_F(SchoolSignInTest, SessionsCarryTheUserAndSchool) {
  const v1::CompleteSchoolSignInResponse sam = SignIn("sam-tutor-oakfield");
  const v1::CompleteSchoolSignInResponse ola = SignIn("ola-admin-oakfield");
  EXPECT_EQ(sam.session().session().full_name(), "Sam Tutor");
  EXPECT_EQ(sam.session().session().email(), "sam.tutor@oakfield.example");
  EXPECT_NE(sam.session().session().user_id(), ola.session().session().user_id());
  v1::Session session;
  grpc::ClientContext context;
  v1::ValidateSessionRequest request;
  request.set_session_token(sam.session().session_token());
  ASSERT_TRUE(harness_.stub().ValidateSession(&context, request, &session).ok());
  EXPECT_EQ(session.school_urn(), "100001");
  const std::string access = Dump("school_access");
  EXPECT_TRUE(absl::StrContains(access, "SchoolUser"));
}

TEST_F(SchoolSignInTest, AUserWithTwoSchoolsSignsInForTheOnePicked) {
  const v1::CompleteSchoolSignInResponse first = SignIn("tom-two-oakfield");
  const v1::CompleteSchoolSignInResponse second = SignIn("tom-two-hillcrest");
  EXPECT_EQ(first.session().session().user_id(), second.session().session().user_id());
  EXPECT_EQ(first.session().session().school_urn(), "100001");
  EXPECT_EQ(second.session().session().school_urn(), "100003");
}

TEST_F(SchoolSignInTest, TheAuthorizationRequestUsesPkceStateAndNonce) {
  v1::BeginSchoolSignInResponse started;
  ASSERT_TRUE(Begin(&started).ok());
  std::map<std::string, std::string> fields = Query(started.authorization_url());
  EXPECT_EQ(fields["scope"], "openid profile email organisation");
  EXPECT_EQ(fields["response_type"], "code");
  EXPECT_EQ(fields["client_id"], "RegisterECTs");
  EXPECT_EQ(fields["redirect_uri"], "http://127.0.0.1:8080/auth/dfe/callback");
  EXPECT_EQ(fields["code_challenge_method"], "S256");
  EXPECT_EQ(fields["code_challenge"].size(), 43u);
  EXPECT_FALSE(fields["state"].empty());
  EXPECT_FALSE(fields["nonce"].empty());
  EXPECT_FALSE(absl::StrContains(started.authorization_url(), started.attempt_token()));
  EXPECT_EQ(started.expires_in_seconds(), 600);
}

TEST_F(SchoolSignInTest, ProviderErrorsFail) {
  v1::CompleteSchoolSignInRequest request = Callback("sam-tutor-oakfield");
  request.clear_code();
  request.set_error("access_denied");
  v1::CompleteSchoolSignInResponse response;
  ASSERT_TRUE(Complete(request, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FAILED);
}

TEST_F(SchoolSignInTest, AWrongStateFails) {
  v1::CompleteSchoolSignInRequest request = Callback("sam-tutor-oakfield");
  request.set_state("forged-state");
  v1::CompleteSchoolSignInResponse response;
  ASSERT_TRUE(Complete(request, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FAILED);
}

TEST_F(SchoolSignInTest, AnAttemptBelongsToOneBrowserAndIsSpentOnce) {
  v1::CompleteSchoolSignInRequest request = Callback("sam-tutor-oakfield");
  v1::CompleteSchoolSignInRequest other_browser = request;
  other_browser.set_attempt_token("someone-elses-cookie");
  v1::CompleteSchoolSignInResponse response;
  ASSERT_TRUE(Complete(other_browser, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FAILED);
  other_browser.clear_attempt_token();
  ASSERT_TRUE(Complete(other_browser, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FAILED);

  ASSERT_TRUE(Complete(request, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::SIGNED_IN);
  ASSERT_TRUE(Complete(request, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FAILED) << "a replayed callback fails";
}

TEST_F(SchoolSignInTest, AttemptsExpireAfterTenMinutes) {
  v1::CompleteSchoolSignInRequest request = Callback("sam-tutor-oakfield");
  harness_.clock().Advance(absl::Minutes(10));
  v1::CompleteSchoolSignInResponse response;
  ASSERT_TRUE(Complete(request, &response).ok());
  EXPECT_EQ(response.outcome(), Outcome::FAILED);
}

TEST_F(SchoolSignInTest, FaultyIdTokensFail) {
  for (TokenFault fault :
       {TokenFault::kExpired, TokenFault::kWrongAudience, TokenFault::kWrongIssuer,
        TokenFault::kWrongNonce, TokenFault::kForged, TokenFault::kUnsigned}) {
    SCOPED_TRACE(static_cast<int>(fault));
    v1::CompleteSchoolSignInRequest request = Callback("sam-tutor-oakfield");
    dsi_->SetNextTokenFault(fault);
    v1::CompleteSchoolSignInResponse response;
    ASSERT_TRUE(Complete(request, &response).ok());
    EXPECT_EQ(response.outcome(), Outcome::FAILED);
    EXPECT_FALSE(response.has_session());
  }
  EXPECT_EQ(SignIn("sam-tutor-oakfield").outcome(), Outcome::SIGNED_IN) << "faults are one-off";
}

TEST_F(SchoolSignInTest, NewSigningKeysAreFetchedWhenTheProviderRotates) {
  ASSERT_EQ(SignIn("sam-tutor-oakfield").outcome(), Outcome::SIGNED_IN);
  dsi_->RotateKeys(/*retire_previous=*/true);
  harness_.clock().Advance(absl::Seconds(2));
  EXPECT_EQ(SignIn("sam-tutor-oakfield").outcome(), Outcome::SIGNED_IN);
  dsi_->RotateKeys(/*retire_previous=*/false);
  harness_.clock().Advance(absl::Seconds(2));
  EXPECT_EQ(SignIn("ola-admin-oakfield").outcome(), Outcome::SIGNED_IN);
}

TEST_F(SchoolSignInTest, SignOutSendsTheBrowserToTheProviderWithTheIdToken) {
  const v1::CompleteSchoolSignInResponse signed_in = SignIn("sam-tutor-oakfield");
  const std::string stored = Dump("sessions");
  EXPECT_FALSE(absl::StrContains(stored, "eyJ")) << "the ID token is sealed, not stored";
  EXPECT_FALSE(absl::StrContains(stored, signed_in.session().session_token()));

  v1::SignOutRequest request;
  request.set_session_token(signed_in.session().session_token());
  v1::SignOutResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(harness_.stub().SignOut(&context, request, &response).ok());
  const std::string url = response.end_session_url();
  EXPECT_TRUE(absl::StartsWith(url, dsi_->issuer() + "/session/end?id_token_hint=ey")) << url;
  EXPECT_TRUE(
      absl::StrContains(url, "post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fsign-out"));

  HttpClientRequest follow;
  follow.url = url;
  absl::StatusOr<HttpClientResponse> provider = HttpClient().Send(follow);
  ASSERT_TRUE(provider.ok());
  EXPECT_EQ(provider->status, 302);
  EXPECT_EQ(provider->Header("Location"), "http://127.0.0.1:8080/sign-out");
  EXPECT_TRUE(dsi_->last_id_token_hint_valid());

  v1::Session session;
  grpc::ClientContext check;
  v1::ValidateSessionRequest validate;
  validate.set_session_token(signed_in.session().session_token());
  EXPECT_EQ(harness_.stub().ValidateSession(&check, validate, &session).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SchoolSignInTest, ADirectoryOutageIsAnErrorNotADenial) {
  v1::CompleteSchoolSignInRequest request = Callback("sam-tutor-oakfield");
  harness_.directory().set_failure(absl::UnavailableError("partnerships is down"));
  v1::CompleteSchoolSignInResponse response;
  EXPECT_EQ(Complete(request, &response).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST(SchoolSignInWithoutProvider, BeginIsUnavailableWhileTheProviderIsDown) {
  FakeDsi dsi{FakeDsi::Options()};
  ASSERT_TRUE(dsi.Start().ok());
  DsiOptions options = OptionsFor(dsi);
  dsi.Stop();
  testing::IdentityHarness harness(options);
  v1::BeginSchoolSignInResponse started;
  grpc::ClientContext context;
  EXPECT_EQ(harness.stub()
                .BeginSchoolSignIn(&context, v1::BeginSchoolSignInRequest(), &started)
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace rect::identity
