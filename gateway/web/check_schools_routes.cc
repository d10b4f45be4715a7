#include "gateway/web/check_schools_routes.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/challenge_reasons.h"
#include "protos/registration/v1/school_counts.grpc.pb.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace pv1 = partnerships::v1;
namespace rv1 = registration::v1;

using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;

constexpr int kPerPage = 10;

std::string QueryEncode(absl::string_view text) {
  return boost::urls::encode(boost::core::string_view(text.data(), text.size()),
                             boost::urls::unreserved_chars);
}

// As on the confirm pages: the requested cohort when the lead provider has it, else the
// current one, else its latest.
int ChooseCohort(const pv1::LeadProvider& provider, absl::string_view requested) {
  const auto has = [&](int y) {
    return std::find(provider.cohorts().begin(), provider.cohorts().end(), y) !=
           provider.cohorts().end();
  };
  int year = 0;
  if (absl::SimpleAtoi(requested, &year) && has(year)) return year;
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  const int current = today.month() >= 9 ? static_cast<int>(today.year())
                                         : static_cast<int>(today.year()) - 1;
  if (has(current)) return current;
  return provider.cohorts().empty() ? 0 : provider.cohorts(provider.cohorts_size() - 1);
}

class CheckSchoolsRoutes : public std::enable_shared_from_this<CheckSchoolsRoutes> {
 public:
  CheckSchoolsRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends),
        pages_(pages),
        guard_(guard),
        counts_(backends.NewStub<rv1::SchoolCountsService>(Backend::kRegistration)) {}

  absl::Status Add(Router& router) {
    auto protect = [&](void (CheckSchoolsRoutes::*method)(ContextPtr, ViewerPtr, Responder)) {
      return guard_.Protect(Audience::kLeadProviderUser, [self = shared_from_this(), method](
                                                             ContextPtr c, ViewerPtr v,
                                                             Responder r) {
        ((*self).*method)(std::move(c), std::move(v), std::move(r));
      });
    };
    RETURN_IF_ERROR(router.Add(http::verb::get, "/lead-providers/your-schools",
                               protect(&CheckSchoolsRoutes::List)));
    return router.Add(http::verb::get, "/lead-providers/partnerships/{partnership_id}",
                      protect(&CheckSchoolsRoutes::Detail));
  }

 private:
  void WithLeadProvider(const RequestContext& context, const Viewer& viewer, Responder respond,
                        std::function<void(pv1::LeadProvider)> next) {
    pv1::GetLeadProviderRequest request;
    request.set_id(viewer.session.lead_provider_id());
    backends_.Call<pv1::LeadProvider>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->GetLeadProvider(c, q, r, cb);
        },
        [respond, next = std::move(next)](const grpc::Status& status, pv1::LeadProvider&& lp) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          next(std::move(lp));
        });
  }

  // The ECT and mentor numbers of `schools` from registration; `done` gets none (and false)
  // when registration cannot say, so the page still shows the schools.
  void WithCounts(const RequestContext& context, const Viewer& viewer, int cohort,
                  const pv1::ListLeadProviderSchoolsResponse& schools,
                  std::function<void(std::map<std::string, rv1::SchoolParticipantCounts>, bool)>
                      done) {
    rv1::CountParticipantsRequest request;
    request.set_cohort(cohort);
    request.set_lead_provider_id(viewer.session.lead_provider_id());
    for (const pv1::LeadProviderSchool& school : schools.schools()) {
      request.add_school_urns(school.urn());
    }
    if (request.school_urns().empty()) return done({}, true);
    backends_.Call<rv1::CountParticipantsResponse>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) { counts_->async()->CountParticipants(c, q, r, cb); },
        [done = std::move(done)](const grpc::Status& status,
                                 rv1::CountParticipantsResponse&& response) {
          std::map<std::string, rv1::SchoolParticipantCounts> by_urn;
          for (const rv1::SchoolParticipantCounts& counts : response.counts()) {
            by_urn[counts.school_urn()] = counts;
          }
          done(std::move(by_urn), status.ok());
        });
  }

  void List(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields query = QueryFields(context->target);
    WithLeadProvider(*context, *viewer, respond, [this, context, viewer, respond, query](
                                                     pv1::LeadProvider lp) {
      const int cohort = ChooseCohort(lp, Field(query, "cohort"));
      if (cohort == 0) return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
      int page = 1;
      if (!absl::SimpleAtoi(Field(query, "page"), &page) || page < 1) page = 1;
      const std::string search = Field(query, "q").substr(0, 200);
      pv1::ListLeadProviderSchoolsRequest request;
      request.set_lead_provider_id(viewer->session.lead_provider_id());
      request.set_cohort(cohort);
      request.set_search(search);
      request.mutable_page()->set_page(page);
      request.mutable_page()->set_per_page(kPerPage);
      backends_.Call<pv1::ListLeadProviderSchoolsResponse>(
          context->request_id, std::move(request),
          [this](auto* c, auto* q, auto* r, auto cb) {
            backends_.partnerships().async()->ListLeadProviderSchools(c, q, r, cb);
          },
          [this, context, viewer, respond, lp, cohort, page, search](
              const grpc::Status& status, pv1::ListLeadProviderSchoolsResponse&& schools) {
            if (!status.ok()) {
              return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
            }
            auto shared = std::make_shared<pv1::ListLeadProviderSchoolsResponse>(std::move(schools));
            WithCounts(*context, *viewer, cohort, *shared,
                       [this, viewer, respond, lp, cohort, page, search, shared](
                           std::map<std::string, rv1::SchoolParticipantCounts> counts, bool ok) {
                         RenderList(*viewer, respond, lp, cohort, page, search, *shared, counts,
                                    ok);
                       });
          });
    });
  }

  void RenderList(const Viewer& viewer, Responder respond, const pv1::LeadProvider& lp,
                  int cohort, int page, const std::string& search,
                  const pv1::ListLeadProviderSchoolsResponse& schools,
                  const std::map<std::string, rv1::SchoolParticipantCounts>& counts,
                  bool counts_ok) {
    PageData rows(PageData::type::list);
    for (const pv1::LeadProviderSchool& school : schools.schools()) {
      PageData row;
      row.set("partnership_id", school.partnership_id());
      row.set("name", school.school_name());
      row.set("urn", school.urn());
      row.set("delivery_partner", school.delivery_partner_name());
      row.set("challenged", PageData(school.challenged()));
      auto found = counts.find(school.urn());
      row.set("ects", counts_ok ? std::to_string(found == counts.end() ? 0 : found->second.ects())
                                : "–");
      row.set("mentors", counts_ok ? std::to_string(found == counts.end() ? 0
                                                                         : found->second.mentors())
                                   : "–");
      rows.push_back(row);
    }
    PageData tabs(PageData::type::list);
    if (lp.cohorts_size() > 1) {
      for (int i = lp.cohorts_size() - 1; i >= 0; --i) {
        PageData tab;
        tab.set("year", std::to_string(lp.cohorts(i)));
        tab.set("selected", PageData(lp.cohorts(i) == cohort));
        tabs.push_back(tab);
      }
    }
    const int pages = (schools.total_matching() + kPerPage - 1) / kPerPage;
    const std::string base = absl::StrCat("/lead-providers/your-schools?cohort=", cohort,
                                          search.empty() ? "" : "&q=", QueryEncode(search));
    PageData page_links(PageData::type::list);
    for (int p = 1; p <= pages && pages > 1; ++p) {
      PageData link;
      link.set("number", std::to_string(p));
      link.set("url", absl::StrCat(base, "&page=", p));
      link.set("current", PageData(p == page));
      page_links.push_back(link);
    }
    PageData data;
    data.set("lead_provider_name", lp.name());
    data.set("cohort", std::to_string(cohort));
    data.set("tabs", tabs);
    data.set("has_tabs", PageData(lp.cohorts_size() > 1));
    data.set("total", std::to_string(schools.total()));
    data.set("total_label", schools.total() == 1 ? "School recruited" : "Schools recruited");
    data.set("any", PageData(schools.total() > 0));
    data.set("search", search);
    data.set("rows", rows);
    data.set("no_matches", PageData(schools.total() > 0 && schools.total_matching() == 0));
    data.set("has_rows", PageData(schools.schools_size() > 0));
    data.set("counts_unavailable", PageData(!counts_ok));
    data.set("pages", page_links);
    data.set("has_pages", PageData(pages > 1));
    if (page > 1 && page <= pages) data.set("previous_url", absl::StrCat(base, "&page=", page - 1));
    if (page < pages) data.set("next_url", absl::StrCat(base, "&page=", page + 1));
    respond(pages_.Respond(http::status::ok, "check_schools_list", "Your schools", std::move(data),
                           viewer));
  }

  void Detail(ContextPtr context, ViewerPtr viewer, Responder respond) {
    pv1::ListLeadProviderSchoolsRequest request;
    request.set_lead_provider_id(viewer->session.lead_provider_id());
    request.set_partnership_id(context->param("partnership_id"));
    request.mutable_page()->set_per_page(1);
    backends_.Call<pv1::ListLeadProviderSchoolsResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->ListLeadProviderSchools(c, q, r, cb);
        },
        [this, context, viewer, respond](const grpc::Status& status,
                                         pv1::ListLeadProviderSchoolsResponse&& found) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          if (found.schools().empty()) {
            return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          auto shared = std::make_shared<pv1::ListLeadProviderSchoolsResponse>(std::move(found));
          const int cohort = shared->schools(0).cohort();
          WithCounts(*context, *viewer, cohort, *shared,
                     [this, context, viewer, respond, cohort, shared](
                         std::map<std::string, rv1::SchoolParticipantCounts> counts, bool ok) {
                       RenderDetail(*context, viewer, respond, cohort, shared->schools(0),
                                    counts, ok);
                     });
        });
  }

  void RenderDetail(const RequestContext& context, ViewerPtr viewer, Responder respond, int cohort,
                    const pv1::LeadProviderSchool& school,
                    const std::map<std::string, rv1::SchoolParticipantCounts>& counts,
                    bool counts_ok) {
    PageData data;
    data.set("name", school.school_name());
    data.set("urn", school.urn());
    data.set("cohort", std::to_string(cohort));
    data.set("delivery_partner", school.delivery_partner_name());
    if (school.local_authority_name().empty()) {
      data.set("local_authority", "No local authority assigned");
    } else {
      data.set("local_authority", school.local_authority_name());
    }
    data.set("challenged", PageData(school.challenged()));
    data.set("reason_label", std::string(ChallengeReasonLabel(school.challenge_reason())));
    auto found = counts.find(school.urn());
    data.set("ects", counts_ok ? std::to_string(found == counts.end() ? 0 : found->second.ects())
                               : "–");
    data.set("mentors",
             counts_ok ? std::to_string(found == counts.end() ? 0 : found->second.mentors()) : "–");
    rv1::GetInductionTutorsRequest request;
    request.add_school_urns(school.urn());
    backends_.Call<rv1::GetInductionTutorsResponse>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          counts_->async()->GetInductionTutors(c, q, r, cb);
        },
        [this, viewer, respond, data, title = school.school_name()](
            const grpc::Status& status, rv1::GetInductionTutorsResponse&& tutors) mutable {
          if (status.ok() && !tutors.induction_tutors().empty()) {
            data.set("induction_tutor_email", tutors.induction_tutors(0).email());
          }
          respond(pages_.Respond(http::status::ok, "check_schools_detail", title, std::move(data),
                                 *viewer));
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
  std::unique_ptr<rv1::SchoolCountsService::Stub> counts_;
};

}  // namespace

absl::Status AddCheckSchoolsRoutes(Router& router, Backends& backends, const Pages& pages,
                                   PageGuard& guard) {
  return std::make_shared<CheckSchoolsRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
