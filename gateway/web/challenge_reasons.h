// The five reasons a school may give for reporting a partnership as wrong (partnerships.md §6):
// stored value and the label the form and the lead provider's pages show.
#pragma once

#include <utility>

#include "absl/strings/string_view.h"

namespace rect::gateway {

inline constexpr std::pair<const char*, const char*> kChallengeReasons[] = {
    {"another_provider", "I have already confirmed an agreement with another provider"},
    {"not_confirmed", "We have not confirmed an agreement"},
    {"do_not_recognise", "I do not recognise this training provider"},
    {"no_ects", "We do not have any early career teachers this year"},
    {"mistake", "This looks like a mistake"},
};

// The label of a stored value, or "" for anything else.
inline absl::string_view ChallengeReasonLabel(absl::string_view value) {
  for (const auto& [reason, label] : kChallengeReasons) {
    if (value == reason) return label;
  }
  return "";
}

}  // namespace rect::gateway
