#include "services/partnerships/eligibility.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/match.h"

namespace rect::partnerships {
namespace {

// GIAS "TypeOfEstablishment (code)" values; 57 (Academy secure 16 to 19) joined in 2024.
constexpr int kEligibleTypes[] = {1,  2,  3,  5,  6,  7,  8,  12, 14, 15, 18, 28, 31, 32, 33,
                                  34, 35, 36, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 57};
constexpr int kCipOnlyTypes[] = {10, 11, 30, 37};

template <size_t N>
bool Contains(const int (&codes)[N], int code) {
  return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

}  // namespace

bool IsOpen(int status_code) { return status_code == 1 || status_code == 3; }

bool IsInEngland(absl::string_view administrative_district_code) {
  return absl::StartsWithIgnoreCase(administrative_district_code, "E") ||
         administrative_district_code == "9999";
}

bool IsEligibleType(int type_code) { return Contains(kEligibleTypes, type_code); }

bool IsCipOnlyType(int type_code) { return Contains(kCipOnlyTypes, type_code); }

Eligibility ComputeEligibility(const GiasFacts& facts) {
  Eligibility result;
  result.open = IsOpen(facts.status_code);
  result.in_england = IsInEngland(facts.administrative_district_code);
  result.eligible = result.open && result.in_england &&
                    (IsEligibleType(facts.type_code) || facts.section_41_approved);
  result.cip_only = !result.eligible && result.open && IsCipOnlyType(facts.type_code);
  return result;
}

}  // namespace rect::partnerships
