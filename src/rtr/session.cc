// The per-connection RTR state machine (see session.h for the protocol).
#include "manrs/rtr/session.h"

#include <utility>

#include "fmt/format.h"

namespace manrs::rtr {

Session::Session(CacheState* cache, const Timers& timers, const SessionLimits& limits)
    : cache_(cache), timers_(timers), limits_(limits) {}

Bytes Session::PendingOutput() const {
  if (out_.empty()) return {};
  const Segment& s = out_.front();
  const std::string& b = s.bytes();
  return AsBytes(b.data() + s.pos, b.size() - s.pos);
}

void Session::ConsumeOutput(std::size_t n) {
  while (n > 0 && !out_.empty()) {
    Segment& s = out_.front();
    std::size_t left = s.bytes().size() - s.pos;
    std::size_t take = n < left ? n : left;
    s.pos += take;
    n -= take;
    pending_bytes_ -= take;
    if (s.pos == s.bytes().size()) {
      if (s.is_notify) notify_queued_ = false;
      out_.pop_front();
    }
  }
}

void Session::Queue(std::string bytes, bool is_notify) {
  pending_bytes_ += bytes.size();
  Segment s;
  s.own = std::move(bytes);
  s.is_notify = is_notify;
  out_.push_back(std::move(s));
}

void Session::Close(CloseCause cause, std::string reason) {
  if (closing_) return;
  closing_ = true;
  close_cause_ = cause;
  close_reason_ = std::move(reason);
}

void Session::NotifyNewSerial() {
  if (closing_ || !version_ || notify_queued_) return;
  std::optional<SerialNumber> serial = cache_->serial();
  if (!serial) return;
  std::string pdu;
  AppendSimple(*version_, PduType::kSerialNotify, cache_->session_id(), serial->value(), &pdu);
  notify_queued_ = true;
  Queue(std::move(pdu), true);
}

void Session::SendError(std::uint8_t version, ReportCode code, Bytes pdu, std::string text,
                        bool fatal) {
  std::string out;
  AppendErrorReport(version, code, pdu, text, &out);
  Queue(std::move(out));
  last_error_sent_ = code;
  if (static_cast<std::size_t>(code) < errors_sent_.size())
    ++errors_sent_[static_cast<std::size_t>(code)];
  if (fatal)
    Close(CloseCause::kErrorSent, fmt::format("sent error report {} ({}): {}",
                                              static_cast<int>(code), ReportCodeName(code), text));
}

void Session::Respond(std::uint8_t version, const std::shared_ptr<const std::string>& body) {
  if (!body) {  // the cache has a serial but no encoding: a fault of ours
    SendError(version, ReportCode::kInternalError, {}, "cache has no encoding for its serial",
              true);
    return;
  }
  const std::uint16_t session_id = cache_->session_id();
  const std::uint32_t serial = cache_->serial()->value();
  std::string head;
  AppendSimple(version, PduType::kCacheResponse, session_id, 0, &head);
  Queue(std::move(head));
  if (!body->empty()) {
    Segment s;
    s.shared = body;
    pending_bytes_ += body->size();
    out_.push_back(std::move(s));
  }
  std::string tail;
  AppendEndOfData(version, session_id, serial, timers_, &tail);
  Queue(std::move(tail));
}

void Session::Receive(Bytes data) {
  // in_ holds at most one PDU: first its header, then as much as its length.
  while (!closing_) {
    std::size_t want = kHeaderLength;
    if (in_.size() >= kHeaderLength) {
      // The version is judged on the header alone: a PDU of a version this
      // session cannot speak is not worth reading (its length may be junk).
      const auto version = static_cast<std::uint8_t>(in_[0]);
      if ((!version_ && version > kMaxVersion) || (version_ && version != *version_)) {
        std::string header = std::move(in_);
        in_.clear();
        Handle(AsBytes(header.data(), header.size()));
        return;
      }
      auto length = FramePdu(AsBytes(in_.data(), in_.size()), limits_.max_pdu_length);
      if (!length) {
        const auto first = static_cast<std::uint8_t>(in_[0]);
        SendError(version_.value_or(first <= kMaxVersion ? first : kMaxVersion),
                  ReportCode::kCorruptData, AsBytes(in_.data(), kHeaderLength),
                  length.error().message, true);
        return;
      }
      want = *length;
      if (in_.size() == want) {
        std::string pdu = std::move(in_);
        in_.clear();
        Handle(AsBytes(pdu.data(), pdu.size()));
        continue;
      }
    }
    if (data.empty()) return;
    std::size_t take = want - in_.size();
    if (take > data.size()) take = data.size();
    in_.append(reinterpret_cast<const char*>(data.data()), take);
    data = data.subspan(take);
  }
}

void Session::Handle(Bytes pdu) {
  const std::uint8_t version = static_cast<std::uint8_t>(pdu[0]);
  const std::uint8_t type = static_cast<std::uint8_t>(pdu[1]);
  if (!version_ && version > kMaxVersion) {
    SendError(kMaxVersion, ReportCode::kUnsupportedProtocolVersion, pdu,
              fmt::format("version {} not supported, highest is {}", version, kMaxVersion), true);
    return;
  }
  if (version_ && version != *version_) {
    SendError(*version_, ReportCode::kUnexpectedProtocolVersion, pdu,
              fmt::format("session runs version {}, got {}", *version_, version), true);
    return;
  }
  if (!IsKnownType(type, version)) {
    SendError(version, ReportCode::kUnsupportedPduType, pdu,
              fmt::format("pdu type {} not in version {}", type, version), true);
    return;
  }
  auto decoded = DecodePdu(pdu);
  if (!decoded) {
    SendError(version, ReportCode::kCorruptData, pdu, decoded.error().message, true);
    return;
  }
  switch (decoded->type) {
    case PduType::kResetQuery:
    case PduType::kSerialQuery: {
      version_ = version;
      if (!cache_->serial()) {
        SendError(version, ReportCode::kNoDataAvailable, pdu, "no data loaded yet", false);
        return;
      }
      if (decoded->type == PduType::kResetQuery) {
        Respond(version, cache_->FullSet(version));
        ++full_syncs_;
      } else {
        std::shared_ptr<const std::string> diff;
        if (decoded->session_id == cache_->session_id()) {
          diff = cache_->DiffSince(SerialNumber(decoded->serial), version);
        }
        if (!diff) {
          std::string reset;
          AppendSimple(version, PduType::kCacheReset, 0, 0, &reset);
          Queue(std::move(reset));
        } else {
          Respond(version, diff);
          ++incremental_syncs_;
        }
      }
      if (pending_bytes_ > limits_.max_pending_output) {
        Close(CloseCause::kOutputCap,
              "output buffer cap exceeded (router sends queries without reading)");
      }
      return;
    }
    case PduType::kErrorReport:
      Close(
          CloseCause::kErrorReceived,
          fmt::format("router sent error report {} ({}): {}", static_cast<int>(decoded->error_code),
                      ReportCodeName(decoded->error_code), decoded->text));
      return;
    default:
      SendError(version, ReportCode::kInvalidRequest, pdu,
                fmt::format("a router does not send {} pdus", PduTypeName(decoded->type)), true);
      return;
  }
}

}  // namespace manrs::rtr
