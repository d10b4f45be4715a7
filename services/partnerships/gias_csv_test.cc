#include "services/partnerships/gias_csv.h"

#include <gtest/gtest.h>

namespace rect::partnerships {
namespace {

constexpr char kHeader[] =
    "URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (code),"
    "TypeOfEstablishment (name),EstablishmentStatus (code),EstablishmentStatus (name),"
    "PhaseOfEducation (code),PhaseOfEducation (name),Street,Locality,Town,Postcode,"
    "SchoolWebsite,MainEmail,AlternativeEmail,UKPRN,DistrictAdministrative (code),"
    "DistrictAdministrative (name),Section41Approved (name),Ignored\r\n";

TEST(Latin1ToUtf8, ConvertsEveryByte) {
  EXPECT_EQ(Latin1ToUtf8("abc"), "abc");
  EXPECT_EQ(Latin1ToUtf8("Caf\xe9"), "Caf\xc3\xa9");
  EXPECT_EQ(Latin1ToUtf8("\xa3\xff\x80"), "\xc2\xa3\xc3\xbf\xc2\x80");
  EXPECT_EQ(Latin1ToUtf8(""), "");
}

TEST(ReadGiasExtract, MapsEveryUsedColumnByHeaderName) {
  const std::string csv = std::string(kHeader) +
                          "100001,873,Cambridgeshire,\"Oakfield Primary School\",1,"
                          "Community school,1,Open,2,Primary,1 Oak Lane,Oakfield,Cambridge,"
                          "CB1 1AA,https://oakfield.example,office@oakfield.example,"
                          "head@oakfield.example,10012345,E07000012,South Cambridgeshire,"
                          "Not applicable,x\r\n";
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract(csv);
  ASSERT_TRUE(extract.ok()) << extract.status();
  ASSERT_EQ(extract->rows.size(), 1u);
  EXPECT_TRUE(extract->errors.empty());
  const GiasRow& row = extract->rows[0];
  EXPECT_EQ(row.line, 2);
  const v1::GiasEstablishment& e = row.establishment;
  EXPECT_EQ(e.urn(), "100001");
  EXPECT_EQ(e.name(), "Oakfield Primary School");
  EXPECT_EQ(e.type_code(), 1);
  EXPECT_EQ(e.type_name(), "Community school");
  EXPECT_EQ(e.status_code(), 1);
  EXPECT_EQ(e.status_name(), "Open");
  EXPECT_EQ(e.administrative_district_code(), "E07000012");
  EXPECT_EQ(e.administrative_district_name(), "South Cambridgeshire");
  EXPECT_FALSE(e.section_41_approved());
  EXPECT_EQ(e.local_authority_code(), "873");
  EXPECT_EQ(e.local_authority_name(), "Cambridgeshire");
  EXPECT_EQ(e.ukprn(), "10012345");
  EXPECT_EQ(e.phase_of_education_code(), 2);
  EXPECT_EQ(e.phase_of_education_name(), "Primary");
  EXPECT_EQ(e.address_line1(), "1 Oak Lane");
  EXPECT_EQ(e.address_line2(), "Oakfield");
  EXPECT_EQ(e.address_line3(), "Cambridge");
  EXPECT_EQ(e.postcode(), "CB1 1AA");
  EXPECT_EQ(e.school_website(), "https://oakfield.example");
  EXPECT_EQ(e.primary_contact_email(), "office@oakfield.example");
  EXPECT_EQ(e.secondary_contact_email(), "head@oakfield.example");
}

TEST(ReadGiasExtract, ColumnOrderDoesNotMatterAndOptionalColumnsMayBeMissing) {
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract(
      "EstablishmentStatus (code),URN,TypeOfEstablishment (code),EstablishmentName\n"
      "1,100003,10,Hillcrest House School\n");
  ASSERT_TRUE(extract.ok()) << extract.status();
  ASSERT_EQ(extract->rows.size(), 1u);
  EXPECT_EQ(extract->rows[0].establishment.urn(), "100003");
  EXPECT_EQ(extract->rows[0].establishment.type_code(), 10);
  EXPECT_EQ(extract->rows[0].establishment.status_code(), 1);
  EXPECT_EQ(extract->rows[0].establishment.phase_of_education_code(), 0);
  EXPECT_EQ(extract->rows[0].establishment.primary_contact_email(), "");
}

TEST(ReadGiasExtract, SkipsAByteOrderMark) {
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract(
      "\xEF\xBB\xBFURN,EstablishmentName,TypeOfEstablishment (code),EstablishmentStatus (code)\n"
      "100001,Oakfield,1,1\n");
  ASSERT_TRUE(extract.ok()) << extract.status();
  EXPECT_EQ(extract->rows.size(), 1u);
}

TEST(ReadGiasExtract, NameIsConvertedFromLatin1) {
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract(
      "URN,EstablishmentName,TypeOfEstablishment (code),EstablishmentStatus (code)\n"
      "100020,\"\xc9"
      "cole \"\"Fran\xe7\x61ise\"\"\",11,1\n");
  ASSERT_TRUE(extract.ok()) << extract.status();
  ASSERT_EQ(extract->rows.size(), 1u);
  EXPECT_EQ(extract->rows[0].establishment.name(), "\xc3\x89\x63ole \"Fran\xc3\xa7\x61ise\"");
}

struct Section41Case {
  const char* value;
  bool approved;
};

class Section41Test : public ::testing::TestWithParam<Section41Case> {};

TEST_P(Section41Test, OnlyExactlyApprovedCounts) {
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract(
      std::string("URN,EstablishmentName,TypeOfEstablishment (code),EstablishmentStatus (code),"
                  "Section41Approved (name)\n100003,Hillcrest,10,1,") +
      GetParam().value + "\n");
  ASSERT_TRUE(extract.ok()) << extract.status();
  ASSERT_EQ(extract->rows.size(), 1u);
  EXPECT_EQ(extract->rows[0].establishment.section_41_approved(), GetParam().approved);
}

INSTANTIATE_TEST_SUITE_P(
    Table, Section41Test,
    ::testing::Values(Section41Case{"Approved", true}, Section41Case{" Approved ", true},
                      Section41Case{"Not approved", false}, Section41Case{"Not applicable", false},
                      Section41Case{"approved", false}, Section41Case{"", false}));

TEST(ReadGiasExtract, BadRowsAreReportedWithTheirLineAndTheRestRead) {
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract(
      "URN,EstablishmentName,TypeOfEstablishment (code),EstablishmentStatus (code),"
      "PhaseOfEducation (code)\n"
      "100001,Oakfield,1,1,2\n"        // line 2: fine
      "\n"                             // line 3: blank, skipped
      "100002,Riverside,x,1,2\n"       // line 4: bad type
      "100003,Hillcrest,10,,2\n"       // line 5: blank status
      "100004,Short,1\n"               // line 6: too few fields
      "100005,\"Multi\nline\",1,1,\n"  // lines 7-8: fine, blank phase is 0
      "100006,\"Bad\"x,1,1,2\n"        // line 9: text after quote
      "100007,Phase,1,1,two\n"         // line 10: bad phase
      "100008,Last,1,1,2");            // line 11: fine, no final line end
  ASSERT_TRUE(extract.ok()) << extract.status();
  ASSERT_EQ(extract->rows.size(), 3u);
  EXPECT_EQ(extract->rows[0].line, 2);
  EXPECT_EQ(extract->rows[1].line, 7);
  EXPECT_EQ(extract->rows[1].establishment.name(), "Multi\nline");
  EXPECT_EQ(extract->rows[2].line, 11);
  ASSERT_EQ(extract->errors.size(), 5u);
  EXPECT_EQ(extract->errors[0].line, 4);
  EXPECT_EQ(extract->errors[0].reason, "TypeOfEstablishment (code) is not a number: \"x\"");
  EXPECT_EQ(extract->errors[1].line, 5);
  EXPECT_EQ(extract->errors[1].reason, "EstablishmentStatus (code) is not a number: \"\"");
  EXPECT_EQ(extract->errors[2].line, 6);
  EXPECT_EQ(extract->errors[2].reason, "has 3 fields, the header has 5");
  EXPECT_EQ(extract->errors[3].line, 9);
  EXPECT_EQ(extract->errors[3].reason, "unexpected text after a closing quote");
  EXPECT_EQ(extract->errors[4].line, 10);
}

TEST(ReadGiasExtract, RejectsAnEmptyFileOrAHeaderWithoutTheRequiredColumns) {
  EXPECT_EQ(ReadGiasExtract("").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<GiasExtract> extract = ReadGiasExtract("URN,Name\n1,x\n");
  EXPECT_EQ(extract.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(extract.status().message(),
            "the header has no column EstablishmentName, TypeOfEstablishment (code), "
            "EstablishmentStatus (code)");
}

}  // namespace
}  // namespace rect::partnerships
