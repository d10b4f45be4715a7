// Identity's storage: the SQL behind API tokens (and, as they arrive, sessions, magic links
// and sign-in records). The interface lets service tests substitute a failing store.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"

namespace rect::identity {

struct ApiTokenRecord {
  std::string id;
  std::string lead_provider_id;
  absl::Time last_used_at;
};

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;
  // Stores a token digest; returns the new token id.
  virtual absl::StatusOr<std::string> InsertApiToken(const std::string& lead_provider_id,
                                                     const std::string& description,
                                                     const std::string& digest) = 0;
  // Finds a token by digest and sets last_used_at to now. NOT_FOUND when unknown.
  virtual absl::StatusOr<ApiTokenRecord> UseApiToken(const std::string& digest) = 0;
  // NOT_FOUND when there is no token with that id.
  virtual absl::Status DeleteApiToken(const std::string& token_id) = 0;
};

class PgIdentityStore : public IdentityStore {
 public:
  explicit PgIdentityStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<std::string> InsertApiToken(const std::string& lead_provider_id,
                                             const std::string& description,
                                             const std::string& digest) override;
  absl::StatusOr<ApiTokenRecord> UseApiToken(const std::string& digest) override;
  absl::Status DeleteApiToken(const std::string& token_id) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::identity
