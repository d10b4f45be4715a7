#include "services/partnerships/confirm_schools.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/partnerships/urn.h"

namespace rect::partnerships {
namespace {

constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";
constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

std::string Plural(int count, absl::string_view one, absl::string_view many) {
  return absl::StrCat(count, " ", count == 1 ? one : many);
}

// Adds months keeping the day of month, clamped to the last day of the resulting month.
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const int last_day = (absl::CivilDay(month + 1) - 1).day();
  return absl::CivilDay(month.year(), month.month(), std::min(day.day(), last_day));
}

}  // namespace

absl::Status CheckUploadedFile(absl::string_view file_name, size_t size_bytes) {
  if (file_name.empty()) return absl::InvalidArgumentError("Select a CSV file to upload.");
  if (!absl::EndsWithIgnoreCase(file_name, ".csv")) {
    return absl::InvalidArgumentError("File must be a CSV");
  }
  if (size_bytes > kMaxUploadBytes) {
    return absl::InvalidArgumentError("File must be less than 2mb.");
  }
  return absl::OkStatus();
}

UrnUpload ExtractUrns(absl::string_view contents) {
  if (absl::StartsWith(contents, kUtf8Bom)) contents.remove_prefix(3);
  UrnUpload upload;
  std::set<std::string> seen;
  int line = 1;
  size_t cell_start = 0;
  for (size_t i = 0; i <= contents.size(); ++i) {
    const bool at_end = i == contents.size();
    const char c = at_end ? '\n' : contents[i];
    if (c != ',' && c != '\n' && c != '\r') continue;
    const absl::string_view cell = contents.substr(cell_start, i - cell_start);
    if (!absl::StripAsciiWhitespace(cell).empty()) {
      UploadedUrn row;
      row.line = line;
      for (const char d : cell) {
        if (absl::ascii_isdigit(static_cast<unsigned char>(d))) row.your_data.push_back(d);
      }
      absl::StatusOr<std::string> urn = NormaliseUrn(row.your_data);
      if (urn.ok()) row.urn = *urn;
      upload.uploaded_urns.push_back(row.your_data);
      // Possible URNs compare as integers; anything else by its digits (empty for "URN").
      const std::string key = urn.ok() ? *urn : absl::StrCat("raw:", row.your_data);
      if (seen.insert(key).second) upload.rows.push_back(std::move(row));
    }
    if (c == '\r' && i + 1 < contents.size() && contents[i + 1] == '\n') ++i;
    if (c != ',') ++line;
    cell_start = i + 1;
  }
  return upload;
}

absl::string_view UrnErrorMessage(UrnError error) {
  switch (error) {
    case UrnError::kInvalid:
      return "URN is not valid";
    case UrnError::kFundingError:
      return "School not eligible for funding";
    case UrnError::kIneligible:
      return "School not eligible for inductions";
    case UrnError::kAlreadyConfirmed:
      return "Your school - already confirmed";
    case UrnError::kRecruitedByOtherProvider:
      return "Recruited by other provider";
    case UrnError::kProgrammeNotYetConfirmed:
      return "School programme not yet confirmed";
  }
  return "";
}

absl::string_view UrnErrorApiKey(UrnError error) {
  switch (error) {
    case UrnError::kInvalid:
      return "invalid";
    case UrnError::kFundingError:
      return "funding_error";
    case UrnError::kIneligible:
      return "ineligible_error";
    case UrnError::kAlreadyConfirmed:
      return "already_confirmed";
    case UrnError::kRecruitedByOtherProvider:
      return "recruited_by_other_provider";
    case UrnError::kProgrammeNotYetConfirmed:
      return "school_programme_not_yet_confirmed";
  }
  return "";
}

std::optional<UrnError> CheckSchool(const SchoolFacts& facts, absl::string_view lead_provider_id) {
  if (!facts.found) return UrnError::kInvalid;
  if (facts.cip_only) return UrnError::kFundingError;
  if (!facts.eligible) return UrnError::kIneligible;
  const auto& providers = facts.lead_providers_in_cohort;
  if (std::find(providers.begin(), providers.end(), lead_provider_id) != providers.end()) {
    return UrnError::kAlreadyConfirmed;
  }
  if (!providers.empty()) return UrnError::kRecruitedByOtherProvider;
  if (facts.partnered_in_previous_cohort && !facts.has_school_cohort) {
    return UrnError::kProgrammeNotYetConfirmed;
  }
  return std::nullopt;
}

UploadCheck CheckUpload(const UrnUpload& upload,
                        absl::FunctionRef<SchoolFacts(const std::string& urn)> lookup,
                        absl::string_view lead_provider_id) {
  UploadCheck check;
  std::set<std::string> valid_ids;
  for (const UploadedUrn& uploaded : upload.rows) {
    CheckedRow row;
    row.uploaded = uploaded;
    const SchoolFacts facts = uploaded.urn.empty() ? SchoolFacts() : lookup(uploaded.urn);
    row.error = CheckSchool(facts, lead_provider_id);
    if (facts.found) {
      row.school_name = facts.name;
      row.school_id = facts.school_id;
    }
    if (row.error.has_value()) {
      ++check.rows_with_errors;
    } else if (valid_ids.insert(facts.school_id).second) {
      check.valid_school_ids.push_back(facts.school_id);
    }
    check.rows.push_back(std::move(row));
  }
  return check;
}

std::string RowsWithErrorsText(int count) {
  return Plural(count, "row has errors", "rows have errors");
}

std::string RowsMatchingText(int count) {
  return Plural(count, "row matches available schools", "rows match available schools");
}

std::string SchoolsText(int count) { return Plural(count, "school", "schools"); }

absl::Time ChallengeDeadline(absl::CivilDay academic_year_start, absl::Time sent_at,
                             absl::TimeZone zone) {
  const absl::Time cohort_deadline = absl::FromCivil(AddMonths(academic_year_start, 2) - 1, zone);
  return std::max(cohort_deadline, sent_at + absl::Hours(14 * 24));
}

absl::Time UnchallengeDeadline(absl::CivilDay academic_year_start, absl::TimeZone zone) {
  return absl::FromCivil(AddMonths(academic_year_start, 2), zone);
}

ChallengeLinkState ClassifyChallengeLink(const ChallengeFacts& facts, absl::Time now) {
  if (!facts.found) return ChallengeLinkState::kNotFound;
  if (facts.challenged) return ChallengeLinkState::kAlreadyChallenged;
  if (!facts.deadline.has_value() || *facts.deadline <= now) return ChallengeLinkState::kExpired;
  return ChallengeLinkState::kOpen;
}

namespace {

struct ReasonRow {
  ChallengeReason reason;
  const char* value;
  const char* label;
};

constexpr ReasonRow kReasons[] = {
    {ChallengeReason::kAnotherProvider, "another_provider",
     "I have already confirmed an agreement with another provider"},
    {ChallengeReason::kNotConfirmed, "not_confirmed", "We have not confirmed an agreement"},
    {ChallengeReason::kDoNotRecognise, "do_not_recognise",
     "I do not recognise this training provider"},
    {ChallengeReason::kNoEcts, "no_ects", "We do not have any early career teachers this year"},
    {ChallengeReason::kMistake, "mistake", "This looks like a mistake"},
};

const ReasonRow& RowOf(ChallengeReason reason) {
  for (const ReasonRow& row : kReasons) {
    if (row.reason == reason) return row;
  }
  return kReasons[0];
}

}  // namespace

std::optional<ChallengeReason> ParseChallengeReason(absl::string_view value) {
  for (const ReasonRow& row : kReasons) {
    if (value == row.value) return row.reason;
  }
  return std::nullopt;
}

absl::string_view ChallengeReasonValue(ChallengeReason reason) { return RowOf(reason).value; }

absl::string_view ChallengeReasonLabel(ChallengeReason reason) { return RowOf(reason).label; }

bool ShouldSendReminder(bool challenged, absl::string_view report_id_at_first_email,
                        absl::string_view current_report_id) {
  return !challenged && report_id_at_first_email == current_report_id;
}

Recipient ChooseRecipient(const RecipientFacts& facts, EmailKind kind) {
  const bool reminder = kind == EmailKind::kReminder;
  Recipient recipient;
  if (!facts.induction_tutor_email.empty()) {
    recipient.email_type =
        reminder ? "induction_coordinator_reminder_email" : "induction_coordinator_email";
    recipient.to = facts.induction_tutor_email;
    recipient.induction_tutor = true;
    return recipient;
  }
  recipient.email_type = reminder ? "school_reminder_email" : "school_email";
  if (!facts.primary_contact_email.empty()) {
    recipient.to = facts.primary_contact_email;
  } else if (!facts.secondary_contact_email.empty()) {
    recipient.to = facts.secondary_contact_email;
  } else {
    recipient.to = kFallbackMailbox;
  }
  return recipient;
}

PartnershipEmail BuildPartnershipEmail(const PartnershipEmailFacts& facts, EmailKind kind) {
  PartnershipEmail email;
  email.recipient = ChooseRecipient(facts.recipient, kind);
  auto& fields = email.personalisation;
  fields["lead_provider_name"] = facts.lead_provider_name;
  fields["delivery_partner_name"] = facts.delivery_partner_name;
  fields["school_name"] = facts.school_name;
  fields["challenge_url"] = facts.challenge_url;
  fields["challenge_deadline"] = LongDate(absl::ToCivilDay(facts.challenge_deadline, facts.zone));
  if (email.recipient.induction_tutor) {
    email.subject = "Training provider confirmed: add your ECTs and mentors";
    fields["name"] = facts.recipient.induction_tutor_name;
    fields["sign_in_url"] = facts.sign_in_url;
    fields["step_by_step"] = facts.step_by_step_url;
    fields["academic_year"] = AcademicYearLabel(facts.cohort_start_year);
  } else {
    email.subject = "FAO: NQT coordinator. Training provider confirmed.";
    fields["nominate_url"] = facts.nominate_url;
    email.needs_nomination_token = true;
  }
  return email;
}

std::string ChallengeUrl(absl::string_view base_url, absl::string_view token) {
  absl::ConsumeSuffix(&base_url, "/");
  return absl::StrCat(base_url, "/report-incorrect-partnership?token=", token);
}

std::map<std::string, std::string> ChallengeNotificationPersonalisation(
    const ChallengeNotificationFacts& facts) {
  return {
      {"name", facts.user_name},
      {"school_name", facts.school_name},
      {"school_urn", facts.school_urn},
      {"delivery_partner_name", facts.delivery_partner_name},
      {"lead_provider_name", facts.lead_provider_name},
      {"reason", std::string(ChallengeReasonLabel(facts.reason))},
      {"cohort_year", CohortYearLabel(facts.cohort_start_year)},
  };
}

std::string LongDate(absl::CivilDay day) {
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1], " ", day.year());
}

std::string AcademicYearLabel(int start_year) {
  return absl::StrCat(start_year, " to ", start_year + 1);
}

std::string CohortYearLabel(int start_year) {
  const int next = (start_year + 1) % 100;
  return absl::StrCat(start_year, "/", next < 10 ? "0" : "", next);
}

}  // namespace rect::partnerships
