#include "gateway/api/testing/api_test_server.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace rect::gateway::api::testing {

grpc::Status FakeIdentity::AuthenticateApiToken(
    grpc::ServerContext*, const identity::v1::AuthenticateApiTokenRequest* request,
    identity::v1::AuthenticateApiTokenResponse* response) {
  if (request->token() == "lp1-token") {
    response->set_lead_provider_id(kLp1);
  } else if (request->token() == "lp2-token") {
    response->set_lead_provider_id(kLp2);
  } else {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
  }
  response->set_token_id("token-1");
  return grpc::Status::OK;
}

ApiTestServer::ApiTestServer(grpc::Service& backend, const AddRoutes& add_routes) {
  Start({&backend}, add_routes);
}

ApiTestServer::ApiTestServer(grpc::Service& backend, grpc::Service& second_backend,
                             const AddRoutes& add_routes) {
  Start({&backend, &second_backend}, add_routes);
}

void ApiTestServer::Start(const std::vector<grpc::Service*>& backends,
                          const AddRoutes& add_routes) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port_);
  builder.RegisterService(&identity_);
  for (grpc::Service* backend : backends) builder.RegisterService(backend);
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr) return;
  BackendOptions backend_options;
  for (std::string& address : backend_options.addresses) {
    address = absl::StrCat("127.0.0.1:", grpc_port_);
  }
  backends_ = std::make_unique<Backends>(backend_options);
  api_ = std::make_unique<ApiAuthenticator>(*backends_, api_tokens_);
  if (!add_routes(router_, *backends_, *api_).ok()) return;
  ServerOptions server_options;
  server_options.port = 0;
  server_ = std::make_unique<HttpServer>(server_options, router_, recorder_, random_);
  started_ = server_->Start().ok();
}

ApiTestServer::~ApiTestServer() {
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  if (backends_ != nullptr) backends_->Shutdown();
  if (grpc_server_ != nullptr) grpc_server_->Shutdown();
}

HttpClientResponse ApiTestServer::Get(const std::string& path, const std::string& token) {
  HttpClientRequest request;
  request.url = absl::StrCat("http://127.0.0.1:", server_->port(),
                             absl::StrReplaceAll(path, {{"[", "%5B"}, {"]", "%5D"}}));
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
  EXPECT_TRUE(response.ok()) << response.status();
  return response.ok() ? *response : HttpClientResponse();
}

HttpClientResponse ApiTestServer::Send(const std::string& method, const std::string& path,
                                       const std::string& body, const std::string& token) {
  HttpClientRequest request;
  request.method = method;
  request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
  request.body = body;
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
  EXPECT_TRUE(response.ok()) << response.status();
  return response.ok() ? *response : HttpClientResponse();
}

std::string ApiTestServer::Ids(const std::string& path, const std::string& token) {
  HttpClientResponse response = Get(path, token);
  EXPECT_EQ(response.status, 200) << path << ": " << response.body;
  std::string ids;
  if (response.status != 200) return ids;
  const boost::json::value body = boost::json::parse(response.body);
  for (const auto& resource : body.at("data").as_array()) {
    ids += resource.at("id").as_string().back();
  }
  return ids;
}

}  // namespace rect::gateway::api::testing
