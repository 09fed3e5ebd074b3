// How fast the simulator runs a scenario: 10 s of virtual time, 5 nodes (2 servers, 3 clients
// at 100 calls/s each, so some 6,000 messages), with a loss fault and a partition. Prints the
// median wall time of N runs (default 20) and what one run produced.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace {

constexpr const char* kScenario = R"(
version: 1
name: sim-bench
family: testing
title: {en: Simulator bench, zh: 模拟器基准}
summary: {en: Five nodes for ten seconds, zh: 五个节点运行十秒}
duration: 10s
seed: 1
network: {preset: lan}
nodes:
  - {id: s1, role: server, params: {service_time: 2ms}}
  - {id: s2, role: server, params: {service_time: 2ms}}
  - {id: c1, role: client, params: {target: s1, rate: 100, timeout: 200ms}}
  - {id: c2, role: client, params: {target: s2, rate: 100, timeout: 200ms}}
  - {id: c3, role: client, params: {target: s1, rate: 100, timeout: 200ms}}
links: full
faults:
  - {at: 3s, until: 5s, loss: {from: "*", to: s1, rate: 0.2}}
  - {at: 6s, until: 7s, partition: [[s2], [s1, c1, c2, c3]]}
)";

class Counter final : public distlab::netlab::EventSink {
public:
    void on_events(std::span<const distlab::netlab::Event> batch) override { events += batch.size(); }
    std::size_t events = 0;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace distlab::netlab;
    const int runs = argc > 1 ? std::max(1, std::stoi(argv[1])) : 20;
    const auto& roles = distlab::core::RoleRegistry::builtin();
    auto scenario = load_scenario_text(kScenario, "sim-bench.yaml", roles, {});
    if (!scenario) {
        for (const Diagnostic& d : scenario.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        return 2;
    }

    std::vector<double> ms;
    std::size_t events = 0;
    FabricCounters counters;
    for (int i = 0; i < runs; ++i) {
        Counter counter;
        const auto start = std::chrono::steady_clock::now();
        SimRun run(*scenario, roles);
        run.telemetry().add_sink(counter);
        run.run();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        events = counter.events;
        counters = run.counters();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("sim_bench: 10 s virtual, 5 nodes: median %.1f ms, min %.1f ms over %d runs\n",
                ms[ms.size() / 2], ms.front(), runs);
    std::printf("  per run: %zu events; messages sent %llu, delivered %llu, dropped %llu\n", events,
                static_cast<unsigned long long>(counters.sent), static_cast<unsigned long long>(counters.delivered),
                static_cast<unsigned long long>(counters.dropped));
    return 0;
}
