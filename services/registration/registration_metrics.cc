#include "services/registration/registration_metrics.h"

#include <string>

namespace rect::registration {

RegistrationMetrics::RegistrationMetrics(prometheus::Registry& registry)
    : family_(prometheus::BuildCounter()
                  .Name("rect_registrations_total")
                  .Help("Teachers registered by schools, by role and training programme")
                  .Register(registry)) {}

void RegistrationMetrics::Registered(absl::string_view role,
                                     absl::string_view training_programme) {
  const absl::string_view programme =
      training_programme == "provider_led" || training_programme == "school_led"
          ? training_programme
          : "none";
  family_
      .Add({{"role", role == "mentor" ? "mentor" : "ect"},
            {"training_programme", std::string(programme)}})
      .Increment();
}

}  // namespace rect::registration
