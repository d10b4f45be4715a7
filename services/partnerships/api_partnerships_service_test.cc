// The lead provider API's partnership writes over real gRPC against real PostgreSQL with the
// seed data: creating and changing a partnership, each refusal reaching the caller as errors,
// another provider's partnership not found, and the sandbox date deciding a future cohort.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "services/common/testing/service_fixture.h"
#include "services/partnerships/migrations.h"
#include "services/partnerships/seed.h"
#include "services/partnerships/service.h"

namespace rect::partnerships {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kDp1[] = "22222222-2222-4222-8222-000000000001";
constexpr char kDp2[] = "22222222-2222-4222-8222-000000000002";
constexpr char kDp3[] = "22222222-2222-4222-8222-000000000003";
constexpr char kLp1At100015[] = "55555555-5555-4555-8555-000000100015";
constexpr char kLp2At100016[] = "55555555-5555-4555-8555-000000100016";

class ApiPartnershipsTest : public ::testing::Test {
 protected:
  ApiPartnershipsTest()
      : db_(Migrations()),
        store_(db_.pool()),
        service_(store_),
        server_(service_),
        stub_(v1::PartnershipsService::NewStub(server_.channel())) {}

  void SetUp() override { ASSERT_TRUE(ApplySeed(db_.pool()).ok()); }

  std::string SchoolId(const std::string& urn) {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    return txn.exec_params1("SELECT id FROM gias_schools WHERE urn = $1", urn)[0]
        .as<std::string>();
  }

  v1::ApiPartnershipResult Create(const std::string& cohort, const std::string& school_id,
                                  const std::string& partner_id,
                                  const std::string& server_date = "") {
    grpc::ClientContext context;
    if (!server_date.empty()) context.AddMetadata("x-with-server-date", server_date);
    v1::CreateApiPartnershipRequest request;
    request.set_lead_provider_id(kLp1);
    request.set_cohort(cohort);
    request.set_school_id(school_id);
    request.set_delivery_partner_id(partner_id);
    v1::ApiPartnershipResult result;
    grpc::Status status = stub_->CreateApiPartnership(&context, request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  grpc::Status Update(const std::string& id, const std::string& partner_id,
                      v1::ApiPartnershipResult* result) {
    grpc::ClientContext context;
    v1::UpdateApiPartnershipRequest request;
    request.set_lead_provider_id(kLp1);
    request.set_id(id);
    request.set_delivery_partner_id(partner_id);
    return stub_->UpdateApiPartnership(&context, request, result);
  }

  static std::string Errors(const v1::ApiPartnershipResult& result) {
    std::string out;
    for (const auto& e : result.errors()) out += e.attribute() + ": " + e.message() + "\n";
    return out;
  }

  testing::MigratedDatabase db_;
  PgPartnershipsStore store_;
  PartnershipsServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::PartnershipsService::Stub> stub_;
};

TEST_F(ApiPartnershipsTest, CreatesAPartnershipThenRefusesASecondThatYear) {
  // Another provider partners 100017 in 2021; LP1 may too.
  v1::ApiPartnershipResult created = Create("2021", SchoolId("100017"), kDp2);
  ASSERT_EQ(created.errors_size(), 0) << Errors(created);
  EXPECT_EQ(created.partnership().cohort(), 2021);
  EXPECT_EQ(created.partnership().urn(), "100017");
  EXPECT_EQ(created.partnership().delivery_partner_id(), kDp2);

  v1::ApiPartnershipResult again = Create("2021", SchoolId("100017"), kDp1);
  EXPECT_EQ(Errors(again),
            "school_id: You are already in a confirmed partnership with this school for the "
            "entered cohort.\n");
}

TEST_F(ApiPartnershipsTest, RefusalsNameTheirAttributes) {
  EXPECT_EQ(Errors(Create("2030", SchoolId("100017"), kDp2)),
            "cohort: The '#/cohort' you have entered is invalid. Check cohort details and try "
            "again.\n");
  EXPECT_EQ(Errors(Create("2021", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", kDp3)),
            "school_id: The '#/school_id' you have entered is invalid. Check school details and "
            "try again. Contact the DfE for support if you are unable to find the "
            "'#/school_id'.\n"
            "delivery_partner_id: The entered delivery partner is not recognised to be working "
            "in partnership with you for the given cohort. Contact the DfE for more "
            "information.\n");
  // The sandbox date: in January 2025 the 2025 contract period has not started.
  EXPECT_EQ(Errors(Create("2025", SchoolId("100017"), kDp2, "2025-01-10T10:42:00Z")),
            "cohort: You cannot create a partnership for a future cohort.\n");
}

TEST_F(ApiPartnershipsTest, ChangesTheDeliveryPartnerOnly) {
  v1::ApiPartnershipResult result;
  ASSERT_TRUE(Update(kLp1At100015, kDp2, &result).ok());
  EXPECT_EQ(Errors(result),
            "delivery_partner_id: We are unable to process this request. You are already "
            "confirmed to be in partnership with the entered delivery partner. Contact the DfE "
            "for support.\n");
  result.Clear();
  ASSERT_TRUE(Update(kLp1At100015, kDp1, &result).ok());
  ASSERT_EQ(result.errors_size(), 0) << Errors(result);
  EXPECT_EQ(result.partnership().id(), kLp1At100015);
  EXPECT_EQ(result.partnership().delivery_partner_id(), kDp1);
  EXPECT_EQ(result.partnership().cohort(), 2021);
  EXPECT_EQ(result.partnership().urn(), "100015");

  result.Clear();
  EXPECT_EQ(Update(kLp2At100016, kDp1, &result).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Update("not-a-uuid", kDp1, &result).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace rect::partnerships
