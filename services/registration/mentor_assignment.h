// Assigning an existing mentor at the school to an ECT (school-journeys.md §4.1): the mentors to
// offer (the school's open mentor periods minus the ECT themself) and the assignment, which ends
// or removes the ECT's current or future mentorship and creates the new one in one transaction.
// Every read and write is scoped to one school URN.
#pragma once

#include <functional>
#include <string>

#include <optional>
#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/registration.pb.h"
#include "services/common/pg_pool.h"

namespace rect::registration {

// A mentorship to create inside a caller's transaction (§4.1 dates).
struct NewMentorship {
  absl::CivilDay today;
  std::string school_urn;
  std::string ect_at_school_period_id;
  std::string mentee_teacher_id;
  absl::CivilDay ect_started_on;
  std::optional<absl::CivilDay> ect_finished_on;
  std::string mentor_at_school_period_id;
  std::string mentor_teacher_id;
  absl::CivilDay mentor_started_on;
  std::optional<absl::CivilDay> mentor_finished_on;
  bool mentor_transferring_in_and_ect_never_mentored = false;
  // For the events recorded with it.
  std::string ect_name;
  std::string mentor_name;
  v1::WizardUser author;
};
struct CreatedMentorship {
  std::string id;
  absl::CivilDay started_on;
};
// Ends (or removes) the ECT's current or future mentorship and inserts the new one, recording
// the events "teacher_starts_mentoring" (the mentor's) and "teacher_starts_being_mentored" (the
// ECT's). FAILED_PRECONDITION when either period ends before the mentorship could start.
absl::StatusOr<CreatedMentorship> CreateMentorship(pqxx::work& txn, const NewMentorship& mentorship);

// An event in a caller's transaction, written by a school user (as the register-an-ECT save
// records "teacher_registered_as_ect"). Empty ids are stored as NULL.
struct SchoolUserEvent {
  std::string event_type;
  std::string heading;
  v1::WizardUser author;
  std::string teacher_id;
  std::string school_urn;
  std::string ect_at_school_period_id;
  std::string mentor_at_school_period_id;
  std::string mentorship_period_id;
  std::string training_period_id;
  std::string lead_provider_id;
};
void RecordSchoolUserEvent(pqxx::work& txn, const SchoolUserEvent& event);

class MentorAssignments {
 public:
  using Today = std::function<absl::CivilDay()>;
  MentorAssignments(PgPool& pool, Today today) : pool_(pool), today_(std::move(today)) {}

  // NOT_FOUND when the ECT period is not the school's (or `ect_id` is not a UUID).
  absl::StatusOr<v1::MentorsForEct> Choices(const std::string& school_urn,
                                            const std::string& ect_id);
  // `mentor` is a mentor_at_school_period id or "new". A bad choice comes back as a field
  // error on "mentor" (nothing written); "new" says the user goes on to register a mentor.
  // When the mentor-training offer applies (§4.1) and is unanswered, the offer comes back and
  // nothing is written; accepted, the mentor's provider-led training is created with the
  // mentorship. Events are recorded for the assignment (and the training).
  absl::StatusOr<v1::AssignMentorResponse> Assign(const v1::AssignMentorRequest& request);
  // Assigns at once, without the mentor-training offer: a mentor already at the school reached
  // through "register a new mentor" (school-journeys.md §9 item 8).
  absl::StatusOr<v1::AssignMentorResponse> Assign(const std::string& school_urn,
                                                  const std::string& ect_id,
                                                  const std::string& mentor,
                                                  const v1::WizardUser& author = {});

 private:
  absl::StatusOr<v1::AssignMentorResponse> DoAssign(const v1::AssignMentorRequest& request,
                                                    bool offer_training);

  PgPool& pool_;
  Today today_;
};

}  // namespace rect::registration
