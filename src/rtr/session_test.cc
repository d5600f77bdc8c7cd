// The session state machine, driven as a router would drive it; each case
// names the RFC behaviour it checks.
#include "manrs/rtr/session.h"

#include <gtest/gtest.h>

#include <vector>

namespace manrs::rtr {
namespace {

PayloadSet Set(std::initializer_list<std::uint32_t> nets) {
  PayloadSet s;
  for (std::uint32_t n : nets) {
    s.vrps.push_back(Vrp{Prefix::Normalized(IpAddress::V4(n << 8), 24), 24, 64496});
  }
  s.aspas.push_back(Aspa{64496, {64497}});
  return s;
}

std::string Query(std::uint8_t version, PduType type, std::uint16_t session = 0,
                  std::uint32_t serial = 0) {
  std::string out;
  AppendSimple(version, type, session, serial, &out);
  return out;
}

// Everything the session has to send, decoded.
std::vector<Pdu> Drain(Session& s) {
  std::string bytes;
  while (s.HasOutput()) {
    Bytes b = s.PendingOutput();
    bytes.append(reinterpret_cast<const char*>(b.data()), b.size());
    s.ConsumeOutput(b.size());
  }
  std::vector<Pdu> out;
  Bytes rest = AsBytes(bytes.data(), bytes.size());
  while (!rest.empty()) {
    auto length = FramePdu(rest, 1 << 20);
    EXPECT_TRUE(length);
    if (!length) break;
    auto pdu = DecodePdu(rest.first(*length));
    EXPECT_TRUE(pdu) << pdu.error().message;
    if (!pdu) break;
    out.push_back(*pdu);
    rest = rest.subspan(*length);
  }
  return out;
}

void Send(Session& s, const std::string& bytes) { s.Receive(AsBytes(bytes.data(), bytes.size())); }

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : cache_(4242, 10, SerialNumber(100)) { (void)cache_.Update(Set({1, 2})); }
  PayloadCache cache_;
  Timers timers_{60, 30, 900};
};

TEST_F(SessionTest, ResetQueryInEachVersion) {
  for (std::uint8_t v = 0; v <= 2; ++v) {
    Session s(&cache_, timers_);
    Send(s, Query(v, PduType::kResetQuery));
    auto pdus = Drain(s);
    std::size_t expected = v == 2 ? 5 : 4;  // response, 2 prefixes, (aspa), EOD
    ASSERT_EQ(pdus.size(), expected) << int{v};
    EXPECT_EQ(pdus.front().type, PduType::kCacheResponse);
    EXPECT_EQ(pdus.front().session_id, 4242);
    EXPECT_EQ(pdus.back().type, PduType::kEndOfData);
    EXPECT_EQ(pdus.back().serial, 100u);
    for (const Pdu& p : pdus) EXPECT_EQ(p.version, v);
    if (v > 0) {
      EXPECT_EQ(pdus.back().timers.refresh, 60u);
    }
    EXPECT_FALSE(s.closing());
    EXPECT_EQ(s.version(), v);
  }
}

TEST_F(SessionTest, ByteAtATimeAndPipelined) {
  Session s(&cache_, timers_);
  std::string two = Query(1, PduType::kResetQuery) + Query(1, PduType::kSerialQuery, 4242, 100);
  for (char c : two) Send(s, std::string(1, c));
  auto pdus = Drain(s);
  ASSERT_EQ(pdus.size(), 6u);  // 4 for the reset, response + EOD for the serial
  EXPECT_EQ(pdus[4].type, PduType::kCacheResponse);
}

TEST_F(SessionTest, SerialQueryGetsTheDeltaOrACacheReset) {
  Session s(&cache_, timers_);
  Send(s, Query(1, PduType::kResetQuery));
  Drain(s);
  ASSERT_TRUE(cache_.Update(Set({2, 3})));
  s.NotifyNewSerial();
  s.NotifyNewSerial();  // coalesced
  auto notify = Drain(s);
  ASSERT_EQ(notify.size(), 1u);
  EXPECT_EQ(notify[0].type, PduType::kSerialNotify);
  EXPECT_EQ(notify[0].serial, 101u);
  Send(s, Query(1, PduType::kSerialQuery, 4242, 100));
  auto pdus = Drain(s);
  ASSERT_EQ(pdus.size(), 4u);
  EXPECT_FALSE(pdus[1].announce);  // withdraw net 1
  EXPECT_TRUE(pdus[2].announce);   // announce net 3
  EXPECT_EQ(pdus[3].serial, 101u);
  // A serial the history does not hold, and another session id: Cache Reset.
  Send(s, Query(1, PduType::kSerialQuery, 4242, 5));
  EXPECT_EQ(Drain(s).at(0).type, PduType::kCacheReset);
  Send(s, Query(1, PduType::kSerialQuery, 1, 100));
  EXPECT_EQ(Drain(s).at(0).type, PduType::kCacheReset);
  EXPECT_FALSE(s.closing());
}

TEST_F(SessionTest, NoDataAvailableKeepsTheSessionOpen) {
  PayloadCache empty(1, 10);
  Session s(&empty, timers_);
  Send(s, Query(1, PduType::kResetQuery));
  auto pdus = Drain(s);
  ASSERT_EQ(pdus.size(), 1u);
  EXPECT_EQ(pdus[0].type, PduType::kErrorReport);
  EXPECT_EQ(pdus[0].error_code, ReportCode::kNoDataAvailable);
  EXPECT_FALSE(s.closing());
}

struct BadCase {
  const char* name;
  std::string bytes;
  ReportCode code;
  std::uint8_t reply_version;
};

TEST_F(SessionTest, BadInputGetsTheRightErrorReportAndCloses) {
  std::string prefix;
  AppendPrefix(1, true, Set({1}).vrps[0], &prefix);
  std::string bad_length = Query(1, PduType::kResetQuery);
  bad_length[7] = 12;
  bad_length += std::string(4, '\0');
  std::string huge = Query(1, PduType::kResetQuery);
  huge[4] = 0x7f;
  std::vector<BadCase> cases = {
      {"version 3", Query(1, PduType::kResetQuery).replace(0, 1, 1, '\x03'),
       ReportCode::kUnsupportedProtocolVersion, 2},
      {"type 5", Query(1, PduType::kResetQuery).replace(1, 1, 1, '\x05'),
       ReportCode::kUnsupportedPduType, 1},
      {"aspa in version 1", Query(1, PduType::kResetQuery).replace(1, 1, 1, '\x0b'),
       ReportCode::kUnsupportedPduType, 1},
      {"reset query 12 long", bad_length, ReportCode::kCorruptData, 1},
      {"length 2 GB", huge, ReportCode::kCorruptData, 1},
      {"prefix from a router", prefix, ReportCode::kInvalidRequest, 1},
      {"downgrade mid-session",
       Query(2, PduType::kResetQuery) + Query(1, PduType::kSerialQuery, 4242, 100),
       ReportCode::kUnexpectedProtocolVersion, 2},
  };
  for (const BadCase& c : cases) {
    Session s(&cache_, timers_);
    Send(s, c.bytes);
    auto pdus = Drain(s);
    ASSERT_FALSE(pdus.empty()) << c.name;
    const Pdu& last = pdus.back();
    EXPECT_EQ(last.type, PduType::kErrorReport) << c.name;
    EXPECT_EQ(last.error_code, c.code) << c.name;
    EXPECT_EQ(last.version, c.reply_version) << c.name;
    EXPECT_FALSE(last.encapsulated.empty()) << c.name;
    EXPECT_TRUE(s.closing()) << c.name;
    EXPECT_EQ(s.close_cause(), Session::CloseCause::kErrorSent) << c.name;
    Send(s, Query(1, PduType::kResetQuery));  // ignored once closing
    EXPECT_FALSE(s.HasOutput()) << c.name;
  }
}

TEST_F(SessionTest, ErrorReportFromTheRouterClosesSilently) {
  Session s(&cache_, timers_);
  std::string report;
  AppendErrorReport(1, ReportCode::kWithdrawalOfUnknownRecord, {}, "oops", &report);
  Send(s, report);
  EXPECT_FALSE(s.HasOutput());
  EXPECT_TRUE(s.closing());
  EXPECT_EQ(s.close_cause(), Session::CloseCause::kErrorReceived);
  EXPECT_NE(s.close_reason().find("withdrawal of unknown record"), std::string::npos);
}

TEST_F(SessionTest, NoNotifyBeforeTheFirstQuery) {
  Session s(&cache_, timers_);
  s.NotifyNewSerial();
  EXPECT_FALSE(s.HasOutput());
}

}  // namespace
}  // namespace manrs::rtr
