// identity_admin: operator commands (lead-provider users, API tokens) over the identity
// service's gRPC API. Flags have RECT_IDENTITY_ADMIN_* environment fallbacks.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "services/common/options.h"
#include "services/identity/admin.h"

ABSL_FLAG(std::string, identity_address, "127.0.0.1:50051", "identity service gRPC address");
ABSL_FLAG(std::string, full_name, "", "lead-provider user's full name");
ABSL_FLAG(std::string, email, "", "lead-provider user's email address");
ABSL_FLAG(std::string, lead_provider_id, "", "lead provider UUID");
ABSL_FLAG(std::string, lead_provider_name, "",
          "lead provider's name; when given, the new user gets the welcome email");
ABSL_FLAG(std::string, description, "", "API token description");
ABSL_FLAG(std::string, token_id, "", "API token id");

int main(int argc, char** argv) {
  const std::vector<char*> rest =
      rect::ParseFlagsWithEnvironment(argc, argv, "RECT_IDENTITY_ADMIN_", {"identity_address"});
  if (rest.size() != 2) {
    std::cerr << rect::identity::kAdminUsage;
    return 2;
  }
  rect::identity::AdminArguments arguments;
  arguments.full_name = absl::GetFlag(FLAGS_full_name);
  arguments.email = absl::GetFlag(FLAGS_email);
  arguments.lead_provider_id = absl::GetFlag(FLAGS_lead_provider_id);
  arguments.lead_provider_name = absl::GetFlag(FLAGS_lead_provider_name);
  arguments.description = absl::GetFlag(FLAGS_description);
  arguments.token_id = absl::GetFlag(FLAGS_token_id);
  auto stub = rect::identity::v1::IdentityService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_identity_address), grpc::InsecureChannelCredentials()));
  return rect::identity::RunAdminCommand(rest[1], arguments, *stub, std::cout, std::cerr);
}
