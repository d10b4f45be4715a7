#include "services/partnerships/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

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
}

}  // namespace
}  // namespace rect::partnerships
