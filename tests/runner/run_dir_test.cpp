// Where a run keeps its nodes' data when the caller names no directory: on a memory file system
// whenever one is at hand, so a node's sync never waits behind other programs' disk writeback.

#include <gtest/gtest.h>

#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/telemetry.h"
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

TEST(RunDir, RunDirectoriesOfDeadProcessesAreRemovedAndNothingElse) {
    const test_support::ScratchDir base("distlab-run-dir-test");
    ASSERT_FALSE(base.path().empty());
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0)
        ::_exit(0);
    ASSERT_EQ(::waitpid(child, nullptr, 0), child);   // a pid that no longer exists
    const auto dead = base.path() / ("distlab-run-" + std::to_string(child) + "-aB3dE6");
    const auto ours = base.path() / ("distlab-run-" + std::to_string(::getpid()) + "-aB3dE6");
    const auto unnamed = base.path() / "distlab-run-aB3dE6";      // no pid: cannot tell, kept
    const auto other = base.path() / ("other-" + std::to_string(child) + "-aB3dE6");
    for (const auto& dir : {dead, ours, unnamed, other})
        std::filesystem::create_directories(dir / "nodes" / "n1");
    std::ofstream(dead / "nodes" / "n1" / "raft.log") << "entries";

    remove_stale_run_dirs(base.path());

    EXPECT_FALSE(std::filesystem::exists(dead));
    EXPECT_TRUE(std::filesystem::exists(ours));
    EXPECT_TRUE(std::filesystem::exists(unnamed));
    EXPECT_TRUE(std::filesystem::exists(other));
}

// Reads each node's --data-dir from its command line as the node starts, and where it is (the
// node runs for the whole run, so it is alive when its NodeStarted event arrives).
class DataDirs final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override {
        for (const Event& e : batch) {
            if (e.kind != EventKind::NodeStarted)
                continue;
            const auto pid = core::Json::parse(e.data).at("pid").get<long>();
            std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
            std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::vector<std::string> args;
            for (std::size_t from = 0; from < cmdline.size();) {
                const std::size_t end = cmdline.find('\0', from);
                args.push_back(cmdline.substr(from, end - from));
                from = end == std::string::npos ? cmdline.size() : end + 1;
            }
            for (std::size_t i = 0; i + 1 < args.size(); ++i)
                if (args[i] == "--data-dir")
                    dirs.push_back({args[i + 1], on_memory_file_system(args[i + 1])});
        }
    }
    struct Dir {
        std::filesystem::path path;
        bool on_memory = false;        // when the node started
    };
    std::vector<Dir> dirs;
};

TEST(RunDir, ARealRunKeepsItsNodesDataOnAMemoryFileSystemAndRemovesIt) {
    if (!memory_file_system_at_hand())
        GTEST_SKIP() << "neither /dev/shm nor /tmp is a memory file system here";
    const RuntimeDirEnv env(std::nullopt);
    const std::string yaml = R"(
version: 1
name: run-dir
family: consensus
title: {en: "Run dir", zh: "运行目录"}
summary: {en: "A test.", zh: "测试。"}
duration: 2s
seed: 1
network: {preset: ideal}
nodes:
  - {id: n1, role: raft}
  - {id: n2, role: raft}
  - {id: n3, role: raft}
links: full
)";
    auto loaded = load_scenario_text(yaml, "run-dir.yaml", core::RoleRegistry::builtin(), {});
    ASSERT_TRUE(loaded) << loaded.error().front().str();
    DataDirs seen;
    RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.extra_sinks.push_back(&seen);
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_EQ(seen.dirs.size(), 3u);
    for (const auto& [path, on_memory] : seen.dirs) {
        EXPECT_TRUE(on_memory) << path;
        const std::filesystem::path run_dir = path.parent_path().parent_path();   // RUN_DIR/nodes/<id>
        EXPECT_FALSE(std::filesystem::exists(run_dir)) << run_dir << " is left behind";
    }
}

}  // namespace
}  // namespace distlab::netlab
