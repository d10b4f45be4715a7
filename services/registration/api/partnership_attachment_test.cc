// PartnershipAttachment against PostgreSQL: expression-of-interest training joins the lead
// provider's partnership with the school once the partnerships service has one.
#include "services/registration/api/partnership_attachment.h"

#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/common/testing/service_fixture.h"
#include "services/registration/api/store.h"
#include "services/registration/migrations.h"

namespace rect::registration::api {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kPartnership[] = "55555555-5555-4555-8555-000000250015";
constexpr char kDp2[] = "22222222-2222-4222-8222-000000000002";

// LP1's expression-of-interest training in 2025: an ECT (1) and a mentor (3) at URN 100015,
// an ECT at URN 100016 (2), and an ECT at 100015 whose training ended in October (4).
constexpr char kFixtureSql[] = R"sql(
INSERT INTO schedules (id, contract_period_year, identifier) VALUES
  ('bbbbbbbb-0000-4000-8000-000000002025', 2025, 'ecf-standard-september');
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name, updated_at) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', '1000001', 'Ect', 'One', '2025-09-01 10:00Z'),
  ('aaaaaaaa-0000-4000-8000-000000000002', '1000002', 'Ect', 'Two', '2025-09-01 10:00Z'),
  ('aaaaaaaa-0000-4000-8000-000000000003', '1000003', 'Mentor', 'Three', '2025-09-01 10:00Z'),
  ('aaaaaaaa-0000-4000-8000-000000000004', '1000004', 'Ect', 'Four', '2025-09-01 10:00Z');
INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on) VALUES
  ('dddddddd-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', '100015',
   '2025-09-01'),
  ('dddddddd-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000002', '100016',
   '2025-09-01'),
  ('dddddddd-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000004', '100015',
   '2025-09-01');
INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on) VALUES
  ('eeeeeeee-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000003', '100015',
   '2025-09-01');
INSERT INTO training_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on,
                              finished_on, training_programme, lead_provider_id,
                              contract_period_year, expression_of_interest_id, schedule_id)
SELECT t.ect::uuid, t.mentor::uuid, '2025-09-01', t.finished::date, 'provider_led',
       '11111111-1111-4111-8111-000000000001', 2025, '33333333-3333-4333-8333-000000012025',
       'bbbbbbbb-0000-4000-8000-000000002025'
FROM (VALUES
  ('dddddddd-0000-4000-8000-000000000001', NULL, NULL),
  ('dddddddd-0000-4000-8000-000000000002', NULL, NULL),
  (NULL, 'eeeeeeee-0000-4000-8000-000000000003', NULL),
  ('dddddddd-0000-4000-8000-000000000004', NULL, '2025-10-31')
) AS t (ect, mentor, finished);
)sql";

class FakePartnerships : public SchoolPartnerships {
 public:
  absl::StatusOr<std::optional<SchoolPartnership>> Find(const std::string&, const std::string&,
                                                        int, const std::string&) override {
    return absl::UnimplementedError("not used here");
  }
  absl::StatusOr<std::vector<YearPartnership>> ListOfYear(const std::string& lead_provider_id,
                                                          int year) override {
    ++calls;
    if (!status.ok()) return status;
    return by_year[{lead_provider_id, year}];
  }
  absl::Status status;
  int calls = 0;
  std::map<std::pair<std::string, int>, std::vector<YearPartnership>> by_year;
};

// 2025-11-20 12:00Z.
const absl::Time kNow = absl::FromUnixSeconds(1763640000);

class PartnershipAttachmentTest : public ::testing::Test {
 protected:
  PartnershipAttachmentTest() : db_(Migrations(), 2), attachment_(db_.pool(), partnerships_) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec(kFixtureSql);
    txn.commit();
  }

  int64_t Count(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    return txn.exec(sql)[0][0].as<int64_t>();
  }

  std::vector<std::string> VisibleToLp1() {
    LeadProviderApiStore store(db_.pool());
    ParticipantQuery query;
    query.lead_provider_id = kLp1;
    std::vector<std::string> ids;
    absl::StatusOr<std::vector<v1::Participant>> participants = store.ListParticipants(query, kNow);
    EXPECT_TRUE(participants.ok()) << participants.status();
    if (!participants.ok()) return ids;
    for (const v1::Participant& p : *participants) ids.push_back(p.id());
    return ids;
  }

  testing::MigratedDatabase db_;
  FakePartnerships partnerships_;
  PartnershipAttachment attachment_;
};

TEST_F(PartnershipAttachmentTest, WaitingTrainingJoinsThePartnershipWithItsSchool) {
  // No partnership yet: nothing joins and nobody is visible.
  EXPECT_EQ(*attachment_.RunOnce(kNow), 0);
  EXPECT_TRUE(VisibleToLp1().empty());

  partnerships_.by_year[{kLp1, 2025}] = {
      {kPartnership, "100015", kDp2},
      {"55555555-5555-4555-8555-000000250099", "100099", kDp2}};
  EXPECT_EQ(*attachment_.RunOnce(kNow), 2);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM training_periods WHERE "
                               "school_partnership_id = '", kPartnership,
                               "' AND delivery_partner_id = '", kDp2,
                               "' AND expression_of_interest_id IS NOT NULL")),
            2);
  EXPECT_EQ(VisibleToLp1(), (std::vector<std::string>{"aaaaaaaa-0000-4000-8000-000000000001",
                                                       "aaaaaaaa-0000-4000-8000-000000000003"}));
  EXPECT_EQ(Count("SELECT count(*) FROM teachers WHERE updated_at = '2025-11-20 12:00Z'"), 2);
  // The ECT at 100016 still waits; the ended training stays as it was.
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE school_partnership_id IS NULL"), 2);
  EXPECT_EQ(*attachment_.RunOnce(kNow), 0);
}

TEST_F(PartnershipAttachmentTest, PartnershipsServiceDownLeavesItForTheNextPass) {
  partnerships_.status = absl::UnavailableError("down");
  EXPECT_EQ(attachment_.RunOnce(kNow).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE school_partnership_id IS NULL"), 4);
  partnerships_.status = absl::OkStatus();
  partnerships_.by_year[{kLp1, 2025}] = {{kPartnership, "100016", kDp2}};
  EXPECT_EQ(*attachment_.RunOnce(kNow), 1);
}

TEST_F(PartnershipAttachmentTest, AttachOneNewPartnershipAtOnce) {
  EXPECT_EQ(*attachment_.Attach(kLp1, 2025, {{kPartnership, "100016", kDp2}}, kNow), 1);
  EXPECT_EQ(VisibleToLp1(), (std::vector<std::string>{"aaaaaaaa-0000-4000-8000-000000000002"}));
  // Another year, another provider, or a URN that is not one: nothing.
  EXPECT_EQ(*attachment_.Attach(kLp1, 2024, {{kPartnership, "100015", kDp2}}, kNow), 0);
  EXPECT_EQ(*attachment_.Attach("11111111-1111-4111-8111-000000000002", 2025,
                                {{kPartnership, "100015", kDp2}}, kNow),
            0);
  EXPECT_EQ(*attachment_.Attach(kLp1, 2025, {{kPartnership, "100015,1", kDp2}}, kNow), 0);
  EXPECT_EQ(partnerships_.calls, 0);
}

TEST_F(PartnershipAttachmentTest, TrainingOnAPartnershipFollowsItsDeliveryPartner) {
  ASSERT_EQ(*attachment_.Attach(kLp1, 2025, {{kPartnership, "100015", kDp2}}, kNow), 2);
  constexpr char kDp3[] = "22222222-2222-4222-8222-000000000003";
  const absl::Time later = kNow + absl::Hours(1);
  EXPECT_EQ(*attachment_.Attach(kLp1, 2025, {{kPartnership, "100015", kDp3}}, later), 0);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM training_periods WHERE "
                               "school_partnership_id = '", kPartnership,
                               "' AND delivery_partner_id = '", kDp3, "'")),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM teachers WHERE updated_at = '2025-11-20 13:00Z'"), 2);
}

TEST(IsUrnTest, DigitsWithoutALeadingZero) {
  EXPECT_TRUE(IsUrn("100015"));
  EXPECT_TRUE(IsUrn("1"));
  EXPECT_FALSE(IsUrn(""));
  EXPECT_FALSE(IsUrn("020006"));
  EXPECT_FALSE(IsUrn("12345678"));
  EXPECT_FALSE(IsUrn("1000a5"));
  EXPECT_FALSE(IsUrn("1,2"));
}

TEST_F(PartnershipAttachmentTest, NothingWaitingAsksNothing) {
  pqxx::connection c(db_.conninfo());
  pqxx::work txn(c);
  txn.exec("UPDATE training_periods SET finished_on = '2025-11-01'");
  txn.commit();
  EXPECT_EQ(*attachment_.RunOnce(kNow), 0);
  EXPECT_EQ(partnerships_.calls, 0);
}

}  // namespace
}  // namespace rect::registration::api
