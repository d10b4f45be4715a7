#include "services/registration/transfers.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/common/tokens.h"

namespace rect::registration {
namespace {

// gRPC metadata the gateway adds outside production to run a request at another instant.
constexpr char kServerDateMetadata[] = "x-with-server-date";

const absl::TimeZone& London() {
  static const absl::TimeZone* const kLondon = [] {
    auto* zone = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/London", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return *kLondon;
}

std::optional<absl::CivilDay> DayOf(const pqxx::field& field) {
  absl::CivilDay day;
  if (field.is_null() || !absl::ParseCivilTime(field.as<std::string>(), &day)) return std::nullopt;
  return day;
}

std::string TextOf(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

void SetDay(common::v1::Date* out, absl::CivilDay day) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

void SetTime(common::v1::Timestamp* out, absl::Time time) {
  out->set_seconds(absl::ToUnixSeconds(time));
}

const TrainingStint* Latest(const SchoolStint& stint) {
  const TrainingStint* latest = nullptr;
  for (const TrainingStint& t : stint.training) {
    if (latest == nullptr || t.started_on > latest->started_on) latest = &t;
  }
  return latest;
}

const TrainingStint* Earliest(const SchoolStint& stint) {
  const TrainingStint* earliest = nullptr;
  for (const TrainingStint& t : stint.training) {
    if (earliest == nullptr || t.started_on < earliest->started_on) earliest = &t;
  }
  return earliest;
}

// Teachers with a training period of the provider ($1) and a period at a school with an end
// (only they can have a transfer involving it); $2 narrows to one teacher when not empty.
constexpr char kCandidates[] = R"sql(
candidates AS (
  SELECT DISTINCT x.teacher_id FROM (
    SELECT e.teacher_id FROM training_periods t
      JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
     WHERE t.lead_provider_id = $1::uuid
    UNION ALL
    SELECT m.teacher_id FROM training_periods t
      JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
     WHERE t.lead_provider_id = $1::uuid) x
   WHERE ($2 = '' OR x.teacher_id::text = $2)
     AND (EXISTS (SELECT 1 FROM ect_at_school_periods f
                   WHERE f.teacher_id = x.teacher_id AND f.finished_on IS NOT NULL)
          OR EXISTS (SELECT 1 FROM mentor_at_school_periods f
                      WHERE f.teacher_id = x.teacher_id AND f.finished_on IS NOT NULL)))
)sql";

constexpr char kTrainingColumns[] =
    "tr.started_on::text, tr.finished_on::text, tr.lead_provider_id::text, "
    "coalesce(alp.lead_provider_name, (SELECT n.name FROM lead_provider_names n "
    "WHERE n.id = tr.lead_provider_id)), floor(extract(epoch FROM tr.created_at))::bigint, "
    "floor(extract(epoch FROM tr.updated_at))::bigint";

}  // namespace

const char* TransferTypeName(TransferType type) {
  switch (type) {
    case TransferType::kNewSchool:
      return "new_school";
    case TransferType::kNewProvider:
      return "new_provider";
    case TransferType::kUnknown:
      break;
  }
  return "unknown";
}

std::vector<DerivedTransfer> TransfersOf(std::vector<SchoolStint> stints, bool completed_induction,
                                         const std::string& lead_provider_id,
                                         absl::CivilDay today) {
  std::stable_sort(stints.begin(), stints.end(), [](const SchoolStint& a, const SchoolStint& b) {
    return a.started_on < b.started_on;
  });
  std::vector<DerivedTransfer> transfers;
  for (size_t i = 0; i < stints.size(); ++i) {
    const SchoolStint& stint = stints[i];
    const SchoolStint* next = i + 1 < stints.size() ? &stints[i + 1] : nullptr;
    if (!stint.finished_on.has_value()) continue;
    const TrainingStint* leaving = Latest(stint);
    if (leaving == nullptr || !leaving->finished_on.has_value()) continue;
    if (next != nullptr && next->school_urn == stint.school_urn) continue;
    if (next == nullptr && completed_induction) continue;
    const TrainingStint* joining = next != nullptr ? Earliest(*next) : nullptr;
    const bool involved =
        (!leaving->lead_provider_id.empty() && leaving->lead_provider_id == lead_provider_id) ||
        (joining != nullptr && !joining->lead_provider_id.empty() &&
         joining->lead_provider_id == lead_provider_id);
    if (!involved) continue;
    DerivedTransfer transfer;
    transfer.type = joining == nullptr ? TransferType::kUnknown
                    : leaving->lead_provider_id != joining->lead_provider_id
                        ? TransferType::kNewProvider
                        : TransferType::kNewSchool;
    transfer.complete =
        !(*leaving->finished_on > today || (joining != nullptr && joining->started_on > today));
    transfer.leaving_school_urn = stint.school_urn;
    transfer.leaving = *leaving;
    transfer.updated_at = leaving->updated_at;
    if (next != nullptr) transfer.joining_school_urn = next->school_urn;
    if (joining != nullptr) {
      transfer.joining = *joining;
      transfer.updated_at = std::max(transfer.updated_at, joining->updated_at);
    }
    transfers.push_back(std::move(transfer));
  }
  return transfers;
}

absl::StatusOr<std::vector<v1::ParticipantTransfers>> TransfersStore::Load(
    const std::string& lead_provider_id, const std::optional<std::string>& teacher_id,
    absl::CivilDay today) {
  return pool_.Run([&](pqxx::connection& c)
                       -> absl::StatusOr<std::vector<v1::ParticipantTransfers>> {
    pqxx::read_transaction txn(c);
    struct Teacher {
      std::string ect_record_id;
      std::string mentor_record_id;
      absl::Time created_at;
      bool completed_induction = false;
      // role ("ect"/"mentor") -> period id -> stint
      std::map<std::string, std::map<std::string, SchoolStint>> stints;
    };
    std::map<std::string, Teacher> teachers;
    const std::string one = teacher_id.value_or("");
    for (const pqxx::row& row : txn.exec_params(
             absl::StrCat("WITH ", kCandidates,
                          " SELECT tc.id, tc.api_ect_training_record_id, "
                          "tc.api_mentor_training_record_id, "
                          "floor(extract(epoch FROM tc.created_at))::bigint, "
                          "(tc.trs_induction_completed_date IS NOT NULL OR coalesce(tc.trs_induction_status "
                          "IN ('Passed', 'Failed', 'FailedInWales', 'Exempt'), false)) "
                          "FROM candidates c JOIN teachers tc ON tc.id = c.teacher_id"),
             lead_provider_id, one)) {
      Teacher& t = teachers[row[0].as<std::string>()];
      t.ect_record_id = row[1].as<std::string>();
      t.mentor_record_id = row[2].as<std::string>();
      t.created_at = absl::FromUnixSeconds(row[3].as<int64_t>());
      t.completed_induction = row[4].as<bool>();
    }
    if (teachers.empty()) return std::vector<v1::ParticipantTransfers>();
    const std::string periods = absl::StrCat(
        "WITH ", kCandidates,
        " SELECT 'ect', p.teacher_id, p.id, p.school_urn, p.started_on::text, "
        "p.finished_on::text, ", kTrainingColumns,
        " FROM candidates c JOIN ect_at_school_periods p ON p.teacher_id = c.teacher_id "
        "LEFT JOIN training_periods tr ON tr.ect_at_school_period_id = p.id "
        "LEFT JOIN active_lead_providers alp ON alp.lead_provider_id = tr.lead_provider_id "
        "AND alp.contract_period_year = tr.contract_period_year "
        "UNION ALL SELECT 'mentor', p.teacher_id, p.id, p.school_urn, p.started_on::text, "
        "p.finished_on::text, ", kTrainingColumns,
        " FROM candidates c JOIN mentor_at_school_periods p ON p.teacher_id = c.teacher_id "
        "LEFT JOIN training_periods tr ON tr.mentor_at_school_period_id = p.id "
        "LEFT JOIN active_lead_providers alp ON alp.lead_provider_id = tr.lead_provider_id "
        "AND alp.contract_period_year = tr.contract_period_year");
    for (const pqxx::row& row : txn.exec_params(periods, lead_provider_id, one)) {
      auto found = teachers.find(row[1].as<std::string>());
      if (found == teachers.end()) continue;
      SchoolStint& stint = found->second.stints[row[0].as<std::string>()][row[2].as<std::string>()];
      stint.school_urn = row[3].as<std::string>();
      stint.started_on = *DayOf(row[4]);
      stint.finished_on = DayOf(row[5]);
      if (row[6].is_null()) continue;  // no training in this period
      TrainingStint training;
      training.started_on = *DayOf(row[6]);
      training.finished_on = DayOf(row[7]);
      training.lead_provider_id = TextOf(row[8]);
      training.lead_provider_name = TextOf(row[9]);
      training.created_at = absl::FromUnixSeconds(row[10].as<int64_t>());
      training.updated_at = absl::FromUnixSeconds(row[11].as<int64_t>());
      stint.training.push_back(std::move(training));
    }
    std::vector<v1::ParticipantTransfers> out;
    for (auto& [id, teacher] : teachers) {
      std::vector<std::pair<DerivedTransfer, const std::string*>> all;
      for (auto& [role, by_period] : teacher.stints) {
        std::vector<SchoolStint> stints;
        for (auto& [period_id, stint] : by_period) stints.push_back(std::move(stint));
        const std::string* record =
            role == "ect" ? &teacher.ect_record_id : &teacher.mentor_record_id;
        for (DerivedTransfer& transfer :
             TransfersOf(std::move(stints), teacher.completed_induction, lead_provider_id, today)) {
          all.emplace_back(std::move(transfer), record);
        }
      }
      if (all.empty()) continue;
      // Both roles together, oldest leaving training first.
      std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.first.leaving.started_on < b.first.leaving.started_on;
      });
      v1::ParticipantTransfers participant;
      participant.set_id(id);
      absl::Time updated_at = absl::InfinitePast();
      for (const auto& [transfer, record] : all) {
        v1::Transfer* t = participant.add_transfers();
        t->set_training_record_id(*record);
        t->set_transfer_type(TransferTypeName(transfer.type));
        t->set_status(transfer.complete ? "complete" : "incomplete");
        t->mutable_leaving()->set_school_urn(transfer.leaving_school_urn);
        t->mutable_leaving()->set_provider(transfer.leaving.lead_provider_name);
        SetDay(t->mutable_leaving()->mutable_date(), *transfer.leaving.finished_on);
        if (transfer.joining.has_value()) {
          t->mutable_joining()->set_school_urn(*transfer.joining_school_urn);
          t->mutable_joining()->set_provider(transfer.joining->lead_provider_name);
          SetDay(t->mutable_joining()->mutable_date(), transfer.joining->started_on);
        }
        SetTime(t->mutable_created_at(), transfer.leaving.created_at);
        updated_at = std::max(updated_at, transfer.updated_at);
      }
      SetTime(participant.mutable_updated_at(), updated_at);
      SetTime(participant.mutable_created_at(), teacher.created_at);
      out.push_back(std::move(participant));
    }
    return out;
  });
}

absl::StatusOr<std::vector<v1::ParticipantTransfers>> TransfersStore::List(
    const TransfersQuery& query, absl::CivilDay today) {
  ASSIGN_OR_RETURN(std::vector<v1::ParticipantTransfers> all,
                   Load(query.lead_provider_id, std::nullopt, today));
  if (query.updated_since.has_value()) {
    const int64_t since = absl::ToUnixSeconds(*query.updated_since);
    all.erase(std::remove_if(all.begin(), all.end(),
                             [since](const v1::ParticipantTransfers& p) {
                               return p.updated_at().seconds() < since;
                             }),
              all.end());
  }
  std::vector<TransfersQuery::Sort> sort = query.sort;
  if (sort.empty()) sort.push_back({});
  std::sort(all.begin(), all.end(),
            [&sort](const v1::ParticipantTransfers& a, const v1::ParticipantTransfers& b) {
              for (const TransfersQuery::Sort& s : sort) {
                const int64_t x = s.by_updated_at ? a.updated_at().seconds()
                                                  : a.created_at().seconds();
                const int64_t y = s.by_updated_at ? b.updated_at().seconds()
                                                  : b.created_at().seconds();
                if (x != y) return s.descending ? x > y : x < y;
              }
              return a.id() < b.id();
            });
  std::vector<v1::ParticipantTransfers> page;
  for (int64_t i = query.offset; i < static_cast<int64_t>(all.size()) &&
                                 i < query.offset + query.limit;
       ++i) {
    page.push_back(std::move(all[static_cast<size_t>(i)]));
  }
  return page;
}

absl::StatusOr<v1::ParticipantTransfers> TransfersStore::Get(const std::string& lead_provider_id,
                                                             const std::string& id,
                                                             absl::CivilDay today) {
  if (!IsUuid(id)) return absl::NotFoundError("not found");
  ASSIGN_OR_RETURN(std::vector<v1::ParticipantTransfers> found,
                   Load(lead_provider_id, absl::AsciiStrToLower(id), today));
  if (found.empty()) return absl::NotFoundError("not found");
  return std::move(found.front());
}

absl::CivilDay TransfersServiceImpl::Today(const grpc::ServerContext& context) const {
  absl::Time now = now_();
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(kServerDateMetadata);
  if (found != metadata.end()) {
    const std::string value(found->second.data(), found->second.size());
    absl::Time time;
    std::string error;
    if (absl::ParseTime(absl::RFC3339_full, value, &time, &error)) now = time;
  }
  return absl::ToCivilDay(now, London());
}

grpc::Status TransfersServiceImpl::ListTransfers(grpc::ServerContext* context,
                                                 const v1::ListTransfersRequest* request,
                                                 v1::ListTransfersResponse* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "lead_provider_id must be a UUID");
  }
  TransfersQuery query;
  query.lead_provider_id = absl::AsciiStrToLower(request->lead_provider_id());
  if (request->has_updated_since()) {
    query.updated_since = absl::FromUnixSeconds(request->updated_since().seconds());
  }
  for (const v1::ApiSortTerm& term : request->sort()) {
    query.sort.push_back(
        {term.key() == v1::ApiSortTerm::UPDATED_AT, term.descending()});
  }
  const int64_t page = request->page().page() == 0 ? 1 : request->page().page();
  int64_t per_page = request->page().per_page() == 0 ? 100 : request->page().per_page();
  if (page < 1 || per_page < 1) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page and per_page must be positive");
  }
  per_page = std::min<int64_t>(per_page, 3000);
  query.limit = per_page;
  query.offset = (page - 1) * per_page;
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> found = store_.List(query, Today(*context));
  if (!found.ok()) return ToGrpcStatus(found.status());
  for (v1::ParticipantTransfers& p : *found) *response->add_participants() = std::move(p);
  return grpc::Status::OK;
}

grpc::Status TransfersServiceImpl::GetTransfers(grpc::ServerContext* context,
                                                const v1::GetTransfersRequest* request,
                                                v1::ParticipantTransfers* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "lead_provider_id must be a UUID");
  }
  absl::StatusOr<v1::ParticipantTransfers> found = store_.Get(
      absl::AsciiStrToLower(request->lead_provider_id()), request->id(), Today(*context));
  if (!found.ok()) return ToGrpcStatus(found.status());
  *response = *std::move(found);
  return grpc::Status::OK;
}

}  // namespace rect::registration
