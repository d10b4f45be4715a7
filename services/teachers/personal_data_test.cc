// Dates of birth and National Insurance numbers are used for the TRS call and never kept: after
// look-ups that succeed, mismatch, fail and are refused, plus a snapshot refresh, neither appears
// in any row of any table, nor anywhere in the process's log output.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "services/teachers/snapshot_refresher.h"
#include "services/teachers/testing/teachers_harness.h"

namespace rect::teachers {
namespace {

// Redirects the process's stderr (where every log line goes) to a file until Release().
class StderrCapture {
 public:
  StderrCapture() : path_(std::string(std::getenv("TEST_TMPDIR")) + "/stderr.log") {
    std::fflush(stderr);
    saved_ = dup(2);
    const int file = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(file, 2);
    close(file);
  }
  ~StderrCapture() { Release(); }

  // Restores stderr and returns everything written meanwhile.
  std::string Release() {
    if (saved_ >= 0) {
      std::fflush(stderr);
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

// Every way a date of birth or NINO could be written down; compared case-insensitively.
std::vector<std::string> Needles() {
  std::vector<std::string> needles;
  // Entered 1985-06-02 (wrong), TRS holds 1985-06-20, and the impossible 1985-02-30 was tried.
  for (const char* day : {"02", "20"}) {
    const std::string d = day;
    const std::string short_day = d[0] == '0' ? d.substr(1) : d;
    needles.insert(needles.end(),
                   {"1985-06-" + d, d + "/06/1985", short_day + "/6/1985", "1985-6-" + short_day,
                    "1985/06/" + d, "198506" + d, d + "-06-1985", d + ".06.1985", d + " 06 1985",
                    short_day + " june 1985", "june " + short_day + ", 1985", "06/" + d + "/1985"});
  }
  needles.insert(needles.end(), {"1985-02-30", "30/02/1985"});
  // Kate Dunn's NINO as entered and as TRS holds it, and a refused one.
  needles.insert(needles.end(),
                 {"ab100014a", "ab 10 00 14 a", "ab100099a", "zz100014a", "zz 10 00 14 a"});
  return needles;
}

TEST(PersonalData, NoDateOfBirthOrNinoReachesTheDatabaseOrTheLog) {
  testing::TeachersHarness harness;
  StderrCapture capture;

  v1::FindTeacherResponse response;
  ASSERT_TRUE(harness.Find("7000014", 1985, 6, 2, &response).ok());
  EXPECT_EQ(response.outcome(), v1::FindTeacherResponse::DATE_OF_BIRTH_MISMATCH);
  ASSERT_TRUE(harness.FindByNino("7000014", "ab 10 00 14 a", &response).ok());
  EXPECT_EQ(response.outcome(), v1::FindTeacherResponse::FOUND);
  ASSERT_TRUE(harness.Find("7000014", 1985, 6, 20, &response).ok());
  EXPECT_EQ(response.outcome(), v1::FindTeacherResponse::FOUND);
  EXPECT_EQ(harness.Find("7000014", 1985, 2, 30, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(harness.FindByNino("7000014", "ZZ 10 00 14 A", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(harness.FindByNino("7000099", "AB100099A", &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(harness.Find("7000098", 1985, 6, 2, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  {
    testing::HarnessOptions wrong_key;
    wrong_key.api_key = "wrong";
    testing::TeachersHarness rejected(wrong_key);
    EXPECT_EQ(rejected.FindByNino("7000014", "AB100014A", &response).error_code(),
              grpc::StatusCode::INTERNAL);
  }
  // A registered teacher's snapshot is refreshed from a TRS record holding both.
  ASSERT_TRUE(harness.Track("7000014", "Kate", "Dunn").ok());
  SnapshotRefresher::Options options;
  options.spacing = absl::ZeroDuration();
  ASSERT_EQ(*SnapshotRefresher(harness.store(), harness.trs(), options).RefreshBatch(), 1);

  const std::string log = absl::AsciiStrToLower(capture.Release());
  ASSERT_NE(log.find("/rect.teachers.v1.teachersservice/findteacherbynino"), std::string::npos)
      << "the capture must hold the service's log lines";
  ASSERT_NE(log.find("trs request failed"), std::string::npos);

  // Every row of every table, as text.
  pqxx::connection c(harness.conninfo());
  pqxx::nontransaction txn(c);
  std::vector<std::string> rows;
  const pqxx::result tables = txn.exec(
      "SELECT quote_ident(table_name) FROM information_schema.tables "
      "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
  ASSERT_GE(tables.size(), 3u);
  for (const pqxx::row& table : tables) {
    const std::string name = table[0].as<std::string>();
    for (const pqxx::row& row : txn.exec("SELECT t::text FROM " + name + " t")) {
      rows.push_back(name + ": " + absl::AsciiStrToLower(row[0].as<std::string>()));
    }
  }
  // Five look-ups that reached TRS (refusals did not) and the refresh.
  ASSERT_EQ(txn.exec1("SELECT count(*) FROM trs_lookups")[0].as<int>(), 6);
  ASSERT_EQ(txn.exec1("SELECT first_name FROM teacher_snapshots")[0].as<std::string>(), "Kate");

  for (const std::string& needle : Needles()) {
    EXPECT_EQ(log.find(needle), std::string::npos) << "log holds " << needle;
    for (const std::string& row : rows) {
      EXPECT_EQ(row.find(needle), std::string::npos) << row << " holds " << needle;
    }
  }
}

}  // namespace
}  // namespace rect::teachers
