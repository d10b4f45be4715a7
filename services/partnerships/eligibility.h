// Whether a school may take part, from its GIAS facts alone (partnerships.md §3): open, in
// England, eligible for funded training, or limited to the core induction programme (CIP).
#pragma once

#include "absl/strings/string_view.h"

namespace rect::partnerships {

// The GIAS facts eligibility depends on, as GIAS publishes them.
struct GiasFacts {
  int type_code = 0;
  int status_code = 0;
  absl::string_view administrative_district_code;
  bool section_41_approved = false;
};

struct Eligibility {
  bool open = false;
  bool in_england = false;
  bool eligible = false;  // for funded (provider-led) training
  bool cip_only = false;  // may use the service, but only for the core induction programme

  bool operator==(const Eligibility& other) const {
    return open == other.open && in_england == other.in_england && eligible == other.eligible &&
           cip_only == other.cip_only;
  }
};

// Status 1 "Open" or 3 "Open, but proposed to close".
bool IsOpen(int status_code);

// District code starting "E" or "e", or exactly "9999" (England, district not recorded).
bool IsInEngland(absl::string_view administrative_district_code);

// State-funded types (maintained, special, nursery, PRU, FE, sixth form, academy, free school,
// UTC, studio school, children's centre): eligible when open and in England.
bool IsEligibleType(int type_code);

// Independent schools (10, 11), Welsh establishments (30), British schools overseas (37).
bool IsCipOnlyType(int type_code);

// eligible := open AND in_england AND (eligible type OR section 41 approved);
// cip_only := NOT eligible AND open AND CIP-only type (no England test).
Eligibility ComputeEligibility(const GiasFacts& facts);

}  // namespace rect::partnerships
