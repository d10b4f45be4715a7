// Table tests of the school teacher pages' rules: search, paging, statuses, every change form's
// validation and the training period changes.
#include "services/registration/school_teachers_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace rect::registration {
namespace {

using wizard::AppropriateBodyOption;
using wizard::AppropriateBodyType;
using wizard::FieldErrors;
using wizard::TrainingProgramme;
using wizard::WorkingPattern;

constexpr absl::CivilDay kToday(2026, 9, 15);

std::string Message(const FieldErrors& errors) {
  return errors.empty() ? "" : errors.front().field + ": " + errors.front().message;
}

TEST(ParseTeacherSearch, NamesAndTrns) {
  struct Case {
    std::string text, name_pattern, trn_prefix;
  } cases[] = {
      {"", "", ""},
      {"   ", "", ""},
      {"Jamal", "%Jamal%", ""},
      {"  jamal price ", "%jamal price%", ""},
      {"7000013", "", "7000013"},
      {"70 000", "", "70000"},
      {"12345678", "%12345678%", ""},
      {"50%_a\\", "%50\\%\\_a\\\\%", ""},
      {"O'Neil", "%O'Neil%", ""},
  };
  for (const Case& c : cases) {
    const TeacherSearch search = ParseTeacherSearch(c.text);
    EXPECT_EQ(search.name_pattern, c.name_pattern) << c.text;
    EXPECT_EQ(search.trn_prefix, c.trn_prefix) << c.text;
    EXPECT_EQ(search.everyone(), c.name_pattern.empty() && c.trn_prefix.empty()) << c.text;
  }
}

TEST(PageOfTeachers, ClampsPagesAndSizes) {
  struct Case {
    int matching, page, size;
    int want_page, want_pages, want_limit, want_offset;
  } cases[] = {
      {0, 1, 0, 1, 1, 20, 0},        {20, 1, 0, 1, 1, 20, 0},  {21, 2, 0, 2, 2, 20, 20},
      {21, 9, 0, 2, 2, 20, 20},      {21, 0, 0, 1, 2, 20, 0},  {21, -3, 0, 1, 2, 20, 0},
      {5, 2, 2, 2, 3, 2, 2},         {5, 1, 101, 1, 1, 20, 0}, {5, 1, -1, 1, 1, 20, 0},
      {250, 3, 100, 3, 3, 100, 200},
  };
  for (const Case& c : cases) {
    const TeacherPage page = PageOfTeachers(c.matching, c.page, c.size);
    EXPECT_EQ(page.page, c.want_page) << c.matching << "/" << c.page << "/" << c.size;
    EXPECT_EQ(page.pages, c.want_pages) << c.matching << "/" << c.page << "/" << c.size;
    EXPECT_EQ(page.limit, c.want_limit) << c.matching << "/" << c.page << "/" << c.size;
    EXPECT_EQ(page.offset, c.want_offset) << c.matching << "/" << c.page << "/" << c.size;
  }
}

TEST(MentorStatusTag, LeavingOnceAnEndIsReported) {
  EXPECT_EQ(MentorStatusTag(std::nullopt, kToday), "Registered");
  EXPECT_EQ(MentorStatusTag(kToday, kToday), "Leaving school");
  EXPECT_EQ(MentorStatusTag(kToday + 30, kToday), "Leaving school");
  EXPECT_EQ(MentorStatusTag(kToday - 1, kToday), "Registered");
}

TEST(TrainingStatus, FromTheLatestPeriod) {
  const absl::CivilDay start(2025, 9, 1);
  struct Case {
    std::optional<TrainingPeriodFacts> latest;
    std::string want;
  } cases[] = {
      {std::nullopt, ""},
      {TrainingPeriodFacts{start, std::nullopt, false, false}, "active"},
      {TrainingPeriodFacts{start, kToday, false, false}, "active"},
      {TrainingPeriodFacts{start, kToday - 1, false, false}, ""},
      {TrainingPeriodFacts{start, kToday - 10, true, false}, "withdrawn"},
      {TrainingPeriodFacts{start, kToday - 10, false, true}, "deferred"},
      {TrainingPeriodFacts{start, kToday - 10, true, true}, "withdrawn"},
  };
  for (const Case& c : cases) EXPECT_EQ(TrainingStatus(c.latest, kToday), c.want);
}

TEST(ValidateNameChange, RequiredShortAndDifferent) {
  struct Case {
    std::string raw, current, want_error, want_name;
  } cases[] = {
      {"", "Jamal Price", "name: Enter the correct full name", ""},
      {"   ", "Jamal Price", "name: Enter the correct full name", ""},
      {std::string(71, 'a'), "Jamal Price", "name: Corrected name must be 70 characters or less",
       ""},
      {std::string(70, 'a'), "Jamal Price", "", std::string(70, 'a')},
      {"jamal price", "Jamal Price", "name: The name must be different from the current name", ""},
      {" Jamal Pryce ", "Jamal Price", "", "Jamal Pryce"},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    absl::StatusOr<std::string> name = ValidateNameChange(c.raw, c.current, &errors);
    EXPECT_EQ(Message(errors), c.want_error) << c.raw;
    EXPECT_EQ(name.ok(), c.want_error.empty()) << c.raw;
    if (name.ok()) {
      EXPECT_EQ(*name, c.want_name);
    }
  }
  // 70 characters, not bytes: accented letters count once.
  FieldErrors errors;
  std::string accented;
  for (int i = 0; i < 70; ++i) accented += "\xC3\xA9";  // é
  EXPECT_TRUE(ValidateNameChange(accented, "Jamal Price", &errors).ok());
  EXPECT_FALSE(ValidateNameChange(accented + "e", "Jamal Price", &errors).ok());
}

TEST(ValidateEmailChange, FormatDifferenceAndUniqueness) {
  EmailChangeFacts facts;
  facts.current_email = "jamal@example.org";
  facts.trn = "7000013";
  facts.today = kToday;
  const std::vector<wizard::EmailHolder> taken_open = {
      {"taken@example.org", "7000001", std::nullopt}};
  const std::vector<wizard::EmailHolder> taken_future = {
      {"taken@example.org", "7000001", kToday + 1}};
  const std::vector<wizard::EmailHolder> taken_ended = {{"taken@example.org", "7000001", kToday}};
  const std::vector<wizard::EmailHolder> own_elsewhere = {
      {"taken@example.org", "7000013", std::nullopt}};
  struct Case {
    std::string raw;
    std::vector<wizard::EmailHolder> holders;
    std::string want_error, want_email;
  } cases[] = {
      {"", {}, "email: Enter the email address", ""},
      {"not-an-email",
       {},
       "email: Enter an email address in the correct format, like name@example.com",
       ""},
      {"a@b", {}, "email: Enter an email address in the correct format, like name@example.com", ""},
      {"JAMAL@example.org", {}, "email: The email must be different from the current email", ""},
      {"taken@example.org", taken_open,
       "email: This email is already in use for a different ECT or mentor", ""},
      {"TAKEN@example.org", taken_future,
       "email: This email is already in use for a different ECT or mentor", ""},
      {"taken@example.org", taken_ended, "", "taken@example.org"},
      {"taken@example.org", own_elsewhere, "", "taken@example.org"},
      {" new@example.org ", {}, "", "new@example.org"},
  };
  for (const Case& c : cases) {
    facts.holders = c.holders;
    FieldErrors errors;
    std::optional<std::string> email = ValidateEmailChange(c.raw, facts, &errors);
    EXPECT_EQ(Message(errors), c.want_error) << c.raw;
    EXPECT_EQ(email.value_or(""), c.want_email) << c.raw;
  }
}

TEST(ValidateWorkingPatternChange, KnownAndDifferent) {
  struct Case {
    std::string raw;
    std::optional<WorkingPattern> current;
    std::string want_error;
  } cases[] = {
      {"", WorkingPattern::kFullTime,
       "working_pattern: Select if the ECT's working pattern is full or part time"},
      {"sometimes", WorkingPattern::kFullTime,
       "working_pattern: Select if the ECT's working pattern is full or part time"},
      {"full_time", WorkingPattern::kFullTime,
       "working_pattern: The working pattern must be different from the current working pattern"},
      {"part_time", WorkingPattern::kFullTime, ""},
      {"full_time", WorkingPattern::kPartTime, ""},
      {"full_time", std::nullopt, ""},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    std::optional<WorkingPattern> pattern = ValidateWorkingPatternChange(c.raw, c.current, &errors);
    EXPECT_EQ(Message(errors), c.want_error) << c.raw;
    EXPECT_EQ(pattern.has_value(), c.want_error.empty()) << c.raw;
  }
}

const std::vector<AppropriateBodyOption> kBodies = {
    {"istip", std::string(wizard::kIstipName), AppropriateBodyType::kNational, true},
    {"esp", "Educational Success Partners (ESP)", AppropriateBodyType::kNational, true},
    {"pennine", "Pennine Teaching School Hub", AppropriateBodyType::kTeachingSchoolHub, true},
    {"severn", "Severn Teaching School Hub", AppropriateBodyType::kTeachingSchoolHub, true},
    {"closed", "Closed Teaching School Hub", AppropriateBodyType::kTeachingSchoolHub, false},
    {"fenland", "Fenland Local Authority", AppropriateBodyType::kLocalAuthority, true},
};

TEST(ValidateAppropriateBodyChange, HubsOrIstipAndDifferent) {
  const std::string none =
      "appropriate_body_id: Select the appropriate body which will be supporting the ECT's "
      "induction";
  const std::string invalid =
      "appropriate_body_id: Select a valid appropriate body which will be supporting the ECT's "
      "induction";
  const std::string hub =
      "appropriate_body_id: Select a teaching school hub appropriate body which will be "
      "supporting the ECT's induction";
  const std::string same =
      "appropriate_body_id: The appropriate body must be different from the current appropriate "
      "body";
  struct Case {
    std::string raw;
    bool independent;
    std::string want_error;
  } cases[] = {
      {"", false, none},           {"nope", false, invalid}, {"closed", false, invalid},
      {"fenland", false, invalid}, {"istip", false, hub},    {"esp", false, hub},
      {"esp", true, hub},          {"istip", true, ""},      {"severn", false, ""},
      {"severn", true, ""},        {"pennine", false, same},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    std::optional<std::string> id =
        ValidateAppropriateBodyChange(c.raw, kBodies, c.independent, "pennine", &errors);
    EXPECT_EQ(Message(errors), c.want_error) << c.raw << " " << c.independent;
    EXPECT_EQ(id.value_or(""), c.want_error.empty() ? c.raw : "") << c.raw;
  }
}

TEST(SelectableAppropriateBodies, ActiveHubsIstipFirstForIndependentNeverTheCurrent) {
  auto ids = [](const std::vector<AppropriateBodyOption>& bodies) {
    std::string joined;
    for (const AppropriateBodyOption& b : bodies) joined += b.id + " ";
    return joined;
  };
  EXPECT_EQ(ids(SelectableAppropriateBodies(kBodies, false, "")), "pennine severn ");
  EXPECT_EQ(ids(SelectableAppropriateBodies(kBodies, false, "pennine")), "severn ");
  EXPECT_EQ(ids(SelectableAppropriateBodies(kBodies, true, "severn")), "istip pennine ");
  EXPECT_EQ(ids(SelectableAppropriateBodies(kBodies, true, "istip")), "pennine severn ");
}

const std::vector<wizard::LeadProviderOption> kLeadProviders = {{"lp1", "Northern Teaching Trust"},
                                                                {"lp2", "Southern Learning"}};

TEST(ValidateProgrammeChange, DifferentProgrammeAndALeadProviderForProviderLed) {
  struct Case {
    std::string programme, lead_provider;
    std::optional<TrainingProgramme> current;
    std::string want_error;
  } cases[] = {
      {"", "", TrainingProgramme::kSchoolLed,
       "training_programme: Select either 'Provider-led' or 'School-led' training"},
      {"both", "", TrainingProgramme::kSchoolLed,
       "training_programme: 'both' is not a valid training programme"},
      {"school_led", "", TrainingProgramme::kSchoolLed,
       "training_programme: The training programme must be different from the current training "
       "programme"},
      {"provider_led", "", TrainingProgramme::kSchoolLed,
       "lead_provider_id: Select which lead provider will be training the ECT"},
      {"provider_led", "lp9", TrainingProgramme::kSchoolLed,
       "lead_provider_id: Enter the name of a known lead provider"},
      {"provider_led", "lp2", TrainingProgramme::kSchoolLed, ""},
      {"provider_led", "lp1", std::nullopt, ""},
      {"school_led", "lp1", TrainingProgramme::kProviderLed, ""},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    std::optional<ProgrammeChoice> choice =
        ValidateProgrammeChange(c.programme, c.lead_provider, c.current, kLeadProviders, &errors);
    EXPECT_EQ(Message(errors), c.want_error) << c.programme << " " << c.lead_provider;
    ASSERT_EQ(choice.has_value(), c.want_error.empty());
    if (choice && choice->programme == TrainingProgramme::kSchoolLed) {
      EXPECT_EQ(choice->lead_provider_id, "");  // school-led never keeps a lead provider
    }
  }
}

TEST(ValidateLeadProviderChange, ProviderLedOnlyKnownAndDifferent) {
  struct Case {
    std::string raw;
    std::optional<TrainingProgramme> programme;
    std::string want_error;
  } cases[] = {
      {"lp2", TrainingProgramme::kSchoolLed,
       "lead_provider_id: Only provider-led training has a lead provider: change the training "
       "programme to provider-led instead"},
      {"lp2", std::nullopt,
       "lead_provider_id: Only provider-led training has a lead provider: change the training "
       "programme to provider-led instead"},
      {"", TrainingProgramme::kProviderLed,
       "lead_provider_id: Select which lead provider will be training the ECT"},
      {"lp9", TrainingProgramme::kProviderLed,
       "lead_provider_id: Enter the name of a known lead provider"},
      {"lp1", TrainingProgramme::kProviderLed,
       "lead_provider_id: The lead provider must be different from the current lead provider"},
      {"lp2", TrainingProgramme::kProviderLed, ""},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    std::optional<std::string> id =
        ValidateLeadProviderChange(c.raw, c.programme, "lp1", kLeadProviders, &errors);
    EXPECT_EQ(Message(errors), c.want_error) << c.raw;
    EXPECT_EQ(id.value_or(""), c.want_error.empty() ? c.raw : "");
  }
}

std::vector<ContractPeriod> Periods() {
  return {DefaultContractPeriod(2021, false, true),
          DefaultContractPeriod(2022, false, true),
          DefaultContractPeriod(2023, true),
          DefaultContractPeriod(2024, true),
          DefaultContractPeriod(2025, true, false, true),
          DefaultContractPeriod(2026, true, false, true),
          DefaultContractPeriod(2027, false, false, true)};
}

TrainingChangeFacts Facts() {
  TrainingChangeFacts facts;
  facts.today = kToday;
  facts.ect_started_on = absl::CivilDay(2026, 9, 1);
  facts.contract_periods = Periods();
  return facts;
}

ProgrammeChoice ProviderLed(const std::string& lp) {
  return ProgrammeChoice{TrainingProgramme::kProviderLed, lp};
}

TEST(PlanTrainingChange, StartedTrainingEndsYesterdayAndTheNewOneStartsToday) {
  TrainingChangeFacts facts = Facts();
  facts.current = CurrentTraining{absl::CivilDay(2026, 9, 1), std::nullopt, false};
  absl::StatusOr<TrainingChangePlan> plan = PlanTrainingChange(facts, ProviderLed("lp1"));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->transition, kToday);
  EXPECT_EQ(plan->current, TrainingChangePlan::Current::kFinish);
  EXPECT_EQ(plan->new_finished_on, std::nullopt);
  EXPECT_EQ(plan->contract_period_year, 2026);
  EXPECT_EQ(plan->schedule_identifier, "ecf-standard-september");
  EXPECT_EQ(plan->lead_provider_id, "lp1");
}

TEST(PlanTrainingChange, UnstartedTrainingIsDeletedAndTheNewOneStartsWithTheEct) {
  TrainingChangeFacts facts = Facts();
  facts.ect_started_on = absl::CivilDay(2026, 11, 2);
  facts.ect_finished_on = absl::CivilDay(2027, 7, 20);
  facts.current = CurrentTraining{absl::CivilDay(2026, 11, 2), std::nullopt, false};
  absl::StatusOr<TrainingChangePlan> plan =
      PlanTrainingChange(facts, ProgrammeChoice{TrainingProgramme::kSchoolLed, ""});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->transition, absl::CivilDay(2026, 11, 2));
  EXPECT_EQ(plan->current, TrainingChangePlan::Current::kDelete);
  EXPECT_EQ(plan->new_finished_on, absl::CivilDay(2027, 7, 20));
  EXPECT_EQ(plan->contract_period_year, 0);
  EXPECT_EQ(plan->schedule_identifier, "");
  // Provider-led from November: the January schedule of the period containing the start.
  plan = PlanTrainingChange(facts, ProviderLed("lp2"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->contract_period_year, 2026);
  EXPECT_EQ(plan->schedule_identifier, "ecf-standard-january");
}

TEST(PlanTrainingChange, UnstartedTrainingWithDeclarationsIsRefused) {
  TrainingChangeFacts facts = Facts();
  facts.current = CurrentTraining{kToday, std::nullopt, true};
  EXPECT_EQ(PlanTrainingChange(facts, ProviderLed("lp1")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  facts.current->started_on = kToday - 1;  // started: finished, never deleted
  absl::StatusOr<TrainingChangePlan> plan = PlanTrainingChange(facts, ProviderLed("lp1"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->current, TrainingChangePlan::Current::kFinish);
}

TEST(PlanTrainingChange, TrainingAlreadyEndedIsLeftAlone) {
  TrainingChangeFacts facts = Facts();
  facts.current = CurrentTraining{absl::CivilDay(2026, 9, 1), kToday - 3, false};  // withdrawn
  absl::StatusOr<TrainingChangePlan> plan = PlanTrainingChange(facts, ProviderLed("lp1"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->current, TrainingChangePlan::Current::kNone);
  facts.current.reset();
  plan = PlanTrainingChange(facts, ProviderLed("lp1"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->current, TrainingChangePlan::Current::kNone);
}

TEST(PlanTrainingChange, AnEctWhoHasLeftCannotChange) {
  TrainingChangeFacts facts = Facts();
  facts.ect_finished_on = kToday - 1;
  EXPECT_EQ(PlanTrainingChange(facts, ProviderLed("lp1")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  facts.ect_finished_on = kToday;  // leaving today: the last day still counts
  EXPECT_TRUE(PlanTrainingChange(facts, ProviderLed("lp1")).ok());
}

TEST(PlanTrainingChange, KeepsAnUnfrozenYearAndItsScheduleMovesAFrozenOne) {
  TrainingChangeFacts facts = Facts();
  facts.previous_provider_led = PreviousProviderLedTraining{2025, false};
  facts.previous_schedule_identifier = "ecf-standard-january";
  absl::StatusOr<TrainingChangePlan> plan = PlanTrainingChange(facts, ProviderLed("lp2"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->contract_period_year, 2025);
  EXPECT_EQ(plan->schedule_identifier, "ecf-standard-january");

  facts.previous_provider_led = PreviousProviderLedTraining{2022, true};
  facts.previous_schedule_identifier = "ecf-standard-september";
  plan = PlanTrainingChange(facts, ProviderLed("lp2"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->contract_period_year, 2024);
  EXPECT_EQ(plan->schedule_identifier, "ecf-extended-september");
}

TEST(NewTrainingContractPeriod, AFutureYearNotOpenYetIsRefusedWithItsMessage) {
  TrainingChangeFacts facts = Facts();
  facts.ect_started_on = absl::CivilDay(2027, 9, 1);
  absl::StatusOr<RegistrationPeriod> period = NewTrainingContractPeriod(facts);
  EXPECT_EQ(period.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(period.status().message(),
            "Registration for the 2027 to 2028 academic year is not open yet");
  EXPECT_EQ(
      PlanTrainingChange(facts, ProgrammeChoice{TrainingProgramme::kSchoolLed, ""}).status().code(),
      absl::StatusCode::kOk);
}

}  // namespace
}  // namespace rect::registration
