// The registration service: teachers as schools register them, their periods at schools,
// mentorships and training, and the school wizards that create them.

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "services/common/channel.h"
#include "services/common/options.h"
#include "services/common/service_main.h"
#include "services/common/tokens.h"
#include "services/registration/api/declaration_payments.h"
#include "services/registration/api/partnership_attachment.h"
#include "services/registration/api/school_partnerships.h"
#include "services/registration/api/service.h"
#include "services/registration/ect_registration.h"
#include "services/registration/email_outbox.h"
#include "services/registration/induction_tutor.h"
#include "services/registration/leaving.h"
#include "services/registration/mentor_assignment.h"
#include "services/registration/mentor_registration.h"
#include "services/registration/migrations.h"
#include "services/registration/peers.h"
#include "services/registration/registration_metrics.h"
#include "services/registration/school_counts.h"
#include "services/registration/school_teachers_service.h"
#include "services/registration/service.h"
#include "services/registration/store.h"
#include "services/registration/transfers.h"
#include "services/registration/wizard_store.h"

ABSL_FLAG(std::string, teachers_address, "127.0.0.1:50052",
          "teachers service (TRS look-ups) gRPC address");
ABSL_FLAG(std::string, partnerships_address, "127.0.0.1:50054",
          "partnerships service (schools) gRPC address");
ABSL_FLAG(std::string, notifications_address, "127.0.0.1:50055",
          "notifications service (confirmation emails) gRPC address");
ABSL_FLAG(int, dependency_deadline_ms, 3000, "deadline of calls to other services");
ABSL_FLAG(int, trs_lookup_deadline_ms, 6000,
          "deadline of a TRS look-up through the teachers service (which gives TRS 5 s)");

int main(int argc, char** argv) {
  using namespace rect::registration;
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "registration", 50053, 9103,
                               {"teachers_address", "partnerships_address", "notifications_address",
                                "dependency_deadline_ms", "trs_lookup_deadline_ms"});
  const absl::Duration deadline = absl::Milliseconds(absl::GetFlag(FLAGS_dependency_deadline_ms));
  const absl::Duration trs_deadline =
      absl::Milliseconds(absl::GetFlag(FLAGS_trs_lookup_deadline_ms));
  if (deadline <= absl::ZeroDuration() || trs_deadline <= absl::ZeroDuration()) {
    rect::ExitOnError(absl::InvalidArgumentError("deadlines must be positive"));
  }
  TeachersServiceLookups trs(rect::NewServiceChannel(absl::GetFlag(FLAGS_teachers_address)),
                             trs_deadline);
  PartnershipsSchoolDirectory schools(
      rect::NewServiceChannel(absl::GetFlag(FLAGS_partnerships_address)), deadline);
  // The Lead Provider API's change of cohort asks for the provider's partnership with a school.
  api::PartnershipsServiceSchoolPartnerships api_partnerships(
      rect::NewServiceChannel(absl::GetFlag(FLAGS_partnerships_address)),
      deadline);
  rect::SecureRandom random;
  // The wizards' and pages' "today" (a UTC day).
  const auto today = [] { return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(0)); };
  std::unique_ptr<PgRegistrationStore> store;
  std::unique_ptr<WizardStore> wizard_store;
  std::unique_ptr<EctRegistrations> ect;
  std::unique_ptr<EmailOutbox> outbox;
  std::unique_ptr<SchoolEcts> school_ects;
  std::unique_ptr<MentorAssignments> mentor_assignments;
  std::unique_ptr<MentorRegistrations> mentor_registrations;
  std::unique_ptr<api::LeadProviderApiStore> api_store;
  std::unique_ptr<api::DeclarationMetrics> declaration_metrics;
  std::unique_ptr<api::DeclarationPayments> declaration_payments;
  std::unique_ptr<api::PartnershipAttachment> partnership_attachment;
  std::unique_ptr<RegistrationMetrics> registration_metrics;
  std::unique_ptr<Leavings> leavings;
  std::unique_ptr<InductionTutors> induction_tutors;
  std::unique_ptr<SchoolTeachers> school_teachers;
  std::unique_ptr<TransfersStore> transfers;
  return rect::RunServiceWithJobs(
      config, Migrations(), [&](rect::PgPool& pool, rect::Metrics& metrics) {
        store = std::make_unique<PgRegistrationStore>(pool);
        registration_metrics = std::make_unique<RegistrationMetrics>(metrics.registry());
        wizard_store = std::make_unique<WizardStore>(pool);
        ect = std::make_unique<EctRegistrations>(*wizard_store, trs, schools, random, today);
        ect->set_metrics(registration_metrics.get());
        outbox = std::make_unique<EmailOutbox>(
            pool,
            rect::NewServiceChannel(absl::GetFlag(FLAGS_notifications_address)),
            deadline);
        rect::ServiceParts parts;
        school_ects = std::make_unique<SchoolEcts>(pool, today);
        mentor_assignments = std::make_unique<MentorAssignments>(pool, today);
        mentor_registrations =
            std::make_unique<MentorRegistrations>(pool, *wizard_store, trs, schools, random, today);
        mentor_registrations->set_metrics(registration_metrics.get());
        parts.services.push_back(std::make_unique<RegistrationServiceImpl>(
            *store, ect.get(), school_ects.get(), mentor_assignments.get(),
            mentor_registrations.get()));
        parts.services.push_back(std::make_unique<SchoolCountsServiceImpl>(pool));
        school_teachers = std::make_unique<SchoolTeachers>(pool, schools, today);
        parts.services.push_back(std::make_unique<SchoolTeachersServiceImpl>(*school_teachers));
        leavings = std::make_unique<Leavings>(pool, today);
        parts.services.push_back(std::make_unique<LeavingServiceImpl>(*leavings));
        induction_tutors = std::make_unique<InductionTutors>(pool, today);
        parts.services.push_back(std::make_unique<InductionTutorServiceImpl>(*induction_tutors));
        transfers = std::make_unique<TransfersStore>(pool);
        parts.services.push_back(
            std::make_unique<TransfersServiceImpl>(*transfers, [] { return absl::Now(); }));
        api_store = std::make_unique<api::LeadProviderApiStore>(pool);
        declaration_metrics = std::make_unique<api::DeclarationMetrics>(metrics.registry());
        // Expression-of-interest training joins the provider's partnership with the school: at
        // once when the gateway reports a new partnership, else within the job's interval.
        partnership_attachment =
            std::make_unique<api::PartnershipAttachment>(pool, api_partnerships);
        auto api_service = std::make_unique<api::LeadProviderApiServiceImpl>(
            *api_store, declaration_metrics.get());
        api_service->set_school_partnerships(&api_partnerships);
        api_service->set_partnership_attachment(partnership_attachment.get());
        parts.services.push_back(std::move(api_service));
        // Statements close at their deadline and submitted declarations become eligible.
        declaration_payments = std::make_unique<api::DeclarationPayments>(pool);
        parts.jobs.push_back(
            std::make_unique<api::DeclarationPaymentsJob>(*declaration_payments, absl::Minutes(1)));
        parts.jobs.push_back(std::make_unique<api::PartnershipAttachmentJob>(
            *partnership_attachment, absl::Seconds(30)));
        parts.jobs.push_back(std::make_unique<EmailOutboxJob>(*outbox, pool, absl::Seconds(1)));
        return parts;
      });
}
