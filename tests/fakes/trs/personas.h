// The people the local TRS knows (school-journeys.md §8), as one data table, and the record it
// makes up for any other TRN (as RECT's own fake does).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace rect::fakes::trs {

struct PersonaAlert {
  std::string category_id;
  std::string start_date;
  std::string end_date;  // empty = no end date
};

struct Persona {
  enum class Answer {
    kPerson,       // 200 with the record (after the date of birth / NINO checks)
    kNotFound,     // 404
    kDeactivated,  // 410
    kMerged,       // 308 to merged_into_trn
    kSlow,         // the record, but only after the server's slow delay
    kServerError,  // 500
  };

  std::string trn;
  Answer answer = Answer::kPerson;
  std::string first_name;
  std::string last_name;
  std::string date_of_birth = "1977-02-03";
  std::string nino;  // "AB1" + the TRN's last five digits + "A" unless given
  std::string induction_status = "InProgress";
  std::string induction_start_date;
  std::string induction_completed_date;
  std::vector<std::string> exemption_reasons;
  std::string qts_holds_from = "2024-07-19";  // empty = no QTS
  std::vector<PersonaAlert> alerts;
  std::string merged_into_trn;
};

inline constexpr char kProhibitionCategory[] = "b2b19019-b165-47a3-8745-3297ff152581";
inline constexpr char kConditionalRegistrationCategory[] = "5562a5b7-3e32-eb11-a814-000d3a23980a";

// The designed personas, 7000001-7000024, 7000098 and 7000099, in TRN order.
const std::vector<Persona>& Personas();

// The persona with this TRN, or a made-up person: a name picked from the TRN, born 1977-02-03,
// induction InProgress, QTS held since 2022-07-15.
Persona PersonaFor(absl::string_view trn);

// "AB1" + the last five digits of `trn` + "A": 7000013 -> AB100013A.
std::string DefaultNino(absl::string_view trn);

}  // namespace rect::fakes::trs
