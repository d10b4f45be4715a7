// Every row of the access table in school-journeys.md §1.
#include "services/identity/access_decision.h"

#include <gtest/gtest.h>

namespace rect::identity {
namespace {

SchoolFacts OpenStateSchool() {
  SchoolFacts school;
  school.urn = "100001";
  school.name = "Oakfield Primary School";
  school.open = true;
  school.eligible = true;
  school.type_code = 1;
  return school;
}

SignInFacts SchoolUserAt(SchoolFacts school) {
  SignInFacts facts;
  facts.has_organisation = true;
  facts.urn = school.urn;
  facts.roles_found = true;
  facts.role_codes = {"SchoolUser"};
  facts.school = std::move(school);
  return facts;
}

struct Row {
  const char* situation;
  SignInFacts facts;
  SignInOutcome outcome;
  SchoolAccess access;  // checked for kSchoolUser only
};

std::vector<Row> Rows() {
  std::vector<Row> rows;
  rows.push_back({"eligible school, SchoolUser role", SchoolUserAt(OpenStateSchool()),
                  SignInOutcome::kSchoolUser, SchoolAccess::kFull});
  {
    SignInFacts facts;
    rows.push_back({"account has no organisation", facts, SignInOutcome::kNoOrganisation,
                    SchoolAccess::kDenied});
  }
  {
    SignInFacts facts = SchoolUserAt(OpenStateSchool());
    facts.school.reset();
    rows.push_back({"organisation URN unknown", facts, SignInOutcome::kNoApprovedAccess,
                    SchoolAccess::kDenied});
  }
  {
    SignInFacts facts = SchoolUserAt(OpenStateSchool());
    facts.urn.clear();
    facts.school.reset();
    rows.push_back({"organisation without a URN (not a school)", facts,
                    SignInOutcome::kNoApprovedAccess, SchoolAccess::kDenied});
  }
  {
    SignInFacts facts = SchoolUserAt(OpenStateSchool());
    facts.role_codes = {};
    rows.push_back({"no roles", facts, SignInOutcome::kNoApprovedAccess, SchoolAccess::kDenied});
  }
  {
    SignInFacts facts = SchoolUserAt(OpenStateSchool());
    facts.role_codes = {"DfEUser", "AppropriateBodyUser"};
    rows.push_back({"roles, but not SchoolUser", facts, SignInOutcome::kNoApprovedAccess,
                    SchoolAccess::kDenied});
  }
  {
    SignInFacts facts = SchoolUserAt(OpenStateSchool());
    facts.role_codes = {"AppropriateBodyUser", "SchoolUser"};
    rows.push_back({"school and AB roles land as school user", facts, SignInOutcome::kSchoolUser,
                    SchoolAccess::kFull});
  }
  {
    SignInFacts facts = SchoolUserAt(OpenStateSchool());
    facts.roles_found = false;
    facts.role_codes = {};
    rows.push_back(
        {"role look-up 404", facts, SignInOutcome::kNoApprovedAccess, SchoolAccess::kDenied});
  }
  {
    SchoolFacts school = OpenStateSchool();
    school.eligible = false;
    school.type_code = 24;  // secure unit: GIAS only, no RECT school
    rows.push_back({"URN only in GIAS (the service has no school for it)", SchoolUserAt(school),
                    SignInOutcome::kSchoolUser, SchoolAccess::kDenied});
  }
  {
    SchoolFacts school = OpenStateSchool();
    school.open = false;
    school.eligible = false;
    rows.push_back({"GIAS status closed", SchoolUserAt(school), SignInOutcome::kSchoolUser,
                    SchoolAccess::kDenied});
  }
  {
    SchoolFacts school = OpenStateSchool();
    school.eligible = false;
    school.cip_only = true;
    school.type_code = 11;
    rows.push_back({"independent without s41, no ongoing training", SchoolUserAt(school),
                    SignInOutcome::kSchoolUser, SchoolAccess::kDenied});
    SignInFacts training = SchoolUserAt(school);
    training.has_ongoing_training = true;
    rows.push_back({"independent without s41, with ongoing training", training,
                    SignInOutcome::kSchoolUser, SchoolAccess::kNoNewRegistrations});
  }
  {
    SchoolFacts school = OpenStateSchool();
    school.type_code = 10;
    school.section_41_approved = true;
    rows.push_back({"independent with s41 approval", SchoolUserAt(school),
                    SignInOutcome::kSchoolUser, SchoolAccess::kFull});
  }
  {
    SchoolFacts school = OpenStateSchool();
    school.eligible = false;
    school.cip_only = true;
    school.type_code = 30;  // Welsh establishment: CIP only
    rows.push_back(
        {"CIP-only school", SchoolUserAt(school), SignInOutcome::kSchoolUser, SchoolAccess::kFull});
  }
  return rows;
}

TEST(AccessDecision, EveryRowOfTheAccessTable) {
  for (const Row& row : Rows()) {
    const AccessDecision decision = DecideAccess(row.facts);
    EXPECT_EQ(decision.outcome, row.outcome) << row.situation;
    if (row.outcome == SignInOutcome::kSchoolUser) {
      EXPECT_EQ(decision.school_access, row.access) << row.situation;
    }
  }
}

TEST(AccessDecision, IndependentTypesAreTenAndEleven) {
  EXPECT_TRUE(IsIndependentSchoolType(10));
  EXPECT_TRUE(IsIndependentSchoolType(11));
  EXPECT_FALSE(IsIndependentSchoolType(1));
  EXPECT_FALSE(IsIndependentSchoolType(30));
}

}  // namespace
}  // namespace rect::identity
