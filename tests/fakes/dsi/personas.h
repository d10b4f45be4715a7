// The people the local DfE Sign-in offers on its sign-in page: each persona is one user signed
// in for one organisation (a user with two schools appears twice). URNs follow the seed data
// of partnerships.md §9, so each persona lands on a known row of school-journeys.md §1.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rect::fakes::dsi {

struct FakeOrganisation {
  std::string id;  // DfE Sign-in organisation UUID
  std::string urn;
  std::string name;
};

struct Persona {
  std::string key;          // the sign-in page's button value, e.g. "sam-tutor-oakfield"
  std::string description;  // what this persona demonstrates
  std::string user_id;      // the ID token's sub
  std::string email;
  std::string given_name;
  std::string family_name;
  std::optional<FakeOrganisation> organisation;
  bool in_service = true;  // false: the roles API answers 404
  std::vector<std::string> roles;
};

const std::vector<Persona>& DefaultPersonas();

}  // namespace rect::fakes::dsi
