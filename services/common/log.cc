#include "services/common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace rect::log {
namespace {

std::mutex& WriteMutex() {
  static std::mutex mu;
  return mu;
}

std::string& ServiceName() {
  static std::string name = "rect";
  return name;
}

std::atomic<int> min_level{static_cast<int>(Level::kInfo)};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void SetService(std::string service) { ServiceName() = std::move(service); }

void SetMinLevel(Level level) { min_level = static_cast<int>(level); }

std::string Format(Level level, absl::string_view message, const Fields& fields) {
  boost::json::object line;
  line["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["service"] = ServiceName();
  line["msg"] = boost::json::string(message.data(), message.size());
  for (const Field& field : fields) line[field.key] = field.value;
  return boost::json::serialize(line);
}

void Write(Level level, absl::string_view message, const Fields& fields) {
  if (static_cast<int>(level) < min_level) return;
  std::string text = Format(level, message, fields);
  text.push_back('\n');
  std::lock_guard<std::mutex> lock(WriteMutex());
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace rect::log
