#include "services/notifications/service.h"

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

}  // namespace rect::notifications
