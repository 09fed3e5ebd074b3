#include "netlab/telemetry/runs_folder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "netlab/telemetry/recorder.h"

namespace distlab::netlab {
namespace {

namespace fs = std::filesystem;
using std::chrono::system_clock;

class RunsFolderTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/distlab-runs-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        root_ = tmpl;
        dir_ = root_ / "runs";
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

    // A finished recording of `events` Log events at `path`.
    fs::path record(const fs::path& path, const std::string& title_en, int events = 3, bool close = true) {
        RecordingMeta meta;
        meta.scenario_name = path.stem().string();
        meta.scenario_yaml = "version: 1\nname: x\ntitle:\n  en: \"" + title_en + "\"\n  zh: \"标题\"\n";
        meta.seed = 42;
        auto recorder = Recorder::open(path, meta);
        EXPECT_TRUE(recorder.has_value());
        if (!recorder)
            return path;
        std::vector<Event> batch;
        for (int i = 0; i < events; ++i) {
            Event e;
            e.t_ns = 1'000'000 * (i + 1);
            e.kind = EventKind::Log;
            e.node = "n1";
            e.type = "info";
            e.data = std::string(200, 'x');
            batch.push_back(e);
        }
        (*recorder)->on_events(batch);
        if (close)
            EXPECT_TRUE((*recorder)->close("completed").has_value());
        else
            (*recorder)->flush();
        open_.push_back(std::move(*recorder));
        return path;
    }

    static void set_age(const fs::path& p, int minutes_ago) {
        fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::minutes(minutes_ago));
    }

    fs::path root_;
    fs::path dir_;
    std::vector<std::unique_ptr<Recorder>> open_;
};

TEST(RunsFolderPath, FollowsXdgDataHome) {
    EXPECT_EQ(RunsFolder::default_path("/data", "/home/u"), fs::path("/data/distlab/runs"));
    EXPECT_EQ(RunsFolder::default_path(nullptr, "/home/u"), fs::path("/home/u/.local/share/distlab/runs"));
    EXPECT_EQ(RunsFolder::default_path("", "/home/u"), fs::path("/home/u/.local/share/distlab/runs"));
    // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
    EXPECT_EQ(RunsFolder::default_path("rel", "/home/u"), fs::path("/home/u/.local/share/distlab/runs"));
    EXPECT_FALSE(RunsFolder::default_path(nullptr, nullptr).empty());
}

TEST_F(RunsFolderTest, NamesRecordingsByScenarioAndUtcTime) {
    RunsFolder folder(dir_);
    const auto when = system_clock::time_point(std::chrono::seconds(1'700'000'000));   // 2023-11-14 22:13:20 UTC
    auto first = folder.new_recording_path("scenarios/consensus/leader-failover.yaml", when);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(*first, dir_ / "leader-failover-20231114T221320Z.distlab");
    EXPECT_TRUE(fs::is_directory(dir_));   // created on demand

    std::ofstream(*first) << "taken";
    auto second = folder.new_recording_path("leader-failover", when);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(*second, dir_ / "leader-failover-20231114T221320Z-2.distlab");

    auto odd = folder.new_recording_path("../we ird/名字?.yml", when);
    ASSERT_TRUE(odd.has_value());
    EXPECT_EQ(odd->parent_path(), dir_);
    EXPECT_EQ(odd->filename().string().find('/'), std::string::npos);
    EXPECT_TRUE(odd->filename().string().ends_with("-20231114T221320Z.distlab")) << *odd;
    auto empty = folder.new_recording_path("", when);
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->filename(), "run-20231114T221320Z.distlab");
}

TEST_F(RunsFolderTest, UncreatableFolderIsAnError) {
    std::ofstream(root_ / "file") << "x";
    RunsFolder folder(root_ / "file" / "runs");
    auto path = folder.new_recording_path("s");
    ASSERT_FALSE(path.has_value());
    EXPECT_NE(path.error().message.find("cannot create the runs folder"), std::string::npos);
}

TEST_F(RunsFolderTest, ListsRunsWithTitlesVerdictsAndProblems) {
    RunsFolder folder(dir_);
    EXPECT_TRUE(folder.list().empty());   // no folder yet
    fs::create_directories(dir_);

    const fs::path a = record(dir_ / "alpha-1.distlab", "Alpha run", 5);
    ASSERT_TRUE(RunsFolder::record_verdict(a, true).has_value());
    const fs::path b = record(dir_ / "beta-1.distlab", "Beta run", 2);
    ASSERT_TRUE(RunsFolder::record_verdict(b, true).has_value());
    ASSERT_TRUE(RunsFolder::record_verdict(b, false).has_value());   // a later verdict replaces
    const fs::path live = record(dir_ / "gamma-1.distlab", "Gamma", 1, /*close=*/false);
    std::ofstream(dir_ / "junk.distlab") << "this is not a recording";
    std::ofstream(dir_ / "notes.txt") << "ignored";

    const auto runs = folder.list();
    ASSERT_EQ(runs.size(), 4u);
    auto find = [&](const fs::path& p) -> const PastRun& {
        for (const auto& r : runs)
            if (r.path == p)
                return r;
        ADD_FAILURE() << "not listed: " << p;
        return runs.front();
    };
    const PastRun& ra = find(a);
    EXPECT_EQ(ra.title_en, "Alpha run");
    EXPECT_EQ(ra.title_zh, "标题");
    EXPECT_EQ(ra.scenario_name, "alpha-1");
    EXPECT_EQ(ra.seed, 42u);
    EXPECT_EQ(ra.event_count, 5u);
    EXPECT_EQ(ra.duration_ns, 5'000'000);
    EXPECT_TRUE(ra.finished);
    EXPECT_EQ(ra.end_reason, "completed");
    EXPECT_FALSE(ra.start_wall_time.empty());
    EXPECT_EQ(ra.passed, std::optional<bool>(true));
    EXPECT_GT(ra.size_bytes, 0u);
    EXPECT_FALSE(ra.problem.has_value());

    EXPECT_EQ(find(b).passed, std::optional<bool>(false));

    const PastRun& rg = find(live);
    EXPECT_FALSE(rg.finished);
    EXPECT_FALSE(rg.passed.has_value());
    EXPECT_EQ(rg.title_en, "Gamma");

    const PastRun& junk = find(dir_ / "junk.distlab");
    ASSERT_TRUE(junk.problem.has_value());
    EXPECT_FALSE(junk.problem->empty());
    EXPECT_TRUE(junk.title_en.empty());

    // Newest first: recordings by start time, descending.
    for (std::size_t i = 1; i < runs.size(); ++i) {
        if (!runs[i - 1].start_wall_time.empty() && !runs[i].start_wall_time.empty()) {
            EXPECT_GE(runs[i - 1].start_wall_time, runs[i].start_wall_time);
        }
    }

    EXPECT_FALSE(RunsFolder::record_verdict(dir_ / "junk.distlab", true).has_value());
    EXPECT_FALSE(RunsFolder::record_verdict(dir_ / "missing.distlab", true).has_value());
}

TEST_F(RunsFolderTest, CapDeletesTheOldestButNeverTheOneBeingWritten) {
    fs::create_directories(dir_);
    const fs::path oldest = record(dir_ / "a.distlab", "A");
    const fs::path middle = record(dir_ / "b.distlab", "B");
    const fs::path newest = record(dir_ / "c.distlab", "C");
    std::ofstream(dir_ / "other.bin") << std::string(100000, 'z');   // not a recording: untouched
    set_age(oldest, 30);
    set_age(middle, 20);
    set_age(newest, 10);
    const std::uint64_t each = fs::file_size(newest);

    RunsFolder folder(dir_, 3 * each);
    EXPECT_EQ(folder.total_size(), fs::file_size(oldest) + fs::file_size(middle) + each);
    auto nothing = folder.enforce_cap();
    EXPECT_TRUE(nothing.removed.empty());

    // Room for one: the oldest goes first, but `oldest` is being written, so the next ones go.
    folder.set_size_cap(fs::file_size(oldest) + 10);
    const std::vector<fs::path> keep = {dir_ / "." / "a.distlab"};   // another spelling of `oldest`
    auto pruned = folder.enforce_cap(keep);
    EXPECT_EQ(pruned.removed, (std::vector<fs::path>{middle, newest}));
    EXPECT_TRUE(pruned.problems.empty());
    EXPECT_TRUE(fs::exists(oldest));
    EXPECT_FALSE(fs::exists(middle));
    EXPECT_FALSE(fs::exists(newest));
    EXPECT_TRUE(fs::exists(dir_ / "other.bin"));
    EXPECT_EQ(pruned.total_bytes, fs::file_size(oldest));
    EXPECT_LE(pruned.total_bytes, folder.size_cap());

    // A cap below what must be kept: nothing else to delete, the total stays over the cap.
    folder.set_size_cap(0);
    auto over = folder.enforce_cap(keep);
    EXPECT_TRUE(over.removed.empty());
    EXPECT_GT(over.total_bytes, 0u);
    auto all = folder.enforce_cap();
    EXPECT_EQ(all.removed, std::vector<fs::path>{oldest});
    EXPECT_EQ(all.total_bytes, 0u);
}

}  // namespace
}  // namespace distlab::netlab
