#include "services/notifications/delivery_config.h"

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/notifications/sealed_personalisation.h"
#include "services/notifications/templates.h"

using rect::notifications::DeliveryFlags;

ABSL_FLAG(std::string, delivery_mode, DeliveryFlags().delivery_mode,
          "local (the local Notify fake) or notify (the real GOV.UK Notify)");
ABSL_FLAG(std::string, notify_base_url, "",
          "Notify's base URL (default http://127.0.0.1:8092 in local mode, "
          "https://api.notifications.service.gov.uk in notify mode)");
ABSL_FLAG(std::string, notify_api_key, "",
          "the Notify API key {name}-{service_id}-{secret}; secret: prefer the "
          "RECT_NOTIFICATIONS_NOTIFY_API_KEY variable (default in local mode: the fake's key)");
ABSL_FLAG(std::string, notify_template_ids, "",
          "Notify template ids: template=uuid pairs separated by commas (every template is "
          "required in notify mode)");
ABSL_FLAG(std::string, notify_email_reply_to_id, "", "optional Notify reply-to address id");
ABSL_FLAG(std::string, personalisation_key, "",
          "base64 of the 32-byte key sealing email personalisation in the outbox (AES-256-GCM); "
          "secret: prefer the RECT_NOTIFICATIONS_PERSONALISATION_KEY variable (required in notify "
          "mode; default in local mode: a public local development key)");
ABSL_FLAG(int, notify_timeout_ms, DeliveryFlags().notify_timeout_ms, "per Notify request");
ABSL_FLAG(int, worker_threads, DeliveryFlags().worker_threads,
          "delivery threads in this replica (0: none, this replica only serves RPCs)");
ABSL_FLAG(int, worker_batch_size, DeliveryFlags().worker_batch_size,
          "emails a delivery thread claims at a time");
ABSL_FLAG(int, worker_poll_ms, DeliveryFlags().worker_poll_ms,
          "how often an idle delivery thread looks for due emails");
ABSL_FLAG(int, worker_lease_ms, DeliveryFlags().worker_lease_ms,
          "how long claimed emails stay with their worker before another may take them; at "
          "least 4 x --notify_timeout_ms");
ABSL_FLAG(int, max_attempts, DeliveryFlags().max_attempts,
          "attempts per email before it is marked failed");
ABSL_FLAG(int, retry_initial_ms, DeliveryFlags().retry_initial_ms,
          "back-off after the first failed attempt; doubles each time, with jitter");
ABSL_FLAG(int, retry_max_ms, DeliveryFlags().retry_max_ms, "longest back-off");

namespace rect::notifications {
namespace {

absl::Status Invalid(absl::string_view message) { return absl::InvalidArgumentError(message); }

absl::Status InRange(const char* flag, int value, int low, int high) {
  if (value >= low && value <= high) return absl::OkStatus();
  return Invalid(absl::StrCat("--", flag, " must be between ", low, " and ", high));
}

absl::StatusOr<std::map<std::string, std::string>> ParseTemplateIds(absl::string_view text) {
  std::map<std::string, std::string> ids;
  for (absl::string_view pair : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(pair, '=');
    const std::string name(absl::StripAsciiWhitespace(parts.first));
    const std::string id = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts.second));
    if (FindEmailTemplate(name) == nullptr) {
      return Invalid(absl::StrCat("--notify_template_ids: unknown template '",
                                  absl::CHexEscape(name.substr(0, 64)), "'"));
    }
    if (!IsUuid(id)) {
      return Invalid(absl::StrCat("--notify_template_ids: the id for '", name, "' must be a UUID"));
    }
    if (!ids.emplace(name, id).second) {
      return Invalid(absl::StrCat("--notify_template_ids: '", name, "' is given twice"));
    }
  }
  return ids;
}

}  // namespace

std::string LocalTemplateId(absl::string_view template_name) {
  std::string hex =
      absl::BytesToHexString(Sha256(absl::StrCat("rect-local-template:", template_name)));
  hex[12] = '4';  // version 4, variant 10: an ordinary-looking UUID
  hex[16] = "89ab"[hex[16] % 4];
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20, 12));
}

absl::StatusOr<DeliveryConfig> MakeDeliveryConfig(const DeliveryFlags& flags) {
  DeliveryConfig config;
  if (flags.delivery_mode == "local") {
    config.mode = DeliveryMode::kLocal;
  } else if (flags.delivery_mode == "notify") {
    config.mode = DeliveryMode::kNotify;
  } else {
    return Invalid("--delivery_mode must be local or notify");
  }
  const bool local = config.mode == DeliveryMode::kLocal;

  config.notify.base_url = flags.notify_base_url.empty()
                               ? (local ? kLocalNotifyBaseUrl : kNotifyBaseUrl)
                               : flags.notify_base_url;
  if (!absl::StartsWith(config.notify.base_url, "https://") &&
      !(local && absl::StartsWith(config.notify.base_url, "http://"))) {
    return Invalid(local ? "--notify_base_url must be an http:// or https:// URL"
                         : "--notify_base_url must be an https:// URL in notify mode");
  }
  if (flags.notify_api_key.empty() && !local) {
    return Invalid(
        "--notify_api_key (or RECT_NOTIFICATIONS_NOTIFY_API_KEY) is required in notify mode");
  }
  absl::StatusOr<NotifyApiKey> key =
      ParseNotifyApiKey(flags.notify_api_key.empty() ? kLocalNotifyApiKey : flags.notify_api_key);
  if (!key.ok()) return Invalid(absl::StrCat("--notify_api_key: ", key.status().message()));
  config.notify.key = *key;
  if (!local && flags.notify_api_key == kLocalNotifyApiKey) {
    return Invalid("--notify_api_key: the local fake's key cannot be used in notify mode");
  }
  if (flags.personalisation_key.empty() && !local) {
    return Invalid(
        "--personalisation_key (or RECT_NOTIFICATIONS_PERSONALISATION_KEY) is required in notify "
        "mode");
  }
  if (!local && flags.personalisation_key == kLocalPersonalisationKey) {
    return Invalid(
        "--personalisation_key: the local development key cannot be used in notify mode");
  }
  absl::StatusOr<std::string> personalisation_key = ParsePersonalisationKey(
      flags.personalisation_key.empty() ? kLocalPersonalisationKey : flags.personalisation_key);
  if (!personalisation_key.ok()) {
    return Invalid(absl::StrCat("--personalisation_key: ", personalisation_key.status().message()));
  }
  config.personalisation_key = *std::move(personalisation_key);
  RETURN_IF_ERROR(InRange("notify_timeout_ms", flags.notify_timeout_ms, 100, 120000));
  config.notify.timeout = absl::Milliseconds(flags.notify_timeout_ms);

  ASSIGN_OR_RETURN(config.worker.template_ids, ParseTemplateIds(flags.notify_template_ids));
  for (const EmailTemplate& email_template : EmailTemplates()) {
    if (config.worker.template_ids.count(email_template.name) > 0) continue;
    if (!local) {
      return Invalid(absl::StrCat("--notify_template_ids: template '", email_template.name,
                                  "' needs its Notify template id in notify mode"));
    }
    config.worker.template_ids[email_template.name] = LocalTemplateId(email_template.name);
  }
  if (!flags.notify_email_reply_to_id.empty() && !IsUuid(flags.notify_email_reply_to_id)) {
    return Invalid("--notify_email_reply_to_id must be a UUID");
  }
  config.worker.email_reply_to_id = flags.notify_email_reply_to_id;

  RETURN_IF_ERROR(InRange("worker_threads", flags.worker_threads, 0, 64));
  RETURN_IF_ERROR(InRange("worker_batch_size", flags.worker_batch_size, 1, 500));
  RETURN_IF_ERROR(InRange("worker_poll_ms", flags.worker_poll_ms, 10, 60000));
  RETURN_IF_ERROR(InRange("max_attempts", flags.max_attempts, 1, 100));
  RETURN_IF_ERROR(InRange("retry_initial_ms", flags.retry_initial_ms, 1, 86400000));
  RETURN_IF_ERROR(InRange("retry_max_ms", flags.retry_max_ms, flags.retry_initial_ms, 86400000));
  if (flags.worker_lease_ms < 4 * flags.notify_timeout_ms || flags.worker_lease_ms > 3600000) {
    return Invalid(
        "--worker_lease_ms must be at least 4 x --notify_timeout_ms and at most 3600000");
  }
  config.worker.threads = flags.worker_threads;
  config.worker.batch_size = flags.worker_batch_size;
  config.worker.poll_interval = absl::Milliseconds(flags.worker_poll_ms);
  config.worker.lease = absl::Milliseconds(flags.worker_lease_ms);
  config.worker.max_attempts = flags.max_attempts;
  config.worker.retry.initial_delay = absl::Milliseconds(flags.retry_initial_ms);
  config.worker.retry.max_delay = absl::Milliseconds(flags.retry_max_ms);
  return config;
}

DeliveryFlags DeliveryFlagsFromCommandLine() {
  DeliveryFlags flags;
  flags.delivery_mode = absl::GetFlag(FLAGS_delivery_mode);
  flags.notify_base_url = absl::GetFlag(FLAGS_notify_base_url);
  flags.notify_api_key = absl::GetFlag(FLAGS_notify_api_key);
  flags.notify_template_ids = absl::GetFlag(FLAGS_notify_template_ids);
  flags.notify_email_reply_to_id = absl::GetFlag(FLAGS_notify_email_reply_to_id);
  flags.personalisation_key = absl::GetFlag(FLAGS_personalisation_key);
  flags.notify_timeout_ms = absl::GetFlag(FLAGS_notify_timeout_ms);
  flags.worker_threads = absl::GetFlag(FLAGS_worker_threads);
  flags.worker_batch_size = absl::GetFlag(FLAGS_worker_batch_size);
  flags.worker_poll_ms = absl::GetFlag(FLAGS_worker_poll_ms);
  flags.worker_lease_ms = absl::GetFlag(FLAGS_worker_lease_ms);
  flags.max_attempts = absl::GetFlag(FLAGS_max_attempts);
  flags.retry_initial_ms = absl::GetFlag(FLAGS_retry_initial_ms);
  flags.retry_max_ms = absl::GetFlag(FLAGS_retry_max_ms);
  return flags;
}

const std::vector<std::string>& DeliveryFlagNames() {
  static const std::vector<std::string>* const names =
      new std::vector<std::string>{"delivery_mode",
                                   "notify_base_url",
                                   "notify_api_key",
                                   "notify_template_ids",
                                   "notify_email_reply_to_id",
                                   "personalisation_key",
                                   "notify_timeout_ms",
                                   "worker_threads",
                                   "worker_batch_size",
                                   "worker_poll_ms",
                                   "worker_lease_ms",
                                   "max_attempts",
                                   "retry_initial_ms",
                                   "retry_max_ms"};
  return *names;
}

}  // namespace rect::notifications
