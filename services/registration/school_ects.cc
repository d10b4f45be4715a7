#include "services/registration/school_ects.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/tokens.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/register_ect.h"

namespace rect::registration {
namespace {

using wizard::InductionStatus;

InductionStatus InductionFrom(const std::string& value) {
  if (value == "RequiredToComplete") return InductionStatus::kRequiredToComplete;
  if (value == "InProgress") return InductionStatus::kInProgress;
  if (value == "Passed") return InductionStatus::kPassed;
  if (value == "Failed") return InductionStatus::kFailed;
  if (value == "FailedInWales") return InductionStatus::kFailedInWales;
  if (value == "Exempt") return InductionStatus::kExempt;
  return InductionStatus::kNone;
}

absl::CivilDay Day(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

}  // namespace

absl::StatusOr<std::vector<v1::SchoolEct>> SchoolEcts::List(const std::string& school_urn) {
  if (school_urn.empty()) return absl::InvalidArgumentError("school_urn is required");
  return Query(school_urn, "");
}

absl::StatusOr<v1::SchoolEct> SchoolEcts::Get(const std::string& school_urn,
                                              const std::string& id) {
  if (school_urn.empty() || !IsUuid(id)) return absl::NotFoundError("no such ECT at this school");
  absl::StatusOr<std::vector<v1::SchoolEct>> found = Query(school_urn, id);
  if (!found.ok()) return found.status();
  if (found->empty()) return absl::NotFoundError("no such ECT at this school");
  return found->front();
}

absl::StatusOr<std::vector<v1::SchoolEct>> SchoolEcts::Query(const std::string& school_urn,
                                                             const std::string& id) {
  const absl::CivilDay today = today_();
  const std::string today_text =
      absl::StrFormat("%04d-%02d-%02d", today.year(), today.month(), today.day());
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::SchoolEct>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        "SELECT e.id, t.trn, coalesce(t.corrected_name, t.trs_first_name || ' ' || "
        "t.trs_last_name), coalesce(e.email::text, ''), e.started_on::text, e.finished_on::text, "
        "coalesce(t.trs_induction_status::text, ''), "
        "(SELECT tp.training_programme::text FROM training_periods tp "
        "  WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), "
        "coalesce((SELECT tp.deferred_at IS NOT NULL FROM training_periods tp "
        "  WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), false), "
        "coalesce((SELECT tp.withdrawn_at IS NOT NULL FROM training_periods tp "
        "  WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), false), "
        "(SELECT coalesce(mt.corrected_name, mt.trs_first_name || ' ' || mt.trs_last_name) "
        "   FROM mentorship_periods m JOIN teachers mt ON mt.id = m.mentor_teacher_id "
        "  WHERE m.ect_at_school_period_id = e.id AND m.started_on <= $2::date "
        "    AND (m.finished_on IS NULL OR m.finished_on >= $2::date) LIMIT 1) "
        "FROM ect_at_school_periods e JOIN teachers t ON t.id = e.teacher_id "
        "WHERE e.school_urn = $1 AND (e.finished_on IS NULL OR e.finished_on >= $2::date) "
        "AND ($3 = '' OR e.id = NULLIF($3, '')::uuid) "
        "ORDER BY e.started_on DESC, e.created_at DESC",
        school_urn, today_text, id);
    std::vector<v1::SchoolEct> ects;
    for (const pqxx::row& row : rows) {
      v1::SchoolEct ect;
      ect.set_id(row[0].as<std::string>());
      ect.set_trn(row[1].as<std::string>());
      ect.set_name(row[2].as<std::string>());
      ect.set_email(row[3].as<std::string>());
      ect.set_start_date(wizard::FormatDisplayDate(Day(row[4].as<std::string>())));
      ect.set_training_programme(row[7].is_null() ? "" : row[7].as<std::string>());
      if (!row[10].is_null()) ect.set_mentor_name(row[10].as<std::string>());
      wizard::EctStatusFacts facts;
      facts.today = today;
      facts.has_current_mentor = !row[10].is_null();
      facts.induction_status = InductionFrom(row[6].as<std::string>());
      if (!row[5].is_null()) facts.finished_on = Day(row[5].as<std::string>());
      facts.training_deferred = row[8].as<bool>();
      facts.training_withdrawn = row[9].as<bool>();
      const wizard::EctStatus status = wizard::DeriveEctStatus(facts);
      ect.set_status_tag(std::string(wizard::EctStatusTag(status)));
      if (status == wizard::EctStatus::kMentorRequired) {
        ect.set_status_text(absl::StrCat("A mentor needs to be assigned to ", ect.name()));
      }
      ects.push_back(std::move(ect));
    }
    return ects;
  });
}

}  // namespace rect::registration
