// Test support for the routes answered by registration's LeadProviderApiService: an in-memory
// fake that scopes by the request's lead provider and remembers the last list request, so
// route tests check what the gateway sends and how it renders the answers.
#pragma once

#include <grpcpp/server_context.h>

#include <mutex>
#include <string>
#include <vector>

#include "protos/registration/v1/lead_provider_api.grpc.pb.h"

namespace rect::gateway::api::testing {

// Ids end in a digit naming the record; participants 1-2 and declarations/statements 1-2 are
// LP1's (kLp1 in api_test_server.h), 3 is LP2's.
class FakeRegistrationApi final : public registration::v1::LeadProviderApiService::Service {
 public:
  FakeRegistrationApi();

  grpc::Status ListParticipants(grpc::ServerContext*,
                                const registration::v1::ListParticipantsRequest* request,
                                registration::v1::ListParticipantsResponse* response) override;
  grpc::Status GetParticipant(grpc::ServerContext*,
                              const registration::v1::GetParticipantRequest* request,
                              registration::v1::Participant* response) override;
  // Withdraws in memory: an empty reason is refused; the last request is kept.
  grpc::Status WithdrawParticipant(grpc::ServerContext*,
                                   const registration::v1::ParticipantActionRequest* request,
                                   registration::v1::ParticipantActionResult* response) override;
  // Changes the first enrolment's schedule in memory: its current schedule is refused; the
  // last request is kept (as last_action_request).
  grpc::Status ChangeParticipantSchedule(
      grpc::ServerContext*, const registration::v1::ParticipantActionRequest* request,
      registration::v1::ParticipantActionResult* response) override;
  grpc::Status ListDeclarations(grpc::ServerContext*,
                                const registration::v1::ListDeclarationsRequest* request,
                                registration::v1::ListDeclarationsResponse* response) override;
  grpc::Status GetDeclaration(grpc::ServerContext*,
                              const registration::v1::GetDeclarationRequest* request,
                              registration::v1::Declaration* response) override;
  grpc::Status CreateDeclaration(grpc::ServerContext*,
                                 const registration::v1::CreateDeclarationRequest* request,
                                 registration::v1::DeclarationResult* response) override;
  grpc::Status VoidDeclaration(grpc::ServerContext*,
                               const registration::v1::VoidDeclarationRequest* request,
                               registration::v1::DeclarationResult* response) override;
  grpc::Status ListStatements(grpc::ServerContext*,
                              const registration::v1::ListStatementsRequest* request,
                              registration::v1::ListStatementsResponse* response) override;
  grpc::Status GetStatement(grpc::ServerContext*,
                            const registration::v1::GetStatementRequest* request,
                            registration::v1::Statement* response) override;

  grpc::Status ListUnfundedMentors(
      grpc::ServerContext*, const registration::v1::ListUnfundedMentorsRequest* request,
      registration::v1::ListUnfundedMentorsResponse* response) override;
  grpc::Status GetUnfundedMentor(grpc::ServerContext*,
                                 const registration::v1::GetUnfundedMentorRequest* request,
                                 registration::v1::UnfundedMentor* response) override;

  registration::v1::ListParticipantsRequest last_participants_request();
  registration::v1::ListUnfundedMentorsRequest last_unfunded_mentors_request();
  registration::v1::ParticipantActionRequest last_action_request();
  registration::v1::ListDeclarationsRequest last_declarations_request();
  registration::v1::ListStatementsRequest last_statements_request();
  registration::v1::CreateDeclarationRequest last_create_request();

 private:
  std::vector<std::pair<std::string, registration::v1::Participant>> participants_;
  std::vector<std::pair<std::string, registration::v1::Declaration>> declarations_;
  std::vector<std::pair<std::string, registration::v1::Statement>> statements_;
  std::vector<std::pair<std::string, registration::v1::UnfundedMentor>> mentors_;
  std::mutex mu_;
  registration::v1::ListParticipantsRequest participants_request_;  // guarded by mu_
  registration::v1::ListDeclarationsRequest declarations_request_;  // guarded by mu_
  registration::v1::ListStatementsRequest statements_request_;      // guarded by mu_
  registration::v1::CreateDeclarationRequest create_request_;       // guarded by mu_
  registration::v1::ListUnfundedMentorsRequest mentors_request_;    // guarded by mu_
  registration::v1::ParticipantActionRequest action_request_;       // guarded by mu_
};

}  // namespace rect::gateway::api::testing
