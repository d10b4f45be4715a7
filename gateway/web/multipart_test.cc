#include "gateway/web/multipart.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace rect::gateway {
namespace {

constexpr char kBoundary[] = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string Body(const std::vector<std::string>& parts) {
  std::string body;
  for (const std::string& part : parts) absl::StrAppend(&body, "--", kBoundary, "\r\n", part, "\r\n");
  absl::StrAppend(&body, "--", kBoundary, "--\r\n");
  return body;
}

TEST(MultipartBoundary, ReadsPlainAndQuotedBoundariesAndRefusesTheRest) {
  struct Case {
    const char* content_type;
    const char* boundary;  // nullptr: an error
  };
  const Case cases[] = {
      {"multipart/form-data; boundary=abc", "abc"},
      {"Multipart/Form-Data;boundary=\"a b:c\"", "a b:c"},
      {"multipart/form-data; charset=utf-8; boundary=x-1", "x-1"},
      {"multipart/form-data", nullptr},
      {"multipart/form-data; boundary=", nullptr},
      {"multipart/form-data; boundary=\"abc", nullptr},
      {"multipart/form-data; boundary=a<b", nullptr},
      {"application/x-www-form-urlencoded", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::string> boundary = MultipartBoundary(c.content_type);
    if (c.boundary == nullptr) {
      EXPECT_FALSE(boundary.ok()) << c.content_type;
    } else {
      ASSERT_TRUE(boundary.ok()) << c.content_type << " " << boundary.status();
      EXPECT_EQ(*boundary, c.boundary);
    }
  }
  EXPECT_FALSE(MultipartBoundary(absl::StrCat("multipart/form-data; boundary=",
                                              std::string(71, 'a')))
                   .ok());
}

TEST(ParseMultipart, ReadsFieldsAndFilesInOrder) {
  const std::string body = Body({
      "Content-Disposition: form-data; name=\"authenticity_token\"\r\n\r\ntok",
      "Content-Disposition: form-data; name=\"csv\"; filename=\"C:\\\\Users\\\\me\\\\schools.csv\""
      "\r\nContent-Type: text/csv\r\n\r\nURN\r\n100001\r\n",
      "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n",
  });
  absl::StatusOr<std::vector<MultipartPart>> parts = ParseMultipart(body, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "authenticity_token");
  EXPECT_FALSE((*parts)[0].is_file);
  EXPECT_EQ((*parts)[0].data, "tok");
  EXPECT_EQ((*parts)[1].name, "csv");
  EXPECT_TRUE((*parts)[1].is_file);
  EXPECT_EQ((*parts)[1].filename, "schools.csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].data, "URN\r\n100001\r\n");
  EXPECT_TRUE((*parts)[2].is_file);
  EXPECT_EQ((*parts)[2].filename, "");
  EXPECT_EQ((*parts)[2].data, "");
  EXPECT_EQ(FindPart(*parts, "csv"), &(*parts)[1]);
  EXPECT_EQ(FindPart(*parts, "missing"), nullptr);
}

TEST(ParseMultipart, DataMayHoldTheBoundaryTextWithoutItsLeadingLineEnd) {
  const std::string body = Body({absl::StrCat(
      "Content-Disposition: form-data; name=\"f\"\r\n\r\nx--", kBoundary, "y")});
  absl::StatusOr<std::vector<MultipartPart>> parts = ParseMultipart(body, kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ((*parts)[0].data, absl::StrCat("x--", kBoundary, "y"));
}

TEST(ParseMultipart, RefusesMalformedBodies) {
  const std::string ok_part = "Content-Disposition: form-data; name=\"f\"\r\n\r\nv";
  const std::string cases[] = {
      "",
      "no boundary at all",
      absl::StrCat("--", kBoundary, "\r\n", ok_part),                        // never closed
      absl::StrCat("--", kBoundary, "X", ok_part, "\r\n--", kBoundary, "--"),  // no CRLF
      Body({"Content-Disposition: form-data\r\n\r\nv"}),                     // no name
      Body({"Content-Disposition: attachment; name=\"f\"\r\n\r\nv"}),        // not form-data
      Body({"Content-Type: text/plain\r\n\r\nv"}),                           // no disposition
      Body({"Content-Disposition: form-data; name=\"f\r\n\r\nv"}),           // open quote
      Body({"Bad header line\r\n\r\nv"}),
      absl::StrCat("--", kBoundary, "\r\nContent-Disposition: form-data; name=\"f\""),
  };
  for (const std::string& body : cases) {
    EXPECT_FALSE(ParseMultipart(body, kBoundary).ok()) << body;
  }
}

TEST(ParseMultipart, KeepsToItsLimits) {
  std::vector<std::string> many(17, "Content-Disposition: form-data; name=\"f\"\r\n\r\nv");
  EXPECT_FALSE(ParseMultipart(Body(many), kBoundary).ok());
  many.resize(16);
  EXPECT_TRUE(ParseMultipart(Body(many), kBoundary).ok());
  const std::string long_header =
      absl::StrCat("Content-Disposition: form-data; name=\"f\"\r\nX-Long: ", std::string(5000, 'a'),
                   "\r\n\r\nv");
  EXPECT_FALSE(ParseMultipart(Body({long_header}), kBoundary).ok());
}

// Every prefix of a valid body and every single-byte change to it is read or refused, never
// read past its end (run under ASan with the rest of the tests).
TEST(ParseMultipart, EveryPrefixAndByteChangeIsReadOrRefused) {
  const std::string body = Body({
      "Content-Disposition: form-data; name=\"authenticity_token\"\r\n\r\ntok",
      "Content-Disposition: form-data; name=\"csv\"; filename=\"a.csv\"\r\n\r\n1\r\n2",
  });
  for (size_t length = 0; length < body.size(); ++length) {
    absl::StatusOr<std::vector<MultipartPart>> parts =
        ParseMultipart(absl::string_view(body.data(), length), kBoundary);
    if (parts.ok()) {
      EXPECT_GE(length, body.size() - 4) << "only the close delimiter's tail may be missing";
    }
  }
  for (size_t i = 0; i < body.size(); ++i) {
    for (char c : {'\0', '\r', '\n', '-', '"', ';', 'x'}) {
      std::string changed = body;
      changed[i] = c;
      absl::StatusOr<std::vector<MultipartPart>> parts = ParseMultipart(changed, kBoundary);
      if (parts.ok()) EXPECT_LE(parts->size(), 2u);
    }
  }
}

}  // namespace
}  // namespace rect::gateway
