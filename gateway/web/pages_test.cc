#include "gateway/web/pages.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace rect::gateway {
namespace {

TEST(Pages, EveryTemplateParses) { EXPECT_TRUE(Pages::Load().ok()); }

TEST(Pages, RenderInsideTheLayoutWithEscaping) {
  const Pages pages = *Pages::Load();
  Viewer viewer;
  viewer.csrf_token = "csrf-123";
  PageData data;
  data.set("email", "<script>alert(1)</script>@example.com");
  const std::string html =
      pages.Render("lead_provider_check_email", "Check your email", data, viewer);
  EXPECT_TRUE(absl::StrContains(html, "<title>Check your email - Register early career teachers"));
  EXPECT_TRUE(absl::StrContains(html, "/assets/govuk-frontend.min.css"));
  EXPECT_TRUE(absl::StrContains(html, "&lt;script&gt;"));
  EXPECT_FALSE(absl::StrContains(html, "<script>alert"));
  EXPECT_FALSE(absl::StrContains(html, "Sign out")) << "anonymous visitors have no sign-out";
  EXPECT_FALSE(absl::StrContains(html, "<script>")) << "no inline scripts";
}

TEST(Pages, SignedInPagesOfferSignOutWithTheCsrfToken) {
  const Pages pages = *Pages::Load();
  Viewer viewer;
  viewer.kind = Viewer::Kind::kSchoolUser;
  viewer.csrf_token = "csrf-123";
  viewer.session.set_full_name("Sam Tutor");
  viewer.session.set_school_name("Oakfield Primary School");
  const std::string html = pages.Render("school_home", "Oakfield", {}, viewer);
  EXPECT_TRUE(absl::StrContains(html, "action=\"/sign-out\""));
  EXPECT_TRUE(absl::StrContains(html, "value=\"csrf-123\""));
  EXPECT_TRUE(absl::StrContains(html, "Oakfield Primary School"));
  EXPECT_TRUE(absl::StrContains(html, "Sam Tutor"));
}

TEST(Pages, FormErrorsMarkTheTitle) {
  const Pages pages = *Pages::Load();
  PageData data;
  data.set("error", "Enter an email address");
  const std::string html = pages.Render("lead_provider_sign_in", "Sign in", data, Viewer());
  EXPECT_TRUE(absl::StrContains(html, "<title>Error: Sign in"));
  EXPECT_TRUE(absl::StrContains(html, "govuk-error-summary"));
}

TEST(Pages, ResponsesAreNotCachedOrFramed) {
  const HttpResponse response = HtmlResponse(boost::beast::http::status::ok, "<p>x</p>");
  EXPECT_EQ(response[boost::beast::http::field::cache_control], "no-store");
  EXPECT_EQ(response[boost::beast::http::field::x_frame_options], "DENY");
  const HttpResponse redirect = RedirectResponse("/school/home");
  EXPECT_EQ(redirect.result(), boost::beast::http::status::see_other);
  EXPECT_EQ(redirect[boost::beast::http::field::location], "/school/home");
}

}  // namespace
}  // namespace rect::gateway
