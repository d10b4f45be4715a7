// The notifications binary's delivery settings: which Notify to send through (the local fake
// by default, or the real GOV.UK Notify), its key and template ids, and the worker's pacing.
// Also the key sealing personalisation in the outbox. Parsed from flags with RECT_NOTIFICATIONS_* environment fallbacks, checked at start.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/notifications/notify_client.h"
#include "services/notifications/sealed_personalisation.h"
#include "services/notifications/worker.h"

namespace rect::notifications {

// The local Notify's default address (tests/fakes/notify).
inline constexpr char kLocalNotifyBaseUrl[] = "http://127.0.0.1:8092";

enum class DeliveryMode {
  kLocal,   // the local Notify fake, with its known key; template ids may be left out
  kNotify,  // the real GOV.UK Notify: https, a real key and every template's id required
};

// The flags as given; defaults are the flags' defaults.
struct DeliveryFlags {
  std::string delivery_mode = "local";
  std::string notify_base_url;      // default by mode
  std::string notify_api_key;       // secret; required in notify mode
  std::string notify_template_ids;  // "sign_in_link=<uuid>,mentor_registered=<uuid>,..."
  std::string notify_email_reply_to_id;
  std::string personalisation_key;  // secret, base64 of 32 bytes; required in notify mode
  int notify_timeout_ms = 10000;
  int worker_threads = 4;  // 0: this replica serves RPCs only
  int worker_batch_size = 20;
  int worker_poll_ms = 1000;
  int worker_lease_ms = 60000;
  int max_attempts = 12;
  int retry_initial_ms = 5000;
  int retry_max_ms = 3600000;
};

struct DeliveryConfig {
  DeliveryMode mode = DeliveryMode::kLocal;
  NotifyClient::Options notify;
  DeliveryOptions worker;  // worker_name is the caller's to fill
  std::string personalisation_key;  // 32 raw bytes (AES-256-GCM); never log it
};

// Checks `flags`; INVALID_ARGUMENT names the flag at fault and never quotes the API key
// or the personalisation key.
absl::StatusOr<DeliveryConfig> MakeDeliveryConfig(const DeliveryFlags& flags);

// The parsed command-line values (call after flag parsing).
DeliveryFlags DeliveryFlagsFromCommandLine();

// Names of the delivery flags, which also take RECT_NOTIFICATIONS_<NAME> variables.
const std::vector<std::string>& DeliveryFlagNames();

// The template id used for `template_name` when none is configured in local mode: a fixed
// UUID derived from the name, so the local Notify's emails show which template was meant.
std::string LocalTemplateId(absl::string_view template_name);

}  // namespace rect::notifications
