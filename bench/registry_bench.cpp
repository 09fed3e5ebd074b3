// registry_bench: how long a registry takes to tell its subscribers of a change, through real
// processes (docs/performance.md). One `registry` (preset nacos), `--changes` service-instances
// and `--subscribers` discovery-clients (each calling a few times a second, so the lists are in
// use) run as distlab-node processes behind the lab's fabric on the `ideal` network. Once every
// client holds the full list, the instances are shut down gracefully one a second: each
// deregistration is one change. Printed: per change, the time from the deregistration reaching
// the registry to its push reaching each subscriber (MessageDelivered events), as p50 / p99 /
// max over every subscriber and change, and the pushes that never arrived.
// Usage: registry_bench [--subscribers N] [--changes C]

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
#include "bench/bench_support.h"

namespace {

using namespace distlab;

struct Options {
    int subscribers = 100;
    int changes = 3;
};

using bench::percentile;

std::string node_binary() { return bench::beside_me("distlab-node"); }

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](int& out) {
            if (i + 1 >= argc || std::atoi(argv[i + 1]) <= 0) {
                std::fprintf(stderr, "registry_bench: %s needs a positive integer\n", arg.c_str());
                std::exit(2);
            }
            out = std::atoi(argv[++i]);
        };
        if (arg == "--subscribers")
            value(o.subscribers);
        else if (arg == "--changes")
            value(o.changes);
        else {
            std::fprintf(stderr, "usage: registry_bench [--subscribers N] [--changes C]\n");
            return 2;
        }
    }
    // The instances go one a second from 5 s on, when every client has long had its list.
    const int first_change_s = 5;
    std::string yaml = "version: 1\nname: registry-bench\nfamily: discovery\n"
                       "title: { en: \"Registry bench\", zh: \"注册中心基准\" }\n"
                       "summary: { en: \"Benchmark.\", zh: \"基准测试。\" }\n"
                       "seed: 1\nnetwork: { preset: ideal }\nlinks: full\n"
                       "duration: " + std::to_string(first_change_s + o.changes + 2) + "s\nnodes:\n"
                       "  - {id: r1, role: registry, params: {preset: nacos}}\n";
    // One instance more than the changes, so the list never empties.
    for (int s = 0; s <= o.changes; ++s)
        yaml += "  - {id: s" + std::to_string(s) + ", role: service-instance, params: {registries: [r1]}}\n";
    for (int c = 0; c < o.subscribers; ++c)
        yaml += "  - {id: c" + std::to_string(c) +
                ", role: discovery-client, params: {registries: [r1], rate: 2, refresh: 30s}}\n";
    yaml += "faults:\n";
    for (int s = 1; s <= o.changes; ++s)
        yaml += "  - {at: " + std::to_string(first_change_s + s - 1) + "s, command: {node: s" + std::to_string(s) +
                ", type: shutdown}}\n";
    auto loaded = netlab::load_scenario_text(yaml, "registry-bench.yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded) {
        for (const auto& d : loaded.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        return 2;
    }
    std::printf("registry push, real processes: %d subscribers, %d changes (graceful deregistrations)\n",
                o.subscribers, o.changes);
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = "registry_bench";
    request.node_binary = node_binary();
    auto outcome = netlab::run_scenario(request);
    if (!outcome) {
        std::fprintf(stderr, "registry_bench: the lab failed: %s\n", outcome.error().message.c_str());
        return 3;
    }
    // Each deregistration reaching r1 opens a change; the pushes delivered after it (before the
    // next one) close it for their subscriber.
    std::vector<std::int64_t> changes_ns;
    std::vector<std::map<std::string, std::int64_t>> reached;
    for (const netlab::Event& e : outcome->events) {
        if (e.kind != netlab::EventKind::MessageDelivered)
            continue;
        if (e.peer == "r1" && e.type == "reg_deregister") {
            changes_ns.push_back(e.t_ns);
            reached.emplace_back();
        } else if (e.node == "r1" && e.type == "reg_push" && !changes_ns.empty()) {
            reached.back().try_emplace(e.peer, e.t_ns - changes_ns.back());
        }
    }
    std::vector<double> ms;
    std::int64_t missing = 0;
    for (std::size_t k = 0; k < changes_ns.size(); ++k) {
        std::vector<double> these;
        for (const auto& [client, ns] : reached[k])
            these.push_back(static_cast<double>(ns) / 1e6);
        missing += o.subscribers - static_cast<std::int64_t>(these.size());
        std::printf("change %zu: %zu subscribers reached, p50 %.2f ms, max %.2f ms\n", k + 1, these.size(),
                    percentile(these, 0.5), these.empty() ? 0.0 : *std::max_element(these.begin(), these.end()));
        ms.insert(ms.end(), these.begin(), these.end());
    }
    std::printf("all changes: p50 %.2f ms, p99 %.2f ms, max %.2f ms; pushes never delivered: %lld of %lld\n",
                percentile(ms, 0.5), percentile(ms, 0.99), ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()),
                static_cast<long long>(missing), static_cast<long long>(o.subscribers) * o.changes);
    return changes_ns.size() == static_cast<std::size_t>(o.changes) ? 0 : 1;
}
