#include "services/registration/leaving.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/status.h"
#include "services/common/tokens.h"

namespace rect::registration {
namespace {

absl::Status Invalid(absl::string_view message) {
  return absl::InvalidArgumentError(std::string(message));
}

std::optional<absl::CivilDay> DayOf(const pqxx::field& field) {
  absl::CivilDay day;
  if (field.is_null() || !absl::ParseCivilTime(field.as<std::string>(), &day)) return std::nullopt;
  return day;
}

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

struct Role {
  const char* table;   // the at-school periods table
  const char* column;  // the column naming such a period in mentorships and training
};

std::optional<Role> RoleOf(const std::string& role) {
  if (role == "ect") return Role{"ect_at_school_periods", "ect_at_school_period_id"};
  if (role == "mentor") return Role{"mentor_at_school_periods", "mentor_at_school_period_id"};
  return std::nullopt;
}

struct Period {
  std::string id;
  std::string teacher_id;
  std::string teacher_name;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  std::optional<absl::CivilDay> latest_started_training_on;
};

// The school's period, locked when `lock`; nullopt when it is not the school's.
std::optional<Period> LoadPeriod(pqxx::transaction_base& txn, const Role& role,
                                 const std::string& id, const std::string& school_urn,
                                 absl::CivilDay today, bool lock) {
  pqxx::result rows = txn.exec_params(
      absl::StrCat("SELECT p.id, p.teacher_id, coalesce(t.corrected_name, t.trs_first_name || ' ' "
                   "|| t.trs_last_name), p.started_on::text, p.finished_on::text, "
                   "(SELECT max(tp.started_on)::text FROM training_periods tp WHERE tp.",
                   role.column, " = p.id AND tp.started_on <= $3::date) FROM ", role.table,
                   " p JOIN teachers t ON t.id = p.teacher_id "
                   "WHERE p.id = $1::uuid AND p.school_urn = $2",
                   lock ? " FOR UPDATE OF p" : ""),
      id, school_urn, DayText(today));
  if (rows.empty()) return std::nullopt;
  const pqxx::row& row = rows[0];
  Period period;
  period.id = row[0].as<std::string>();
  period.teacher_id = row[1].as<std::string>();
  period.teacher_name = row[2].as<std::string>();
  period.started_on = *DayOf(row[3]);
  period.finished_on = DayOf(row[4]);
  period.latest_started_training_on = DayOf(row[5]);
  return period;
}

void SetLeavingDate(absl::CivilDay date, absl::CivilDay today, v1::LeavingPage* page) {
  page->set_leaving_on(DayText(date));
  page->set_leaving_on_display(wizard::FormatDisplayDate(date));
  page->set_leaving_today_or_later(date >= today);
  page->set_leaving_in_future(date > today);
}

}  // namespace

absl::StatusOr<absl::CivilDay> ValidateLeavingDate(const wizard::DateInput& input,
                                                   const LeavingFacts& facts) {
  absl::CivilDay date;
  switch (wizard::ParseDateInput(input, &date)) {
    case wizard::DateInputState::kMissing:
      return Invalid(kLeavingDateMissing);
    case wizard::DateInputState::kInvalid:
      return Invalid(kLeavingDateFormat);
    case wizard::DateInputState::kValid:
      break;
  }
  if (date > wizard::MonthsAfter(facts.today, 4)) return Invalid(kLeavingDateTooFar);
  // "Enter a date after {start + 1}": the earliest date accepted is the start + 2 days.
  auto too_early = [&](absl::CivilDay started_on, absl::string_view what) -> absl::Status {
    return Invalid(absl::StrCat("Our records show that ", facts.teacher_name, " started ", what,
                                " at your school on ", wizard::FormatDisplayDate(started_on),
                                ". Enter a date after ",
                                wizard::FormatDisplayDate(started_on + 1), "."));
  };
  if (date <= facts.period_started_on + 1) return too_early(facts.period_started_on, "teaching");
  if (facts.latest_started_training_on.has_value() &&
      date <= *facts.latest_started_training_on + 1) {
    return too_early(*facts.latest_started_training_on, "their latest training");
  }
  return date;
}

absl::StatusOr<v1::LeavingPage> Leavings::Get(const v1::LeavingRequest& request) {
  const std::optional<Role> role = RoleOf(request.role());
  if (!role.has_value() || !IsUuid(request.period_id())) {
    return absl::NotFoundError("no such teacher at your school");
  }
  const absl::CivilDay today = today_();
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::LeavingPage> {
    pqxx::read_transaction txn(c);
    std::optional<Period> period = LoadPeriod(txn, *role, request.period_id(),
                                              request.user().school_urn(), today, false);
    if (!period.has_value()) return absl::NotFoundError("no such teacher at your school");
    v1::LeavingPage page;
    page.set_period_id(period->id);
    page.set_role(request.role());
    page.set_teacher_name(period->teacher_name);
    page.set_started_on(wizard::FormatDisplayDate(period->started_on));
    if (period->finished_on.has_value()) SetLeavingDate(*period->finished_on, today, &page);
    return page;
  });
}

absl::StatusOr<v1::LeavingPage> Leavings::Check(const v1::LeavingRequest& request) {
  return Validate(request, false);
}

absl::StatusOr<v1::LeavingPage> Leavings::Report(const v1::LeavingRequest& request) {
  return Validate(request, true);
}

absl::StatusOr<v1::LeavingPage> Leavings::Validate(const v1::LeavingRequest& request, bool save) {
  const std::optional<Role> role = RoleOf(request.role());
  if (!role.has_value() || !IsUuid(request.period_id())) {
    return absl::NotFoundError("no such teacher at your school");
  }
  const std::string& school_urn = request.user().school_urn();
  const absl::CivilDay today = today_();
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<v1::LeavingPage> {
    std::optional<Period> period =
        LoadPeriod(txn, *role, request.period_id(), school_urn, today, save);
    if (!period.has_value() || (period->finished_on.has_value() && *period->finished_on < today)) {
      return absl::NotFoundError("no such teacher at your school");
    }
    v1::LeavingPage page;
    page.set_period_id(period->id);
    page.set_role(request.role());
    page.set_teacher_name(period->teacher_name);
    page.set_started_on(wizard::FormatDisplayDate(period->started_on));
    absl::StatusOr<absl::CivilDay> date = ValidateLeavingDate(
        {request.day(), request.month(), request.year()},
        LeavingFacts{today, period->teacher_name, period->started_on,
                     period->latest_started_training_on});
    if (!date.ok()) {
      if (!absl::IsInvalidArgument(date.status())) return date.status();
      v1::FieldError* error = page.add_errors();
      error->set_field("leaving_on");
      error->set_message(std::string(date.status().message()));
      return page;
    }
    const std::string day = DayText(*date);
    // Training that would start after the date is removed below, unless a lead provider has
    // already declared it: then the teacher cannot leave before it starts.
    pqxx::result declared = txn.exec_params(
        absl::StrCat("SELECT min(t.started_on)::text FROM training_periods t WHERE t.",
                     role->column,
                     " = $1 AND t.started_on > $2::date AND EXISTS (SELECT 1 FROM declarations d "
                     "WHERE d.training_period_id = t.id)"),
        period->id, day);
    if (!declared.empty() && !declared[0][0].is_null()) {
      absl::CivilDay starts;
      if (!absl::ParseCivilTime(declared[0][0].as<std::string>(), &starts)) {
        return absl::InternalError("unreadable training start date");
      }
      v1::FieldError* error = page.add_errors();
      error->set_field("leaving_on");
      error->set_message(absl::StrCat(
          "A lead provider has already declared ", period->teacher_name,
          "'s training that starts on ", wizard::FormatDisplayDate(starts),
          ". Enter a date on or after ", wizard::FormatDisplayDate(starts)));
      return page;
    }
    SetLeavingDate(*date, today, &page);
    if (!save) return page;
    // Mentorships and training that would only start after the leaving date go; the rest end
    // on it (those that already ended earlier are left alone).
    for (const char* table : {"mentorship_periods", "training_periods"}) {
      txn.exec_params(absl::StrCat("DELETE FROM ", table, " WHERE ", role->column,
                                   " = $1 AND started_on > $2::date"),
                      period->id, day);
      txn.exec_params(absl::StrCat("UPDATE ", table,
                                   " SET finished_on = $2::date, updated_at = now() WHERE ",
                                   role->column,
                                   " = $1 AND (finished_on IS NULL OR finished_on > $2::date)"),
                      period->id, day);
    }
    txn.exec_params(absl::StrCat("UPDATE ", role->table,
                                 " SET finished_on = $2::date, reported_leaving_by_school_urn = $3, "
                                 "updated_at = now() WHERE id = $1"),
                    period->id, day, school_urn);
    // What the lead providers see of the person changed (their status and transfers).
    txn.exec_params("UPDATE teachers SET updated_at = now() WHERE id = $1", period->teacher_id);
    txn.exec_params(
        absl::StrCat(
            "INSERT INTO events (event_type, heading, author_type, author_name, author_email, "
            "teacher_id, school_urn, ",
            role->column,
            ") VALUES ('teacher_left_school', $1, 'school_user', NULLIF($2, ''), "
            "NULLIF($3, '')::citext, $4, $5, $6)"),
        absl::StrCat(period->teacher_name, *date >= today ? " is leaving" : " left",
                     " the school on ", wizard::FormatDisplayDate(*date)),
        request.user().user_name(), request.user().user_email(), period->teacher_id, school_urn,
        period->id);
    page.set_saved(true);
    return page;
  });
}

grpc::Status LeavingServiceImpl::GetLeaving(grpc::ServerContext*, const v1::LeavingRequest* request,
                                            v1::LeavingPage* response) {
  absl::StatusOr<v1::LeavingPage> page = leavings_.Get(*request);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

grpc::Status LeavingServiceImpl::CheckLeaving(grpc::ServerContext*,
                                              const v1::LeavingRequest* request,
                                              v1::LeavingPage* response) {
  absl::StatusOr<v1::LeavingPage> page = leavings_.Check(*request);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

grpc::Status LeavingServiceImpl::ReportLeaving(grpc::ServerContext*,
                                               const v1::LeavingRequest* request,
                                               v1::LeavingPage* response) {
  absl::StatusOr<v1::LeavingPage> page = leavings_.Report(*request);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

}  // namespace rect::registration
