#include "gateway/http/responses.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

TEST(HttpStatusFromGrpcTest, MapsEveryCode) {
  const std::pair<grpc::StatusCode, http::status> cases[] = {
      {grpc::StatusCode::OK, http::status::ok},
      {grpc::StatusCode::INVALID_ARGUMENT, http::status::unprocessable_entity},
      {grpc::StatusCode::NOT_FOUND, http::status::not_found},
      {grpc::StatusCode::UNAUTHENTICATED, http::status::unauthorized},
      {grpc::StatusCode::PERMISSION_DENIED, http::status::forbidden},
      {grpc::StatusCode::ALREADY_EXISTS, http::status::conflict},
      {grpc::StatusCode::FAILED_PRECONDITION, http::status::conflict},
      // A backend with no thread free is overloaded: the caller is not over a rate limit.
      {grpc::StatusCode::RESOURCE_EXHAUSTED, http::status::service_unavailable},
      {grpc::StatusCode::UNAVAILABLE, http::status::service_unavailable},
      {grpc::StatusCode::DEADLINE_EXCEEDED, http::status::service_unavailable},
      // A backend shutting down cancels the calls it has not started.
      {grpc::StatusCode::CANCELLED, http::status::service_unavailable},
      {grpc::StatusCode::UNKNOWN, http::status::internal_server_error},
      {grpc::StatusCode::ABORTED, http::status::internal_server_error},
      {grpc::StatusCode::OUT_OF_RANGE, http::status::internal_server_error},
      {grpc::StatusCode::UNIMPLEMENTED, http::status::internal_server_error},
      {grpc::StatusCode::INTERNAL, http::status::internal_server_error},
      {grpc::StatusCode::DATA_LOSS, http::status::internal_server_error},
  };
  for (const auto& [code, status] : cases) {
    EXPECT_EQ(HttpStatusFromGrpc(code), status) << code;
  }
}

TEST(ErrorFormatForTest, JsonOnlyUnderApi) {
  EXPECT_EQ(ErrorFormatFor("/api/v3/participants"), ErrorFormat::kJson);
  EXPECT_EQ(ErrorFormatFor("/api/"), ErrorFormat::kJson);
  EXPECT_EQ(ErrorFormatFor("/api"), ErrorFormat::kJson);
  EXPECT_EQ(ErrorFormatFor("/api?x=1"), ErrorFormat::kJson);
  EXPECT_EQ(ErrorFormatFor("/apiary"), ErrorFormat::kHtml);
  EXPECT_EQ(ErrorFormatFor("/schools"), ErrorFormat::kHtml);
  EXPECT_EQ(ErrorFormatFor(""), ErrorFormat::kHtml);
}

TEST(ErrorResponseTest, JsonBodies) {
  HttpResponse not_found = ErrorResponse(ErrorFormat::kJson, http::status::not_found);
  EXPECT_EQ(not_found.result(), http::status::not_found);
  EXPECT_EQ(not_found[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(not_found.body(), R"({"error":"Resource not found"})");
  EXPECT_EQ(not_found[http::field::cache_control], "no-store");

  HttpResponse unavailable =
      ErrorResponse(ErrorFormat::kJson, http::status::service_unavailable, "teachers is down");
  EXPECT_EQ(boost::json::parse(unavailable.body()),
            boost::json::parse(R"({"error":"Service unavailable","detail":"teachers is down"})"));

  HttpResponse unauthorized = ErrorResponse(ErrorFormat::kJson, http::status::unauthorized);
  EXPECT_EQ(unauthorized.body(), R"({"error":"HTTP Token: Access denied"})");

  HttpResponse throttled = ErrorResponse(ErrorFormat::kJson, http::status::too_many_requests);
  EXPECT_EQ(throttled[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(throttled.body(), "Retry later\n");
}

TEST(ErrorResponseTest, HtmlPages) {
  HttpResponse not_found = ErrorResponse(ErrorFormat::kHtml, http::status::not_found);
  EXPECT_EQ(not_found[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(not_found.body().find("<h1 class=\"govuk-heading-l\">Page not found</h1>"),
            std::string::npos);
  for (http::status status :
       {http::status::internal_server_error, http::status::service_unavailable}) {
    HttpResponse page = ErrorResponse(ErrorFormat::kHtml, status);
    EXPECT_EQ(page.result(), status);
    EXPECT_NE(page.body().find("Sorry, there is a problem with the service"), std::string::npos);
  }
  HttpResponse escaped =
      ErrorResponse(ErrorFormat::kHtml, http::status::unprocessable_entity, "<b>&\"'");
  EXPECT_NE(escaped.body().find("&lt;b&gt;&amp;&quot;&#39;"), std::string::npos);
  EXPECT_EQ(escaped.body().find("<b>"), std::string::npos);
}

TEST(ErrorResponseFromGrpcTest, ShowsClientErrorsAndHidesInternals) {
  HttpResponse invalid = ErrorResponseFromGrpc(
      ErrorFormat::kJson, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Enter a TRN"),
      "teachers");
  EXPECT_EQ(invalid.result(), http::status::unprocessable_entity);
  EXPECT_EQ(boost::json::parse(invalid.body()).at("detail"), "Enter a TRN");

  HttpResponse unavailable = ErrorResponseFromGrpc(
      ErrorFormat::kJson, grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "x"), "teachers");
  EXPECT_EQ(unavailable.result(), http::status::service_unavailable);
  EXPECT_NE(unavailable.body().find("teachers"), std::string::npos);

  // gRPC's "Server Threadpool Exhausted": the documented 503 naming the backend, not the
  // API's rate-limit answer (429 "Retry later").
  HttpResponse overloaded = ErrorResponseFromGrpc(
      ErrorFormat::kJson,
      grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "Server Threadpool Exhausted"),
      "registration");
  EXPECT_EQ(overloaded.result(), http::status::service_unavailable);
  EXPECT_EQ(boost::json::parse(overloaded.body()).at("error"), "Service unavailable");
  EXPECT_EQ(boost::json::parse(overloaded.body()).at("detail"), "registration is not responding");

  HttpResponse cancelled = ErrorResponseFromGrpc(
      ErrorFormat::kJson, grpc::Status(grpc::StatusCode::CANCELLED, "Cancelled"), "registration");
  EXPECT_EQ(cancelled.result(), http::status::service_unavailable);
  EXPECT_EQ(boost::json::parse(cancelled.body()).at("detail"), "registration is not responding");

  HttpResponse internal = ErrorResponseFromGrpc(
      ErrorFormat::kJson, grpc::Status(grpc::StatusCode::INTERNAL, "pq: secret detail"),
      "teachers");
  EXPECT_EQ(internal.result(), http::status::internal_server_error);
  EXPECT_EQ(internal.body().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace rect::gateway
