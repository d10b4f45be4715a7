#include "services/registration/school_counts.h"

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status.h"
#include "services/common/tokens.h"

namespace rect::registration {
namespace {

constexpr int kMaxUrns = 1000;

bool IsUrn(const std::string& urn) {
  if (urn.empty() || urn.size() > 7 || urn[0] == '0') return false;
  for (char c : urn) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The URNs as a PostgreSQL text[] literal (digits only, so nothing needs quoting), or
// INVALID_ARGUMENT.
absl::StatusOr<std::string> UrnArray(const google::protobuf::RepeatedPtrField<std::string>& urns) {
  if (urns.size() > kMaxUrns) {
    return absl::InvalidArgumentError(absl::StrCat("at most ", kMaxUrns, " school_urns"));
  }
  for (const std::string& urn : urns) {
    if (!IsUrn(urn)) return absl::InvalidArgumentError("school_urns must be URNs without leading zeros");
  }
  return absl::StrCat("{", absl::StrJoin(urns, ","), "}");
}

// Ongoing, not withdrawn or deferred, provider-led training in the year (with one lead
// provider when $3 is set) of someone whose period at the school is ongoing too. $1 year,
// $2 urn (from the outer query), $3 lead provider id or ''.
constexpr char kActiveTraining[] =
    "t.training_programme = 'provider_led' AND t.contract_period_year = $1 "
    "AND t.withdrawn_at IS NULL AND t.deferred_at IS NULL "
    "AND (t.finished_on IS NULL OR t.finished_on >= current_date) "
    "AND ($3 = '' OR t.lead_provider_id::text = $3) ";

}  // namespace

grpc::Status SchoolCountsServiceImpl::CountParticipants(grpc::ServerContext*,
                                                        const v1::CountParticipantsRequest* request,
                                                        v1::CountParticipantsResponse* response) {
  absl::StatusOr<std::string> urns = UrnArray(request->school_urns());
  if (!urns.ok()) return ToGrpcStatus(urns.status());
  if (!request->lead_provider_id().empty() && !IsUuid(request->lead_provider_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "lead_provider_id must be a UUID");
  }
  const std::string sql = absl::StrCat(
      "SELECT u.urn, "
      "(SELECT count(DISTINCT e.teacher_id) FROM ect_at_school_periods e "
      " JOIN training_periods t ON t.ect_at_school_period_id = e.id "
      " WHERE e.school_urn = u.urn AND (e.finished_on IS NULL OR e.finished_on >= current_date) "
      " AND ", kActiveTraining, "), "
      "(SELECT count(DISTINCT m.teacher_id) FROM mentor_at_school_periods m "
      " JOIN training_periods t ON t.mentor_at_school_period_id = m.id "
      " WHERE m.school_urn = u.urn AND (m.finished_on IS NULL OR m.finished_on >= current_date) "
      " AND ", kActiveTraining, ") "
      "FROM unnest($2::text[]) WITH ORDINALITY AS u(urn, n) ORDER BY u.n");
  const std::string lead_provider = absl::AsciiStrToLower(request->lead_provider_id());
  absl::Status status = pool_.Run([&](pqxx::connection& c) -> absl::Status {
    pqxx::read_transaction txn(c);
    for (const pqxx::row& row : txn.exec_params(sql, request->cohort(), *urns, lead_provider)) {
      v1::SchoolParticipantCounts* counts = response->add_counts();
      counts->set_school_urn(row[0].as<std::string>());
      counts->set_ects(row[1].as<int>());
      counts->set_mentors(row[2].as<int>());
    }
    return absl::OkStatus();
  });
  return ToGrpcStatus(status);
}

grpc::Status SchoolCountsServiceImpl::GetInductionTutors(
    grpc::ServerContext*, const v1::GetInductionTutorsRequest* request,
    v1::GetInductionTutorsResponse* response) {
  absl::StatusOr<std::string> urns = UrnArray(request->school_urns());
  if (!urns.ok()) return ToGrpcStatus(urns.status());
  absl::Status status = pool_.Run([&](pqxx::connection& c) -> absl::Status {
    pqxx::read_transaction txn(c);
    for (const pqxx::row& row : txn.exec_params(
             "SELECT school_urn, induction_tutor_name, induction_tutor_email::text FROM schools "
             "WHERE school_urn = ANY($1::text[]) AND induction_tutor_email IS NOT NULL "
             "ORDER BY school_urn",
             *urns)) {
      v1::InductionTutor* tutor = response->add_induction_tutors();
      tutor->set_school_urn(row[0].as<std::string>());
      tutor->set_name(row[1].as<std::string>());
      tutor->set_email(row[2].as<std::string>());
    }
    return absl::OkStatus();
  });
  return ToGrpcStatus(status);
}

}  // namespace rect::registration
