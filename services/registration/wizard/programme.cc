#include "services/registration/wizard/programme.h"

namespace rect::registration::wizard {

std::optional<TrainingProgramme> ParseTrainingProgramme(absl::string_view value) {
  if (value == "provider_led") return TrainingProgramme::kProviderLed;
  if (value == "school_led") return TrainingProgramme::kSchoolLed;
  return std::nullopt;
}

absl::string_view TrainingProgrammeValue(TrainingProgramme programme) {
  return programme == TrainingProgramme::kProviderLed ? "provider_led" : "school_led";
}

std::optional<WorkingPattern> ParseWorkingPattern(absl::string_view value) {
  if (value == "full_time") return WorkingPattern::kFullTime;
  if (value == "part_time") return WorkingPattern::kPartTime;
  return std::nullopt;
}

absl::string_view WorkingPatternValue(WorkingPattern pattern) {
  return pattern == WorkingPattern::kFullTime ? "full_time" : "part_time";
}

}  // namespace rect::registration::wizard
