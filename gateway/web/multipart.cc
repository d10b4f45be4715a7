#include "gateway/web/multipart.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace rect::gateway {
namespace {

constexpr size_t kMaxBoundary = 70;

absl::Status Malformed(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("malformed multipart body: ", why));
}

bool IsBoundaryChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("'()+_,-./:=? ").find(c) != absl::string_view::npos;
}

// Name/value parameters after the first ';' of a header value; values may be quoted strings
// with backslash escapes. Names are lower-cased. False on an unterminated quote.
bool ParseParameters(absl::string_view text,
                     std::vector<std::pair<std::string, std::string>>* out) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ';' || text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    const size_t eq = text.find('=', i);
    const size_t semi = text.find(';', i);
    if (eq == absl::string_view::npos || (semi != absl::string_view::npos && semi < eq)) {
      // A bare token such as "form-data".
      const size_t end = semi == absl::string_view::npos ? text.size() : semi;
      out->emplace_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(text.substr(i, end - i))),
                        "");
      i = end;
      continue;
    }
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text.substr(i, eq - i)));
    i = eq + 1;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        const char c = text[i++];
        if (c == '\\' && i < text.size()) {
          value.push_back(text[i++]);
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value.push_back(c);
        }
      }
      if (!closed) return false;
    } else {
      const size_t end = text.find(';', i);
      value = std::string(absl::StripAsciiWhitespace(
          text.substr(i, (end == absl::string_view::npos ? text.size() : end) - i)));
      i = end == absl::string_view::npos ? text.size() : end;
    }
    out->emplace_back(std::move(name), std::move(value));
  }
  return true;
}

absl::Status ParseHeaders(absl::string_view headers, MultipartPart* part) {
  bool disposition = false;
  for (absl::string_view line : absl::StrSplit(headers, "\r\n")) {
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos || colon == 0) return Malformed("a header has no name");
    const std::string name = absl::AsciiStrToLower(line.substr(0, colon));
    const absl::string_view value = absl::StripAsciiWhitespace(line.substr(colon + 1));
    if (name == "content-type") {
      part->content_type = std::string(value);
    } else if (name == "content-disposition") {
      std::vector<std::pair<std::string, std::string>> params;
      if (!ParseParameters(value, &params)) return Malformed("an unterminated quoted string");
      if (params.empty() || params[0].first != "form-data" || !params[0].second.empty()) {
        return Malformed("a part is not form-data");
      }
      for (size_t i = 1; i < params.size(); ++i) {
        if (params[i].first == "name") {
          part->name = params[i].second;
        } else if (params[i].first == "filename") {
          part->is_file = true;
          absl::string_view filename = params[i].second;
          const size_t slash = filename.find_last_of("/\\");
          if (slash != absl::string_view::npos) filename.remove_prefix(slash + 1);
          part->filename = std::string(filename);
        }
      }
      disposition = true;
    }
  }
  if (!disposition || part->name.empty()) return Malformed("a part has no name");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> MultipartBoundary(absl::string_view content_type) {
  const size_t semi = content_type.find(';');
  const absl::string_view type = absl::StripAsciiWhitespace(content_type.substr(0, semi));
  if (!absl::EqualsIgnoreCase(type, "multipart/form-data")) {
    return absl::InvalidArgumentError("the form must be sent as multipart/form-data");
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (semi == absl::string_view::npos ||
      !ParseParameters(content_type.substr(semi + 1), &params)) {
    return absl::InvalidArgumentError("the multipart boundary is missing");
  }
  for (const auto& [name, value] : params) {
    if (name != "boundary") continue;
    if (value.empty() || value.size() > kMaxBoundary || value.back() == ' ') {
      return absl::InvalidArgumentError("the multipart boundary is malformed");
    }
    for (char c : value) {
      if (!IsBoundaryChar(c)) return absl::InvalidArgumentError("the multipart boundary is malformed");
    }
    return value;
  }
  return absl::InvalidArgumentError("the multipart boundary is missing");
}

absl::StatusOr<std::vector<MultipartPart>> ParseMultipart(absl::string_view body,
                                                          absl::string_view boundary,
                                                          const MultipartLimits& limits) {
  if (boundary.empty()) return Malformed("no boundary");
  const std::string delimiter = absl::StrCat("--", boundary);
  const std::string next_delimiter = absl::StrCat("\r\n", delimiter);
  if (!absl::StartsWith(body, delimiter)) return Malformed("it does not start with the boundary");
  size_t pos = delimiter.size();
  std::vector<MultipartPart> parts;
  while (true) {
    const absl::string_view rest = body.substr(pos);
    if (absl::StartsWith(rest, "--")) return parts;  // the close delimiter; the epilogue is ignored
    if (!absl::StartsWith(rest, "\r\n")) return Malformed("a boundary is not followed by CRLF");
    pos += 2;
    if (parts.size() == limits.max_parts) return Malformed("too many parts");
    const size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == absl::string_view::npos) return Malformed("a part's headers do not end");
    if (headers_end - pos > limits.max_header_bytes) return Malformed("a part's headers are too long");
    MultipartPart part;
    if (absl::Status status = ParseHeaders(body.substr(pos, headers_end - pos), &part);
        !status.ok()) {
      return status;
    }
    const size_t data_start = headers_end + 4;
    const size_t data_end = body.find(next_delimiter, data_start);
    if (data_end == absl::string_view::npos) return Malformed("a part is not closed");
    part.data = std::string(body.substr(data_start, data_end - data_start));
    parts.push_back(std::move(part));
    pos = data_end + next_delimiter.size();
  }
}

const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, absl::string_view name) {
  for (const MultipartPart& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace rect::gateway
