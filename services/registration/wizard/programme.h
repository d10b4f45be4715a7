// The programme answers shared by the school wizards: appropriate body and lead provider
// options, training programme, working pattern, and the school's last choices.
#pragma once

#include <string>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace rect::registration::wizard {

enum class TrainingProgramme { kProviderLed, kSchoolLed };
enum class WorkingPattern { kFullTime, kPartTime };

// "provider_led" / "school_led"; nullopt for anything else.
std::optional<TrainingProgramme> ParseTrainingProgramme(absl::string_view value);
absl::string_view TrainingProgrammeValue(TrainingProgramme programme);
std::optional<WorkingPattern> ParseWorkingPattern(absl::string_view value);
absl::string_view WorkingPatternValue(WorkingPattern pattern);

enum class AppropriateBodyType { kTeachingSchoolHub, kNational, kLocalAuthority };

inline constexpr absl::string_view kIstipName =
    "Independent Schools Teacher Induction Panel (ISTIP)";

struct AppropriateBodyOption {
  std::string id;
  std::string name;
  AppropriateBodyType type = AppropriateBodyType::kTeachingSchoolHub;
  bool active = false;  // has a DfE Sign-in organisation
};

// An LP selectable in the registration year (has an active_lead_providers row).
struct LeadProviderOption {
  std::string id;
  std::string name;
};

// schools.last_chosen_appropriate_body_id / _training_programme / _lead_provider_id.
struct SchoolLastChoices {
  std::optional<std::string> appropriate_body_id;
  std::optional<TrainingProgramme> training_programme;
  std::optional<std::string> lead_provider_id;  // only when provider-led
};

}  // namespace rect::registration::wizard
