#include "services/registration/service.h"

#include "services/common/status.h"
#include "services/registration/teacher.h"

namespace rect::registration {
namespace {

void ToProto(const TeacherRecord& record, v1::Teacher* teacher) {
  teacher->set_id(record.id);
  teacher->set_trn(record.trn);
  teacher->set_trs_first_name(record.trs_first_name);
  teacher->set_trs_last_name(record.trs_last_name);
  teacher->set_corrected_name(record.corrected_name);
  teacher->set_display_name(
      DisplayName(record.trs_first_name, record.trs_last_name, record.corrected_name));
  teacher->mutable_created_at()->set_seconds(absl::ToUnixSeconds(record.created_at));
  teacher->mutable_updated_at()->set_seconds(absl::ToUnixSeconds(record.updated_at));
}

}  // namespace

grpc::Status RegistrationServiceImpl::UpsertTeacher(grpc::ServerContext*,
                                                    const v1::UpsertTeacherRequest* request,
                                                    v1::UpsertTeacherResponse* response) {
  absl::StatusOr<TeacherDetails> details =
      NormaliseTeacherDetails({request->trn(), request->trs_first_name(), request->trs_last_name(),
                               request->corrected_name()});
  if (!details.ok()) return ToGrpcStatus(details.status());
  absl::StatusOr<UpsertedTeacher> upserted = store_.UpsertTeacher(*details);
  if (!upserted.ok()) return ToGrpcStatus(upserted.status());
  ToProto(upserted->teacher, response->mutable_teacher());
  response->set_created(upserted->created);
  return grpc::Status::OK;
}

grpc::Status RegistrationServiceImpl::GetTeacher(grpc::ServerContext*,
                                                 const v1::GetTeacherRequest* request,
                                                 v1::Teacher* response) {
  absl::StatusOr<std::string> trn = NormaliseTrn(request->trn());
  if (!trn.ok()) return ToGrpcStatus(trn.status());
  absl::StatusOr<TeacherRecord> teacher = store_.GetTeacherByTrn(*trn);
  if (!teacher.ok()) return ToGrpcStatus(teacher.status());
  ToProto(*teacher, response);
  return grpc::Status::OK;
}

namespace {

grpc::Status Answer(absl::StatusOr<v1::EctWizardPage> page, v1::EctWizardPage* response) {
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = std::move(*page);
  return grpc::Status::OK;
}

grpc::Status NoWizard() {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "the wizards are not configured");
}

}  // namespace

grpc::Status RegistrationServiceImpl::StartEctRegistration(grpc::ServerContext*,
                                                           const v1::StartWizardRequest* request,
                                                           v1::EctWizardPage* response) {
  if (ect_ == nullptr) return NoWizard();
  return Answer(ect_->Start(request->user()), response);
}

grpc::Status RegistrationServiceImpl::GetEctRegistrationStep(grpc::ServerContext*,
                                                             const v1::WizardStepRequest* request,
                                                             v1::EctWizardPage* response) {
  if (ect_ == nullptr) return NoWizard();
  return Answer(ect_->Get(*request), response);
}

grpc::Status RegistrationServiceImpl::SubmitEctRegistrationStep(
    grpc::ServerContext*, const v1::WizardStepRequest* request, v1::EctWizardPage* response) {
  if (ect_ == nullptr) return NoWizard();
  return Answer(ect_->Submit(*request), response);
}

grpc::Status RegistrationServiceImpl::ListSchoolEcts(grpc::ServerContext*,
                                                     const v1::ListSchoolEctsRequest* request,
                                                     v1::ListSchoolEctsResponse* response) {
  if (school_ects_ == nullptr) return NoWizard();
  absl::StatusOr<std::vector<v1::SchoolEct>> ects = school_ects_->List(request->school_urn());
  if (!ects.ok()) return ToGrpcStatus(ects.status());
  for (v1::SchoolEct& ect : *ects) *response->add_ects() = std::move(ect);
  return grpc::Status::OK;
}

grpc::Status RegistrationServiceImpl::GetSchoolEct(grpc::ServerContext*,
                                                   const v1::GetSchoolEctRequest* request,
                                                   v1::SchoolEct* response) {
  if (school_ects_ == nullptr) return NoWizard();
  absl::StatusOr<v1::SchoolEct> ect = school_ects_->Get(request->school_urn(), request->id());
  if (!ect.ok()) return ToGrpcStatus(ect.status());
  *response = std::move(*ect);
  return grpc::Status::OK;
}

grpc::Status RegistrationServiceImpl::ListMentorsForEct(grpc::ServerContext*,
                                                        const v1::ListMentorsForEctRequest* request,
                                                        v1::MentorsForEct* response) {
  if (mentors_ == nullptr) return NoWizard();
  absl::StatusOr<v1::MentorsForEct> mentors =
      mentors_->Choices(request->school_urn(), request->ect_id());
  if (!mentors.ok()) return ToGrpcStatus(mentors.status());
  *response = std::move(*mentors);
  return grpc::Status::OK;
}

grpc::Status RegistrationServiceImpl::AssignMentor(grpc::ServerContext*,
                                                   const v1::AssignMentorRequest* request,
                                                   v1::AssignMentorResponse* response) {
  if (mentors_ == nullptr) return NoWizard();
  absl::StatusOr<v1::AssignMentorResponse> assigned =
      mentors_->Assign(*request);
  if (!assigned.ok()) return ToGrpcStatus(assigned.status());
  *response = std::move(*assigned);
  return grpc::Status::OK;
}

namespace {

grpc::Status AnswerMentor(absl::StatusOr<v1::MentorWizardPage> page,
                          v1::MentorWizardPage* response) {
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = std::move(*page);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status RegistrationServiceImpl::StartMentorRegistration(
    grpc::ServerContext*, const v1::StartMentorWizardRequest* request,
    v1::MentorWizardPage* response) {
  if (new_mentors_ == nullptr) return NoWizard();
  return AnswerMentor(new_mentors_->Start(*request), response);
}

grpc::Status RegistrationServiceImpl::GetMentorRegistrationStep(
    grpc::ServerContext*, const v1::WizardStepRequest* request, v1::MentorWizardPage* response) {
  if (new_mentors_ == nullptr) return NoWizard();
  return AnswerMentor(new_mentors_->Get(*request), response);
}

grpc::Status RegistrationServiceImpl::SubmitMentorRegistrationStep(
    grpc::ServerContext*, const v1::WizardStepRequest* request, v1::MentorWizardPage* response) {
  if (new_mentors_ == nullptr) return NoWizard();
  return AnswerMentor(new_mentors_->Submit(*request), response);
}

}  // namespace rect::registration
