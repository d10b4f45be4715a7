#include "services/registration/email_outbox.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <pqxx/pqxx>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace rect::registration {

absl::StatusOr<int> EmailOutbox::HandOverDue(int limit) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int> {
    pqxx::result due = txn.exec_params(
        "SELECT id, idempotency_key, template, recipient::text, personalisation::text, attempts "
        "FROM pending_emails WHERE next_attempt_at <= now() ORDER BY next_attempt_at "
        "LIMIT $1 FOR UPDATE SKIP LOCKED",
        limit);
    int handed_over = 0;
    for (const pqxx::row& row : due) {
      notifications::v1::EnqueueEmailRequest request;
      request.set_idempotency_key(row[1].as<std::string>());
      request.set_template_(row[2].as<std::string>());
      request.set_recipient(row[3].as<std::string>());
      const nlohmann::json personalisation =
          nlohmann::json::parse(row[4].as<std::string>(), nullptr, /*allow_exceptions=*/false);
      if (personalisation.is_object()) {
        for (const auto& item : personalisation.items()) {
          if (item.value().is_string()) {
            (*request.mutable_personalisation())[item.key()] = item.value().get<std::string>();
          }
        }
      }
      notifications::v1::EnqueueEmailResponse response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           absl::ToChronoMilliseconds(deadline_));
      grpc::Status status = stub_->EnqueueEmail(&context, request, &response);
      if (status.ok()) {
        txn.exec_params("DELETE FROM pending_emails WHERE id = $1", row[0].as<std::string>());
        ++handed_over;
        continue;
      }
      const int attempts = row[5].as<int>() + 1;
      // 2^n seconds, at most an hour.
      const int delay = attempts >= 12 ? 3600 : std::min(3600, 1 << attempts);
      txn.exec_params(
          "UPDATE pending_emails SET attempts = $2, last_error = $3, "
          "next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1",
          row[0].as<std::string>(), attempts,
          absl::StrCat("notifications answered ", status.error_code()), delay);
      log::Warning("confirmation email not handed over",
                   {{"idempotency_key", row[1].as<std::string>()},
                    {"grpc_code", absl::StrCat(status.error_code())},
                    {"attempts", absl::StrCat(attempts)}});
    }
    return handed_over;
  });
}

void EmailOutboxJob::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void EmailOutboxJob::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EmailOutboxJob::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    absl::StatusOr<int> handed = outbox_.HandOverDue(20);
    if (!handed.ok()) {
      log::Warning("email outbox pass failed", {{"status", handed.status().ToString()}});
    }
    absl::Status swept = pool_.Transact([](pqxx::work& txn) -> absl::Status {
      txn.exec("DELETE FROM wizard_sessions WHERE expires_at <= now()");
      return absl::OkStatus();
    });
    if (!swept.ok()) log::Warning("wizard session sweep failed", {{"status", swept.ToString()}});
    lock.lock();
    wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace rect::registration
