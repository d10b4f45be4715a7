#include "services/common/metrics.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include "protos/grpc/health/v1/health.grpc.pb.h"

namespace rect {
namespace {

// Answers SERVING for "known" and NOT_FOUND for anything else.
class FakeHealth : public grpc::health::v1::Health::Service {
  grpc::Status Check(grpc::ServerContext*, const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override {
    if (request->service() != "known") return grpc::Status(grpc::StatusCode::NOT_FOUND, "");
    response->set_status(grpc::health::v1::HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }
};

std::string Scrape(Metrics& metrics) {
  return prometheus::TextSerializer().Serialize(metrics.registry().Collect());
}

TEST(Metrics, InterceptorsCountServerAndClientCallsByMethodAndCode) {
  Metrics metrics("test");
  FakeHealth health;
  grpc::ServerBuilder builder;
  builder.RegisterService(&health);
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(metrics.MakeServerInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(creators));
  auto server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);

  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> clients;
  clients.push_back(metrics.MakeClientInterceptorFactory());
  auto channel = grpc::experimental::CreateCustomChannelWithInterceptors(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(),
      grpc::ChannelArguments(), std::move(clients));
  auto stub = grpc::health::v1::Health::NewStub(channel);
  for (const char* service : {"known", "known", "unknown"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    request.set_service(service);
    stub->Check(&context, request, &response);
  }
  server->Shutdown();

  const std::string text = Scrape(metrics);
  EXPECT_NE(text.find("rect_grpc_server_requests_total{code=\"OK\",method=\"/grpc.health.v1."
                      "Health/Check\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("code=\"NOT_FOUND\",method=\"/grpc.health.v1.Health/Check\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rect_grpc_server_request_duration_seconds_count{method=\"/grpc.health.v1."
                      "Health/Check\"} 3"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rect_build_info{component=\"test\"} 1"), std::string::npos);
  EXPECT_NE(text.find("rect_grpc_client_requests_total{code=\"OK\",method=\"/grpc.health.v1."
                      "Health/Check\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rect_grpc_client_requests_total{code=\"NOT_FOUND\",method=\"/grpc.health."
                      "v1.Health/Check\"} 1"),
            std::string::npos)
      << text;
}

TEST(Metrics, CodeNames) {
  EXPECT_STREQ(GrpcCodeName(0), "OK");
  EXPECT_STREQ(GrpcCodeName(5), "NOT_FOUND");
  EXPECT_STREQ(GrpcCodeName(16), "UNAUTHENTICATED");
  EXPECT_STREQ(GrpcCodeName(99), "UNKNOWN");
}

}  // namespace
}  // namespace rect
