// The transfer routes over real HTTP against a fake registration TransfersService: the resource
// (joining null for unknown, school-led provider left out, created_at a date), what is sent on
// (caller, updated_since, sort, page), the literal /participants/transfers beside
// /participants/{id}, and the 401/404/400 answers.
#include "gateway/api/transfers.h"

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/api/participants.h"
#include "gateway/api/testing/api_test_server.h"
#include "protos/registration/v1/transfers.grpc.pb.h"

namespace rect::gateway::api {
namespace {

namespace rv1 = registration::v1;

constexpr char kP1[] = "cccccccc-0000-4000-8000-000000000001";

class FakeTransfers final : public rv1::TransfersService::Service {
 public:
  grpc::Status ListTransfers(grpc::ServerContext*, const rv1::ListTransfersRequest* request,
                             rv1::ListTransfersResponse* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    last_list_ = *request;
    if (request->lead_provider_id() == testing::kLp1) *response->add_participants() = One();
    return grpc::Status::OK;
  }
  grpc::Status GetTransfers(grpc::ServerContext*, const rv1::GetTransfersRequest* request,
                            rv1::ParticipantTransfers* response) override {
    if (request->lead_provider_id() != testing::kLp1 || request->id() != kP1) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "not found");
    }
    *response = One();
    return grpc::Status::OK;
  }
  rv1::ListTransfersRequest last_list() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_list_;
  }

 private:
  static rv1::ParticipantTransfers One() {
    rv1::ParticipantTransfers p;
    p.set_id(kP1);
    p.mutable_updated_at()->set_seconds(1767225600);  // 2026-01-01T00:00:00Z
    rv1::Transfer* moved = p.add_transfers();
    moved->set_training_record_id("dddddddd-0000-4000-8000-000000000001");
    moved->set_transfer_type("new_provider");
    moved->set_status("complete");
    moved->mutable_leaving()->set_school_urn("100001");
    moved->mutable_leaving()->set_provider("Northern Teaching Trust");
    *moved->mutable_leaving()->mutable_date() = Date(2025, 12, 31);
    moved->mutable_joining()->set_school_urn("100002");
    *moved->mutable_joining()->mutable_date() = Date(2026, 1, 1);
    moved->mutable_created_at()->set_seconds(1756720800);  // 2025-09-01T10:00:00Z
    rv1::Transfer* left = p.add_transfers();
    left->set_training_record_id("dddddddd-0000-4000-8000-000000000002");
    left->set_transfer_type("unknown");
    left->set_status("incomplete");
    left->mutable_leaving()->set_school_urn("100002");
    left->mutable_leaving()->set_provider("Northern Teaching Trust");
    *left->mutable_leaving()->mutable_date() = Date(2026, 3, 31);
    left->mutable_created_at()->set_seconds(1756720800);
    return p;
  }
  static common::v1::Date Date(int y, int m, int d) {
    common::v1::Date date;
    date.set_year(y);
    date.set_month(m);
    date.set_day(d);
    return date;
  }

  std::mutex mutex_;
  rv1::ListTransfersRequest last_list_;
};

class TransfersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        transfers_, [](Router& router, Backends& backends, ApiAuthenticator& api) {
          // Added after the participant routes, as gateway/main.cc does.
          if (absl::Status s = AddParticipantRoutes(router, backends, api); !s.ok()) return s;
          return AddTransferRoutes(router, backends, api);
        });
    ASSERT_TRUE(server_->ok());
  }

  FakeTransfers transfers_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

constexpr char kResource[] =
    R"({"id":"cccccccc-0000-4000-8000-000000000001","type":"participant-transfer",)"
    R"("attributes":{"transfers":[{"training_record_id":"dddddddd-0000-4000-8000-000000000001",)"
    R"("transfer_type":"new_provider","status":"complete",)"
    R"("leaving":{"school_urn":"100001","provider":"Northern Teaching Trust","date":"2025-12-31"},)"
    R"("joining":{"school_urn":"100002","date":"2026-01-01"},"created_at":"2025-09-01"},)"
    R"({"training_record_id":"dddddddd-0000-4000-8000-000000000002","transfer_type":"unknown",)"
    R"("status":"incomplete","leaving":{"school_urn":"100002","provider":"Northern Teaching )"
    R"(Trust","date":"2026-03-31"},"joining":null,"created_at":"2025-09-01"}],)"
    R"("updated_at":"2026-01-01T00:00:00Z"}})";

TEST_F(TransfersTest, ListsAndShowsTheResource) {
  HttpClientResponse list = server_->Get("/api/v3/participants/transfers");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, absl::StrCat(R"({"data":[)", kResource, "]}"));
  HttpClientResponse shown = server_->Get(absl::StrCat("/api/v3/participants/", kP1, "/transfers"));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.body, absl::StrCat(R"({"data":)", kResource, "}"));
}

TEST_F(TransfersTest, EachProviderSeesOnlyItsOwn) {
  EXPECT_EQ(server_->Get("/api/v3/participants/transfers", "lp2-token").body, R"({"data":[]})");
  EXPECT_EQ(
      server_->Get(absl::StrCat("/api/v3/participants/", kP1, "/transfers"), "lp2-token").status,
      404);
  EXPECT_EQ(server_->Get("/api/v3/participants/not-a-uuid/transfers").status, 404);
  EXPECT_EQ(server_->Get("/api/v3/participants/transfers", "").status, 401);
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/participants/", kP1, "/transfers"), "").status,
            401);
}

TEST_F(TransfersTest, SendsUpdatedSinceSortAndPage) {
  ASSERT_EQ(server_
                ->Get("/api/v3/participants/transfers?filter[updated_since]=2025-01-01T00:00:00Z"
                      "&sort=-updated_at&page[page]=2&page[per_page]=5")
                .status,
            200);
  const rv1::ListTransfersRequest request = transfers_.last_list();
  EXPECT_EQ(request.lead_provider_id(), testing::kLp1);
  EXPECT_EQ(request.updated_since().seconds(), 1735689600);
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), rv1::ApiSortTerm::UPDATED_AT);
  EXPECT_TRUE(request.sort(0).descending());
  EXPECT_EQ(request.page().page(), 2);
  EXPECT_EQ(request.page().per_page(), 5);
  EXPECT_EQ(server_->Get("/api/v3/participants/transfers?page[page]=0").status, 400);
  EXPECT_EQ(server_->Get("/api/v3/participants/transfers?filter[updated_since]=2025-01-01").status,
            400);
  EXPECT_EQ(server_->Get("/api/v3/participants/transfers?filter=x").status, 400);
}

}  // namespace
}  // namespace rect::gateway::api
