#include "gateway/api/server_date.h"

#include "absl/strings/ascii.h"
#include "absl/time/civil_time.h"

namespace rect::gateway::api {
namespace {

const absl::TimeZone& London() {
  static const absl::TimeZone* zone = [] {
    auto* zone = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/London", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return *zone;
}

}  // namespace

absl::StatusOr<absl::Time> ParseServerDate(absl::string_view raw) {
  const std::string value(absl::StripAsciiWhitespace(raw));
  const absl::Status invalid = absl::InvalidArgumentError(kServerDateError);
  if (value.empty()) return invalid;
  // With an explicit offset ("Z" included) first, then London wall-clock forms.
  static const char* const kWithOffset[] = {"%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d%ET%H:%M%Ez",
                                            "%Y-%m-%d %H:%M:%E*S%Ez", "%Y-%m-%d %H:%M%Ez"};
  static const char* const kLondon[] = {"%Y-%m-%d%ET%H:%M:%E*S", "%Y-%m-%d%ET%H:%M",
                                        "%Y-%m-%d %H:%M:%E*S", "%Y-%m-%d %H:%M", "%Y-%m-%d"};
  absl::Time time;
  bool parsed = false;
  for (const char* format : kWithOffset) {
    if (absl::ParseTime(format, value, &time, nullptr)) {
      parsed = true;
      break;
    }
  }
  for (const char* format : kLondon) {
    if (parsed) break;
    parsed = absl::ParseTime(format, value, London(), &time, nullptr);
  }
  if (!parsed) return invalid;
  const absl::CivilSecond civil = absl::ToCivilSecond(time, absl::UTCTimeZone());
  if (civil.year() < 1900 || civil.year() > 9999) return invalid;
  return absl::FromUnixSeconds(absl::ToUnixSeconds(time));  // sub-seconds dropped
}

std::string FormatServerDate(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

void AddServerDateMetadata(const std::optional<absl::Time>& server_date,
                           grpc::ClientContext* context) {
  if (server_date.has_value()) context->AddMetadata(kServerDateMetadata, FormatServerDate(*server_date));
}

}  // namespace rect::gateway::api
