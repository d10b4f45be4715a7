#include "services/common/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <mutex>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace rect::log {
namespace {

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

// Writes `text` (whole lines) to stderr, retrying short writes and interrupted calls. Each call
// carries whole lines and at most PIPE_BUF bytes when it can, so that on a pipe no other
// writer's line lands inside one of these.
void WriteAll(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.size();
    if (end - start > PIPE_BUF) {
      const size_t cut = text.rfind('\n', start + PIPE_BUF - 1);
      end = cut != std::string::npos && cut >= start ? cut + 1 : text.find('\n', start) + 1;
      if (end == 0) end = text.size();
    }
    while (start < end) {
      const ssize_t n = ::write(STDERR_FILENO, text.data() + start, end - start);
      if (n < 0) {
        if (errno == EINTR) continue;
        return;  // nowhere else to report it
      }
      start += static_cast<size_t>(n);
    }
  }
}

// Writes lines without making callers queue for stderr: a caller that finds another thread
// writing leaves its line for that thread, which writes everything left before it returns.
// So a line is on stderr by the time Write returns unless another thread is writing it, lines
// from one thread keep their order, and a busy server writes many lines per system call.
class Writer {
 public:
  void Add(std::string text) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (pending_.empty()) {
        pending_ = std::move(text);
      } else {
        pending_.append(text);
      }
    }
    for (;;) {
      if (!io_mu_.try_lock()) return;  // the thread writing will take this line too
      std::string batch;
      {
        std::lock_guard<std::mutex> lock(mu_);
        batch.swap(pending_);
      }
      if (!batch.empty()) WriteAll(batch);
      io_mu_.unlock();
      // A line left while this thread held io_mu_ is this thread's to write.
      std::lock_guard<std::mutex> lock(mu_);
      if (pending_.empty()) return;
    }
  }

 private:
  std::mutex mu_;
  std::string pending_;  // guarded by mu_: lines not yet taken by a writing thread
  std::mutex io_mu_;     // held by the thread writing to stderr
};

Writer& TheWriter() {
  static Writer* const writer = new Writer();  // never destroyed: threads may log at exit
  return *writer;
}

// "2026-01-02T03:04:05" for the current second, formatted once a second per thread.
void AppendTime(std::string& out) {
  thread_local int64_t cached_second = INT64_MIN;
  thread_local std::string cached;
  const absl::Time now = absl::Now();
  const int64_t millis = absl::ToUnixMillis(now);
  int64_t second = millis / 1000;
  int64_t milli = millis % 1000;
  if (milli < 0) {
    milli += 1000;
    --second;
  }
  if (second != cached_second) {
    cached = absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second),
                              absl::UTCTimeZone());
    cached_second = second;
  }
  out.append(cached);
  const char fraction[] = {'.', static_cast<char>('0' + milli / 100),
                           static_cast<char>('0' + milli / 10 % 10),
                           static_cast<char>('0' + milli % 10), 'Z'};
  out.append(fraction, sizeof(fraction));
}

bool IsStandardKey(const std::string& key) {
  return key == "time" || key == "level" || key == "service" || key == "msg";
}

// A field repeating a standard key or an earlier field replaces that value in place.
bool HasRepeatedKey(const Fields& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (IsStandardKey(fields[i].key)) return true;
    for (size_t j = 0; j < i; ++j) {
      if (fields[i].key == fields[j].key) return true;
    }
  }
  return false;
}

std::string FormatAsObject(Level level, absl::string_view message, const Fields& fields) {
  std::string time;
  AppendTime(time);
  boost::json::object line;
  line["time"] = time;
  line["level"] = LevelName(level);
  line["service"] = ServiceName();
  line["msg"] = boost::json::string(message.data(), message.size());
  for (const Field& field : fields) line[field.key] = field.value;
  return boost::json::serialize(line);
}

}  // namespace

void SetService(std::string service) { ServiceName() = std::move(service); }

void SetMinLevel(Level level) { min_level = static_cast<int>(level); }

std::string Format(Level level, absl::string_view message, const Fields& fields) {
  if (HasRepeatedKey(fields)) return FormatAsObject(level, message, fields);
  std::string line;
  line.reserve(128 + message.size() + 48 * fields.size());
  line.append("{\"time\":\"");
  AppendTime(line);
  line.append("\",\"level\":\"");
  line.append(LevelName(level));
  line.append("\",\"service\":");
  line.append(boost::json::serialize(boost::json::string_view(ServiceName())));
  line.append(",\"msg\":");
  line.append(boost::json::serialize(boost::json::string_view(message.data(), message.size())));
  for (const Field& field : fields) {
    line.push_back(',');
    line.append(boost::json::serialize(boost::json::string_view(field.key)));
    line.push_back(':');
    line.append(boost::json::serialize(field.value));
  }
  line.push_back('}');
  return line;
}

void Write(Level level, absl::string_view message, const Fields& fields) {
  if (static_cast<int>(level) < min_level) return;
  std::string text = Format(level, message, fields);
  text.push_back('\n');
  TheWriter().Add(std::move(text));
}

}  // namespace rect::log
