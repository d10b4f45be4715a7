// seed_schools: puts the schools the local DfE Sign-in's personas sign in for into the
// partnerships service (GIAS rows from partnerships.md §9), so each persona lands where the
// access table says. Safe to repeat. Flags have RECT_E2E_* environment fallbacks.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <iostream>

#include "absl/flags/flag.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "services/common/options.h"

ABSL_FLAG(std::string, partnerships_address, "127.0.0.1:50054",
          "partnerships service gRPC address");

namespace {

using rect::partnerships::v1::GiasEstablishment;

struct SeedSchool {
  const char* urn;
  const char* name;
  int type_code;
  const char* type_name;
  int status_code;
  const char* status_name;
  const char* la_code;
  const char* la_name;
  const char* district_code;
  const char* district_name;
  bool section_41;
};

constexpr SeedSchool kSchools[] = {
    {"100001", "Oakfield Primary School", 1, "Community school", 1, "Open", "873", "Cambridgeshire",
     "E07000012", "South Cambridgeshire", false},
    {"100002", "Riverside Academy", 34, "Academy converter", 3, "Open, but proposed to close",
     "916", "Gloucestershire", "E07000081", "Gloucester", false},
    {"100003", "Hillcrest House School", 10, "Other independent special school", 1, "Open", "933",
     "Somerset", "E07000188", "Sedgemoor", true},
    {"100006", "Old Mill Primary School", 1, "Community school", 2, "Closed", "873",
     "Cambridgeshire", "E07000012", "South Cambridgeshire", false},
    {"100011", "St Crispin's Independent School", 11, "Other independent school", 1, "Open", "873",
     "Cambridgeshire", "E07000012", "South Cambridgeshire", false},
};

}  // namespace

int main(int argc, char** argv) {
  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_E2E_", {"partnerships_address"});
  auto stub = rect::partnerships::v1::PartnershipsService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_partnerships_address), grpc::InsecureChannelCredentials()));
  for (const SeedSchool& school : kSchools) {
    rect::partnerships::v1::UpsertGiasSchoolRequest request;
    GiasEstablishment& row = *request.mutable_establishment();
    row.set_urn(school.urn);
    row.set_name(school.name);
    row.set_type_code(school.type_code);
    row.set_type_name(school.type_name);
    row.set_status_code(school.status_code);
    row.set_status_name(school.status_name);
    row.set_local_authority_code(school.la_code);
    row.set_local_authority_name(school.la_name);
    row.set_administrative_district_code(school.district_code);
    row.set_administrative_district_name(school.district_name);
    row.set_section_41_approved(school.section_41);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.set_wait_for_ready(true);
    rect::partnerships::v1::School saved;
    const grpc::Status status = stub->UpsertGiasSchool(&context, request, &saved);
    if (!status.ok()) {
      std::cerr << "seed_schools: " << school.urn << ": " << status.error_message() << "\n";
      return 1;
    }
    std::cout << "seeded " << saved.establishment().urn() << " " << saved.establishment().name()
              << (saved.eligible() ? " (eligible)" : "") << (saved.open() ? "" : " (closed)")
              << "\n";
  }
  return 0;
}
