// Settings of the gateway's HTML pages and sign-in routes.
#pragma once

#include <string>

#include "absl/strings/match.h"

namespace rect::gateway {

struct WebOptions {
  // How browsers reach the service, without a trailing slash. An https URL makes every cookie
  // Secure; http is for local development only.
  std::string public_url = "http://127.0.0.1:8080";
  // DfE Sign-in's own pages for users (request an organisation, my services).
  std::string dsi_services_url = "https://services.signin.education.gov.uk";

  bool secure_cookies() const { return absl::StartsWithIgnoreCase(public_url, "https://"); }
};

}  // namespace rect::gateway
