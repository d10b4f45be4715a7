#include "services/registration/api/partnership_attachment.h"

#include <algorithm>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/log.h"
#include "services/common/tokens.h"
#include "services/registration/api/declaration_rules.h"

namespace rect::registration::api {
namespace {

// Training with an expression of interest only, not finished before $1 (today).
constexpr char kWaiting[] =
    "t.school_partnership_id IS NULL AND t.expression_of_interest_id IS NOT NULL "
    "AND t.training_programme = 'provider_led' "
    "AND (t.finished_on IS NULL OR t.finished_on >= $1::date)";

}  // namespace

bool IsUrn(absl::string_view urn) {
  return !urn.empty() && urn.size() <= 7 && urn[0] != '0' &&
         std::all_of(urn.begin(), urn.end(), [](char c) { return c >= '0' && c <= '9'; });
}

absl::StatusOr<int> PartnershipAttachment::Attach(const std::string& lead_provider_id, int year,
                                                  const std::vector<YearPartnership>& partnerships,
                                                  absl::Time now) {
  const std::string today = absl::FormatCivilTime(absl::ToCivilDay(now, LondonTimeZone()));
  const int64_t at = absl::ToUnixSeconds(now);
  // One partnership per school and year for a provider; the first is kept if there were more.
  std::vector<std::string> urns, ids, delivery_partners;
  std::set<std::string> seen;
  for (const YearPartnership& p : partnerships) {
    if (!IsUuid(p.id) || (!p.delivery_partner_id.empty() && !IsUuid(p.delivery_partner_id)) ||
        !IsUrn(p.school_urn) || !seen.insert(p.school_urn).second) {
      continue;
    }
    urns.push_back(p.school_urn);
    ids.push_back(p.id);
    delivery_partners.push_back(p.delivery_partner_id.empty() ? "NULL" : p.delivery_partner_id);
  }
  if (urns.empty()) return 0;
  absl::StatusOr<int> changed = pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int> {
    const pqxx::result rows = txn.exec_params(
        absl::StrCat(
            "WITH p AS (SELECT unnest($4::text[]) AS urn, unnest($5::uuid[]) AS id, "
            "unnest($6::uuid[]) AS delivery_partner_id) "
            "UPDATE training_periods t SET school_partnership_id = p.id, "
            "delivery_partner_id = p.delivery_partner_id, updated_at = to_timestamp($7::bigint) "
            "FROM p, (SELECT id, teacher_id, school_urn FROM ect_at_school_periods UNION ALL "
            "SELECT id, teacher_id, school_urn FROM mentor_at_school_periods) s "
            "WHERE s.id = coalesce(t.ect_at_school_period_id, t.mentor_at_school_period_id) "
            "AND s.school_urn = p.urn AND t.lead_provider_id = $2::uuid "
            "AND t.contract_period_year = $3 AND ",
            kWaiting, " RETURNING s.teacher_id"),
        today, lead_provider_id, year, absl::StrCat("{", absl::StrJoin(urns, ","), "}"),
        absl::StrCat("{", absl::StrJoin(ids, ","), "}"),
        absl::StrCat("{", absl::StrJoin(delivery_partners, ","), "}"), at);
    // Training already on a partnership shows its current delivery partner (a PUT may have
    // changed it); declarations keep the one they were made with.
    const pqxx::result moved = txn.exec_params(
        "WITH p AS (SELECT unnest($2::uuid[]) AS id, unnest($3::uuid[]) AS delivery_partner_id) "
        "UPDATE training_periods t SET delivery_partner_id = p.delivery_partner_id, "
        "updated_at = to_timestamp($4::bigint) "
        "FROM p, (SELECT id, teacher_id FROM ect_at_school_periods UNION ALL "
        "SELECT id, teacher_id FROM mentor_at_school_periods) s "
        "WHERE t.school_partnership_id = p.id AND t.lead_provider_id = $1::uuid "
        "AND t.delivery_partner_id IS DISTINCT FROM p.delivery_partner_id "
        "AND s.id = coalesce(t.ect_at_school_period_id, t.mentor_at_school_period_id) "
        "RETURNING s.teacher_id",
        lead_provider_id, absl::StrCat("{", absl::StrJoin(ids, ","), "}"),
        absl::StrCat("{", absl::StrJoin(delivery_partners, ","), "}"), at);
    // The participants now appear to the provider (or show another delivery partner): an
    // API-visible change.
    std::set<std::string> teachers;
    for (const pqxx::row& row : rows) teachers.insert(row[0].as<std::string>());
    for (const pqxx::row& row : moved) teachers.insert(row[0].as<std::string>());
    for (const std::string& teacher : teachers) {
      txn.exec_params(
          "UPDATE teachers SET updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
          teacher, at);
    }
    return static_cast<int>(rows.size());
  });
  return changed;
}

absl::StatusOr<int> PartnershipAttachment::RunOnce(absl::Time now) {
  const std::string today = absl::FormatCivilTime(absl::ToCivilDay(now, LondonTimeZone()));
  absl::StatusOr<std::vector<std::pair<std::string, int>>> years =
      pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<std::pair<std::string, int>>> {
        pqxx::read_transaction txn(c);
        std::vector<std::pair<std::string, int>> found;
        for (const pqxx::row& row : txn.exec_params(
                 absl::StrCat("SELECT DISTINCT t.lead_provider_id, t.contract_period_year "
                              "FROM training_periods t WHERE ",
                              kWaiting, " ORDER BY 1, 2"),
                 today)) {
          found.emplace_back(row[0].as<std::string>(), row[1].as<int>());
        }
        return found;
      });
  if (!years.ok()) return years.status();
  int attached = 0;
  absl::Status first_error;
  for (const auto& [lead_provider_id, year] : *years) {
    absl::StatusOr<std::vector<YearPartnership>> partnerships =
        partnerships_.ListOfYear(lead_provider_id, year);
    if (!partnerships.ok()) {
      if (first_error.ok()) first_error = partnerships.status();
      continue;
    }
    absl::StatusOr<int> changed = Attach(lead_provider_id, year, *partnerships, now);
    if (!changed.ok()) {
      if (first_error.ok()) first_error = changed.status();
      continue;
    }
    attached += *changed;
  }
  if (!first_error.ok()) return first_error;
  return attached;
}

void PartnershipAttachmentJob::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void PartnershipAttachmentJob::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PartnershipAttachmentJob::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    absl::StatusOr<int> attached = attachment_.RunOnce(absl::Now());
    if (!attached.ok()) {
      log::Warning("attaching training to partnerships failed",
                   {{"status", attached.status().ToString()}});
    } else if (*attached > 0) {
      log::Info("training joined partnerships", {{"training_periods", *attached}});
    }
    lock.lock();
    wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace rect::registration::api
