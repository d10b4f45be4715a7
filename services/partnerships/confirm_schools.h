// The pure rules of "Confirm your schools" and challenges (partnerships.md §4–§6, §8,
// decisions.md): upload checks, URN extraction, the six URN errors, the challenge deadline and
// link states, and the partnership emails' recipient and personalisation. No I/O: callers read
// the facts from the database and pass them in.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rect::partnerships {

// ---- Upload (§4 step 3, decisions.md) ----

inline constexpr size_t kMaxUploadBytes = 2 * 1024 * 1024;

// OK, or INVALID_ARGUMENT with the page's message: no file → "Select a CSV file to upload.",
// a name not ending ".csv" (any case) → "File must be a CSV", over 2 MB →
// "File must be less than 2mb.".
absl::Status CheckUploadedFile(absl::string_view file_name, size_t size_bytes);

// ---- URN extraction (§4 "CSV parsing", decisions.md) ----

// One row of the upload as the errors page shows it.
struct UploadedUrn {
  int line = 0;           // file line of the first occurrence (1-based)
  std::string your_data;  // the cell's digits; empty for a cell with none (e.g. a header "URN")
  std::string urn;        // your_data without leading zeros; empty when it cannot be a URN
};

struct UrnUpload {
  // Every non-blank cell's digits in file order, duplicates kept (partnership_csv_uploads).
  std::vector<std::string> uploaded_urns;
  // Duplicates removed, first occurrence wins; URNs compare as integers (020006 = 20006).
  std::vector<UploadedUrn> rows;
};

// Tolerant reading: a UTF-8 BOM is skipped; lines end in LF, CRLF or CR; each line is split on
// commas; blank or whitespace-only cells are dropped (so blank lines and ",,," count for
// nothing); every other cell keeps only its digits (" 100003 " and "URN:100003" → 100003).
UrnUpload ExtractUrns(absl::string_view file_contents);

// ---- URN errors (§4 "Error categories", first matching rule wins) ----

enum class UrnError {
  kInvalid,                   // 1 URN is not valid
  kFundingError,              // 2 School not eligible for funding
  kIneligible,                // 3 School not eligible for inductions
  kAlreadyConfirmed,          // 4 Your school - already confirmed
  kRecruitedByOtherProvider,  // 5 Recruited by other provider
  kProgrammeNotYetConfirmed,  // 6 School programme not yet confirmed
};

// The errors page's exact wording.
absl::string_view UrnErrorMessage(UrnError error);
// The lead provider API's key (POST /api/v3/partnerships/ecf).
absl::string_view UrnErrorApiKey(UrnError error);

// What the database says about one URN for one upload (lead provider, cohort year Y). Only
// unchallenged partnerships with relationship = false count.
struct SchoolFacts {
  bool found = false;  // a school has this URN
  std::string school_id;
  std::string name;
  bool eligible = false;
  bool cip_only = false;
  std::vector<std::string> lead_providers_in_cohort;  // ids of its partnerships' LPs in Y
  bool partnered_in_previous_cohort = false;          // such a partnership in Y − 1
  bool has_school_cohort = false;                     // a school_cohort row for Y
};

// The first rule that matches, or nullopt when the school can be confirmed by `lead_provider_id`.
std::optional<UrnError> CheckSchool(const SchoolFacts& facts, absl::string_view lead_provider_id);

struct CheckedRow {
  UploadedUrn uploaded;
  std::string school_name;  // empty for URN is not valid
  std::string school_id;    // empty when not found
  std::optional<UrnError> error;
};

struct UploadCheck {
  std::vector<CheckedRow> rows;  // in upload order
  int rows_with_errors = 0;
  std::vector<std::string> valid_school_ids;  // each school once, in upload order
};

// Checks every row; `lookup` is called only for rows with a possible URN (normalised).
UploadCheck CheckUpload(const UrnUpload& upload,
                        absl::FunctionRef<SchoolFacts(const std::string& urn)> lookup,
                        absl::string_view lead_provider_id);

// "1 row has errors" / "N rows have errors".
std::string RowsWithErrorsText(int count);
// "1 row matches available schools" / "N rows match available schools".
std::string RowsMatchingText(int count);
// "1 school" / "N schools", as in "Continue with 6 schools".
std::string SchoolsText(int count);

// ---- Challenge deadline and link (§5, §6, §8, decisions.md) ----

// Later of (academic-year start + 2 months − 1 day, at 00:00 in `zone`) and sent + 14 days.
// Adding months keeps the day, clamped to the month's end (31 Dec + 2 months = 28/29 Feb).
absl::Time ChallengeDeadline(absl::CivilDay academic_year_start, absl::Time sent_at,
                             absl::TimeZone zone);

// An admin un-challenge resets the deadline to academic-year start + 2 months (00:00, `zone`).
absl::Time UnchallengeDeadline(absl::CivilDay academic_year_start, absl::TimeZone zone);

enum class ChallengeLinkState { kNotFound, kAlreadyChallenged, kExpired, kOpen };

struct ChallengeFacts {
  bool found = false;  // the token (or partnership id) names a partnership
  bool challenged = false;
  std::optional<absl::Time> deadline;
};

// §6 checks in order, on both GET and POST: 404, already reported, expired (no deadline or
// deadline ≤ now), else the form.
ChallengeLinkState ClassifyChallengeLink(const ChallengeFacts& facts, absl::Time now);

enum class ChallengeReason { kAnotherProvider, kNotConfirmed, kDoNotRecognise, kNoEcts, kMistake };

inline constexpr char kChallengeReasonMissing[] =
    "Select a reason why you think this confirmation is incorrect";

// The stored value ("another_provider", ...); nullopt for anything else (including "").
std::optional<ChallengeReason> ParseChallengeReason(absl::string_view value);
absl::string_view ChallengeReasonValue(ChallengeReason reason);
// The radio label ("I have already confirmed an agreement with another provider", ...).
absl::string_view ChallengeReasonLabel(ChallengeReason reason);

// A reminder is sent only if the partnership is still unchallenged and has not been re-reported
// since the first email (its report_id unchanged).
bool ShouldSendReminder(bool challenged, absl::string_view report_id_at_first_email,
                        absl::string_view current_report_id);

// ---- Partnership emails (§5) and the challenge notification (§6) ----

inline constexpr char kFallbackMailbox[] = "ecf-tech@digital.education.gov.uk";

enum class EmailKind { kConfirmation, kReminder };

struct RecipientFacts {
  std::string induction_tutor_name;     // the school's first SIT; empty when none
  std::string induction_tutor_email;    // empty when the school has no SIT
  std::string primary_contact_email;    // GIAS MainEmail; empty when blank
  std::string secondary_contact_email;  // GIAS AlternativeEmail; empty when blank
};

struct Recipient {
  std::string email_type;  // partnership_notification_emails.email_type
  std::string to;          // also stored as sent_to
  bool induction_tutor = false;
};

// Induction tutor → GIAS primary → GIAS secondary → the DfE fallback mailbox.
Recipient ChooseRecipient(const RecipientFacts& facts, EmailKind kind);

struct PartnershipEmailFacts {
  RecipientFacts recipient;
  std::string lead_provider_name;
  std::string delivery_partner_name;
  std::string school_name;
  int cohort_start_year = 0;
  absl::Time challenge_deadline;
  absl::TimeZone zone;           // for the deadline's date
  std::string challenge_url;     // ChallengeUrl(...)
  std::string sign_in_url;       // induction tutor emails
  std::string step_by_step_url;  // induction tutor emails
  std::string nominate_url;      // school emails: a new nomination link (21 days)
};

struct PartnershipEmail {
  Recipient recipient;
  std::string subject;
  std::map<std::string, std::string> personalisation;
  bool needs_nomination_token = false;  // school emails carry a nomination link
};

PartnershipEmail BuildPartnershipEmail(const PartnershipEmailFacts& facts, EmailKind kind);

// <base_url>/report-incorrect-partnership?token=<token>
std::string ChallengeUrl(absl::string_view base_url, absl::string_view token);

struct ChallengeNotificationFacts {
  std::string user_name;  // the lead provider user emailed
  std::string school_name;
  std::string school_urn;
  std::string delivery_partner_name;
  std::string lead_provider_name;
  ChallengeReason reason;
  int cohort_start_year = 0;
};

// Personalisation of the email every user of the lead provider gets after a challenge.
std::map<std::string, std::string> ChallengeNotificationPersonalisation(
    const ChallengeNotificationFacts& facts);

// ---- Labels and dates ----

// "17 June 2021".
std::string LongDate(absl::CivilDay day);
// "2021 to 2022".
std::string AcademicYearLabel(int start_year);
// "2021/22".
std::string CohortYearLabel(int start_year);

}  // namespace rect::partnerships
