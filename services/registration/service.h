// gRPC handlers of the registration service: validate the request, call the store, map the
// status. Teachers are keyed by TRN; dates of birth and NINOs never reach this service's store.
#pragma once

#include "protos/registration/v1/registration.grpc.pb.h"
#include "services/registration/ect_registration.h"
#include "services/registration/mentor_assignment.h"
#include "services/registration/mentor_registration.h"
#include "services/registration/school_ects.h"
#include "services/registration/store.h"

namespace rect::registration {

class RegistrationServiceImpl final : public v1::RegistrationService::Service {
 public:
  // `ect` serves the register-an-ECT wizard; without it those calls are UNIMPLEMENTED.
  // `mentors` serves assigning a mentor; without it those calls are UNIMPLEMENTED.
  explicit RegistrationServiceImpl(RegistrationStore& store, EctRegistrations* ect = nullptr,
                                   SchoolEcts* school_ects = nullptr,
                                   MentorAssignments* mentors = nullptr,
                                   MentorRegistrations* new_mentors = nullptr)
      : store_(store),
        ect_(ect),
        school_ects_(school_ects),
        mentors_(mentors),
        new_mentors_(new_mentors) {}

  grpc::Status UpsertTeacher(grpc::ServerContext* context, const v1::UpsertTeacherRequest* request,
                             v1::UpsertTeacherResponse* response) override;
  grpc::Status GetTeacher(grpc::ServerContext* context, const v1::GetTeacherRequest* request,
                          v1::Teacher* response) override;
  grpc::Status StartEctRegistration(grpc::ServerContext* context,
                                    const v1::StartWizardRequest* request,
                                    v1::EctWizardPage* response) override;
  grpc::Status GetEctRegistrationStep(grpc::ServerContext* context,
                                      const v1::WizardStepRequest* request,
                                      v1::EctWizardPage* response) override;
  grpc::Status SubmitEctRegistrationStep(grpc::ServerContext* context,
                                         const v1::WizardStepRequest* request,
                                         v1::EctWizardPage* response) override;
  grpc::Status ListSchoolEcts(grpc::ServerContext* context, const v1::ListSchoolEctsRequest* request,
                              v1::ListSchoolEctsResponse* response) override;
  grpc::Status GetSchoolEct(grpc::ServerContext* context, const v1::GetSchoolEctRequest* request,
                            v1::SchoolEct* response) override;
  grpc::Status ListMentorsForEct(grpc::ServerContext* context,
                                 const v1::ListMentorsForEctRequest* request,
                                 v1::MentorsForEct* response) override;
  grpc::Status AssignMentor(grpc::ServerContext* context, const v1::AssignMentorRequest* request,
                            v1::AssignMentorResponse* response) override;
  grpc::Status StartMentorRegistration(grpc::ServerContext* context,
                                       const v1::StartMentorWizardRequest* request,
                                       v1::MentorWizardPage* response) override;
  grpc::Status GetMentorRegistrationStep(grpc::ServerContext* context,
                                         const v1::WizardStepRequest* request,
                                         v1::MentorWizardPage* response) override;
  grpc::Status SubmitMentorRegistrationStep(grpc::ServerContext* context,
                                            const v1::WizardStepRequest* request,
                                            v1::MentorWizardPage* response) override;

 private:
  RegistrationStore& store_;
  EctRegistrations* ect_;
  SchoolEcts* school_ects_;
  MentorAssignments* mentors_;
  MentorRegistrations* new_mentors_;
};

}  // namespace rect::registration
