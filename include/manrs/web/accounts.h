// The participant registry of `manrs serve` (doc/web.md): accounts, sessions,
// ASN claims and declarations, in a SQLite file of their own (never in the
// observatory's metrics store). Passwords are hashed with libsodium's
// crypto_pwhash (Argon2id, memory-hard); session tokens are stored only as
// their BLAKE2b hash, so a copy of the file does not hand out sessions.
//
// Thread-safe: one connection behind a mutex (writes are rare and small).
#ifndef MANRS_WEB_ACCOUNTS_H_
#define MANRS_WEB_ACCOUNTS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"

struct sqlite3;

namespace manrs::web {

struct Session {
  std::int64_t account = 0;
  std::string email;
  std::string csrf;
};

struct NewSession {
  std::string token;  // for the cookie
  std::string csrf;   // for X-CSRF-Token / the forms' hidden field
};

struct Claim {
  std::int64_t account = 0;
  Asn asn = 0;
  std::string token;  // what goes into the aut-num's remarks: or PeeringDB notes
  std::int64_t created = 0;
  bool verified = false;
  std::string method;  // "irr" or "peeringdb" once verified
  std::int64_t verified_at = 0;
};

struct Participant {
  Asn asn = 0;
  std::int64_t account = 0;
  std::vector<std::string> actions;          // action names, sorted
  std::map<std::string, std::string> notes;  // action -> free text
  std::string rule;                          // the programme rule it was accepted under
  std::int64_t joined = 0;
  std::int64_t updated = 0;
};

class AccountStore {
 public:
  // Opens (creating when missing) the registry at path.
  static Result<std::unique_ptr<AccountStore>> Open(const std::string& path);
  ~AccountStore();
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  // A new account; kBadValue "exists" when the e-mail is taken, kBadValue
  // with the reason for a malformed e-mail or a weak password.
  Result<std::int64_t> CreateAccount(const std::string& email, const std::string& password);
  // The account when email and password match, else nullopt.
  Result<std::optional<std::int64_t>> CheckPassword(const std::string& email,
                                                    const std::string& password);
  Status SetPassword(std::int64_t account, const std::string& password);

  Result<NewSession> CreateSession(std::int64_t account, std::int64_t now);
  // The live session of a cookie token, or nullopt (unknown or expired).
  Result<std::optional<Session>> FindSession(const std::string& token, std::int64_t now);
  Status DeleteSession(const std::string& token);

  // The account's claim for asn: the existing one, or a new random token.
  Result<Claim> CreateClaim(std::int64_t account, Asn asn, std::int64_t now);
  Result<std::optional<Claim>> ClaimOf(std::int64_t account, Asn asn);
  Result<std::vector<Claim>> ClaimsOf(std::int64_t account);
  Result<std::vector<Claim>> VerifiedClaims();
  // The account holding a verified claim for asn, or nullopt.
  Result<std::optional<std::int64_t>> HolderOf(Asn asn);
  Status SetVerified(std::int64_t account, Asn asn, const std::string& method, std::int64_t now);
  // Takes a verification back (the token left the record).
  Status Revoke(std::int64_t account, Asn asn);

  Status Declare(const Participant& participant);
  Result<std::optional<Participant>> ParticipantOf(Asn asn);
  Result<std::vector<Participant>> Participants();

  // How long a session lives, and how long an unverified claim's token is
  // accepted (doc/web.md, threat model).
  static constexpr std::int64_t kSessionSeconds = 7 * 24 * 3600;
  static constexpr std::int64_t kClaimSeconds = 30 * 24 * 3600;

 private:
  AccountStore() = default;
  Status Exec(const char* sql);
  std::mutex mu_;
  sqlite3* db_ = nullptr;
  std::string path_;
};

// Checks for an e-mail address and a password before an account is made.
Status CheckEmail(const std::string& email);
Status CheckPasswordStrength(const std::string& password);

}  // namespace manrs::web

#endif  // MANRS_WEB_ACCOUNTS_H_
