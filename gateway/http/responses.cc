#include "gateway/http/responses.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

struct ErrorText {
  absl::string_view json;     // the API's "error" value
  absl::string_view heading;  // the HTML page's heading
  absl::string_view body;     // the HTML page's first paragraph
};

ErrorText TextFor(http::status status) {
  switch (status) {
    case http::status::bad_request:
      return {"Bad request", "Bad request", "The request could not be understood."};
    case http::status::unauthorized:
      // The lead-provider API contract fixes this text.
      return {"HTTP Token: Access denied", "You need to sign in", "Sign in to use this service."};
    case http::status::forbidden:
      return {"Forbidden", "You do not have permission to view this page",
              "Contact your organisation if you think you should have access."};
    case http::status::not_found:
      return {"Resource not found", "Page not found",
              "If you typed the web address, check it is correct. If you pasted the web "
              "address, check you copied the entire address."};
    case http::status::method_not_allowed:
      return {"Method not allowed", "Page not found", "This page cannot be used in that way."};
    case http::status::request_timeout:
      return {"Request timeout", "Your request took too long", "Try again."};
    case http::status::conflict:
      return {"Conflict", "There is a problem",
              "The change could not be made because of the current state of the record."};
    case http::status::payload_too_large:
      return {"Request body too large", "The request is too large", "Try again with less data."};
    case http::status::unprocessable_entity:
      return {"Unprocessable entity", "There is a problem", "Check your answers and try again."};
    case http::status::too_many_requests:
      return {"Retry later", "Too many requests", "Wait a moment and try again."};
    case http::status::request_header_fields_too_large:
      return {"Request header fields too large", "Bad request",
              "The request could not be understood."};
    case http::status::service_unavailable:
      return {"Service unavailable", "Sorry, there is a problem with the service",
              "Try again later."};
    default:
      return {"Internal server error", "Sorry, there is a problem with the service",
              "Try again later."};
  }
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlPage(const ErrorText& text, absl::string_view detail) {
  std::string detail_html;
  if (!detail.empty()) {
    detail_html = absl::StrCat("      <p class=\"govuk-body\">", HtmlEscape(detail), "</p>\n");
  }
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
      "  <meta charset=\"utf-8\">\n"
      "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "  <title>",
      text.heading,
      " - Register early career teachers - GOV.UK</title>\n"
      "  <link rel=\"stylesheet\" href=\"/assets/app.css\">\n</head>\n"
      "<body class=\"govuk-template__body\">\n"
      "  <div class=\"govuk-width-container\">\n"
      "    <main class=\"govuk-main-wrapper\" id=\"main-content\" role=\"main\">\n"
      "      <h1 class=\"govuk-heading-l\">",
      text.heading,
      "</h1>\n"
      "      <p class=\"govuk-body\">",
      text.body, "</p>\n", detail_html, "    </main>\n  </div>\n</body>\n</html>\n");
}

}  // namespace

ErrorFormat ErrorFormatFor(absl::string_view target) {
  return target == "/api" || absl::StartsWith(target, "/api/") || absl::StartsWith(target, "/api?")
             ? ErrorFormat::kJson
             : ErrorFormat::kHtml;
}

HttpResponse ErrorResponse(ErrorFormat format, http::status status, absl::string_view detail) {
  const ErrorText text = TextFor(status);
  HttpResponse response;
  if (format == ErrorFormat::kJson && status == http::status::too_many_requests) {
    // The lead-provider API contract answers 429 in plain text.
    response = TextResponse(status, "Retry later\n");
  } else if (format == ErrorFormat::kJson) {
    boost::json::object body;
    body["error"] = boost::json::string_view(text.json.data(), text.json.size());
    if (!detail.empty()) body["detail"] = boost::json::string_view(detail.data(), detail.size());
    response = JsonResponse(status, body);
  } else {
    response = TextResponse(status, HtmlPage(text, detail), "text/html; charset=utf-8");
  }
  response.set(http::field::cache_control, "no-store");
  return response;
}

http::status HttpStatusFromGrpc(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return http::status::ok;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return http::status::unprocessable_entity;
    case grpc::StatusCode::NOT_FOUND:
      return http::status::not_found;
    case grpc::StatusCode::UNAUTHENTICATED:
      return http::status::unauthorized;
    case grpc::StatusCode::PERMISSION_DENIED:
      return http::status::forbidden;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return http::status::conflict;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::CANCELLED:
      return http::status::service_unavailable;
    default:
      return http::status::internal_server_error;
  }
}

HttpResponse ErrorResponseFromGrpc(ErrorFormat format, const grpc::Status& status,
                                   absl::string_view backend) {
  const http::status http_status = HttpStatusFromGrpc(status.error_code());
  if (http_status == http::status::service_unavailable) {
    return ErrorResponse(format, http_status, absl::StrCat(backend, " is not responding"));
  }
  if (http::to_status_class(http_status) == http::status_class::client_error) {
    return ErrorResponse(format, http_status, status.error_message());
  }
  return ErrorResponse(format, http_status);
}

HttpResponse JsonResponse(http::status status, const boost::json::value& body) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = boost::json::serialize(body);  // moved in: a large page is not copied
  return response;
}

HttpResponse TextResponse(http::status status, absl::string_view text,
                          absl::string_view content_type) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type,
               boost::beast::string_view(content_type.data(), content_type.size()));
  response.body().assign(text.data(), text.size());
  return response;
}

}  // namespace rect::gateway
