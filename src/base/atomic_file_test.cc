#include "manrs/base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace manrs {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("manrs_atomic_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // Everything in the directory: no temporary file may stay behind.
  std::size_t Entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, CreatesAndReplaces) {
  const fs::path f = dir_ / "filter.conf";
  ASSERT_TRUE(WriteFileAtomically(f, "one\n"));
  EXPECT_EQ(Read(f), "one\n");
  fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_TRUE(WriteFileAtomically(f, "two\n"));
  EXPECT_EQ(Read(f), "two\n");
  EXPECT_EQ(fs::status(f).permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_TRUE(WriteFileAtomically(f, ""));
  EXPECT_EQ(Read(f), "");
  EXPECT_EQ(Entries(), 1u);
}

TEST_F(AtomicFileTest, WritesThroughSymlinks) {
  fs::create_directories(dir_ / "real");
  const fs::path target = dir_ / "real" / "next.conf";
  { std::ofstream(target) << "old\n"; }
  fs::create_symlink("real/next.conf", dir_ / "relative");  // relative to the link's directory
  fs::create_symlink(dir_ / "relative", dir_ / "chain");    // a link to a link
  ASSERT_TRUE(WriteFileAtomically(dir_ / "chain", "new\n"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "chain"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "relative"));
  EXPECT_EQ(Read(target), "new\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "real"), {}), 1);
}

TEST_F(AtomicFileTest, DanglingLinkCreatesItsTarget) {
  fs::create_symlink("made.conf", dir_ / "link");
  ASSERT_TRUE(WriteFileAtomically(dir_ / "link", "x"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  EXPECT_EQ(Read(dir_ / "made.conf"), "x");
}

TEST_F(AtomicFileTest, RefusesWhatIsNotARegularFile) {
  fs::create_directories(dir_ / "sub");
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  fs::create_symlink("/dev/null", dir_ / "devlink");
  for (const fs::path& p : {dir_ / "sub", dir_ / "fifo", dir_ / "devlink", fs::path("/dev/null")}) {
    auto st = WriteFileAtomically(p, "x");
    ASSERT_FALSE(st) << p;
    EXPECT_EQ(st.error().code, ErrorCode::kIo);
    EXPECT_NE(st.error().message.find("not a regular file"), std::string::npos) << p;
  }
  EXPECT_TRUE(fs::is_directory(dir_ / "sub"));
  EXPECT_TRUE(fs::is_fifo(dir_ / "fifo"));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_EQ(Entries(), 3u);
}

TEST_F(AtomicFileTest, MissingDirectoryFailsCleanly) {
  auto st = WriteFileAtomically(dir_ / "no" / "file", "x");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find((dir_ / "no" / "file").string()), std::string::npos);
  EXPECT_EQ(Entries(), 0u);
}

TEST_F(AtomicFileTest, LinkLoopIsAnError) {
  fs::create_symlink("b", dir_ / "a");
  fs::create_symlink("a", dir_ / "b");
  EXPECT_FALSE(WriteFileAtomically(dir_ / "a", "x"));
}

}  // namespace
}  // namespace manrs
