#include "services/common/log.h"

#include <boost/json/parse.hpp>
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

}  // namespace
}  // namespace rect::log
