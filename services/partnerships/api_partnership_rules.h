// The rules of the Lead Provider API's partnership writes (lead-provider-api.md §5.4):
// POST /api/v3/partnerships and PUT /api/v3/partnerships/{id}, as pure functions over the facts
// the store loads. No I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rect::partnerships {

// One 422 error: `attribute` is the JSON:API error title.
struct ApiFieldError {
  std::string attribute;
  std::string message;
  bool operator==(const ApiFieldError& o) const {
    return attribute == o.attribute && message == o.message;
  }
};

// What the store knows about a POST's cohort, school and delivery partner (absent: not
// asked, because the value was blank or invalid).
struct CreatePartnershipFacts {
  std::string cohort;               // as sent
  std::string school_id;            // as sent
  std::string delivery_partner_id;  // as sent
  // The cohort: a contract period exists for it; it starts after today; its payments are frozen.
  bool cohort_exists = false;
  bool cohort_in_future = false;
  bool cohort_closed = false;
  // The school (looked up only when school_id is a UUID).
  bool school_exists = false;
  bool school_eligible = false;
  bool already_partnered = false;   // the caller partners it that year, any delivery partner
  bool school_led_only = false;     // the school chose school-led training that year
  // The delivery partner (looked up only when delivery_partner_id is a UUID).
  bool delivery_partner_exists = false;
  bool provider_works_with_partner = false;  // a caller–partner agreement that year
};

// Every failing attribute's first error, in the order cohort, school_id, delivery_partner_id.
std::vector<ApiFieldError> EvaluateCreatePartnership(const CreatePartnershipFacts& facts);

// PUT: the partnership exists and is the caller's (else 404 before these rules).
struct UpdatePartnershipFacts {
  std::string delivery_partner_id;  // as sent
  bool delivery_partner_exists = false;
  bool provider_works_with_partner = false;  // in the partnership's year
  bool already_partnered_with_partner = false;  // the caller, the school, the year: any row
};

std::vector<ApiFieldError> EvaluateUpdatePartnership(const UpdatePartnershipFacts& facts);

// Whether `cohort` is a plain year ("2024"): digits only, no sign or spaces.
std::optional<int> CohortYear(const std::string& cohort);

}  // namespace rect::partnerships
