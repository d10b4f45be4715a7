// Structured logging: one JSON object per line on stderr with time, level, service and
// message, plus caller-supplied fields. Never pass secrets, tokens, dates of birth or NINOs.
#pragma once

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

namespace rect::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// One extra key of a log line; converts implicitly from strings, numbers and booleans.
struct Field {
  template <typename T>
  Field(std::string k, T&& v) : key(std::move(k)), value(Convert(std::forward<T>(v))) {}

  std::string key;
  boost::json::value value;

 private:
  static boost::json::value Convert(absl::string_view v) {
    return boost::json::string(v.data(), v.size());
  }
  static boost::json::value Convert(const std::string& v) { return boost::json::string(v); }
  static boost::json::value Convert(const char* v) { return boost::json::string(v); }
  static boost::json::value Convert(bool v) { return v; }
  static boost::json::value Convert(int v) { return v; }
  static boost::json::value Convert(int64_t v) { return v; }
  static boost::json::value Convert(uint64_t v) { return v; }
  static boost::json::value Convert(double v) { return v; }
};

using Fields = std::vector<Field>;

// Names the process in every line; call once at start-up.
void SetService(std::string service);
// Lines below this level are dropped (default kInfo).
void SetMinLevel(Level level);

// Builds the line without writing it (exposed for tests).
std::string Format(Level level, absl::string_view message, const Fields& fields);
void Write(Level level, absl::string_view message, const Fields& fields = {});

inline void Info(absl::string_view message, const Fields& fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warning(absl::string_view message, const Fields& fields = {}) {
  Write(Level::kWarning, message, fields);
}
inline void Error(absl::string_view message, const Fields& fields = {}) {
  Write(Level::kError, message, fields);
}

}  // namespace rect::log
