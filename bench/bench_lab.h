#pragma once

// The run-and-measure loop of the bench programs that time a client through real processes:
// a scenario written by the bench, run by the lab's runner, and one client's operations read
// back from the events.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"

namespace distlab::bench {

// `yaml` run on real processes by `program` (named in errors); exits 2 when the scenario does
// not load and 3 when the lab fails, as every bench does.
inline std::vector<netlab::Event> run_lab(const std::string& yaml, const std::string& program) {
    auto loaded = netlab::load_scenario_text(yaml, program + ".yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded) {
        for (const auto& d : loaded.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(2);
    }
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = program;
    request.node_binary = beside_me("distlab-node");
    auto outcome = netlab::run_scenario(request);
    if (!outcome) {
        std::fprintf(stderr, "%s: the lab failed: %s\n", program.c_str(), outcome.error().message.c_str());
        std::exit(3);
    }
    return std::move(outcome->events);
}

// `client`'s operations in `events`: the latency of each that ended ok (from its invocation),
// and how many did not. `on_ok` sees each ok completion.
struct ClientOps {
    std::vector<double> latencies_ms;
    std::int64_t failed = 0;
};

inline ClientOps client_ops(const std::vector<netlab::Event>& events, const std::string& client,
                            const std::function<void(const netlab::Event&)>& on_ok = {}) {
    std::map<std::uint64_t, std::int64_t> invoked_ns;
    ClientOps ops;
    for (const netlab::Event& e : events) {
        if (e.node != client)
            continue;
        if (e.kind == netlab::EventKind::OpInvoked) {
            invoked_ns[e.msg_id] = e.t_ns;
        } else if (e.kind == netlab::EventKind::OpCompleted) {
            const auto it = invoked_ns.find(e.msg_id);
            if (e.type != "ok" || it == invoked_ns.end()) {
                ++ops.failed;
                continue;
            }
            ops.latencies_ms.push_back(static_cast<double>(e.t_ns - it->second) / 1e6);
            if (on_ok)
                on_ok(e);
        }
    }
    return ops;
}

}  // namespace distlab::bench
