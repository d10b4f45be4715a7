#include "services/identity/admin.h"

#include <grpcpp/client_context.h>

#include <chrono>

#include "absl/time/time.h"

namespace rect::identity {
namespace {

constexpr auto kDeadline = std::chrono::seconds(10);

std::string Time(const common::v1::Timestamp& t, bool present) {
  if (!present) return "never";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

int Report(const grpc::Status& status, std::ostream& err) {
  err << "identity_admin: " << status.error_message() << " (gRPC code " << status.error_code()
      << ")\n";
  return 1;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kDeadline);
  return context;
}

}  // namespace

const char kAdminUsage[] =
    "identity_admin [--identity_address=host:port] COMMAND [flags]\n"
    "  create-lead-provider-user --full_name=NAME --email=ADDRESS --lead_provider_id=UUID\n"
    "                            [--lead_provider_name=NAME  (sends the welcome email)]\n"
    "  create-api-token          --lead_provider_id=UUID [--description=TEXT]\n"
    "  list-api-tokens           --lead_provider_id=UUID\n"
    "  revoke-api-token          --token_id=UUID\n";

int RunAdminCommand(const std::string& command, const AdminArguments& arguments,
                    v1::IdentityService::StubInterface& identity, std::ostream& out,
                    std::ostream& err) {
  if (command == "create-lead-provider-user") {
    v1::CreateLeadProviderUserRequest request;
    request.set_full_name(arguments.full_name);
    request.set_email(arguments.email);
    request.set_lead_provider_id(arguments.lead_provider_id);
    request.set_lead_provider_name(arguments.lead_provider_name);
    v1::LeadProviderUser user;
    const grpc::Status status = identity.CreateLeadProviderUser(Context().get(), request, &user);
    if (!status.ok()) return Report(status, err);
    out << "created lead-provider user " << user.id() << " <" << user.email() << "> for lead "
        << "provider " << user.lead_provider_id() << "\n";
    return 0;
  }
  if (command == "create-api-token") {
    v1::CreateApiTokenRequest request;
    request.set_lead_provider_id(arguments.lead_provider_id);
    request.set_description(arguments.description);
    v1::CreateApiTokenResponse created;
    const grpc::Status status = identity.CreateApiToken(Context().get(), request, &created);
    if (!status.ok()) return Report(status, err);
    err << "API token " << created.token_id()
        << " created. The token follows; it is shown only this once.\n";
    out << created.token() << "\n";
    return 0;
  }
  if (command == "list-api-tokens") {
    v1::ListApiTokensRequest request;
    request.set_lead_provider_id(arguments.lead_provider_id);
    v1::ListApiTokensResponse listed;
    const grpc::Status status = identity.ListApiTokens(Context().get(), request, &listed);
    if (!status.ok()) return Report(status, err);
    out << "token_id\tcreated_at\tlast_used_at\tdescription\n";
    for (const v1::ApiToken& token : listed.tokens()) {
      out << token.token_id() << "\t" << Time(token.created_at(), true) << "\t"
          << Time(token.last_used_at(), token.has_last_used_at()) << "\t" << token.description()
          << "\n";
    }
    return 0;
  }
  if (command == "revoke-api-token") {
    v1::RevokeApiTokenRequest request;
    request.set_token_id(arguments.token_id);
    v1::RevokeApiTokenResponse revoked;
    const grpc::Status status = identity.RevokeApiToken(Context().get(), request, &revoked);
    if (!status.ok()) return Report(status, err);
    out << "revoked API token " << arguments.token_id << "\n";
    return 0;
  }
  err << "identity_admin: unknown command \"" << command << "\"\n" << kAdminUsage;
  return 2;
}

}  // namespace rect::identity
