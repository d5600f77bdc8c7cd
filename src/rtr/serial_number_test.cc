// RFC 1982 serial number arithmetic with SERIAL_BITS = 32.
#include "manrs/rtr/serial_number.h"

#include <gtest/gtest.h>

namespace manrs::rtr {
namespace {

TEST(SerialNumberTest, ComparesAcrossTheWrap) {
  SerialNumber max(0xffffffff);
  EXPECT_EQ(max.Next(), SerialNumber(0));
  EXPECT_TRUE(max < SerialNumber(0));  // 0 follows 2^32 - 1
  EXPECT_TRUE(SerialNumber(0) > max);
  EXPECT_TRUE(SerialNumber(1) < SerialNumber(2));
  EXPECT_FALSE(SerialNumber(2) < SerialNumber(2));
  EXPECT_TRUE(SerialNumber(0xfffffff0) < SerialNumber(5));
  EXPECT_TRUE(SerialNumber(5) < SerialNumber(5u + 0x7fffffffu));
  // Exactly 2^31 apart: undefined, neither is less.
  EXPECT_FALSE(SerialNumber(0) < SerialNumber(0x80000000));
  EXPECT_FALSE(SerialNumber(0x80000000) < SerialNumber(0));
}

}  // namespace
}  // namespace manrs::rtr
