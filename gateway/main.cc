// The gateway binary: the single HTTP entry point, translating requests into gRPC calls.
#include <pthread.h>

#include <csignal>

#include "absl/strings/str_cat.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/api_docs_routes.h"
#include "gateway/api/declarations.h"
#include "gateway/api/delivery_partners.h"
#include "gateway/api/participants.h"
#include "gateway/api/partnerships.h"
#include "gateway/api/rate_limit.h"
#include "gateway/api/schools.h"
#include "gateway/api/statements.h"
#include "gateway/api/transfers.h"
#include "gateway/api/unfunded_mentors.h"
#include "gateway/backends.h"
#include "gateway/config.h"
#include "gateway/health_routes.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/security_headers.h"
#include "gateway/http/server.h"
#include "gateway/http/static_files.h"
#include "gateway/web/induction_tutor_routes.h"
#include "gateway/web/leaving_routes.h"
#include "gateway/web/register_ect_routes.h"
#include "gateway/web/register_mentor_routes.h"
#include "gateway/web/school_teachers_routes.h"
#include "gateway/web/challenge_routes.h"
#include "gateway/web/check_schools_routes.h"
#include "gateway/web/confirm_schools_routes.h"
#include "gateway/web/home_routes.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "gateway/web/sign_in_routes.h"
#include "services/common/log.h"
#include "services/common/metrics.h"
#include "services/common/options.h"
#include "services/common/tokens.h"

namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  // Blocked before any thread starts, so every thread inherits the mask and only sigwait below
  // sees the signals. A shell starting us in the background ignores SIGINT, and sigwait never
  // sees an ignored signal, so the default disposition is restored first.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  using namespace rect::gateway;
  const GatewayConfig config = ParseGatewayConfig(argc, argv);
  rect::log::SetService("gateway");

  rect::Metrics metrics("gateway");
  rect::SecureRandom random;
  BackendOptions backend_options = config.backends;
  backend_options.metrics = &metrics;
  Backends backends(backend_options);
  Router router;
  rect::ExitOnError(AddHealthRoutes(router, backends, metrics.shared_registry()));
  rect::ExitOnError(AddStaticFileRoutes(router, config.static_dir));
  absl::StatusOr<Pages> pages = Pages::Load();
  rect::ExitOnError(pages.status());
  PageGuard guard(backends, *pages, random, config.web);
  rect::ExitOnError(AddHomeRoutes(router, *pages, guard));
  rect::ExitOnError(AddSignInRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddConfirmSchoolsRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddChallengeRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddCheckSchoolsRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddRegisterEctRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddRegisterMentorRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddSchoolTeachersRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddLeavingRoutes(router, backends, *pages, guard));
  rect::ExitOnError(AddInductionTutorRoutes(router, backends, *pages, guard));
  // The /api/v3 routes take `api`, which authenticates their bearer tokens through identity.
  ApiTokenCache api_tokens(config.api_token_cache_ttl, 10000);
  // Rate limits shared by every replica through identity (lead-provider-api.md §4).
  api::IdentityRequestCounter api_request_counter(backends);
  api::RateLimiter api_rate_limiter(&api_request_counter);
  api_rate_limiter.SetLimit(api::kApiTokenLimit.name, config.api_rate_limit);
  api_rate_limiter.SetLimit(api::kAddressBackstopLimit.name, config.api_rate_limit_backstop);
  api_rate_limiter.Start(config.api_rate_limit_flush);
  ApiAuthenticator api(backends, api_tokens,
                       ApiGuards{&api_rate_limiter, /*honour_server_date=*/!IsProduction(config)});
  rect::log::Info("lead provider API", {{"environment", config.environment},
                                        {"server_date_header", !IsProduction(config)},
                                        {"rate_limit_per_token", config.api_rate_limit},
                                        {"rate_limit_per_address", config.api_rate_limit_backstop}});
  rect::ExitOnError(api::AddApiDocsRoutes(router, &api_rate_limiter));
  rect::ExitOnError(api::AddDeliveryPartnerRoutes(router, backends, api));
  rect::ExitOnError(api::AddPartnershipRoutes(router, backends, api));
  rect::ExitOnError(api::AddSchoolRoutes(router, backends, api));
  rect::ExitOnError(api::AddParticipantRoutes(router, backends, api));
  rect::ExitOnError(api::AddDeclarationRoutes(router, backends, api));
  rect::ExitOnError(api::AddStatementRoutes(router, backends, api));
  rect::ExitOnError(api::AddUnfundedMentorRoutes(router, backends, api));
  rect::ExitOnError(api::AddTransferRoutes(router, backends, api));
  RequestRecorder recorder(metrics.registry());

  ServerOptions server_options = config.server;
  server_options.response_headers = SecurityHeaders(config.web.public_url);
  HttpServer server(server_options, router, recorder, random);
  if (absl::Status status = server.Start(); !status.ok()) {
    rect::log::Error("cannot start", {{"error", std::string(status.message())}});
    return 1;
  }
  rect::log::Info("listening", {{"http", absl::StrCat(config.server.address, ":", server.port())},
                                {"threads", config.server.threads}});

  int signal = 0;
  sigwait(&signals, &signal);
  rect::log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  const bool drained = server.Shutdown(config.shutdown_deadline);
  api_rate_limiter.Stop();
  backends.Shutdown();
  rect::log::Info("stopped", {{"drained", drained}});
  return 0;
}
