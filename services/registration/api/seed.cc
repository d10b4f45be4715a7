#include "services/registration/api/seed.h"

#include <pqxx/pqxx>
#include <string>

namespace rect::registration::api {

absl::Status ApplySeed(PgPool& pool) {
  return pool.Transact([](pqxx::work& txn) -> absl::Status {
    txn.exec(std::string(SeedSql()));
    return absl::OkStatus();
  });
}

}  // namespace rect::registration::api
