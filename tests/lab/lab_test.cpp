// Real-process tests of the lab: every node is a distlab-node process, every message crosses
// loopback TCP and the Fabric. Assertions rest on the event stream's order and on the fabric's
// own decisions, never on how fast the machine is.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "core/codec/frame.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/lab/lab.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/scratch_dir.h"
#include "netlab/telemetry/event_log.h"
#include "netlab/telemetry/playback.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

Scenario load(const std::string& yaml) {
    auto scenario = load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    if (!scenario) {
        std::string all;
        for (const auto& d : scenario.error())
            all += d.str() + "\n";
        ADD_FAILURE() << all;
        return {};
    }
    return *scenario;
}

// Runs `scenario` on real processes and returns every event.
std::vector<Event> run_lab(const Scenario& scenario, const std::string& run_dir, bool busy_poll = true) {
    LabOptions options;
    options.node_binary = DISTLAB_NODE_BINARY;
    options.run_dir = run_dir;
    options.busy_poll = busy_poll;
    Lab lab(scenario, core::RoleRegistry::builtin(), options);
    EventLog log;
    lab.telemetry().add_sink(log);
    auto started = lab.start();
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    if (!started)
        return {};
    auto ran = lab.run();
    EXPECT_TRUE(ran) << (ran ? "" : ran.error().message);
    return log.take();
}

std::vector<Event> run_lab(const Scenario& scenario) {
    const test_support::ScratchDir dir("distlab-lab-test");
    return run_lab(scenario, dir.path().string());
}

const Event* find(const std::vector<Event>& events, EventKind kind, std::string_view type = {}) {
    for (const Event& e : events)
        if (e.kind == kind && (type.empty() || e.type == type))
            return &e;
    return nullptr;
}

// What became of each message: (sender, id) -> the kinds of the events that followed MessageSent.
std::map<std::pair<std::string, std::uint64_t>, std::vector<EventKind>> fates(const std::vector<Event>& events) {
    std::map<std::pair<std::string, std::uint64_t>, std::vector<EventKind>> out;
    for (const Event& e : events)
        if (e.kind == EventKind::MessageDelivered || e.kind == EventKind::MessageDropped)
            out[{e.node, e.msg_id}].push_back(e.kind);
    return out;
}

constexpr const char* kHeader = R"(version: 1
name: lab-test
family: testing
title: { en: "Lab test", zh: "实验室测试" }
summary: { en: "A real-process test.", zh: "真实进程测试。" }
seed: 3
network: { preset: lan }
links: full
)";

TEST(LabProcesses, PartitionDropsMessagesBetweenGroupsAndNothingElse) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 3s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 100, arrival: fixed } }
  - { id: c2, role: client, params: { target: s1, rate: 100, arrival: fixed } }
faults:
  - { at: 1s, until: 2s, partition: [[s1, c1], [c2]] }
)");
    const auto events = run_lab(scenario);
    const Event* cut = find(events, EventKind::FaultInjected, "partition");
    const Event* healed = find(events, EventKind::FaultHealed, "partition");
    ASSERT_TRUE(cut && healed);

    const auto fate = fates(events);
    // Why each dropped message was dropped. At the very end a node that already exited drops
    // what is still coming to it ("dead"): that is the run ending, not the partition.
    std::map<std::pair<std::string, std::uint64_t>, std::string> drop_reason;
    for (const Event& e : events)
        if (e.kind == EventKind::MessageDropped)
            drop_reason[{e.node, e.msg_id}] = core::Json::parse(e.data).value("reason", "");
    int across = 0;
    int within = 0;
    for (const Event& e : events) {
        if (e.kind != EventKind::MessageSent)
            continue;
        const bool crosses = (e.node == "c2") != (e.peer == "c2");
        const bool during = e.t_ns > cut->t_ns && e.t_ns < healed->t_ns;
        const auto it = fate.find({e.node, e.msg_id});
        if (it == fate.end()) {
            // Still on the wire when the run ended: only the last moments may leave one so.
            EXPECT_GT(e.t_ns, healed->t_ns) << e.node << "->" << e.peer << " has no fate";
            continue;
        }
        const auto& kinds = it->second;
        if (crosses && during) {
            ++across;
            EXPECT_EQ(kinds, std::vector<EventKind>{EventKind::MessageDropped}) << e.node << "->" << e.peer;
            const std::pair<std::string, std::uint64_t> key{e.node, e.msg_id};
            EXPECT_EQ(drop_reason[key], "partition");
        } else if (!crosses) {
            ++within;
            if (const auto reason = drop_reason.find({e.node, e.msg_id}); reason != drop_reason.end()) {
                EXPECT_EQ(reason->second, "dead") << "a message inside a group was dropped by the network";
            }
        }
    }
    EXPECT_GT(across, 50);
    EXPECT_GT(within, 100);
    // After the heal, c2 is served again.
    bool served_after = false;
    for (const Event& e : events)
        if (e.kind == EventKind::MessageDelivered && e.node == "s1" && e.peer == "c2" && e.t_ns > healed->t_ns)
            served_after = true;
    EXPECT_TRUE(served_after);
}

TEST(LabProcesses, OneWayPartitionDropsOneDirectionOnly) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 3s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 100, arrival: fixed } }
faults:
  - { at: 1s, until: 2s, partition: { from: s1, to: [c1] } }
)");
    const auto events = run_lab(scenario);
    const Event* cut = find(events, EventKind::FaultInjected, "partition");
    const Event* healed = find(events, EventKind::FaultHealed, "partition");
    ASSERT_TRUE(cut && healed);
    const auto fate = fates(events);
    int requests = 0;
    int replies = 0;
    for (const Event& e : events) {
        if (e.kind != EventKind::MessageSent || e.t_ns <= cut->t_ns || e.t_ns >= healed->t_ns)
            continue;
        const auto& kinds = fate.at({e.node, e.msg_id});
        ASSERT_EQ(kinds.size(), 1u);
        if (e.node == "c1") {
            ++requests;
            EXPECT_EQ(kinds[0], EventKind::MessageDelivered) << "c1 -> s1 must flow";
        } else {
            ++replies;
            EXPECT_EQ(kinds[0], EventKind::MessageDropped) << "s1 -> c1 must be cut";
        }
    }
    EXPECT_GT(requests, 50);
    EXPECT_GT(replies, 50);
}

TEST(LabProcesses, AddedLatencyShowsInDeliveryTimes) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 3s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50, arrival: fixed } }
faults:
  - { at: 1s, until: 2s, latency: { from: s1, to: c1, add: 150ms } }
)");
    const auto events = run_lab(scenario);
    const Event* slowed = find(events, EventKind::FaultInjected, "latency");
    const Event* healed = find(events, EventKind::FaultHealed, "latency");
    ASSERT_TRUE(slowed && healed);
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> sent_at;
    std::vector<std::int64_t> slowed_delays;
    std::vector<std::int64_t> other_delays;
    for (const Event& e : events) {
        if (e.kind == EventKind::MessageSent) {
            sent_at[{e.node, e.msg_id}] = e.t_ns;
        } else if (e.kind == EventKind::MessageDelivered && e.node == "s1") {
            const std::int64_t sent = sent_at.at({e.node, e.msg_id});
            const bool during = sent > slowed->t_ns && sent < healed->t_ns;
            (during ? slowed_delays : other_delays).push_back(e.t_ns - sent);
        }
    }
    ASSERT_GT(slowed_delays.size(), 20u);
    ASSERT_GT(other_delays.size(), 20u);
    for (std::int64_t d : slowed_delays)
        EXPECT_GE(d, std::chrono::nanoseconds(150ms).count());
    std::sort(other_delays.begin(), other_delays.end());
    EXPECT_LT(other_delays[other_delays.size() / 2], std::chrono::nanoseconds(150ms).count());
}

// The lab's busy poll (PollWindow) changes when the lab sleeps, never what it does: with it and
// without it, a closed-loop client's calls all complete, none is lost, and the server's
// deadline-driven replies (service_time) arrive no sooner than their service time.
TEST(LabProcesses, EveryCallCompletesWithAndWithoutBusyPoll) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 1500ms
nodes:
  - { id: s1, role: server, params: { service_time: 2ms } }
  - { id: c1, role: client, params: { target: s1, mode: closed, concurrency: 4, timeout: 5s } }
)");
    for (const bool busy_poll : {true, false}) {
        SCOPED_TRACE(busy_poll ? "busy poll" : "no busy poll");
        const test_support::ScratchDir dir("distlab-lab-test");
        const auto events = run_lab(scenario, dir.path().string(), busy_poll);
        std::size_t invoked = 0, ok = 0, dropped = 0;
        std::map<std::uint64_t, std::int64_t> invoked_at;
        for (const Event& e : events) {
            // At the end the lab stops the nodes: what is still in flight then is dropped.
            dropped += e.kind == EventKind::MessageDropped && e.t_ns < std::chrono::nanoseconds(1500ms).count();
            if (e.kind == EventKind::OpInvoked) {
                ++invoked;
                invoked_at[e.msg_id] = e.t_ns;
            } else if (e.kind == EventKind::OpCompleted && e.type == "ok") {
                ++ok;
                ASSERT_TRUE(invoked_at.count(e.msg_id)) << e.msg_id;
                EXPECT_GE(e.t_ns - invoked_at[e.msg_id], std::chrono::nanoseconds(2ms).count()) << e.msg_id;
            }
        }
        EXPECT_GT(ok, 100u);   // 4 at a time, 2 ms each, for most of 1.5 s
        EXPECT_LE(invoked - ok, 4u);   // only the calls still open at the end
        EXPECT_EQ(dropped, 0u);
    }
}

TEST(LabProcesses, KillThenRestartKeepsTheDataDirectory) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 3s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50, arrival: fixed } }
faults:
  - { at: 1s, kill: s1 }
  - { at: 1500ms, restart: s1 }
)");
    const test_support::ScratchDir dir("distlab-lab-test");
    const auto events = run_lab(scenario, dir.path().string());

    std::vector<const Event*> starts;
    const Event* exited = nullptr;
    for (const Event& e : events) {
        if (e.kind == EventKind::NodeStarted && e.node == "s1")
            starts.push_back(&e);
        if (e.kind == EventKind::NodeExited && e.node == "s1" && !exited)
            exited = &e;
    }
    ASSERT_EQ(starts.size(), 2u);
    ASSERT_TRUE(exited);
    const auto exit_data = core::Json::parse(exited->data);
    EXPECT_EQ(exit_data["signal"], SIGKILL);
    EXPECT_EQ(exit_data["cause"], "fault");
    const auto first = core::Json::parse(starts[0]->data);
    const auto second = core::Json::parse(starts[1]->data);
    EXPECT_EQ(second["restart"], true);
    EXPECT_NE(first["pid"], second["pid"]);

    // The restarted server read its boot count from the disk it kept: its memory is new, its
    // data directory is not.
    int last_boots = 0;
    for (const Event& e : events)
        if (e.kind == EventKind::State && e.node == "s1")
            last_boots = core::Json::parse(e.data).value("boots", 0);
    EXPECT_EQ(last_boots, 2);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "nodes" / "s1"));
}

TEST(LabProcesses, PauseStopsProgressAndResumeRestoresIt) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 3s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 100, arrival: fixed, timeout: 5s } }
faults:
  - { at: 1s, pause: s1 }
  - { at: 2s, resume: s1 }
)");
    const auto events = run_lab(scenario);
    std::size_t paused = events.size();
    std::size_t resumed = events.size();
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].kind == EventKind::NodePaused && events[i].node == "s1")
            paused = i;
        if (events[i].kind == EventKind::NodeResumed && events[i].node == "s1")
            resumed = i;
    }
    ASSERT_LT(paused, resumed);
    ASSERT_LT(resumed, events.size());
    int requests_while_paused = 0;
    for (std::size_t i = paused + 1; i < resumed; ++i) {
        const Event& e = events[i];
        EXPECT_FALSE(e.kind == EventKind::MessageSent && e.node == "s1") << "a stopped process sent a message";
        EXPECT_FALSE(e.kind == EventKind::State && e.node == "s1") << "a stopped process reported state";
        if (e.kind == EventKind::MessageSent && e.node == "c1")
            ++requests_while_paused;
    }
    EXPECT_GT(requests_while_paused, 50);
    // After SIGCONT the server answers the requests that queued up while it was stopped.
    int replies_after = 0;
    for (std::size_t i = resumed + 1; i < events.size(); ++i)
        if (events[i].kind == EventKind::MessageSent && events[i].node == "s1")
            ++replies_after;
    EXPECT_GT(replies_after, requests_while_paused);
}

// Connects to the lab like a node would, and reports whether the lab closed the connection.
bool lab_closes_connection(std::uint16_t port, const std::vector<std::byte>& first_bytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{10, 0};                          // a deadline, not a pace: EOF comes at once
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    bool closed = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::write(fd, first_bytes.data(), first_bytes.size()) == static_cast<ssize_t>(first_bytes.size())) {
        char buf[64];
        ssize_t n = 0;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) {
        }                                            // the lab's refusal, then end of file
        closed = n == 0;
    }
    ::close(fd);
    return closed;
}

TEST(LabProcesses, ConnectionsWithoutTheTokenAreClosed) {
    const Scenario scenario = load(std::string(kHeader) + R"(duration: 2s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50 } }
)");
    const test_support::ScratchDir dir("distlab-lab-test");
    LabOptions options;
    options.node_binary = DISTLAB_NODE_BINARY;
    options.run_dir = dir.path().string();
    Lab lab(scenario, core::RoleRegistry::builtin(), options);
    EventLog log;
    lab.telemetry().add_sink(log);
    ASSERT_TRUE(lab.start());

    core::Envelope hello;
    hello.kind = core::FrameKind::Control;
    hello.src = "s1";
    hello.type = "hello";
    hello.body = R"({"token": "not-the-token", "pid": 1})";
    bool wrong_token_closed = false;
    bool garbage_closed = false;
    std::thread intruder([&] {
        wrong_token_closed = lab_closes_connection(lab.port(), core::encode_frame(hello));
        std::vector<std::byte> garbage(64, std::byte{0xff});
        garbage_closed = lab_closes_connection(lab.port(), garbage);
    });
    ASSERT_TRUE(lab.run());
    intruder.join();
    EXPECT_TRUE(wrong_token_closed);
    EXPECT_TRUE(garbage_closed);
    // The real s1 kept serving: the impostor did not take its place.
    int replies = 0;
    for (const Event& e : log.events())
        if (e.kind == EventKind::MessageDelivered && e.node == "s1")
            ++replies;
    EXPECT_GT(replies, 20);
}

// The processes whose parent is `pid`.
std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> out;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        std::getline(stat, line);
        const auto close_paren = line.rfind(')');
        if (close_paren == std::string::npos)
            continue;
        char state = 0;
        int ppid = 0;
        if (std::sscanf(line.c_str() + close_paren + 1, " %c %d", &state, &ppid) == 2 && ppid == pid)
            out.push_back(std::stoi(name));
    }
    return out;
}

TEST(LabProcesses, NoNodeOutlivesAKilledLabAndTheRecordingOpens) {
    const test_support::ScratchDir dir("distlab-lab-test");
    const auto scenario_path = dir.path() / "long.yaml";
    std::ofstream(scenario_path) << kHeader << R"(duration: 60s
nodes:
  - { id: s1, role: server }
  - { id: s2, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 100 } }
)";
    const auto recording = dir.path() / "cut.distlab";
    const std::string cli = (std::filesystem::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();

    // Orphans of the killed lab become our children, so we can see them go and reap them.
    ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    const pid_t lab = ::fork();
    ASSERT_GE(lab, 0);
    if (lab == 0) {
        ::execl(cli.c_str(), cli.c_str(), "run", scenario_path.c_str(), "--record", recording.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }

    // Wait (deadline 20 s) until the recording holds every node's start.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    bool all_started = false;
    while (!all_started && std::chrono::steady_clock::now() < deadline) {
        if (auto playback = Playback::open(recording)) {
            int started = 0;
            for (const Event& e : playback->read_all().events)
                started += e.kind == EventKind::NodeStarted;
            all_started = started == 3;
        }
        if (!all_started)
            std::this_thread::sleep_for(20ms);
    }
    ASSERT_TRUE(all_started) << "the lab did not record its nodes' start in time";
    const std::vector<pid_t> nodes = children_of(lab);
    ASSERT_EQ(nodes.size(), 3u);

    ASSERT_EQ(::kill(lab, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(lab, &status, 0), lab);

    // Every node must be gone (and reaped by us, their subreaper) within 2 s.
    const auto gone_by = std::chrono::steady_clock::now() + 2s;
    std::vector<pid_t> alive = nodes;
    while (!alive.empty() && std::chrono::steady_clock::now() < gone_by) {
        std::erase_if(alive, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) == pid; });
        if (!alive.empty())
            std::this_thread::sleep_for(10ms);
    }
    for (pid_t pid : alive)
        ::kill(pid, SIGKILL);                        // clean up before failing
    EXPECT_TRUE(alive.empty()) << alive.size() << " node processes outlived the lab";
    ::prctl(PR_SET_CHILD_SUBREAPER, 0);

    // The killed lab could not remove its run directory; the next run's sweep does.
    const std::string prefix = "distlab-run-" + std::to_string(lab) + "-";
    const auto left_by_lab = [&] {
        std::size_t count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(temporary_run_base()))
            count += entry.path().filename().string().starts_with(prefix);
        return count;
    };
    EXPECT_EQ(left_by_lab(), 1u);
    remove_stale_run_dirs(temporary_run_base());
    EXPECT_EQ(left_by_lab(), 0u);

    auto playback = Playback::open(recording);
    ASSERT_TRUE(playback) << playback.error().message;
    EXPECT_FALSE(playback->meta().finished);
    const auto range = playback->read_all();
    ASSERT_FALSE(range.events.empty());
    EXPECT_EQ(range.events.front().kind, EventKind::RunStarted);
    EXPECT_TRUE(find(range.events, EventKind::MessageDelivered));
}

}  // namespace
}  // namespace distlab::netlab
