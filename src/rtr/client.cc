// The RTR dump client: Reset Query, collect, check, format.
#include "manrs/rtr/client.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "fmt/format.h"
#include "manrs/base/encoding.h"
#include "manrs/daemon/asio.h"
#include "manrs/daemon/endpoint.h"

namespace manrs::rtr {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kMaxCachePdu = 1 << 20;  // an ASPA of 16,380 providers is 64 KiB

// One connection with a deadline over every operation.
class Link {
 public:
  Link(const ClientOptions& options, Clock::time_point deadline)
      : options_(options),
        deadline_(deadline),
        ssl_(asio::ssl::context::tls_client),
        tls_(io_, ssl_) {}

  Status Connect() {
    auto endpoint = daemon::ParseEndpoint(options_.address);
    if (!endpoint) return Unexpected<Error>(endpoint.error());
    std::error_code error = asio::error::would_block;
    socket().async_connect(*endpoint, [&](const std::error_code& e) { error = e; });
    MANRS_TRY(Wait(&error, "connect"));
    std::error_code ignored;
    socket().set_option(tcp::no_delay(true), ignored);
    if (!options_.tls) return {};
    if (options_.tls_ca.empty()) {
      ssl_.set_default_verify_paths();
    } else {
      ssl_.load_verify_file(options_.tls_ca, error);
      if (error)
        return MakeError(ErrorCode::kIo, fmt::format("{}: {}", options_.tls_ca, error.message()));
    }
    tls_.set_verify_mode(asio::ssl::verify_peer);
    error = asio::error::would_block;
    tls_.async_handshake(asio::ssl::stream_base::client,
                         [&](const std::error_code& e) { error = e; });
    return Wait(&error, "tls handshake");
  }

  Status Write(const std::string& bytes) {
    std::error_code error = asio::error::would_block;
    auto done = [&](const std::error_code& e, std::size_t) { error = e; };
    if (options_.tls) {
      asio::async_write(tls_, asio::buffer(bytes), done);
    } else {
      asio::async_write(socket(), asio::buffer(bytes), done);
    }
    return Wait(&error, "write");
  }

  // Reads one whole PDU into *pdu.
  Status ReadPdu(std::string* pdu) {
    while (true) {
      if (buffer_.size() - start_ >= kHeaderLength) {
        auto length =
            FramePdu(AsBytes(buffer_.data() + start_, buffer_.size() - start_), kMaxCachePdu);
        if (!length) return Unexpected<Error>(length.error());
        if (buffer_.size() - start_ >= *length) {
          pdu->assign(buffer_, start_, *length);
          start_ += *length;
          return {};
        }
      }
      if (start_ > (1u << 20)) {
        buffer_.erase(0, start_);
        start_ = 0;
      }
      char chunk[1 << 16];
      std::size_t n = 0;
      std::error_code error = asio::error::would_block;
      auto done = [&](const std::error_code& e, std::size_t k) {
        error = e;
        n = k;
      };
      if (options_.tls) {
        tls_.async_read_some(asio::buffer(chunk), done);
      } else {
        socket().async_read_some(asio::buffer(chunk), done);
      }
      if (error == asio::error::would_block) MANRS_TRY(Wait(&error, "read"));
      if (error == asio::error::would_block || error) {
        return MakeError(ErrorCode::kIo, error == asio::error::eof
                                             ? std::string("cache closed the connection")
                                             : "read: " + error.message());
      }
      buffer_.append(chunk, n);
    }
  }

 private:
  tcp::socket& socket() { return tls_.next_layer(); }

  Status Wait(std::error_code* error, const char* what) {
    io_.restart();
    while (*error == asio::error::would_block) {
      auto left = deadline_ - Clock::now();
      if (left <= Clock::duration::zero() || io_.run_one_for(left) == 0) {
        if (*error != asio::error::would_block) break;
        std::error_code ignored;
        socket().close(ignored);
        io_.run();
        return MakeError(ErrorCode::kIo, fmt::format("{}: {}: timed out", options_.address, what));
      }
    }
    if (*error) {
      return MakeError(ErrorCode::kIo,
                       fmt::format("{}: {}: {}", options_.address, what, error->message()));
    }
    return {};
  }

  const ClientOptions& options_;
  Clock::time_point deadline_;
  asio::io_context io_;
  asio::ssl::context ssl_;
  asio::ssl::stream<tcp::socket> tls_;
  std::string buffer_;
  std::size_t start_ = 0;
};

// Why the session with one version ended.
struct Attempt {
  std::optional<CacheDump> dump;
  std::optional<std::uint8_t> retry_version;  // the cache offered this one
};

Result<Attempt> TryVersion(const ClientOptions& options, std::uint8_t version,
                           Clock::time_point deadline) {
  Link link(options, deadline);
  MANRS_TRY(link.Connect());
  const auto start = Clock::now();
  std::string query;
  AppendSimple(version, PduType::kResetQuery, 0, 0, &query);
  MANRS_TRY(link.Write(query));
  CacheDump dump;
  dump.version = version;
  bool in_response = false;
  // Sends an Error Report to the cache and fails.
  auto report = [&](ReportCode code, const std::string& pdu, std::string text) -> Result<Attempt> {
    std::string out;
    AppendErrorReport(version, code, AsBytes(pdu.data(), pdu.size()), text, &out);
    (void)link.Write(out);
    return MakeError(ErrorCode::kBadValue,
                     fmt::format("{}: sent error report {} ({}): {}", options.address,
                                 static_cast<int>(code), ReportCodeName(code), text));
  };
  std::string bytes;
  while (true) {
    MANRS_TRY(link.ReadPdu(&bytes));
    const auto pdu_version = static_cast<std::uint8_t>(bytes[0]);
    const auto type = static_cast<std::uint8_t>(bytes[1]);
    if (type == static_cast<std::uint8_t>(PduType::kErrorReport) || pdu_version == version) {
      // An Error Report may come in the cache's own version (negotiation).
    } else {
      return report(ReportCode::kUnexpectedProtocolVersion, bytes,
                    fmt::format("asked for version {}, got {}", version, pdu_version));
    }
    if (!IsKnownType(type, pdu_version)) {
      return report(ReportCode::kUnsupportedPduType, bytes, fmt::format("pdu type {}", type));
    }
    auto pdu = DecodePdu(AsBytes(bytes.data(), bytes.size()));
    if (!pdu) return report(ReportCode::kCorruptData, bytes, pdu.error().message);
    switch (pdu->type) {
      case PduType::kErrorReport:
        if (pdu->error_code == ReportCode::kUnsupportedProtocolVersion && !in_response &&
            pdu->version < version && options.downgrade) {
          return Attempt{std::nullopt, pdu->version};
        }
        return MakeError(ErrorCode::kIo,
                         fmt::format("{}: cache sent error report {} ({}): {}", options.address,
                                     static_cast<int>(pdu->error_code),
                                     ReportCodeName(pdu->error_code), pdu->text));
      case PduType::kCacheResponse:
        in_response = true;
        dump.session_id = pdu->session_id;
        break;
      case PduType::kIpv4Prefix:
      case PduType::kIpv6Prefix:
      case PduType::kRouterKey:
      case PduType::kAspa:
        if (!in_response)
          return report(ReportCode::kCorruptData, bytes, "payload before cache response");
        if (!pdu->announce) {
          return report(ReportCode::kWithdrawalOfUnknownRecord, bytes,
                        "withdrawal during a full sync");
        }
        if (pdu->type == PduType::kRouterKey) {
          dump.payloads.router_keys.push_back(std::move(pdu->router_key));
        } else if (pdu->type == PduType::kAspa) {
          dump.payloads.aspas.push_back(std::move(pdu->aspa));
        } else {
          dump.payloads.vrps.push_back(pdu->vrp);
        }
        break;
      case PduType::kEndOfData:
        if (!in_response)
          return report(ReportCode::kCorruptData, bytes, "end of data without response");
        dump.serial = pdu->serial;
        dump.timers = pdu->timers;
        dump.seconds_to_end_of_data = std::chrono::duration<double>(Clock::now() - start).count();
        if (auto problem = FinishFullSync(&dump.payloads)) {
          return report(problem->first, bytes, problem->second);
        }
        return Attempt{std::move(dump), std::nullopt};
      case PduType::kSerialNotify:
        break;  // may come at any time; the dump is of one sync
      case PduType::kCacheReset:
        return MakeError(ErrorCode::kIo,
                         fmt::format("{}: cache reset on a reset query", options.address));
      default:
        return report(ReportCode::kInvalidRequest, bytes,
                      fmt::format("a cache does not send {} pdus", PduTypeName(pdu->type)));
    }
  }
}

}  // namespace

std::optional<std::pair<ReportCode, std::string>> FinishFullSync(PayloadSet* set) {
  std::sort(set->vrps.begin(), set->vrps.end());
  if (auto it = std::adjacent_find(set->vrps.begin(), set->vrps.end()); it != set->vrps.end()) {
    return std::make_pair(ReportCode::kDuplicateAnnouncement, "duplicate " + ToString(*it));
  }
  std::sort(set->router_keys.begin(), set->router_keys.end());
  if (std::adjacent_find(set->router_keys.begin(), set->router_keys.end()) !=
      set->router_keys.end()) {
    return std::make_pair(ReportCode::kDuplicateAnnouncement, "duplicate router key");
  }
  std::sort(set->aspas.begin(), set->aspas.end(),
            [](const Aspa& a, const Aspa& b) { return a.customer_asn < b.customer_asn; });
  for (std::size_t i = 0; i < set->aspas.size(); ++i) {
    const Aspa& a = set->aspas[i];
    if (i > 0 && set->aspas[i - 1].customer_asn == a.customer_asn) {
      return std::make_pair(ReportCode::kDuplicateAnnouncement,
                            fmt::format("two ASPAs for AS{}", a.customer_asn));
    }
    // 8210bis: an announcement lists its providers, sorted, once each, and
    // the customer is not its own provider.
    bool sorted = std::is_sorted(a.providers.begin(), a.providers.end()) &&
                  std::adjacent_find(a.providers.begin(), a.providers.end()) == a.providers.end();
    bool self =
        std::find(a.providers.begin(), a.providers.end(), a.customer_asn) != a.providers.end();
    if (a.providers.empty() || !sorted || self) {
      return std::make_pair(ReportCode::kAspaProviderListError,
                            fmt::format("ASPA for AS{}: provider list empty, unsorted, repeated "
                                        "or holding the customer",
                                        a.customer_asn));
    }
  }
  return std::nullopt;
}

Result<CacheDump> DumpCache(const ClientOptions& options) {
  const auto deadline = Clock::now() + std::chrono::seconds(options.timeout_seconds);
  std::uint8_t version = options.version;
  if (version > kMaxVersion) {
    return MakeError(ErrorCode::kBadValue, fmt::format("version {} not supported", version));
  }
  for (int tries = 0; tries <= kMaxVersion; ++tries) {
    auto attempt = TryVersion(options, version, deadline);
    if (!attempt) return Unexpected<Error>(attempt.error());
    if (attempt->dump) return std::move(*attempt->dump);
    version = *attempt->retry_version;
  }
  return MakeError(ErrorCode::kIo, "version negotiation did not converge");
}

namespace {

std::string SkiHex(const WireRouterKey& key) {
  return EncodeHexUpper(
      std::string_view(reinterpret_cast<const char*>(key.ski.data()), key.ski.size()));
}

}  // namespace

std::string FormatDumpText(const CacheDump& dump) {
  std::string out;
  out.reserve(dump.payloads.vrps.size() * 32);
  auto it = std::back_inserter(out);
  for (const Vrp& v : dump.payloads.vrps) {
    fmt::format_to(it, "{}/{}-{} AS{}\n", v.prefix.address().ToString(), v.prefix.length(),
                   v.max_length, v.asn);
  }
  for (const Aspa& a : dump.payloads.aspas) {
    fmt::format_to(it, "aspa AS{} providers", a.customer_asn);
    for (Asn p : a.providers) fmt::format_to(it, " AS{}", p);
    out.push_back('\n');
  }
  for (const WireRouterKey& k : dump.payloads.router_keys) {
    fmt::format_to(it, "router-key AS{} {} {}\n", k.asn, SkiHex(k), EncodeBase64(k.spki));
  }
  return out;
}

std::string FormatDumpJson(const CacheDump& dump) {
  std::string out;
  out.reserve(dump.payloads.vrps.size() * 64);
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "{{\n\"metadata\": {{\"rtr_version\": {}, \"session_id\": {}, \"serial\": {}, "
                 "\"refresh\": {}, \"retry\": {}, \"expire\": {}}},\n\"roas\": [",
                 dump.version, dump.session_id, dump.serial, dump.timers.refresh, dump.timers.retry,
                 dump.timers.expire);
  const char* sep = "\n";
  for (const Vrp& v : dump.payloads.vrps) {
    fmt::format_to(it, "{}{{\"prefix\": \"{}/{}\", \"maxLength\": {}, \"asn\": {}}}", sep,
                   v.prefix.address().ToString(), v.prefix.length(), v.max_length, v.asn);
    sep = ",\n";
  }
  out += "\n],\n\"aspas\": [";
  sep = "\n";
  for (const Aspa& a : dump.payloads.aspas) {
    fmt::format_to(it, "{}{{\"customer_asid\": {}, \"providers\": [", sep, a.customer_asn);
    for (std::size_t i = 0; i < a.providers.size(); ++i) {
      fmt::format_to(it, "{}{}", i ? ", " : "", a.providers[i]);
    }
    out += "]}";
    sep = ",\n";
  }
  out += "\n],\n\"bgpsec_keys\": [";
  sep = "\n";
  for (const WireRouterKey& k : dump.payloads.router_keys) {
    fmt::format_to(it, "{}{{\"asn\": {}, \"ski\": \"{}\", \"pubkey\": \"{}\"}}", sep, k.asn,
                   SkiHex(k), EncodeBase64(k.spki));
    sep = ",\n";
  }
  out += "\n]\n}\n";
  return out;
}

}  // namespace manrs::rtr
