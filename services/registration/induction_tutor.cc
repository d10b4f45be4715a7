#include "services/registration/induction_tutor.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/registration/wizard/fields.h"

namespace rect::registration {
namespace {

constexpr char kNameMissing[] = "Enter the correct full name";
constexpr char kNameTooLong[] = "Full name must be 70 letters or less";
constexpr char kChooseOne[] = "Select 'Yes' or 'No, someone else will be the induction tutor'";
constexpr char kUnchanged[] =
    "You must change the induction tutor details or confirm they are correct";

bool IsUrn(const std::string& urn) {
  if (urn.empty() || urn.size() > 7 || urn[0] == '0') return false;
  for (char c : urn) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// UTF-8 code points, as a person counts letters.
size_t Letters(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

struct SchoolTutor {
  std::optional<TutorOnRecord> on_record;
  std::optional<int> last_nominated_in;
};

SchoolTutor LoadTutor(pqxx::transaction_base& txn, const std::string& urn, bool lock) {
  pqxx::result rows = txn.exec_params(
      absl::StrCat("SELECT induction_tutor_name, induction_tutor_email::text, "
                   "induction_tutor_last_nominated_in FROM schools WHERE school_urn = $1",
                   lock ? " FOR UPDATE" : ""),
      urn);
  SchoolTutor tutor;
  if (rows.empty()) return tutor;
  if (!rows[0][0].is_null()) {
    tutor.on_record = TutorOnRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>()};
  }
  if (!rows[0][2].is_null()) tutor.last_nominated_in = rows[0][2].as<int>();
  return tutor;
}

// The contract period containing `today`.
absl::StatusOr<int> CurrentYear(pqxx::transaction_base& txn, absl::CivilDay today) {
  pqxx::result rows = txn.exec_params(
      "SELECT year FROM contract_periods WHERE $1::date BETWEEN started_on AND finished_on",
      absl::FormatCivilTime(today));
  if (rows.empty()) return absl::FailedPreconditionError("no contract period contains today");
  return rows[0][0].as<int>();
}

void Describe(const SchoolTutor& tutor, int year, v1::InductionTutorPage* page) {
  if (tutor.on_record.has_value()) {
    page->set_name(tutor.on_record->name);
    page->set_email(tutor.on_record->email);
  }
  page->set_contract_period_year(year);
  page->set_academic_year(absl::StrCat(year, " to ", year + 1));
  page->set_confirmed_for_current_period(tutor.on_record.has_value() &&
                                         tutor.last_nominated_in.has_value() &&
                                         *tutor.last_nominated_in >= year);
}

}  // namespace

InductionTutorDecision CheckInductionTutorAnswers(const InductionTutorAnswers& answers,
                                                  const std::optional<TutorOnRecord>& on_record) {
  InductionTutorDecision decision;
  if (on_record.has_value()) {
    if (answers.are_these_details_correct == "yes") {
      decision.confirm_existing = true;
      return decision;
    }
    if (answers.are_these_details_correct != "no") {
      decision.errors.push_back({"are_these_details_correct", kChooseOne});
      return decision;
    }
  }
  decision.name = std::string(absl::StripAsciiWhitespace(answers.name));
  if (decision.name.empty()) {
    decision.errors.push_back({"name", kNameMissing});
  } else if (Letters(decision.name) > 70) {
    decision.errors.push_back({"name", kNameTooLong});
  }
  absl::StatusOr<std::string> email = wizard::ValidateEmailAddress(answers.email);
  if (!email.ok()) {
    decision.errors.push_back({"email", std::string(email.status().message())});
  } else {
    decision.email = *email;
  }
  if (decision.errors.empty() && on_record.has_value() && decision.name == on_record->name &&
      absl::EqualsIgnoreCase(decision.email, on_record->email)) {
    decision.errors.push_back({"are_these_details_correct", kUnchanged});
  }
  return decision;
}

absl::StatusOr<v1::InductionTutorPage> InductionTutors::Get(
    const v1::InductionTutorRequest& request) {
  const std::string& urn = request.user().school_urn();
  if (!IsUrn(urn)) return absl::InvalidArgumentError("school_urn must be a URN");
  const absl::CivilDay today = today_();
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::InductionTutorPage> {
    pqxx::read_transaction txn(c);
    ASSIGN_OR_RETURN(int year, CurrentYear(txn, today));
    v1::InductionTutorPage page;
    Describe(LoadTutor(txn, urn, false), year, &page);
    return page;
  });
}

absl::StatusOr<v1::InductionTutorPage> InductionTutors::Save(
    const v1::InductionTutorRequest& request) {
  const std::string& urn = request.user().school_urn();
  if (!IsUrn(urn)) return absl::InvalidArgumentError("school_urn must be a URN");
  const absl::CivilDay today = today_();
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<v1::InductionTutorPage> {
    ASSIGN_OR_RETURN(int year, CurrentYear(txn, today));
    txn.exec_params("INSERT INTO schools (school_urn) VALUES ($1) ON CONFLICT DO NOTHING", urn);
    const SchoolTutor tutor = LoadTutor(txn, urn, true);
    v1::InductionTutorPage page;
    Describe(tutor, year, &page);
    const InductionTutorDecision decision = CheckInductionTutorAnswers(
        {request.are_these_details_correct(), request.name(), request.email()}, tutor.on_record);
    if (!decision.errors.empty()) {
      for (const auto& [field, message] : decision.errors) {
        v1::FieldError* error = page.add_errors();
        error->set_field(field);
        error->set_message(message);
      }
      return page;
    }
    std::string name = decision.name;
    std::string email = decision.email;
    if (decision.confirm_existing) {
      name = tutor.on_record->name;
      email = tutor.on_record->email;
      txn.exec_params(
          "UPDATE schools SET induction_tutor_last_nominated_in = greatest($2, "
          "coalesce(induction_tutor_last_nominated_in, $2)), updated_at = now() "
          "WHERE school_urn = $1",
          urn, year);
    } else {
      txn.exec_params(
          "UPDATE schools SET induction_tutor_name = $2, induction_tutor_email = $3, "
          "induction_tutor_last_nominated_in = greatest($4, coalesce("
          "induction_tutor_last_nominated_in, $4)), updated_at = now() WHERE school_urn = $1",
          urn, name, email, year);
      const std::string school_name =
          request.school_name().empty() ? absl::StrCat("the school with URN ", urn)
                                        : request.school_name();
      nlohmann::json personalisation = {{"name", name}, {"school_name", school_name}};
      // One email per school, year and address, however often the same tutor is named.
      txn.exec_params(
          "INSERT INTO pending_emails (idempotency_key, template, recipient, personalisation) "
          "VALUES ($1, 'induction_tutor_confirmation', $2, $3::jsonb) "
          "ON CONFLICT (idempotency_key) DO NOTHING",
          absl::StrCat("induction-tutor:", urn, ":", year, ":", absl::AsciiStrToLower(email)),
          email, personalisation.dump());
      page.set_emailed(true);
    }
    txn.exec_params(
        "INSERT INTO events (event_type, heading, author_type, author_name, author_email, "
        "school_urn, metadata) VALUES ($1, $2, 'school_user', NULLIF($3, ''), "
        "NULLIF($4, '')::citext, $5, jsonb_build_object('contract_period_year', $6::int))",
        decision.confirm_existing ? "school_induction_tutor_confirmed"
                                  : "school_induction_tutor_updated",
        absl::StrCat(name, decision.confirm_existing ? " was confirmed" : " was named",
                     " as the induction tutor for ", year, " to ", year + 1),
        request.user().user_name(), request.user().user_email(), urn, year);
    page.set_name(name);
    page.set_email(email);
    page.set_confirmed_for_current_period(true);
    page.set_saved(true);
    return page;
  });
}

grpc::Status InductionTutorServiceImpl::GetInductionTutor(grpc::ServerContext*,
                                                          const v1::InductionTutorRequest* request,
                                                          v1::InductionTutorPage* response) {
  absl::StatusOr<v1::InductionTutorPage> page = tutors_.Get(*request);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

grpc::Status InductionTutorServiceImpl::SaveInductionTutor(
    grpc::ServerContext*, const v1::InductionTutorRequest* request,
    v1::InductionTutorPage* response) {
  absl::StatusOr<v1::InductionTutorPage> page = tutors_.Save(*request);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

}  // namespace rect::registration
