// The seed against a migrated database: it applies, applies again without change, and gives
// each seeded lead provider its own participants, declarations and statements.
#include "services/registration/api/seed.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/api/service.h"
#include "services/registration/migrations.h"

namespace rect::registration::api {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";

TEST(SeedTest, AppliesTwiceAndScopesByProvider) {
  testing::MigratedDatabase db(Migrations());
  ASSERT_TRUE(ApplySeed(db.pool()).ok());
  auto counts = [&] {
    pqxx::connection c(db.conninfo());
    pqxx::read_transaction txn(c);
    return txn
        .exec(
            "SELECT (SELECT count(*) FROM schedules) || '/' || (SELECT count(*) FROM milestones)"
            " || '/' || (SELECT count(*) FROM teachers) || '/' || "
            "(SELECT count(*) FROM declarations) || '/' || (SELECT count(*) FROM statements)")[0][0]
        .as<std::string>();
  };
  const std::string first = counts();
  EXPECT_EQ(first, "60/405/15/6/14");
  ASSERT_TRUE(ApplySeed(db.pool()).ok());
  EXPECT_EQ(counts(), first);

  LeadProviderApiStore store(db.pool());
  const absl::Time now = absl::FromUnixSeconds(1763640000);
  ParticipantQuery query;
  query.lead_provider_id = kLp1;
  absl::StatusOr<std::vector<v1::Participant>> lp1 = store.ListParticipants(query, now);
  ASSERT_TRUE(lp1.ok()) << lp1.status();
  ASSERT_EQ(lp1->size(), 10u);
  // The last seeded starts a month after the seed ran.
  EXPECT_EQ(lp1->back().enrolments(0).participant_status(), "joining");
  query.lead_provider_id = kLp2;
  absl::StatusOr<std::vector<v1::Participant>> lp2 = store.ListParticipants(query, now);
  ASSERT_TRUE(lp2.ok());
  ASSERT_EQ(lp2->size(), 3u);
  EXPECT_EQ((*lp2)[1].enrolments(0).training_status(), "withdrawn");

  DeclarationQuery declarations;
  declarations.lead_provider_id = kLp1;
  absl::StatusOr<std::vector<v1::Declaration>> lp1_declarations =
      store.ListDeclarations(declarations);
  ASSERT_TRUE(lp1_declarations.ok()) << lp1_declarations.status();
  ASSERT_EQ(lp1_declarations->size(), 4u);
  EXPECT_EQ((*lp1_declarations)[0].state(), "paid");
  EXPECT_EQ((*lp1_declarations)[1].state(), "submitted");
  EXPECT_EQ((*lp1_declarations)[2].state(), "payable");
  EXPECT_EQ((*lp1_declarations)[3].state(), "paid");

  UnfundedMentorQuery mentors;
  mentors.lead_provider_id = kLp2;
  absl::StatusOr<std::vector<v1::UnfundedMentor>> lp2_mentors =
      store.ListUnfundedMentors(mentors, now);
  ASSERT_TRUE(lp2_mentors.ok()) << lp2_mentors.status();
  ASSERT_EQ(lp2_mentors->size(), 1u);
  EXPECT_EQ((*lp2_mentors)[0].email(), "farah.green@school.example");
  mentors.lead_provider_id = kLp1;
  EXPECT_TRUE(store.ListUnfundedMentors(mentors, now)->empty());

  StatementQuery statements;
  statements.lead_provider_id = kLp2;
  absl::StatusOr<std::vector<v1::Statement>> lp2_statements = store.ListStatements(statements);
  ASSERT_TRUE(lp2_statements.ok());
  EXPECT_EQ(lp2_statements->size(), 6u);
}

}  // namespace
}  // namespace rect::registration::api
