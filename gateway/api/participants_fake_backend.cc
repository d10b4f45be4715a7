#include "gateway/api/participants_fake_backend.h"

#include "absl/strings/str_cat.h"
#include "gateway/api/testing/api_test_server.h"

namespace rect::gateway::api::testing {
namespace {

namespace rv1 = registration::v1;

std::string Id(char prefix, int n) {
  return absl::StrCat(std::string(8, prefix), "-0000-4000-8000-00000000000", n);
}

const char* OwnerOf(int n) { return n == 3 ? kLp2 : kLp1; }

grpc::Status NotFound() { return grpc::Status(grpc::StatusCode::NOT_FOUND, "not found"); }

}  // namespace

FakeRegistrationApi::FakeRegistrationApi() {
  for (int n = 1; n <= 3; ++n) {
    rv1::Participant p;
    p.set_id(Id('a', n));
    p.set_full_name(absl::StrCat("Teacher ", n));
    p.set_teacher_reference_number(absl::StrCat("100000", n));
    p.mutable_updated_at()->set_seconds(1759311000);
    rv1::Enrolment* e = p.add_enrolments();
    e->set_training_record_id(Id('e', n));
    e->set_email(absl::StrCat("teacher", n, "@school.example"));
    e->set_mentor_id(n == 1 ? Id('a', 2) : "");
    e->set_school_urn("100015");
    e->set_participant_type(n == 2 ? "mentor" : "ect");
    e->set_working_pattern(n == 2 ? "" : "full_time");
    e->set_cohort(2025);
    e->set_training_status(n == 1 ? "withdrawn" : "active");
    e->set_participant_status(n == 1 ? "left" : "active");
    if (n == 1) {
      e->set_eligible_for_funding(true);
      e->mutable_withdrawal()->set_reason("moved-school");
      e->mutable_withdrawal()->mutable_date()->set_seconds(1759311000);
    }
    e->set_schedule_identifier("ecf-standard-september");
    e->set_delivery_partner_id(Id('2', 1));
    e->mutable_created_at()->set_seconds(1756720800);
    participants_.emplace_back(OwnerOf(n), p);

    rv1::Declaration d;
    d.set_id(Id('d', n));
    d.set_participant_id(Id('a', n));
    d.set_declaration_type("started");
    d.mutable_declaration_date()->set_seconds(1759311000);
    d.set_course_identifier("ecf-induction");
    d.set_state(n == 1 ? "eligible" : "submitted");
    d.mutable_updated_at()->set_seconds(1759311000);
    d.mutable_created_at()->set_seconds(1759311000);
    d.set_delivery_partner_id(Id('2', 1));
    d.set_statement_id(n == 1 ? Id('c', 1) : "");
    d.set_lead_provider_id(OwnerOf(n));
    d.set_lead_provider_name("Northern Teaching Trust");
    d.set_evidence_held("training-event-attended");
    declarations_.emplace_back(OwnerOf(n), d);

    rv1::Statement s;
    s.set_id(Id('c', n));
    s.set_month(n + 9);
    s.set_year(2025);
    s.set_cohort(2025);
    s.mutable_cut_off_date()->set_year(2025);
    s.mutable_cut_off_date()->set_month(n + 9);
    s.mutable_cut_off_date()->set_day(30);
    s.mutable_payment_date()->set_year(2025);
    s.mutable_payment_date()->set_month(n + 10);
    s.mutable_payment_date()->set_day(25);
    s.set_paid(n == 1);
    s.mutable_created_at()->set_seconds(1756720800);
    s.mutable_updated_at()->set_seconds(1756720800);
    statements_.emplace_back(OwnerOf(n), s);

    rv1::UnfundedMentor m;
    m.set_id(Id('b', n));
    m.set_full_name(absl::StrCat("Mentor ", n));
    m.set_email(absl::StrCat("mentor", n, "@school.example"));
    m.set_teacher_reference_number(absl::StrCat("200000", n));
    m.mutable_created_at()->set_seconds(1756720800);
    m.mutable_updated_at()->set_seconds(1759311000);
    mentors_.emplace_back(OwnerOf(n), m);
  }
}

grpc::Status FakeRegistrationApi::ListParticipants(grpc::ServerContext*,
                                                   const rv1::ListParticipantsRequest* request,
                                                   rv1::ListParticipantsResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  participants_request_ = *request;
  for (const auto& [owner, p] : participants_) {
    if (owner == request->lead_provider_id()) *response->add_participants() = p;
  }
  return grpc::Status::OK;
}

grpc::Status FakeRegistrationApi::GetParticipant(grpc::ServerContext*,
                                                 const rv1::GetParticipantRequest* request,
                                                 rv1::Participant* response) {
  for (const auto& [owner, p] : participants_) {
    if (owner == request->lead_provider_id() && p.id() == request->id()) {
      *response = p;
      return grpc::Status::OK;
    }
  }
  return NotFound();
}

grpc::Status FakeRegistrationApi::WithdrawParticipant(grpc::ServerContext*,
                                                      const rv1::ParticipantActionRequest* request,
                                                      rv1::ParticipantActionResult* response) {
  std::lock_guard<std::mutex> lock(mu_);
  action_request_ = *request;
  for (const auto& [owner, p] : participants_) {
    if (owner != request->lead_provider_id() || p.id() != request->id()) continue;
    if (request->reason().empty()) {
      rv1::ApiFieldError* error = response->add_errors();
      error->set_attribute("reason");
      error->set_message("Enter a '#/reason'.");
      return grpc::Status::OK;
    }
    *response->mutable_participant() = p;
    response->mutable_participant()->mutable_enrolments(0)->set_training_status("withdrawn");
    return grpc::Status::OK;
  }
  return NotFound();
}

grpc::Status FakeRegistrationApi::ChangeParticipantSchedule(
    grpc::ServerContext*, const rv1::ParticipantActionRequest* request,
    rv1::ParticipantActionResult* response) {
  std::lock_guard<std::mutex> lock(mu_);
  action_request_ = *request;
  for (const auto& [owner, p] : participants_) {
    if (owner != request->lead_provider_id() || p.id() != request->id()) continue;
    if (p.enrolments_size() > 0 &&
        request->schedule_identifier() == p.enrolments(0).schedule_identifier()) {
      rv1::ApiFieldError* error = response->add_errors();
      error->set_attribute("schedule_identifier");
      error->set_message("Selected schedule is already on the profile");
      return grpc::Status::OK;
    }
    *response->mutable_participant() = p;
    if (p.enrolments_size() > 0) {
      response->mutable_participant()->mutable_enrolments(0)->set_schedule_identifier(
          request->schedule_identifier());
    }
    return grpc::Status::OK;
  }
  return NotFound();
}

rv1::ParticipantActionRequest FakeRegistrationApi::last_action_request() {
  std::lock_guard<std::mutex> lock(mu_);
  return action_request_;
}

grpc::Status FakeRegistrationApi::ListDeclarations(grpc::ServerContext*,
                                                   const rv1::ListDeclarationsRequest* request,
                                                   rv1::ListDeclarationsResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  declarations_request_ = *request;
  for (const auto& [owner, d] : declarations_) {
    if (owner == request->lead_provider_id()) *response->add_declarations() = d;
  }
  return grpc::Status::OK;
}

grpc::Status FakeRegistrationApi::GetDeclaration(grpc::ServerContext*,
                                                 const rv1::GetDeclarationRequest* request,
                                                 rv1::Declaration* response) {
  for (const auto& [owner, d] : declarations_) {
    if (owner == request->lead_provider_id() && d.id() == request->id()) {
      *response = d;
      return grpc::Status::OK;
    }
  }
  return NotFound();
}

grpc::Status FakeRegistrationApi::CreateDeclaration(grpc::ServerContext*,
                                                    const rv1::CreateDeclarationRequest* request,
                                                    rv1::DeclarationResult* response) {
  std::lock_guard<std::mutex> lock(mu_);
  create_request_ = *request;
  if (request->participant_id().empty()) {
    rv1::ApiFieldError* error = response->add_errors();
    error->set_attribute("participant_id");
    error->set_message("Enter a '#/participant_id'.");
    return grpc::Status::OK;
  }
  *response->mutable_declaration() = declarations_[0].second;
  return grpc::Status::OK;
}

grpc::Status FakeRegistrationApi::VoidDeclaration(grpc::ServerContext*,
                                                  const rv1::VoidDeclarationRequest* request,
                                                  rv1::DeclarationResult* response) {
  for (const auto& [owner, d] : declarations_) {
    if (owner == request->lead_provider_id() && d.id() == request->id()) {
      *response->mutable_declaration() = d;
      response->mutable_declaration()->set_state("voided");
      response->mutable_declaration()->clear_statement_id();
      return grpc::Status::OK;
    }
  }
  return NotFound();
}

grpc::Status FakeRegistrationApi::ListStatements(grpc::ServerContext*,
                                                 const rv1::ListStatementsRequest* request,
                                                 rv1::ListStatementsResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  statements_request_ = *request;
  for (const auto& [owner, s] : statements_) {
    if (owner == request->lead_provider_id()) *response->add_statements() = s;
  }
  return grpc::Status::OK;
}

grpc::Status FakeRegistrationApi::GetStatement(grpc::ServerContext*,
                                               const rv1::GetStatementRequest* request,
                                               rv1::Statement* response) {
  for (const auto& [owner, s] : statements_) {
    if (owner == request->lead_provider_id() && s.id() == request->id()) {
      *response = s;
      return grpc::Status::OK;
    }
  }
  return NotFound();
}

grpc::Status FakeRegistrationApi::ListUnfundedMentors(
    grpc::ServerContext*, const rv1::ListUnfundedMentorsRequest* request,
    rv1::ListUnfundedMentorsResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  mentors_request_ = *request;
  for (const auto& [owner, m] : mentors_) {
    if (owner == request->lead_provider_id()) *response->add_unfunded_mentors() = m;
  }
  return grpc::Status::OK;
}

grpc::Status FakeRegistrationApi::GetUnfundedMentor(grpc::ServerContext*,
                                                    const rv1::GetUnfundedMentorRequest* request,
                                                    rv1::UnfundedMentor* response) {
  for (const auto& [owner, m] : mentors_) {
    if (owner == request->lead_provider_id() && m.id() == request->id()) {
      *response = m;
      return grpc::Status::OK;
    }
  }
  return NotFound();
}

rv1::ListUnfundedMentorsRequest FakeRegistrationApi::last_unfunded_mentors_request() {
  std::lock_guard<std::mutex> lock(mu_);
  return mentors_request_;
}

rv1::ListParticipantsRequest FakeRegistrationApi::last_participants_request() {
  std::lock_guard<std::mutex> lock(mu_);
  return participants_request_;
}
rv1::ListDeclarationsRequest FakeRegistrationApi::last_declarations_request() {
  std::lock_guard<std::mutex> lock(mu_);
  return declarations_request_;
}
rv1::ListStatementsRequest FakeRegistrationApi::last_statements_request() {
  std::lock_guard<std::mutex> lock(mu_);
  return statements_request_;
}
rv1::CreateDeclarationRequest FakeRegistrationApi::last_create_request() {
  std::lock_guard<std::mutex> lock(mu_);
  return create_request_;
}

}  // namespace rect::gateway::api::testing
