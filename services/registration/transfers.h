// Transfers as lead providers read them (lead-provider-api.md §5.3), derived from a teacher's
// periods at schools and their training — nothing is stored for them. Transfer derivation is
// pure (TransfersOf); TransfersStore loads the candidates of one provider from PostgreSQL and
// TransfersServiceImpl answers the API's list and show.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "protos/registration/v1/transfers.grpc.pb.h"
#include "services/common/pg_pool.h"

namespace rect::registration {

struct TrainingStint {
  std::string lead_provider_id;    // empty when school-led
  std::string lead_provider_name;  // empty when school-led
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  absl::Time created_at;
  absl::Time updated_at;
};

// One period at a school in one role, with its training periods in any order.
struct SchoolStint {
  std::string school_urn;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  std::vector<TrainingStint> training;
};

enum class TransferType { kNewSchool, kNewProvider, kUnknown };

struct DerivedTransfer {
  TransferType type;
  bool complete;
  std::string leaving_school_urn;
  TrainingStint leaving;  // the leaving stint's latest training (finished_on set)
  std::optional<std::string> joining_school_urn;
  std::optional<TrainingStint> joining;  // the next stint's earliest training
  absl::Time updated_at;  // the later of the two training periods' updated_at
};

// The transfers in one role's stints that involve `lead_provider_id`, in the order of the
// stints: a stint that has an end and whose latest training has ended, followed by a stint at
// another school or by none (none and `completed_induction` → no transfer), where the provider
// leads the leaving or the joining (the next stint's earliest) training. Incomplete while the
// leaving end or the joining start is after `today`.
std::vector<DerivedTransfer> TransfersOf(std::vector<SchoolStint> stints, bool completed_induction,
                                         const std::string& lead_provider_id,
                                         absl::CivilDay today);

const char* TransferTypeName(TransferType type);

struct TransfersQuery {
  std::string lead_provider_id;
  std::optional<absl::Time> updated_since;
  struct Sort {
    bool by_updated_at = false;
    bool descending = false;
  };
  std::vector<Sort> sort;  // empty = created_at ascending
  int64_t limit = 100;
  int64_t offset = 0;
};

class TransfersStore {
 public:
  explicit TransfersStore(PgPool& pool) : pool_(pool) {}

  // Participants with at least one transfer involving the provider, on `today` (London).
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> List(const TransfersQuery& query,
                                                             absl::CivilDay today);
  // NOT_FOUND unless the participant has a transfer involving the provider.
  absl::StatusOr<v1::ParticipantTransfers> Get(const std::string& lead_provider_id,
                                               const std::string& id, absl::CivilDay today);

 private:
  absl::StatusOr<std::vector<v1::ParticipantTransfers>> Load(
      const std::string& lead_provider_id, const std::optional<std::string>& teacher_id,
      absl::CivilDay today);

  PgPool& pool_;
};

class TransfersServiceImpl final : public v1::TransfersService::Service {
 public:
  using Now = std::function<absl::Time()>;
  TransfersServiceImpl(TransfersStore& store, Now now) : store_(store), now_(std::move(now)) {}

  grpc::Status ListTransfers(grpc::ServerContext* context, const v1::ListTransfersRequest* request,
                             v1::ListTransfersResponse* response) override;
  grpc::Status GetTransfers(grpc::ServerContext* context, const v1::GetTransfersRequest* request,
                            v1::ParticipantTransfers* response) override;

 private:
  // London's day of the x-with-server-date metadata when present, else of now.
  absl::CivilDay Today(const grpc::ServerContext& context) const;

  TransfersStore& store_;
  Now now_;
};

}  // namespace rect::registration
