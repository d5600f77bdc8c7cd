// RecordDecoder: the typed layer. Turns raw MRT records into elements, keeping
// what later records depend on (the PEER_INDEX_TABLE) and reusing its buffers
// so the steady state allocates nothing.
//
// Problems (malformed bodies, unknown types) go to the ProblemLog with the
// stream offset; the record's good elements are still delivered where the
// damage allows it. Unknown record types are reported once per type/subtype.
#ifndef MANRS_MRT_RECORD_DECODER_H_
#define MANRS_MRT_RECORD_DECODER_H_

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/bgp/element.h"
#include "manrs/bgp/message.h"
#include "manrs/mrt/peer_index.h"
#include "manrs/mrt/record.h"

namespace manrs {

struct DecodeStats {
  std::uint64_t records = 0;
  std::map<std::pair<std::uint16_t, std::uint16_t>, std::uint64_t> records_by_type;
  std::array<std::uint64_t, 6> bgp_messages{};  // by BGP message type 1..5
  std::uint64_t unknown_afi_safi = 0;           // MP NLRI of families not decoded
  std::uint64_t bad_records = 0;

  void Merge(const DecodeStats& other);
};

class RecordDecoder {
 public:
  // source names the input in problem reports; problems must outlive this.
  RecordDecoder(std::string source, ProblemLog& problems)
      : source_(std::move(source)), problems_(problems) {}

  // Decodes one record; out is cleared and receives its elements, which stay
  // valid until the next call.
  void Decode(const RawRecord& record, std::vector<Element>* out);

  // Installs a peer table found elsewhere (a second decoder working on the
  // same file in parallel needs the one from the start of the file).
  void SetPeerIndex(const PeerIndexTable& table) {
    peer_index_ = table;
    have_peer_index_ = true;
  }
  // Whether BGP messages other than UPDATE become kMessage elements (off by
  // default: most consumers want routes only).
  void set_session_messages(bool on) { session_messages_ = on; }

  bool has_peer_index() const { return have_peer_index_; }
  const PeerIndexTable& peer_index() const { return peer_index_; }
  const DecodeStats& stats() const { return stats_; }

 private:
  void Report(std::uint64_t offset, std::string message);
  void Report(const Error& error) { Report(error.offset, error.message); }
  void ReportOnce(const RawRecord& record, const char* what);

  void DecodeTableDump(const RawRecord& record, ByteCursor body, std::vector<Element>* out);
  void DecodeTableDumpV2(const RawRecord& record, ByteCursor body, std::vector<Element>* out);
  void DecodeBgp4mp(const RawRecord& record, ByteCursor body, std::vector<Element>* out);
  void DecodeMrtBgp(const RawRecord& record, ByteCursor body, std::vector<Element>* out);
  // Emits the withdrawals, then the announcements, of update_ in that order:
  // classic withdrawn routes, MP_UNREACH, classic NLRI, MP_REACH.
  void EmitUpdate(const Element& base, std::vector<Element>* out);
  void EmitSessionMessage(const Element& base, std::uint8_t type, ByteCursor message,
                          std::vector<Element>* out);

  std::string source_;
  ProblemLog& problems_;
  DecodeStats stats_;
  PeerIndexTable peer_index_;
  bool have_peer_index_ = false;
  bool add_path_guess_reported_ = false;
  bool session_messages_ = false;
  BgpOpen open_;
  BgpNotification notification_;
  BgpUpdate update_;
  std::vector<PathAttributes> rib_attributes_;
  std::set<std::pair<std::uint16_t, std::uint16_t>> reported_types_;
};

}  // namespace manrs

#endif  // MANRS_MRT_RECORD_DECODER_H_
