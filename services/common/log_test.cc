#include "services/common/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace rect::log {
namespace {

TEST(Log, FormatsOneJsonObjectWithStandardAndExtraFields) {
  SetService("identity");
  const std::string line =
      Format(Level::kWarning, "rpc \"done\"\n", {{"method", "/x.Y/Z"}, {"duration_ms", 1.5}});
  EXPECT_EQ(line.find('\n'), std::string::npos) << "a log entry must stay on one line";
  const boost::json::object parsed = boost::json::parse(line).as_object();
  EXPECT_EQ(parsed.at("level").as_string(), "warning");
  EXPECT_EQ(parsed.at("service").as_string(), "identity");
  EXPECT_EQ(parsed.at("msg").as_string(), "rpc \"done\"\n");
  EXPECT_EQ(parsed.at("method").as_string(), "/x.Y/Z");
  EXPECT_DOUBLE_EQ(parsed.at("duration_ms").as_double(), 1.5);
  const std::string time(parsed.at("time").as_string());
  ASSERT_EQ(time.size(), 24u);  // 2026-01-02T03:04:05.678Z
  EXPECT_EQ(time.back(), 'Z');
}

TEST(Log, KeepsTheKeyOrderAndEscapesKeysAndValues) {
  SetService("gateway");
  const std::string line = Format(Level::kInfo, "m", {{"a\"b", "x\ny"}, {"n", 3}, {"ok", true}});
  const std::regex expected(
      R"(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"info","service":"gateway",)"
      R"("msg":"m","a\\"b":"x\\ny","n":3,"ok":true\})");
  EXPECT_TRUE(std::regex_match(line, expected)) << line;
}

TEST(Log, AFieldRepeatingAKeyReplacesItsValueInPlace) {
  SetService("gateway");
  const std::string line =
      Format(Level::kError, "m", {{"msg", "replaced"}, {"k", 1}, {"k", 2}, {"level", "x"}});
  const std::regex expected(
      R"(\{"time":"[^"]{24}","level":"x","service":"gateway","msg":"replaced","k":2\})");
  EXPECT_TRUE(std::regex_match(line, expected)) << line;
}

// Redirects stderr (fd 2) to a file while alive; Release() restores it and returns the text.
class StderrCapture {
 public:
  StderrCapture() : path_(std::string(std::getenv("TEST_TMPDIR")) + "/log_test_stderr.log") {
    std::fflush(stderr);
    saved_ = dup(2);
    const int file = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(file, 2);
    close(file);
  }
  ~StderrCapture() { Release(); }

  std::string Release() {
    if (saved_ >= 0) {
      dup2(saved_, 2);
      close(saved_);
      saved_ = -1;
    }
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::string path_;
  int saved_ = -1;
};

TEST(Log, EveryLineFromManyThreadsIsWrittenWholeBeforeWriteReturnsInTheEnd) {
  SetService("gateway");
  constexpr int kThreads = 8;
  constexpr int kLines = 2000;
  StderrCapture capture;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kLines; ++i) Info("line", {{"thread", t}, {"i", i}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string text = capture.Release();

  std::vector<int> next(kThreads, 0);
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    const boost::json::object parsed = boost::json::parse(line).as_object();
    const int thread = static_cast<int>(parsed.at("thread").as_int64());
    // Each thread's lines arrive in the order it wrote them.
    EXPECT_EQ(parsed.at("i").as_int64(), next[thread]++) << line;
    ++count;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

TEST(Log, LinesBelowTheMinimumLevelAreDropped) {
  StderrCapture capture;
  SetMinLevel(Level::kWarning);
  Info("dropped");
  Warning("kept");
  SetMinLevel(Level::kInfo);
  const std::string text = capture.Release();
  EXPECT_EQ(text.find("dropped"), std::string::npos);
  EXPECT_NE(text.find("kept"), std::string::npos);
}

}  // namespace
}  // namespace rect::log
