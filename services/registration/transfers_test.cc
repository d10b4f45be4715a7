// Transfers: the derivation rules as a table, then over a migrated database the move of an ECT
// from school A (lead provider X) to school B (lead provider Y): both providers see one
// new_provider transfer with the dates, it completes once both dates have passed, a third
// provider sees nothing (404 on show), and X's participant status is no longer active after the
// leaving date.
#include "services/registration/transfers.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/api/store.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

using absl::CivilDay;

constexpr char kX[] = "11111111-1111-4111-8111-000000000001";
constexpr char kY[] = "11111111-1111-4111-8111-000000000002";
constexpr char kZ[] = "11111111-1111-4111-8111-000000000003";

TrainingStint Training(const std::string& provider, CivilDay start,
                       std::optional<CivilDay> finish) {
  return {provider, provider.empty() ? "" : "Provider " + provider.substr(provider.size() - 1),
          start, finish, absl::FromUnixSeconds(1000), absl::FromUnixSeconds(2000)};
}

TEST(TransfersOfTest, Table) {
  const CivilDay today(2026, 11, 23);
  const SchoolStint at_a_ended{"100001", CivilDay(2025, 9, 1), CivilDay(2026, 10, 31),
                               {Training(kX, CivilDay(2025, 9, 1), CivilDay(2026, 10, 31))}};
  const SchoolStint at_a_leaving{"100001", CivilDay(2025, 9, 1), CivilDay(2026, 12, 31),
                                 {Training(kX, CivilDay(2025, 9, 1), CivilDay(2026, 12, 31))}};
  const SchoolStint at_a_open{"100001", CivilDay(2025, 9, 1), std::nullopt,
                              {Training(kX, CivilDay(2025, 9, 1), std::nullopt)}};
  const SchoolStint at_a_training_open{"100001", CivilDay(2025, 9, 1), CivilDay(2026, 10, 31),
                                       {Training(kX, CivilDay(2025, 9, 1), std::nullopt)}};
  const SchoolStint at_b_with_y{"100002", CivilDay(2026, 11, 1), std::nullopt,
                                {Training(kY, CivilDay(2026, 11, 1), std::nullopt)}};
  const SchoolStint at_b_with_x{"100002", CivilDay(2026, 11, 1), std::nullopt,
                                {Training(kX, CivilDay(2026, 11, 1), std::nullopt)}};
  const SchoolStint at_b_later{"100002", CivilDay(2027, 1, 1), std::nullopt,
                               {Training(kY, CivilDay(2027, 1, 1), std::nullopt)}};
  const SchoolStint at_b_untrained{"100002", CivilDay(2026, 11, 1), std::nullopt, {}};
  const SchoolStint at_b_school_led{"100002", CivilDay(2026, 11, 1), std::nullopt,
                                    {Training("", CivilDay(2026, 11, 1), std::nullopt)}};
  const SchoolStint back_at_a{"100001", CivilDay(2026, 11, 1), std::nullopt,
                              {Training(kX, CivilDay(2026, 11, 1), std::nullopt)}};
  const struct {
    const char* name;
    std::vector<SchoolStint> stints;
    bool completed_induction;
    const char* provider;
    std::vector<std::string> expected;  // "type status", one per transfer
  } cases[] = {
      {"still at the school", {at_a_open}, false, kX, {}},
      {"left, training still open", {at_a_training_open}, false, kX, {}},
      {"left, nowhere yet", {at_a_ended}, false, kX, {"unknown complete"}},
      {"left, induction completed", {at_a_ended}, true, kX, {}},
      {"leaving in the future", {at_a_leaving}, false, kX, {"unknown incomplete"}},
      {"to another provider, as the leaving one", {at_a_ended, at_b_with_y}, false, kX,
       {"new_provider complete"}},
      {"to another provider, as the joining one", {at_b_with_y, at_a_ended}, false, kY,
       {"new_provider complete"}},
      {"to another provider, a third provider", {at_a_ended, at_b_with_y}, false, kZ, {}},
      {"same provider, new school", {at_a_ended, at_b_with_x}, false, kX, {"new_school complete"}},
      {"joining in the future", {at_a_ended, at_b_later}, false, kY, {"new_provider incomplete"}},
      {"next school has no training yet", {at_a_ended, at_b_untrained}, false, kX,
       {"unknown complete"}},
      {"to school-led training", {at_a_ended, at_b_school_led}, false, kX,
       {"new_provider complete"}},
      {"back at the same school", {at_a_ended, back_at_a}, false, kX, {}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> got;
    for (const DerivedTransfer& t : TransfersOf(c.stints, c.completed_induction, c.provider, today)) {
      got.push_back(absl::StrCat(TransferTypeName(t.type), t.complete ? " complete" : " incomplete"));
    }
    EXPECT_EQ(got, c.expected) << c.name;
  }
  // The ends of a move.
  std::vector<DerivedTransfer> moved = TransfersOf({at_a_ended, at_b_with_y}, false, kY, today);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].leaving_school_urn, "100001");
  EXPECT_EQ(*moved[0].leaving.finished_on, CivilDay(2026, 10, 31));
  ASSERT_TRUE(moved[0].joining.has_value());
  EXPECT_EQ(*moved[0].joining_school_urn, "100002");
  EXPECT_EQ(moved[0].joining->started_on, CivilDay(2026, 11, 1));
  EXPECT_EQ(moved[0].joining->lead_provider_name, "Provider 2");
}

class TransfersStoreTest : public ::testing::Test {
 protected:
  TransfersStoreTest() : db_(Migrations()), store_(db_.pool()), api_(db_.pool()) {
    Exec("INSERT INTO schedules (contract_period_year, identifier) "
         "VALUES (2025, 'ecf-standard-september')");
    teacher_ = Exec("INSERT INTO teachers (trn, trs_first_name, trs_last_name, "
                    "ect_first_became_eligible_for_training_at) VALUES ('7000019', 'Priya', "
                    "'Nair', '2025-09-01') RETURNING id");
    record_ = Exec("SELECT api_ect_training_record_id FROM teachers");
    at_a_ = Exec("INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email) "
                 "VALUES ('" + teacher_ + "', '100001', '2025-09-01', 'priya@example.org') "
                 "RETURNING id");
    Exec(absl::StrCat(
        "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
        "lead_provider_id, contract_period_year, school_partnership_id, schedule_id) SELECT '",
        at_a_, "', '2025-09-01', 'provider_led', '", kX,
        "', 2025, '55555555-5555-4555-8555-000000100015', id FROM schedules"));
  }

  std::string Exec(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::result r = txn.exec(sql);
    txn.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  // What the joining school's registration does: the old period ends the day before the new
  // start, with its training, and the new period starts with provider Y.
  void MoveToSchoolB(const std::string& start) {
    Exec("UPDATE training_periods SET finished_on = '" + start + "'::date - 1");
    Exec("UPDATE ect_at_school_periods SET finished_on = '" + start + "'::date - 1");
    const std::string at_b =
        Exec("INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email) "
             "VALUES ('" + teacher_ + "', '100002', '" + start +
             "', 'priya@example.org') RETURNING id");
    Exec(absl::StrCat(
        "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
        "lead_provider_id, contract_period_year, expression_of_interest_id, schedule_id) SELECT '",
        at_b, "', '", start, "', 'provider_led', '", kY,
        "', 2025, '33333333-3333-4333-8333-000000022025', id FROM schedules"));
  }

  std::string ParticipantStatus(const std::string& provider, absl::Time now) {
    absl::StatusOr<v1::Participant> p = api_.GetParticipant(provider, teacher_, now);
    if (!p.ok()) return p.status().ToString();
    return p->enrolments(0).participant_status();
  }

  testing::MigratedDatabase db_;
  TransfersStore store_;
  api::LeadProviderApiStore api_;
  std::string teacher_, record_, at_a_;
};

TEST_F(TransfersStoreTest, AnEctMovedToAnotherProviderIsANewProviderTransferForBoth) {
  const CivilDay before(2026, 12, 15);
  EXPECT_EQ(ParticipantStatus(kX, absl::FromCivil(before, absl::UTCTimeZone())), "active");
  ASSERT_TRUE(store_.Get(kX, teacher_, before).status().code() == absl::StatusCode::kNotFound);
  MoveToSchoolB("2027-01-04");

  for (const char* provider : {kX, kY}) {
    absl::StatusOr<std::vector<v1::ParticipantTransfers>> list =
        store_.List({provider}, before);
    ASSERT_TRUE(list.ok()) << list.status();
    ASSERT_EQ(list->size(), 1u) << provider;
    const v1::ParticipantTransfers& p = list->front();
    EXPECT_EQ(p.id(), teacher_);
    ASSERT_EQ(p.transfers_size(), 1);
    const v1::Transfer& t = p.transfers(0);
    EXPECT_EQ(t.training_record_id(), record_);
    EXPECT_EQ(t.transfer_type(), "new_provider");
    EXPECT_EQ(t.status(), "incomplete");
    EXPECT_EQ(t.leaving().school_urn(), "100001");
    EXPECT_EQ(t.leaving().provider(), "Northern Teaching Trust");
    EXPECT_EQ(t.leaving().date().year(), 2027);
    EXPECT_EQ(t.leaving().date().month(), 1);
    EXPECT_EQ(t.leaving().date().day(), 3);
    EXPECT_EQ(t.joining().school_urn(), "100002");
    EXPECT_EQ(t.joining().provider(), "Southern Learning Partnership");
    EXPECT_EQ(t.joining().date().day(), 4);
    absl::StatusOr<v1::ParticipantTransfers> shown = store_.Get(provider, teacher_, before);
    ASSERT_TRUE(shown.ok()) << shown.status();
    EXPECT_EQ(shown->transfers_size(), 1);
  }
  // Once both dates have passed the transfer is complete.
  const CivilDay after(2027, 1, 10);
  absl::StatusOr<v1::ParticipantTransfers> later = store_.Get(kX, teacher_, after);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->transfers(0).status(), "complete");
  // A provider in neither end sees nothing.
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> none = store_.List({kZ}, after);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(store_.Get(kZ, teacher_, after).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_.Get(kX, "not-a-uuid", after).status().code(), absl::StatusCode::kNotFound);
  // X's participant is leaving until the date, then left; never active again.
  EXPECT_EQ(ParticipantStatus(kX, absl::FromCivil(before, absl::UTCTimeZone())), "leaving");
  EXPECT_EQ(ParticipantStatus(kX, absl::FromCivil(after, absl::UTCTimeZone())), "left");
}

TEST_F(TransfersStoreTest, UpdatedSinceSortAndPages) {
  MoveToSchoolB("2027-01-04");
  const CivilDay today(2027, 1, 10);
  TransfersQuery query{kX};
  query.updated_since = absl::Now() + absl::Hours(1);
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> none = store_.List(query, today);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  query.updated_since = absl::Now() - absl::Hours(1);
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> one = store_.List(query, today);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  query.offset = 1;
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> past_end = store_.List(query, today);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->empty());
}

TEST_F(TransfersStoreTest, AMentorMovingSchoolWithTheSameProviderIsANewSchoolTransfer) {
  const std::string mentor_record = Exec("SELECT api_mentor_training_record_id FROM teachers");
  const std::string at_a = Exec(
      "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on, finished_on) "
      "VALUES ('" + teacher_ + "', '100003', '2025-09-01', '2026-08-31') RETURNING id");
  Exec(absl::StrCat(
      "INSERT INTO training_periods (mentor_at_school_period_id, started_on, finished_on, "
      "training_programme, lead_provider_id, contract_period_year, expression_of_interest_id, "
      "schedule_id) SELECT '", at_a, "', '2025-09-01', '2026-08-31', 'provider_led', '", kX,
      "', 2025, '33333333-3333-4333-8333-000000012025', id FROM schedules"));
  const std::string at_b = Exec(
      "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
      "VALUES ('" + teacher_ + "', '100004', '2026-09-01') RETURNING id");
  Exec(absl::StrCat(
      "INSERT INTO training_periods (mentor_at_school_period_id, started_on, "
      "training_programme, lead_provider_id, contract_period_year, expression_of_interest_id, "
      "schedule_id) SELECT '", at_b, "', '2026-09-01', 'provider_led', '", kX,
      "', 2025, '33333333-3333-4333-8333-000000012025', id FROM schedules"));
  absl::StatusOr<v1::ParticipantTransfers> shown = store_.Get(kX, teacher_, CivilDay(2026, 11, 23));
  ASSERT_TRUE(shown.ok()) << shown.status();
  ASSERT_EQ(shown->transfers_size(), 1);
  EXPECT_EQ(shown->transfers(0).training_record_id(), mentor_record);
  EXPECT_EQ(shown->transfers(0).transfer_type(), "new_school");
  EXPECT_EQ(shown->transfers(0).status(), "complete");
  EXPECT_EQ(shown->transfers(0).leaving().school_urn(), "100003");
  EXPECT_EQ(shown->transfers(0).joining().school_urn(), "100004");
  EXPECT_EQ(store_.Get(kY, teacher_, CivilDay(2026, 11, 23)).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TransfersStoreTest, LeavingWithNowhereToGoIsUnknownForTheLeavingProvider) {
  Exec("UPDATE training_periods SET finished_on = '2026-12-31'");
  Exec("UPDATE ect_at_school_periods SET finished_on = '2026-12-31'");
  absl::StatusOr<v1::ParticipantTransfers> shown = store_.Get(kX, teacher_, CivilDay(2026, 11, 23));
  ASSERT_TRUE(shown.ok()) << shown.status();
  ASSERT_EQ(shown->transfers_size(), 1);
  EXPECT_EQ(shown->transfers(0).transfer_type(), "unknown");
  EXPECT_EQ(shown->transfers(0).status(), "incomplete");
  EXPECT_FALSE(shown->transfers(0).has_joining());
  // Induction completed: leaving is no transfer.
  Exec("UPDATE teachers SET trs_induction_status = 'Passed'");
  EXPECT_EQ(store_.Get(kX, teacher_, CivilDay(2026, 11, 23)).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rect::registration
