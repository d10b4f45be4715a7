// The identity service: DfE Sign-in for school users, magic links for lead-provider users,
// sessions, and API tokens for lead-provider systems.

#include "services/common/channel.h"
#include "services/common/log.h"
#include "services/common/options.h"
#include <prometheus/counter.h>

#include "services/common/service_main.h"
#include "services/common/tokens.h"
#include "services/identity/api_request_counts.h"
#include "services/identity/config.h"
#include "services/identity/lead_provider_users.h"
#include "services/identity/migrations.h"
#include "services/identity/service.h"
#include "services/identity/sign_in_mailer.h"
#include "services/identity/store.h"

int main(int argc, char** argv) {
  using namespace rect::identity;
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "identity", 50051, 9101, IdentityEnvironmentFlags());
  absl::StatusOr<IdentityOptions> options = IdentityOptionsFromFlags();
  rect::ExitOnError(options.status());
  rect::ExitOnError(ValidateIdentityOptions(*options));

  SystemClock clock;
  rect::SecureRandom random;
  std::unique_ptr<DsiClient> dsi;
  if (options->dsi.configured()) {
    dsi = std::make_unique<DsiClient>(options->dsi, clock);
  } else {
    rect::log::Warning("DfE Sign-in is not configured: school sign-in is off");
  }
  PartnershipsSchoolDirectory directory(
      rect::NewServiceChannel(options->partnerships_address),
      options->dependency_deadline);
  NotificationsMailer mailer(
      rect::NewServiceChannel(options->notifications_address),
      options->dependency_deadline);

  std::unique_ptr<PgIdentityStore> store;
  std::unique_ptr<Sessions> sessions;
  std::unique_ptr<SchoolSignIn> school_sign_in;
  std::unique_ptr<LeadProviderSignIn> lead_provider_sign_in;
  std::unique_ptr<PgApiRequestCounts> api_request_counts;
  return rect::RunServiceWithJobs(config, Migrations(), [&](rect::PgPool& pool,
                                                            rect::Metrics& metrics) {
    store = std::make_unique<PgIdentityStore>(pool);
    sessions = std::make_unique<Sessions>(*store, clock, random);
    school_sign_in =
        std::make_unique<SchoolSignIn>(*store, *sessions, dsi.get(), directory, clock, random);
    lead_provider_sign_in = std::make_unique<LeadProviderSignIn>(*store, *sessions, mailer, clock,
                                                                 random, options->public_url);
    api_request_counts = std::make_unique<PgApiRequestCounts>(pool);
    rect::ServiceParts parts;
    parts.jobs.push_back(std::make_unique<ApiRequestCountSweeper>(*api_request_counts));
    parts.services.push_back(std::make_unique<IdentityServiceImpl>(
        IdentityParts{*store, random, *sessions, *school_sign_in, *lead_provider_sign_in,
                      &prometheus::BuildCounter()
                           .Name("rect_sign_ins_total")
                           .Help("Sign-in attempts completed, by kind of user and outcome")
                           .Register(metrics.registry()),
                      api_request_counts.get()}));
    parts.services.push_back(std::make_unique<LeadProviderUsersServiceImpl>(pool));
    return parts;
  });
}
