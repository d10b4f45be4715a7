#include "services/registration/wizard/register_ect.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rect::registration::wizard {
namespace {

using absl::CivilDay;

constexpr CivilDay kToday(2025, 11, 23);

EctContext Context() {
  EctContext context;
  context.today = kToday;
  context.contract_periods = {DefaultContractPeriod(2022, false, true),
                              DefaultContractPeriod(2023, true), DefaultContractPeriod(2024, true),
                              DefaultContractPeriod(2025, true, false, true),
                              DefaultContractPeriod(2026, false, false, true)};
  context.appropriate_bodies = {
      {"1", "Alpha Teaching School Hub", AppropriateBodyType::kTeachingSchoolHub, true},
      {"2", std::string(kIstipName), AppropriateBodyType::kNational, true},
      {"3", "Educational Success Partners (ESP)", AppropriateBodyType::kNational, true},
      {"4", "Old County Council", AppropriateBodyType::kLocalAuthority, true},
      {"5", "Closed Hub", AppropriateBodyType::kTeachingSchoolHub, false},
  };
  context.lead_providers = {{"10", "Ambition Institute"}, {"11", "Teach First"}};
  context.last_choices = {"1", TrainingProgramme::kProviderLed, "10"};
  return context;
}

TrsTeacher Teacher(InductionStatus status = InductionStatus::kInProgress, bool prohibited = false) {
  return TrsTeacher{"7000013", "Jamal", "Price", status, prohibited, true};
}

// Answers with the identity found and every question up to working pattern answered.
EctAnswers AnsweredToWorkingPattern() {
  EctAnswers answers;
  FindEctStep::Record("7000013", TrsLookup::kFound, Teacher(), {}, &answers);
  answers.name_check = NameCheck::kCorrect;
  EmailAddressStep::Record("jamal@example.com", false, &answers);
  answers.start_date = CivilDay(2025, 9, 1);
  answers.working_pattern = WorkingPattern::kFullTime;
  return answers;
}

EctStep Furthest(const EctAnswers& answers, const EctContext& context) {
  return AllowedEctSteps(answers, context).back();
}

std::string Messages(const FieldErrors& errors) {
  std::string out;
  for (const FieldError& e : errors) out += e.field + ": " + e.message + "\n";
  return out;
}

TEST(EctStepSlug, RoundTripsEverySlug) {
  for (int i = 0; i <= static_cast<int>(EctStep::kConfirmation); ++i) {
    const EctStep step = static_cast<EctStep>(i);
    ASSERT_FALSE(EctStepSlug(step).empty()) << i;
    EXPECT_EQ(ParseEctStep(EctStepSlug(step)), step);
  }
  EXPECT_EQ(EctStepSlug(EctStep::kFindEct), "find-ect");
  EXPECT_FALSE(ParseEctStep("nope").has_value());
}

struct FindCase {
  FindEctStep::Form form;
  FieldErrors errors;
};

TEST(FindEctStep, ValidatesTrnAndDateOfBirthTogether) {
  const FindCase cases[] = {
      {{"RP 7000013", {"15", "4", "1990"}}, {}},
      {{"", {"", "", ""}},
       {{"trn", "Enter the teacher reference number (TRN)"},
        {"date_of_birth", "Enter a date of birth"}}},
      {{"1234", {"15", "4", "1990"}},
       {{"trn", "Teacher reference number must include at least 5 digits"}}},
      {{"12345678", {"15", "4", "1990"}},
       {{"trn", "Teacher reference number cannot include more than 7 digits"}}},
      {{"7000013", {"31", "2", "1990"}},
       {{"date_of_birth",
         "Enter the date of birth in the correct format, for example 12 03 1998"}}},
      {{"7000013", {"1", "1", "1900"}},
       {{"date_of_birth", "The teacher cannot be more than 100 years old"}}},
      {{"7000013", {"1", "1", "2010"}},
       {{"date_of_birth", "The teacher cannot be less than 18 years old"}}},
  };
  for (const FindCase& c : cases) {
    FindEctStep::Lookup lookup;
    EXPECT_EQ(FindEctStep::Validate(c.form, kToday, &lookup), c.errors) << c.form.trn;
    if (c.errors.empty()) {
      EXPECT_EQ(lookup.trn, "7000013");
      EXPECT_EQ(lookup.date_of_birth, CivilDay(1990, 4, 15));
    }
  }
}

struct BranchCase {
  const char* name;
  TrsLookup lookup;
  std::optional<TrsLookup> nino_lookup;
  TrsTeacher teacher;
  EctRecordFacts facts;
  EctStep furthest;
};

TEST(FindEctStep, OutcomesFirstMatchWins) {
  const EctContext context = Context();
  const EctRecordFacts here{true, true};
  const TrsTeacher no_qts{"7000001", "Amara", "Okafor", InductionStatus::kInProgress, false, false};
  const BranchCase cases[] = {
      {"404", TrsLookup::kNotFound, std::nullopt, {}, {}, EctStep::kTrnNotFound},
      {"410", TrsLookup::kDeactivated, std::nullopt, {}, {}, EctStep::kTrnNotFound},
      {"308", TrsLookup::kMerged, std::nullopt, {}, {}, EctStep::kTrnNotFound},
      {"dob mismatch",
       TrsLookup::kDateOfBirthMismatch,
       std::nullopt,
       Teacher(),
       {},
       EctStep::kNationalInsuranceNumber},
      {"nino no match",
       TrsLookup::kDateOfBirthMismatch,
       TrsLookup::kNotFound,
       Teacher(),
       {},
       EctStep::kNotFound},
      {"nino match continues",
       TrsLookup::kDateOfBirthMismatch,
       TrsLookup::kFound,
       Teacher(),
       {},
       EctStep::kReviewEctDetails},
      {"nino match, passed",
       TrsLookup::kDateOfBirthMismatch,
       TrsLookup::kFound,
       Teacher(InductionStatus::kPassed),
       {},
       EctStep::kInductionCompleted},
      {"open here beats passed", TrsLookup::kFound, std::nullopt, Teacher(InductionStatus::kPassed),
       here, EctStep::kAlreadyActiveAtSchool},
      {"passed",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kPassed),
       {},
       EctStep::kInductionCompleted},
      {"exempt",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kExempt),
       {},
       EctStep::kInductionExempt},
      {"failed",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kFailed),
       {},
       EctStep::kInductionFailed},
      {"failed in Wales",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kFailedInWales),
       {},
       EctStep::kInductionFailed},
      {"passed beats prohibited",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kPassed, true),
       {},
       EctStep::kInductionCompleted},
      {"prohibited",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kInProgress, true),
       {},
       EctStep::kCannotRegisterEct},
      {"no QTS is fine", TrsLookup::kFound, std::nullopt, no_qts, {}, EctStep::kReviewEctDetails},
      {"None is eligible",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kNone),
       {},
       EctStep::kReviewEctDetails},
      {"required to complete",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(InductionStatus::kRequiredToComplete),
       {},
       EctStep::kReviewEctDetails},
      {"left this school, registered before",
       TrsLookup::kFound,
       std::nullopt,
       Teacher(),
       {false, true},
       EctStep::kReviewEctDetails},
  };
  for (const BranchCase& c : cases) {
    EctAnswers answers;
    FindEctStep::Record("7000013", c.lookup,
                        c.lookup == TrsLookup::kFound ? c.teacher : TrsTeacher{},
                        c.lookup == TrsLookup::kFound ? c.facts : EctRecordFacts{}, &answers);
    if (c.nino_lookup) {
      NationalInsuranceNumberStep::Record(*c.nino_lookup, c.teacher, c.facts, &answers);
    }
    EXPECT_EQ(EctStepSlug(Furthest(answers, context)), EctStepSlug(c.furthest)) << c.name;
  }
}

TEST(FindEctStep, RecordDiscardsEarlierAnswers) {
  EctAnswers answers = AnsweredToWorkingPattern();
  answers.saved = true;
  FindEctStep::Record("7000014", TrsLookup::kFound, Teacher(), {}, &answers);
  EXPECT_EQ(answers.trn, "7000014");
  EXPECT_TRUE(answers.email.empty());
  EXPECT_FALSE(answers.start_date.has_value());
  EXPECT_FALSE(answers.saved);
}

TEST(NationalInsuranceNumberStep, NormalisesAndValidates) {
  std::string nino;
  EXPECT_TRUE(NationalInsuranceNumberStep::Validate({"ab 10 00 14 a"}, &nino).empty());
  EXPECT_EQ(nino, "AB100014A");
  EXPECT_EQ(NationalInsuranceNumberStep::Validate({""}, &nino),
            (FieldErrors{{"national_insurance_number", "Enter a National Insurance Number"}}));
  EXPECT_EQ(NationalInsuranceNumberStep::Validate({"QQ123456D"}, &nino),
            (FieldErrors{{"national_insurance_number",
                          "Enter a National Insurance Number in the correct format"}}));
}

struct ReviewCase {
  ReviewEctDetailsStep::Form form;
  FieldErrors errors;
  std::string name;  // displayed afterwards
};

TEST(ReviewEctDetailsStep, NameCheckEnumAndCorrectedName) {
  const ReviewCase cases[] = {
      {{"correct", "ignored"}, {}, "Jamal Price"},
      {{"corrected", " Jamie Price "}, {}, "Jamie Price"},
      {{"corrected", std::string(70, 'x')}, {}, std::string(70, 'x')},
      {{"", ""},
       {{"name_check", "Select 'Yes' or 'No' to confirm whether the details are correct"}},
       "Jamal Price"},
      {{"yes", ""},
       {{"name_check", "Select 'Yes' or 'No' to confirm whether the details are correct"}},
       "Jamal Price"},
      {{"corrected", "  "}, {{"corrected_name", "Enter the correct full name"}}, "Jamal Price"},
      {{"corrected", std::string(71, 'x')},
       {{"corrected_name", "Corrected name must be 70 characters or less"}},
       "Jamal Price"},
  };
  for (const ReviewCase& c : cases) {
    EctAnswers answers;
    FindEctStep::Record("7000013", TrsLookup::kFound, Teacher(), {}, &answers);
    EXPECT_EQ(ReviewEctDetailsStep::Submit(c.form, &answers), c.errors) << c.form.name_check;
    EXPECT_EQ(answers.Name(), c.name);
    EXPECT_EQ(answers.teacher.first_name, "Jamal");  // TRS name kept
  }
}

TEST(ReviewEctDetailsStep, NextIsRegisteredBeforeOnlyWithAnEarlierPeriod) {
  const EctContext context = Context();
  EctAnswers answers;
  FindEctStep::Record("7000013", TrsLookup::kFound, Teacher(), {}, &answers);
  ASSERT_TRUE(ReviewEctDetailsStep::Submit({"correct", ""}, &answers).empty());
  EXPECT_EQ(NextEctStep(EctStep::kReviewEctDetails, answers, context), EctStep::kEmailAddress);
  answers.facts.has_earlier_ect_period = true;
  EXPECT_EQ(NextEctStep(EctStep::kReviewEctDetails, answers, context), EctStep::kRegisteredBefore);
  EXPECT_EQ(NextEctStep(EctStep::kRegisteredBefore, answers, context), EctStep::kEmailAddress);
}

TEST(EmailAddressStep, FormatThenUniqueness) {
  const EctContext context = Context();
  std::string email;
  EXPECT_EQ(EmailAddressStep::Validate({""}, &email),
            (FieldErrors{{"email", "Enter the email address"}}));
  EXPECT_EQ(EmailAddressStep::Validate({"nope"}, &email),
            (FieldErrors{
                {"email", "Enter an email address in the correct format, like name@example.com"}}));
  ASSERT_TRUE(EmailAddressStep::Validate({" rosa.clarke@example.org "}, &email).empty());
  EXPECT_EQ(email, "rosa.clarke@example.org");
  EctAnswers answers;
  EmailAddressStep::Record(email, true, &answers);
  EXPECT_EQ(NextEctStep(EctStep::kEmailAddress, answers, context), EctStep::kCantUseEmail);
  EXPECT_EQ(NextEctStep(EctStep::kCantUseEmail, answers, context), std::nullopt);
  EmailAddressStep::Record(email, false, &answers);
  EXPECT_EQ(NextEctStep(EctStep::kEmailAddress, answers, context), EctStep::kStartDate);
}

struct StartCase {
  const char* name;
  DateInput input;
  std::optional<PreviousEctPeriod> previous;
  std::string error;  // empty when accepted
  EctStep next;       // when accepted
};

TEST(StartDateStep, Rules) {
  const PreviousEctPeriod open_elsewhere{"Oak Primary", CivilDay(2025, 9, 1), std::nullopt,
                                         CivilDay(2025, 10, 6)};
  const PreviousEctPeriod closed_elsewhere{"Oak Primary", CivilDay(2024, 9, 2),
                                           CivilDay(2025, 7, 20), CivilDay(2024, 9, 10)};
  const StartCase cases[] = {
      {"missing",
       {"", "", ""},
       std::nullopt,
       "Enter the date the ECT started or will start teaching at your school"},
      {"bad format",
       {"31", "9", "2025"},
       std::nullopt,
       "Enter the start date using the correct format, for example, 17 09 1999"},
      {"before the period two before",
       {"31", "5", "2023"},
       std::nullopt,
       "Start date cannot be this far in the past. Enter a date later than 1 June 2023."},
      {"first day of the period two before",
       {"1", "6", "2023"},
       std::nullopt,
       "",
       EctStep::kWorkingPattern},
      {"today", {"23", "11", "2025"}, std::nullopt, "", EctStep::kWorkingPattern},
      {"far future, no previous period: only enabled limits",
       {"31", "5", "2026"},
       std::nullopt,
       "",
       EctStep::kWorkingPattern},
      {"future in a non-enabled year",
       {"1", "9", "2026"},
       std::nullopt,
       "",
       EctStep::kCannotRegisterEctYet},
      {"future with no period",
       {"1", "9", "2030"},
       std::nullopt,
       "",
       EctStep::kCannotRegisterEctYet},
      {"same day as previous start",
       {"1", "9", "2025"},
       open_elsewhere,
       "Our records show that Jamal Price started teaching at Oak Primary on 1 September 2025. "
       "Enter a start date after 2 September 2025."},
      {"previous start + 1",
       {"2", "9", "2025"},
       open_elsewhere,
       "Our records show that Jamal Price started teaching at Oak Primary on 1 September 2025. "
       "Enter a start date after 2 September 2025."},
      {"before previous training + 2",
       {"7", "10", "2025"},
       open_elsewhere,
       "Our records show that Jamal Price started their latest training at Oak Primary on 6 "
       "October 2025. Enter a start date after 7 October 2025."},
      {"previous training + 2", {"8", "10", "2025"}, open_elsewhere, "", EctStep::kWorkingPattern},
      {"open elsewhere: today + 4 months",
       {"23", "3", "2026"},
       open_elsewhere,
       "",
       EctStep::kWorkingPattern},
      {"open elsewhere: beyond 4 months",
       {"24", "3", "2026"},
       open_elsewhere,
       "Start date must be before 24 March 2026. You cannot register the ECT this far in "
       "advance."},
      {"open elsewhere, beyond 4 months in a non-enabled year",
       {"1", "9", "2026"},
       open_elsewhere,
       "",
       EctStep::kCannotRegisterEctYet},
      {"closed elsewhere: no 4-month limit",
       {"24", "3", "2026"},
       closed_elsewhere,
       "",
       EctStep::kWorkingPattern},
  };
  const EctContext base = Context();
  for (const StartCase& c : cases) {
    EctContext context = base;
    context.previous_ect_period = c.previous;
    EctAnswers answers;
    FindEctStep::Record("7000013", TrsLookup::kFound, Teacher(), {}, &answers);
    FieldErrors errors = StartDateStep::Submit({c.input}, context, &answers);
    if (c.error.empty()) {
      EXPECT_TRUE(errors.empty()) << c.name << "\n" << Messages(errors);
      EXPECT_EQ(NextEctStep(EctStep::kStartDate, answers, context), c.next) << c.name;
    } else {
      EXPECT_EQ(errors, (FieldErrors{{"start_date", c.error}})) << c.name;
      EXPECT_FALSE(answers.start_date.has_value()) << c.name;
    }
  }
}

TEST(StartDateStep, RegistrationPeriodOfTheAnswers) {
  EctAnswers answers = AnsweredToWorkingPattern();
  answers.start_date = CivilDay(2024, 1, 10);
  absl::StatusOr<RegistrationPeriod> period = EctAnswersRegistrationPeriod(answers, Context());
  ASSERT_TRUE(period.ok());
  EXPECT_EQ(period->year, 2025);
  answers.start_date.reset();
  EXPECT_FALSE(EctAnswersRegistrationPeriod(answers, Context()).ok());
}

TEST(WorkingPatternStep, FullOrPartTime) {
  const std::string message = "Select if the ECT's working pattern is full or part time";
  for (const char* bad : {"", "flexible"}) {
    EctAnswers answers;
    EXPECT_EQ(WorkingPatternStep::Submit({bad}, &answers),
              (FieldErrors{{"working_pattern", message}}));
  }
  EctAnswers answers;
  EXPECT_TRUE(WorkingPatternStep::Submit({"part_time"}, &answers).empty());
  EXPECT_EQ(answers.working_pattern, WorkingPattern::kPartTime);
}

struct AfterPatternCase {
  const char* name;
  bool offered;
  bool independent;
  EctStep next;
};

TEST(WorkingPatternStep, NextIsReuseQuestionOrTheRightAppropriateBodyStep) {
  const AfterPatternCase cases[] = {
      {"offered", true, false, EctStep::kUsePreviousEctChoices},
      {"offered, independent", true, true, EctStep::kUsePreviousEctChoices},
      {"state", false, false, EctStep::kStateSchoolAppropriateBody},
      {"independent", false, true, EctStep::kIndependentSchoolAppropriateBody},
  };
  for (const AfterPatternCase& c : cases) {
    EctContext context = Context();
    context.previous_choices_offered = c.offered;
    context.independent_school = c.independent;
    EXPECT_EQ(NextEctStep(EctStep::kWorkingPattern, AnsweredToWorkingPattern(), context), c.next)
        << c.name;
  }
}

TEST(UsePreviousEctChoicesStep, YesCopiesAndGoesToCheckAnswersNoAsksAgain) {
  EctContext context = Context();
  context.previous_choices_offered = true;
  EctAnswers answers = AnsweredToWorkingPattern();
  EXPECT_EQ(UsePreviousEctChoicesStep::Submit({""}, context, &answers),
            (FieldErrors{{"use_previous_choices",
                          "Select 'Yes' or 'No' to confirm whether to use the programme choices "
                          "used by your school previously"}}));
  EXPECT_EQ(Furthest(answers, context), EctStep::kUsePreviousEctChoices);

  ASSERT_TRUE(UsePreviousEctChoicesStep::Submit({"yes"}, context, &answers).empty());
  EXPECT_EQ(answers.appropriate_body_id, "1");
  EXPECT_EQ(answers.training_programme, TrainingProgramme::kProviderLed);
  EXPECT_EQ(answers.lead_provider_id, "10");
  EXPECT_EQ(Furthest(answers, context), EctStep::kCheckAnswers);
  EXPECT_TRUE(CheckEctAnswersComplete(answers, context).ok());

  // Changing reused choices = answering No: AB, programme and LP are asked again.
  ASSERT_TRUE(UsePreviousEctChoicesStep::Submit({"no"}, context, &answers).empty());
  EXPECT_FALSE(answers.appropriate_body_id.has_value());
  EXPECT_FALSE(answers.training_programme.has_value());
  EXPECT_FALSE(answers.lead_provider_id.has_value());
  EXPECT_EQ(Furthest(answers, context), EctStep::kStateSchoolAppropriateBody);

  // A school-led last choice copies no LP.
  context.last_choices = {"1", TrainingProgramme::kSchoolLed, std::nullopt};
  ASSERT_TRUE(UsePreviousEctChoicesStep::Submit({"yes"}, context, &answers).empty());
  EXPECT_FALSE(answers.lead_provider_id.has_value());
}

struct AbCase {
  const char* name;
  std::string id;
  std::string error;  // empty = accepted
};

TEST(StateSchoolAppropriateBodyStep, OnlyActiveTeachingSchoolHubs) {
  const AbCase cases[] = {
      {"hub", "1", ""},
      {"none", "", "Select the appropriate body which will be supporting the ECT's induction"},
      {"local authority", "4",
       "Select a valid appropriate body which will be supporting the ECT's induction"},
      {"unknown", "99",
       "Select a valid appropriate body which will be supporting the ECT's induction"},
      {"inactive hub", "5",
       "Select a valid appropriate body which will be supporting the ECT's induction"},
      {"national, not a hub", "2",
       "Select a teaching school hub appropriate body which will be supporting the ECT's "
       "induction"},
  };
  const EctContext context = Context();
  for (const AbCase& c : cases) {
    EctAnswers answers;
    FieldErrors errors = StateSchoolAppropriateBodyStep::Submit({c.id}, context, &answers);
    if (c.error.empty()) {
      EXPECT_TRUE(errors.empty()) << c.name;
      EXPECT_EQ(answers.appropriate_body_id, "1");
      EXPECT_EQ(NextEctStep(EctStep::kStateSchoolAppropriateBody, answers, context),
                EctStep::kTrainingProgramme);
    } else {
      EXPECT_EQ(errors, (FieldErrors{{"appropriate_body_id", c.error}})) << c.name;
    }
  }
}

struct IndependentAbCase {
  const char* name;
  IndependentSchoolAppropriateBodyStep::Form form;
  FieldErrors errors;
  std::optional<std::string> chosen;
};

TEST(IndependentSchoolAppropriateBodyStep, IstipOrAHub) {
  const std::string none =
      "Select the appropriate body which will be supporting the ECT's induction";
  const std::string invalid =
      "Select a valid appropriate body which will be supporting the ECT's induction";
  const IndependentAbCase cases[] = {
      {"ISTIP", {"istip", ""}, {}, "2"},
      {"hub", {"teaching_school_hub", "1"}, {}, "1"},
      {"nothing", {"", ""}, {{"choice", none}}, std::nullopt},
      {"hub, none picked",
       {"teaching_school_hub", ""},
       {{"appropriate_body_id", none}},
       std::nullopt},
      {"hub, local authority",
       {"teaching_school_hub", "4"},
       {{"appropriate_body_id", invalid}},
       std::nullopt},
      {"hub picker given ESP",
       {"teaching_school_hub", "3"},
       {{"appropriate_body_id",
         "Select a teaching school hub appropriate body which will be supporting the ECT's "
         "induction"}},
       std::nullopt},
      {"unknown choice", {"esp", ""}, {{"choice", invalid}}, std::nullopt},
  };
  const EctContext context = Context();
  for (const IndependentAbCase& c : cases) {
    EctAnswers answers;
    EXPECT_EQ(IndependentSchoolAppropriateBodyStep::Submit(c.form, context, &answers), c.errors)
        << c.name;
    EXPECT_EQ(answers.appropriate_body_id, c.chosen) << c.name;
  }
}

TEST(TrainingProgrammeStep, ValuesMessagesAndNext) {
  const EctContext context = Context();
  EctAnswers answers;
  EXPECT_EQ(TrainingProgrammeStep::Submit({""}, &answers),
            (FieldErrors{
                {"training_programme", "Select either 'Provider-led' or 'School-led' training"}}));
  EXPECT_EQ(
      TrainingProgrammeStep::Submit({"core_induction"}, &answers),
      (FieldErrors{{"training_programme", "'core_induction' is not a valid training programme"}}));
  ASSERT_TRUE(TrainingProgrammeStep::Submit({"provider_led"}, &answers).empty());
  EXPECT_EQ(NextEctStep(EctStep::kTrainingProgramme, answers, context), EctStep::kLeadProvider);
  answers.lead_provider_id = "10";
  ASSERT_TRUE(TrainingProgrammeStep::Submit({"school_led"}, &answers).empty());
  EXPECT_FALSE(answers.lead_provider_id.has_value());
  EXPECT_EQ(NextEctStep(EctStep::kTrainingProgramme, answers, context), EctStep::kCheckAnswers);
}

TEST(LeadProviderStep, OnlyProvidersActiveInTheRegistrationPeriod) {
  const EctContext context = Context();
  EctAnswers answers;
  EXPECT_EQ(
      LeadProviderStep::Submit({""}, context, &answers),
      (FieldErrors{{"lead_provider_id", "Select which lead provider will be training the ECT"}}));
  for (const char* unknown : {"12", "x"}) {
    EXPECT_EQ(LeadProviderStep::Submit({unknown}, context, &answers),
              (FieldErrors{{"lead_provider_id", "Enter the name of a known lead provider"}}));
  }
  ASSERT_TRUE(LeadProviderStep::Submit({"11"}, context, &answers).empty());
  EXPECT_EQ(answers.lead_provider_id, "11");
  EXPECT_EQ(NextEctStep(EctStep::kLeadProvider, answers, context), EctStep::kCheckAnswers);
}

TEST(AllowedEctSteps, EmptyStoreOnlyReachesFindEctAndCheckAnswersIsRejected) {
  const EctContext context = Context();
  const EctAnswers empty;
  EXPECT_EQ(AllowedEctSteps(empty, context),
            (std::vector<EctStep>{EctStep::kWhatYouWillNeed, EctStep::kFindEct}));
  EXPECT_EQ(ResolveEctStep(EctStep::kCheckAnswers, empty, context), EctStep::kFindEct);
  EXPECT_EQ(ResolveEctStep(EctStep::kWhatYouWillNeed, empty, context), EctStep::kWhatYouWillNeed);
  EXPECT_EQ(CheckEctAnswersComplete(empty, context).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(AllowedEctSteps, FullProviderLedPathAndRedirects) {
  const EctContext context = Context();
  EctAnswers answers = AnsweredToWorkingPattern();
  answers.facts.has_earlier_ect_period = true;
  EXPECT_EQ(ResolveEctStep(EctStep::kLeadProvider, answers, context),
            EctStep::kStateSchoolAppropriateBody);
  answers.appropriate_body_id = "1";
  answers.training_programme = TrainingProgramme::kProviderLed;
  EXPECT_EQ(ResolveEctStep(EctStep::kCheckAnswers, answers, context), EctStep::kLeadProvider);
  answers.lead_provider_id = "10";
  EXPECT_EQ(AllowedEctSteps(answers, context),
            (std::vector<EctStep>{
                EctStep::kWhatYouWillNeed, EctStep::kFindEct, EctStep::kReviewEctDetails,
                EctStep::kRegisteredBefore, EctStep::kEmailAddress, EctStep::kStartDate,
                EctStep::kWorkingPattern, EctStep::kStateSchoolAppropriateBody,
                EctStep::kTrainingProgramme, EctStep::kLeadProvider, EctStep::kCheckAnswers}));
  EXPECT_TRUE(CheckEctAnswersComplete(answers, context).ok());
  // Branch pages off the path are not allowed.
  EXPECT_EQ(ResolveEctStep(EctStep::kCantUseEmail, answers, context), EctStep::kCheckAnswers);
  EXPECT_EQ(ResolveEctStep(EctStep::kUsePreviousEctChoices, answers, context),
            EctStep::kCheckAnswers);
  EXPECT_EQ(ResolveEctStep(EctStep::kConfirmation, answers, context), EctStep::kCheckAnswers);

  // Switching to provider-led from school-led forces an LP.
  answers.training_programme = TrainingProgramme::kSchoolLed;
  answers.lead_provider_id.reset();
  EXPECT_EQ(Furthest(answers, context), EctStep::kCheckAnswers);
  ASSERT_TRUE(TrainingProgrammeStep::Submit({"provider_led"}, &answers).empty());
  EXPECT_EQ(Furthest(answers, context), EctStep::kLeadProvider);
  EXPECT_FALSE(CheckEctAnswersComplete(answers, context).ok());
}

TEST(AllowedEctSteps, AfterSavingOnlyConfirmation) {
  const EctContext context = Context();
  EctAnswers answers = AnsweredToWorkingPattern();
  answers.appropriate_body_id = "1";
  answers.training_programme = TrainingProgramme::kSchoolLed;
  ASSERT_TRUE(CheckEctAnswersComplete(answers, context).ok());
  answers.saved = true;
  EXPECT_EQ(AllowedEctSteps(answers, context), (std::vector<EctStep>{EctStep::kConfirmation}));
  EXPECT_EQ(ResolveEctStep(EctStep::kCheckAnswers, answers, context), EctStep::kConfirmation);
  EXPECT_EQ(ResolveEctStep(EctStep::kFindEct, answers, context), EctStep::kConfirmation);
  EXPECT_EQ(CheckEctAnswersComplete(answers, context).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AllowedEctSteps, DeadEndsStopThePath) {
  const EctContext context = Context();
  EctAnswers answers = AnsweredToWorkingPattern();
  answers.email_in_use = true;
  EXPECT_EQ(Furthest(answers, context), EctStep::kCantUseEmail);
  answers.email_in_use = false;
  answers.start_date = CivilDay(2026, 9, 1);  // 2026 not enabled
  EXPECT_EQ(Furthest(answers, context), EctStep::kCannotRegisterEctYet);
}

struct StatusCase {
  const char* name;
  EctStatusFacts facts;
  EctStatus status;
  const char* tag;
};

TEST(DeriveEctStatus, AfterSave) {
  const StatusCase cases[] = {
      {"no mentor", {kToday, false}, EctStatus::kMentorRequired, "Action required"},
      {"mentor", {kToday, true}, EctStatus::kRegistered, "Registered"},
      {"passed, no mentor",
       {kToday, false, InductionStatus::kPassed},
       EctStatus::kCompletedInduction,
       "Completed induction"},
      {"failed",
       {kToday, false, InductionStatus::kFailed},
       EctStatus::kFailedInduction,
       "Failed induction"},
      {"failed in Wales",
       {kToday, false, InductionStatus::kFailedInWales},
       EctStatus::kFailedInduction,
       "Failed induction"},
      {"exempt", {kToday, false, InductionStatus::kExempt}, EctStatus::kExempt, "Exempt"},
      {"leaving today",
       {kToday, true, InductionStatus::kInProgress, kToday},
       EctStatus::kLeavingSchool,
       "Leaving school"},
      {"leaving later",
       {kToday, false, InductionStatus::kPassed, kToday + 30},
       EctStatus::kLeavingSchool,
       "Leaving school"},
      {"deferred",
       {kToday, true, InductionStatus::kInProgress, std::nullopt, true},
       EctStatus::kTrainingPaused,
       "Training paused"},
      {"withdrawn",
       {kToday, true, InductionStatus::kInProgress, std::nullopt, false, true},
       EctStatus::kActionRequired,
       "Action required"},
  };
  for (const StatusCase& c : cases) {
    EXPECT_EQ(DeriveEctStatus(c.facts), c.status) << c.name;
    EXPECT_EQ(EctStatusTag(DeriveEctStatus(c.facts)), c.tag) << c.name;
  }
}

TEST(DropChoicesOfAnotherYear, OnlyAChangeOfYearDropsReusedChoicesAndInactiveProviders) {
  const std::vector<LeadProviderOption> lp1_only = {{"lp1", "Northern Teaching Trust"}};
  struct Case {
    std::optional<int> before, now;
    std::optional<bool> reused;
    std::string lead_provider;
    bool choices_kept;
    bool lead_provider_kept;
  };
  const std::vector<Case> cases = {
      {2026, 2026, true, "lp2", true, true},       // same year: nothing changes
      {2025, 2026, true, "lp1", false, false},     // reused choices go, to be asked again
      {2025, 2026, false, "lp1", true, true},      // own choices stay when still active
      {2025, 2026, false, "lp2", true, false},     // a provider not active now goes
      {std::nullopt, 2026, true, "lp2", true, true},  // first answer: nothing to drop
  };
  for (const Case& c : cases) {
    EctAnswers answers;
    answers.use_previous_choices = c.reused;
    answers.appropriate_body_id = "ab";
    answers.training_programme = TrainingProgramme::kProviderLed;
    answers.lead_provider_id = c.lead_provider;
    DropChoicesOfAnotherYear(c.before, c.now, lp1_only, &answers);
    EXPECT_EQ(answers.appropriate_body_id.has_value(), c.choices_kept);
    EXPECT_EQ(answers.training_programme.has_value(), c.choices_kept);
    EXPECT_EQ(answers.use_previous_choices.has_value(), c.choices_kept);
    EXPECT_EQ(answers.lead_provider_id.has_value(), c.lead_provider_kept);
  }
}

}  // namespace
}  // namespace rect::registration::wizard
