#include "services/registration/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/common/tokens.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

class RegistrationServiceTest : public ::testing::Test {
 protected:
  RegistrationServiceTest()
      : db_(Migrations()),
        store_(db_.pool()),
        service_(store_),
        server_(service_),
        stub_(v1::RegistrationService::NewStub(server_.channel())) {}

  grpc::Status Upsert(const std::string& trn, const std::string& first, const std::string& last,
                      const std::string& corrected, v1::UpsertTeacherResponse* response) {
    grpc::ClientContext context;
    v1::UpsertTeacherRequest request;
    request.set_trn(trn);
    request.set_trs_first_name(first);
    request.set_trs_last_name(last);
    request.set_corrected_name(corrected);
    return stub_->UpsertTeacher(&context, request, response);
  }

  grpc::Status Get(const std::string& trn, v1::Teacher* teacher) {
    grpc::ClientContext context;
    v1::GetTeacherRequest request;
    request.set_trn(trn);
    return stub_->GetTeacher(&context, request, teacher);
  }

  // Moves a teacher's timestamps a day back, so a later bump is visible in whole seconds.
  void Backdate(const std::string& trn) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec_params(
        "UPDATE teachers SET created_at = created_at - interval '1 day', "
        "updated_at = updated_at - interval '1 day' WHERE trn = $1",
        trn);
    txn.commit();
  }

  testing::MigratedDatabase db_;
  PgRegistrationStore store_;
  RegistrationServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::RegistrationService::Stub> stub_;
};

TEST_F(RegistrationServiceTest, CreatesATeacherThenFindsItByTrn) {
  v1::UpsertTeacherResponse upserted;
  ASSERT_TRUE(Upsert(" 7000013 ", " Jamal ", "Price", "", &upserted).ok());
  EXPECT_TRUE(upserted.created());
  const v1::Teacher& teacher = upserted.teacher();
  EXPECT_TRUE(IsUuid(teacher.id())) << teacher.id();
  EXPECT_EQ(teacher.trn(), "7000013");
  EXPECT_EQ(teacher.trs_first_name(), "Jamal");
  EXPECT_EQ(teacher.trs_last_name(), "Price");
  EXPECT_EQ(teacher.corrected_name(), "");
  EXPECT_EQ(teacher.display_name(), "Jamal Price");
  EXPECT_GT(teacher.created_at().seconds(), 0);
  EXPECT_EQ(teacher.updated_at().seconds(), teacher.created_at().seconds());

  v1::Teacher found;
  ASSERT_TRUE(Get("7000013", &found).ok());
  EXPECT_EQ(found.SerializeAsString(), teacher.SerializeAsString());
}

TEST_F(RegistrationServiceTest, RepeatingAnUpsertReturnsTheSameTeacherUnchanged) {
  v1::UpsertTeacherResponse first, second;
  ASSERT_TRUE(Upsert("7000013", "Jamal", "Price", "", &first).ok());
  Backdate("7000013");
  ASSERT_TRUE(Get("7000013", first.mutable_teacher()).ok());
  ASSERT_TRUE(Upsert("7000013", "Jamal", "Price", "", &second).ok());
  EXPECT_FALSE(second.created());
  EXPECT_EQ(second.teacher().SerializeAsString(), first.teacher().SerializeAsString());
}

TEST_F(RegistrationServiceTest, ExistingTeacherKeepsTrsNamesUntilTheTrsRefresh) {
  v1::UpsertTeacherResponse first, second;
  ASSERT_TRUE(Upsert("7000013", "Jamal", "Price", "", &first).ok());
  ASSERT_TRUE(Upsert("7000013", "James", "Pryce", "", &second).ok());
  EXPECT_EQ(second.teacher().trs_first_name(), "Jamal");
  EXPECT_EQ(second.teacher().trs_last_name(), "Price");
}

TEST_F(RegistrationServiceTest, CorrectedNameReplacesTheStoredOneAndBumpsUpdatedAt) {
  v1::UpsertTeacherResponse created;
  ASSERT_TRUE(
      Upsert("7000017", "Nia", "Wolstenholme-Featherstonehaugh", "Nia Wolstenholme", &created)
          .ok());
  EXPECT_EQ(created.teacher().display_name(), "Nia Wolstenholme");
  Backdate("7000017");
  v1::Teacher before;
  ASSERT_TRUE(Get("7000017", &before).ok());

  v1::UpsertTeacherResponse corrected;
  ASSERT_TRUE(Upsert("7000017", "Nia", "Wolstenholme-Featherstonehaugh", "Nia Featherstonehaugh",
                     &corrected)
                  .ok());
  EXPECT_FALSE(corrected.created());
  EXPECT_EQ(corrected.teacher().id(), created.teacher().id());
  EXPECT_EQ(corrected.teacher().corrected_name(), "Nia Featherstonehaugh");
  EXPECT_EQ(corrected.teacher().display_name(), "Nia Featherstonehaugh");
  EXPECT_EQ(corrected.teacher().created_at().seconds(), before.created_at().seconds());
  EXPECT_GT(corrected.teacher().updated_at().seconds(), before.updated_at().seconds());

  // No corrected name given: the stored one stays, and so does updated_at.
  Backdate("7000017");
  ASSERT_TRUE(Get("7000017", &before).ok());
  v1::UpsertTeacherResponse again;
  ASSERT_TRUE(Upsert("7000017", "Nia", "Wolstenholme-Featherstonehaugh", "", &again).ok());
  EXPECT_EQ(again.teacher().corrected_name(), "Nia Featherstonehaugh");
  EXPECT_EQ(again.teacher().updated_at().seconds(), before.updated_at().seconds());
}

TEST_F(RegistrationServiceTest, CorrectedNameOnAnExistingTeacherWithoutOne) {
  v1::UpsertTeacherResponse response;
  ASSERT_TRUE(Upsert("3002586", "Chloe", "Nolan", "", &response).ok());
  ASSERT_TRUE(Upsert("3002586", "Chloe", "Nolan", "Chloe Nolan-Hart", &response).ok());
  EXPECT_FALSE(response.created());
  v1::Teacher found;
  ASSERT_TRUE(Get("3002586", &found).ok());
  EXPECT_EQ(found.display_name(), "Chloe Nolan-Hart");
}

struct InvalidUpsert {
  std::string trn, first, last, corrected;
  std::string message;
};

TEST_F(RegistrationServiceTest, InvalidUpsertsAreRefusedWithReasons) {
  const std::string too_long_name(101, 'x');
  const InvalidUpsert cases[] = {
      {"", "Jamal", "Price", "", "trn must be exactly 7 digits"},
      {"700001", "Jamal", "Price", "", "trn must be exactly 7 digits"},
      {"70000133", "Jamal", "Price", "", "trn must be exactly 7 digits"},
      {"70000l3", "Jamal", "Price", "", "trn must be exactly 7 digits"},
      {"7000013", "", "Price", "", "trs_first_name is required"},
      {"7000013", "   ", "Price", "", "trs_first_name is required"},
      {"7000013", too_long_name, "Price", "", "trs_first_name must be 100 characters or fewer"},
      {"7000013", "Jamal", "", "", "trs_last_name is required"},
      {"7000013", "Jamal", too_long_name, "", "trs_last_name must be 100 characters or fewer"},
      {"7000013", "Jamal", "Price", std::string(71, 'c'),
       "corrected_name must be 70 characters or fewer"},
  };
  for (const InvalidUpsert& c : cases) {
    v1::UpsertTeacherResponse response;
    grpc::Status status = Upsert(c.trn, c.first, c.last, c.corrected, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.message;
    EXPECT_EQ(status.error_message(), c.message);
  }
  v1::Teacher teacher;
  EXPECT_EQ(Get("7000013", &teacher).error_code(), grpc::StatusCode::NOT_FOUND)
      << "nothing was stored";
}

TEST_F(RegistrationServiceTest, SeventyCharacterCorrectedNameIsAccepted) {
  v1::UpsertTeacherResponse response;
  ASSERT_TRUE(
      Upsert("7000017", "Nia", "Wolstenholme-Featherstonehaugh", std::string(70, 'n'), &response)
          .ok());
  EXPECT_EQ(response.teacher().corrected_name().size(), 70u);
}

TEST_F(RegistrationServiceTest, GetTeacherRefusesMalformedAndUnknownTrns) {
  v1::Teacher teacher;
  grpc::Status status = Get("12345", &teacher);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "trn must be exactly 7 digits");
  status = Get("7000002", &teacher);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no teacher with that TRN");
}

// A store that always fails, to check errors pass through with their code.
class UnavailableStore : public RegistrationStore {
 public:
  absl::StatusOr<UpsertedTeacher> UpsertTeacher(const TeacherDetails&) override {
    return absl::UnavailableError("database unavailable");
  }
  absl::StatusOr<TeacherRecord> GetTeacherByTrn(const std::string&) override {
    return absl::UnavailableError("database unavailable");
  }
};

TEST(RegistrationServiceErrors, StoreFailuresKeepTheirCode) {
  UnavailableStore store;
  RegistrationServiceImpl service(store);
  testing::InProcessServer server(service);
  auto stub = v1::RegistrationService::NewStub(server.channel());
  grpc::ClientContext upsert_context, get_context;
  v1::UpsertTeacherRequest upsert;
  upsert.set_trn("7000013");
  upsert.set_trs_first_name("Jamal");
  upsert.set_trs_last_name("Price");
  v1::UpsertTeacherResponse upserted;
  EXPECT_EQ(stub->UpsertTeacher(&upsert_context, upsert, &upserted).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  v1::GetTeacherRequest get;
  get.set_trn("7000013");
  v1::Teacher teacher;
  EXPECT_EQ(stub->GetTeacher(&get_context, get, &teacher).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace rect::registration
