#include "services/registration/mentor_assignment.h"

#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/pg_status.h"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/registration/contract_period.h"
#include "services/registration/mentorship.h"
#include "services/registration/school_ects.h"
#include "services/registration/wizard/fields.h"

namespace rect::registration {
namespace {

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay Day(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return Day(field.as<std::string>());
}

struct OpenMentor {
  SchoolMentor mentor;
  std::string teacher_id;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
};

constexpr char kDisplayName[] =
    "coalesce(t.corrected_name, t.trs_first_name || ' ' || t.trs_last_name)";

// The school's mentor periods that are open or end today or later, by name.
template <typename Txn>
std::vector<OpenMentor> OpenMentors(Txn& txn, const std::string& school_urn, absl::CivilDay today) {
  pqxx::result rows = txn.exec_params(
      absl::StrFormat("SELECT m.id, t.trn, %s, t.id, m.started_on::text, m.finished_on::text "
                      "FROM mentor_at_school_periods m JOIN teachers t ON t.id = m.teacher_id "
                      "WHERE m.school_urn = $1 AND (m.finished_on IS NULL OR m.finished_on >= "
                      "$2::date) ORDER BY 3, m.started_on",
                      kDisplayName),
      school_urn, DayText(today));
  std::vector<OpenMentor> mentors;
  for (const pqxx::row& row : rows) {
    OpenMentor open;
    open.mentor = SchoolMentor{row[0].as<std::string>(), row[1].as<std::string>(),
                               row[2].as<std::string>()};
    open.teacher_id = row[3].as<std::string>();
    open.started_on = Day(row[4].as<std::string>());
    open.finished_on = OptionalDay(row[5]);
    mentors.push_back(std::move(open));
  }
  return mentors;
}

std::vector<SchoolMentor> Mentors(const std::vector<OpenMentor>& open) {
  std::vector<SchoolMentor> mentors;
  for (const OpenMentor& m : open) mentors.push_back(m.mentor);
  return mentors;
}

}  // namespace

void RecordSchoolUserEvent(pqxx::work& txn, const SchoolUserEvent& e) {
  txn.exec_params(
      "INSERT INTO events (event_type, heading, author_type, author_name, author_email, "
      "teacher_id, school_urn, ect_at_school_period_id, mentor_at_school_period_id, "
      "mentorship_period_id, training_period_id, lead_provider_id) "
      "VALUES ($1, $2, 'school_user', NULLIF($3, ''), NULLIF($4, '')::citext, "
      "NULLIF($5, '')::uuid, NULLIF($6, ''), NULLIF($7, '')::uuid, NULLIF($8, '')::uuid, "
      "NULLIF($9, '')::uuid, NULLIF($10, '')::uuid, NULLIF($11, '')::uuid)",
      e.event_type, e.heading, e.author.user_name(), e.author.user_email(), e.teacher_id,
      e.school_urn, e.ect_at_school_period_id, e.mentor_at_school_period_id,
      e.mentorship_period_id, e.training_period_id, e.lead_provider_id);
}

absl::StatusOr<CreatedMentorship> CreateMentorship(pqxx::work& txn, const NewMentorship& m) {
  MentorshipDatesInput input;
  input.today = m.today;
  input.ect_started_on = m.ect_started_on;
  input.ect_finished_on = m.ect_finished_on;
  input.mentor_started_on = m.mentor_started_on;
  input.mentor_finished_on = m.mentor_finished_on;
  input.mentor_transferring_in_and_ect_never_mentored =
      m.mentor_transferring_in_and_ect_never_mentored;
  const MentorshipDates dates = NewMentorshipDates(input);
  if (dates.finished_on && *dates.finished_on < dates.started_on) {
    return absl::FailedPreconditionError(
        "the ECT's or the mentor's time at the school ends before the mentorship could start");
  }
  // The ECT's current or future mentorship gives way to the new one.
  pqxx::result existing = txn.exec_params(
      "SELECT id, started_on::text FROM mentorship_periods "
      "WHERE ect_at_school_period_id = $1::uuid "
      "AND (finished_on IS NULL OR finished_on >= $2::date) FOR UPDATE",
      m.ect_at_school_period_id, DayText(dates.started_on));
  for (const pqxx::row& row : existing) {
    const ReplacedMentorship replaced =
        ReplaceMentorship(Day(row[1].as<std::string>()), dates.started_on);
    if (replaced.remove) {
      txn.exec_params("DELETE FROM mentorship_periods WHERE id = $1::uuid",
                      row[0].as<std::string>());
    } else {
      txn.exec_params(
          "UPDATE mentorship_periods SET finished_on = $2::date, updated_at = now() "
          "WHERE id = $1::uuid",
          row[0].as<std::string>(), DayText(replaced.finished_on));
    }
  }
  std::optional<std::string> finished;
  if (dates.finished_on) finished = DayText(*dates.finished_on);
  pqxx::result inserted = txn.exec_params(
      "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
      "school_urn, mentee_teacher_id, mentor_teacher_id, started_on, finished_on) "
      "VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5::uuid, $6::date, $7::date) RETURNING id",
      m.ect_at_school_period_id, m.mentor_at_school_period_id, m.school_urn, m.mentee_teacher_id,
      m.mentor_teacher_id, DayText(dates.started_on), finished);
  const std::string id = inserted[0][0].as<std::string>();
  const std::string from = wizard::FormatDisplayDate(dates.started_on);
  SchoolUserEvent mentoring;
  mentoring.event_type = "teacher_starts_mentoring";
  mentoring.heading = absl::StrCat(m.mentor_name, " started mentoring ", m.ect_name, " from ", from);
  mentoring.author = m.author;
  mentoring.teacher_id = m.mentor_teacher_id;
  mentoring.school_urn = m.school_urn;
  mentoring.mentor_at_school_period_id = m.mentor_at_school_period_id;
  mentoring.mentorship_period_id = id;
  RecordSchoolUserEvent(txn, mentoring);
  SchoolUserEvent mentored = mentoring;
  mentored.event_type = "teacher_starts_being_mentored";
  mentored.heading = absl::StrCat(m.ect_name, " is mentored by ", m.mentor_name, " from ", from);
  mentored.teacher_id = m.mentee_teacher_id;
  mentored.mentor_at_school_period_id.clear();
  mentored.ect_at_school_period_id = m.ect_at_school_period_id;
  RecordSchoolUserEvent(txn, mentored);
  return CreatedMentorship{id, dates.started_on};
}

absl::StatusOr<v1::MentorsForEct> MentorAssignments::Choices(const std::string& school_urn,
                                                             const std::string& ect_id) {
  SchoolEcts ects(pool_, today_);
  absl::StatusOr<v1::SchoolEct> ect = ects.Get(school_urn, ect_id);
  if (!ect.ok()) return ect.status();
  const absl::CivilDay today = today_();
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::MentorsForEct> {
    pqxx::read_transaction txn(c);
    v1::MentorsForEct result;
    *result.mutable_ect() = *ect;
    for (const SchoolMentor& mentor :
         MentorsToOffer(Mentors(OpenMentors(txn, school_urn, today)), ect->trn())) {
      v1::Choice* choice = result.add_mentors();
      choice->set_value(mentor.mentor_at_school_period_id);
      choice->set_label(mentor.name);
    }
    return result;
  });
}

absl::StatusOr<v1::AssignMentorResponse> MentorAssignments::Assign(
    const v1::AssignMentorRequest& request) {
  return DoAssign(request, /*offer_training=*/true);
}

absl::StatusOr<v1::AssignMentorResponse> MentorAssignments::Assign(const std::string& school_urn,
                                                                   const std::string& ect_id,
                                                                   const std::string& mentor,
                                                                   const v1::WizardUser& author) {
  v1::AssignMentorRequest request;
  request.set_school_urn(school_urn);
  request.set_ect_id(ect_id);
  request.set_mentor(mentor);
  *request.mutable_user() = author;
  return DoAssign(request, /*offer_training=*/false);
}

absl::StatusOr<v1::AssignMentorResponse> MentorAssignments::DoAssign(
    const v1::AssignMentorRequest& request, bool offer_training) {
  const std::string& school_urn = request.school_urn();
  const std::string& ect_id = request.ect_id();
  if (school_urn.empty() || !IsUuid(ect_id)) {
    return absl::NotFoundError("no such ECT at this school");
  }
  const absl::CivilDay today = today_();
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<v1::AssignMentorResponse> {
    pqxx::result ect_rows = txn.exec_params(
        absl::StrFormat(
            "SELECT e.teacher_id, t.trn, %s, e.started_on::text, e.finished_on::text, "
            "tp.training_programme::text, tp.lead_provider_id::text, "
            "(SELECT a.lead_provider_name FROM active_lead_providers a "
            "  WHERE a.lead_provider_id = tp.lead_provider_id "
            "  ORDER BY a.contract_period_year DESC LIMIT 1) "
            "FROM ect_at_school_periods e JOIN teachers t ON t.id = e.teacher_id "
            "LEFT JOIN LATERAL (SELECT training_programme, lead_provider_id FROM training_periods "
            "  WHERE ect_at_school_period_id = e.id ORDER BY started_on DESC LIMIT 1) tp ON true "
            "WHERE e.id = $1::uuid AND e.school_urn = $2 FOR UPDATE OF e",
            kDisplayName),
        ect_id, school_urn);
    if (ect_rows.empty()) return absl::NotFoundError("no such ECT at this school");
    const pqxx::row ect = ect_rows[0];
    const std::string ect_trn = ect[1].as<std::string>();
    const bool ect_provider_led = !ect[5].is_null() && ect[5].as<std::string>() == "provider_led";
    const std::string ect_lead_provider_id = ect[6].is_null() ? "" : ect[6].as<std::string>();
    v1::AssignMentorResponse response;
    response.set_ect_name(ect[2].as<std::string>());
    response.set_ect_lead_provider_id(ect_lead_provider_id);
    response.set_ect_lead_provider_name(ect[7].is_null() ? "" : ect[7].as<std::string>());
    const std::vector<OpenMentor> open = OpenMentors(txn, school_urn, today);
    absl::StatusOr<MentorChoice> choice =
        ValidateMentorChoice(request.mentor(), Mentors(open), ect_trn);
    if (!choice.ok()) {
      v1::FieldError* error = response.add_errors();
      error->set_field("mentor");
      error->set_message(std::string(choice.status().message()));
      return response;
    }
    if (choice->register_new) {
      response.set_register_new(true);
      return response;
    }
    const OpenMentor* chosen = nullptr;
    for (const OpenMentor& m : open) {
      if (m.mentor.mentor_at_school_period_id == choice->mentor_at_school_period_id) chosen = &m;
    }
    response.set_mentor_name(chosen->mentor.name);
    response.set_mentor_id(chosen->mentor.mentor_at_school_period_id);

    NewMentorship mentorship;
    mentorship.today = today;
    mentorship.school_urn = school_urn;
    mentorship.ect_at_school_period_id = ect_id;
    mentorship.mentee_teacher_id = ect[0].as<std::string>();
    mentorship.ect_started_on = Day(ect[3].as<std::string>());
    mentorship.ect_finished_on = OptionalDay(ect[4]);
    mentorship.mentor_at_school_period_id = chosen->mentor.mentor_at_school_period_id;
    mentorship.mentor_teacher_id = chosen->teacher_id;
    mentorship.mentor_started_on = chosen->started_on;
    mentorship.mentor_finished_on = chosen->finished_on;
    mentorship.ect_name = response.ect_name();
    mentorship.mentor_name = chosen->mentor.name;
    mentorship.author = request.user();

    // §4.1: the mentor-training offer, and the providers it may go to (active in the contract
    // period of the mentorship's start).
    bool offer = false;
    std::optional<int> training_year;
    if (offer_training && ect_provider_led) {
      pqxx::result mentor_facts = txn.exec_params(
          "SELECT t.mentor_became_ineligible_for_funding_reason::text, "
          "EXISTS (SELECT 1 FROM training_periods tp JOIN mentor_at_school_periods m "
          "  ON m.id = tp.mentor_at_school_period_id WHERE m.teacher_id = t.id) "
          "FROM teachers t WHERE t.id = $1::uuid",
          chosen->teacher_id);
      std::optional<MentorIneligibilityReason> reason;
      if (!mentor_facts[0][0].is_null()) {
        reason = ParseMentorIneligibilityReason(mentor_facts[0][0].as<std::string>());
      }
      offer = OfferMentorTraining(ect_provider_led, EligibleForMentorFunding(reason),
                                  mentor_facts[0][1].as<bool>());
    }
    const MentorshipDates dates = NewMentorshipDates(MentorshipDatesInput{
        today, mentorship.ect_started_on, mentorship.ect_finished_on, mentorship.mentor_started_on,
        mentorship.mentor_finished_on, false});
    if (offer) {
      pqxx::result year = txn.exec_params(
          "SELECT year FROM contract_periods WHERE $1::date BETWEEN started_on AND finished_on",
          DayText(dates.started_on));
      if (!year.empty()) training_year = year[0][0].as<int>();
      if (training_year) {
        for (const pqxx::row& row : txn.exec_params(
                 "SELECT lead_provider_id::text, lead_provider_name FROM active_lead_providers "
                 "WHERE contract_period_year = $1 ORDER BY lead_provider_name",
                 *training_year)) {
          v1::Choice* provider = response.add_lead_providers();
          provider->set_value(row[0].as<std::string>());
          provider->set_label(row[1].as<std::string>());
          if (provider->value() == ect_lead_provider_id) {
            response.set_ect_lead_provider_active(true);
          }
        }
      }
      response.set_offer_mentor_training(request.preview() ||
                                         request.mentor_training() != "accept");
      if (response.offer_mentor_training()) return response;
    }
    if (request.preview()) return response;

    std::string training_lead_provider_id;
    if (offer) {
      training_lead_provider_id =
          request.training_lead_provider_id().empty() && !request.lead_provider_asked()
              ? ect_lead_provider_id
              : request.training_lead_provider_id();
      const v1::Choice* provider = nullptr;
      for (const v1::Choice& p : response.lead_providers()) {
        if (p.value() == training_lead_provider_id) provider = &p;
      }
      if (provider == nullptr) {
        v1::FieldError* error = response.add_errors();
        error->set_field("lead_provider_id");
        error->set_message(request.training_lead_provider_id().empty()
                               ? "Select a lead provider to contact your school"
                               : "Enter the name of a known lead provider");
        return response;
      }
      response.set_training_lead_provider_name(provider->label());
    }
    ASSIGN_OR_RETURN(CreatedMentorship created, CreateMentorship(txn, mentorship));
    response.set_mentorship_period_id(created.id);
    response.set_started_on(wizard::FormatDisplayDate(created.started_on));
    if (offer) {
      ScheduleChoice schedule;
      schedule.registration_year = *training_year;
      schedule.start_date = created.started_on;
      schedule.today = today;
      const std::string identifier = ChooseSchedule(schedule).Identifier();
      txn.exec_params(
          "INSERT INTO schedules (contract_period_year, identifier) VALUES ($1, $2) "
          "ON CONFLICT DO NOTHING",
          *training_year, identifier);
      // No school partnership is known here: an expression of interest in the provider.
      const std::string training_id =
          txn.exec_params1(
                 "INSERT INTO training_periods (mentor_at_school_period_id, started_on, "
                 "training_programme, lead_provider_id, contract_period_year, "
                 "expression_of_interest_id, schedule_id) "
                 "SELECT $1::uuid, $2::date, 'provider_led', a.lead_provider_id, $4, a.id, s.id "
                 "FROM active_lead_providers a JOIN schedules s "
                 "  ON s.contract_period_year = $4 AND s.identifier = $5 "
                 "WHERE a.lead_provider_id = $3::uuid AND a.contract_period_year = $4 "
                 "RETURNING id",
                 chosen->mentor.mentor_at_school_period_id, DayText(created.started_on),
                 training_lead_provider_id, *training_year, identifier)[0]
              .as<std::string>();
      SchoolUserEvent training;
      training.event_type = "teacher_starts_training_period";
      training.heading = absl::StrCat(chosen->mentor.name, " started mentor training with ",
                                      response.training_lead_provider_name());
      training.author = request.user();
      training.teacher_id = chosen->teacher_id;
      training.school_urn = school_urn;
      training.mentor_at_school_period_id = chosen->mentor.mentor_at_school_period_id;
      training.training_period_id = training_id;
      training.lead_provider_id = training_lead_provider_id;
      RecordSchoolUserEvent(txn, training);
      response.set_mentor_training(true);
    }
    return response;
  });
}

}  // namespace rect::registration
