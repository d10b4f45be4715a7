#include "services/partnerships/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/testing/service_fixture.h"
#include "services/common/tokens.h"
#include "services/partnerships/migrations.h"

namespace rect::partnerships {
namespace {

// Oakfield Primary School (partnerships.md §9), with every column filled.
v1::GiasEstablishment Oakfield() {
  v1::GiasEstablishment e;
  e.set_urn("100001");
  e.set_name("Oakfield Primary School");
  e.set_type_code(1);
  e.set_type_name("Community school");
  e.set_status_code(1);
  e.set_status_name("Open");
  e.set_administrative_district_code("E07000012");
  e.set_administrative_district_name("South Cambridgeshire");
  e.set_section_41_approved(false);
  e.set_local_authority_code("873");
  e.set_local_authority_name("Cambridgeshire");
  e.set_ukprn("10012345");
  e.set_postcode("CB1 1AA");
  e.set_primary_contact_email("office@oakfield.example");
  e.set_secondary_contact_email("head@oakfield.example");
  e.set_phase_of_education_code(2);
  e.set_phase_of_education_name("Primary");
  e.set_address_line1("1 Oak Lane");
  e.set_address_line2("Oakfield");
  e.set_address_line3("Cambridge");
  e.set_school_website("https://oakfield.example");
  return e;
}

v1::GiasEstablishment Establishment(const std::string& urn, int type, int status,
                                    const std::string& district, bool s41) {
  v1::GiasEstablishment e;
  e.set_urn(urn);
  e.set_name("School " + urn);
  e.set_type_code(type);
  e.set_status_code(status);
  e.set_administrative_district_code(district);
  e.set_section_41_approved(s41);
  return e;
}

class PartnershipsServiceTest : public ::testing::Test {
 protected:
  PartnershipsServiceTest()
      : db_(Migrations()),
        store_(db_.pool()),
        service_(store_),
        server_(service_),
        stub_(v1::PartnershipsService::NewStub(server_.channel())) {}

  grpc::Status Upsert(const v1::GiasEstablishment& establishment, v1::School* school) {
    grpc::ClientContext context;
    v1::UpsertGiasSchoolRequest request;
    *request.mutable_establishment() = establishment;
    return stub_->UpsertGiasSchool(&context, request, school);
  }

  grpc::Status Get(const std::string& urn, v1::School* school) {
    grpc::ClientContext context;
    v1::GetSchoolRequest request;
    request.set_urn(urn);
    return stub_->GetSchool(&context, request, school);
  }

  // Runs `sql` directly and returns the first column of its one row.
  std::string Query(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::row row = txn.exec1(sql);
    txn.commit();
    return row[0].is_null() ? "NULL" : row[0].as<std::string>();
  }

  // Moves every school's timestamps a day back, so a later bump is visible in whole seconds.
  void Backdate() {
    Query(
        "WITH moved AS (UPDATE gias_schools SET created_at = created_at - interval '1 day', "
        "updated_at = updated_at - interval '1 day' RETURNING 1) SELECT count(*) FROM moved");
  }

  testing::MigratedDatabase db_;
  PgPartnershipsStore store_;
  PartnershipsServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::PartnershipsService::Stub> stub_;
};

TEST_F(PartnershipsServiceTest, UpsertStoresEveryGiasColumnAndTheEligibility) {
  v1::School school;
  ASSERT_TRUE(Upsert(Oakfield(), &school).ok());
  EXPECT_TRUE(IsUuid(school.id())) << school.id();
  EXPECT_EQ(school.establishment().SerializeAsString(), Oakfield().SerializeAsString())
      << school.establishment().DebugString();
  EXPECT_TRUE(school.open());
  EXPECT_TRUE(school.in_england());
  EXPECT_TRUE(school.eligible());
  EXPECT_FALSE(school.cip_only());
  EXPECT_GT(school.created_at().seconds(), 0);
  EXPECT_EQ(school.updated_at().seconds(), school.created_at().seconds());

  v1::School found;
  ASSERT_TRUE(Get("100001", &found).ok());
  EXPECT_EQ(found.SerializeAsString(), school.SerializeAsString());
}

TEST_F(PartnershipsServiceTest, RepeatingAnUpsertChangesNothing) {
  v1::School first, second;
  ASSERT_TRUE(Upsert(Oakfield(), &first).ok());
  Backdate();
  ASSERT_TRUE(Get("100001", &first).ok());
  ASSERT_TRUE(Upsert(Oakfield(), &second).ok());
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools"), "1");
}

TEST_F(PartnershipsServiceTest, AChangedRowIsUpdatedAndItsEligibilityRecomputed) {
  v1::School before, after;
  ASSERT_TRUE(Upsert(Oakfield(), &before).ok());
  Backdate();
  ASSERT_TRUE(Get("100001", &before).ok());
  v1::GiasEstablishment closed = Oakfield();
  closed.set_status_code(2);
  closed.set_status_name("Closed");
  closed.set_secondary_contact_email("");
  ASSERT_TRUE(Upsert(closed, &after).ok());
  EXPECT_EQ(after.id(), before.id());
  EXPECT_EQ(after.establishment().status_name(), "Closed");
  EXPECT_EQ(after.establishment().secondary_contact_email(), "");
  EXPECT_FALSE(after.open());
  EXPECT_FALSE(after.eligible());
  EXPECT_EQ(after.created_at().seconds(), before.created_at().seconds());
  EXPECT_GT(after.updated_at().seconds(), before.updated_at().seconds());
  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools"), "1");
}

TEST_F(PartnershipsServiceTest, EligibilityFollowsTheGiasFacts) {
  const struct {
    v1::GiasEstablishment establishment;
    bool open, in_england, eligible, cip_only;
  } cases[] = {
      {Establishment("100002", 34, 3, "E07000081", false), true, true, true, false},
      {Establishment("100003", 10, 1, "E07000188", true), true, true, true, false},
      {Establishment("20005", 36, 1, "9999", false), true, true, true, false},
      {Establishment("100006", 1, 2, "E07000012", false), false, true, false, false},
      {Establishment("100008", 1, 1, "W06000005", false), true, false, false, false},
      {Establishment("100010", 30, 1, "W06000015", false), true, false, false, true},
      {Establishment("100012", 37, 1, "", false), true, false, false, true},
      {Establishment("100014", 10, 1, "W06000005", true), true, false, false, true},
      {Establishment("100016", 28, 1, " e07000081 ", false), true, true, true, false},
  };
  for (const auto& c : cases) {
    v1::School school;
    ASSERT_TRUE(Upsert(c.establishment, &school).ok()) << c.establishment.urn();
    EXPECT_EQ(school.open(), c.open) << c.establishment.urn();
    EXPECT_EQ(school.in_england(), c.in_england) << c.establishment.urn();
    EXPECT_EQ(school.eligible(), c.eligible) << c.establishment.urn();
    EXPECT_EQ(school.cip_only(), c.cip_only) << c.establishment.urn();
  }
}

TEST_F(PartnershipsServiceTest, UrnsCompareAsIntegers) {
  v1::School school;
  ASSERT_TRUE(Upsert(Establishment("020006", 15, 1, "E07000012", false), &school).ok());
  EXPECT_EQ(school.establishment().urn(), "20006");
  v1::School found;
  for (const char* urn : {"20006", "020006", "0020006", " 20006 "}) {
    ASSERT_TRUE(Get(urn, &found).ok()) << urn;
    EXPECT_EQ(found.id(), school.id()) << urn;
  }
  ASSERT_TRUE(Upsert(Establishment("20006", 15, 1, "E07000012", false), &found).ok());
  EXPECT_EQ(found.id(), school.id());
  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools"), "1");
}

TEST_F(PartnershipsServiceTest, TextIsTrimmedAndBlankColumnsAreStoredAsNull) {
  v1::GiasEstablishment e = Establishment(" 100011 ", 11, 1, "E07000012", false);
  e.set_name("  St Crispin's Independent School ");
  e.set_primary_contact_email("   ");
  e.set_postcode(" CB2 2BB ");
  v1::School school;
  ASSERT_TRUE(Upsert(e, &school).ok());
  EXPECT_EQ(school.establishment().urn(), "100011");
  EXPECT_EQ(school.establishment().name(), "St Crispin's Independent School");
  EXPECT_EQ(school.establishment().postcode(), "CB2 2BB");
  EXPECT_EQ(school.establishment().primary_contact_email(), "");
  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools WHERE primary_contact_email IS NULL "
                  "AND secondary_contact_email IS NULL AND ukprn IS NULL"),
            "1");
}

TEST_F(PartnershipsServiceTest, InvalidUpsertsAreRefusedWithReasons) {
  const struct {
    std::string urn, name, message;
  } cases[] = {
      {"", "A School", "urn must be 1 to 7 digits"},
      {"   ", "A School", "urn must be 1 to 7 digits"},
      {"12345678", "A School", "urn must be 1 to 7 digits"},
      {"10000l", "A School", "urn must be 1 to 7 digits"},
      {"100001.0", "A School", "urn must be 1 to 7 digits"},
      {"-100001", "A School", "urn must be 1 to 7 digits"},
      {"0", "A School", "urn must not be 0"},
      {"0000000", "A School", "urn must not be 0"},
      {"100001", "", "name is required"},
      {"100001", " \t", "name is required"},
  };
  for (const auto& c : cases) {
    v1::GiasEstablishment e = Oakfield();
    e.set_urn(c.urn);
    e.set_name(c.name);
    v1::School school;
    grpc::Status status = Upsert(e, &school);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.urn;
    EXPECT_EQ(status.error_message(), c.message) << c.urn;
  }
  grpc::ClientContext context;
  v1::UpsertGiasSchoolRequest empty;
  v1::School school;
  grpc::Status status = stub_->UpsertGiasSchool(&context, empty, &school);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "establishment is required");
  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools"), "0");
}

TEST_F(PartnershipsServiceTest, GetSchoolRefusesMalformedAndUnknownUrns) {
  v1::School school;
  for (const char* urn : {"", "abc", "12345678", "1 2"}) {
    grpc::Status status = Get(urn, &school);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << urn;
    EXPECT_EQ(status.error_message(), "urn must be 1 to 7 digits") << urn;
  }
  EXPECT_EQ(Get("0", &school).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status status = Get("999999", &school);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no school with that URN");
}

// A store that always fails, to check errors pass through with their code.
class UnavailableStore : public PartnershipsStore {
 public:
  absl::StatusOr<SchoolRecord> UpsertGiasSchool(const GiasSchool&, const Eligibility&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<std::vector<UpsertResult>> UpsertGiasSchools(
      const std::vector<GiasSchoolWrite>&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<SchoolRecord> GetSchoolByUrn(const std::string&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<std::vector<DeliveryPartnerRecord>> ListDeliveryPartners(
      const DeliveryPartnerQuery&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<DeliveryPartnerRecord> GetDeliveryPartner(const std::string&,
                                                           const std::string&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<std::vector<PartnershipRecord>> ListPartnerships(
      const PartnershipQuery&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<PartnershipRecord> GetPartnership(const std::string&,
                                                   const std::string&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<std::vector<ApiSchoolRecord>> ListApiSchools(const ApiSchoolQuery&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<ApiSchoolRecord> GetApiSchool(const std::string&, int,
                                               const std::string&) override {
    return absl::UnavailableError("database unavailable");
  }
};

TEST(PartnershipsServiceErrors, StoreFailuresKeepTheirCode) {
  UnavailableStore store;
  PartnershipsServiceImpl service(store);
  testing::InProcessServer server(service);
  auto stub = v1::PartnershipsService::NewStub(server.channel());
  grpc::ClientContext upsert_context, get_context;
  v1::UpsertGiasSchoolRequest upsert;
  *upsert.mutable_establishment() = Oakfield();
  v1::School school;
  EXPECT_EQ(stub->UpsertGiasSchool(&upsert_context, upsert, &school).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  v1::GetSchoolRequest get;
  get.set_urn("100001");
  EXPECT_EQ(stub->GetSchool(&get_context, get, &school).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  grpc::ClientContext list_context;
  v1::ListDeliveryPartnersRequest list;
  list.set_lead_provider_id("11111111-1111-4111-8111-000000000001");
  v1::ListDeliveryPartnersResponse partners;
  EXPECT_EQ(stub->ListDeliveryPartners(&list_context, list, &partners).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

// Delivery partners as lead providers see them, against rows of the shape the seed uses:
// LP1 works with DP1 (2021, 2022) and DP2 (2021); LP2 with DP3 (2021, 2022) and DP4 (2022).
class DeliveryPartnersTest : public PartnershipsServiceTest {
 protected:
  static constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
  static constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";
  static constexpr char kDp1[] = "22222222-2222-4222-8222-000000000001";
  static constexpr char kDp2[] = "22222222-2222-4222-8222-000000000002";
  static constexpr char kDp3[] = "22222222-2222-4222-8222-000000000003";
  static constexpr char kDp4[] = "22222222-2222-4222-8222-000000000004";
  static constexpr char kDp5[] = "22222222-2222-4222-8222-000000000005";

  void SetUp() override {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec0(
        "INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date) "
        "VALUES (2021, '2021-06-01', '2022-05-31', '2021-09-01'), "
        "(2022, '2022-06-01', '2023-05-31', '2022-09-01')");
    txn.exec0(absl::StrCat("INSERT INTO lead_providers (id, name) VALUES ('", kLp1,
                           "', 'Northern'), ('", kLp2, "', 'Southern')"));
    txn.exec0(
        absl::StrCat("INSERT INTO lead_provider_cohorts (lead_provider_id, "
                     "contract_period_year) SELECT id, y FROM lead_providers, "
                     "(VALUES (2021), (2022)) AS years (y)"));
    // Created in id order a minute apart; updated_at in the reverse order.
    txn.exec0(
        absl::StrCat("INSERT INTO delivery_partners (id, name, created_at, updated_at) VALUES "
                     "('",
                     kDp1,
                     "', 'Pennine', '2025-01-01T10:00:00Z', '2025-06-01T10:00:05Z'), "
                     "('",
                     kDp2,
                     "', 'Dales', '2025-01-01T10:01:00Z', '2025-06-01T10:00:04Z'), "
                     "('",
                     kDp3,
                     "', 'Solent', '2025-01-01T10:02:00Z', '2025-06-01T10:00:03Z'), "
                     "('",
                     kDp4,
                     "', 'Unlinked', '2025-01-01T10:03:00Z', '2025-06-01T10:00:02Z'), "
                     "('",
                     kDp5, "', 'Gone', '2025-01-01T10:04:00Z', '2025-06-01T10:00:01Z')"));
    txn.exec0(absl::StrCat(
        "INSERT INTO provider_relationships (lead_provider_id, delivery_partner_id, "
        "contract_period_year, discarded_at) VALUES "
        "('",
        kLp1, "', '", kDp1, "', 2022, NULL), ('", kLp1, "', '", kDp1, "', 2021, NULL), ", "('",
        kLp1, "', '", kDp2, "', 2021, NULL), ('", kLp1, "', '", kDp2, "', 2022, now()), ", "('",
        kLp2, "', '", kDp3, "', 2021, NULL), ('", kLp2, "', '", kDp3, "', 2022, NULL), ", "('",
        kLp2, "', '", kDp1, "', 2022, NULL), ('", kLp2, "', '", kDp4, "', 2022, NULL), ", "('",
        kLp1, "', '", kDp4, "', 2021, now()), ('", kLp1, "', '", kDp5, "', 2022, NULL)"));
    // DP5 is discarded: its live relationship no longer shows it.
    txn.exec0(
        absl::StrCat("UPDATE delivery_partners SET discarded_at = now() WHERE id = '", kDp5, "'"));
    txn.commit();
  }

  v1::ListDeliveryPartnersRequest Request(const std::string& lead_provider_id = kLp1) {
    v1::ListDeliveryPartnersRequest request;
    request.set_lead_provider_id(lead_provider_id);
    return request;
  }

  grpc::Status List(const v1::ListDeliveryPartnersRequest& request,
                    v1::ListDeliveryPartnersResponse* response) {
    grpc::ClientContext context;
    return stub_->ListDeliveryPartners(&context, request, response);
  }

  // The listed ids' last digits, e.g. "12".
  std::string Ids(const v1::ListDeliveryPartnersRequest& request) {
    v1::ListDeliveryPartnersResponse response;
    grpc::Status status = List(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::string ids;
    for (const v1::DeliveryPartner& partner : response.delivery_partners()) {
      ids += partner.id().back();
    }
    return ids;
  }

  grpc::Status Get(const std::string& lead_provider_id, const std::string& id,
                   v1::DeliveryPartner* partner) {
    grpc::ClientContext context;
    v1::GetDeliveryPartnerRequest request;
    request.set_lead_provider_id(lead_provider_id);
    request.set_id(id);
    return stub_->GetDeliveryPartner(&context, request, partner);
  }

  static void AddSort(v1::ListDeliveryPartnersRequest& request, v1::SortTerm::Key key,
                      bool descending) {
    v1::SortTerm* term = request.add_sort();
    term->set_key(key);
    term->set_descending(descending);
  }
};

TEST_F(DeliveryPartnersTest, ListsOnlyLivePartnersOfTheCallerWithItsYears) {
  v1::ListDeliveryPartnersResponse response;
  ASSERT_TRUE(List(Request(), &response).ok());
  ASSERT_EQ(response.delivery_partners_size(), 2);
  const v1::DeliveryPartner& dp1 = response.delivery_partners(0);
  EXPECT_EQ(dp1.id(), kDp1);
  EXPECT_EQ(dp1.name(), "Pennine");
  // LP2's 2022 relationship with DP1 is not LP1's.
  EXPECT_EQ(std::vector<int>(dp1.cohorts().begin(), dp1.cohorts().end()),
            (std::vector<int>{2021, 2022}));
  EXPECT_EQ(dp1.created_at().seconds(), 1735725600);  // 2025-01-01T10:00:00Z
  EXPECT_EQ(dp1.updated_at().seconds(), 1748772005);  // 2025-06-01T10:00:05Z
  const v1::DeliveryPartner& dp2 = response.delivery_partners(1);
  EXPECT_EQ(dp2.id(), kDp2);
  EXPECT_EQ(std::vector<int>(dp2.cohorts().begin(), dp2.cohorts().end()), (std::vector<int>{2021}));
  EXPECT_EQ(Ids(Request(kLp2)), "134");
}

TEST_F(DeliveryPartnersTest, FiltersByTheCallersYears) {
  v1::ListDeliveryPartnersRequest request = Request();
  request.set_filter_cohorts(true);
  request.add_cohorts(2022);
  EXPECT_EQ(Ids(request), "1");  // DP2's 2022 relationship is discarded
  request.add_cohorts(2021);
  EXPECT_EQ(Ids(request), "12");
  request.clear_cohorts();
  EXPECT_EQ(Ids(request), "");
  request.add_cohorts(2030);
  EXPECT_EQ(Ids(request), "");

  // A filtered partner still shows all of the caller's years.
  v1::ListDeliveryPartnersRequest only_2022 = Request();
  only_2022.set_filter_cohorts(true);
  only_2022.add_cohorts(2022);
  v1::ListDeliveryPartnersResponse response;
  ASSERT_TRUE(List(only_2022, &response).ok());
  ASSERT_EQ(response.delivery_partners_size(), 1);
  EXPECT_EQ(response.delivery_partners(0).cohorts_size(), 2);

  // LP2 has DP1 only in 2022, so its 2021 filter must not match DP1 through LP1's years.
  v1::ListDeliveryPartnersRequest lp2_2021 = Request(kLp2);
  lp2_2021.set_filter_cohorts(true);
  lp2_2021.add_cohorts(2021);
  EXPECT_EQ(Ids(lp2_2021), "3");
}

TEST_F(DeliveryPartnersTest, SortsWithIdAsTheTiebreaker) {
  v1::ListDeliveryPartnersRequest request = Request(kLp2);
  AddSort(request, v1::SortTerm::CREATED_AT, true);
  EXPECT_EQ(Ids(request), "431");
  request.clear_sort();
  AddSort(request, v1::SortTerm::UPDATED_AT, false);
  EXPECT_EQ(Ids(request), "431");
  request.clear_sort();
  AddSort(request, v1::SortTerm::UPDATED_AT, true);
  EXPECT_EQ(Ids(request), "134");

  Query(
      "WITH moved AS (UPDATE delivery_partners SET created_at = '2025-01-01T00:00:00Z' "
      "RETURNING 1) SELECT count(*) FROM moved");
  request.clear_sort();
  AddSort(request, v1::SortTerm::CREATED_AT, true);
  EXPECT_EQ(Ids(request), "134");
}

TEST_F(DeliveryPartnersTest, PagesInTheDatabase) {
  v1::ListDeliveryPartnersRequest request = Request(kLp2);
  request.mutable_page()->set_per_page(2);
  EXPECT_EQ(Ids(request), "13");
  request.mutable_page()->set_page(2);
  EXPECT_EQ(Ids(request), "4");
  request.mutable_page()->set_page(3);
  EXPECT_EQ(Ids(request), "");
  request.mutable_page()->set_per_page(100000);
  request.mutable_page()->set_page(1);
  EXPECT_EQ(Ids(request), "134");

  v1::ListDeliveryPartnersResponse response;
  request.mutable_page()->set_page(-1);
  EXPECT_EQ(List(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(List(Request("not-a-uuid"), &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DeliveryPartnersTest, GetsOneOfTheCallersPartners) {
  v1::DeliveryPartner partner;
  ASSERT_TRUE(Get(kLp1, kDp1, &partner).ok());
  EXPECT_EQ(partner.name(), "Pennine");
  EXPECT_EQ(partner.cohorts_size(), 2);
  EXPECT_EQ(Get(kLp1, "22222222-2222-4222-8222-00000000000A", &partner).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Get(kLp2, absl::AsciiStrToUpper(kDp3), &partner).ok());
  EXPECT_EQ(partner.id(), kDp3);

  for (const char* id :
       {kDp3, kDp4, kDp5, "not-a-uuid", "", "33333333-3333-4333-8333-000000000000"}) {
    grpc::Status status = Get(kLp1, id, &partner);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << id;
  }
}

// Partnerships and schools as the lead provider API reads them, on top of the delivery
// partners above. Schools S1 (eligible, main email), S2 (ineligible, LP2's partner in 2022),
// S3 (ineligible, unpartnered), S4 (eligible, alternative email only). Partnerships: P1 LP1-S1-
// DP1 2021; P2 LP1-S4-DP2 2021 (challenged); P3 LP1-S1-DP1 2022; P4 LP2-S2-DP3 2022; P5 LP1-S2-
// DP1 2022 as a relationship row.
class ApiReadsTest : public DeliveryPartnersTest {
 protected:
  static std::string School(int n) { return absl::StrCat("55555555-5555-4555-8555-00000000000", n); }
  static std::string Partnership(int n) {
    return absl::StrCat("44444444-4444-4444-8444-00000000000", n);
  }

  void SetUp() override {
    DeliveryPartnersTest::SetUp();
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec0(absl::StrCat(
        "INSERT INTO gias_schools (id, urn, name, type_code, status_code, open, in_england, "
        "eligible, cip_only, primary_contact_email, secondary_contact_email, created_at, "
        "updated_at) VALUES "
        "('", School(1), "', '100001', 'One', 1, 1, true, true, true, false, 'one@school.example', "
        "'head@one.example', '2025-01-01T10:00:00Z', '2025-01-02T00:00:00Z'), "
        "('", School(2), "', '100002', 'Two', 1, 2, false, true, false, false, NULL, NULL, "
        "'2025-01-01T10:01:00Z', '2025-01-02T00:00:00Z'), "
        "('", School(3), "', '100003', 'Three', 1, 2, false, true, false, false, NULL, NULL, "
        "'2025-01-01T10:02:00Z', '2025-01-02T00:00:00Z'), "
        "('", School(4), "', '100004', 'Four', 1, 1, true, true, true, false, NULL, "
        "'four@school.example', '2025-01-01T10:03:00Z', '2025-01-02T00:00:00Z')"));
    txn.exec0(absl::StrCat(
        "INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id, "
        "contract_period_year, challenged_at, challenge_reason, relationship, created_at, "
        "updated_at) VALUES "
        "('", Partnership(1), "', '", School(1), "', '", kLp1, "', '", kDp1, "', 2021, NULL, NULL, "
        "false, '2025-02-01T10:00:00Z', '2025-07-01T10:00:03Z'), "
        "('", Partnership(2), "', '", School(4), "', '", kLp1, "', '", kDp2, "', 2021, "
        "'2025-03-01T09:00:00Z', 'mistake', false, '2025-02-01T10:01:00Z', "
        "'2025-07-01T10:00:02Z'), "
        "('", Partnership(3), "', '", School(1), "', '", kLp1, "', '", kDp1, "', 2022, NULL, NULL, "
        "false, '2025-02-01T10:02:00Z', '2025-07-01T10:00:01Z'), "
        "('", Partnership(4), "', '", School(2), "', '", kLp2, "', '", kDp3, "', 2022, NULL, NULL, "
        "false, '2025-02-01T10:03:00Z', '2025-07-01T10:00:00Z'), "
        "('", Partnership(5), "', '", School(2), "', '", kLp1, "', '", kDp1, "', 2022, NULL, NULL, "
        "true, '2025-02-01T10:04:00Z', '2025-07-01T09:00:00Z')"));
    txn.exec0(absl::StrCat(
        "INSERT INTO school_cohorts (school_id, contract_period_year, "
        "induction_programme_choice, updated_at) VALUES "
        "('", School(1), "', 2021, 'full_induction_programme', '2025-08-01T00:00:00Z'), "
        "('", School(4), "', 2021, 'core_induction_programme', '2025-05-01T00:00:00Z'), "
        "('", School(1), "', 2022, 'no_early_career_teachers', '2025-05-01T00:00:00Z')"));
    txn.commit();
  }

  v1::ListPartnershipsRequest PartnershipsRequest(const std::string& lead_provider_id = kLp1) {
    v1::ListPartnershipsRequest request;
    request.set_lead_provider_id(lead_provider_id);
    return request;
  }

  grpc::Status ListPartnerships(const v1::ListPartnershipsRequest& request,
                                v1::ListPartnershipsResponse* response) {
    grpc::ClientContext context;
    return stub_->ListPartnerships(&context, request, response);
  }

  std::string Ids(const v1::ListPartnershipsRequest& request) {
    v1::ListPartnershipsResponse response;
    grpc::Status status = ListPartnerships(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::string ids;
    for (const v1::Partnership& partnership : response.partnerships()) {
      ids += partnership.id().back();
    }
    return ids;
  }

  grpc::Status GetPartnership(const std::string& lead_provider_id, const std::string& id,
                              v1::Partnership* partnership) {
    grpc::ClientContext context;
    v1::GetPartnershipRequest request;
    request.set_lead_provider_id(lead_provider_id);
    request.set_id(id);
    return stub_->GetPartnership(&context, request, partnership);
  }

  v1::ListApiSchoolsRequest SchoolsRequest(int cohort, const std::string& lead_provider_id = kLp1) {
    v1::ListApiSchoolsRequest request;
    request.set_lead_provider_id(lead_provider_id);
    request.set_cohort(cohort);
    return request;
  }

  grpc::Status ListSchools(const v1::ListApiSchoolsRequest& request,
                           v1::ListApiSchoolsResponse* response) {
    grpc::ClientContext context;
    return stub_->ListApiSchools(&context, request, response);
  }

  std::string Ids(const v1::ListApiSchoolsRequest& request) {
    v1::ListApiSchoolsResponse response;
    grpc::Status status = ListSchools(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::string ids;
    for (const v1::ApiSchool& school : response.schools()) ids += school.id().back();
    return ids;
  }

  grpc::Status GetSchool(const std::string& lead_provider_id, int cohort, const std::string& id,
                         v1::ApiSchool* school) {
    grpc::ClientContext context;
    v1::GetApiSchoolRequest request;
    request.set_lead_provider_id(lead_provider_id);
    request.set_cohort(cohort);
    request.set_id(id);
    return stub_->GetApiSchool(&context, request, school);
  }

  template <typename Request>
  static void AddSortTerm(Request& request, v1::SortTerm::Key key, bool descending) {
    v1::SortTerm* term = request.add_sort();
    term->set_key(key);
    term->set_descending(descending);
  }
};

TEST_F(ApiReadsTest, ListsOnlyTheCallersPartnershipsWithoutRelationshipRows) {
  v1::ListPartnershipsResponse response;
  ASSERT_TRUE(ListPartnerships(PartnershipsRequest(), &response).ok());
  ASSERT_EQ(response.partnerships_size(), 3);
  const v1::Partnership& p1 = response.partnerships(0);
  EXPECT_EQ(p1.id(), Partnership(1));
  EXPECT_EQ(p1.cohort(), 2021);
  EXPECT_EQ(p1.urn(), "100001");
  EXPECT_EQ(p1.school_id(), School(1));
  EXPECT_EQ(p1.delivery_partner_id(), kDp1);
  EXPECT_EQ(p1.delivery_partner_name(), "Pennine");
  EXPECT_FALSE(p1.challenged());
  EXPECT_EQ(p1.challenge_reason(), "");
  EXPECT_FALSE(p1.has_challenged_at());
  EXPECT_EQ(p1.school_email(), "one@school.example");
  EXPECT_EQ(p1.created_at().seconds(), 1738404000);  // 2025-02-01T10:00:00Z
  EXPECT_EQ(p1.updated_at().seconds(), 1751364003);  // 2025-07-01T10:00:03Z
  const v1::Partnership& p2 = response.partnerships(1);
  EXPECT_TRUE(p2.challenged());
  EXPECT_EQ(p2.challenge_reason(), "mistake");
  EXPECT_EQ(p2.challenged_at().seconds(), 1740819600);  // 2025-03-01T09:00:00Z
  EXPECT_EQ(p2.school_email(), "four@school.example");
  EXPECT_EQ(Ids(PartnershipsRequest(kLp2)), "4");
}

TEST_F(ApiReadsTest, FiltersPartnerships) {
  v1::ListPartnershipsRequest request = PartnershipsRequest();
  request.set_filter_cohorts(true);
  request.add_cohorts(2022);
  EXPECT_EQ(Ids(request), "3");
  request.add_cohorts(2021);
  EXPECT_EQ(Ids(request), "123");
  request.clear_cohorts();
  EXPECT_EQ(Ids(request), "");

  request = PartnershipsRequest();
  request.set_filter_delivery_partner_ids(true);
  request.add_delivery_partner_ids(kDp2);
  EXPECT_EQ(Ids(request), "2");
  request.clear_delivery_partner_ids();
  request.add_delivery_partner_ids(absl::AsciiStrToUpper(kDp1));
  request.add_delivery_partner_ids("not-a-uuid");
  EXPECT_EQ(Ids(request), "13");
  request.clear_delivery_partner_ids();
  request.add_delivery_partner_ids("not-a-uuid");
  EXPECT_EQ(Ids(request), "");
  request.add_delivery_partner_ids(kDp3);  // LP2's partner
  EXPECT_EQ(Ids(request), "");

  request = PartnershipsRequest();
  request.mutable_updated_since()->set_seconds(1751364002);  // inclusive
  EXPECT_EQ(Ids(request), "12");
  request.mutable_updated_since()->set_seconds(1751364004);
  EXPECT_EQ(Ids(request), "");
}

TEST_F(ApiReadsTest, SortsAndPagesPartnerships) {
  v1::ListPartnershipsRequest request = PartnershipsRequest();
  AddSortTerm(request, v1::SortTerm::UPDATED_AT, false);
  EXPECT_EQ(Ids(request), "321");
  request.clear_sort();
  AddSortTerm(request, v1::SortTerm::CREATED_AT, true);
  EXPECT_EQ(Ids(request), "321");
  request.clear_sort();
  request.mutable_page()->set_per_page(2);
  request.mutable_page()->set_page(2);
  EXPECT_EQ(Ids(request), "3");
  request.mutable_page()->set_page(3);
  EXPECT_EQ(Ids(request), "");
  v1::ListPartnershipsResponse response;
  request.mutable_page()->set_page(-1);
  EXPECT_EQ(ListPartnerships(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ListPartnerships(PartnershipsRequest("x"), &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiReadsTest, GetsOnlyTheCallersPartnerships) {
  v1::Partnership partnership;
  ASSERT_TRUE(GetPartnership(kLp1, Partnership(2), &partnership).ok());
  EXPECT_EQ(partnership.delivery_partner_name(), "Dales");
  EXPECT_EQ(partnership.challenge_reason(), "mistake");
  ASSERT_TRUE(GetPartnership(kLp2, Partnership(4), &partnership).ok());
  for (const std::string& id : {Partnership(4), Partnership(5), std::string("not-a-uuid"),
                                std::string(""), Partnership(9)}) {
    EXPECT_EQ(GetPartnership(kLp1, id, &partnership).error_code(), grpc::StatusCode::NOT_FOUND)
        << id;
  }
}

TEST_F(ApiReadsTest, ListsEligibleAndPartneredSchoolsOfTheYear) {
  EXPECT_EQ(Ids(SchoolsRequest(2021)), "14");
  EXPECT_EQ(Ids(SchoolsRequest(2022)), "124");  // S2 is partnered (by LP2) only in 2022
  EXPECT_EQ(Ids(SchoolsRequest(2022, kLp2)), "124");  // the same set for every lead provider
  EXPECT_EQ(Ids(SchoolsRequest(2030)), "");
  EXPECT_EQ(Ids(SchoolsRequest(0)), "");

  v1::ListApiSchoolsResponse response;
  ASSERT_TRUE(ListSchools(SchoolsRequest(2021), &response).ok());
  ASSERT_EQ(response.schools_size(), 2);
  const v1::ApiSchool& s1 = response.schools(0);
  EXPECT_EQ(s1.name(), "One");
  EXPECT_EQ(s1.urn(), "100001");
  EXPECT_EQ(s1.cohort(), 2021);
  EXPECT_TRUE(s1.in_partnership());
  EXPECT_EQ(s1.induction_programme_choice(), v1::ApiSchool::PROVIDER_LED);
  EXPECT_TRUE(s1.expression_of_interest());
  EXPECT_EQ(s1.school_email(), "one@school.example");
  EXPECT_EQ(s1.created_at().seconds(), 1735725600);  // the school row's
  EXPECT_EQ(s1.updated_at().seconds(), 1754006400);  // its 2021 school_cohorts row's
  const v1::ApiSchool& s4 = response.schools(1);
  EXPECT_FALSE(s4.in_partnership());  // P2 is challenged
  EXPECT_EQ(s4.induction_programme_choice(), v1::ApiSchool::SCHOOL_LED);
  EXPECT_TRUE(s4.expression_of_interest());  // sticky
  EXPECT_EQ(s4.updated_at().seconds(), 1751364002);  // P2's

  ASSERT_TRUE(ListSchools(SchoolsRequest(2022, kLp2), &response).ok());
  ASSERT_EQ(response.schools_size(), 3);
  EXPECT_TRUE(response.schools(0).in_partnership());
  EXPECT_FALSE(response.schools(0).expression_of_interest());
  EXPECT_EQ(response.schools(0).induction_programme_choice(), v1::ApiSchool::NOT_YET_KNOWN);
  EXPECT_TRUE(response.schools(1).in_partnership());
  EXPECT_TRUE(response.schools(1).expression_of_interest());
  EXPECT_EQ(response.schools(1).induction_programme_choice(), v1::ApiSchool::NOT_YET_KNOWN);
  EXPECT_FALSE(response.schools(2).in_partnership());
}

TEST_F(ApiReadsTest, FiltersSortsAndPagesSchools) {
  v1::ListApiSchoolsRequest request = SchoolsRequest(2021);
  request.set_urn("100004");
  EXPECT_EQ(Ids(request), "4");
  request.set_urn("100003");
  EXPECT_EQ(Ids(request), "");

  request = SchoolsRequest(2021);
  request.mutable_updated_since()->set_seconds(1754006400);  // inclusive
  EXPECT_EQ(Ids(request), "1");

  request = SchoolsRequest(2021);
  AddSortTerm(request, v1::SortTerm::UPDATED_AT, false);
  EXPECT_EQ(Ids(request), "41");
  request.clear_sort();
  AddSortTerm(request, v1::SortTerm::CREATED_AT, true);
  EXPECT_EQ(Ids(request), "41");

  request = SchoolsRequest(2022);
  request.mutable_page()->set_per_page(2);
  request.mutable_page()->set_page(2);
  EXPECT_EQ(Ids(request), "4");
  v1::ListApiSchoolsResponse response;
  request.mutable_page()->set_per_page(-5);
  EXPECT_EQ(ListSchools(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Relationship rows never make a school listed, partnered or the caller's interest, but their
// updates do count in the school's updated_at (the schools list reads each school's partnerships
// of the year once, for the schools of the page only).
TEST_F(ApiReadsTest, RelationshipRowsOnlyMoveASchoolsUpdatedAt) {
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec0(absl::StrCat(
        "INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id, "
        "contract_period_year, relationship, created_at, updated_at) VALUES "
        "('", Partnership(6), "', '", School(3), "', '", kLp1, "', '", kDp1, "', 2021, true, "
        "'2025-02-01T10:05:00Z', '2025-09-01T00:00:00Z'), "
        "('", Partnership(7), "', '", School(4), "', '", kLp1, "', '", kDp1, "', 2022, true, "
        "'2025-02-01T10:06:00Z', '2025-09-02T00:00:00Z')"));
    txn.commit();
  }
  EXPECT_EQ(Ids(SchoolsRequest(2021)), "14");  // S3 has only a relationship row
  v1::ApiSchool school;
  EXPECT_EQ(GetSchool(kLp1, 2021, School(3), &school).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(GetSchool(kLp1, 2022, School(4), &school).ok());
  EXPECT_FALSE(school.in_partnership());
  EXPECT_FALSE(school.expression_of_interest());
  EXPECT_EQ(school.updated_at().seconds(), 1756771200);  // 2025-09-02: the relationship row's

  v1::ListApiSchoolsRequest request = SchoolsRequest(2022);
  request.mutable_updated_since()->set_seconds(1756771200);
  EXPECT_EQ(Ids(request), "4");
  request = SchoolsRequest(2022);
  AddSortTerm(request, v1::SortTerm::UPDATED_AT, true);
  EXPECT_EQ(Ids(request), "412");
}

TEST_F(ApiReadsTest, GetsASchoolOnlyInItsYearsSet) {
  v1::ApiSchool school;
  ASSERT_TRUE(GetSchool(kLp1, 2021, School(1), &school).ok());
  EXPECT_EQ(school.name(), "One");
  EXPECT_TRUE(school.expression_of_interest());
  ASSERT_TRUE(GetSchool(kLp2, 2021, School(1), &school).ok());
  EXPECT_FALSE(school.expression_of_interest());
  ASSERT_TRUE(GetSchool(kLp1, 2022, School(2), &school).ok());
  EXPECT_FALSE(school.expression_of_interest());  // LP1's row with S2 is a relationship
  EXPECT_EQ(GetSchool(kLp1, 2021, School(2), &school).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetSchool(kLp1, 2022, School(3), &school).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetSchool(kLp1, 2030, School(1), &school).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetSchool(kLp1, 2021, "not-a-uuid", &school).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace rect::partnerships
