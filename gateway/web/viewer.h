// Who is looking at a page: anonymous, a school user or a lead-provider user, with the session
// identity holds for them and the CSRF token their forms carry. School pages take the school
// only from here, never from the request, so a school user only ever reaches their own school.
#pragma once

#include <string>

#include "protos/identity/v1/identity.pb.h"

namespace rect::gateway {

struct Viewer {
  enum class Kind { kAnonymous, kSchoolUser, kLeadProviderUser };

  Kind kind = Kind::kAnonymous;
  identity::v1::Session session;  // set when signed in
  std::string session_token;      // the cookie's secret, to sign out with; never log it
  std::string csrf_token;         // for the page's forms

  bool signed_in() const { return kind != Kind::kAnonymous; }
};

}  // namespace rect::gateway
