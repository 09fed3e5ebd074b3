#include "netlab/telemetry/recorder.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "netlab/telemetry/event_log.h"
#include "netlab/telemetry/playback.h"
#include "netlab/telemetry/telemetry.h"
#include "test_support.h"

namespace distlab::netlab {
namespace {

using core::Json;
using testing::TempDir;

RecordingMeta sample_meta() {
    RecordingMeta meta;
    meta.scenario_name = "raft-basic";
    meta.scenario_yaml = "name: raft-basic\nnodes:\n  - id: n1\n";
    meta.seed = std::numeric_limits<std::uint64_t>::max() - 5;
    meta.command_line = "distlab-cli run raft-basic.yaml --record out.distlab";
    return meta;
}

// A run's worth of events, generated through Telemetry so State events carry real patches:
// messages with awkward text, logs, ops, snapshots that grow and shrink (some patches longer than
// their snapshot), a restart (forget_state), and hand-made state events whose text is not
// canonical JSON or not JSON at all.
std::vector<Event> make_run(std::size_t steps, std::uint32_t seed) {
    Telemetry telemetry;
    EventLog log;
    telemetry.add_sink(log);
    std::mt19937 rng(seed);
    const std::vector<std::string> nodes = {"n1", "n2", "n3"};
    std::map<std::string, Json> snapshots;
    for (const auto& n : nodes) snapshots[n] = Json{{"term", 0}, {"role", "follower"}, {"log", Json::array()}};

    std::int64_t t = 0;
    for (std::size_t i = 0; i < steps; ++i) {
        t += 2000 + static_cast<std::int64_t>(rng() % 3'000'000);   // in time order; many per second
        const std::string& node = nodes[rng() % nodes.size()];
        core::Envelope env;
        switch (rng() % 8) {
            case 0: {
                Json& s = snapshots[node];
                s["term"] = s["term"].get<int>() + static_cast<int>(rng() % 2);
                s["role"] = (rng() % 4 == 0) ? "leader" : "follower";
                s["log"].push_back({{"i", i}, {"cmd", "set x=" + std::to_string(rng() % 100) + ", \"quoted\""}});
                if (s["log"].size() > 8) s["log"].erase(0);
                if (rng() % 10 == 0) s = Json{{"term", s["term"]}, {"note", "reset 中文"}};   // patch > snapshot
                env.kind = core::FrameKind::State;
                env.body = s.dump();
                telemetry.on_node_frame(node, env, t);
                break;
            }
            case 1:
                env.kind = core::FrameKind::Log;
                env.body = Json{{"level", "info"}, {"text", "line " + std::to_string(i) + "\n, with comma"}}.dump();
                telemetry.on_node_frame(node, env, t);
                break;
            case 2:
                env.kind = core::FrameKind::Op;
                env.body = Json{{"op", i}, {"phase", "invoke"}, {"f", "read"}, {"value", nullptr}}.dump();
                telemetry.on_node_frame("c1", env, t);
                env.body = Json{{"op", i}, {"phase", "ok"}, {"value", rng() % 50}}.dump();
                telemetry.on_node_frame("c1", env, t + 1000);
                break;
            case 3:
                telemetry.forget_state(node);
                telemetry.emit(Event{t, EventKind::NodeStarted, node, "", 0, "", R"({"pid":42,"restart":true})", ""});
                break;
            case 4: {
                // Not produced by Telemetry: spaces in the text, a stale patch, or no JSON at all.
                Event odd{t, EventKind::State, "n9", "", 0, "", R"({ "b" : 2 , "a":1 })", "[]"};
                if (rng() % 2 == 0) odd.data = "not json {";
                if (rng() % 3 == 0) odd.aux = R"([{"op":"remove","path":"/missing"}])";
                telemetry.emit(odd);
                break;
            }
            default: {
                Event sent{t, EventKind::MessageSent, node, nodes[rng() % nodes.size()], rng(), "append_entries",
                           R"({"entries":[],"text":"a,b""c"})", R"({"n1":3})"};
                if (i % 97 == 0) sent.msg_id = std::numeric_limits<std::uint64_t>::max();
                telemetry.emit(sent);
                telemetry.emit(Event{t + 500, EventKind::MessageDelivered, sent.node, sent.peer, sent.msg_id,
                                     sent.type, "", ""});
                break;
            }
        }
        if (i % 1000 == 999) telemetry.flush();
    }
    telemetry.flush();
    return log.take();
}

void record(const std::filesystem::path& path, const std::vector<Event>& events, std::size_t batch = 777) {
    auto recorder = Recorder::open(path, sample_meta());
    ASSERT_TRUE(recorder) << recorder.error().message;
    for (std::size_t i = 0; i < events.size(); i += batch) {
        const std::size_t n = std::min(batch, events.size() - i);
        (*recorder)->on_events(std::span<const Event>(events).subspan(i, n));
    }
    auto closed = (*recorder)->close("done");
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_EQ((*recorder)->committed(), events.size());
    EXPECT_TRUE((*recorder)->close("again"));
}

std::int64_t count_rows(const std::filesystem::path& path, const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::int64_t value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

void run_sql(const std::filesystem::path& path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

TEST(Recorder, PlaybackReadsBackExactlyTheRecordedEvents) {
    TempDir dir;
    const auto path = dir / "run.distlab";
    const std::vector<Event> events = make_run(20'000, 1);
    record(path, events);
    // A finished recording is one self-contained file.
    EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
    EXPECT_FALSE(std::filesystem::exists(path.string() + "-shm"));

    auto playback = Playback::open(path);
    ASSERT_TRUE(playback) << playback.error().message;
    EXPECT_FALSE(playback->damage().has_value());
    const RecordingMeta& meta = playback->meta();
    EXPECT_EQ(meta.schema_version, 2);
    EXPECT_EQ(meta.scenario_name, "raft-basic");
    EXPECT_EQ(meta.scenario_yaml, sample_meta().scenario_yaml);
    EXPECT_EQ(meta.seed, sample_meta().seed);
    EXPECT_EQ(meta.command_line, sample_meta().command_line);
    EXPECT_FALSE(meta.start_wall_time.empty());
    EXPECT_TRUE(meta.finished);
    EXPECT_EQ(meta.end_reason, "done");
    EXPECT_EQ(playback->event_count(), events.size());
    EXPECT_EQ(playback->duration_ns(), events.back().t_ns);
    EXPECT_EQ(playback->nodes(), (std::vector<core::NodeId>{"c1", "n1", "n2", "n3", "n9"}));

    EventRange all = playback->read_all();
    EXPECT_FALSE(all.problem.has_value());
    ASSERT_EQ(all.events.size(), events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        ASSERT_EQ(all.events[i], events[i]) << "event " << i << " (" << to_string(events[i].kind) << ")";
    }

    // Snapshots are stored once, as keyframes and patches, never in the events table.
    EXPECT_EQ(count_rows(path, "SELECT count(*) FROM events WHERE kind = 13 AND data IS NOT NULL"), 0);
    EXPECT_GT(count_rows(path, "SELECT count(*) FROM states WHERE snapshot IS NULL"), 500);
    EXPECT_GT(count_rows(path, "SELECT count(*) FROM states WHERE snapshot IS NOT NULL AND node != 'n9'"), 3);

    // A window in the middle, starting after many state events (the reader must seek).
    const std::int64_t from = events[events.size() / 3].t_ns;
    const std::int64_t to = events[events.size() / 2].t_ns;
    std::vector<Event> expected;
    for (const Event& e : events) {
        if (e.t_ns >= from && e.t_ns < to) expected.push_back(e);
    }
    EventRange window = playback->read(from, to);
    EXPECT_FALSE(window.problem.has_value());
    EXPECT_EQ(window.events, expected);
}

TEST(Recorder, EachMessageIsOneRowWithItsFateAndReadsBackAsItsEvents) {
    TempDir dir;
    const auto path = dir / "messages.distlab";
    auto sent = [](std::int64_t t, std::uint64_t id, std::string peer = "n2") {
        return Event{t, EventKind::MessageSent, "n1", std::move(peer), id, "ping", R"({"k":1})", R"({"n1":1})"};
    };
    auto fate = [](std::int64_t t, EventKind kind, std::uint64_t id, std::string data = "") {
        return Event{t, kind, "n1", "n2", id, "ping", std::move(data), ""};
    };
    std::vector<Event> events = {
        sent(10, 1), fate(20, EventKind::MessageDelivered, 1),
        sent(11, 2), fate(11, EventKind::MessageDropped, 2, R"({"reason":"partition"})"),
        // Duplicated: the copy's delivery and the original's are ordinary event rows.
        sent(12, 3), fate(12, EventKind::MessageDuplicated, 3), fate(30, EventKind::MessageDelivered, 3),
        fate(31, EventKind::MessageDelivered, 3),
        // Held, then delivered much later (a long fate lag the reader must look back over).
        sent(13, 4), fate(13, EventKind::MessageHeld, 4),
        // The same id again (a restarted sender) and a fate that does not match its row.
        sent(14, 1), fate(15, EventKind::MessageDelivered, 1), sent(16, 5, "n3"), fate(17, EventKind::MessageDelivered, 5),
        // A message whose fate comes in the next batch, and one delivered seconds later.
        sent(40, 6), sent(50, 7), fate(4'500'000'000, EventKind::MessageDelivered, 7),
    };
    const std::size_t first_batch = events.size();
    events.push_back(fate(45, EventKind::MessageDelivered, 6));
    events.push_back(fate(5'000'000'000, EventKind::MessageDelivered, 4));
    events.push_back(Event{5'000'000'001, EventKind::Log, "n2", "", 0, "info", "late", ""});

    auto recorder = Recorder::open(path, sample_meta());
    ASSERT_TRUE(recorder) << recorder.error().message;
    (*recorder)->on_events(std::span<const Event>(events).first(first_batch));
    (*recorder)->flush();
    (*recorder)->on_events(std::span<const Event>(events).subspan(first_batch));
    ASSERT_TRUE((*recorder)->close("done"));

    // Messages 1, 2, 3, 4, 1 (again) and 7 carry their first fate in their row; message 6's fate
    // came in a later batch and 5's does not match (other receiver).
    EXPECT_EQ(count_rows(path, "SELECT count(*) FROM messages"), 8);
    EXPECT_EQ(count_rows(path, "SELECT count(*) FROM messages WHERE fate IS NOT NULL"), 6);
    EXPECT_EQ(count_rows(path, "SELECT count(*) FROM events"), 6);

    auto playback = Playback::open(path);
    ASSERT_TRUE(playback) << playback.error().message;
    EXPECT_EQ(playback->event_count(), events.size());
    EXPECT_EQ(playback->duration_ns(), 5'000'000'001);
    std::vector<Event> ordered = events;
    std::stable_sort(ordered.begin(), ordered.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    EventRange all = playback->read_all();
    EXPECT_FALSE(all.problem.has_value());
    EXPECT_EQ(all.events, ordered);
    // Windows: a fate long after its message, and messages whose fates lie outside.
    for (const auto& [from, to] : std::vector<std::pair<std::int64_t, std::int64_t>>{
             {4'000'000'000, 6'000'000'000}, {11, 13}, {20, 31}, {0, 11}}) {
        std::vector<Event> expected;
        for (const Event& e : ordered)
            if (e.t_ns >= from && e.t_ns < to) expected.push_back(e);
        EXPECT_EQ(playback->read(from, to).events, expected) << from << ".." << to;
    }

    // Without any message, and with only messages, the summary still counts everything.
    for (const auto& only : {std::vector<Event>{events.back()}, std::vector<Event>{sent(3, 9), sent(8, 10)}}) {
        const auto one = dir / ("only-" + std::to_string(only.size()) + ".distlab");
        record(one, only);
        auto p = Playback::open(one);
        ASSERT_TRUE(p) << p.error().message;
        EXPECT_EQ(p->event_count(), only.size());
        EXPECT_EQ(p->duration_ns(), only.back().t_ns);
        EXPECT_EQ(p->read_all().events, only);
    }
}

TEST(Playback, ReadsSchemaVersionOneRecordings) {
    TempDir dir;
    const auto path = dir / "v1.distlab";
    run_sql(path, R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE events(seq INTEGER PRIMARY KEY, t_ns INTEGER NOT NULL, kind INTEGER NOT NULL, node TEXT,
  peer TEXT, msg_id INTEGER NOT NULL, type TEXT, data TEXT, aux TEXT);
CREATE INDEX events_by_time ON events(t_ns);
CREATE TABLE states(seq INTEGER PRIMARY KEY, node TEXT NOT NULL, n INTEGER NOT NULL, t_ns INTEGER NOT NULL,
  snapshot TEXT, patch TEXT);
CREATE TABLE nodes(node TEXT PRIMARY KEY, first_t_ns INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES('format', 'distlab-recording'), ('schema_version', '1'), ('scenario_name', 'old'),
  ('seed', '7'), ('finished', '1');
INSERT INTO events VALUES(1, 5, 7, 'n1', 'n2', 1, 'ping', '{}', '{"n1":1}');
INSERT INTO events VALUES(2, 6, 13, 'n2', NULL, 0, NULL, NULL, NULL);
INSERT INTO events VALUES(3, 9, 8, 'n1', 'n2', 1, 'ping', NULL, NULL);
INSERT INTO states VALUES(2, 'n2', 0, 6, '{"term":1}', '[]');
INSERT INTO nodes VALUES('n1', 5), ('n2', 6);
)sql");
    auto playback = Playback::open(path);
    ASSERT_TRUE(playback) << playback.error().message;
    EXPECT_EQ(playback->meta().schema_version, 1);
    EXPECT_EQ(playback->event_count(), 3u);
    EXPECT_EQ(playback->duration_ns(), 9);
    const std::vector<Event> expected = {
        {5, EventKind::MessageSent, "n1", "n2", 1, "ping", "{}", R"({"n1":1})"},
        {6, EventKind::State, "n2", "", 0, "", R"({"term":1})", "[]"},
        {9, EventKind::MessageDelivered, "n1", "n2", 1, "ping", "", ""},
    };
    EventRange all = playback->read_all();
    EXPECT_FALSE(all.problem.has_value());
    EXPECT_EQ(all.events, expected);
}

// What roles narrate in two languages is recorded as it came and read back: a phase's
// "reason_zh" in its data, a violation's Chinese in aux. A recording made before roles said them
// in Chinese (the same schema: a phase without "reason_zh", a violation without aux) still loads,
// and a Chinese reader sees its English.
TEST(Recorder, PhaseReasonsAndViolationsKeepTheirChineseAndOlderRecordingsReadInEnglish) {
    TempDir dir;
    const std::vector<Event> events = {
        {1, EventKind::Phase, "n1", "", 0, "leader",
         R"({"from":"candidate","reason":"votes from n2 in term 2","reason_zh":"在任期 2 获得 n2 的选票"})", ""},
        {2, EventKind::Violation, "n1", "", 0, "", "two leaders in term 2: n1 and n2", R"({"zh":"任期 2 有两个领导者：n1 和 n2"})"},
    };
    const std::vector<Event> older = {
        {1, EventKind::Phase, "n1", "", 0, "leader", R"({"from":"candidate","reason":"votes from n2 in term 2"})", ""},
        {2, EventKind::Violation, "n1", "", 0, "", "two leaders in term 2: n1 and n2", ""},
    };
    for (const auto& [name, written] : {std::pair{"new.distlab", &events}, std::pair{"old.distlab", &older}}) {
        SCOPED_TRACE(name);
        record(dir / name, *written);
        auto playback = Playback::open(dir / name);
        ASSERT_TRUE(playback) << playback.error().message;
        EventRange all = playback->read_all();
        ASSERT_FALSE(all.problem.has_value());
        ASSERT_EQ(all.events, *written);
        const bool chinese = written == &events;
        EXPECT_EQ(phase_reason(all.events[0]).in("zh_CN"), chinese ? "在任期 2 获得 n2 的选票" : "votes from n2 in term 2");
        EXPECT_EQ(phase_reason(all.events[0]).in("en"), "votes from n2 in term 2");
        EXPECT_EQ(log_text(all.events[1], "zh_CN"), chinese ? "任期 2 有两个领导者：n1 和 n2" : "two leaders in term 2: n1 and n2");
        EXPECT_EQ(log_text(all.events[1], "en"), "two leaders in term 2: n1 and n2");
    }
}

TEST(Recorder, StateAtRebuildsTheSnapshotAtAnyTime) {
    TempDir dir;
    const auto path = dir / "run.distlab";
    const std::vector<Event> events = make_run(30'000, 2);
    record(path, events, 4096);
    auto playback = Playback::open(path);
    ASSERT_TRUE(playback) << playback.error().message;

    std::map<std::string, std::optional<Json>> latest;
    std::size_t checked = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        if (e.kind == EventKind::State && e.node != "n9") latest[e.node] = Json::parse(e.data);
        const bool last_at_this_time = i + 1 == events.size() || events[i + 1].t_ns != e.t_ns;
        if (!last_at_this_time || i % 37 != 0) continue;
        for (const std::string node : {"n1", "n2", "n3"}) {
            auto got = playback->state_at(node, e.t_ns);
            ASSERT_TRUE(got) << got.error().message;
            ASSERT_EQ(*got, latest[node]) << node << " at " << e.t_ns;
            ++checked;
        }
    }
    EXPECT_GT(checked, 1000u);
    auto before = playback->state_at("n1", -1);
    ASSERT_TRUE(before);
    EXPECT_FALSE(before->has_value());
    auto nobody = playback->state_at("zz", events.back().t_ns);
    ASSERT_TRUE(nobody);
    EXPECT_FALSE(nobody->has_value());
}

TEST(Recorder, RefusesToOverwriteAndReportsUnwritablePaths) {
    TempDir dir;
    const auto path = dir / "run.distlab";
    { std::ofstream(path) << "precious"; }
    auto existing = Recorder::open(path, sample_meta());
    ASSERT_FALSE(existing);
    EXPECT_NE(existing.error().message.find("already exists"), std::string::npos);
    auto missing_dir = Recorder::open(dir / "no" / "such" / "dir.distlab", sample_meta());
    ASSERT_FALSE(missing_dir);
    EXPECT_FALSE(missing_dir.error().message.empty());
}

TEST(Recorder, EventsAfterCloseAreCountedAsDropped) {
    TempDir dir;
    auto recorder = Recorder::open(dir / "run.distlab", sample_meta());
    ASSERT_TRUE(recorder);
    const std::vector<Event> events = make_run(100, 3);
    (*recorder)->on_events(events);
    (*recorder)->flush();
    EXPECT_EQ((*recorder)->committed(), events.size());
    ASSERT_TRUE((*recorder)->close("stopped"));
    (*recorder)->on_events(events);
    EXPECT_EQ((*recorder)->dropped(), events.size());
    EXPECT_TRUE((*recorder)->status());
}

TEST(Recorder, AFullDiskIsReportedAsAStatusNotACrash) {
    TempDir dir;
    const auto path = dir / "full.distlab";
    const std::vector<Event> events = make_run(20'000, 7);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // A file size limit stands in for a full disk: writes past it fail with EFBIG.
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{256 * 1024, 256 * 1024};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(10);
        auto recorder = Recorder::open(path, sample_meta());
        if (!recorder) ::_exit(11);
        for (int round = 0; round < 20; ++round) (*recorder)->on_events(events);
        (*recorder)->flush();
        if ((*recorder)->status()) ::_exit(12);                  // the failure must show
        if ((*recorder)->committed() + (*recorder)->dropped() != 20 * events.size()) ::_exit(13);
        if ((*recorder)->close("full")) ::_exit(14);             // and close says so too
        ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "the writer crashed";
    EXPECT_EQ(WEXITSTATUS(status), 0);

    auto playback = Playback::open(path);
    ASSERT_TRUE(playback) << playback.error().message;
    EventRange all = playback->read_all();
    ASSERT_LE(all.events.size(), 20 * events.size());
    for (std::size_t i = 0; i < all.events.size(); ++i) ASSERT_EQ(all.events[i], events[i % events.size()]);
}

// Reads exactly one byte-count message from a pipe; -1 on EOF.
std::int64_t read_count(int fd) {
    std::int64_t value = 0;
    return ::read(fd, &value, sizeof value) == sizeof value ? value : -1;
}

TEST(Recorder, RecordingOfAKilledWriterHoldsEveryCommittedEvent) {
    TempDir dir;
    const auto path = dir / "killed.distlab";
    const std::vector<Event> events = make_run(5'000, 4);
    const std::size_t half = events.size() / 2;

    int to_parent[2];
    int to_child[2];
    ASSERT_EQ(::pipe(to_parent), 0);
    ASSERT_EQ(::pipe(to_child), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The writer: records in two stages, reports each committed count, then waits to be killed.
        ::close(to_parent[0]);
        ::close(to_child[1]);
        auto recorder = Recorder::open(path, sample_meta());
        if (!recorder) ::_exit(2);
        const std::span<const Event> all(events);
        for (const auto& part : {all.first(half), all.subspan(half)}) {
            for (std::size_t i = 0; i < part.size(); i += 500) {
                (*recorder)->on_events(part.subspan(i, std::min<std::size_t>(500, part.size() - i)));
            }
            (*recorder)->flush();
            const std::int64_t committed = static_cast<std::int64_t>((*recorder)->committed());
            if (::write(to_parent[1], &committed, sizeof committed) != sizeof committed) ::_exit(3);
            char go = 0;
            if (::read(to_child[0], &go, 1) != 1) ::_exit(4);
        }
        ::_exit(5);   // never reached: the parent kills us first
    }
    ::close(to_parent[1]);
    ::close(to_child[0]);

    auto expect_file_holds = [&](std::size_t n) {
        auto playback = Playback::open(path);
        ASSERT_TRUE(playback) << playback.error().message;
        EXPECT_FALSE(playback->meta().finished);
        EXPECT_EQ(playback->event_count(), n);
        EventRange all = playback->read_all();
        EXPECT_FALSE(all.problem.has_value());
        EXPECT_EQ(all.events, std::vector<Event>(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(n)));
    };

    EXPECT_EQ(read_count(to_parent[0]), static_cast<std::int64_t>(half));
    expect_file_holds(half);
    const char go = 1;
    ASSERT_EQ(::write(to_child[1], &go, 1), 1);
    EXPECT_EQ(read_count(to_parent[0]), static_cast<std::int64_t>(events.size()));
    expect_file_holds(events.size());

    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ::close(to_parent[0]);
    ::close(to_child[1]);

    expect_file_holds(events.size());
    auto playback = Playback::open(path);
    ASSERT_TRUE(playback);
    EXPECT_TRUE(playback->meta().end_reason.empty());
}

TEST(Playback, ExplainsFilesItCannotOpen) {
    TempDir dir;
    auto error_of = [](const std::filesystem::path& p) {
        auto playback = Playback::open(p);
        EXPECT_FALSE(playback) << p;
        return playback ? std::string{} : playback.error().message;
    };

    EXPECT_NE(error_of(dir / "absent.distlab").find("no such file"), std::string::npos);

    { std::ofstream(dir / "empty.distlab"); }
    EXPECT_NE(error_of(dir / "empty.distlab").find("not a DistLab recording"), std::string::npos);

    {
        std::ofstream out(dir / "garbage.distlab", std::ios::binary);
        std::mt19937 rng(9);
        for (int i = 0; i < 100'000; ++i) out.put(static_cast<char>(rng()));
    }
    EXPECT_NE(error_of(dir / "garbage.distlab").find("not a SQLite database"), std::string::npos);

    {
        std::ofstream out(dir / "fake.distlab", std::ios::binary);
        out << "SQLite format 3" << '\0';
        std::mt19937 rng(10);
        for (int i = 0; i < 100'000; ++i) out.put(static_cast<char>(rng()));
    }
    EXPECT_FALSE(error_of(dir / "fake.distlab").empty());

    run_sql(dir / "other.db", "CREATE TABLE customers(id INTEGER, name TEXT)");
    EXPECT_NE(error_of(dir / "other.db").find("not a DistLab recording"), std::string::npos);

    run_sql(dir / "meta.db", "CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES('app', 'x')");
    EXPECT_NE(error_of(dir / "meta.db").find("not a DistLab recording"), std::string::npos);

    const auto newer = dir / "newer.distlab";
    record(newer, make_run(50, 5));
    run_sql(newer, "UPDATE meta SET value = '3' WHERE key = 'schema_version'");
    const std::string message = error_of(newer);
    EXPECT_NE(message.find("newer"), std::string::npos) << message;
}

TEST(Playback, TruncatedRecordingShowsWhatCanBeRead) {
    TempDir dir;
    const auto path = dir / "full.distlab";
    const std::vector<Event> events = make_run(40'000, 6);
    record(path, events, 4096);
    const auto size = std::filesystem::file_size(path);
    ASSERT_GT(size, 200'000u);

    for (const double keep : {0.9, 0.5, 0.1, 0.001}) {
        SCOPED_TRACE(keep);
        const auto cut = dir / ("cut-" + std::to_string(keep) + ".distlab");
        std::filesystem::copy_file(path, cut);
        std::filesystem::resize_file(cut, static_cast<std::uintmax_t>(static_cast<double>(size) * keep));

        auto playback = Playback::open(cut);
        if (!playback) {
            EXPECT_FALSE(playback.error().message.empty());
            continue;
        }
        EXPECT_EQ(playback->meta().scenario_name, "raft-basic");
        EventRange range = playback->read_all();
        // Whatever is shown is the true beginning of the run, and the damage is reported.
        ASSERT_LE(range.events.size(), events.size());
        for (std::size_t i = 0; i < range.events.size(); ++i) ASSERT_EQ(range.events[i], events[i]) << i;
        EXPECT_TRUE(range.problem.has_value() || playback->damage().has_value());
        if (range.problem) {
            EXPECT_NE(range.problem->message.find("damaged"), std::string::npos);
        }
        for (const std::string node : {"n1", "n2"}) {
            auto state = playback->state_at(node, events.back().t_ns);
            if (!state) {
                EXPECT_FALSE(state.error().message.empty());
            }
        }
    }
}

TEST(Playback, CorruptedBytesGiveErrorsNotCrashes) {
    TempDir dir;
    const auto path = dir / "good.distlab";
    const std::vector<Event> events = make_run(5'000, 8);
    record(path, events, 4096);
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(path));
    std::mt19937_64 rng(11);
    int opened = 0;
    for (int copy = 0; copy < 20; ++copy) {
        SCOPED_TRACE(copy);
        const auto bad = dir / ("bad-" + std::to_string(copy) + ".distlab");
        std::filesystem::copy_file(path, bad);
        {
            std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
            for (int i = 0; i < 64; ++i) {
                f.seekp(100 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(size - 100)));
                f.put(static_cast<char>(rng()));
            }
        }
        auto playback = Playback::open(bad);
        if (!playback) {
            EXPECT_FALSE(playback.error().message.empty());
            continue;
        }
        ++opened;
        EventRange range = playback->read_all();
        EXPECT_LE(range.events.size(), events.size());
        for (const std::string node : {"n1", "n2", "n3"}) {
            auto state = playback->state_at(node, playback->duration_ns());
            if (!state) {
                EXPECT_FALSE(state.error().message.empty());
            }
        }
    }
    EXPECT_GT(opened, 0);
}

}  // namespace
}  // namespace distlab::netlab
