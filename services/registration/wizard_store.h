// The SQL behind the school wizards: sessions (by id digest, school and user, expiring), the
// reference data they choose from, the teacher's history they check, and the one-transaction
// save of a registration with its pending confirmation email.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/pg_pool.h"
#include "services/registration/contract_period.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/previous_choices.h"
#include "services/registration/wizard/programme.h"
#include "services/registration/wizard/register_ect.h"

namespace rect::registration {

// Which session: the SHA-256 digest of the browser's wizard id, plus who may use it.
struct WizardKey {
  std::string id_digest;
  std::string wizard;  // "register_ect" | "register_mentor"
  std::string school_urn;
  std::string user_id;
};

// The teacher's ECT history as the register-an-ECT wizard reads it at look-up and later.
struct EctHistory {
  wizard::EctRecordFacts facts;
  std::string previous_school_urn;  // of the latest ECT period, when any
  std::optional<wizard::PreviousEctPeriod> previous;  // school_name left for the caller
  std::string previous_training_programme;            // "provider_led" | "school_led" | ""
  std::string previous_lead_provider_name;
  std::optional<PreviousProviderLedTraining> previous_training;
};

// Everything the register-an-ECT save writes.
struct EctSavePlan {
  std::string school_urn;
  std::string school_name;
  std::string author_name;
  std::string author_email;
  std::string trn;
  std::string trs_first_name;
  std::string trs_last_name;
  std::string corrected_name;
  std::string induction_status_name;
  absl::CivilDay started_on;
  std::string email;
  std::string working_pattern;  // "full_time" | "part_time"
  std::string appropriate_body_id;
  std::string training_programme;  // "provider_led" | "school_led"
  std::optional<std::string> lead_provider_id;
  absl::CivilDay training_started_on;
  int contract_period_year = 0;
  std::string schedule_identifier;  // provider-led only
  std::string email_template;
};

class WizardStore {
 public:
  explicit WizardStore(PgPool& pool) : pool_(pool) {}

  absl::Status CreateSession(const WizardKey& key, const std::string& answers,
                             absl::Duration lifetime);
  // NOT_FOUND when there is no such session for that school and user, or it has expired.
  absl::StatusOr<std::string> LoadSession(const WizardKey& key);
  absl::Status UpdateSession(const WizardKey& key, const std::string& answers,
                             absl::Duration lifetime);
  // Deletes sessions that expired; returns how many.
  absl::StatusOr<int> DeleteExpiredSessions();

  absl::StatusOr<std::vector<ContractPeriod>> ContractPeriods();
  absl::StatusOr<std::vector<wizard::AppropriateBodyOption>> AppropriateBodies();
  absl::StatusOr<std::vector<wizard::LeadProviderOption>> LeadProvidersIn(int year);
  absl::StatusOr<wizard::SchoolLastChoices> LastChoices(const std::string& school_urn);
  absl::StatusOr<std::optional<wizard::ExpressionOfInterestFact>> LatestExpressionOfInterest(
      const std::string& school_urn);
  absl::StatusOr<EctHistory> EctHistoryOf(const std::string& trn, const std::string& school_urn);
  // Emails on ECT and mentor periods (any school), for the uniqueness check.
  absl::StatusOr<std::vector<wizard::EmailHolder>> EmailHolders(const std::string& email);

  // One transaction: teacher, school's last choices, the teacher's other open ECT period closed,
  // the ECT period, its training, events, the pending confirmation email and the session's
  // saved answers. FAILED_PRECONDITION when the teacher is already open at this school. Returns
  // the new ect_at_school_period id.
  absl::StatusOr<std::string> SaveEct(const EctSavePlan& plan, const WizardKey& key,
                                      const std::string& saved_answers);

 private:
  PgPool& pool_;
};

}  // namespace rect::registration
