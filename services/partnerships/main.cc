// The partnerships service: GIAS schools and their eligibility, lead providers, delivery
// partners, "Confirm your schools", challenges and the partnership emails' hand-over.

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "services/common/channel.h"
#include "services/common/log.h"
#include "services/common/options.h"
#include "services/common/service_main.h"
#include "services/common/tokens.h"
#include "services/partnerships/migrations.h"
#include "services/partnerships/partnership_mailer.h"
#include "services/partnerships/peer_clients.h"
#include "services/partnerships/service.h"
#include "services/partnerships/store.h"

ABSL_FLAG(std::string, notifications_address, "127.0.0.1:50055",
          "gRPC address of the notifications service (partnership emails)");
ABSL_FLAG(std::string, registration_address, "127.0.0.1:50053",
          "gRPC address of the registration service (schools' induction tutors)");
ABSL_FLAG(std::string, identity_address, "127.0.0.1:50051",
          "gRPC address of the identity service (lead providers' users)");
ABSL_FLAG(int, dependency_deadline_ms, 3000, "deadline of calls to other services");
ABSL_FLAG(int, mailer_poll_ms, 5000, "how often due partnership emails are looked for");

int main(int argc, char** argv) {
  using namespace rect::partnerships;
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "partnerships", 50054, 9104,
                               {"notifications_address", "registration_address", "identity_address",
                                "dependency_deadline_ms",
                                "mailer_poll_ms"});
  const absl::Duration deadline = absl::Milliseconds(absl::GetFlag(FLAGS_dependency_deadline_ms));
  if (deadline <= absl::ZeroDuration() || absl::GetFlag(FLAGS_mailer_poll_ms) <= 0) {
    rect::ExitOnError(absl::InvalidArgumentError(
        "--dependency_deadline_ms and --mailer_poll_ms must be positive"));
  }
  absl::TimeZone london;
  if (!absl::LoadTimeZone("Europe/London", &london)) {
    rect::ExitOnError(absl::FailedPreconditionError("the Europe/London time zone is not installed"));
  }
  rect::SecureRandom random;
  GrpcEmailOutbox outbox(rect::NewServiceChannel(absl::GetFlag(FLAGS_notifications_address)),
                         deadline);
  GrpcInductionTutorDirectory tutors(
      rect::NewServiceChannel(absl::GetFlag(FLAGS_registration_address)),
      deadline);
  GrpcLeadProviderUserDirectory users(
      rect::NewServiceChannel(absl::GetFlag(FLAGS_identity_address)),
      deadline);

  std::unique_ptr<PgPartnershipsStore> store;
  std::unique_ptr<PgConfirmSchoolsStore> confirm_store;
  std::unique_ptr<UploadMetrics> upload_metrics;
  PartnershipMailer* mailer = nullptr;  // owned by the parts, which outlive every RPC
  return rect::RunServiceWithJobs(
      config, Migrations(), [&](rect::PgPool& pool, rect::Metrics& metrics) {
        store = std::make_unique<PgPartnershipsStore>(pool);
        confirm_store = std::make_unique<PgConfirmSchoolsStore>(pool);
        MailerOptions mailer_options;
        mailer_options.poll_interval = absl::Milliseconds(absl::GetFlag(FLAGS_mailer_poll_ms));
        mailer_options.zone = london;
        auto partnership_mailer = std::make_unique<PartnershipMailer>(
            pool, outbox, &users, random, mailer_options);
        mailer = partnership_mailer.get();
        rect::ServiceParts parts;
        parts.jobs.push_back(std::move(partnership_mailer));
        ConfirmSchoolsParts confirm;
        confirm.store = confirm_store.get();
        confirm.induction_tutors = &tutors;
        confirm.wake_mailer = [&mailer] {
          if (mailer != nullptr) mailer->Wake();
        };
        confirm.zone = london;
        upload_metrics = std::make_unique<UploadMetrics>(metrics.registry());
        confirm.metrics = upload_metrics.get();
        parts.services.push_back(std::make_unique<PartnershipsServiceImpl>(*store, confirm));
        return parts;
      });
}
