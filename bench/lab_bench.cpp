// lab_bench: the engine's figures on this machine, in one run (docs/performance.md):
//   1. direct loopback TCP ping-pong round trip (the baseline);
//   2. the same round trip through the lab: client -> fabric -> server -> fabric -> client
//      (with the lab's busy poll and without),
//      and from the difference, what one fabric hop adds;
//   3. fabric throughput: closed-loop clients flat out, messages routed per second;
//   4. the time to spawn 50 nodes until all are connected, and one node's RSS;
//   5. the fabric and the recorder alone, in process: messages routed and recorded per second
//      (what the lab thread can carry when the nodes are not the limit);
//   6. with --nodes N,N,...: the fabric's throughput against the node count, N/2 closed-loop
//      client/server pairs flat out (docs/beyond-one-machine.md: when one lab machine is the
//      bottleneck).
// Usage: lab_bench [--quick] [--listen ADDR] [--fabric-only | --latency-only | --nodes N,N,...]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/codec/frame.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/checks/op_history.h"
#include "netlab/lab/lab.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/event_log.h"
#include "netlab/telemetry/recorder.h"
#include "bench/bench_support.h"

namespace {

using namespace distlab;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string node_binary() { return bench::beside_me("distlab-node"); }

using bench::percentile;

netlab::Scenario scenario(const std::string& body) {
    const std::string yaml = std::string(R"(version: 1
name: bench
family: testing
title: { en: "Bench", zh: "基准" }
summary: { en: "Benchmark.", zh: "基准测试。" }
seed: 1
network: { preset: ideal }
links: full
)") + body;
    auto s = netlab::load_scenario_text(yaml, "bench.yaml", core::RoleRegistry::builtin(),
                                        netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!s) {
        for (const auto& d : s.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(2);
    }
    return *s;
}

struct LabRun {
    std::vector<netlab::Event> events;
    netlab::FabricCounters counters;
    double start_ms = 0;
    double seconds = 0;
    std::vector<long> rss_kb;
};

long rss_kb(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmRSS:"))
            return std::stol(line.substr(6));
    return 0;
}

std::string g_listen = "127.0.0.1";   // --listen: another address serves TLS to the nodes

LabRun run_lab(const netlab::Scenario& s, bool measure_rss = false, bool busy_poll = true) {
    const std::string dir = (std::filesystem::temp_directory_path() / "distlab-bench").string();
    std::filesystem::remove_all(dir);
    netlab::LabOptions options{node_binary(), dir};
    options.busy_poll = busy_poll;
    options.listen.address = g_listen;
    netlab::Lab lab(s, core::RoleRegistry::builtin(), options);
    netlab::EventLog log;
    lab.telemetry().add_sink(log);
    LabRun out;
    const auto t0 = Clock::now();
    if (auto started = lab.start(); !started) {
        std::fprintf(stderr, "lab failed: %s\n", started.error().message.c_str());
        std::exit(3);
    }
    out.start_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (measure_rss) {
        lab.on_tick = [&] {
            if (!out.rss_kb.empty())
                return;
            for (const auto& e : log.events())
                if (e.kind == netlab::EventKind::NodeStarted)
                    out.rss_kb.push_back(rss_kb(core::Json::parse(e.data).value("pid", 0)));
        };
    }
    const auto t1 = Clock::now();
    (void)lab.run();
    out.seconds = std::chrono::duration<double>(Clock::now() - t1).count();
    out.counters = lab.fabric().counters();
    out.events = log.take();
    std::filesystem::remove_all(dir);
    return out;
}

// Round trips of a frame like a request over a direct loopback TCP connection, echoed by a
// thread of this process, or (`echo_process`) by a forked child: two processes, like a node
// and the lab, so each wake-up also switches address spaces.
std::vector<double> direct_ping_pong(int rounds, bool echo_process = false) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener, 1);
    socklen_t len = sizeof addr;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);

    core::Envelope env;
    env.src = "c1";
    env.dst = "s1";
    env.type = "request";
    env.body = R"({"n":1,"deadline_ns":0})";
    const std::vector<std::byte> frame = core::encode_frame(env);

    const auto serve = [&] {
        const int fd = ::accept(listener, nullptr, nullptr);
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::vector<std::byte> buf(frame.size());
        for (int i = 0; i < rounds; ++i) {
            if (::recv(fd, buf.data(), buf.size(), MSG_WAITALL) != static_cast<ssize_t>(buf.size()))
                break;
            (void)::send(fd, buf.data(), buf.size(), 0);
        }
        ::close(fd);
    };
    std::thread echo;
    pid_t child = -1;
    if (echo_process) {
        child = ::fork();
        if (child == 0) {
            serve();
            ::_exit(0);
        }
    } else {
        echo = std::thread(serve);
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::vector<double> rtt_us;
    std::vector<std::byte> buf(frame.size());
    for (int i = 0; i < rounds; ++i) {
        const auto t0 = Clock::now();
        (void)::send(fd, frame.data(), frame.size(), 0);
        if (::recv(fd, buf.data(), buf.size(), MSG_WAITALL) != static_cast<ssize_t>(buf.size()))
            break;
        rtt_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    ::close(fd);
    if (echo.joinable())
        echo.join();
    if (child > 0)
        ::waitpid(child, nullptr, 0);
    ::close(listener);
    return rtt_us;
}

// A RunHost with a virtual clock that never advances: every delivery is due at once.
class InstantHost final : public netlab::RunHost {
public:
    explicit InstantHost(const netlab::Scenario& s) : network_(s, 1) {}
    core::Duration now() const override { return core::Duration(0); }
    void schedule(core::Duration, std::function<void()> fn) override { queue_.push_back(std::move(fn)); }
    netlab::NetworkModel& network() override { return network_; }
    netlab::Telemetry& telemetry() override { return telemetry_; }
    std::mt19937_64& rng() override { return rng_; }
    bool is_alive(const core::NodeId&) const override { return true; }
    bool is_paused(const core::NodeId&) const override { return false; }
    void kill(const core::NodeId&) override {}
    void restart(const core::NodeId&) override {}
    void pause(const core::NodeId&) override {}
    void resume(const core::NodeId&) override {}
    void set_clock_skew(const core::NodeId&, core::Duration, double) override {}
    bool send_command(const core::NodeId&, const std::string&, const core::Json&) override { return false; }
    bool release_held(const core::NodeId&, core::MessageId, bool) override { return false; }

    void drain() {
        for (std::size_t i = 0; i < queue_.size(); ++i)
            queue_[i]();
        queue_.clear();
    }

private:
    netlab::NetworkModel network_;
    netlab::Telemetry telemetry_;
    std::mt19937_64 rng_{1};
    std::vector<std::function<void()>> queue_;
};

// The round trip through the fabric (one client, one server, one call at a time), what a hop
// adds against the direct round trip d50 / d99, the time inside the lab and each node's
// turnaround.
void fabric_latency(int seconds, bool busy_poll, double d50, double d99) {
    const auto run = run_lab(scenario("duration: " + std::to_string(seconds) + R"(s
nodes:
  - { id: s1, role: server, params: { service_time: 0ms, capacity: 1000 } }
  - { id: c1, role: client, params: { target: s1, mode: closed, concurrency: 1, timeout: 5s } }
)"), /*measure_rss=*/false, busy_poll);
    std::vector<double> lab_rtt_us;
    for (const auto& op : netlab::collect_ops(run.events).ops)
        if (op.ok())
            lab_rtt_us.push_back(static_cast<double>(op.latency_ns()) / 1000.0);
    const double l50 = percentile(lab_rtt_us, 0.5), l99 = percentile(lab_rtt_us, 0.99);
    std::printf("  round trip through the fabric: p50 %7.1f us   p99 %7.1f us   (%zu calls, 2 fabric hops each)\n",
                l50, l99, lab_rtt_us.size());
    std::printf("  added per fabric hop:          p50 %7.1f us   p99 %7.1f us\n", (l50 - d50) / 2, (l99 - d99) / 2);
    // Of that, the time a message spends inside the lab: from the frame decoded (MessageSent) to
    // its frame written to the receiver's socket (MessageDelivered), on the lab's clock.
    // And each node's turnaround as the lab sees it: from the lab writing a message to the node
    // to the lab reading the node's answer (two loopback transits, the node's wake-up and work;
    // the direct round trip is the same without the work). One call at a time, so the next
    // message a node sends answers the last one it was given.
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> sent_at;
    std::map<std::string, std::int64_t> given_at;
    std::map<std::string, std::vector<double>> turnaround_us;
    std::vector<double> residence_us;
    for (const auto& e : run.events) {
        if (e.kind == netlab::EventKind::MessageSent) {
            sent_at[{e.node, e.msg_id}] = e.t_ns;
            if (auto it = given_at.find(e.node); it != given_at.end()) {
                turnaround_us[e.node].push_back(static_cast<double>(e.t_ns - it->second) / 1000.0);
                given_at.erase(it);
            }
        } else if (e.kind == netlab::EventKind::MessageDelivered) {
            given_at[e.peer] = e.t_ns;
            if (auto it = sent_at.find({e.node, e.msg_id}); it != sent_at.end())
                residence_us.push_back(static_cast<double>(e.t_ns - it->second) / 1000.0);
        }
    }
    std::printf("    of which inside the lab:     p50 %7.1f us   p99 %7.1f us   (frame read -> frame written)\n",
                percentile(residence_us, 0.5), percentile(residence_us, 0.99));
    for (const auto& [node, values] : turnaround_us)
        std::printf("    %s turnaround:             p50 %7.1f us   p99 %7.1f us   (its frame written -> its answer read)\n",
                    node.c_str(), percentile(values, 0.5), percentile(values, 0.99));
}

// Routes `count` request-sized messages through a Fabric into Telemetry and a Recorder.
void fabric_in_process(std::size_t count) {
    const netlab::Scenario s = scenario("duration: 1s\nnodes:\n  - { id: s1, role: server }\n  - { id: c1, role: server }\n");
    InstantHost host(s);
    const auto path = std::filesystem::temp_directory_path() / "distlab-bench-fabric.distlab";
    std::filesystem::remove(path);
    auto recorder = netlab::Recorder::open(path, netlab::RecordingMeta{"bench", "", 1, "lab_bench", ""});
    if (!recorder) {
        std::fprintf(stderr, "recorder: %s\n", recorder.error().message.c_str());
        return;
    }
    host.telemetry().add_sink(**recorder);
    std::uint64_t delivered = 0;
    netlab::Fabric fabric(host, host.network(), host.telemetry(), [&](const core::Envelope&) {
        ++delivered;
        return true;
    });
    core::Envelope env;
    env.src = "c1";
    env.dst = "s1";
    env.type = "request";
    env.body = R"({"n":17,"deadline_ns":0})";
    env.vclock.set("c1", 1);
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
        env.id = i + 1;
        fabric.submit(env);
        if (i % 1024 == 1023) {
            host.drain();
            host.telemetry().flush();
        }
    }
    host.drain();
    host.telemetry().flush();
    const double routed = std::chrono::duration<double>(Clock::now() - t0).count();
    (*recorder)->flush();
    const double recorded = std::chrono::duration<double>(Clock::now() - t0).count();
    (void)(*recorder)->close("done");
    std::filesystem::remove(path);
    std::printf("fabric in process, routed:       %9.0f messages/s (%llu messages, 2 events each)\n",
                static_cast<double>(delivered) / routed, static_cast<unsigned long long>(delivered));
    std::printf("fabric in process, recorded:     %9.0f messages/s (until the recorder committed them all)\n",
                static_cast<double>(delivered) / recorded);
    std::printf("recorder:                        %9.0f events/s (the same run: a sent and its delivered event, paired in one row)\n",
                static_cast<double>(2 * delivered) / recorded);
}

// Messages routed per second by the real lab with `count` nodes: count/2 client/server pairs,
// each client closed-loop with 16 requests in flight (so every node is always busy).
void throughput_by_node_count(const std::vector<int>& counts, int seconds) {
    std::printf("lab on %s%s\n", g_listen.c_str(), netlab::is_loopback_address(g_listen) ? "" : " (TLS)");
    std::printf("%8s %16s %18s %10s\n", "nodes", "messages/s", "per node /s", "start ms");
    for (const int count : counts) {
        std::string body = "duration: " + std::to_string(seconds) + "s\nnodes:\n";
        for (int i = 1; i <= count / 2; ++i) {
            body += "  - { id: s" + std::to_string(i) +
                    ", role: server, params: { service_time: 0ms, capacity: 100000, queue_limit: 100000 } }\n";
            body += "  - { id: c" + std::to_string(i) + ", role: client, params: { target: s" + std::to_string(i) +
                    ", mode: closed, concurrency: 16, timeout: 30s } }\n";
        }
        const auto run = run_lab(scenario(body));
        const double rate = static_cast<double>(run.counters.delivered) / run.seconds;
        std::printf("%8d %16.0f %18.0f %10.0f\n", count, rate, rate / count, run.start_ms);
        std::fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    bool fabric_only = false;
    bool latency_only = false;
    for (int i = 1; i < argc; ++i) {
        quick = quick || std::strcmp(argv[i], "--quick") == 0;
        fabric_only = fabric_only || std::strcmp(argv[i], "--fabric-only") == 0;
        latency_only = latency_only || std::strcmp(argv[i], "--latency-only") == 0;
    }
    const int seconds = quick ? 2 : 5;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--listen") == 0)
            g_listen = argv[i + 1];
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--nodes") == 0) {
            std::vector<int> counts;
            for (const char* p = argv[i + 1]; *p;) {
                char* end = nullptr;
                const long n = std::strtol(p, &end, 10);
                if (end == p || n < 2 || n > 2000) {
                    std::fprintf(stderr, "lab_bench: --nodes takes counts in [2, 2000] separated by commas\n");
                    return 2;
                }
                counts.push_back(static_cast<int>(n));
                p = *end == ',' ? end + 1 : end;
            }
            throughput_by_node_count(counts, seconds);
            return 0;
        }
    if (fabric_only) {
        fabric_in_process(quick ? 200'000 : 1'000'000);
        return 0;
    }

    // 1 + 2: latency, with the lab's busy poll (the default) and without it.
    const auto direct = direct_ping_pong(quick ? 2000 : 20000);
    const double d50 = percentile(direct, 0.5), d99 = percentile(direct, 0.99);
    std::printf("direct loopback round trip:      p50 %7.1f us   p99 %7.1f us   (%zu rounds)\n", d50, d99, direct.size());
    const auto direct_processes = direct_ping_pong(quick ? 2000 : 20000, /*echo_process=*/true);
    std::printf("  the same between two processes: p50 %7.1f us   p99 %7.1f us   (for comparison only)\n",
                percentile(direct_processes, 0.5), percentile(direct_processes, 0.99));
    for (const bool busy_poll : {true, false}) {
        std::printf("%s\n", busy_poll ? "lab with busy poll (default):" : "lab sleeping whenever idle (busy_poll off):");
        fabric_latency(seconds, busy_poll, d50, d99);
    }
    if (latency_only)
        return 0;

    // 3: throughput, closed loop flat out.
    const auto flood = run_lab(scenario("duration: " + std::to_string(seconds) + R"(s
nodes:
  - { id: s1, role: server, params: { service_time: 0ms, capacity: 100000, queue_limit: 100000 } }
  - { id: s2, role: server, params: { service_time: 0ms, capacity: 100000, queue_limit: 100000 } }
  - { id: c1, role: client, params: { target: s1, mode: closed, concurrency: 256, timeout: 10s } }
  - { id: c2, role: client, params: { target: s2, mode: closed, concurrency: 256, timeout: 10s } }
)"));
    std::printf("fabric throughput:               %9.0f messages/s routed (%llu delivered in %.1f s; %zu events)\n",
                static_cast<double>(flood.counters.delivered) / flood.seconds,
                static_cast<unsigned long long>(flood.counters.delivered), flood.seconds, flood.events.size());

    fabric_in_process(quick ? 200'000 : 1'000'000);

    // 4: spawn 50 nodes.
    std::string fifty = "duration: 1s\nnodes:\n";
    for (int i = 1; i <= 50; ++i)
        fifty += "  - { id: s" + std::to_string(i) + ", role: server }\n";
    const auto spawn = run_lab(scenario(fifty), /*measure_rss=*/true);
    std::printf("50 nodes spawned and connected:  %7.1f ms\n", spawn.start_ms);
    if (!spawn.rss_kb.empty())
        std::printf("node RSS:                        %7.1f MB median, %.1f MB max\n",
                    percentile(std::vector<double>(spawn.rss_kb.begin(), spawn.rss_kb.end()), 0.5) / 1024.0,
                    static_cast<double>(*std::max_element(spawn.rss_kb.begin(), spawn.rss_kb.end())) / 1024.0);
    return 0;
}
