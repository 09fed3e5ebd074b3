// lb_bench: what the load balancer adds, through real processes (docs/performance.md). A
// client calls three backends (service time 0, so the path itself is measured) either directly
// (one backend) or through a load-balancer, each as distlab-node processes behind the lab's
// fabric on the `ideal` network:
//   1. latency: an open loop at `--rate` requests a second for `--seconds`; p50 / p99 of the
//      request latency (invoke to answer, from the run's operations) direct and through the
//      balancer, and their difference, the balancer's added latency per request (one more
//      process and two more fabric hops);
//   2. throughput: a closed loop of `--concurrency` requests kept outstanding, flat out;
//      requests answered per second direct and through the balancer.
// Usage: lb_bench [--rate N] [--seconds S] [--concurrency C] [--algorithm NAME]

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
    int rate = 1000;
    int seconds = 5;
    int concurrency = 32;
    std::string algorithm = "round_robin";
};

struct Figures {
    double per_s = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    std::int64_t failed = 0;
};

using bench::percentile;


Figures run(const Options& o, bool balanced, bool closed) {
    const std::string load = closed ? "mode: closed, concurrency: " + std::to_string(o.concurrency)
                                    : "rate: " + std::to_string(o.rate) + ", arrival: fixed";
    std::string yaml = "version: 1\nname: lb-bench\nfamily: scheduling\n"
                       "title: { en: \"Load balancer bench\", zh: \"负载均衡基准\" }\n"
                       "summary: { en: \"Benchmark.\", zh: \"基准测试。\" }\n"
                       "seed: 1\nnetwork: { preset: ideal }\nlinks: full\n"
                       "duration: " + std::to_string(o.seconds + 1) + "s\nnodes:\n"
                       "  - {id: c1, role: client, params: {target: " + std::string(balanced ? "lb" : "b1") + ", " + load +
                       ", timeout: 2s, stop_at: " + std::to_string(o.seconds) + "s}}\n";
    for (const char* b : {"b1", "b2", "b3"})
        yaml += "  - {id: " + std::string(b) + ", role: backend, params: {latency: 0ms, capacity: 1000}}\n";
    if (balanced)
        yaml += "  - {id: lb, role: load-balancer, params: {backends: [b1, b2, b3], algorithm: " + o.algorithm + "}}\n";
    const bench::ClientOps ops = bench::client_ops(bench::run_lab(yaml, "lb_bench"), "c1");
    Figures f;
    f.failed = ops.failed;
    f.per_s = static_cast<double>(ops.latencies_ms.size()) / o.seconds;
    f.p50_ms = percentile(ops.latencies_ms, 0.50);
    f.p99_ms = percentile(ops.latencies_ms, 0.99);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](int& out) {
            if (i + 1 >= argc || std::atoi(argv[i + 1]) <= 0) {
                std::fprintf(stderr, "lb_bench: %s needs a positive integer\n", arg.c_str());
                std::exit(2);
            }
            out = std::atoi(argv[++i]);
        };
        if (arg == "--rate")
            value(o.rate);
        else if (arg == "--seconds")
            value(o.seconds);
        else if (arg == "--concurrency")
            value(o.concurrency);
        else if (arg == "--algorithm" && i + 1 < argc)
            o.algorithm = argv[++i];
        else {
            std::fprintf(stderr, "usage: lb_bench [--rate N] [--seconds S] [--concurrency C] [--algorithm NAME]\n");
            return 2;
        }
    }
    std::printf("load balancer, real processes: %s over three backends answering at once\n", o.algorithm.c_str());
    const Figures direct = run(o, false, false);
    const Figures through = run(o, true, false);
    std::printf("latency at %d requests/s for %d s   %12s %12s %12s\n", o.rate, o.seconds, "direct", "balanced", "added");
    std::printf("%-36s %9.3f ms %9.3f ms %9.3f ms\n", "  p50", direct.p50_ms, through.p50_ms, through.p50_ms - direct.p50_ms);
    std::printf("%-36s %9.3f ms %9.3f ms %9.3f ms\n", "  p99", direct.p99_ms, through.p99_ms, through.p99_ms - direct.p99_ms);
    std::printf("%-36s %12lld %12lld\n", "  failed or unanswered", static_cast<long long>(direct.failed),
                static_cast<long long>(through.failed));
    const Figures direct_max = run(o, false, true);
    const Figures through_max = run(o, true, true);
    std::printf("throughput, %d outstanding, flat out     %12s %12s\n", o.concurrency, "direct", "balanced");
    std::printf("%-36s %12.0f %12.0f\n", "  requests answered per second", direct_max.per_s, through_max.per_s);
    std::printf("%-36s %9.3f ms %9.3f ms\n", "  p50", direct_max.p50_ms, through_max.p50_ms);
    return 0;
}
