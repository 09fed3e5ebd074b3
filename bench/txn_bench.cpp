// txn_bench: distributed transactions side by side on this machine (docs/performance.md). The
// same shape for each protocol: one client offering `--rates` transactions a second (open loop)
// for `--seconds`, one coordinator, three participants, each 2PC or TCC transaction touching two
// of them (a saga runs its three steps, one participant after another);
// real distlab-node processes behind the lab's fabric on the `ideal` network, every log record
// synced (node data on a memory file system, as every run). Printed per protocol and rate:
// transactions committed per second, aborted ones, p50 / p99 of the client's latency (begin to
// answer), and how long each participant held its share (a 2PC participant's locks from its
// yes vote to its decision; a TCC participant's reservation from its try's answer to its
// confirm's or cancel's; a saga participant's pending step from its answer to the finish's or
// the compensation's), mean and p99.
//
// The protocols are the entries of kProtocols: a name, the scenario's nodes and how a
// participant's hold begins and ends in its messages. Adding one is one more entry there.
//
// Usage: txn_bench [--rates 100,400,1600] [--seconds S] [--only 2pc,tcc,saga]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "bench/bench_support.h"

namespace {

using namespace distlab;
using core::Json;

struct Options {
    std::vector<int> rates = {100, 400, 1600};
    int seconds = 5;
    std::vector<std::string> only;
};

// A participant's hold on its share of a transaction, read from the messages it sends: `begins`
// when it sends one of these with {ok: true} (and, for `begin_field`, that field equal to
// `begin_value`), `ends` at the first of `end_types` it sends for the same transaction, which
// its messages name in `id_field`.
struct HoldRule {
    std::string id_field;
    std::string begin_type;
    std::string begin_field;
    std::string begin_value;
    std::vector<std::string> end_types;
};

struct Protocol {
    std::string name;
    std::string label;
    // The scenario's nodes: client c1 at `rate` until `stop_at` seconds, coordinator co,
    // participants p1, p2, p3.
    std::string (*nodes)(int rate, int stop_at);
    HoldRule hold;
};

std::string two_phase_nodes(int rate, int stop_at) {
    return "  - {id: c1, role: tx-client, params: {target: co, participants: [p1, p2, p3], span: 2, keys: 100000, "
           "rate: " + std::to_string(rate) + ", arrival: fixed, stop_at: " + std::to_string(stop_at) +
           "s, tx_timeout: 5s}}\n"
           "  - {id: co, role: tx-coordinator, params: {protocol: 2pc, log_write_time: 0ms, max_in_flight: 100000}}\n"
           "  - {id: p1, role: tx-participant, params: {max_locks: 1000000}}\n"
           "  - {id: p2, role: tx-participant, params: {max_locks: 1000000}}\n"
           "  - {id: p3, role: tx-participant, params: {max_locks: 1000000}}\n";
}

std::string tcc_nodes(int rate, int stop_at) {
    std::string participant = "role: tcc-participant, params: {accounts: 100, initial_balance: 1000000000, "
                              "max_reservations: 100000}}\n";
    return "  - {id: c1, role: tcc-client, params: {target: co, participants: [p1, p2, p3], accounts: 100, "
           "max_amount: 10, read_ratio: 0, rate: " + std::to_string(rate) + ", arrival: fixed, stop_at: " +
           std::to_string(stop_at) + "s, tx_timeout: 5s}}\n"
           "  - {id: co, role: tcc-coordinator, params: {participants: [p1, p2, p3], max_in_flight: 100000}}\n"
           "  - {id: p1, " + participant + "  - {id: p2, " + participant + "  - {id: p3, " + participant;
}

// An orchestrated saga over three participants, none of which refuses a step: order, stock and
// payment with more units than the run can use. A participant holds its share (a pending step,
// the saga's semantic lock) from its step's answer to the finish's or the compensation's.
std::string saga_nodes(int rate, int stop_at) {
    const std::string participant = "role: saga-participant, params: {initial: 1000000000}}\n";
    return "  - {id: c1, role: saga-client, params: {target: co, rate: " + std::to_string(rate) +
           ", arrival: fixed, stop_at: " + std::to_string(stop_at) + "s, saga_timeout: 5s}}\n"
           "  - {id: co, role: saga-orchestrator, params: {steps: [p1, p2, p3], max_in_flight: 100000}}\n"
           "  - {id: p1, " + participant + "  - {id: p2, " + participant + "  - {id: p3, " + participant;
}

// The protocols compared.
const std::vector<Protocol> kProtocols = {
    {"2pc", "2PC (tx-coordinator)", two_phase_nodes, {"tx", "prepare_reply", "vote", "yes", {"outcome"}}},
    {"tcc", "TCC (tcc-coordinator)", tcc_nodes, {"tx", "try_reply", "", "", {"confirm_reply", "cancel_reply"}}},
    {"saga", "Saga (saga-orchestrator)", saga_nodes,
     {"saga", "step_reply", "", "", {"finish_reply", "compensate_reply"}}},
};

struct Figures {
    double committed_per_s = 0;
    std::int64_t committed = 0, aborted = 0, unknown = 0;
    double p50_ms = 0, p99_ms = 0;
    double hold_mean_ms = 0, hold_p99_ms = 0;
    bool passed = false;
};

using bench::percentile;

std::string node_binary() { return bench::beside_me("distlab-node"); }

Figures run(const Protocol& p, const Options& o, int rate) {
    const std::string yaml = "version: 1\nname: txn-bench\nfamily: transactions\n"
                             "title: { en: \"Transactions bench\", zh: \"事务基准\" }\n"
                             "summary: { en: \"Benchmark.\", zh: \"基准测试。\" }\n"
                             "seed: 1\nnetwork: { preset: ideal }\nlinks: full\n"
                             "duration: " + std::to_string(o.seconds + 3) + "s\nnodes:\n" +
                             p.nodes(rate, o.seconds) + "checks:\n  - no_violations: true\n";
    auto loaded = netlab::load_scenario_text(yaml, "txn-bench.yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded) {
        for (const auto& d : loaded.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(2);
    }
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = "txn_bench";
    request.node_binary = node_binary();
    auto outcome = netlab::run_scenario(request);
    if (!outcome) {
        std::fprintf(stderr, "txn_bench: the lab failed: %s\n", outcome.error().message.c_str());
        std::exit(3);
    }
    Figures f;
    f.passed = outcome->passed;
    std::map<std::uint64_t, std::int64_t> invoked;
    std::vector<double> latencies_ms, holds_ms;
    std::map<std::pair<std::string, std::string>, std::int64_t> held_since;   // (participant, tx) -> t
    for (const netlab::Event& e : outcome->events) {
        if (e.node == "c1" && e.kind == netlab::EventKind::OpInvoked) {
            invoked[e.msg_id] = e.t_ns;
        } else if (e.node == "c1" && e.kind == netlab::EventKind::OpCompleted) {
            if (e.type == "ok") {
                ++f.committed;
                if (const auto it = invoked.find(e.msg_id); it != invoked.end())
                    latencies_ms.push_back(static_cast<double>(e.t_ns - it->second) / 1e6);
            } else {
                (e.type == "fail" ? f.aborted : f.unknown) += 1;
            }
        } else if (e.kind == netlab::EventKind::MessageSent && e.node.starts_with("p")) {
            const bool begins = e.type == p.hold.begin_type;
            const bool ends = std::find(p.hold.end_types.begin(), p.hold.end_types.end(), e.type) != p.hold.end_types.end();
            if (!begins && !ends)
                continue;
            const Json body = Json::parse(e.data, nullptr, false);
            if (!body.is_object() || !body.contains(p.hold.id_field) || !body[p.hold.id_field].is_string())
                continue;
            const auto key = std::make_pair(e.node, body[p.hold.id_field].get<std::string>());
            if (begins && body.value("ok", false) &&
                (p.hold.begin_field.empty() || body.value(p.hold.begin_field, "") == p.hold.begin_value)) {
                held_since.emplace(key, e.t_ns);
            } else if (ends) {
                if (const auto it = held_since.find(key); it != held_since.end()) {
                    holds_ms.push_back(static_cast<double>(e.t_ns - it->second) / 1e6);
                    held_since.erase(it);
                }
            }
        }
    }
    f.committed_per_s = static_cast<double>(f.committed) / o.seconds;
    f.p50_ms = percentile(latencies_ms, 0.50);
    f.p99_ms = percentile(latencies_ms, 0.99);
    double sum = 0;
    for (double h : holds_ms)
        sum += h;
    f.hold_mean_ms = holds_ms.empty() ? 0 : sum / static_cast<double>(holds_ms.size());
    f.hold_p99_ms = percentile(holds_ms, 0.99);
    return f;
}

std::vector<std::string> split(const char* list) {
    std::vector<std::string> out;
    std::string item;
    for (const char* c = list;; ++c) {
        if (*c == ',' || *c == '\0') {
            if (!item.empty())
                out.push_back(item);
            item.clear();
            if (*c == '\0')
                break;
        } else {
            item += *c;
        }
    }
    return out;
}

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr, "txn_bench: %s\nusage: txn_bench [--rates 100,400,1600] [--seconds S] [--only 2pc,tcc,saga]\n",
                 problem);
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            usage(("missing value for " + arg).c_str());
        if (arg == "--rates") {
            o.rates.clear();
            for (const std::string& r : split(argv[++i])) {
                const int v = std::atoi(r.c_str());
                if (v <= 0)
                    usage(("--rates: not a positive rate: " + r).c_str());
                o.rates.push_back(v);
            }
        } else if (arg == "--seconds") {
            o.seconds = std::atoi(argv[++i]);
            if (o.seconds <= 0)
                usage("--seconds: needs a positive number of seconds");
        } else if (arg == "--only") {
            o.only = split(argv[++i]);
            for (const std::string& name : o.only)
                if (std::none_of(kProtocols.begin(), kProtocols.end(), [&](const Protocol& p) { return p.name == name; }))
                    usage(("--only: unknown protocol " + name + " (known: 2pc, tcc)").c_str());
        } else {
            usage(("unknown option " + arg).c_str());
        }
    }
    std::printf("transactions: 1 client (open loop), 1 coordinator, 3 participants, 2 per 2PC or TCC transaction, "
                "3 steps per saga, %d s per point, ideal network, real processes\n\n",
                o.seconds);
    std::printf("%-24s %8s %12s %9s %8s %9s %9s %12s %11s\n", "protocol", "offered", "committed/s", "aborted",
                "unknown", "p50 ms", "p99 ms", "held mean ms", "held p99 ms");
    for (const int rate : o.rates)
        for (const Protocol& p : kProtocols) {
            if (!o.only.empty() && std::find(o.only.begin(), o.only.end(), p.name) == o.only.end())
                continue;
            const Figures f = run(p, o, rate);
            std::printf("%-24s %8d %12.1f %9lld %8lld %9.2f %9.2f %12.2f %11.2f%s\n", p.label.c_str(), rate,
                        f.committed_per_s, static_cast<long long>(f.aborted), static_cast<long long>(f.unknown),
                        f.p50_ms, f.p99_ms, f.hold_mean_ms, f.hold_p99_ms, f.passed ? "" : "  (a check failed)");
            std::fflush(stdout);
        }
    std::printf("\nheld: a 2PC participant's locks from its yes vote to its decision; a TCC participant's "
                "reservation from its try's answer to its confirm's or cancel's; a saga participant's pending step "
                "(its semantic lock) from its answer to the finish's or the compensation's.\n");
    return 0;
}
