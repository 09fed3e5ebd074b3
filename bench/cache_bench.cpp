// cache_bench: the cache hit path through real processes, with the cache on and off, side by
// side (docs/performance.md). A cache-client reads `--keys` keys uniformly through a
// cached-service at `--rate` reads a second (open loop) for `--seconds`; the database answers a
// read in `--db-latency` and has capacity to spare. "On": one cache node, warmed at the start
// with a TTL longer than the run, so every read after the warm-up is a hit (client -> service ->
// cache node -> service -> client). "Off": no cache node, every read goes to the database. Each
// runs as distlab-node processes behind the lab's fabric on the `ideal` network; printed per
// side: reads completed per second, hit ratio, p50 / p99 of the read latency (invoke to answer,
// from the run's operations).
// Usage: cache_bench [--rate N] [--seconds S] [--keys K] [--db-latency MS]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "bench/bench_lab.h"

namespace {

using namespace distlab;

struct Options {
    int rate = 2000;
    int seconds = 5;
    int keys = 1000;
    int db_latency_ms = 5;
};

struct Figures {
    double reads_per_s = 0;
    double hit_percent = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    std::int64_t failed = 0;
};

using bench::percentile;


Figures run(const Options& o, bool cache) {
    const std::string keys = std::to_string(o.keys);
    std::string yaml = "version: 1\nname: cache-bench\nfamily: caching\n"
                       "title: { en: \"Cache bench\", zh: \"缓存基准\" }\n"
                       "summary: { en: \"Benchmark.\", zh: \"基准测试。\" }\n"
                       "seed: 1\nnetwork: { preset: ideal }\nlinks: full\n"
                       "duration: " + std::to_string(o.seconds + 2) + "s\nnodes:\n"
                       "  - {id: svc, role: cached-service, params: {database: db, keys: " + keys +
                       ", ttl: 600s, warm: true, caches: [" + (cache ? "r1" : "") + "]}}\n"
                       "  - {id: db, role: database, params: {keys: " + keys + ", latency: " +
                       std::to_string(o.db_latency_ms) + "ms, capacity: 1000000}}\n"
                       "  - {id: c1, role: cache-client, params: {target: svc, keys: " + keys +
                       ", rate: " + std::to_string(o.rate) + ", arrival: fixed, stop_at: " +
                       std::to_string(o.seconds) + "s}}\n";
    if (cache)
        yaml += "  - {id: r1, role: cache-node}\n";
    const std::vector<netlab::Event> events = bench::run_lab(yaml, "cache_bench");
    std::int64_t hits = 0;
    const bench::ClientOps ops = bench::client_ops(events, "c1", [&hits](const netlab::Event& e) {
        const auto v = core::Json::parse(e.data, nullptr, false);
        hits += v.is_object() && v.value("source", std::string()) != "db" ? 1 : 0;
    });
    Figures f;
    f.failed = ops.failed;
    f.reads_per_s = static_cast<double>(ops.latencies_ms.size()) / o.seconds;
    f.hit_percent = ops.latencies_ms.empty() ? 0 : 100.0 * static_cast<double>(hits) / static_cast<double>(ops.latencies_ms.size());
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
                std::fprintf(stderr, "cache_bench: %s needs a positive integer\n", arg.c_str());
                std::exit(2);
            }
            out = std::atoi(argv[++i]);
        };
        if (arg == "--rate")
            value(o.rate);
        else if (arg == "--seconds")
            value(o.seconds);
        else if (arg == "--keys")
            value(o.keys);
        else if (arg == "--db-latency")
            value(o.db_latency_ms);
        else {
            std::fprintf(stderr, "usage: cache_bench [--rate N] [--seconds S] [--keys K] [--db-latency MS]\n");
            return 2;
        }
    }
    std::printf("cache hit path, real processes: %d reads/s offered for %d s over %d keys, database read %d ms\n",
                o.rate, o.seconds, o.keys, o.db_latency_ms);
    const Figures on = run(o, true);
    const Figures off = run(o, false);
    std::printf("%-28s %14s %14s\n", "", "cache on", "cache off");
    std::printf("%-28s %14.0f %14.0f\n", "reads completed per second", on.reads_per_s, off.reads_per_s);
    std::printf("%-28s %13.1f%% %13.1f%%\n", "served without the database", on.hit_percent, off.hit_percent);
    std::printf("%-28s %11.2f ms %11.2f ms\n", "read latency p50", on.p50_ms, off.p50_ms);
    std::printf("%-28s %11.2f ms %11.2f ms\n", "read latency p99", on.p99_ms, off.p99_ms);
    std::printf("%-28s %14lld %14lld\n", "reads failed or unanswered", static_cast<long long>(on.failed),
                static_cast<long long>(off.failed));
    return 0;
}
