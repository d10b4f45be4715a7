#include "gateway/http/static_files.h"

#include <gtest/gtest.h>

namespace rect::gateway {
namespace {

TEST(ContentTypeForTest, KnownAndUnknownExtensions) {
  const std::pair<const char*, const char*> cases[] = {
      {"app.css", "text/css; charset=utf-8"},
      {"govuk/all.js", "text/javascript; charset=utf-8"},
      {"images/crest.PNG", "image/png"},
      {"favicon.ico", "image/x-icon"},
      {"icon.svg", "image/svg+xml"},
      {"fonts/bold.woff2", "font/woff2"},
      {"manifest.json", "application/json; charset=utf-8"},
      {"openapi.yaml", "application/yaml; charset=utf-8"},
      {"README", "application/octet-stream"},
      {"archive.tar.gz", "application/octet-stream"},
      {"dir.css/file", "application/octet-stream"},
  };
  for (const auto& [name, type] : cases) EXPECT_EQ(ContentTypeFor(name), type) << name;
}

TEST(ResolveStaticPathTest, JoinsSafePaths) {
  EXPECT_EQ(ResolveStaticPath("/srv/assets", "app.css").value(), "/srv/assets/app.css");
  EXPECT_EQ(ResolveStaticPath("/srv/assets/", "images/crest.png").value(),
            "/srv/assets/images/crest.png");
  EXPECT_EQ(ResolveStaticPath("gateway/assets", "a..b.css").value(), "gateway/assets/a..b.css");
}

TEST(ResolveStaticPathTest, RefusesTraversalAndHiddenFiles) {
  // The router hands over decoded segments joined by "/", so "%2e%2e" arrives as ".." and
  // "a%2F..%2Fb" as "a/../b"; both are covered here.
  for (const char* relative :
       {"", "..", "../secret", "../../etc/passwd", "a/../../b", "a/..", "./app.css", "a/./b",
        ".env", "images/.hidden", "a//b", "/etc/passwd", "a/", "..\\..\\windows", "a\\b", "a\nb"}) {
    absl::StatusOr<std::string> path = ResolveStaticPath("/srv/assets", relative);
    EXPECT_TRUE(absl::IsNotFound(path.status())) << relative;
  }
}

}  // namespace
}  // namespace rect::gateway
