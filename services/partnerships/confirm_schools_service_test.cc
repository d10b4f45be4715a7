// "Confirm your schools", the partnership emails' hand-over and challenges, over gRPC against a
// real PostgreSQL database holding the §9 seed data.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/testing/service_fixture.h"
#include "services/common/tokens.h"
#include "services/partnerships/migrations.h"
#include "services/partnerships/partnership_mailer.h"
#include "services/partnerships/seed.h"
#include "services/partnerships/service.h"

namespace rect::partnerships {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";
constexpr char kDp1[] = "22222222-2222-4222-8222-000000000001";
constexpr char kDp4[] = "22222222-2222-4222-8222-000000000004";

// The example upload of partnerships.md §9.
constexpr char kSeedCsv[] =
    "URN\n100001\n100002\n\n 100003 \n020006\n100001\n100006\n100007\n100008\n100009\n100010\n"
    "100011\n100012\n100013\n100014\n100015\n100016\n100017\n20005\n999999\n";

// The notifications outbox as the mailer sees it, keeping what it is given by idempotency key.
// It can be made to fail before storing (an outage) or after storing (a lost reply).
class RecordingOutbox : public EmailOutbox {
 public:
  enum class Mode { kWorking, kDown, kStoresThenFails };
  absl::StatusOr<bool> Has(const std::string& key) override {
    if (mode == Mode::kDown) return absl::UnavailableError("notifications is down");
    return emails.count(key) > 0;
  }
  absl::Status Enqueue(const notifications::v1::EnqueueEmailRequest& request) override {
    if (mode == Mode::kDown) return absl::UnavailableError("notifications is down");
    ++enqueue_calls;
    auto [it, inserted] = emails.emplace(request.idempotency_key(), request);
    if (!inserted && it->second.SerializeAsString() != request.SerializeAsString()) {
      return absl::AlreadyExistsError("same key, another email");
    }
    if (mode == Mode::kStoresThenFails) return absl::DeadlineExceededError("reply lost");
    return absl::OkStatus();
  }
  std::vector<notifications::v1::EnqueueEmailRequest> To(const std::string& recipient) const {
    std::vector<notifications::v1::EnqueueEmailRequest> out;
    for (const auto& [key, email] : emails) {
      if (email.recipient() == recipient) out.push_back(email);
    }
    return out;
  }
  Mode mode = Mode::kWorking;
  int enqueue_calls = 0;
  std::map<std::string, notifications::v1::EnqueueEmailRequest> emails;
};

class Tutors : public InductionTutorDirectory {
 public:
  absl::StatusOr<std::map<std::string, InductionTutor>> TutorsOf(
      const std::vector<std::string>& urns) override {
    std::map<std::string, InductionTutor> out;
    for (const std::string& urn : urns) {
      if (urn == "100001") out[urn] = {"Sam Tutor", "sam.tutor@oakfield.example"};
    }
    return out;
  }
};

class Users : public LeadProviderUserDirectory {
 public:
  absl::StatusOr<std::vector<LeadProviderUser>> UsersOf(const std::string& id) override {
    if (id == kLp1) {
      return std::vector<LeadProviderUser>{{"u1", "Alice Northern", "alice@northern.example"},
                                           {"u2", "Bob Northern", "bob@northern.example"}};
    }
    return std::vector<LeadProviderUser>{};
  }
};

std::string TokenOf(const notifications::v1::EnqueueEmailRequest& email) {
  const std::string url = email.personalisation().at("challenge_url");
  return url.substr(url.find("token=") + 6);
}

class ConfirmSchoolsServiceTest : public ::testing::Test {
 protected:
  ConfirmSchoolsServiceTest()
      : db_(Migrations()),
        store_(db_.pool()),
        confirm_store_(db_.pool()),
        mailer_(db_.pool(), outbox_, &users_, random_, MailerOptions{absl::Seconds(1), 50, London()},
                [this] { return now_; }),
        service_(store_, Parts()),
        server_(service_),
        stub_(v1::PartnershipsService::NewStub(server_.channel())) {
    const absl::StatusOr<GiasImportReport> seeded = ApplySeed(db_.pool());
    EXPECT_TRUE(seeded.ok()) << seeded.status();
  }

  static absl::TimeZone London() {
    absl::TimeZone zone;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/London", &zone));
    return zone;
  }

  ConfirmSchoolsParts Parts() {
    ConfirmSchoolsParts parts;
    parts.store = &confirm_store_;
    parts.induction_tutors = &tutors_;
    parts.clock = [this] { return now_; };
    parts.zone = London();
    return parts;
  }

  grpc::Status Upload(const std::string& lp, const std::string& dp, int cohort,
                      const std::string& name, const std::string& contents, v1::CsvUpload* out) {
    grpc::ClientContext context;
    v1::CheckUploadRequest request;
    request.set_lead_provider_id(lp);
    request.set_delivery_partner_id(dp);
    request.set_cohort(cohort);
    request.set_file_name(name);
    request.set_contents(contents);
    return stub_->CheckUpload(&context, request, out);
  }

  grpc::Status Confirm(const std::string& lp, const std::string& id,
                       v1::ConfirmUploadResponse* out) {
    grpc::ClientContext context;
    v1::ConfirmUploadRequest request;
    request.set_lead_provider_id(lp);
    request.set_id(id);
    request.set_service_url("https://rect.example");
    return stub_->ConfirmUpload(&context, request, out);
  }

  grpc::Status GetChallenge(const std::string& token, v1::Challenge* out) {
    grpc::ClientContext context;
    v1::GetChallengeRequest request;
    request.set_token(token);
    return stub_->GetChallenge(&context, request, out);
  }

  grpc::Status Challenge(const std::string& token, const std::string& reason, v1::Challenge* out) {
    grpc::ClientContext context;
    v1::ChallengePartnershipRequest request;
    request.set_token(token);
    request.set_reason(reason);
    return stub_->ChallengePartnership(&context, request, out);
  }

  // Uploads and confirms the §9 file for LP1 and DP1 in 2021.
  v1::ConfirmUploadResponse ConfirmSeedUpload() {
    v1::CsvUpload upload;
    EXPECT_TRUE(Upload(kLp1, kDp1, 2021, "schools.csv", kSeedCsv, &upload).ok());
    v1::ConfirmUploadResponse confirmed;
    const grpc::Status status = Confirm(kLp1, upload.id(), &confirmed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return confirmed;
  }

  std::string Query(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::row row = txn.exec1(sql);
    txn.commit();
    return row[0].is_null() ? "NULL" : row[0].as<std::string>();
  }

  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2021, 9, 20, 10, 0, 0), absl::UTCTimeZone());
  testing::MigratedDatabase db_;
  PgPartnershipsStore store_;
  PgConfirmSchoolsStore confirm_store_;
  Tutors tutors_;
  Users users_;
  RecordingOutbox outbox_;
  SecureRandom random_;
  PartnershipMailer mailer_;
  PartnershipsServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::PartnershipsService::Stub> stub_;
};

TEST_F(ConfirmSchoolsServiceTest, TheSeedUploadHasThirteenErrorRowsAndSixValidSchools) {
  v1::CsvUpload upload;
  ASSERT_TRUE(Upload(kLp1, kDp1, 2021, "schools.csv", kSeedCsv, &upload).ok());
  EXPECT_EQ(upload.rows_size(), 19);
  EXPECT_EQ(upload.rows_with_errors(), 13);
  EXPECT_EQ(upload.delivery_partner_name(), "Pennine Schools Alliance");
  // File line → error, for every row.
  const std::vector<std::pair<int, std::string>> expected = {
      {1, "URN is not valid"},
      {2, ""},
      {3, ""},
      {5, ""},
      {6, ""},
      {8, "School not eligible for inductions"},
      {9, "School not eligible for inductions"},
      {10, "School not eligible for inductions"},
      {11, "School not eligible for inductions"},
      {12, "School not eligible for funding"},
      {13, "School not eligible for funding"},
      {14, "School not eligible for funding"},
      {15, "School not eligible for inductions"},
      {16, "School not eligible for funding"},
      {17, "Your school - already confirmed"},
      {18, "Recruited by other provider"},
      {19, ""},
      {20, ""},
      {21, "URN is not valid"},
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(upload.rows(i).row(), expected[i].first) << i;
    EXPECT_EQ(upload.rows(i).error(), expected[i].second) << i;
  }
  EXPECT_EQ(upload.rows(0).your_data(), "");
  EXPECT_EQ(upload.rows(0).school_name(), "");
  EXPECT_EQ(upload.rows(4).your_data(), "020006");
  EXPECT_EQ(upload.rows(14).school_name(), "Ashgrove Primary School");
  std::vector<std::string> valid;
  for (const v1::UploadSchool& school : upload.valid_schools()) valid.push_back(school.urn());
  EXPECT_EQ(valid, (std::vector<std::string>{"100001", "100002", "100003", "20006", "100017",
                                             "20005"}));
  EXPECT_EQ(Query(absl::StrCat("SELECT array_length(uploaded_urns, 1) FROM "
                               "partnership_csv_uploads WHERE id = '",
                               upload.id(), "'")),
            "20");

  // Read back by its lead provider only.
  grpc::ClientContext context;
  v1::GetUploadRequest get;
  get.set_lead_provider_id(kLp1);
  get.set_id(upload.id());
  v1::CsvUpload again;
  ASSERT_TRUE(stub_->GetUpload(&context, get, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), upload.SerializeAsString());
  grpc::ClientContext other_context;
  get.set_lead_provider_id(kLp2);
  EXPECT_EQ(stub_->GetUpload(&other_context, get, &again).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ConfirmSchoolsServiceTest, BadFilesAndPartnersAreRefusedWithTheirMessages) {
  v1::CsvUpload upload;
  grpc::Status status = Upload(kLp1, kDp1, 2021, "schools.xlsx", "100001", &upload);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "File must be a CSV");
  status = Upload(kLp1, kDp1, 2021, "big.csv", std::string(2 * 1024 * 1024 + 1, '1'), &upload);
  EXPECT_EQ(status.error_message(), "File must be less than 2mb.");
  status = Upload(kLp1, kDp1, 2021, "", "", &upload);
  EXPECT_EQ(status.error_message(), "Select a CSV file to upload.");
  status = Upload(kLp1, kDp1, 2021, "empty.csv", "\n,,\n", &upload);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = Upload(kLp1, kDp4, 2021, "schools.csv", "100001", &upload);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Query("SELECT count(*) FROM partnership_csv_uploads"), "0");
}

TEST_F(ConfirmSchoolsServiceTest, ConfirmingSavesEveryValidSchoolOnceWithEventsAndEmails) {
  const v1::ConfirmUploadResponse confirmed = ConfirmSeedUpload();
  EXPECT_EQ(confirmed.schools_confirmed(), 6);
  EXPECT_EQ(confirmed.delivery_partner_name(), "Pennine Schools Alliance");
  EXPECT_EQ(Query(absl::StrCat("SELECT count(*) FROM partnerships WHERE lead_provider_id = '",
                               kLp1, "' AND delivery_partner_id = '", kDp1, "'")),
            "6");
  EXPECT_EQ(Query("SELECT count(*) FROM event_log WHERE event = 'reported' AND "
                  "partnership_id IN (SELECT id FROM partnerships WHERE contract_period_year = "
                  "2021)"),
            "10");
  EXPECT_EQ(Query("SELECT count(*) FROM partnership_notification_emails"), "12");
  // The deadline: later of 2021-10-31 00:00 London and now + 14 days.
  EXPECT_EQ(Query("SELECT DISTINCT to_char(challenge_deadline AT TIME ZONE 'Europe/London', "
                  "'YYYY-MM-DD HH24:MI') FROM partnerships WHERE delivery_partner_id = '" +
                  std::string(kDp1) + "'"),
            "2021-10-31 00:00");
  // Every partnered school follows the provider-led programme in 2021.
  EXPECT_EQ(Query("SELECT count(*) FROM school_cohorts WHERE contract_period_year = 2021 AND "
                  "induction_programme_choice = 'full_induction_programme'"),
            "9");

  // Confirming the same upload again saves nothing more.
  v1::CsvUpload upload;
  ASSERT_TRUE(Upload(kLp1, kDp1, 2021, "again.csv", "100001\n", &upload).ok());
  EXPECT_EQ(upload.rows(0).error(), "Your school - already confirmed");
  v1::ConfirmUploadResponse twice;
  const std::string first_upload =
      Query("SELECT id FROM partnership_csv_uploads ORDER BY created_at LIMIT 1");
  EXPECT_EQ(Confirm(kLp1, first_upload, &twice).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Query("SELECT count(*) FROM partnerships WHERE contract_period_year = 2021"), "10");
}

TEST_F(ConfirmSchoolsServiceTest, EmailsGoToTheRightPeopleOnceEvenThroughOutagesAndLostReplies) {
  ConfirmSeedUpload();
  outbox_.mode = RecordingOutbox::Mode::kDown;
  EXPECT_FALSE(mailer_.RunOnce().ok());
  EXPECT_EQ(Query("SELECT count(*) FROM partnership_notification_emails "
                  "WHERE handed_over_at IS NOT NULL"),
            "0");

  // The reply to the first email is lost: the retry finds it stored and sends nothing again.
  outbox_.mode = RecordingOutbox::Mode::kStoresThenFails;
  EXPECT_FALSE(mailer_.RunOnce().ok());
  outbox_.mode = RecordingOutbox::Mode::kWorking;
  absl::StatusOr<int> handed = mailer_.RunOnce();
  ASSERT_TRUE(handed.ok()) << handed.status();
  EXPECT_EQ(outbox_.emails.size(), 6u);
  EXPECT_EQ(outbox_.enqueue_calls, 6);
  EXPECT_EQ(mailer_.RunOnce().value(), 0);

  const auto tutor = outbox_.To("sam.tutor@oakfield.example");
  ASSERT_EQ(tutor.size(), 1u);
  EXPECT_EQ(tutor[0].template_(), "partnership_confirmed_induction_tutor");
  EXPECT_EQ(tutor[0].personalisation().at("name"), "Sam Tutor");
  EXPECT_EQ(tutor[0].personalisation().at("lead_provider_name"), "Northern Teaching Trust");
  EXPECT_EQ(tutor[0].personalisation().at("delivery_partner_name"), "Pennine Schools Alliance");
  EXPECT_EQ(tutor[0].personalisation().at("challenge_deadline"), "31 October 2021");
  EXPECT_TRUE(absl::StartsWith(tutor[0].personalisation().at("challenge_url"),
                               "https://rect.example/report-incorrect-partnership?token="));
  const auto school = outbox_.To("office@riverside.example");
  ASSERT_EQ(school.size(), 1u);
  EXPECT_EQ(school[0].template_(), "partnership_confirmed_school");
  EXPECT_TRUE(absl::StrContains(school[0].personalisation().at("nominate_url"), "token="));
  EXPECT_EQ(outbox_.To("ecf-tech@digital.education.gov.uk").size(), 4u);  // no GIAS email

  // Each email's token is stored only as its digest, and opens the challenge form.
  for (const auto& [key, email] : outbox_.emails) {
    const std::string token = TokenOf(email);
    ASSERT_EQ(token.size(), 32u);
    EXPECT_EQ(Query("SELECT count(*) FROM partnership_notification_emails WHERE "
                    "token_digest = sha256('" + token + "')"),
              "1");
    v1::Challenge challenge;
    ASSERT_TRUE(GetChallenge(token, &challenge).ok());
    EXPECT_EQ(challenge.state(), v1::Challenge::OPEN);
  }
}

TEST_F(ConfirmSchoolsServiceTest, RemindersFollowAfterAWeekUnlessChallenged) {
  ConfirmSeedUpload();
  ASSERT_TRUE(mailer_.RunOnce().ok());
  const std::string token = TokenOf(outbox_.To("office@riverside.example")[0]);
  v1::Challenge challenged;
  ASSERT_TRUE(Challenge(token, "mistake", &challenged).ok());

  now_ += absl::Hours(24 * 7 + 1);
  ASSERT_TRUE(mailer_.RunOnce().ok());
  EXPECT_EQ(outbox_.To("office@riverside.example").size(), 1u);  // no reminder: challenged
  const auto tutor = outbox_.To("sam.tutor@oakfield.example");
  ASSERT_EQ(tutor.size(), 2u);
  EXPECT_NE(TokenOf(tutor[0]), TokenOf(tutor[1]));
  EXPECT_EQ(Query("SELECT count(*) FROM partnership_notification_emails WHERE skipped_at IS NOT "
                  "NULL"),
            "1");
}

TEST_F(ConfirmSchoolsServiceTest, AChallengeIsRecordedOnceAndEveryLeadProviderUserIsTold) {
  ConfirmSeedUpload();
  ASSERT_TRUE(mailer_.RunOnce().ok());
  const std::string token = TokenOf(outbox_.To("office@riverside.example")[0]);

  v1::Challenge challenge;
  EXPECT_EQ(Challenge(token, "", &challenge).error_message(),
            "Select a reason why you think this confirmation is incorrect");
  ASSERT_TRUE(Challenge(token, "no_ects", &challenge).ok());
  EXPECT_EQ(challenge.school_name(), "Riverside Academy");
  EXPECT_EQ(Challenge(token, "mistake", &challenge).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(GetChallenge(token, &challenge).ok());
  EXPECT_EQ(challenge.state(), v1::Challenge::ALREADY_CHALLENGED);
  EXPECT_EQ(Query("SELECT data->>'reason' || ' ' || (data->>'challenged_by') FROM event_log "
                  "WHERE event = 'challenged' ORDER BY created_at DESC LIMIT 1"),
            "no_ects school_link");
  EXPECT_EQ(Query("SELECT induction_programme_choice || ' ' || opt_out_of_updates FROM "
                  "school_cohorts sc JOIN gias_schools s ON s.id = sc.school_id WHERE "
                  "s.urn = '100002' AND contract_period_year = 2021"),
            "no_early_career_teachers true");

  ASSERT_TRUE(mailer_.RunOnce().ok());
  const auto alice = outbox_.To("alice@northern.example");
  ASSERT_EQ(alice.size(), 1u);
  EXPECT_EQ(alice[0].template_(), "partnership_challenged");
  EXPECT_EQ(alice[0].personalisation().at("reason"),
            "We do not have any early career teachers this year");
  EXPECT_EQ(alice[0].personalisation().at("school_urn"), "100002");
  EXPECT_EQ(outbox_.To("bob@northern.example").size(), 1u);

  // The lead provider sees the school with its reported error.
  grpc::ClientContext context;
  v1::ListLeadProviderSchoolsRequest list;
  list.set_lead_provider_id(kLp1);
  list.set_cohort(2021);
  list.set_search("riverside");
  v1::ListLeadProviderSchoolsResponse schools;
  ASSERT_TRUE(stub_->ListLeadProviderSchools(&context, list, &schools).ok());
  ASSERT_EQ(schools.schools_size(), 1);
  EXPECT_TRUE(schools.schools(0).challenged());
  EXPECT_EQ(schools.total(), 7);

  // A re-upload by the same lead provider reuses and clears the partnership.
  v1::CsvUpload upload;
  ASSERT_TRUE(Upload(kLp1, kDp1, 2021, "again.csv", "100002", &upload).ok());
  ASSERT_EQ(upload.valid_schools_size(), 1);
  v1::ConfirmUploadResponse confirmed;
  ASSERT_TRUE(Confirm(kLp1, upload.id(), &confirmed).ok());
  EXPECT_EQ(Query("SELECT count(*) FROM partnerships p JOIN gias_schools s ON s.id = p.school_id "
                  "WHERE s.urn = '100002' AND challenge_reason IS NULL"),
            "1");
  ASSERT_TRUE(GetChallenge(token, &challenge).ok());
  EXPECT_EQ(challenge.state(), v1::Challenge::OPEN);
}

TEST_F(ConfirmSchoolsServiceTest, LinksExpireAtTheDeadlineAndUnknownTokensAreNotFound) {
  ConfirmSeedUpload();
  ASSERT_TRUE(mailer_.RunOnce().ok());
  const std::string token = TokenOf(outbox_.To("office@riverside.example")[0]);
  v1::Challenge challenge;
  EXPECT_EQ(GetChallenge(std::string(32, 'a'), &challenge).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetChallenge("not-a-token", &challenge).error_code(), grpc::StatusCode::NOT_FOUND);
  now_ = absl::FromCivil(absl::CivilSecond(2021, 11, 1, 0, 0, 0), absl::UTCTimeZone());
  ASSERT_TRUE(GetChallenge(token, &challenge).ok());
  EXPECT_EQ(challenge.state(), v1::Challenge::EXPIRED);
  EXPECT_EQ(Challenge(token, "mistake", &challenge).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace rect::partnerships
