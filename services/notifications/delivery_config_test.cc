#include "services/notifications/delivery_config.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/notifications/templates.h"

namespace rect::notifications {
namespace {

constexpr char kRealKey[] =
    "live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

constexpr char kRealPersonalisationKey[] = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

std::string AllTemplateIds() {
  std::string ids;
  int n = 0;
  for (const EmailTemplate& t : EmailTemplates()) {
    absl::StrAppend(&ids, ids.empty() ? "" : ",", t.name, "=00000000-0000-4000-8000-",
                    absl::StrFormat("%012d", ++n));
  }
  return ids;
}

TEST(DeliveryConfig, LocalModeNeedsNothing) {
  absl::StatusOr<DeliveryConfig> config = MakeDeliveryConfig(DeliveryFlags());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->mode, DeliveryMode::kLocal);
  EXPECT_EQ(config->notify.base_url, "http://127.0.0.1:8092");
  EXPECT_EQ(config->notify.key.service_id, ParseNotifyApiKey(kLocalNotifyApiKey)->service_id);
  EXPECT_EQ(config->notify.timeout, absl::Seconds(10));
  EXPECT_EQ(config->worker.template_ids.size(), EmailTemplates().size());
  EXPECT_EQ(config->worker.template_ids.at("sign_in_link"), LocalTemplateId("sign_in_link"));
  EXPECT_EQ(config->worker.threads, 4);
  EXPECT_EQ(config->worker.lease, absl::Minutes(1));
  EXPECT_EQ(config->worker.max_attempts, 12);
  EXPECT_EQ(config->worker.retry.initial_delay, absl::Seconds(5));
  EXPECT_EQ(config->worker.retry.max_delay, absl::Hours(1));
  EXPECT_EQ(config->personalisation_key, "rect LOCAL DEVELOPMENT key only!");
}

TEST(DeliveryConfig, LocalTemplateIdsAreStableDistinctUuids) {
  EXPECT_EQ(LocalTemplateId("sign_in_link"), LocalTemplateId("sign_in_link"));
  EXPECT_NE(LocalTemplateId("sign_in_link"), LocalTemplateId("mentor_registered"));
  EXPECT_EQ(LocalTemplateId("sign_in_link").size(), 36u);
  EXPECT_EQ(LocalTemplateId("sign_in_link")[14], '4');
}

TEST(DeliveryConfig, NotifyModeNeedsHttpsAKeyAndEveryTemplateId) {
  DeliveryFlags flags;
  flags.delivery_mode = "notify";
  flags.notify_api_key = kRealKey;
  flags.notify_template_ids = AllTemplateIds();
  flags.personalisation_key = kRealPersonalisationKey;
  absl::StatusOr<DeliveryConfig> config = MakeDeliveryConfig(flags);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->personalisation_key.size(), 32u);
  EXPECT_EQ(config->notify.base_url, "https://api.notifications.service.gov.uk");
  EXPECT_EQ(config->notify.key.secret, "3d844edf-8d35-48ac-975b-e847b4f122b0");
  EXPECT_EQ(config->worker.template_ids.at("sign_in_link"), "00000000-0000-4000-8000-000000000001");
}

TEST(DeliveryConfig, BadValuesNameTheFlagAndNeverTheKey) {
  struct Case {
    std::function<void(DeliveryFlags&)> change;
    std::string message;
  };
  auto notify = [](DeliveryFlags& f) {
    f.delivery_mode = "notify";
    f.notify_api_key = kRealKey;
    f.notify_template_ids = AllTemplateIds();
    f.personalisation_key = kRealPersonalisationKey;
  };
  const std::vector<Case> cases = {
      {[](DeliveryFlags& f) { f.delivery_mode = "smtp"; }, "--delivery_mode"},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.personalisation_key = "";
       },
       "--personalisation_key (or RECT_NOTIFICATIONS_PERSONALISATION_KEY) is required"},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.personalisation_key = kLocalPersonalisationKey;
       },
       "local development key"},
      {[](DeliveryFlags& f) { f.personalisation_key = "c2VjcmV0LXZhbHVl"; },
       "--personalisation_key: must be 32 bytes"},
      {[](DeliveryFlags& f) { f.personalisation_key = "not base64 secret-value!"; },
       "--personalisation_key: must be 32 bytes"},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.notify_api_key = "";
       },
       "--notify_api_key (or RECT_NOTIFICATIONS_NOTIFY_API_KEY) is required"},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.notify_api_key = "live-abc-secret-value";
       },
       "--notify_api_key: "},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.notify_api_key = kLocalNotifyApiKey;
       },
       "local fake's key"},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.notify_base_url = "http://api.notifications.service.gov.uk";
       },
       "https:// URL in notify mode"},
      {[&](DeliveryFlags& f) {
         notify(f);
         f.notify_template_ids = "sign_in_link=00000000-0000-4000-8000-000000000001";
       },
       "needs its Notify template id in notify mode"},
      {[](DeliveryFlags& f) { f.notify_base_url = "ftp://x"; }, "--notify_base_url"},
      {[](DeliveryFlags& f) {
         f.notify_template_ids = "magic=00000000-0000-4000-8000-000000000001";
       },
       "unknown template 'magic'"},
      {[](DeliveryFlags& f) { f.notify_template_ids = "sign_in_link=123"; }, "must be a UUID"},
      {[](DeliveryFlags& f) {
         f.notify_template_ids =
             "sign_in_link=00000000-0000-4000-8000-000000000001,"
             "sign_in_link=00000000-0000-4000-8000-000000000002";
       },
       "given twice"},
      {[](DeliveryFlags& f) { f.notify_email_reply_to_id = "x"; }, "--notify_email_reply_to_id"},
      {[](DeliveryFlags& f) { f.worker_threads = -1; }, "--worker_threads"},
      {[](DeliveryFlags& f) { f.worker_batch_size = 0; }, "--worker_batch_size"},
      {[](DeliveryFlags& f) { f.worker_poll_ms = 0; }, "--worker_poll_ms"},
      {[](DeliveryFlags& f) { f.max_attempts = 0; }, "--max_attempts"},
      {[](DeliveryFlags& f) { f.retry_max_ms = 10; }, "--retry_max_ms"},
      {[](DeliveryFlags& f) { f.notify_timeout_ms = 50; }, "--notify_timeout_ms"},
      {[](DeliveryFlags& f) { f.worker_lease_ms = 30000; }, "--worker_lease_ms"},
  };
  for (const Case& c : cases) {
    DeliveryFlags flags;
    c.change(flags);
    absl::StatusOr<DeliveryConfig> config = MakeDeliveryConfig(flags);
    ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    const std::string message(config.status().message());
    EXPECT_NE(message.find(c.message), std::string::npos) << message;
    EXPECT_EQ(message.find("secret-value"), std::string::npos) << message;
    EXPECT_EQ(message.find("3d844edf"), std::string::npos) << message;
    EXPECT_EQ(message.find("q83vEjRW"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace rect::notifications
