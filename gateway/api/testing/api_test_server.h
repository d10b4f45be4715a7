// Test support for Lead Provider API routes: the real HTTP server and router over in-process
// gRPC fakes, with a fake identity service that knows tokens "lp1-token" and "lp2-token".
#pragma once

#include <grpcpp/server.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "protos/identity/v1/identity.grpc.pb.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway::api::testing {

inline constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
inline constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";

// "lp1-token" is lead provider kLp1, "lp2-token" kLp2; anything else is UNAUTHENTICATED.
class FakeIdentity final : public identity::v1::IdentityService::Service {
 public:
  grpc::Status AuthenticateApiToken(grpc::ServerContext*,
                                    const identity::v1::AuthenticateApiTokenRequest* request,
                                    identity::v1::AuthenticateApiTokenResponse* response) override;
};

class ApiTestServer {
 public:
  using AddRoutes =
      std::function<absl::Status(Router& router, Backends& backends, ApiAuthenticator& api)>;

  // Serves `backend` (e.g. a fake partnerships service) and the fake identity over gRPC, and
  // the routes `add_routes` registers over HTTP. Check ok() before use.
  ApiTestServer(grpc::Service& backend, const AddRoutes& add_routes);
  // As above, serving a second backend too (e.g. registration beside partnerships).
  ApiTestServer(grpc::Service& backend, grpc::Service& second_backend,
                const AddRoutes& add_routes);
  ~ApiTestServer();

  bool ok() const { return started_; }

  // GET `path` (brackets are percent-encoded) with `token` as bearer ("" for none).
  HttpClientResponse Get(const std::string& path, const std::string& token = "lp1-token");
  // `method` ("POST", "PUT") `path` with a JSON `body` ("" for none) and `token` as bearer.
  HttpClientResponse Send(const std::string& method, const std::string& path,
                          const std::string& body, const std::string& token = "lp1-token");
  // The listed ids' last characters, e.g. "12", checking the 200.
  std::string Ids(const std::string& path, const std::string& token = "lp1-token");

 private:
  void Start(const std::vector<grpc::Service*>& backends, const AddRoutes& add_routes);

  FakeIdentity identity_;
  int grpc_port_ = 0;
  std::unique_ptr<grpc::Server> grpc_server_;
  Metrics metrics_{"gateway"};
  SecureRandom random_;
  RequestRecorder recorder_{metrics_.registry()};
  ApiTokenCache api_tokens_{absl::Minutes(1), 100};
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<ApiAuthenticator> api_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  bool started_ = false;
};

}  // namespace rect::gateway::api::testing
