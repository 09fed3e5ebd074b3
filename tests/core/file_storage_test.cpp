#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>
#include <unistd.h>

#include "core/runtime/file_storage.h"

namespace distlab::core {
namespace {

namespace fs = std::filesystem;

class FileStorageTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "distlab-storage-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(FileStorageTest, WhatIsWrittenSurvivesANewInstanceAsAfterARestart) {
    {
        FileStorage storage(dir_.string());
        ASSERT_TRUE(storage.write("meta", "term=3", true));
        ASSERT_TRUE(storage.append("raft/log", "a;", true));
        ASSERT_TRUE(storage.append("raft/log", "b;", false));
    }
    FileStorage restarted(dir_.string());
    EXPECT_EQ(restarted.read("meta").value(), std::optional<std::string>("term=3"));
    EXPECT_EQ(restarted.read("raft/log").value(), std::optional<std::string>("a;b;"));
    EXPECT_EQ(restarted.read("never").value(), std::nullopt);
    EXPECT_TRUE(fs::is_directory(dir_ / "raft"));
}

TEST_F(FileStorageTest, WriteReplacesTheWholeValueAndLeavesNoTemporaryFile) {
    FileStorage storage(dir_.string());
    ASSERT_TRUE(storage.append("log", "long old content", false));
    ASSERT_TRUE(storage.write("log", "new", true));
    ASSERT_TRUE(storage.append("log", "+more", false));   // appends after a replace go to the new file
    EXPECT_EQ(storage.read("log").value(), std::optional<std::string>("new+more"));
    EXPECT_FALSE(fs::exists(dir_ / "log.tmp"));
}

// The node's runtime sends the messages queued before a sync from this hook: it must run before
// every synced write or append, and never for an unsynced one.
TEST_F(FileStorageTest, BeforeSyncRunsBeforeEverySyncedWriteOnly) {
    FileStorage storage(dir_.string());
    std::vector<std::string> seen;   // the log's content each time the hook ran
    storage.before_sync([&] { seen.push_back(storage.read("log").value().value_or("-")); });
    ASSERT_TRUE(storage.append("log", "a;", false));
    EXPECT_TRUE(seen.empty());
    ASSERT_TRUE(storage.append("log", "b;", true));
    ASSERT_TRUE(storage.write("meta", "1", true));
    ASSERT_TRUE(storage.write("meta", "2", false));
    EXPECT_EQ(seen, (std::vector<std::string>{"a;", "a;b;"}));   // before b; was written, then before meta
}

TEST_F(FileStorageTest, KeysCannotLeaveTheDataDirectory) {
    FileStorage storage(dir_.string());
    for (const char* key : {"", "../escape", "a/../../b", "/etc/passwd", ".hidden", "a//b", "a/", "sp ace", "a/.b"}) {
        const auto written = storage.write(key, "x", false);
        ASSERT_FALSE(written) << key;
        EXPECT_NE(written.error().message.find("storage key"), std::string::npos);
        EXPECT_FALSE(storage.read(key)) << key;
    }
    EXPECT_FALSE(fs::exists(dir_.parent_path() / "escape"));
}

}  // namespace
}  // namespace distlab::core
