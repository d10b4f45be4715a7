#include "services/identity/store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace rect::identity {
namespace {

// Times travel as whole microseconds since the epoch, which PostgreSQL stores exactly.
int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(const pqxx::field& field) {
  return absl::FromUnixMicros(field.as<int64_t>());
}

// SQL for a timestamptz parameter given as microseconds, and back.
std::string At(int parameter) {
  return absl::StrCat("(timestamptz 'epoch' + $", parameter,
                      "::bigint * interval '1 microsecond')");
}
std::string MicrosOf(absl::string_view column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

pqxx::binarystring Bytes(const std::string& bytes) { return pqxx::binarystring(bytes); }

LeadProviderUserRecord ReadLeadProviderUser(const pqxx::row& row) {
  return LeadProviderUserRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                                row[2].as<std::string>(), row[3].as<std::string>(),
                                FromMicros(row[4])};
}

const std::string kLeadProviderUserColumns =
    "id, full_name, email, lead_provider_id, " + MicrosOf("created_at");

}  // namespace

absl::StatusOr<std::string> PgIdentityStore::InsertApiToken(const std::string& lead_provider_id,
                                                            const std::string& description,
                                                            const std::string& digest) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::string> {
    pqxx::row row = txn.exec_params1(
        "INSERT INTO api_tokens (lead_provider_id, description, token_digest) "
        "VALUES ($1, $2, $3) RETURNING id",
        lead_provider_id, description, Bytes(digest));
    return row[0].as<std::string>();
  });
}

absl::StatusOr<ApiTokenRecord> PgIdentityStore::UseApiToken(const std::string& digest) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ApiTokenRecord> {
    pqxx::result rows = txn.exec_params(
        "UPDATE api_tokens SET last_used_at = now() WHERE token_digest = $1 "
        "RETURNING id, lead_provider_id, extract(epoch FROM last_used_at)::bigint",
        Bytes(digest));
    if (rows.empty()) return absl::NotFoundError("unknown API token");
    return ApiTokenRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                          absl::FromUnixSeconds(rows[0][2].as<int64_t>())};
  });
}

absl::Status PgIdentityStore::DeleteApiToken(const std::string& token_id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    pqxx::result rows = txn.exec_params("DELETE FROM api_tokens WHERE id = $1", token_id);
    if (rows.affected_rows() == 0) return absl::NotFoundError("no API token with that id");
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<ApiTokenListing>> PgIdentityStore::ListApiTokens(
    const std::string& lead_provider_id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::vector<ApiTokenListing>> {
    pqxx::result rows = txn.exec_params(
        absl::StrCat("SELECT id, lead_provider_id, description, ", MicrosOf("created_at"), ", ",
                     MicrosOf("last_used_at"),
                     " FROM api_tokens WHERE lead_provider_id = $1 ORDER BY created_at, id"),
        lead_provider_id);
    std::vector<ApiTokenListing> tokens;
    for (const pqxx::row& row : rows) {
      ApiTokenListing token{row[0].as<std::string>(), row[1].as<std::string>(),
                            row[2].as<std::string>(), FromMicros(row[3]), std::nullopt};
      if (!row[4].is_null()) token.last_used_at = FromMicros(row[4]);
      tokens.push_back(std::move(token));
    }
    return tokens;
  });
}

absl::Status PgIdentityStore::InsertSignInAttempt(const std::string& digest, absl::Time now,
                                                  absl::Time expires_at) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(absl::StrCat("DELETE FROM dsi_sign_in_attempts WHERE expires_at <= ", At(1)),
                    Micros(now));
    txn.exec_params(absl::StrCat("INSERT INTO dsi_sign_in_attempts (attempt_digest, created_at, "
                                 "expires_at) VALUES ($1, ",
                                 At(2), ", ", At(3), ")"),
                    Bytes(digest), Micros(now), Micros(expires_at));
    return absl::OkStatus();
  });
}

absl::Status PgIdentityStore::TakeSignInAttempt(const std::string& digest, absl::Time now) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    pqxx::result rows = txn.exec_params(
        absl::StrCat("DELETE FROM dsi_sign_in_attempts WHERE attempt_digest = $1 RETURNING ",
                     MicrosOf("expires_at")),
        Bytes(digest));
    if (rows.empty() || FromMicros(rows[0][0]) <= now) {
      return absl::NotFoundError("unknown or expired sign-in attempt");
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> PgIdentityStore::RecordSchoolSignIn(const SchoolSignInRecord& record) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::string> {
    txn.exec_params(absl::StrCat("DELETE FROM sessions WHERE expires_at <= ", At(1)),
                    Micros(record.now));
    pqxx::row user = txn.exec_params1(
        absl::StrCat("INSERT INTO dsi_users (dsi_user_id, email, first_name, last_name, "
                     "last_signed_in_at) VALUES ($1, $2, $3, $4, ",
                     At(5),
                     ") ON CONFLICT (dsi_user_id) DO UPDATE SET email = excluded.email, "
                     "first_name = excluded.first_name, last_name = excluded.last_name, "
                     "last_signed_in_at = excluded.last_signed_in_at RETURNING id"),
        record.dsi_user_id, record.email, record.first_name, record.last_name, Micros(record.now));
    const std::string user_id = user[0].as<std::string>();
    txn.exec_params(
        absl::StrCat("INSERT INTO school_access (dsi_user_id, school_urn, dsi_organisation_id, "
                     "roles, first_signed_in_at, last_signed_in_at) VALUES ($1, $2, $3, "
                     "CASE WHEN $4 = '' THEN '{}'::text[] ELSE string_to_array($4, ',') END, ",
                     At(5), ", ", At(5),
                     ") ON CONFLICT (dsi_user_id, school_urn) DO UPDATE SET "
                     "dsi_organisation_id = excluded.dsi_organisation_id, "
                     "roles = excluded.roles, last_signed_in_at = excluded.last_signed_in_at"),
        user_id, record.school_urn, record.organisation_id, absl::StrJoin(record.roles, ","),
        Micros(record.now));
    const std::string insert_session = absl::StrCat(
        "INSERT INTO sessions (id_digest, kind, dsi_user_id, school_urn, school_name, "
        "school_access, id_token_sealed, created_at, last_seen_at, expires_at) "
        "VALUES ($1, 'school', $2, $3, $4, $5, NULLIF($6::bytea, ''::bytea), ",
        At(7), ", ", At(7), ", ", At(8), ")");
    txn.exec_params(insert_session, Bytes(record.session_digest), user_id, record.school_urn,
                    record.school_name, record.school_access, Bytes(record.id_token_sealed),
                    Micros(record.now), Micros(record.expires_at));
    return user_id;
  });
}

absl::StatusOr<LeadProviderUserRecord> PgIdentityStore::InsertLeadProviderUser(
    const std::string& full_name, const std::string& email, const std::string& lead_provider_id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<LeadProviderUserRecord> {
    pqxx::result rows = txn.exec_params(
        "INSERT INTO lead_provider_users (full_name, email, lead_provider_id) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING " +
            kLeadProviderUserColumns,
        full_name, email, lead_provider_id);
    if (rows.empty()) {
      return absl::AlreadyExistsError("There is already a user with this email address");
    }
    return ReadLeadProviderUser(rows[0]);
  });
}

absl::StatusOr<LeadProviderUserRecord> PgIdentityStore::FindLeadProviderUserByEmail(
    const std::string& email) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<LeadProviderUserRecord> {
    pqxx::result rows = txn.exec_params("SELECT " + kLeadProviderUserColumns +
                                            " FROM lead_provider_users WHERE lower(email) = "
                                            "lower($1)",
                                        email);
    if (rows.empty()) return absl::NotFoundError("no lead-provider user with that email");
    return ReadLeadProviderUser(rows[0]);
  });
}

absl::StatusOr<std::string> PgIdentityStore::ReplaceSignInLink(const std::string& user_id,
                                                               const std::string& digest,
                                                               absl::Time now,
                                                               absl::Time expires_at) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::string> {
    pqxx::row row = txn.exec_params1(
        absl::StrCat("INSERT INTO magic_link_tokens (lead_provider_user_id, token_digest, "
                     "expires_at, created_at, id) VALUES ($1, $2, ",
                     At(3), ", ", At(4),
                     ", gen_random_uuid()) ON CONFLICT (lead_provider_user_id) DO UPDATE SET "
                     "token_digest = excluded.token_digest, expires_at = excluded.expires_at, "
                     "created_at = excluded.created_at, id = excluded.id RETURNING id"),
        user_id, Bytes(digest), Micros(expires_at), Micros(now));
    return row[0].as<std::string>();
  });
}

absl::Status PgIdentityStore::CheckSignInLink(const std::string& digest, absl::Time now) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    pqxx::result rows = txn.exec_params(
        absl::StrCat("SELECT 1 FROM magic_link_tokens WHERE token_digest = $1 AND expires_at > ",
                     At(2)),
        Bytes(digest), Micros(now));
    if (rows.empty()) return absl::NotFoundError("unknown, used or expired sign-in link");
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> PgIdentityStore::RedeemSignInLink(const std::string& digest,
                                                              const std::string& session_digest,
                                                              absl::Time now,
                                                              absl::Time expires_at) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::string> {
    // Deleting first makes two concurrent redemptions race on the row lock: one wins.
    pqxx::result rows = txn.exec_params(
        absl::StrCat("DELETE FROM magic_link_tokens WHERE token_digest = $1 RETURNING "
                     "lead_provider_user_id, ",
                     MicrosOf("expires_at")),
        Bytes(digest));
    if (rows.empty() || FromMicros(rows[0][1]) <= now) {
      return absl::NotFoundError("unknown, used or expired sign-in link");
    }
    const std::string user_id = rows[0][0].as<std::string>();
    txn.exec_params(absl::StrCat("DELETE FROM sessions WHERE expires_at <= ", At(1)), Micros(now));
    txn.exec_params(
        absl::StrCat("INSERT INTO sessions (id_digest, kind, lead_provider_user_id, created_at, "
                     "last_seen_at, expires_at) VALUES ($1, 'lead_provider', $2, ",
                     At(3), ", ", At(3), ", ", At(4), ")"),
        Bytes(session_digest), user_id, Micros(now), Micros(expires_at));
    return user_id;
  });
}

absl::StatusOr<SessionRecord> PgIdentityStore::FindSession(const std::string& digest) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<SessionRecord> {
    pqxx::result rows = txn.exec_params(
        absl::StrCat(
            "SELECT s.kind, coalesce(s.dsi_user_id, s.lead_provider_user_id), "
            "CASE WHEN s.kind = 'school' THEN btrim(d.first_name || ' ' || d.last_name) "
            "ELSE l.full_name END, coalesce(d.email, l.email), coalesce(s.school_urn, ''), "
            "coalesce(s.school_name, ''), coalesce(s.school_access, ''), "
            "coalesce(l.lead_provider_id::text, ''), s.id_token_sealed, ",
            MicrosOf("s.created_at"), ", ", MicrosOf("s.last_seen_at"),
            " FROM sessions s LEFT JOIN dsi_users d ON d.id = s.dsi_user_id "
            "LEFT JOIN lead_provider_users l ON l.id = s.lead_provider_user_id "
            "WHERE s.id_digest = $1"),
        Bytes(digest));
    if (rows.empty()) return absl::NotFoundError("no such session");
    const pqxx::row& row = rows[0];
    SessionRecord session;
    session.kind =
        row[0].as<std::string>() == "school" ? SessionKind::kSchool : SessionKind::kLeadProvider;
    session.user_id = row[1].as<std::string>();
    session.full_name = row[2].as<std::string>();
    session.email = row[3].as<std::string>();
    session.school_urn = row[4].as<std::string>();
    session.school_name = row[5].as<std::string>();
    session.school_access = row[6].as<std::string>();
    session.lead_provider_id = row[7].as<std::string>();
    if (!row[8].is_null()) session.id_token_sealed = pqxx::binarystring(row[8]).str();
    session.created_at = FromMicros(row[9]);
    session.last_seen_at = FromMicros(row[10]);
    return session;
  });
}

absl::Status PgIdentityStore::TouchSession(const std::string& digest, absl::Time now,
                                           absl::Time expires_at) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(absl::StrCat("UPDATE sessions SET last_seen_at = ", At(2),
                                 ", expires_at = ", At(3), " WHERE id_digest = $1"),
                    Bytes(digest), Micros(now), Micros(expires_at));
    return absl::OkStatus();
  });
}

absl::Status PgIdentityStore::DeleteSession(const std::string& digest) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params("DELETE FROM sessions WHERE id_digest = $1", Bytes(digest));
    return absl::OkStatus();
  });
}

absl::StatusOr<int> PgIdentityStore::DeleteUserSessions(SessionKind kind,
                                                        const std::string& user_id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int> {
    pqxx::result rows = txn.exec_params(
        kind == SessionKind::kSchool ? "DELETE FROM sessions WHERE dsi_user_id = $1"
                                     : "DELETE FROM sessions WHERE lead_provider_user_id = $1",
        user_id);
    return static_cast<int>(rows.affected_rows());
  });
}

}  // namespace rect::identity
