#include "services/partnerships/partnership_mailer.h"

#include <grpcpp/client_context.h>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/log.h"
#include "services/common/status.h"
#include "services/partnerships/confirm_schools.h"

namespace rect::partnerships {
namespace {

// Taken for a batch, so that one replica at a time draws tokens and hands emails over.
constexpr int64_t kHandOverLock = 0x7265637470617274;  // "rectpart"

std::string TemplateFor(absl::string_view email_type) {
  if (email_type == "induction_coordinator_email") return "partnership_confirmed_induction_tutor";
  if (email_type == "induction_coordinator_reminder_email") {
    return "partnership_reminder_induction_tutor";
  }
  if (email_type == "school_email") return "partnership_confirmed_school";
  return "partnership_reminder_school";
}

std::string PartnershipEmailKey(const std::string& id) {
  return absl::StrCat("partnership-notification-email:", id);
}

std::string ChallengeEmailKey(const std::string& id, const std::string& user_id) {
  return absl::StrCat("partnership-challenged:", id, ":", user_id);
}

std::string Join(absl::string_view base, absl::string_view path) {
  absl::ConsumeSuffix(&base, "/");
  return absl::StrCat(base, path);
}

}  // namespace

GrpcEmailOutbox::GrpcEmailOutbox(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline)
    : stub_(notifications::v1::NotificationsService::NewStub(std::move(channel))),
      deadline_(deadline) {}

absl::StatusOr<bool> GrpcEmailOutbox::Has(const std::string& idempotency_key) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  notifications::v1::ListEmailsRequest request;
  request.set_idempotency_key(idempotency_key);
  request.set_page_size(1);
  notifications::v1::ListEmailsResponse response;
  RETURN_IF_ERROR(FromGrpcStatus(stub_->ListEmails(&context, request, &response)));
  return response.emails_size() > 0;
}

absl::Status GrpcEmailOutbox::Enqueue(const notifications::v1::EnqueueEmailRequest& request) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  notifications::v1::EnqueueEmailResponse response;
  return FromGrpcStatus(stub_->EnqueueEmail(&context, request, &response));
}

PartnershipMailer::PartnershipMailer(PgPool& pool, EmailOutbox& outbox,
                                     LeadProviderUserDirectory* users, RandomSource& random,
                                     MailerOptions options, Clock clock)
    : pool_(pool),
      outbox_(outbox),
      users_(users),
      random_(random),
      options_(std::move(options)),
      clock_(std::move(clock)) {}

PartnershipMailer::~PartnershipMailer() { Stop(); }

void PartnershipMailer::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void PartnershipMailer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PartnershipMailer::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

void PartnershipMailer::Loop() {
  absl::Duration wait = options_.poll_interval;
  while (true) {
    absl::StatusOr<int> done = RunOnce();
    if (!done.ok()) {
      log::Warning("partnership emails not handed over; will retry",
                   {{"error", done.status().ToString()},
                    {"retry_in_ms", absl::ToInt64Milliseconds(wait)}});
    }
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, absl::ToChronoMilliseconds(done.ok() ? options_.poll_interval : wait),
                   [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
    wait = done.ok() ? options_.poll_interval : std::min(wait * 2, absl::Seconds(60));
  }
}

absl::StatusOr<int> PartnershipMailer::RunOnce() {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<int> {
    // Held by this transaction for the batch, so it is released however the batch ends.
    pqxx::work batch(c);
    if (!batch.exec_params1("SELECT pg_try_advisory_xact_lock($1)", kHandOverLock)[0].as<bool>()) {
      return 0;
    }
    const pqxx::result due = batch.exec_params(
        "SELECT id FROM partnership_notification_emails WHERE handed_over_at IS NULL "
        "AND skipped_at IS NULL AND send_after <= to_timestamp($1::double precision / 1e6) "
        "ORDER BY send_after, id LIMIT $2",
        absl::ToUnixMicros(clock_()), options_.batch_size);
    const pqxx::result challenges = batch.exec_params(
        "SELECT id FROM challenge_notifications WHERE handed_over_at IS NULL "
        "ORDER BY created_at, id LIMIT $1",
        options_.batch_size);
    int done = 0;
    for (const pqxx::row& row : due) {
      ASSIGN_OR_RETURN(const bool handed, HandOverPartnershipEmail(row[0].as<std::string>()));
      if (handed) ++done;
    }
    if (users_ != nullptr) {
      for (const pqxx::row& row : challenges) {
        ASSIGN_OR_RETURN(const bool handed,
                         HandOverChallengeNotification(row[0].as<std::string>()));
        if (handed) ++done;
      }
    }
    batch.commit();
    return done;
  });
}

absl::StatusOr<bool> PartnershipMailer::HandOverPartnershipEmail(const std::string& id) {
  struct Facts {
    std::string email_type, sent_to, recipient_name, service_url, school_name, lp_name, dp_name;
    std::string school_id;
    bool challenged = false;
    std::string first_report_id, current_report_id;
    bool done = false;
    int cohort = 0;
    absl::Time deadline;
  };
  ASSIGN_OR_RETURN(
      Facts facts, pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<Facts> {
        pqxx::read_transaction txn(c);
        const pqxx::result rows = txn.exec_params(
            "SELECT e.email_type::text, e.sent_to::text, coalesce(e.recipient_name, ''), "
            "coalesce(e.service_url, ''), s.name, lp.name, dp.name, s.id, "
            "p.challenge_reason IS NOT NULL, coalesce(e.report_id::text, ''), p.report_id::text, "
            "e.handed_over_at IS NOT NULL OR e.skipped_at IS NOT NULL, p.contract_period_year, "
            "(extract(epoch FROM coalesce(p.challenge_deadline, now())) * 1000000)::bigint "
            "FROM partnership_notification_emails e JOIN partnerships p ON p.id = e.partnership_id "
            "JOIN gias_schools s ON s.id = p.school_id "
            "JOIN lead_providers lp ON lp.id = p.lead_provider_id "
            "JOIN delivery_partners dp ON dp.id = p.delivery_partner_id WHERE e.id = $1",
            id);
        if (rows.empty()) return absl::NotFoundError("no such partnership email");
        const pqxx::row r = rows[0];
        Facts f;
        f.email_type = r[0].as<std::string>();
        f.sent_to = r[1].as<std::string>();
        f.recipient_name = r[2].as<std::string>();
        f.service_url = r[3].as<std::string>();
        f.school_name = r[4].as<std::string>();
        f.lp_name = r[5].as<std::string>();
        f.dp_name = r[6].as<std::string>();
        f.school_id = r[7].as<std::string>();
        f.challenged = r[8].as<bool>();
        f.first_report_id = r[9].as<std::string>();
        f.current_report_id = r[10].as<std::string>();
        f.done = r[11].as<bool>();
        f.cohort = r[12].as<int>();
        f.deadline = absl::FromUnixMicros(r[13].as<int64_t>());
        return f;
      }));
  if (facts.done) return false;
  const bool reminder = absl::EndsWith(facts.email_type, "reminder_email");
  if (reminder &&
      !ShouldSendReminder(facts.challenged, facts.first_report_id, facts.current_report_id)) {
    RETURN_IF_ERROR(pool_.Transact([&](pqxx::work& txn) -> absl::Status {
      txn.exec_params0(
          "UPDATE partnership_notification_emails SET skipped_at = now() WHERE id = $1", id);
      return absl::OkStatus();
    }));
    return true;
  }

  const std::string key = PartnershipEmailKey(id);
  ASSIGN_OR_RETURN(const bool stored, outbox_.Has(key));
  if (!stored) {
    // A fresh token, committed before the email leaves: if a crash comes before the email is
    // stored, the next attempt draws another; once stored, the next attempt finds it above.
    const std::string token = NewHexToken(random_);
    const bool school_email = !absl::StartsWith(facts.email_type, "induction_coordinator");
    const std::string nomination_token = NewHexToken(random_);
    RETURN_IF_ERROR(pool_.Transact([&](pqxx::work& txn) -> absl::Status {
      txn.exec_params0(
          "UPDATE partnership_notification_emails SET token_digest = $2 WHERE id = $1", id,
          pqxx::binarystring(Sha256(token)));
      if (school_email) {
        txn.exec_params0(
            "DELETE FROM nomination_emails WHERE partnership_notification_email_id = $1", id);
        txn.exec_params0(
            "INSERT INTO nomination_emails (school_id, token_digest, sent_to, "
            "partnership_notification_email_id) VALUES ($1, $2, $3, $4)",
            facts.school_id, pqxx::binarystring(Sha256(nomination_token)), facts.sent_to, id);
      }
      return absl::OkStatus();
    }));
    PartnershipEmailFacts email_facts;
    email_facts.recipient.induction_tutor_name = facts.recipient_name;
    if (!school_email) email_facts.recipient.induction_tutor_email = facts.sent_to;
    email_facts.lead_provider_name = facts.lp_name;
    email_facts.delivery_partner_name = facts.dp_name;
    email_facts.school_name = facts.school_name;
    email_facts.cohort_start_year = facts.cohort;
    email_facts.challenge_deadline = facts.deadline;
    email_facts.zone = options_.zone;
    email_facts.challenge_url = ChallengeUrl(facts.service_url, token);
    email_facts.sign_in_url = Join(facts.service_url, "/");
    email_facts.nominate_url =
        Join(facts.service_url, absl::StrCat("/nominations/start?token=", nomination_token));
    const PartnershipEmail email =
        BuildPartnershipEmail(email_facts, reminder ? EmailKind::kReminder : EmailKind::kConfirmation);
    notifications::v1::EnqueueEmailRequest request;
    request.set_template_(TemplateFor(facts.email_type));
    request.set_recipient(facts.sent_to);
    for (const auto& [field, value] : email.personalisation) {
      if (!value.empty()) (*request.mutable_personalisation())[field] = value;
    }
    request.set_idempotency_key(key);
    RETURN_IF_ERROR(outbox_.Enqueue(request));
  }
  RETURN_IF_ERROR(pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params0(
        "UPDATE partnership_notification_emails SET handed_over_at = now(), "
        "notify_status = 'queued' WHERE id = $1",
        id);
    return absl::OkStatus();
  }));
  return true;
}

absl::StatusOr<bool> PartnershipMailer::HandOverChallengeNotification(const std::string& id) {
  struct Facts {
    ChallengeNotificationFacts email;
    std::string lead_provider_id;
    bool done = false;
  };
  ASSIGN_OR_RETURN(
      Facts facts, pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<Facts> {
        pqxx::read_transaction txn(c);
        const pqxx::result rows = txn.exec_params(
            "SELECT s.name, s.urn, dp.name, lp.name, lp.id, n.reason::text, "
            "p.contract_period_year, n.handed_over_at IS NOT NULL "
            "FROM challenge_notifications n JOIN partnerships p ON p.id = n.partnership_id "
            "JOIN gias_schools s ON s.id = p.school_id "
            "JOIN lead_providers lp ON lp.id = p.lead_provider_id "
            "JOIN delivery_partners dp ON dp.id = p.delivery_partner_id WHERE n.id = $1",
            id);
        if (rows.empty()) return absl::NotFoundError("no such challenge notification");
        const pqxx::row r = rows[0];
        Facts f;
        f.email.school_name = r[0].as<std::string>();
        f.email.school_urn = r[1].as<std::string>();
        f.email.delivery_partner_name = r[2].as<std::string>();
        f.email.lead_provider_name = r[3].as<std::string>();
        f.lead_provider_id = r[4].as<std::string>();
        const std::optional<ChallengeReason> reason = ParseChallengeReason(r[5].as<std::string>());
        if (!reason) return absl::InternalError("unknown challenge reason");
        f.email.reason = *reason;
        f.email.cohort_start_year = r[6].as<int>();
        f.done = r[7].as<bool>();
        return f;
      }));
  if (facts.done) return false;
  ASSIGN_OR_RETURN(const std::vector<LeadProviderUser> users,
                   users_->UsersOf(facts.lead_provider_id));
  for (const LeadProviderUser& user : users) {
    const std::string key = ChallengeEmailKey(id, user.id);
    ASSIGN_OR_RETURN(const bool stored, outbox_.Has(key));
    if (stored) continue;
    ChallengeNotificationFacts email = facts.email;
    email.user_name = user.full_name;
    notifications::v1::EnqueueEmailRequest request;
    request.set_template_("partnership_challenged");
    request.set_recipient(user.email);
    for (const auto& [field, value] : ChallengeNotificationPersonalisation(email)) {
      (*request.mutable_personalisation())[field] = value;
    }
    request.set_idempotency_key(key);
    RETURN_IF_ERROR(outbox_.Enqueue(request));
  }
  RETURN_IF_ERROR(pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params0("UPDATE challenge_notifications SET handed_over_at = now() WHERE id = $1",
                     id);
    return absl::OkStatus();
  }));
  return true;
}

}  // namespace rect::partnerships
