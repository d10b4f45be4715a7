#include "services/identity/identity_harness.h"

#include "absl/time/clock.h"
#include "services/identity/sign_in_link.h"

namespace rect::identity::testing {

absl::Status RecordingMailer::SendSignInLink(const LeadProviderUserRecord& user,
                                             const std::string& link_id,
                                             const std::string& link_url, absl::Time expires_at) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  sent_.push_back({"sign_in_link",
                   user.email,
                   {{"full_name", user.full_name},
                    {"sign_in", link_url},
                    {"token_expiry", FormatTokenExpiry(expires_at)}},
                   "sign-in-link:" + link_id});
  return absl::OkStatus();
}

absl::Status RecordingMailer::SendWelcome(const LeadProviderUserRecord& user,
                                          const std::string& lead_provider_name,
                                          const std::string& start_url) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  sent_.push_back({"lead_provider_welcome",
                   user.email,
                   {{"name", user.full_name},
                    {"lead_provider_name", lead_provider_name},
                    {"start_url", start_url}},
                   "lead-provider-welcome:" + user.id});
  return absl::OkStatus();
}

std::vector<SentEmail> RecordingMailer::sent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sent_;
}

void RecordingMailer::set_failure(absl::Status failure) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = std::move(failure);
}

absl::StatusOr<std::optional<SchoolFacts>> InMemorySchoolDirectory::FindSchool(
    const std::string& urn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  auto it = schools_.find(urn);
  if (it == schools_.end()) return std::optional<SchoolFacts>();
  return std::optional<SchoolFacts>(it->second);
}

void InMemorySchoolDirectory::Add(SchoolFacts school) {
  std::lock_guard<std::mutex> lock(mu_);
  schools_[school.urn] = std::move(school);
}

void InMemorySchoolDirectory::set_failure(absl::Status failure) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = std::move(failure);
}

void AddSeedSchools(InMemorySchoolDirectory& directory) {
  // urn, name, open, eligible, cip_only, type, s41
  directory.Add({"100001", "Oakfield Primary School", true, true, false, 1, false});
  directory.Add({"100002", "Riverside Academy", true, true, false, 34, false});
  directory.Add({"100003", "Hillcrest House School", true, true, false, 10, true});
  directory.Add({"100006", "Old Mill Primary School", false, false, false, 1, false});
  directory.Add({"100011", "St Crispin's Independent School", true, false, true, 11, false});
}

IdentityHarness::IdentityHarness(std::optional<DsiOptions> dsi)
    : db_(Migrations()),
      clock_(absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()))),
      store_(db_.pool()),
      sessions_(store_, clock_, random_),
      dsi_(dsi.has_value() ? std::make_unique<DsiClient>(*dsi, clock_) : nullptr),
      school_sign_in_(store_, sessions_, dsi_.get(), directory_, clock_, random_),
      lead_provider_sign_in_(store_, sessions_, mailer_, clock_, random_, kPublicUrl),
      sign_ins_(prometheus::BuildCounter().Name("rect_sign_ins_total").Register(registry_)),
      service_(IdentityParts{store_, random_, sessions_, school_sign_in_, lead_provider_sign_in_,
                             &sign_ins_}) {
  server_ = std::make_unique<rect::testing::InProcessServer>(service_);
  stub_ = v1::IdentityService::NewStub(server_->channel());
}

double IdentityHarness::SignIns(const std::string& kind, const std::string& outcome) {
  return sign_ins_.Add({{"kind", kind}, {"outcome", outcome}}).Value();
}

IdentityHarness::~IdentityHarness() {
  stub_.reset();
  server_.reset();
}

}  // namespace rect::identity::testing
