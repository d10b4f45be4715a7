// The business counter for operators: teachers schools register, by role and training
// programme.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include "absl/strings/string_view.h"

namespace rect::registration {

// rect_registrations_total{role="ect"|"mentor", training_programme="provider_led"|
// "school_led"|"none"}: counted once a registration is saved.
class RegistrationMetrics {
 public:
  explicit RegistrationMetrics(prometheus::Registry& registry);

  // `training_programme` outside the known values is counted as "none".
  void Registered(absl::string_view role, absl::string_view training_programme);

 private:
  prometheus::Family<prometheus::Counter>& family_;
};

}  // namespace rect::registration
