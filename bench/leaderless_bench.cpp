// leaderless_bench: write throughput of a 5-replica leaderless store at QUORUM and of a
// 3-node leader-follower group with synchronous replication next to the shipped Raft's, on this
// machine (docs/performance.md). All run as distlab-node processes
// behind the lab's fabric on the `ideal` network, every stored write synced to disk before it
// is acknowledged (run directory on the disk, as raft_bench). Closed-loop writers, puts only,
// 1 s warm-up, then `--seconds` measured:
//   - raft: three servers (heartbeat 50 ms, election 300-600 ms), one kv-client with
//     `concurrency` writers, redirected to the leader;
//   - lf: three lf-nodes, n1 the primary, replication sync (a write is acknowledged once both
//     replicas hold it on disk), fsync on, one kv-client with the writers aimed at n1;
//   - leaderless: five dynamo-nodes, N = 3, R = W = QUORUM, one kv-client per node, each with
//     its share of the writers (at least one) and that node as its coordinator: any node
//     coordinates, so the load spreads over all five.
// Printed per point: writes acknowledged per second, p50 and p99 of the client's latency, and
// the messages sent (by every node, clients included) per acknowledged write.
//
// With --clients N, every system gets N kv-clients sharing the writers (default: one for Raft and
// leader-follower, one per node for the leaderless store), so that the three can be driven by the
// same client processes. Printed beside the rest: the processor time of every process of the run
// (the lab, nodes and clients, from getrusage) per acknowledged write, a figure that a loaded
// machine moves less than throughput.
//
// Usage: leaderless_bench [--writers 1,16,64] [--seconds S] [--clients N] [--only raft|lf|leaderless]

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "bench/bench_support.h"

namespace {

using namespace distlab;

struct Options {
    std::vector<int> writers = {1, 16, 64};
    int seconds = 5;
    std::string only;
    int clients = 0;   // kv-client processes sharing the writers; 0: 1 for raft and lf, 5 for leaderless
};

struct Point {
    double writes_per_s = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double messages_per_write = 0;   // every message sent in the window (clients' included) per ack
    double cpu_us_per_write = 0;     // processor time of the whole run (lab, nodes, clients) per ack
};

constexpr int kWarmup = 1;
constexpr int kNodes = 5;

std::string node_binary() { return bench::beside_me("distlab-node"); }

using bench::percentile;

// Processor time (user and system) of this process, the lab, and of its children that ended: the
// nodes and clients of the runs so far.
double cpu_seconds() {
    double total = 0;
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
        rusage u{};
        ::getrusage(who, &u);
        total += static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
                 static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    }
    return total;
}

struct RunResult {
    std::vector<netlab::Event> events;
    double cpu_s = 0;   // the run's processor time, every process
};

RunResult run(const std::string& body) {
    const std::string yaml = std::string(R"(version: 1
name: leaderless-bench
family: replication
title: { en: "Leaderless bench", zh: "无主复制基准" }
summary: { en: "Benchmark.", zh: "基准测试。" }
seed: 1
network: { preset: ideal }
links: full
)") + body;
    auto loaded = netlab::load_scenario_text(yaml, "leaderless-bench.yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded) {
        for (const auto& d : loaded.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(2);
    }
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = "leaderless_bench";
    request.node_binary = node_binary();
    // On the disk: the run's default directory is on a memory file system, where a sync costs nothing.
    std::string pattern = (std::filesystem::temp_directory_path() / "leaderless-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::fprintf(stderr, "leaderless_bench: cannot create a directory under %s\n",
                     std::filesystem::temp_directory_path().c_str());
        std::exit(3);
    }
    request.run_dir = pattern;
    const double cpu_before = cpu_seconds();
    auto outcome = netlab::run_scenario(request);
    const double cpu = cpu_seconds() - cpu_before;
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
    if (!outcome) {
        std::fprintf(stderr, "leaderless_bench: the lab failed: %s\n", outcome.error().message.c_str());
        std::exit(3);
    }
    return {std::move(outcome->events), cpu};
}

// Acknowledged writes completed in the measured window, and their latencies; the processor time
// per acknowledged write over the whole run (warm-up, start and stop included).
Point measure(const RunResult& run, int seconds) {
    const std::vector<netlab::Event>& events = run.events;
    std::size_t acked = 0;
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> invoked;
    std::vector<double> latencies;
    std::size_t messages = 0;
    const std::int64_t from = std::int64_t{kWarmup} * 1'000'000'000;
    const std::int64_t to = from + std::int64_t{seconds} * 1'000'000'000;
    for (const auto& e : events) {
        if (e.kind == netlab::EventKind::MessageSent && e.t_ns >= from && e.t_ns < to)
            ++messages;
        if (e.kind == netlab::EventKind::OpInvoked)
            invoked[{e.node, e.msg_id}] = e.t_ns;
        if (e.kind == netlab::EventKind::OpCompleted && e.type == "ok")
            ++acked;
        if (e.kind != netlab::EventKind::OpCompleted || e.type != "ok" || e.t_ns < from || e.t_ns >= to)
            continue;
        const auto it = invoked.find({e.node, e.msg_id});
        if (it != invoked.end())
            latencies.push_back(static_cast<double>(e.t_ns - it->second) / 1e6);
    }
    return {static_cast<double>(latencies.size()) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99),
            latencies.empty() ? 0 : static_cast<double>(messages) / static_cast<double>(latencies.size()),
            acked == 0 ? 0 : run.cpu_s * 1e6 / static_cast<double>(acked)};
}

std::string client(const std::string& id, const std::string& targets, int concurrency) {
    return "  - {id: " + id + ", role: kv-client, params: {targets: [" + targets +
           "], mode: closed, concurrency: " + std::to_string(concurrency) +
           ", read_ratio: 0, cas_ratio: 0, keys: 1000, timeout: 2s}}\n";
}

// `count` clients (at most one per writer) sharing `writers` out, the first ones taking the
// remainder; client i (from 1) sends to targets(i).
template <class Targets>
std::string clients(int count, int writers, Targets targets) {
    count = std::min(count, writers);
    std::string out;
    for (int i = 1; i <= count; ++i)
        out += client("c" + std::to_string(i), targets(i), writers / count + (i <= writers % count ? 1 : 0));
    return out;
}

Point raft(const Options& o, int writers) {
    std::string body = "duration: " + std::to_string(kWarmup + o.seconds) + "s\nnodes:\n";
    for (const char* id : {"n1", "n2", "n3"})
        body += std::string("  - {id: ") + id +
                ", role: raft, params: {heartbeat: 50ms, election_timeout: [300ms, 600ms]}}\n";
    body += clients(o.clients > 0 ? o.clients : 1, writers, [](int) { return std::string("n1, n2, n3"); });
    return measure(run(body), o.seconds);
}

Point leader_follower(const Options& o, int writers) {
    std::string body = "duration: " + std::to_string(kWarmup + o.seconds) + "s\nnodes:\n";
    for (const char* id : {"n1", "n2", "n3"})
        body += std::string("  - {id: ") + id +
                ", role: lf-node, params: {members: [n1, n2, n3], primary: n1, replication: sync, fsync: true}}\n";
    body += clients(o.clients > 0 ? o.clients : 1, writers, [](int) { return std::string("n1"); });
    return measure(run(body), o.seconds);
}

Point leaderless(const Options& o, int writers) {
    std::string members = "n1";
    for (int i = 2; i <= kNodes; ++i)
        members += ", n" + std::to_string(i);
    std::string body = "duration: " + std::to_string(kWarmup + o.seconds) + "s\nnodes:\n";
    for (int i = 1; i <= kNodes; ++i)
        body += "  - {id: n" + std::to_string(i) + ", role: dynamo-node, params: {members: [" + members +
                "], n: 3, read_consistency: QUORUM, write_consistency: QUORUM}}\n";
    // Client i coordinates through node i (modulo the ring): any node coordinates.
    body += clients(o.clients > 0 ? o.clients : kNodes, writers,
                    [](int i) { return "n" + std::to_string((i - 1) % kNodes + 1); });
    return measure(run(body), o.seconds);
}

std::vector<int> parse_list(const char* text) {
    std::vector<int> out;
    for (const char* p = text; *p;) {
        out.push_back(std::atoi(p));
        const char* comma = std::strchr(p, ',');
        if (!comma)
            break;
        p = comma + 1;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--writers" && i + 1 < argc)
            o.writers = parse_list(argv[++i]);
        else if (a == "--seconds" && i + 1 < argc)
            o.seconds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--clients" && i + 1 < argc)
            o.clients = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc &&
                 (std::string(argv[i + 1]) == "raft" || std::string(argv[i + 1]) == "lf" ||
                  std::string(argv[i + 1]) == "leaderless"))
            o.only = argv[++i];
        else {
            std::fprintf(stderr, "usage: leaderless_bench [--writers 1,16,64] [--seconds S] [--clients N] "
                                 "[--only raft|lf|leaderless]\n");
            return 2;
        }
    }
    if (o.writers.empty() || std::any_of(o.writers.begin(), o.writers.end(), [](int w) { return w < 1; })) {
        std::fprintf(stderr, "leaderless_bench: --writers needs positive numbers, such as 1,16,64\n");
        return 2;
    }
    std::printf("write throughput (closed loop, puts only, every write synced), %d s per point\n", o.seconds);
    std::printf("  %-28s %7s %12s %10s %10s %10s %10s\n", "system", "writers", "writes/s", "p50 ms", "p99 ms", "msgs/write",
                "cpu us/wr");
    for (int writers : o.writers) {
        if (o.only.empty() || o.only == "raft") {
            const Point p = raft(o, writers);
            std::printf("  %-28s %7d %12.0f %10.2f %10.2f %10.1f %10.0f\n", "raft, 3 servers", writers, p.writes_per_s,
                        p.p50_ms, p.p99_ms, p.messages_per_write,
                        p.cpu_us_per_write);
        }
        if (o.only.empty() || o.only == "lf") {
            const Point p = leader_follower(o, writers);
            std::printf("  %-28s %7d %12.0f %10.2f %10.2f %10.1f %10.0f\n", "leader-follower, 3, sync", writers,
                        p.writes_per_s, p.p50_ms, p.p99_ms, p.messages_per_write,
                        p.cpu_us_per_write);
        }
        if (o.only.empty() || o.only == "leaderless") {
            const Point p = leaderless(o, writers);
            std::printf("  %-28s %7d %12.0f %10.2f %10.2f %10.1f %10.0f\n", "leaderless, 5 nodes, QUORUM", writers,
                        p.writes_per_s, p.p50_ms, p.p99_ms, p.messages_per_write,
                        p.cpu_us_per_write);
        }
        std::fflush(stdout);
    }
    return 0;
}
