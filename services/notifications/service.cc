#include "services/notifications/service.h"

#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/notifications/templates.h"

namespace rect::notifications {
namespace {

v1::Email::Status ToProto(EmailStatus status) {
  switch (status) {
    case EmailStatus::kPending:
      return v1::Email::PENDING;
    case EmailStatus::kSending:
      return v1::Email::SENDING;
    case EmailStatus::kSent:
      return v1::Email::SENT;
    case EmailStatus::kFailed:
      return v1::Email::FAILED;
  }
  return v1::Email::STATUS_UNSPECIFIED;
}

void ToProto(const EmailRecord& record, v1::Email* email) {
  email->set_id(record.id);
  email->set_template_(record.template_name);
  email->set_recipient(record.recipient);
  email->mutable_personalisation()->insert(record.personalisation.begin(),
                                           record.personalisation.end());
  email->set_idempotency_key(record.idempotency_key);
  email->set_status(ToProto(record.status));
  email->set_attempts(record.attempts);
  email->set_notify_id(record.notify_id);
  email->set_last_error(record.last_error);
  email->mutable_created_at()->set_seconds(absl::ToUnixSeconds(record.created_at));
  email->mutable_updated_at()->set_seconds(absl::ToUnixSeconds(record.updated_at));
  if (record.next_attempt_at) {
    email->mutable_next_attempt_at()->set_seconds(absl::ToUnixSeconds(*record.next_attempt_at));
  }
  if (record.sent_at) email->mutable_sent_at()->set_seconds(absl::ToUnixSeconds(*record.sent_at));
}

// An idempotency key names one email: a repeat must ask for exactly the same one.
bool IsSameEmail(const EmailRecord& stored, const NewEmail& requested) {
  return stored.template_name == requested.template_name &&
         stored.recipient == requested.recipient &&
         stored.personalisation == requested.personalisation;
}

std::optional<EmailStatus> FromProto(v1::Email::Status status) {
  switch (status) {
    case v1::Email::PENDING:
      return EmailStatus::kPending;
    case v1::Email::SENDING:
      return EmailStatus::kSending;
    case v1::Email::SENT:
      return EmailStatus::kSent;
    case v1::Email::FAILED:
      return EmailStatus::kFailed;
    default:
      return std::nullopt;
  }
}

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

// Page tokens are "<created_at in microseconds>.<id>", base64url: opaque to callers.
std::string PageToken(const EmailCursor& cursor) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(absl::ToUnixMicros(cursor.created_at), ".", cursor.id));
}

std::optional<EmailCursor> ParsePageToken(const std::string& token) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text)) return std::nullopt;
  const size_t dot = text.find('.');
  int64_t micros = 0;
  if (dot == std::string::npos || !absl::SimpleAtoi(text.substr(0, dot), &micros)) {
    return std::nullopt;
  }
  EmailCursor cursor{absl::FromUnixMicros(micros), text.substr(dot + 1)};
  if (!IsUuid(cursor.id)) return std::nullopt;
  return cursor;
}

}  // namespace

grpc::Status NotificationsServiceImpl::EnqueueEmail(grpc::ServerContext*,
                                                    const v1::EnqueueEmailRequest* request,
                                                    v1::EnqueueEmailResponse* response) {
  NewEmail email{request->template_(),
                 request->recipient(),
                 {request->personalisation().begin(), request->personalisation().end()},
                 request->idempotency_key()};
  const absl::Status valid = ValidateEmail(email.template_name, email.recipient,
                                           email.personalisation, email.idempotency_key);
  if (!valid.ok()) return ToGrpcStatus(valid);

  absl::StatusOr<EnqueueResult> result = store_.EnqueueEmail(email);
  if (!result.ok()) return ToGrpcStatus(result.status());
  if (!result->created && !IsSameEmail(result->email, email)) {
    return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                        "idempotency_key was already used for a different email (template, "
                        "recipient or personalisation differ); use a new key for a new email");
  }
  ToProto(result->email, response->mutable_email());
  response->set_created(result->created);
  if (result->created && on_enqueued_) on_enqueued_();
  return grpc::Status::OK;
}

grpc::Status NotificationsServiceImpl::GetEmail(grpc::ServerContext*,
                                                const v1::GetEmailRequest* request,
                                                v1::Email* response) {
  if (!IsUuid(request->id()))
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no email with that id");
  absl::StatusOr<EmailRecord> email = store_.GetEmail(request->id());
  if (!email.ok()) return ToGrpcStatus(email.status());
  ToProto(*email, response);
  return grpc::Status::OK;
}

grpc::Status NotificationsServiceImpl::ListEmails(grpc::ServerContext*,
                                                  const v1::ListEmailsRequest* request,
                                                  v1::ListEmailsResponse* response) {
  auto invalid = [](const char* message) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
  };
  EmailFilter filter;
  filter.recipient = request->recipient();
  filter.template_name = request->template_();
  if (!filter.template_name.empty() && FindEmailTemplate(filter.template_name) == nullptr) {
    return invalid("unknown template");
  }
  if (request->status() != v1::Email::STATUS_UNSPECIFIED) {
    filter.status = FromProto(request->status());
    if (!filter.status) return invalid("unknown status");
  }
  filter.idempotency_key = request->idempotency_key();
  if (request->has_created_after()) {
    filter.created_after = absl::FromUnixSeconds(request->created_after().seconds());
  }
  if (request->has_created_before()) {
    filter.created_before = absl::FromUnixSeconds(request->created_before().seconds());
  }
  if (request->page_size() < 0 || request->page_size() > kMaxPageSize) {
    return invalid("page_size must be between 0 and 500");
  }
  const int limit = request->page_size() == 0 ? kDefaultPageSize : request->page_size();
  std::optional<EmailCursor> after;
  if (!request->page_token().empty()) {
    after = ParsePageToken(request->page_token());
    if (!after) return invalid("page_token is not one this service gave out");
  }

  absl::StatusOr<EmailPage> page = store_.ListEmails(filter, limit, after);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const EmailRecord& record : page->emails) {
    v1::Email* email = response->add_emails();
    ToProto(record, email);
    email->clear_personalisation();  // may hold live sign-in links
  }
  if (page->next) response->set_next_page_token(PageToken(*page->next));
  return grpc::Status::OK;
}

}  // namespace rect::notifications
