#include "services/registration/wizard/register_mentor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rect::registration::wizard {
namespace {

using absl::CivilDay;

constexpr CivilDay kToday(2025, 11, 23);

// ECT 7000013, provider-led with LP 10 (active in 2025, not in 2026); LP 11 active both years.
MentorContext Context() {
  MentorContext context;
  context.today = kToday;
  context.contract_periods = {DefaultContractPeriod(2024, true), DefaultContractPeriod(2025, true),
                              DefaultContractPeriod(2026, true),
                              DefaultContractPeriod(2027, false)};
  context.ect_trn = "7000013";
  context.ect_name = "Jamal Price";
  context.ect_training_programme = TrainingProgramme::kProviderLed;
  context.ect_lead_provider_id = "10";
  context.active_lead_providers = {
      {2025, {"10", "Ambition Institute"}}, {2025, {"11", "Teach First"}}, {2026, {"11", "Teach First"}}};
  return context;
}

TrsTeacher Mentor(bool prohibited = false) {
  return TrsTeacher{"7000024", "Uma", "Patel", InductionStatus::kPassed, prohibited, false};
}

MentorAnswers Found(const MentorRecordFacts& facts = {}) {
  MentorAnswers answers;
  FindMentorStep::Record("7000024", TrsLookup::kFound, Mentor(), facts, &answers);
  return answers;
}

MentorAnswers ToEmail(const MentorRecordFacts& facts = {}) {
  MentorAnswers answers = Found(facts);
  EXPECT_TRUE(ReviewMentorDetailsStep::Submit({"correct", ""}, &answers).empty());
  MentorEmailAddressStep::Record("uma@example.com", false, &answers);
  return answers;
}

MentorStep Furthest(const MentorAnswers& answers, const MentorContext& context) {
  return AllowedMentorSteps(answers, context).back();
}

TEST(MentorStepSlug, RoundTripsEverySlug) {
  for (int i = 0; i <= static_cast<int>(MentorStep::kConfirmation); ++i) {
    const MentorStep step = static_cast<MentorStep>(i);
    ASSERT_FALSE(MentorStepSlug(step).empty()) << i;
    EXPECT_EQ(ParseMentorStep(MentorStepSlug(step)), step);
  }
}

struct FindCase {
  const char* name;
  std::string trn;
  TrsLookup lookup;
  std::optional<TrsLookup> nino_lookup;
  TrsTeacher teacher;
  MentorRecordFacts facts;
  MentorStep furthest;
};

TEST(FindMentorStep, OutcomesFirstMatchWins) {
  const MentorContext context = Context();
  MentorRecordFacts here;
  here.open_mentor_period_at_this_school = true;
  const FindCase cases[] = {
      {"no record",
       "7000002",
       TrsLookup::kNotFound,
       std::nullopt,
       {},
       {},
       MentorStep::kTrnNotFound},
      {"deactivated",
       "7000004",
       TrsLookup::kDeactivated,
       std::nullopt,
       {},
       {},
       MentorStep::kTrnNotFound},
      {"merged", "7000011", TrsLookup::kMerged, std::nullopt, {}, {}, MentorStep::kTrnNotFound},
      {"the ECT themself",
       "7000013",
       TrsLookup::kFound,
       std::nullopt,
       Mentor(),
       {},
       MentorStep::kCannotMentorThemself},
      {"the ECT, wrong DOB",
       "7000013",
       TrsLookup::kDateOfBirthMismatch,
       std::nullopt,
       Mentor(),
       {},
       MentorStep::kCannotMentorThemself},
      {"dob mismatch",
       "7000024",
       TrsLookup::kDateOfBirthMismatch,
       std::nullopt,
       Mentor(),
       {},
       MentorStep::kNationalInsuranceNumber},
      {"nino no match",
       "7000024",
       TrsLookup::kDateOfBirthMismatch,
       TrsLookup::kNotFound,
       Mentor(),
       {},
       MentorStep::kNotFound},
      {"nino match",
       "7000024",
       TrsLookup::kDateOfBirthMismatch,
       TrsLookup::kFound,
       Mentor(),
       {},
       MentorStep::kReviewMentorDetails},
      {"already at this school", "7000024", TrsLookup::kFound, std::nullopt, Mentor(true), here,
       MentorStep::kAlreadyActiveAtSchool},
      {"prohibited",
       "7000003",
       TrsLookup::kFound,
       std::nullopt,
       Mentor(true),
       {},
       MentorStep::kCannotRegisterMentor},
      {"passed induction, no QTS: irrelevant",
       "7000024",
       TrsLookup::kFound,
       std::nullopt,
       Mentor(),
       {},
       MentorStep::kReviewMentorDetails},
  };
  for (const FindCase& c : cases) {
    MentorAnswers answers;
    FindMentorStep::Record(c.trn, c.lookup,
                           c.lookup == TrsLookup::kFound ? c.teacher : TrsTeacher{},
                           c.lookup == TrsLookup::kFound ? c.facts : MentorRecordFacts{}, &answers);
    if (c.nino_lookup) {
      MentorNationalInsuranceNumberStep::Record(*c.nino_lookup, c.teacher, c.facts, &answers);
    }
    EXPECT_EQ(MentorStepSlug(Furthest(answers, context)), MentorStepSlug(c.furthest)) << c.name;
  }
}

TEST(FindMentorStep, SharesTheFindAndReviewValidation) {
  FindMentorStep::Lookup lookup;
  EXPECT_EQ(FindMentorStep::Validate({"", {"", "", ""}}, kToday, &lookup).size(), 2u);
  std::string nino;
  EXPECT_TRUE(MentorNationalInsuranceNumberStep::Validate({"ab100024a"}, &nino).empty());
  EXPECT_EQ(nino, "AB100024A");
  MentorAnswers answers = Found();
  EXPECT_EQ(ReviewMentorDetailsStep::Submit({"", ""}, &answers),
            (FieldErrors{{"name_check",
                          "Select 'Yes' or 'No' to confirm whether the details are correct"}}));
  EXPECT_TRUE(ReviewMentorDetailsStep::Submit({"corrected", "Uma Patel-Shah"}, &answers).empty());
  EXPECT_EQ(answers.Name(), "Uma Patel-Shah");
  EXPECT_EQ(NextMentorStep(MentorStep::kReviewMentorDetails, answers, Context()),
            MentorStep::kEmailAddress);
  MentorEmailAddressStep::Record("rosa.clarke@example.org", true, &answers);
  EXPECT_EQ(Furthest(answers, Context()), MentorStep::kCantUseEmail);
}

struct AfterEmailCase {
  const char* name;
  MentorRecordFacts facts;
  std::optional<TrainingProgramme> ect_programme;
  std::optional<std::string> ect_lead_provider;
  MentorStep next;
};

TEST(MentorEmailAddressStep, NextFollowsTheMentorTable) {
  MentorRecordFacts elsewhere;
  elsewhere.open_mentor_period_elsewhere = true;
  MentorRecordFacts before;
  before.mentored_before = true;
  MentorRecordFacts ineligible;
  ineligible.ineligibility_reason = MentorIneligibilityReason::kCompletedDuringEarlyRollOut;
  const AfterEmailCase cases[] = {
      {"never, provider-led, eligible, LP active",
       {},
       TrainingProgramme::kProviderLed,
       "10",
       MentorStep::kReviewMentorEligibility},
      {"never, LP not active today",
       {},
       TrainingProgramme::kProviderLed,
       "12",
       MentorStep::kLeadProvider},
      {"never, school-led ECT",
       {},
       TrainingProgramme::kSchoolLed,
       std::nullopt,
       MentorStep::kCheckAnswers},
      {"never, ineligible", ineligible, TrainingProgramme::kProviderLed, "10",
       MentorStep::kCheckAnswers},
      {"open mentor elsewhere", elsewhere, TrainingProgramme::kProviderLed, "10",
       MentorStep::kMentoringAtNewSchoolOnly},
      {"mentored before, not now", before, TrainingProgramme::kSchoolLed, std::nullopt,
       MentorStep::kStartedOn},
  };
  for (const AfterEmailCase& c : cases) {
    MentorContext context = Context();
    context.ect_training_programme = c.ect_programme;
    context.ect_lead_provider_id = c.ect_lead_provider;
    EXPECT_EQ(MentorStepSlug(Furthest(ToEmail(c.facts), context)), MentorStepSlug(c.next))
        << c.name;
  }
}

TEST(ReviewMentorEligibilityStep, ContinueUsesTheEctsLeadProviderAndTheLinkIsAllowed) {
  const MentorContext context = Context();
  MentorAnswers answers = ToEmail();
  EXPECT_EQ(ResolveMentorStep(MentorStep::kLeadProvider, answers, context),
            MentorStep::kLeadProvider);
  EXPECT_EQ(ResolveMentorStep(MentorStep::kCheckAnswers, answers, context),
            MentorStep::kReviewMentorEligibility);
  ReviewMentorEligibilityStep::Accept(context, &answers);
  EXPECT_EQ(answers.lead_provider_id, "10");
  EXPECT_EQ(Furthest(answers, context), MentorStep::kCheckAnswers);
  EXPECT_TRUE(CheckMentorAnswersComplete(answers, context).ok());
  MentorSavePlan plan = PlanMentorSave(answers, context);
  EXPECT_EQ(plan.started_on, kToday);  // never asked
  EXPECT_EQ(plan.training_lead_provider_id, "10");
  EXPECT_FALSE(plan.end_other_mentor_periods);
}

TEST(MentoringAtNewSchoolOnlyStep, YesAsksStartNoGoesToCheckAnswers) {
  const MentorContext context = Context();
  MentorRecordFacts elsewhere;
  elsewhere.open_mentor_period_elsewhere = true;
  MentorAnswers answers = ToEmail(elsewhere);
  EXPECT_EQ(MentoringAtNewSchoolOnlyStep::Submit({""}, &answers),
            (FieldErrors{{"mentoring_at_new_school_only",
                          "Select 'Yes' or 'No' to confirm whether they will be mentoring at "
                          "your school only"}}));
  ASSERT_TRUE(MentoringAtNewSchoolOnlyStep::Submit({"no"}, &answers).empty());
  EXPECT_EQ(Furthest(answers, context), MentorStep::kCheckAnswers);
  answers.lead_provider_id = "10";  // even with an LP, no training while mentoring elsewhere
  MentorSavePlan plan = PlanMentorSave(answers, context);
  EXPECT_FALSE(plan.end_other_mentor_periods);
  EXPECT_FALSE(plan.training_lead_provider_id.has_value());
  answers.lead_provider_id.reset();
  ASSERT_TRUE(MentoringAtNewSchoolOnlyStep::Submit({"yes"}, &answers).empty());
  EXPECT_EQ(Furthest(answers, context), MentorStep::kStartedOn);
}

struct StartedOnCase {
  const char* name;
  DateInput input;
  bool elsewhere;
  std::string error;
  MentorStep next;
};

TEST(StartedOnStep, Rules) {
  const StartedOnCase cases[] = {
      {"missing",
       {"", "", ""},
       false,
       "Enter the date they started or will start ECT mentoring at your school"},
      {"bad",
       {"30", "2", "2025"},
       false,
       "Enter the date in the correct format, for example 12 03 1998"},
      {"other school start + 1",
       {"2", "9", "2024"},
       false,
       "Our records show that Uma Patel started mentoring at Oak Primary on 1 September 2024. "
       "Enter a start date after 2 September 2024."},
      {"other school start + 2",
       {"3", "9", "2024"},
       false,
       "",
       MentorStep::kLeadProvider},  // LP 10 has no 2024 row: the start's period decides
      {"not elsewhere: far future allowed while enabled",
       {"1", "1", "2027"},
       false,
       "",
       MentorStep::kLeadProvider},  // LP 10 is not active in 2026
      {"elsewhere: today + 4 months", {"23", "3", "2026"}, true, "", MentorStep::kProgrammeChoices},
      {"elsewhere: beyond 4 months",
       {"24", "3", "2026"},
       true,
       "Start date must be before 24 March 2026. You cannot register the mentor this far in "
       "advance."},
      {"future in a non-enabled year",
       {"1", "9", "2027"},
       true,
       "",
       MentorStep::kCannotRegisterMentorYet},
      {"future with no period",
       {"1", "9", "2030"},
       false,
       "",
       MentorStep::kCannotRegisterMentorYet},
  };
  const MentorContext context = Context();
  for (const StartedOnCase& c : cases) {
    MentorRecordFacts facts;
    facts.mentored_before = true;
    facts.open_mentor_period_elsewhere = c.elsewhere;
    facts.other_school_name = "Oak Primary";
    facts.other_school_started_on = CivilDay(2024, 9, 1);
    MentorAnswers answers = ToEmail(facts);
    FieldErrors errors = StartedOnStep::Submit({c.input}, context, &answers);
    if (c.error.empty()) {
      EXPECT_TRUE(errors.empty()) << c.name << ": " << (errors.empty() ? "" : errors[0].message);
      EXPECT_EQ(MentorStepSlug(*NextMentorStep(MentorStep::kStartedOn, answers, context)),
                MentorStepSlug(c.next))
          << c.name;
    } else {
      EXPECT_EQ(errors, (FieldErrors{{"started_on", c.error}})) << c.name;
    }
  }
}

struct AfterStartCase {
  const char* name;
  MentorRecordFacts facts;
  std::optional<TrainingProgramme> ect_programme;
  std::optional<std::string> ect_lead_provider;
  MentorStep next;
};

TEST(StartedOnStep, NextFollowsEligibilityAndEarlierTraining) {
  MentorRecordFacts base;
  base.mentored_before = true;
  MentorRecordFacts trained = base;
  trained.had_mentor_training = true;
  MentorRecordFacts ineligible = base;
  ineligible.ineligibility_reason = MentorIneligibilityReason::kStartedNotCompleted;
  const AfterStartCase cases[] = {
      {"ineligible", ineligible, TrainingProgramme::kProviderLed, "10", MentorStep::kCheckAnswers},
      {"school-led ECT", base, TrainingProgramme::kSchoolLed, std::nullopt,
       MentorStep::kCheckAnswers},
      {"no earlier training", base, TrainingProgramme::kProviderLed, "10",
       MentorStep::kProgrammeChoices},
      {"earlier training", trained, TrainingProgramme::kProviderLed, "10",
       MentorStep::kPreviousTrainingPeriodDetails},
  };
  for (const AfterStartCase& c : cases) {
    MentorContext context = Context();
    context.ect_training_programme = c.ect_programme;
    context.ect_lead_provider_id = c.ect_lead_provider;
    MentorAnswers answers = ToEmail(c.facts);
    answers.started_on = kToday;
    EXPECT_EQ(MentorStepSlug(*NextMentorStep(MentorStep::kStartedOn, answers, context)),
              MentorStepSlug(c.next))
        << c.name;
  }
  MentorContext context = Context();
  MentorAnswers answers = ToEmail(trained);
  answers.started_on = kToday;
  EXPECT_EQ(NextMentorStep(MentorStep::kPreviousTrainingPeriodDetails, answers, context),
            MentorStep::kProgrammeChoices);
  context.ect_lead_provider_id = "12";  // inactive in 2025
  EXPECT_EQ(NextMentorStep(MentorStep::kPreviousTrainingPeriodDetails, answers, context),
            MentorStep::kLeadProvider);
}

TEST(ProgrammeChoicesStep, YesUsesTheEctsLeadProviderNoAsks) {
  const MentorContext context = Context();
  MentorRecordFacts facts;
  facts.mentored_before = true;
  MentorAnswers answers = ToEmail(facts);
  answers.started_on = kToday;
  EXPECT_EQ(ProgrammeChoicesStep::Submit({""}, context, &answers),
            (FieldErrors{{"use_same_programme_choices",
                          "Select 'Yes' or 'No' to confirm whether you want to use the same "
                          "programme choices for Uma Patel’s mentor training"}}));
  ASSERT_TRUE(ProgrammeChoicesStep::Submit({"yes"}, context, &answers).empty());
  EXPECT_EQ(answers.lead_provider_id, "10");
  EXPECT_EQ(Furthest(answers, context), MentorStep::kCheckAnswers);
  ASSERT_TRUE(ProgrammeChoicesStep::Submit({"no"}, context, &answers).empty());
  EXPECT_EQ(Furthest(answers, context), MentorStep::kLeadProvider);

  EXPECT_EQ(MentorLeadProviderStep::Submit({""}, context, &answers),
            (FieldErrors{{"lead_provider_id", "Select a lead provider to contact your school"}}));
  EXPECT_EQ(MentorLeadProviderStep::Submit({"12"}, context, &answers),
            (FieldErrors{{"lead_provider_id", "Enter the name of a known lead provider"}}));
  ASSERT_TRUE(MentorLeadProviderStep::Submit({"11"}, context, &answers).empty());
  EXPECT_EQ(Furthest(answers, context), MentorStep::kCheckAnswers);
  MentorSavePlan plan = PlanMentorSave(answers, context);
  EXPECT_EQ(plan.training_lead_provider_id, "11");
  EXPECT_EQ(plan.started_on, kToday);
}

TEST(MentorLeadProviderOptions, PeriodOfTheStartDateElseToday) {
  const MentorContext context = Context();
  MentorAnswers answers = ToEmail();
  EXPECT_EQ(MentorLeadProviderYear(answers, context), 2025);
  EXPECT_EQ(MentorLeadProviderOptions(answers, context).size(), 2u);
  answers.started_on = CivilDay(2026, 9, 1);
  EXPECT_EQ(MentorLeadProviderYear(answers, context), 2026);
  ASSERT_EQ(MentorLeadProviderOptions(answers, context).size(), 1u);
  answers.started_on = CivilDay(2031, 9, 1);
  EXPECT_FALSE(MentorLeadProviderYear(answers, context).has_value());
  EXPECT_TRUE(MentorLeadProviderOptions(answers, context).empty());
}

TEST(PlanMentorSave, OnlyHereEndsOtherPeriodsAndIneligibleGetNoTraining) {
  const MentorContext context = Context();
  MentorRecordFacts facts;
  facts.open_mentor_period_elsewhere = true;
  MentorAnswers answers = ToEmail(facts);
  answers.mentoring_at_new_school_only = true;
  answers.started_on = CivilDay(2026, 1, 5);
  answers.lead_provider_id = "10";
  MentorSavePlan plan = PlanMentorSave(answers, context);
  EXPECT_TRUE(plan.end_other_mentor_periods);
  EXPECT_EQ(plan.started_on, CivilDay(2026, 1, 5));
  EXPECT_EQ(plan.training_lead_provider_id, "10");
  answers.facts.ineligibility_reason = MentorIneligibilityReason::kCompletedDeclarationReceived;
  plan = PlanMentorSave(answers, context);
  EXPECT_FALSE(plan.eligible_for_funding);
  EXPECT_FALSE(plan.training_lead_provider_id.has_value());
}

TEST(AllowedMentorSteps, EmptyStoreSavedAndLinks) {
  const MentorContext context = Context();
  MentorAnswers empty;
  EXPECT_EQ(AllowedMentorSteps(empty, context), (std::vector<MentorStep>{MentorStep::kFindMentor}));
  EXPECT_EQ(ResolveMentorStep(MentorStep::kCheckAnswers, empty, context), MentorStep::kFindMentor);
  EXPECT_EQ(ResolveMentorStep(MentorStep::kNoTrn, empty, context), MentorStep::kNoTrn);
  EXPECT_EQ(ResolveMentorStep(MentorStep::kLeadProvider, empty, context), MentorStep::kFindMentor);
  EXPECT_EQ(CheckMentorAnswersComplete(empty, context).code(),
            absl::StatusCode::kFailedPrecondition);
  MentorContext school_led = context;
  school_led.ect_training_programme = TrainingProgramme::kSchoolLed;
  MentorAnswers answers = ToEmail();
  ASSERT_TRUE(CheckMentorAnswersComplete(answers, school_led).ok());
  answers.saved = true;
  EXPECT_EQ(AllowedMentorSteps(answers, school_led),
            (std::vector<MentorStep>{MentorStep::kConfirmation}));
  EXPECT_EQ(ResolveMentorStep(MentorStep::kNoTrn, answers, school_led), MentorStep::kConfirmation);
}

}  // namespace
}  // namespace rect::registration::wizard
