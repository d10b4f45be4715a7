// Fuzz target: the Lead Provider API's request-target and query parsing (ParseRequestTarget,
// ApiQuery::Parse, every filter accessor) and the ISO 8601 date-time parser.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "absl/strings/string_view.h"
#include "gateway/api/query.h"
#include "gateway/http/target.h"

namespace api = rect::gateway::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  (void)api::ParseIso8601DateTime(text);
  (void)api::LeadingInteger(text);

  const auto target = rect::gateway::ParseRequestTarget(text);
  if (!target) return 0;
  const api::QueryResult<api::ApiQuery> parsed = api::ApiQuery::Parse(*target);
  const api::ApiQuery* query = std::get_if<api::ApiQuery>(&parsed);
  if (query == nullptr) return 0;

  if (query->pagination().page < 1 || query->pagination().per_page < 1 ||
      query->pagination().per_page > api::kMaxPerPage || query->sort().empty()) {
    __builtin_trap();
  }
  (void)query->pagination().offset();
  for (absl::string_view name : {"cohort", "participant_id", "delivery_partner_id", "urn",
                                 "lead_provider_id", "school_id", "updated_since", "x"}) {
    (void)query->filter(name);
    (void)query->YearsFilter(name);
    (void)query->UuidsFilter(name);
    (void)query->StringsFilter(name);
    (void)query->IntegerFilter(name);
  }
  (void)query->UpdatedSince();
  return 0;
}
