#include "manrs/web/accounts.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>

#include "fmt/format.h"

namespace manrs::web {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS accounts (
  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash BLOB PRIMARY KEY, account INTEGER NOT NULL REFERENCES accounts(id),
  csrf TEXT NOT NULL, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
  account INTEGER NOT NULL REFERENCES accounts(id), asn INTEGER NOT NULL,
  token TEXT NOT NULL, created INTEGER NOT NULL, verified INTEGER NOT NULL DEFAULT 0,
  method TEXT NOT NULL DEFAULT '', verified_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account, asn));
CREATE TABLE IF NOT EXISTS participants (
  asn INTEGER PRIMARY KEY, account INTEGER NOT NULL REFERENCES accounts(id),
  actions TEXT NOT NULL, rule TEXT NOT NULL, joined INTEGER NOT NULL, updated INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS participant_notes (
  asn INTEGER NOT NULL, action TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (asn, action));
)sql";

// One prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK;
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& Bind(int i, std::int64_t v) {
    if (ok_) ok_ = sqlite3_bind_int64(stmt_, i, v) == SQLITE_OK;
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) {
    if (ok_)
      ok_ = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) ==
            SQLITE_OK;
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& v) {
    if (ok_)
      ok_ = sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) ==
            SQLITE_OK;
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step() { return ok_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  std::int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  Unexpected<Error> Fail(std::string_view what) const {
    return MakeError(ErrorCode::kIo, fmt::format("accounts: {}: {}", what, sqlite3_errmsg(db_)));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool ok_ = false;
};

std::string RandomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

std::string TokenHash(const std::string& token) {
  std::string hash(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return hash;
}

Result<std::string> HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return MakeError(ErrorCode::kIo, "password hash: out of memory");
  }
  return std::string(out);
}

std::vector<std::string> SplitActions(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    if (comma > pos) out.push_back(text.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

Claim ReadClaim(Stmt& s) {
  Claim c;
  c.account = s.Int(0);
  c.asn = static_cast<Asn>(s.Int(1));
  c.token = s.Text(2);
  c.created = s.Int(3);
  c.verified = s.Int(4) != 0;
  c.method = s.Text(5);
  c.verified_at = s.Int(6);
  return c;
}

constexpr const char* kClaimColumns = "account, asn, token, created, verified, method, verified_at";

}  // namespace

Status CheckEmail(const std::string& email) {
  const std::size_t at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 == email.size() ||
      email.find('@', at + 1) != std::string::npos) {
    return MakeError(ErrorCode::kBadValue, "not an e-mail address");
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return MakeError(ErrorCode::kBadValue, "e-mail address with a space or control character");
    }
  }
  return {};
}

Status CheckPasswordStrength(const std::string& password) {
  if (password.size() < 10)
    return MakeError(ErrorCode::kBadValue, "password shorter than 10 characters");
  if (password.size() > 1024)
    return MakeError(ErrorCode::kBadValue, "password longer than 1024 bytes");
  return {};
}

Result<std::unique_ptr<AccountStore>> AccountStore::Open(const std::string& path) {
  if (sodium_init() < 0) return MakeError(ErrorCode::kIo, "libsodium cannot be initialised");
  std::unique_ptr<AccountStore> store(new AccountStore());
  store->path_ = path;
  if (sqlite3_open_v2(path.c_str(), &store->db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: cannot open: {}", path,
                                 store->db_ ? sqlite3_errmsg(store->db_) : "out of memory"));
  }
  sqlite3_busy_timeout(store->db_, 2000);
  if (auto ok = store->Exec(kSchema); !ok) return Unexpected<Error>(ok.error());
  return store;
}

AccountStore::~AccountStore() { sqlite3_close(db_); }

Status AccountStore::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "error";
    sqlite3_free(message);
    return MakeError(ErrorCode::kIo, fmt::format("{}: {}", path_, text));
  }
  return {};
}

Result<std::int64_t> AccountStore::CreateAccount(const std::string& email,
                                                 const std::string& password) {
  if (auto ok = CheckEmail(email); !ok) return Unexpected<Error>(ok.error());
  if (auto ok = CheckPasswordStrength(password); !ok) return Unexpected<Error>(ok.error());
  auto hash = HashPassword(password);  // outside the lock: it takes ~0.1 s and 64 MiB
  if (!hash) return Unexpected<Error>(hash.error());
  std::lock_guard lock(mu_);
  Stmt s(
      db_,
      "INSERT INTO accounts (email, password_hash, created) VALUES (?, ?, strftime('%s','now'))");
  s.Bind(1, email).Bind(2, *hash);
  const int rc = s.Step();
  if (rc == SQLITE_CONSTRAINT) return MakeError(ErrorCode::kBadValue, "exists");
  if (rc != SQLITE_DONE) return s.Fail("create account");
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<std::int64_t>> AccountStore::CheckPassword(const std::string& email,
                                                                const std::string& password) {
  std::int64_t id = 0;
  std::string hash;
  {
    std::lock_guard lock(mu_);
    Stmt s(db_, "SELECT id, password_hash FROM accounts WHERE email = ?");
    s.Bind(1, email);
    const int rc = s.Step();
    if (rc == SQLITE_ROW) {
      id = s.Int(0);
      hash = s.Text(1);
    } else if (rc != SQLITE_DONE) {
      return s.Fail("log in");
    }
  }
  if (hash.empty()) {
    // Spend the same time as for a known address, so timing does not tell
    // which addresses have accounts.
    (void)HashPassword(password);
    return std::optional<std::int64_t>();
  }
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
    return std::optional<std::int64_t>();
  }
  return std::optional<std::int64_t>(id);
}

Status AccountStore::SetPassword(std::int64_t account, const std::string& password) {
  if (auto ok = CheckPasswordStrength(password); !ok) return ok;
  auto hash = HashPassword(password);
  if (!hash) return Unexpected<Error>(hash.error());
  std::lock_guard lock(mu_);
  Stmt s(db_, "UPDATE accounts SET password_hash = ? WHERE id = ?");
  s.Bind(1, *hash).Bind(2, account);
  if (s.Step() != SQLITE_DONE) return s.Fail("set password");
  return {};
}

Result<NewSession> AccountStore::CreateSession(std::int64_t account, std::int64_t now) {
  NewSession session{RandomHex(32), RandomHex(32)};
  std::lock_guard lock(mu_);
  {
    Stmt purge(db_, "DELETE FROM sessions WHERE expires < ?");
    purge.Bind(1, now);
    if (purge.Step() != SQLITE_DONE) return purge.Fail("expire sessions");
  }
  Stmt s(db_, "INSERT INTO sessions (token_hash, account, csrf, expires) VALUES (?, ?, ?, ?)");
  s.BindBlob(1, TokenHash(session.token))
      .Bind(2, account)
      .Bind(3, session.csrf)
      .Bind(4, now + kSessionSeconds);
  if (s.Step() != SQLITE_DONE) return s.Fail("create session");
  return session;
}

Result<std::optional<Session>> AccountStore::FindSession(const std::string& token,
                                                         std::int64_t now) {
  if (token.size() != 64) return std::optional<Session>();
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT s.account, a.email, s.csrf FROM sessions s JOIN accounts a ON a.id = s.account "
         "WHERE s.token_hash = ? AND s.expires >= ?");
  s.BindBlob(1, TokenHash(token)).Bind(2, now);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<Session>();
  if (rc != SQLITE_ROW) return s.Fail("find session");
  return std::optional<Session>(Session{s.Int(0), s.Text(1), s.Text(2)});
}

Status AccountStore::DeleteSession(const std::string& token) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM sessions WHERE token_hash = ?");
  s.BindBlob(1, TokenHash(token));
  if (s.Step() != SQLITE_DONE) return s.Fail("log out");
  return {};
}

Result<Claim> AccountStore::CreateClaim(std::int64_t account, Asn asn, std::int64_t now) {
  std::lock_guard lock(mu_);
  {
    Stmt s(
        db_,
        fmt::format("SELECT {} FROM claims WHERE account = ? AND asn = ?", kClaimColumns).c_str());
    s.Bind(1, account).Bind(2, asn);
    const int rc = s.Step();
    if (rc == SQLITE_ROW) {
      Claim c = ReadClaim(s);
      // An unverified token past its life is replaced by a fresh one.
      if (c.verified || now - c.created <= kClaimSeconds) return c;
    } else if (rc != SQLITE_DONE) {
      return s.Fail("find claim");
    }
  }
  Claim c;
  c.account = account;
  c.asn = asn;
  c.token = "MANRS-VERIFY-" + RandomHex(16);
  c.created = now;
  Stmt s(db_, "INSERT OR REPLACE INTO claims (account, asn, token, created) VALUES (?, ?, ?, ?)");
  s.Bind(1, account).Bind(2, asn).Bind(3, c.token).Bind(4, now);
  if (s.Step() != SQLITE_DONE) return s.Fail("create claim");
  return c;
}

Result<std::optional<Claim>> AccountStore::ClaimOf(std::int64_t account, Asn asn) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         fmt::format("SELECT {} FROM claims WHERE account = ? AND asn = ?", kClaimColumns).c_str());
  s.Bind(1, account).Bind(2, asn);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<Claim>();
  if (rc != SQLITE_ROW) return s.Fail("find claim");
  return std::optional<Claim>(ReadClaim(s));
}

Result<std::vector<Claim>> AccountStore::ClaimsOf(std::int64_t account) {
  std::lock_guard lock(mu_);
  Stmt s(
      db_,
      fmt::format("SELECT {} FROM claims WHERE account = ? ORDER BY asn", kClaimColumns).c_str());
  s.Bind(1, account);
  std::vector<Claim> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadClaim(s));
  if (rc != SQLITE_DONE) return s.Fail("list claims");
  return out;
}

Result<std::vector<Claim>> AccountStore::VerifiedClaims() {
  std::lock_guard lock(mu_);
  Stmt s(
      db_,
      fmt::format("SELECT {} FROM claims WHERE verified = 1 ORDER BY asn", kClaimColumns).c_str());
  std::vector<Claim> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadClaim(s));
  if (rc != SQLITE_DONE) return s.Fail("list claims");
  return out;
}

Result<std::optional<std::int64_t>> AccountStore::HolderOf(Asn asn) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT account FROM claims WHERE asn = ? AND verified = 1 ORDER BY verified_at LIMIT 1");
  s.Bind(1, asn);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>();
  if (rc != SQLITE_ROW) return s.Fail("find holder");
  return std::optional<std::int64_t>(s.Int(0));
}

Status AccountStore::SetVerified(std::int64_t account, Asn asn, const std::string& method,
                                 std::int64_t now) {
  std::lock_guard lock(mu_);
  Stmt s(
      db_,
      "UPDATE claims SET verified = 1, method = ?, verified_at = ? WHERE account = ? AND asn = ?");
  s.Bind(1, method).Bind(2, now).Bind(3, account).Bind(4, asn);
  if (s.Step() != SQLITE_DONE) return s.Fail("verify claim");
  return {};
}

Status AccountStore::Revoke(std::int64_t account, Asn asn) {
  std::lock_guard lock(mu_);
  Stmt s(
      db_,
      "UPDATE claims SET verified = 0, method = '', verified_at = 0 WHERE account = ? AND asn = ?");
  s.Bind(1, account).Bind(2, asn);
  if (s.Step() != SQLITE_DONE) return s.Fail("revoke claim");
  return {};
}

Status AccountStore::Declare(const Participant& p) {
  std::string actions;
  for (const auto& a : p.actions) {
    if (!actions.empty()) actions += ',';
    actions += a;
  }
  std::lock_guard lock(mu_);
  if (auto ok = Exec("BEGIN IMMEDIATE"); !ok) return ok;
  auto fail = [&](Stmt& s, std::string_view what) -> Status {
    (void)Exec("ROLLBACK");
    return s.Fail(what);
  };
  {
    Stmt s(db_,
           "INSERT INTO participants (asn, account, actions, rule, joined, updated) VALUES (?, ?, "
           "?, ?, ?, ?) "
           "ON CONFLICT(asn) DO UPDATE SET account = excluded.account, actions = excluded.actions, "
           "rule = excluded.rule, updated = excluded.updated");
    s.Bind(1, p.asn)
        .Bind(2, p.account)
        .Bind(3, actions)
        .Bind(4, p.rule)
        .Bind(5, p.updated)
        .Bind(6, p.updated);
    if (s.Step() != SQLITE_DONE) return fail(s, "declare");
  }
  {
    Stmt s(db_, "DELETE FROM participant_notes WHERE asn = ?");
    s.Bind(1, p.asn);
    if (s.Step() != SQLITE_DONE) return fail(s, "declare");
  }
  for (const auto& [action, note] : p.notes) {
    Stmt s(db_, "INSERT INTO participant_notes (asn, action, note) VALUES (?, ?, ?)");
    s.Bind(1, p.asn).Bind(2, action).Bind(3, note);
    if (s.Step() != SQLITE_DONE) return fail(s, "declare");
  }
  return Exec("COMMIT");
}

namespace {

Participant ReadParticipant(Stmt& s) {
  Participant p;
  p.asn = static_cast<Asn>(s.Int(0));
  p.account = s.Int(1);
  p.actions = SplitActions(s.Text(2));
  p.rule = s.Text(3);
  p.joined = s.Int(4);
  p.updated = s.Int(5);
  return p;
}

}  // namespace

Result<std::vector<Participant>> AccountStore::Participants() {
  std::lock_guard lock(mu_);
  std::vector<Participant> out;
  {
    Stmt s(db_,
           "SELECT asn, account, actions, rule, joined, updated FROM participants ORDER BY asn");
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadParticipant(s));
    if (rc != SQLITE_DONE) return s.Fail("list participants");
  }
  Stmt s(db_, "SELECT asn, action, note FROM participant_notes ORDER BY asn, action");
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    const Asn asn = static_cast<Asn>(s.Int(0));
    auto it = std::lower_bound(out.begin(), out.end(), asn,
                               [](const Participant& p, Asn a) { return p.asn < a; });
    if (it != out.end() && it->asn == asn) it->notes[s.Text(1)] = s.Text(2);
  }
  if (rc != SQLITE_DONE) return s.Fail("list notes");
  return out;
}

Result<std::optional<Participant>> AccountStore::ParticipantOf(Asn asn) {
  std::lock_guard lock(mu_);
  std::optional<Participant> out;
  {
    Stmt s(db_,
           "SELECT asn, account, actions, rule, joined, updated FROM participants WHERE asn = ?");
    s.Bind(1, asn);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return out;
    if (rc != SQLITE_ROW) return s.Fail("find participant");
    out = ReadParticipant(s);
  }
  Stmt s(db_, "SELECT action, note FROM participant_notes WHERE asn = ? ORDER BY action");
  s.Bind(1, asn);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->notes[s.Text(0)] = s.Text(1);
  if (rc != SQLITE_DONE) return s.Fail("list notes");
  return out;
}

}  // namespace manrs::web
