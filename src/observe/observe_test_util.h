// Builders for the observatory's unit tests: routes as the MRT reader would
// deliver them, crafted one element at a time.
#ifndef MANRS_SRC_OBSERVE_OBSERVE_TEST_UTIL_H_
#define MANRS_SRC_OBSERVE_OBSERVE_TEST_UTIL_H_

#include <deque>
#include <initializer_list>
#include <string>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/bgp/element.h"
#include "manrs/observe/observer.h"
#include "manrs/rpsl/object_reader.h"

namespace manrs::observe_test {

inline Prefix P(const char* text) { return *Prefix::Parse(text); }
inline IpAddress Ip(const char* text) { return *IpAddress::Parse(text); }

// Feeds crafted elements to an observer. Attributes live as long as the feeder.
class Feeder {
 public:
  explicit Feeder(Observer* observer) : observer_(observer) {}

  // Peer n has the IP 198.51.100.n; its AS is the first of the path, as on
  // a real session.
  void Route(ElementType type, int peer, const char* prefix, std::vector<Asn> path,
             std::int64_t time, std::vector<Asn> set = {}, Asn otc = 0) {
    PathAttributes& a = attributes_.emplace_back();
    if (!path.empty()) a.as_path.Append(SegmentType::kAsSequence, path);
    if (!set.empty()) a.as_path.Append(SegmentType::kAsSet, set);
    if (otc) {
      a.present.set(kAttrOtc);
      a.otc = otc;
    }
    Element e;
    e.type = type;
    e.timestamp = static_cast<std::uint32_t>(time);
    e.peer_ip = PeerIp(peer);
    e.peer_asn = path.empty() ? 64999 : path.front();
    e.prefix = P(prefix);
    e.attributes = &a;
    observer_->Add(e);
  }
  void Rib(int peer, const char* prefix, std::vector<Asn> path, std::int64_t time) {
    Route(ElementType::kRibEntry, peer, prefix, std::move(path), time);
  }
  void Announce(int peer, const char* prefix, std::vector<Asn> path, std::int64_t time) {
    Route(ElementType::kAnnounce, peer, prefix, std::move(path), time);
  }
  void Withdraw(int peer, Asn peer_asn, const char* prefix, std::int64_t time) {
    Element e;
    e.type = ElementType::kWithdraw;
    e.timestamp = static_cast<std::uint32_t>(time);
    e.peer_ip = PeerIp(peer);
    e.peer_asn = peer_asn;
    e.prefix = P(prefix);
    observer_->Add(e);
  }
  void SessionDown(int peer, Asn peer_asn, std::int64_t time) {
    Element e;
    e.type = ElementType::kStateChange;
    e.timestamp = static_cast<std::uint32_t>(time);
    e.peer_ip = PeerIp(peer);
    e.peer_asn = peer_asn;
    e.old_state = 6;
    e.new_state = 1;
    observer_->Add(e);
  }
  static IpAddress PeerIp(int peer) { return Ip(("198.51.100." + std::to_string(peer)).c_str()); }

 private:
  Observer* observer_;
  std::deque<PathAttributes> attributes_;
};

// An IRR database from RPSL text.
inline IrrDatabase IrrFrom(const std::string& rpsl) {
  IrrDatabase db;
  ProblemLog problems;
  auto source = db.AddSource("TEST");
  RpslReader reader(rpsl, "test.rpsl", &problems);
  RpslObject object;
  while (reader.Next(&object)) db.AddObject(object, *source, "test.rpsl", problems);
  db.Finish();
  return db;
}

inline const AsReport* Find(const PeriodResult& r, Asn asn) {
  for (const AsReport& a : r.ases) {
    if (a.metrics.asn == asn) return &a;
  }
  return nullptr;
}

}  // namespace manrs::observe_test

#endif  // MANRS_SRC_OBSERVE_OBSERVE_TEST_UTIL_H_
