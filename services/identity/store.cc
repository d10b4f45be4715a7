#include "services/identity/store.h"

#include <pqxx/pqxx>

namespace rect::identity {

absl::StatusOr<std::string> PgIdentityStore::InsertApiToken(const std::string& lead_provider_id,
                                                            const std::string& description,
                                                            const std::string& digest) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::string> {
    pqxx::row row = txn.exec_params1(
        "INSERT INTO api_tokens (lead_provider_id, description, token_digest) "
        "VALUES ($1, $2, $3) RETURNING id",
        lead_provider_id, description, pqxx::binarystring(digest));
    return row[0].as<std::string>();
  });
}

absl::StatusOr<ApiTokenRecord> PgIdentityStore::UseApiToken(const std::string& digest) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ApiTokenRecord> {
    pqxx::result rows = txn.exec_params(
        "UPDATE api_tokens SET last_used_at = now() WHERE token_digest = $1 "
        "RETURNING id, lead_provider_id, extract(epoch FROM last_used_at)::bigint",
        pqxx::binarystring(digest));
    if (rows.empty()) return absl::NotFoundError("unknown API token");
    return ApiTokenRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                          absl::FromUnixSeconds(rows[0][2].as<int64_t>())};
  });
}

absl::Status PgIdentityStore::DeleteApiToken(const std::string& token_id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    pqxx::result rows = txn.exec_params("DELETE FROM api_tokens WHERE id = $1", token_id);
    if (rows.affected_rows() == 0) return absl::NotFoundError("no API token with that id");
    return absl::OkStatus();
  });
}

}  // namespace rect::identity
