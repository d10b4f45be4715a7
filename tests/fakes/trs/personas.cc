#include "tests/fakes/trs/personas.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace rect::fakes::trs {
namespace {

Persona Person(const char* trn, const char* first_name, const char* last_name,
               const char* induction_status) {
  Persona persona;
  persona.trn = trn;
  persona.first_name = first_name;
  persona.last_name = last_name;
  persona.induction_status = induction_status;
  // Dates that go with the status, so every record looks like one TRS could hold.
  const std::string status = induction_status;
  if (status == "InProgress") {
    persona.induction_start_date = "2024-09-02";
  } else if (status == "Passed" || status == "Failed" || status == "FailedInWales") {
    persona.induction_start_date = "2021-09-01";
    persona.induction_completed_date = "2023-07-21";
  } else if (status == "Exempt") {
    persona.exemption_reasons = {"Qualified through overseas route"};
  }
  return persona;
}

Persona Answering(const char* trn, Persona::Answer answer) {
  Persona persona;
  persona.trn = trn;
  persona.answer = answer;
  return persona;
}

std::vector<Persona> MakePersonas() {
  std::vector<Persona> personas;
  auto add = [&](Persona persona) { personas.push_back(std::move(persona)); };
  auto with = [&](Persona persona, auto change) {
    change(persona);
    personas.push_back(std::move(persona));
  };
  with(Person("7000001", "Amara", "Okafor", "InProgress"),
       [](Persona& p) { p.qts_holds_from.clear(); });
  add(Answering("7000002", Persona::Answer::kNotFound));
  with(Person("7000003", "Brian", "Stokes", "InProgress"), [](Persona& p) {
    p.alerts = {{kProhibitionCategory, "2020-03-01", ""}};
  });
  add(Answering("7000004", Persona::Answer::kDeactivated));
  with(Person("7000005", "Carla", "Reyes", "InProgress"), [](Persona& p) {
    p.alerts = {{kConditionalRegistrationCategory, "2021-05-01", ""}};
  });
  add(Person("7000006", "Derek", "Moss", "RequiredToComplete"));
  add(Person("7000007", "Ella", "Grant", "Passed"));
  add(Person("7000008", "Farid", "Khan", "Failed"));
  add(Person("7000009", "Grace", "Lee", "Exempt"));
  add(Person("7000010", "Huw", "Evans", "FailedInWales"));
  with(Answering("7000011", Persona::Answer::kMerged),
       [](Persona& p) { p.merged_into_trn = "7000012"; });
  add(Person("7000012", "Isla", "Brown", "None"));
  with(Person("7000013", "Jamal", "Price", "RequiredToComplete"),
       [](Persona& p) { p.date_of_birth = "1990-04-15"; });
  with(Person("7000014", "Kate", "Dunn", "InProgress"),
       [](Persona& p) { p.date_of_birth = "1985-06-20"; });
  with(Person("7000015", "Liam", "Ford", "InProgress"),
       [](Persona& p) { p.date_of_birth = "1988-11-30"; });
  with(Person("7000016", "Maya", "Singh", "InProgress"), [](Persona& p) {
    p.alerts = {{kProhibitionCategory, "2019-01-10", "2023-06-30"}};
  });
  add(Person("7000017", "Nia", "Wolstenholme-Featherstonehaugh", "RequiredToComplete"));
  add(Person("7000018", "Oscar", "Hale", "InProgress"));
  add(Person("7000019", "Priya", "Nair", "InProgress"));
  add(Person("7000020", "Quinn", "Abbott", "InProgress"));
  add(Person("7000021", "Rosa", "Clarke", "None"));
  add(Person("7000022", "Sam", "Turner", "Passed"));
  with(Person("7000023", "Tara", "Quinn", "Passed"), [](Persona& p) { p.qts_holds_from.clear(); });
  add(Person("7000024", "Uma", "Patel", "None"));
  with(Person("7000098", "Vic", "Slowley", "InProgress"),
       [](Persona& p) { p.answer = Persona::Answer::kSlow; });
  add(Answering("7000099", Persona::Answer::kServerError));
  for (Persona& persona : personas) {
    if (persona.nino.empty()) persona.nino = DefaultNino(persona.trn);
  }
  return personas;
}

}  // namespace

std::string DefaultNino(absl::string_view trn) {
  const absl::string_view last_five = trn.size() >= 5 ? trn.substr(trn.size() - 5) : trn;
  return absl::StrCat("AB1", last_five, "A");
}

const std::vector<Persona>& Personas() {
  static const std::vector<Persona>* const personas = new std::vector<Persona>(MakePersonas());
  return *personas;
}

Persona PersonaFor(absl::string_view trn) {
  const std::vector<Persona>& personas = Personas();
  auto it = std::find_if(personas.begin(), personas.end(),
                         [&](const Persona& p) { return p.trn == trn; });
  if (it != personas.end()) return *it;

  static const char* const kFirstNames[] = {"Alex", "Bea", "Cal",  "Dana", "Eli",
                                            "Fay",  "Gus", "Hana", "Ivo",  "Jo"};
  static const char* const kLastNames[] = {"Adams", "Baker", "Cole",  "Drew",  "Ellis",
                                           "Frost", "Gray",  "Hicks", "Irwin", "Jones"};
  auto pick = [&](size_t from_end) -> size_t {
    return trn.size() < from_end ? 0 : static_cast<unsigned char>(trn[trn.size() - from_end]) % 10;
  };
  Persona persona = Person("", kFirstNames[pick(1)], kLastNames[pick(2)], "InProgress");
  persona.trn = std::string(trn);
  persona.qts_holds_from = "2022-07-15";
  persona.nino = DefaultNino(trn);
  return persona;
}

}  // namespace rect::fakes::trs
