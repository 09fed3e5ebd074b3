// maelstrom_bench: what the bring-your-own-node bridge costs (docs/performance.md). The same
// closed loop of requests (`--concurrency` outstanding, `--seconds` long, on the `ideal` network)
// against three servers, each a node of the lab on real processes:
//   1. the built-in request-response server (client -> server), service time 0;
//   2. the built-in Maelstrom echo node (echo-client -> echo-server);
//   3. a Maelstrom echo node program behind the `external` role (echo-client -> the program):
//      every request and answer crosses the node process's pipes to and from the program and is
//      parsed and written as a JSON line on both sides.
// Printed side by side: requests answered per second and latency p50 / p99; and the program's
// rate as a share of the request-response server's (the target is at least half).
// Usage: maelstrom_bench [--seconds S] [--concurrency C] [--node PATH]
//   PATH: the echo node program (default: maelstrom_echo_node beside this program).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "bench/bench_lab.h"

namespace {

using namespace distlab;

struct Options {
    int seconds = 5;
    int concurrency = 32;
    std::string node;
};

struct Figures {
    double per_s = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    std::int64_t unanswered = 0;
};

using bench::beside_me;
using bench::percentile;

// `server` and `client` are the nodes' lines of the scenario.
Figures run(const Options& o, const std::string& server, const std::string& client) {
    const std::string yaml = "version: 1\nname: maelstrom-bench\nfamily: testing\n"
                             "title: { en: \"Bridge bench\", zh: \"桥接基准\" }\n"
                             "summary: { en: \"Benchmark.\", zh: \"基准测试。\" }\n"
                             "seed: 1\nnetwork: { preset: ideal }\nlinks: full\n"
                             "duration: " + std::to_string(o.seconds + 1) + "s\nnodes:\n  - " + server + "\n  - " + client + "\n";
    const bench::ClientOps ops = bench::client_ops(bench::run_lab(yaml, "maelstrom_bench"), "c1");
    Figures f;
    f.unanswered = ops.failed;
    f.per_s = static_cast<double>(ops.latencies_ms.size()) / o.seconds;
    f.p50_ms = percentile(ops.latencies_ms, 0.50);
    f.p99_ms = percentile(ops.latencies_ms, 0.99);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    o.node = beside_me("maelstrom_echo_node");
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](int& out) {
            if (i + 1 >= argc || std::atoi(argv[i + 1]) <= 0) {
                std::fprintf(stderr, "maelstrom_bench: %s needs a positive integer\n", arg.c_str());
                std::exit(2);
            }
            out = std::atoi(argv[++i]);
        };
        if (arg == "--seconds")
            value(o.seconds);
        else if (arg == "--concurrency")
            value(o.concurrency);
        else if (arg == "--node" && i + 1 < argc)
            o.node = argv[++i];
        else {
            std::fprintf(stderr, "usage: maelstrom_bench [--seconds S] [--concurrency C] [--node PATH]\n");
            return 2;
        }
    }
    if (!std::filesystem::is_regular_file(o.node)) {
        std::fprintf(stderr, "maelstrom_bench: no echo node program at %s (build maelstrom_echo_node, or give --node)\n",
                     o.node.c_str());
        return 2;
    }
    const std::string loop = "mode: closed, concurrency: " + std::to_string(o.concurrency) +
                             ", stop_at: " + std::to_string(o.seconds) + "s, timeout: 2s";
    std::printf("closed loop, %d requests outstanding, %d s, real processes on the ideal network\n", o.concurrency,
                o.seconds);
    const Figures rr = run(o, "{id: s1, role: server, params: {service_time: 0ms, capacity: 100000, queue_limit: 100000}}",
                           "{id: c1, role: client, params: {target: s1, " + loop + "}}");
    const Figures builtin = run(o, "{id: n1, role: echo-server}", "{id: c1, role: echo-client, params: {target: n1, " + loop + "}}");
    const Figures bridged = run(o, "{id: n1, role: external, params: {command: [\"" + o.node + "\", \"correct\"]}}",
                                "{id: c1, role: echo-client, params: {target: n1, " + loop + "}}");
    std::printf("%-30s %16s %16s %16s\n", "", "request-response", "echo (built in)", "echo (program)");
    std::printf("%-30s %16.0f %16.0f %16.0f\n", "requests answered per second", rr.per_s, builtin.per_s, bridged.per_s);
    std::printf("%-30s %13.2f ms %13.2f ms %13.2f ms\n", "latency p50", rr.p50_ms, builtin.p50_ms, bridged.p50_ms);
    std::printf("%-30s %13.2f ms %13.2f ms %13.2f ms\n", "latency p99", rr.p99_ms, builtin.p99_ms, bridged.p99_ms);
    std::printf("%-30s %16lld %16lld %16lld\n", "unanswered", static_cast<long long>(rr.unanswered),
                static_cast<long long>(builtin.unanswered), static_cast<long long>(bridged.unanswered));
    std::printf("the program behind the bridge: %.0f%% of the request-response server's rate (target: at least 50%%)\n",
                rr.per_s > 0 ? 100.0 * bridged.per_s / rr.per_s : 0.0);
    return 0;
}
