// Fuzz target: the DfE Sign-in ID-token parser and verifier and the JWKS parser. An input is a
// compact token, optionally followed by a newline and a JWKS document; without one the token is
// verified against kKeySet, whose private key signed the corpus's valid tokens.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/identity/id_token.h"
#include "services/identity/jwks.h"

namespace identity = rect::identity;

namespace {

constexpr char kKeySet[] =
    R"json({"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"fuzz-key","n":"xCLwjVI8ixfbQdUwtC6QARzcWq_r2Q_gtyvtAkUHRE9HgUEPdZoq1Y0btosjNlt090FLfCvIi7GlODM8RwvUT7-qOEKoRHlEJnidhYLtMXnU02NBGWEynwQh5jlrpW1unH8TKr3RrzciyT8A3R_vl6wh1TtD__B8hD4E24GvQKYBey98AbrJnMRgIBmYjrbgVkKQwP_63e1RSYo2nw33ZwRo2HYv2QCp92W8cO-wMIQ_6JwgRS06LRDQKMdzLa1BW4cOU8sbj-hTY_6ld_HasuppikSyYPsds25uOWzeT_8J8mIo3AhrLWlu8tVw67HJkkHWKr430LA-z4D-9OBTtQ","e":"AQAB"}]})json";

identity::IdTokenExpectations Expected() {
  identity::IdTokenExpectations expected;
  expected.issuer = "https://oidc.signin.example";
  expected.audience = "RegisterECTs";
  expected.nonce = "the-nonce";
  expected.now = absl::FromUnixSeconds(1767225600);
  return expected;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const absl::string_view token = input.substr(0, newline);
  const absl::string_view jwks =
      newline == absl::string_view::npos ? absl::string_view(kKeySet) : input.substr(newline + 1);

  if (const auto jws = identity::ParseCompactJws(token); jws.ok()) {
    (void)identity::CheckIdTokenClaims(jws->payload, Expected());
  }
  const auto keys = identity::JsonWebKeySet::Parse(jwks);
  if (!keys.ok()) return 0;
  (void)keys->Find("");
  (void)keys->Find("fuzz-key");
  const auto claims = identity::VerifyIdToken(token, *keys, Expected());
  (void)identity::IsUnknownKeyError(claims.status());
  return 0;
}
