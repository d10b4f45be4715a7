// Training registered with a lead provider before it partnered the school (an expression of
// interest) joins the provider's partnership with the school that year once there is one, so
// the participant appears in the provider's API (lead-provider-api.md §5.4). Registration asks
// the partnerships service for the providers' partnerships of the years with such training
// waiting; a background job runs the pass, so a partnership made through the API or by a
// confirmed CSV upload is picked up within one interval, and a missed pass is made up by the
// next.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/common/server.h"
#include "services/registration/api/school_partnerships.h"

namespace rect::registration::api {

// A school URN as registration stores it: 1-7 digits, no leading zero.
bool IsUrn(absl::string_view urn);

class PartnershipAttachment {
 public:
  PartnershipAttachment(PgPool& pool, SchoolPartnerships& partnerships)
      : pool_(pool), partnerships_(partnerships) {}

  // Attaches every waiting training period (expression of interest only, not finished before
  // `now`'s day) whose provider now partners its school in its year. Returns how many joined a
  // partnership. A year the partnerships service cannot answer for is left for the next pass
  // (the first such error is returned after the others are done).
  absl::StatusOr<int> RunOnce(absl::Time now);

  // Attaches the provider's waiting training in `year` at each partnership's school to it, and
  // gives the training already on each partnership its delivery partner. Returns how many
  // joined.
  absl::StatusOr<int> Attach(const std::string& lead_provider_id, int year,
                             const std::vector<YearPartnership>& partnerships, absl::Time now);

 private:
  PgPool& pool_;
  SchoolPartnerships& partnerships_;
};

class PartnershipAttachmentJob : public BackgroundJob {
 public:
  PartnershipAttachmentJob(PartnershipAttachment& attachment, absl::Duration interval)
      : attachment_(attachment), interval_(interval) {}
  ~PartnershipAttachmentJob() override { Stop(); }
  void Start() override;
  void Stop() override;

 private:
  void Loop();
  PartnershipAttachment& attachment_;
  absl::Duration interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rect::registration::api
