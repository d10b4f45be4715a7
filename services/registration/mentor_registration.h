// The register-a-new-mentor journey as a service action (school-journeys.md §4.2, §4.3): sessions
// in the wizard store scoped to the school, user and the ECT being given a mentor; each step's
// form validated by the wizard rules; TRS look-ups through the teachers service; the step guard;
// and the one-transaction save with its pending email. Dates of birth and NINOs are only passed
// to the look-up, never kept or logged.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/registration.pb.h"
#include "services/common/pg_pool.h"
#include "services/common/tokens.h"
#include "services/registration/ect_registration.h"
#include "services/registration/mentor_assignment.h"
#include "services/registration/peers.h"
#include "services/registration/registration_metrics.h"
#include "services/registration/wizard/register_mentor.h"
#include "services/registration/wizard_store.h"

namespace rect::registration {

// What a register-a-mentor session keeps (never a date of birth or NINO).
struct MentorSession {
  wizard::MentorAnswers answers;
  std::string ect_id;
  std::string mentor_at_school_period_id;  // once saved
  std::string mentorship_period_id;        // once saved
  bool mentor_training = false;            // once saved
};
std::string MentorSessionToJson(const MentorSession& session);
// INVALID_ARGUMENT when `json` is not what MentorSessionToJson writes.
absl::StatusOr<MentorSession> MentorSessionFromJson(const std::string& json);

class MentorRegistrations {
 public:
  using Today = std::function<absl::CivilDay()>;
  MentorRegistrations(PgPool& pool, WizardStore& store, TrsLookups& trs, SchoolDirectory& schools,
                      RandomSource& random, Today today)
      : pool_(pool),
        store_(store),
        trs_(trs),
        schools_(schools),
        random_(random),
        today_(std::move(today)),
        assignments_(pool, today_) {}

  // Counts saved registrations in `metrics` (outliving this object); none when never set.
  void set_metrics(RegistrationMetrics* metrics) { metrics_ = metrics; }

  absl::StatusOr<v1::MentorWizardPage> Start(const v1::StartMentorWizardRequest& request);
  absl::StatusOr<v1::MentorWizardPage> Get(const v1::WizardStepRequest& request);
  absl::StatusOr<v1::MentorWizardPage> Submit(const v1::WizardStepRequest& request);

 private:
  struct Loaded;
  absl::StatusOr<Loaded> Load(const v1::WizardUser& user, const std::string& wizard_id);
  absl::StatusOr<wizard::MentorRecordFacts> FactsOf(const std::string& trn,
                                                    const std::string& school_urn);
  absl::StatusOr<wizard::FieldErrors> Apply(wizard::MentorStep step,
                                            const std::map<std::string, std::string>& fields,
                                            const v1::WizardUser& user, Loaded& loaded);
  absl::Status Save(const v1::WizardUser& user, Loaded& loaded);
  absl::Status AssignExisting(const v1::WizardUser& user, Loaded& loaded);
  v1::MentorWizardPage Page(const Loaded& loaded, wizard::MentorStep step);

  PgPool& pool_;
  WizardStore& store_;
  TrsLookups& trs_;
  SchoolDirectory& schools_;
  RandomSource& random_;
  Today today_;
  RegistrationMetrics* metrics_ = nullptr;
  MentorAssignments assignments_;
};

}  // namespace rect::registration
