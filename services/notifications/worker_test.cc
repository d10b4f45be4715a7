// The delivery worker over a migrated database and the local Notify, in-process: one delivery
// per idempotency key, retries with back-off, permanent failures, leases that run out, and
// the reference lookup that keeps a retry from sending twice.
#include "services/notifications/worker.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <future>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/http_client.h"
#include "services/common/testing/service_fixture.h"
#include "services/common/tokens.h"
#include "services/notifications/migrations.h"
#include "services/notifications/store.h"
#include "tests/fakes/notify/fake_notify_server.h"

namespace rect::notifications {
namespace {

constexpr char kTemplateId[] = "f33517ff-2a88-4f6e-b855-c550268ce08a";

double Sample(prometheus::Registry& registry, const std::string& family,
              const std::map<std::string, std::string>& labels) {
  for (const prometheus::MetricFamily& f : registry.Collect()) {
    if (f.name != family) continue;
    for (const prometheus::ClientMetric& metric : f.metric) {
      std::map<std::string, std::string> found;
      for (const auto& label : metric.label) found[label.name] = label.value;
      if (found == labels)
        return f.type == prometheus::MetricType::Gauge ? metric.gauge.value : metric.counter.value;
    }
  }
  return -1;
}

class WorkerTest : public ::testing::Test {
 protected:
  WorkerTest()
      : db_(Migrations(), /*pool_size=*/8),
        sealer_(std::string(PersonalisationSealer::kKeySize, 'k'), random_),
        store_(db_.pool(), sealer_),
        queue_(db_.pool(), random_, sealer_),
        fake_(fakes::LocalFakeNotifyOptions()),
        metrics_(registry_) {}

  void SetUp() override { ASSERT_TRUE(fake_.Start().ok()); }

  std::unique_ptr<NotifyClient> Client(absl::Duration timeout = absl::Milliseconds(300)) {
    return std::make_unique<NotifyClient>(
        NotifyClient::Options{fake_.base_url(), *ParseNotifyApiKey(kLocalNotifyApiKey), timeout},
        http_);
  }

  static DeliveryOptions Options() {
    DeliveryOptions options;
    options.worker_name = "test";
    options.threads = 2;
    options.batch_size = 10;
    options.poll_interval = absl::Milliseconds(20);
    options.lease = absl::Seconds(2);
    options.max_attempts = 5;
    options.retry = {absl::Milliseconds(1), absl::Milliseconds(4)};
    for (const EmailTemplate& t : EmailTemplates()) options.template_ids[t.name] = kTemplateId;
    return options;
  }

  std::unique_ptr<DeliveryWorker> Worker(const NotifyClient& client,
                                         DeliveryOptions options = Options()) {
    return std::make_unique<DeliveryWorker>(std::move(options), queue_, client, &metrics_,
                                            &absl::Now, [] { return 0.5; });
  }

  std::string Enqueue(const std::string& key, const std::string& recipient = "ann@example.com") {
    NewEmail email{"sign_in_link",
                   recipient,
                   {{"full_name", "Ann Lee"},
                    {"sign_in", "https://rect.test/sign-in/" + key},
                    {"token_expiry", "5 March 2026, 2:30 PM"}},
                   key};
    absl::StatusOr<EnqueueResult> result = store_.EnqueueEmail(email);
    EXPECT_TRUE(result.ok()) << result.status();
    return result->email.id;
  }

  EmailRecord Get(const std::string& id) { return *store_.GetEmail(id); }

  // Runs batches on this thread until `done` or the time limit.
  bool DeliverUntil(DeliveryWorker& worker, const std::function<bool()>& done,
                    absl::Duration limit = absl::Seconds(10)) {
    const absl::Time until = absl::Now() + limit;
    while (!done()) {
      if (absl::Now() > until) return false;
      EXPECT_TRUE(worker.DeliverBatch("test/0").ok());
      absl::SleepFor(absl::Milliseconds(5));
    }
    return true;
  }

  int CountWhere(const std::string& condition) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    return txn.exec1("SELECT count(*) FROM emails WHERE " + condition)[0].as<int>();
  }

  testing::MigratedDatabase db_;
  SecureRandom random_;
  PersonalisationSealer sealer_;
  PgNotificationsStore store_;
  DeliveryQueue queue_;
  fakes::FakeNotifyServer fake_;
  HttpClient http_;
  prometheus::Registry registry_;
  DeliveryMetrics metrics_;
};

TEST_F(WorkerTest, OneKeyEnqueuedTwiceIsDeliveredOnce) {
  const std::string id = Enqueue("sign-in:1");
  EXPECT_EQ(Enqueue("sign-in:1"), id);
  auto client = Client();
  auto worker = Worker(*client);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 1);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 0);

  const std::vector<fakes::FakeEmail> sent = fake_.notify().Emails();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].reference, "sign-in:1");
  EXPECT_EQ(sent[0].email_address, "ann@example.com");
  EXPECT_EQ(sent[0].template_id, kTemplateId);
  EXPECT_EQ(sent[0].personalisation.at("sign_in"), "https://rect.test/sign-in/sign-in:1");
  const EmailRecord email = Get(id);
  EXPECT_EQ(email.status, EmailStatus::kSent);
  EXPECT_EQ(email.notify_id, sent[0].id);
  EXPECT_EQ(email.attempts, 1);
  EXPECT_TRUE(email.sent_at.has_value());
  EXPECT_FALSE(email.next_attempt_at.has_value());
  EXPECT_EQ(
      Sample(registry_, "rect_notifications_emails_sent_total", {{"template", "sign_in_link"}}), 1);
}

TEST_F(WorkerTest, ThreeFailuresThenDeliveredOnTheFourthAttempt) {
  const std::string id = Enqueue("sign-in:2");
  fake_.notify().FailNext(3, 500);
  auto client = Client();
  auto worker = Worker(*client);
  ASSERT_TRUE(DeliverUntil(*worker, [&] { return Get(id).status == EmailStatus::kSent; }));

  const EmailRecord email = Get(id);
  EXPECT_EQ(email.attempts, 4);
  EXPECT_EQ(fake_.notify().send_requests(), 4);
  EXPECT_EQ(fake_.notify().lookup_requests(), 0) << "a 500 means Notify kept nothing";
  ASSERT_EQ(fake_.notify().Emails({}, "sign-in:2").size(), 1u);
  EXPECT_EQ(email.notify_id, fake_.notify().Emails()[0].id);
  EXPECT_EQ(Sample(registry_, "rect_notifications_delivery_retries_total",
                   {{"template", "sign_in_link"}, {"reason", "server_error"}}),
            3);
}

TEST_F(WorkerTest, RetriesWaitForTheirBackOff) {
  const std::string id = Enqueue("sign-in:backoff");
  fake_.notify().FailNext(1, 429);
  auto client = Client();
  DeliveryOptions options = Options();
  options.retry = {absl::Seconds(30), absl::Minutes(5)};
  auto worker = Worker(*client, options);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 1);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 0) << "not due for 15 s (30 s, half jitter)";
  const EmailRecord email = Get(id);
  EXPECT_EQ(email.status, EmailStatus::kPending);
  EXPECT_EQ(email.attempts, 1);
  EXPECT_NE(email.last_error.find("Notify 429 RateLimitError"), std::string::npos);
  ASSERT_TRUE(email.next_attempt_at.has_value());
  EXPECT_GE(*email.next_attempt_at, absl::Now() + absl::Seconds(20));
  EXPECT_LE(*email.next_attempt_at, absl::Now() + absl::Seconds(25));
}

TEST_F(WorkerTest, PermanentErrorFailsWithoutRetrying) {
  const std::string id = Enqueue("sign-in:3");
  fake_.notify().FailNext(1, 400);
  auto client = Client();
  auto worker = Worker(*client);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 1);
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 0);

  const EmailRecord email = Get(id);
  EXPECT_EQ(email.status, EmailStatus::kFailed);
  EXPECT_EQ(email.attempts, 1);
  EXPECT_EQ(email.last_error, "Notify 400 BadRequestError: Injected failure: bad request");
  EXPECT_FALSE(email.next_attempt_at.has_value());
  EXPECT_EQ(fake_.notify().send_requests(), 1);
  EXPECT_EQ(fake_.notify().email_count(), 0u);
  EXPECT_EQ(
      Sample(registry_, "rect_notifications_emails_failed_total", {{"template", "sign_in_link"}}),
      1);
}

TEST_F(WorkerTest, TemporaryErrorsFailOnceAttemptsRunOut) {
  const std::string id = Enqueue("sign-in:4");
  fake_.notify().FailNext(100, 429);
  auto client = Client();
  DeliveryOptions options = Options();
  options.max_attempts = 3;
  auto worker = Worker(*client, options);
  ASSERT_TRUE(DeliverUntil(*worker, [&] { return Get(id).status == EmailStatus::kFailed; }));
  const EmailRecord email = Get(id);
  EXPECT_EQ(email.attempts, 3);
  EXPECT_EQ(email.last_error.rfind("gave up after 3 attempts; last: Notify 429", 0), 0u)
      << email.last_error;
  EXPECT_EQ(fake_.notify().send_requests(), 3);
}

TEST_F(WorkerTest, AnUnansweredSendIsLookedUpNotResent) {
  const std::string id = Enqueue("sign-in:5");
  // Notify takes the email, but only after the client has given up waiting.
  fake_.notify().StallNext(1, absl::Milliseconds(400));
  auto client = Client(absl::Milliseconds(150));
  auto worker = Worker(*client);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 1);
  EXPECT_EQ(Get(id).status, EmailStatus::kPending);
  absl::SleepFor(absl::Milliseconds(400));
  ASSERT_EQ(fake_.notify().email_count(), 1u);

  ASSERT_TRUE(DeliverUntil(*worker, [&] { return Get(id).status == EmailStatus::kSent; }));
  EXPECT_EQ(Get(id).notify_id, fake_.notify().Emails()[0].id);
  EXPECT_EQ(Get(id).attempts, 2);
  EXPECT_EQ(fake_.notify().send_requests(), 1);
  EXPECT_EQ(fake_.notify().lookup_requests(), 1);
  EXPECT_EQ(fake_.notify().email_count(), 1u);
  EXPECT_EQ(Sample(registry_, "rect_notifications_duplicates_avoided_total",
                   {{"template", "sign_in_link"}}),
            1);
}

TEST_F(WorkerTest, ADeadWorkersEmailsAreRedeliveredAfterTheLeaseUnderTheSameReference) {
  const std::string sent_id = Enqueue("sign-in:6a");
  const std::string unsent_id = Enqueue("sign-in:6b");
  auto client = Client();
  // A worker claims both, sends the first, and dies before recording anything.
  absl::StatusOr<Claim> claim = queue_.ClaimDue("dead/0", 10, absl::Milliseconds(300), 5);
  ASSERT_TRUE(claim.ok());
  ASSERT_EQ(claim->emails.size(), 2u);
  const ClaimedEmail& first = claim->emails[0].id == sent_id ? claim->emails[0] : claim->emails[1];
  const NotifySendResult before_crash = client->SendEmail(
      {kTemplateId, first.recipient, first.personalisation, first.idempotency_key, ""});
  ASSERT_EQ(before_crash.outcome, NotifySendResult::Outcome::kAccepted);

  auto worker = Worker(*client);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 0) << "leased to the dead worker";
  absl::SleepFor(absl::Milliseconds(350));
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 2);

  for (const std::string& id : {sent_id, unsent_id}) {
    const EmailRecord email = Get(id);
    EXPECT_EQ(email.status, EmailStatus::kSent);
    EXPECT_EQ(email.attempts, 2);
    const std::vector<fakes::FakeEmail> copies = fake_.notify().Emails({}, email.idempotency_key);
    ASSERT_EQ(copies.size(), 1u) << email.idempotency_key;
    EXPECT_EQ(email.notify_id, copies[0].id);
  }
  EXPECT_EQ(Get(sent_id).notify_id, before_crash.notify_id);
  EXPECT_EQ(fake_.notify().lookup_requests(), 2);
  EXPECT_EQ(fake_.notify().send_requests(), 2);
}

TEST_F(WorkerTest, ASendStillInFlightWhenItsLeaseEndsIsDuplicatedUnderOneReference) {
  // The one case the lookup cannot catch: the old attempt reaches Notify after the new
  // attempt's lookup. Both copies carry the email's idempotency key as their reference.
  const std::string id = Enqueue("sign-in:7");
  absl::StatusOr<Claim> claim = queue_.ClaimDue("stuck/0", 10, absl::Milliseconds(100), 5);
  ASSERT_TRUE(claim.ok());
  ASSERT_EQ(claim->emails.size(), 1u);
  const ClaimedEmail email = claim->emails[0];
  fake_.notify().StallNext(1, absl::Milliseconds(600));
  auto slow_client = Client(absl::Seconds(2));
  auto stuck = std::async(std::launch::async, [&] {
    return slow_client->SendEmail(
        {kTemplateId, email.recipient, email.personalisation, email.idempotency_key, ""});
  });
  absl::SleepFor(absl::Milliseconds(150));

  auto client = Client();
  auto worker = Worker(*client);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 1);
  EXPECT_EQ(Get(id).status, EmailStatus::kSent);
  const NotifySendResult late = stuck.get();
  EXPECT_EQ(late.outcome, NotifySendResult::Outcome::kAccepted);
  EXPECT_FALSE(*queue_.MarkSent(id, claim->token, late.notify_id))
      << "the stale worker cannot overwrite the newer attempt";

  const std::vector<fakes::FakeEmail> copies = fake_.notify().Emails({}, "sign-in:7");
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies[0].reference, copies[1].reference);
  EXPECT_EQ(copies[0].personalisation, copies[1].personalisation);
  EXPECT_EQ(Get(id).notify_id, copies[1].id) << "the newer attempt's id is recorded";
}

TEST_F(WorkerTest, AnInterruptedLastAttemptIsMarkedFailed) {
  const std::string id = Enqueue("sign-in:8");
  ASSERT_EQ(queue_.ClaimDue("dead/0", 10, absl::Milliseconds(50), 1)->emails.size(), 1u);
  absl::SleepFor(absl::Milliseconds(100));
  auto client = Client();
  DeliveryOptions options = Options();
  options.max_attempts = 1;
  auto worker = Worker(*client, options);
  EXPECT_EQ(*worker->DeliverBatch("test/0"), 0);
  const EmailRecord email = Get(id);
  EXPECT_EQ(email.status, EmailStatus::kFailed);
  EXPECT_NE(email.last_error.find("never recorded a result"), std::string::npos);
  EXPECT_EQ(
      Sample(registry_, "rect_notifications_emails_failed_total", {{"template", "sign_in_link"}}),
      1);
}

TEST_F(WorkerTest, ThreadsDrainTheQueueWithoutSendingAnyEmailTwice) {
  constexpr int kEmails = 150;
  for (int i = 0; i < kEmails; ++i) Enqueue(absl::StrCat("bulk:", i));
  auto client = Client();
  DeliveryOptions options = Options();
  options.threads = 3;
  options.batch_size = 7;
  auto first = Worker(*client, options);
  auto second = Worker(*client, options);  // a second replica
  first->Start();
  second->Start();
  const absl::Time until = absl::Now() + absl::Seconds(30);
  while (CountWhere("status = 'sent'") < kEmails && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  first->Stop();
  second->Stop();
  EXPECT_EQ(CountWhere("status = 'sent' AND attempts = 1"), kEmails);
  std::set<std::string> references;
  for (const fakes::FakeEmail& email : fake_.notify().Emails()) references.insert(email.reference);
  EXPECT_EQ(fake_.notify().email_count(), static_cast<size_t>(kEmails));
  EXPECT_EQ(references.size(), static_cast<size_t>(kEmails));
}

TEST_F(WorkerTest, WakeDeliversWithoutWaitingForThePoll) {
  auto client = Client();
  DeliveryOptions options = Options();
  options.threads = 1;
  options.poll_interval = absl::Seconds(30);
  auto worker = Worker(*client, options);
  worker->Start();
  absl::SleepFor(absl::Milliseconds(100));  // the thread is idle now
  const std::string id = Enqueue("sign-in:wake");
  worker->Wake();
  const absl::Time until = absl::Now() + absl::Seconds(5);
  while (Get(id).status != EmailStatus::kSent && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(Get(id).status, EmailStatus::kSent);
  worker->Stop();
}

TEST_F(WorkerTest, StopFinishesTheEmailInHandAndGivesBackTheRest) {
  constexpr int kEmails = 10;
  for (int i = 0; i < kEmails; ++i) Enqueue(absl::StrCat("stop:", i));
  fake_.notify().StallNext(kEmails, absl::Milliseconds(100));
  auto client = Client(absl::Seconds(1));
  DeliveryOptions options = Options();
  options.threads = 1;
  options.batch_size = kEmails;
  options.lease = absl::Seconds(10);
  auto worker = Worker(*client, options);
  worker->Start();
  const absl::Time until = absl::Now() + absl::Seconds(5);
  while (fake_.notify().send_requests() < 3 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  worker->Stop();

  const int sent = CountWhere("status = 'sent'");
  EXPECT_GE(sent, 2);
  EXPECT_LT(sent, kEmails);
  EXPECT_EQ(static_cast<int>(fake_.notify().email_count()), sent);
  EXPECT_EQ(CountWhere("status = 'sending'"), 0);
  EXPECT_EQ(CountWhere("status = 'pending' AND attempts = 0 AND next_attempt_at <= now()"),
            kEmails - sent);
}

TEST_F(WorkerTest, QueueStatsCountWaitingAndDueEmails) {
  Enqueue("stats:1");
  Enqueue("stats:2");
  Enqueue("stats:3");
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec(
        "UPDATE emails SET next_attempt_at = now() + interval '1 hour', "
        "created_at = now() - interval '90 seconds' WHERE idempotency_key = 'stats:1'");
    txn.commit();
  }
  absl::StatusOr<QueueStats> stats = queue_.Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->waiting, 3);
  EXPECT_EQ(stats->due, 2);
  EXPECT_GE(stats->oldest_waiting_age, absl::Seconds(90));
  EXPECT_LT(stats->oldest_waiting_age, absl::Seconds(120));

  QueueGauges gauges(queue_, metrics_, absl::Milliseconds(10));
  gauges.Start();
  absl::SleepFor(absl::Milliseconds(50));
  gauges.Stop();
  EXPECT_EQ(Sample(registry_, "rect_notifications_queue_depth", {}), 3);
  EXPECT_EQ(Sample(registry_, "rect_notifications_queue_due", {}), 2);
  EXPECT_GE(Sample(registry_, "rect_notifications_oldest_pending_age_seconds", {}), 90);
}

}  // namespace
}  // namespace rect::notifications
