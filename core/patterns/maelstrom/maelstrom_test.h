#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/result.h"

// A node program tested the way `maelstrom test` tests it, as a scenario: nodes n1..nN running
// the program (the `external` role), one workload client cK per node sending it operations for the
// time limit, Maelstrom's services beside them (lin-kv, seq-kv, lww-kv, lin-tso), and the
// workload's checks. `distlab-cli maelstrom test` and the window's File > Run My Node... both build
// their scenario here. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct MaelstromTest {
    std::vector<std::string> command;     // the program (a path) and its arguments
    std::string workload;                 // one of maelstrom_workloads()
    std::uint64_t node_count = 1;
    double time_limit_s = 10;
    double rate = 10;                     // operations per second over every client
    std::uint64_t seed = 1;
    std::uint64_t clients = 0;            // workload clients c1..cC, spread over the nodes; 0: one per node
    double latency_ms = 0;                // one-way latency of every message
    bool uniform_latency = false;         // drawn from [0, 2 x latency] instead of constant
    std::vector<std::string> nemesis;     // partition, kill, pause
    double nemesis_interval_s = 10;
    std::string topology = "grid";        // broadcast's topology message
    std::optional<double> availability;   // the smallest share of ok operations
    std::optional<std::uint64_t> key_count;   // lin-kv
};

// The workloads a test can run: echo, unique-ids, broadcast, g-set, g-counter, pn-counter,
// lin-kv, kafka, txn-rw-register, txn-list-append.
const std::vector<std::string>& maelstrom_workloads();

// The scenario's YAML text. An error when the program is not an executable file (its path made
// absolute, so the scenario runs from any folder) or the workload is not one of
// maelstrom_workloads(); `what` names the program in the error ("--bin").
Result<std::string> maelstrom_test_scenario(const MaelstromTest& test, const std::string& what);

}  // namespace distlab::core::maelstrom
