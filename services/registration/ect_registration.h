// The register-an-ECT journey as a service action (school-journeys.md §3): sessions kept in the
// wizard store, each step's form validated by the wizard rules, TRS look-ups through the
// teachers service, the step guard, and the save. Dates of birth and NINOs are only passed to
// the look-up, never kept.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/registration.pb.h"
#include "services/common/tokens.h"
#include "services/registration/peers.h"
#include "services/registration/registration_metrics.h"
#include "services/registration/wizard_json.h"
#include "services/registration/wizard_store.h"

namespace rect::registration {

inline constexpr absl::Duration kWizardLifetime = absl::Hours(2);

class EctRegistrations {
 public:
  using Today = std::function<absl::CivilDay()>;
  EctRegistrations(WizardStore& store, TrsLookups& trs, SchoolDirectory& schools,
                   RandomSource& random, Today today)
      : store_(store), trs_(trs), schools_(schools), random_(random), today_(std::move(today)) {}

  // Counts saved registrations in `metrics` (outliving this object); none when never set.
  void set_metrics(RegistrationMetrics* metrics) { metrics_ = metrics; }

  absl::StatusOr<v1::EctWizardPage> Start(const v1::WizardUser& user);
  absl::StatusOr<v1::EctWizardPage> Get(const v1::WizardStepRequest& request);
  absl::StatusOr<v1::EctWizardPage> Submit(const v1::WizardStepRequest& request);

 private:
  struct Loaded;
  absl::StatusOr<Loaded> Load(const v1::WizardUser& user, const std::string& wizard_id);
  absl::StatusOr<wizard::EctContext> BuildContext(const v1::WizardUser& user,
                                                  const EctSession& session, Loaded& loaded);
  absl::StatusOr<wizard::FieldErrors> Apply(wizard::EctStep step,
                                            const std::map<std::string, std::string>& fields,
                                            const v1::WizardUser& user,
                                            const wizard::EctContext& context, Loaded& loaded);
  absl::StatusOr<v1::EctWizardPage> Page(const Loaded& loaded, const wizard::EctContext& context,
                                         wizard::EctStep step);

  WizardStore& store_;
  TrsLookups& trs_;
  SchoolDirectory& schools_;
  RandomSource& random_;
  Today today_;
  RegistrationMetrics* metrics_ = nullptr;
};

}  // namespace rect::registration
