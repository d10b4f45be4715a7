// Test support: the identity service assembled as main.cc assembles it, on a migrated
// throwaway database, served in-process over gRPC, with a fake clock, a recording mailer and
// an in-memory school directory. DfE Sign-in is attached when a provider issuer is given.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <prometheus/registry.h>

#include "services/common/testing/service_fixture.h"
#include "services/identity/migrations.h"
#include "services/identity/service.h"

namespace rect::identity::testing {

struct SentEmail {
  std::string template_name;
  std::string recipient;
  std::map<std::string, std::string> fields;
  std::string idempotency_key;
};

class RecordingMailer : public SignInMailer {
 public:
  absl::Status SendSignInLink(const LeadProviderUserRecord& user, const std::string& link_id,
                              const std::string& link_url, absl::Time expires_at) override;
  absl::Status SendWelcome(const LeadProviderUserRecord& user,
                           const std::string& lead_provider_name,
                           const std::string& start_url) override;
  std::vector<SentEmail> sent() const;
  void set_failure(absl::Status failure);

 private:
  mutable std::mutex mu_;
  std::vector<SentEmail> sent_;
  absl::Status failure_;
};

class InMemorySchoolDirectory : public SchoolDirectory {
 public:
  absl::StatusOr<std::optional<SchoolFacts>> FindSchool(const std::string& urn) override;
  void Add(SchoolFacts school);
  void set_failure(absl::Status failure);

 private:
  std::mutex mu_;
  std::map<std::string, SchoolFacts> schools_;
  absl::Status failure_;
};

// The schools of the local DfE Sign-in's personas, as partnerships.md §9 seeds them.
void AddSeedSchools(InMemorySchoolDirectory& directory);

class IdentityHarness {
 public:
  // `dsi` unset: DfE Sign-in not configured.
  explicit IdentityHarness(std::optional<DsiOptions> dsi = std::nullopt);
  ~IdentityHarness();

  v1::IdentityService::Stub& stub() { return *stub_; }
  FakeClock& clock() { return clock_; }
  RecordingMailer& mailer() { return mailer_; }
  InMemorySchoolDirectory& directory() { return directory_; }
  const std::string& conninfo() const { return db_.conninfo(); }
  // rect_sign_ins_total for `kind` and `outcome` so far.
  double SignIns(const std::string& kind, const std::string& outcome);

  static constexpr char kPublicUrl[] = "http://127.0.0.1:8080";

 private:
  rect::testing::MigratedDatabase db_;
  FakeClock clock_;
  SecureRandom random_;
  RecordingMailer mailer_;
  InMemorySchoolDirectory directory_;
  PgIdentityStore store_;
  Sessions sessions_;
  std::unique_ptr<DsiClient> dsi_;
  SchoolSignIn school_sign_in_;
  LeadProviderSignIn lead_provider_sign_in_;
  prometheus::Registry registry_;
  prometheus::Family<prometheus::Counter>& sign_ins_;
  IdentityServiceImpl service_;
  std::unique_ptr<rect::testing::InProcessServer> server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

}  // namespace rect::identity::testing
