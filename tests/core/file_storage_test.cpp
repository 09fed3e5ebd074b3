#include <gtest/gtest.h>

#include <filesystem>
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
