#include "services/teachers/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "services/common/testing/service_fixture.h"
#include "services/teachers/migrations.h"

namespace rect::teachers {
namespace {

class TeachersServiceTest : public ::testing::Test {
 protected:
  TeachersServiceTest()
      : db_(Migrations()),
        store_(db_.pool()),
        trs_(UnusedTrs(), nullptr),
        finder_(trs_, store_),
        service_(store_, finder_),
        server_(service_),
        stub_(v1::TeachersService::NewStub(server_.channel())) {}

  grpc::Status Track(const std::string& trn, const std::string& first_name,
                     const std::string& last_name, v1::TrackTeacherResponse* response) {
    grpc::ClientContext context;
    v1::TrackTeacherRequest request;
    request.set_trn(trn);
    request.set_first_name(first_name);
    request.set_last_name(last_name);
    return stub_->TrackTeacher(&context, request, response);
  }

  grpc::Status Get(const std::string& trn, v1::TeacherSnapshot* snapshot) {
    grpc::ClientContext context;
    v1::GetTeacherSnapshotRequest request;
    request.set_trn(trn);
    return stub_->GetTeacherSnapshot(&context, request, snapshot);
  }

  void Execute(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec(sql);
    txn.commit();
  }

  // Snapshots need no TRS: look-ups are tested in find_teacher_test.
  static TrsClient::Options UnusedTrs() {
    TrsClient::Options options;
    options.api_key = "unused";
    return options;
  }

  testing::MigratedDatabase db_;
  PgTeacherStore store_;
  TrsClient trs_;
  TeacherFinder finder_;
  TeachersServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::TeachersService::Stub> stub_;
};

TEST_F(TeachersServiceTest, NewlyTrackedTeacherHasAnUnrefreshedSnapshot) {
  v1::TrackTeacherResponse tracked;
  ASSERT_TRUE(Track("7000013", "Jamal", "Price", &tracked).ok());
  EXPECT_TRUE(tracked.newly_tracked());
  EXPECT_GT(tracked.tracked_at().seconds(), 0);

  v1::TeacherSnapshot snapshot;
  ASSERT_TRUE(Get("7000013", &snapshot).ok());
  EXPECT_EQ(snapshot.trn(), "7000013");
  EXPECT_EQ(snapshot.first_name(), "Jamal");
  EXPECT_EQ(snapshot.last_name(), "Price");
  EXPECT_EQ(snapshot.tracked_at().seconds(), tracked.tracked_at().seconds());
  EXPECT_FALSE(snapshot.has_refreshed_at());
  EXPECT_FALSE(snapshot.has_qts_awarded_on());
  EXPECT_FALSE(snapshot.has_induction_start_date());
  EXPECT_EQ(snapshot.induction_status(), "");
  EXPECT_EQ(snapshot.trs_response(), v1::TeacherSnapshot::TRS_RESPONSE_UNSPECIFIED);
  EXPECT_FALSE(snapshot.prohibited_from_teaching());
}

TEST_F(TeachersServiceTest, TrackingAgainKeepsTheFirstTrackedAtAndNames) {
  v1::TrackTeacherResponse first;
  ASSERT_TRUE(Track("7000013", "Jamal", "Price", &first).ok());
  Execute("UPDATE teacher_snapshots SET tracked_at = '2024-09-01 08:00:00+00'");

  v1::TrackTeacherResponse again;
  ASSERT_TRUE(Track("7000013", "James", "Pryce", &again).ok());
  EXPECT_FALSE(again.newly_tracked());
  EXPECT_EQ(again.tracked_at().seconds(), 1725177600);

  v1::TeacherSnapshot snapshot;
  ASSERT_TRUE(Get("7000013", &snapshot).ok());
  EXPECT_EQ(snapshot.first_name(), "Jamal");
  EXPECT_EQ(snapshot.last_name(), "Price");
}

TEST_F(TeachersServiceTest, ConcurrentTrackingOfOneTrnTracksItOnce) {
  constexpr int kCallers = 8;
  std::atomic<int> newly_tracked{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      v1::TrackTeacherResponse response;
      if (!Track("7000005", "Carla", "Reyes", &response).ok()) ++failures;
      if (response.newly_tracked()) ++newly_tracked;
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(newly_tracked, 1);
}

TEST_F(TeachersServiceTest, SnapshotShowsTheFactsOfTheLastRefresh) {
  v1::TrackTeacherResponse tracked;
  ASSERT_TRUE(Track("7000011", "Dave", "Teacher", &tracked).ok());
  ASSERT_TRUE(Track("7000012", "Isla", "Brown", &tracked).ok());
  // As the refresh job will write them.
  Execute(
      "UPDATE teacher_snapshots SET induction_status = 'InProgress', "
      "induction_start_date = '2024-09-02', induction_completed_date = '2026-07-20', "
      "qts_awarded_on = '2024-07-19', qts_status_description = 'Qualified teacher status', "
      "prohibited_from_teaching = true, trs_response = 'found', "
      "refreshed_at = '2025-01-02 03:04:05+00' WHERE trn = '7000012'");
  Execute(
      "UPDATE teacher_snapshots SET trs_response = 'merged', merged_into_trn = '7000012', "
      "refreshed_at = now(), next_refresh_at = NULL WHERE trn = '7000011'");

  v1::TeacherSnapshot snapshot;
  ASSERT_TRUE(Get("7000012", &snapshot).ok());
  EXPECT_EQ(snapshot.induction_status(), "InProgress");
  EXPECT_EQ(snapshot.induction_start_date().year(), 2024);
  EXPECT_EQ(snapshot.induction_start_date().month(), 9);
  EXPECT_EQ(snapshot.induction_start_date().day(), 2);
  EXPECT_EQ(snapshot.induction_completed_date().year(), 2026);
  EXPECT_EQ(snapshot.qts_awarded_on().year(), 2024);
  EXPECT_EQ(snapshot.qts_awarded_on().month(), 7);
  EXPECT_EQ(snapshot.qts_awarded_on().day(), 19);
  EXPECT_EQ(snapshot.qts_status_description(), "Qualified teacher status");
  EXPECT_TRUE(snapshot.prohibited_from_teaching());
  EXPECT_EQ(snapshot.trs_response(), v1::TeacherSnapshot::FOUND);
  EXPECT_EQ(snapshot.refreshed_at().seconds(), 1735787045);
  EXPECT_EQ(snapshot.merged_into_trn(), "");

  ASSERT_TRUE(Get("7000011", &snapshot).ok());
  EXPECT_EQ(snapshot.trs_response(), v1::TeacherSnapshot::MERGED);
  EXPECT_EQ(snapshot.merged_into_trn(), "7000012");
}

TEST_F(TeachersServiceTest, NamesAreStoredWithoutSurroundingSpaces) {
  v1::TrackTeacherResponse tracked;
  ASSERT_TRUE(Track("7000017", "  Nia ", "\tWolstenholme-Featherstonehaugh ", &tracked).ok());
  v1::TeacherSnapshot snapshot;
  ASSERT_TRUE(Get("7000017", &snapshot).ok());
  EXPECT_EQ(snapshot.first_name(), "Nia");
  EXPECT_EQ(snapshot.last_name(), "Wolstenholme-Featherstonehaugh");
}

TEST_F(TeachersServiceTest, UntrackedTrnIsNotFoundAndMalformedTrnIsInvalid) {
  v1::TeacherSnapshot snapshot;
  EXPECT_EQ(Get("7000002", &snapshot).error_code(), grpc::StatusCode::NOT_FOUND);
  for (const char* trn : {"", "700001", "70000133", "700001a", " 700001", "७०००००१"}) {
    grpc::Status status = Get(trn, &snapshot);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << trn;
    EXPECT_EQ(status.error_message(), "trn must be exactly 7 digits") << trn;
  }
}

TEST_F(TeachersServiceTest, BadTrackRequestsAreRefusedWithReasonsAndStoreNothing) {
  const std::string longest(100, 'a');
  // 100 characters of two bytes each: within the limit although 200 bytes long.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "\xC3\xA2";
  struct Case {
    std::string trn, first_name, last_name;
    grpc::StatusCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"7000013", "Jamal", "Price", grpc::StatusCode::OK, ""},
      {"0000001", longest, accented, grpc::StatusCode::OK, ""},
      {"", "Jamal", "Price", grpc::StatusCode::INVALID_ARGUMENT, "trn must be exactly 7 digits"},
      {"123456", "Jamal", "Price", grpc::StatusCode::INVALID_ARGUMENT,
       "trn must be exactly 7 digits"},
      {"12345678", "Jamal", "Price", grpc::StatusCode::INVALID_ARGUMENT,
       "trn must be exactly 7 digits"},
      {"RP99/12", "Jamal", "Price", grpc::StatusCode::INVALID_ARGUMENT,
       "trn must be exactly 7 digits"},
      {"7000014", "", "Dunn", grpc::StatusCode::INVALID_ARGUMENT, "first_name is required"},
      {"7000014", "   ", "Dunn", grpc::StatusCode::INVALID_ARGUMENT, "first_name is required"},
      {"7000014", "Kate", "", grpc::StatusCode::INVALID_ARGUMENT, "last_name is required"},
      {"7000014", longest + "a", "Dunn", grpc::StatusCode::INVALID_ARGUMENT,
       "first_name must be 100 characters or fewer"},
      {"7000014", "Kate", accented + "a", grpc::StatusCode::INVALID_ARGUMENT,
       "last_name must be 100 characters or fewer"},
  };
  for (const Case& c : cases) {
    v1::TrackTeacherResponse response;
    grpc::Status status = Track(c.trn, c.first_name, c.last_name, &response);
    EXPECT_EQ(status.error_code(), c.code) << c.trn << " " << status.error_message();
    EXPECT_EQ(status.error_message(), c.message) << c.trn;
  }
  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM teacher_snapshots WHERE trn = '7000014'")[0].as<int>(),
            0);
}

}  // namespace
}  // namespace rect::teachers
