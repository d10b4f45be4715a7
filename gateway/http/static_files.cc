#include "gateway/http/static_files.h"

#include <boost/beast/http/field.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gateway/http/responses.h"
#include "services/common/log.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

// Assets are not fingerprinted, so browsers revalidate after an hour.
constexpr char kCacheControl[] = "public, max-age=3600";

bool IsSafeSegment(absl::string_view segment) {
  if (segment.empty() || segment[0] == '.') return false;
  for (char c : segment) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::NotFoundError("no such asset");
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  if (!file || !contents) return absl::InternalError(absl::StrCat("cannot read ", path));
  return contents.str();
}

}  // namespace

absl::string_view ContentTypeFor(absl::string_view file_name) {
  static constexpr std::pair<absl::string_view, absl::string_view> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".yaml", "application/yaml; charset=utf-8"},
      {".yml", "application/yaml; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".pdf", "application/pdf"},
  };
  const size_t dot = file_name.rfind('.');
  if (dot != absl::string_view::npos && file_name.find('/', dot) == absl::string_view::npos) {
    const std::string extension = absl::AsciiStrToLower(file_name.substr(dot));
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return type;
    }
  }
  return "application/octet-stream";
}

absl::StatusOr<std::string> ResolveStaticPath(absl::string_view root, absl::string_view relative) {
  if (root.empty()) return absl::NotFoundError("no asset directory");
  for (absl::string_view segment : absl::StrSplit(relative, '/')) {
    if (!IsSafeSegment(segment)) return absl::NotFoundError("unsafe asset path");
  }
  return absl::StrCat(root, root.back() == '/' ? "" : "/", relative);
}

absl::Status AddStaticFileRoutes(Router& router, std::string root) {
  return router.Add(
      http::verb::get, "/assets/{path...}",
      [root = std::move(root)](std::shared_ptr<const RequestContext> context, Responder respond) {
        const std::string& relative = context->param("path");
        absl::StatusOr<std::string> path = ResolveStaticPath(root, relative);
        absl::StatusOr<std::string> contents =
            path.ok() ? ReadFile(*path) : absl::StatusOr<std::string>(path.status());
        if (!contents.ok()) {
          if (!absl::IsNotFound(contents.status())) {
            log::Error("cannot serve asset", {{"request_id", context->request_id},
                                              {"error", std::string(contents.status().message())}});
          }
          respond(ErrorResponse(ErrorFormat::kHtml, absl::IsNotFound(contents.status())
                                                        ? http::status::not_found
                                                        : http::status::internal_server_error));
          return;
        }
        HttpResponse response = TextResponse(http::status::ok, *contents, ContentTypeFor(relative));
        response.set(http::field::cache_control, kCacheControl);
        response.set("X-Content-Type-Options", "nosniff");
        respond(std::move(response));
      });
}

}  // namespace rect::gateway
