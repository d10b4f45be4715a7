#include "services/registration/api/declaration_rules.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace rect::registration::api {
namespace {

absl::Time At(const std::string& text) { return *ParseDeclarationDate(text); }

const absl::Time kNow = At("2025-11-20T12:00:00Z");

// A 2025 ECT training with the caller, funding-eligible, a statement open, no declarations.
DeclarationFacts Funded2025Ect() {
  DeclarationFacts facts;
  facts.participant_known = true;
  facts.trains_with_provider = true;
  ProviderTraining training;
  training.cohort = 2025;
  for (const char* type :
       {"started", "retained-1", "retained-2", "retained-3", "retained-4", "completed"}) {
    training.milestones[type] = Milestone{absl::CivilDay(2025, 6, 1), std::nullopt};
  }
  facts.training = training;
  facts.cohort_covering_today = 2025;
  facts.funding_eligible = true;
  facts.open_statement_available = true;
  return facts;
}

DeclarationAttributes Started() {
  return {"p-1", "ecf-induction", "started", "2025-10-01T09:30:00Z", "training-event-attended"};
}

struct Case {
  std::string name;
  std::function<void(DeclarationAttributes&, DeclarationFacts&)> change;
  std::vector<FieldError> errors;  // empty: accepted
};

const char kDuplicate[] =
    "A declaration has already been submitted that will be, or has been, paid for this event.";
const char kFuture[] =
    "The '#/declaration_date' value cannot be a future date. Check the date and try again.";
const char kBeforeMilestone[] =
    "Declaration date must be on or after the milestone start date for the same declaration "
    "type.";
const char kAfterMilestone[] =
    "Declaration date must be on or before the milestone date for the same declaration type.";
const char kFormat[] = "Enter a valid RCF3339 '#/declaration_date'.";
const char kMentorRetained[] =
    "You cannot send retained or extended declarations for participants who began their mentor "
    "training after June 2025. Resubmit this declaration with either a started or completed "
    "declaration.";
const char kEvidenceMissing[] = "Enter a '#/evidence_held' value for this participant.";
const char kEvidenceUnavailable[] =
    "Enter an available '#/evidence_held' type for this participant.";
const char kSequence[] =
    "This '#/declaration_date' is invalid. Check that it is in sequence with existing "
    "declaration dates for this participant.";

TEST(EvaluateDeclarationTest, RulesInEvaluationOrder) {
  const std::vector<Case> cases = {
      {"accepted", [](auto&, auto&) {}, {}},
      {"1 participant blank",
       [](auto& a, auto&) { a.participant_id = ""; },
       {{"participant_id", "Enter a '#/participant_id'."}}},
      {"1 participant unknown",
       [](auto&, auto& f) { f = DeclarationFacts(); },
       {{"participant_id", kParticipantNotRecognised}}},
      {"2 course missing",
       [](auto& a, auto&) { a.course_identifier = "ecf-other"; },
       {{"course_identifier", "Enter a '#/course_identifier'."}}},
      {"1+2+3 together",
       [](auto& a, auto&) {
         a.participant_id = "";
         a.course_identifier = "";
         a.declaration_date = "";
       },
       {{"participant_id", "Enter a '#/participant_id'."},
        {"course_identifier", "Enter a '#/course_identifier'."},
        {"declaration_date", "Enter a '#/declaration_date'."}}},
      {"4 trains with the provider in another role",
       [](auto& a, auto& f) {
         a.course_identifier = "ecf-mentor";
         f.training.reset();
       },
       {{"course_identifier", kCourseNotRecognised}}},
      {"4 before 6: another role only, with a duplicate of the type",
       [](auto& a, auto& f) {
         a.course_identifier = "ecf-mentor";
         f.training.reset();
         f.billable.push_back({"started", At("2025-09-01T00:00:00Z")});
       },
       {{"course_identifier", kCourseNotRecognised}}},
      {"17 before 6: never with the provider, another provider's duplicate",
       [](auto&, auto& f) {
         f.trains_with_provider = false;
         f.training.reset();
         f.billable.push_back({"started", At("2025-09-01T00:00:00Z")});
       },
       {{"participant_id", kParticipantNotRecognised}}},
      {"5 type blank",
       [](auto& a, auto&) { a.declaration_type = ""; },
       {{"declaration_type", "Enter a '#/declaration_type'."}}},
      {"5 type unknown",
       [](auto& a, auto&) { a.declaration_type = "finished"; },
       {{"declaration_type", "Enter a valid declaration type."}}},
      {"6 duplicate from any provider",
       [](auto&, auto& f) {
         f.billable.push_back({"started", At("2025-09-01T00:00:00Z")});
       },
       {{"declaration_type", kDuplicate}}},
      {"7 future",
       [](auto& a, auto&) { a.declaration_date = "2025-11-20T12:00:01Z"; },
       {{"declaration_date", kFuture}}},
      {"7 now is not future",
       [](auto& a, auto&) { a.declaration_date = "2025-11-20T12:00:00Z"; },
       {}},
      {"8 before milestone start (London midnight)",
       [](auto& a, auto&) { a.declaration_date = "2025-05-31T22:59:59Z"; },
       {{"declaration_date", kBeforeMilestone}}},
      {"8 London midnight is on the start day",
       [](auto& a, auto&) { a.declaration_date = "2025-05-31T23:00:00Z"; },
       {}},
      {"8 after milestone date",
       [](auto& a, auto& f) {
         f.training->cohort = 2024;
         f.training->milestones["started"].milestone_date = absl::CivilDay(2025, 9, 30);
         a.declaration_date = "2025-09-30T23:00:00Z";
       },
       {{"declaration_date", kAfterMilestone}}},
      {"8 last moment of the milestone day",
       [](auto& a, auto& f) {
         f.training->cohort = 2024;
         f.training->milestones["started"].milestone_date = absl::CivilDay(2025, 9, 30);
         a.declaration_date = "2025-09-30T22:59:59Z";
       },
       {}},
      {"9 date only",
       [](auto& a, auto&) { a.declaration_date = "2025-10-01"; },
       {{"declaration_date", kFormat}}},
      {"9 not a real date",
       [](auto& a, auto&) { a.declaration_date = "2025-02-30T10:00:00Z"; },
       {{"declaration_date", kFormat}}},
      {"9 banana",
       [](auto& a, auto&) { a.declaration_date = "banana"; },
       {{"declaration_date", kFormat}}},
      {"9 offset accepted",
       [](auto& a, auto&) { a.declaration_date = "2025-10-01T09:30:00+01:00"; },
       {}},
      {"10 2025 mentor retained",
       [](auto& a, auto&) {
         a.course_identifier = "ecf-mentor";
         a.declaration_type = "retained-1";
       },
       {{"declaration_type", kMentorRetained}}},
      {"11 2025 started without evidence",
       [](auto& a, auto&) { a.evidence_held = ""; },
       {{"evidence_held", kEvidenceMissing}}},
      {"11 2025 retained-2 with simple evidence",
       [](auto& a, auto&) { a.declaration_type = "retained-2"; },
       {{"evidence_held", kEvidenceUnavailable}}},
      {"11 2025 retained-2 with engagement",
       [](auto& a, auto&) {
         a.declaration_type = "retained-2";
         a.evidence_held = "75-percent-engagement-met";
       },
       {}},
      {"11 2025 ECT completed one-term-induction",
       [](auto& a, auto&) {
         a.declaration_type = "completed";
         a.evidence_held = "one-term-induction";
       },
       {}},
      {"11 2025 mentor completed one-term-induction",
       [](auto& a, auto&) {
         a.course_identifier = "ecf-mentor";
         a.declaration_type = "completed";
         a.evidence_held = "one-term-induction";
       },
       {{"evidence_held", kEvidenceUnavailable}}},
      {"11 2025 mentor started offline materials",
       [](auto& a, auto&) {
         a.course_identifier = "ecf-mentor";
         a.evidence_held = "materials-engaged-with-offline";
       },
       {}},
      {"11 2024 started evidence discarded",
       [](auto& a, auto& f) {
         f.training->cohort = 2024;
         a.evidence_held = "anything";
       },
       {}},
      {"11 2024 retained-1 needs evidence",
       [](auto& a, auto& f) {
         f.training->cohort = 2024;
         a.declaration_type = "retained-1";
         a.evidence_held = "";
       },
       {{"evidence_held", kEvidenceMissing}}},
      {"11 2024 offline materials not available",
       [](auto& a, auto& f) {
         f.training->cohort = 2024;
         a.declaration_type = "retained-1";
         a.evidence_held = "materials-engaged-with-offline";
       },
       {{"evidence_held", kEvidenceUnavailable}}},
      {"12 withdrawn before the date",
       [](auto&, auto& f) { f.training->withdrawn_at = At("2025-09-15T08:00:00Z"); },
       {{"participant_id",
         "This participant withdrew from this course on 2025-09-15T08:00:00Z. Enter a "
         "'#/declaration_date' that's on or before the withdrawal date."}}},
      {"12 withdrawn after the date",
       [](auto&, auto& f) { f.training->withdrawn_at = At("2025-10-15T08:00:00Z"); },
       {}},
      {"13 frozen cohort today",
       [](auto&, auto& f) { f.cohort_covering_today = 2022; },
       {{"cohort",
         "You cannot submit declarations for the 2022 cohort. The funding contract for this "
         "cohort has ended. Get in touch if you need to discuss this with us."}}},
      {"14 funded without a statement",
       [](auto&, auto& f) { f.open_statement_available = false; },
       {{"cohort",
         "You cannot submit or void declarations for the 2025 cohort. The funding contract for "
         "this cohort has ended. Get in touch if you need to discuss this with us."}}},
      {"14 unfunded needs no statement",
       [](auto&, auto& f) {
         f.open_statement_available = false;
         f.funding_eligible = false;
       },
       {}},
      {"15 no milestone for the type",
       [](auto& a, auto&) {
         a.declaration_type = "extended-1";
         a.evidence_held = "other";
       },
       {{"declaration_type",
         "The property '#/declaration_type' does not exist for this schedule."}}},
      {"16 retained before started",
       [](auto& a, auto& f) {
         f.billable.push_back({"started", At("2025-10-02T00:00:00Z")});
         a.declaration_type = "retained-1";
       },
       {{"declaration_date", kSequence}}},
      {"16 ties pass",
       [](auto& a, auto& f) {
         f.billable.push_back({"started", At("2025-10-01T09:30:00Z")});
         a.declaration_type = "retained-1";
       },
       {}},
      {"16 started after completed",
       [](auto&, auto& f) {
         f.billable.push_back({"completed", At("2025-09-01T00:00:00Z")});
       },
       {{"declaration_date", kSequence}}},
      {"16 not checked before 2025",
       [](auto& a, auto& f) {
         f.training->cohort = 2024;
         f.billable.push_back({"started", At("2025-10-02T00:00:00Z")});
         a.declaration_type = "retained-1";
       },
       {}},
      {"17 never trained with the provider",
       [](auto&, auto& f) {
         f.trains_with_provider = false;
         f.training.reset();
       },
       {{"participant_id", kParticipantNotRecognised}}},
  };
  for (const Case& c : cases) {
    DeclarationAttributes attributes = Started();
    DeclarationFacts facts = Funded2025Ect();
    c.change(attributes, facts);
    const DeclarationDecision decision = EvaluateDeclaration(attributes, facts, kNow);
    EXPECT_EQ(decision.errors, c.errors)
        << c.name << ": first error "
        << (decision.errors.empty() ? std::string("none") : decision.errors[0].message);
    EXPECT_EQ(decision.accepted.has_value(), c.errors.empty()) << c.name;
  }
}

TEST(EvaluateDeclarationTest, AcceptedDeclarationIsEligibleOnlyWhenFunded) {
  DeclarationFacts facts = Funded2025Ect();
  DeclarationDecision funded = EvaluateDeclaration(Started(), facts, kNow);
  ASSERT_TRUE(funded.accepted.has_value());
  EXPECT_TRUE(funded.accepted->eligible);
  EXPECT_EQ(funded.accepted->evidence_held, "training-event-attended");
  facts.funding_eligible = false;
  EXPECT_FALSE(EvaluateDeclaration(Started(), facts, kNow).accepted->eligible);
}

TEST(EvaluateDeclarationTest, DiscardedEvidenceIsNotStored) {
  DeclarationFacts facts = Funded2025Ect();
  facts.training->cohort = 2024;
  DeclarationDecision decision = EvaluateDeclaration(Started(), facts, kNow);
  ASSERT_TRUE(decision.accepted.has_value());
  EXPECT_EQ(decision.accepted->evidence_held, "");
}

TEST(ParseDeclarationDateTest, Formats) {
  EXPECT_EQ(ParseDeclarationDate("2025-10-01T09:30:00Z"), absl::FromUnixSeconds(1759311000));
  // No offset: London (BST in October).
  EXPECT_EQ(ParseDeclarationDate("2025-10-01T10:30:00"), absl::FromUnixSeconds(1759311000));
  EXPECT_EQ(ParseDeclarationDate("2025-10-01T10:30:00.123+01:00"),
            absl::FromUnixSeconds(1759311000));
  EXPECT_EQ(ParseDeclarationDate("2025-10-01T04:30:00-0500"), absl::FromUnixSeconds(1759311000));
  for (const char* bad : {"", "2025-10-01", "2025-13-01T00:00:00Z", "2025-10-01 09:30:00Z",
                          "2025-10-01T24:00:00Z", "2025-10-01T09:30:00+25:00"}) {
    EXPECT_FALSE(ParseDeclarationDate(bad).has_value()) << bad;
  }
}

TEST(DeclarationStateTest, PaymentAndClawback) {
  EXPECT_EQ(DeclarationState("no_payment", "no_clawback"), "submitted");
  EXPECT_EQ(DeclarationState("eligible", "no_clawback"), "eligible");
  EXPECT_EQ(DeclarationState("payable", "no_clawback"), "payable");
  EXPECT_EQ(DeclarationState("paid", "no_clawback"), "paid");
  EXPECT_EQ(DeclarationState("voided", "no_clawback"), "voided");
  EXPECT_EQ(DeclarationState("paid", "awaiting_clawback"), "awaiting-clawback");
  EXPECT_EQ(DeclarationState("paid", "clawed_back"), "clawed-back");
}

TEST(EvaluateVoidTest, Outcomes) {
  struct VoidCase {
    VoidFacts facts;
    std::string error;
    VoidOutcome outcome;
  };
  const std::vector<VoidCase> cases = {
      {{"no_payment", "no_clawback", 2025, false}, "", VoidOutcome::kVoid},
      {{"eligible", "no_clawback", 2021, false}, "", VoidOutcome::kVoid},
      {{"payable", "no_clawback", 2025, true}, "", VoidOutcome::kVoid},
      // Unpaid voids have no cohort or statement check, even in a closed cohort.
      {{"payable", "no_clawback", 2021, false}, "", VoidOutcome::kVoid},
      {{"no_payment", "no_clawback", 2022, false}, "", VoidOutcome::kVoid},
      {{"voided", "no_clawback", 2025, true},
       "The declaration has already been voided.",
       VoidOutcome::kVoid},
      {{"paid", "no_clawback", 2025, true}, "", VoidOutcome::kAwaitClawback},
      {{"paid", "awaiting_clawback", 2025, true},
       "The declaration will or has been refunded",
       VoidOutcome::kVoid},
      {{"paid", "clawed_back", 2025, true},
       "The declaration will or has been refunded",
       VoidOutcome::kVoid},
      {{"paid", "no_clawback", 2022, false},
       "You cannot submit or void declarations for the 2022 cohort. The funding contract for "
       "this cohort has ended. Get in touch if you need to discuss this with us",
       VoidOutcome::kVoid},
  };
  for (const VoidCase& c : cases) {
    VoidDecision decision = EvaluateVoid(c.facts);
    if (c.error.empty()) {
      EXPECT_TRUE(decision.errors.empty()) << c.facts.payment_status;
      EXPECT_EQ(decision.outcome, c.outcome) << c.facts.payment_status;
    } else {
      ASSERT_EQ(decision.errors.size(), 1u) << c.facts.payment_status;
      EXPECT_EQ(decision.errors[0].attribute, "participant_declaration_id");
      EXPECT_EQ(decision.errors[0].message, c.error);
    }
  }
}

}  // namespace
}  // namespace rect::registration::api
