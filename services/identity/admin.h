// Operator commands of the identity service, run through its gRPC API: create lead-provider
// users, and create (shown once), list and revoke lead providers' API tokens.
#pragma once

#include <ostream>
#include <string>

#include "protos/identity/v1/identity.grpc.pb.h"

namespace rect::identity {

struct AdminArguments {
  std::string full_name;
  std::string email;
  std::string lead_provider_id;
  std::string lead_provider_name;
  std::string description;
  std::string token_id;
};

// The commands RunAdminCommand knows, one per line with their arguments, for --help.
extern const char kAdminUsage[];

// Runs `command` ("create-lead-provider-user", "create-api-token", "list-api-tokens",
// "revoke-api-token"). Results go to `out`, problems to `err`. Returns the exit code: 0 done,
// 1 refused or failed, 2 unknown command.
int RunAdminCommand(const std::string& command, const AdminArguments& arguments,
                    v1::IdentityService::StubInterface& identity, std::ostream& out,
                    std::ostream& err);

}  // namespace rect::identity
