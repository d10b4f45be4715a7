#include "services/partnerships/seed.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/partnerships/store.h"

namespace rect::partnerships {

absl::StatusOr<GiasImportReport> ApplySeed(PgPool& pool) {
  PgPartnershipsStore store(pool);
  ASSIGN_OR_RETURN(GiasImportReport report, ImportGiasExtract(SeedGiasCsv(), store, 500));
  if (!report.invalid.empty()) {
    return absl::InternalError(absl::StrCat("seed schools: ", FormatGiasImportReport(report)));
  }
  RETURN_IF_ERROR(pool.Transact([](pqxx::work& txn) -> absl::Status {
    txn.exec(std::string(SeedSql()));
    return absl::OkStatus();
  }));
  return report;
}

}  // namespace rect::partnerships
