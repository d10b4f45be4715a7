#include "services/identity/lead_provider_users.h"

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "services/common/status.h"
#include "services/common/tokens.h"

namespace rect::identity {

grpc::Status LeadProviderUsersServiceImpl::ListLeadProviderUsers(
    grpc::ServerContext*, const v1::ListLeadProviderUsersRequest* request,
    v1::ListLeadProviderUsersResponse* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "lead_provider_id must be a UUID");
  }
  const std::string lead_provider_id = absl::AsciiStrToLower(request->lead_provider_id());
  return ToGrpcStatus(pool_.Run([&](pqxx::connection& c) -> absl::Status {
    pqxx::read_transaction txn(c);
    for (const pqxx::row& row :
         txn.exec_params("SELECT id, full_name, email FROM lead_provider_users "
                         "WHERE lead_provider_id = $1 ORDER BY lower(full_name), id",
                         lead_provider_id)) {
      v1::LeadProviderUserContact* user = response->add_users();
      user->set_id(row[0].as<std::string>());
      user->set_full_name(row[1].as<std::string>());
      user->set_email(row[2].as<std::string>());
    }
    return absl::OkStatus();
  }));
}

}  // namespace rect::identity
