// A person record as the TRS API v3 returns it (the fields this service reads), before any of
// TRS's rules are applied. Holds a date of birth in memory only: never store or log one.
#pragma once

#include <string>
#include <vector>

namespace rect::teachers {

// One alert on a TRS record. Dates are TRS's strings ("YYYY-MM-DD"; empty when null), because
// an unreadable end date has its own meaning (school-journeys.md §5).
struct TrsAlert {
  std::string category_id;
  std::string end_date;
};

struct TrsPerson {
  std::string trn;
  std::string first_name;
  std::string last_name;
  std::string date_of_birth;             // compared with the caller's, then dropped
  std::string induction_status;          // e.g. "InProgress"; empty when TRS gave none
  std::string induction_start_date;      // "YYYY-MM-DD" or empty
  std::string induction_completed_date;  // "YYYY-MM-DD" or empty
  std::string qts_holds_from;            // "YYYY-MM-DD" or empty: empty means no QTS
  // The last QTS route's professional status type, e.g. "QualifiedTeacherStatus".
  std::string qts_professional_status_type;
  std::vector<TrsAlert> alerts;
};

// What TRS answered about one TRN.
struct TrsAnswer {
  enum class Kind { kFound, kNotFound, kDeactivated, kMerged };
  Kind kind = Kind::kNotFound;
  TrsPerson person;             // for kFound
  std::string merged_into_trn;  // for kMerged
};

}  // namespace rect::teachers
