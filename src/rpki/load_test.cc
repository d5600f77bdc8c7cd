#include "manrs/rpki/load.h"

#include <gtest/gtest.h>

#include <string>

#include "manrs/rpki/route_origin_validation.h"

namespace manrs {
namespace {

std::string TestFile(const std::string& name) {
  return std::string(MANRS_TESTDATA) + "/rpki/" + name;
}

TEST(LoadRpkiTest, VrpsWithAndWithoutSlurm) {
  ProblemLog problems;
  auto plain = LoadRpki(TestFile("stayrtr__test.rpki.json"), "", problems);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->vrps.size(), plain->payloads.vrps.size());
  EXPECT_EQ(plain->aspas.size(), plain->payloads.aspas.size());

  auto filtered =
      LoadRpki(TestFile("stayrtr__test.rpki.json"), TestFile("stayrtr__slurm.json"), problems);
  ASSERT_TRUE(filtered) << filtered.error().message;
  // The SLURM file changes the set, and the tables follow the changed set.
  EXPECT_NE(filtered->payloads.vrps, plain->payloads.vrps);
  EXPECT_EQ(filtered->vrps.size(), filtered->payloads.vrps.size());
  for (const Vrp& v : filtered->payloads.vrps) {
    EXPECT_EQ(ValidateOrigin(filtered->vrps, v.prefix, v.asn), RovState::kValid) << ToString(v);
  }
}

TEST(LoadRpkiTest, ErrorsNameTheirFileOnce) {
  ProblemLog problems;
  const std::string missing = TestFile("no-such.json");
  auto r = LoadRpki(missing, "", problems);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with(missing + ": ")) << r.error().message;
  EXPECT_EQ(r.error().message.find(missing, 1), std::string::npos) << r.error().message;
  const std::string bad_slurm = TestFile("rpki-irr-bgp-stats__roas.csv");
  r = LoadRpki(TestFile("stayrtr__test.rpki.json"), bad_slurm, problems);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().message.starts_with(bad_slurm + ": ")) << r.error().message;
}

}  // namespace
}  // namespace manrs
