#include "services/notifications/templates.h"

#include <gtest/gtest.h>

#include <set>

namespace rect::notifications {
namespace {

const Personalisation kSignIn = {{"full_name", "Ann Lee"},
                                 {"sign_in", "https://rect.test/users/confirm_sign_in?t=SECRET"},
                                 {"token_expiry", "5 March 2026, 2:30 PM"}};

Personalisation With(Personalisation base, const std::string& field, const std::string& value) {
  base[field] = value;
  return base;
}

Personalisation Without(Personalisation base, const std::string& field) {
  base.erase(field);
  return base;
}

TEST(EmailTemplates, NamesAreUniqueAndEveryTemplateNeedsSomething) {
  std::set<std::string> names;
  for (const EmailTemplate& t : EmailTemplates()) {
    EXPECT_TRUE(names.insert(t.name).second) << t.name;
    EXPECT_FALSE(t.required_fields.empty()) << t.name;
    EXPECT_EQ(FindEmailTemplate(t.name), &t);
  }
  EXPECT_EQ(FindEmailTemplate("no_such_template"), nullptr);
}

TEST(EmailTemplates, CatalogueHasTheDomainsFields) {
  using Fields = std::vector<std::string>;
  const std::vector<std::pair<std::string, Fields>> expected = {
      {"sign_in_link", {"full_name", "sign_in", "token_expiry"}},
      {"lead_provider_welcome", {"name", "lead_provider_name", "start_url"}},
      {"partnership_confirmed_induction_tutor",
       {"name", "lead_provider_name", "delivery_partner_name", "school_name", "sign_in_url",
        "challenge_url", "challenge_deadline"}},
      {"partnership_reminder_induction_tutor",
       {"name", "lead_provider_name", "delivery_partner_name", "school_name", "sign_in_url",
        "challenge_url", "challenge_deadline"}},
      {"partnership_confirmed_school",
       {"lead_provider_name", "delivery_partner_name", "school_name", "nominate_url",
        "challenge_url", "challenge_deadline"}},
      {"partnership_reminder_school",
       {"lead_provider_name", "delivery_partner_name", "school_name", "nominate_url",
        "challenge_url", "challenge_deadline"}},
      {"partnership_challenged",
       {"name", "school_name", "school_urn", "delivery_partner_name", "reason"}},
      {"ect_registered_provider_led", {"ect_name", "school_name"}},
      {"ect_registered_school_led", {"ect_name", "school_name"}},
      {"mentor_registered", {"mentor_name", "school_name"}},
      {"induction_tutor_confirmation", {"name", "school_name"}},
  };
  EXPECT_EQ(EmailTemplates().size(), expected.size());
  for (const auto& [name, fields] : expected) {
    const EmailTemplate* t = FindEmailTemplate(name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_EQ(t->required_fields, fields) << name;
  }
}

TEST(ValidateEmail, AcceptsOrRefusesWithAReasonNamingTheField) {
  struct Case {
    std::string name;
    std::string template_name;
    std::string recipient;
    Personalisation personalisation;
    std::string key;
    std::string error;  // empty when valid
  };
  const std::string key = "sign-in:6f0c2d4e";
  const std::vector<Case> cases = {
      {"valid", "sign_in_link", "ann.lee@example.com", kSignIn, key, ""},
      {"optional field",
       "partnership_confirmed_induction_tutor",
       "sit@school.example.org",
       {{"name", "Sam"},
        {"lead_provider_name", "Ambition Institute"},
        {"delivery_partner_name", "Rise Teaching School Hub"},
        {"school_name", "Example Primary"},
        {"sign_in_url", "https://rect.test/"},
        {"challenge_url", "https://rect.test/report-incorrect-partnership?token=abc"},
        {"challenge_deadline", "31 October 2025"},
        {"academic_year", "2025 to 2026"}},
       key,
       ""},
      {"no template", "", "ann@example.com", kSignIn, key, "template is required"},
      {"unknown template", "sign_in", "ann@example.com", kSignIn, key,
       "unknown template 'sign_in'"},
      {"unknown template quoted safely", "x'\n", "ann@example.com", kSignIn, key,
       "unknown template 'x\\'\\n'"},
      {"missing field", "sign_in_link", "ann@example.com", Without(kSignIn, "token_expiry"), key,
       "personalisation field 'token_expiry' is required by template 'sign_in_link'"},
      {"empty field", "sign_in_link", "ann@example.com", With(kSignIn, "full_name", ""), key,
       "personalisation field 'full_name' is required by template 'sign_in_link'"},
      {"unexpected field", "sign_in_link", "ann@example.com", With(kSignIn, "signin", "x"), key,
       "personalisation field 'signin' is not used by template 'sign_in_link'"},
      {"over-long value", "sign_in_link", "ann@example.com",
       With(kSignIn, "sign_in", std::string(2001, 'x')), key,
       "personalisation field 'sign_in' must be 2000 characters or fewer"},
      {"longest value", "sign_in_link", "ann@example.com",
       With(kSignIn, "sign_in", std::string(2000, 'x')), key, ""},
      {"longest key", "sign_in_link", "ann@example.com", kSignIn, std::string(200, 'k'), ""},
      {"empty key", "sign_in_link", "ann@example.com", kSignIn, "", "idempotency_key is required"},
      {"over-long key", "sign_in_link", "ann@example.com", kSignIn, std::string(201, 'k'),
       "idempotency_key must be 200 characters or fewer"},
      {"bad recipient", "sign_in_link", "ann", kSignIn, key,
       "recipient must be one email address in the correct format, like name@example.com"},
  };
  for (const Case& c : cases) {
    const absl::Status status =
        ValidateEmail(c.template_name, c.recipient, c.personalisation, c.key);
    if (c.error.empty()) {
      EXPECT_TRUE(status.ok()) << c.name << ": " << status;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.name;
      EXPECT_EQ(status.message(), c.error) << c.name;
    }
  }
}

TEST(ValidateEmail, MessagesNeverQuotePersonalisationValues) {
  const std::string secret = "https://rect.test/users/confirm_sign_in?t=SECRET";
  for (const Personalisation& p :
       {With(kSignIn, "sign_in", std::string(2001, 'S')), With(kSignIn, "unknown", secret),
        With(Without(kSignIn, "full_name"), "sign_in", secret)}) {
    const absl::Status status = ValidateEmail("sign_in_link", "ann@example.com", p, "k");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(std::string(status.message()).find("SECRET"), std::string::npos) << status;
    EXPECT_EQ(std::string(status.message()).find("SSS"), std::string::npos) << status;
  }
}

TEST(IsPlausibleEmailAddress, OneAtALocalPartAndADottedDomainWithoutSpaces) {
  const std::string long_local(64, 'a');
  struct Case {
    std::string address;
    bool plausible;
  };
  const std::vector<Case> cases = {
      {"ann@example.com", true},
      {"ann.lee+rect@school.sch.uk", true},
      {"O'Brien@example.org", true},
      {long_local + "@" + std::string(254 - 64 - 1 - 4, 'd') + ".com", true},
      {long_local + "@" + std::string(254 - 64 - 1 - 3, 'd') + ".com", false},
      {"", false},
      {"ann", false},
      {"@example.com", false},
      {"ann@", false},
      {"ann@example", false},
      {"ann@@example.com", false},
      {"ann@lee@example.com", false},
      {"ann lee@example.com", false},
      {" ann@example.com", false},
      {"ann@example.com\n", false},
      {"ann@example.com,bob@example.com", false},
      {"ann,bob@example.com", false},
      {"Ann <ann@example.com>", false},
      {"\"ann\"@example.com", false},
      {"ann@.example.com", false},
      {"ann@example.com.", false},
      {"ann@example..com", false},
      {"ann@exa\tmple.com", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsPlausibleEmailAddress(c.address), c.plausible) << "'" << c.address << "'";
  }
}

}  // namespace
}  // namespace rect::notifications
