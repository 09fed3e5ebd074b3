// Where a run keeps its nodes' data when the caller names no directory: on a memory file system
// whenever one is at hand, so a node's sync never waits behind other programs' disk writeback.

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "netlab/runner/runner.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

// Sets or clears XDG_RUNTIME_DIR for one test and puts the old value back afterwards.
class RuntimeDirEnv {
public:
    explicit RuntimeDirEnv(const std::optional<std::string>& value) {
        if (const char* old = std::getenv("XDG_RUNTIME_DIR"))
            old_ = old;
        if (value)
            ::setenv("XDG_RUNTIME_DIR", value->c_str(), 1);
        else
            ::unsetenv("XDG_RUNTIME_DIR");
    }
    RuntimeDirEnv(const RuntimeDirEnv&) = delete;
    RuntimeDirEnv& operator=(const RuntimeDirEnv&) = delete;
    ~RuntimeDirEnv() {
        if (old_)
            ::setenv("XDG_RUNTIME_DIR", old_->c_str(), 1);
        else
            ::unsetenv("XDG_RUNTIME_DIR");
    }

private:
    std::optional<std::string> old_;
};

bool memory_file_system_at_hand() {
    return on_memory_file_system("/dev/shm") || on_memory_file_system("/tmp");
}

TEST(RunDir, TellsAMemoryFileSystemFromOthers) {
    if (!on_memory_file_system("/dev/shm"))
        GTEST_SKIP() << "/dev/shm is not a memory file system here";
    EXPECT_FALSE(on_memory_file_system("/dev/shm/distlab-no-such-directory"));
    EXPECT_FALSE(on_memory_file_system("/proc"));
}

TEST(RunDir, WithoutARuntimeDirectoryTheBaseIsOnAMemoryFileSystem) {
    if (!memory_file_system_at_hand())
        GTEST_SKIP() << "neither /dev/shm nor /tmp is a memory file system here";
    const RuntimeDirEnv env(std::nullopt);
    EXPECT_TRUE(on_memory_file_system(temporary_run_base())) << temporary_run_base();
}

TEST(RunDir, ARuntimeDirectoryOnTheDiskIsPassedOverForMemory) {
    const test_support::ScratchDir disk("distlab-run-dir-test");
    ASSERT_FALSE(disk.path().empty());
    if (on_memory_file_system(disk.path()) || !memory_file_system_at_hand())
        GTEST_SKIP() << "no disk-backed temp directory next to a memory file system here";
    const RuntimeDirEnv env(disk.path().string());
    EXPECT_NE(temporary_run_base(), disk.path());
    EXPECT_TRUE(on_memory_file_system(temporary_run_base())) << temporary_run_base();
}

TEST(RunDir, ARuntimeDirectoryOnMemoryIsUsedAsItIs) {
    if (!on_memory_file_system("/dev/shm"))
        GTEST_SKIP() << "/dev/shm is not a memory file system here";
    std::string pattern = "/dev/shm/distlab-runtime-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    {
        const RuntimeDirEnv env(pattern);
        EXPECT_EQ(temporary_run_base(), std::filesystem::path(pattern));
    }
    std::filesystem::remove(pattern);
}

}  // namespace
}  // namespace distlab::netlab
