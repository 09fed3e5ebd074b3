#include "core/patterns/maelstrom/maelstrom_test.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/model/json.h"

namespace distlab::core::maelstrom {

namespace {

std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

std::string ms(double s) {
    return std::to_string(static_cast<long long>(std::llround(s * 1000))) + "ms";
}

}  // namespace

const std::vector<std::string>& maelstrom_workloads() {
    static const std::vector<std::string> workloads{"echo",     "unique-ids", "broadcast", "g-set",           "g-counter",
                                                    "pn-counter", "lin-kv", "kafka",     "txn-rw-register", "txn-list-append"};
    return workloads;
}

Result<std::string> maelstrom_test_scenario(const MaelstromTest& test, const std::string& what) {
    const auto& workloads = maelstrom_workloads();
    if (std::find(workloads.begin(), workloads.end(), test.workload) == workloads.end())
        return fail("no workload " + test.workload);
    if (test.command.empty() || test.command[0].empty())
        return fail(what + ": no program given");
    std::error_code ec;
    const std::filesystem::path bin = std::filesystem::absolute(test.command[0], ec);
    if (ec || !std::filesystem::is_regular_file(bin, ec))
        return fail(what + ": " + test.command[0] + " is not a file");
    if (::access(bin.c_str(), X_OK) != 0)
        return fail(what + ": " + test.command[0] + " is not executable");
    Json command = Json::array({bin.string()});
    for (std::size_t i = 1; i < test.command.size(); ++i)
        command.push_back(test.command[i]);
    if (test.key_count && test.workload != "lin-kv")
        return fail("--key-count: only the lin-kv workload has keys");
    const std::string name = bin.filename().string();
    const std::string limit = number_text(test.time_limit_s);
    const std::uint64_t clients = test.clients > 0 ? test.clients : test.node_count;
    const std::string per_client = number_text(test.rate / static_cast<double>(clients));
    const std::string& w = test.workload;
    const bool final_reads = w == "broadcast" || w == "g-set" || w == "g-counter" || w == "pn-counter";
    const bool my_timing = w != "echo" && w != "kafka" && !w.starts_with("txn-");

    // A request waits `timeout`; after the time limit the nodes have `settle` seconds (more with
    // more latency) before the final reads, and the run ends when the last request can have been
    // answered.
    const double latency_s = test.latency_ms / 1000.0;
    const double max_one_way_s = test.uniform_latency ? 2 * latency_s : latency_s;
    const double timeout_s = 1.0 + 4 * max_one_way_s;
    const double settle_s = final_reads ? std::min(10.0, 1.0 + 10 * max_one_way_s) : 0.0;
    const double final_read_s = test.time_limit_s + settle_s;
    const double duration_s = my_timing ? final_read_s + timeout_s + 0.2 : test.time_limit_s + 1 + 4 * max_one_way_s;

    std::string yaml = "version: 1\n"
                       "name: maelstrom-" + w + "\n"
                       "family: testing\n"
                       "title: { en: " + Json("Maelstrom " + w + ": " + name).dump() +
                       ", zh: " + Json("Maelstrom " + w + "：" + name).dump() + " }\n"
                       "summary:\n"
                       "  en: " + Json(std::to_string(test.node_count) + " node(s) of " + name + " under Maelstrom's " + w +
                                       " workload for " + limit + " s, at " + number_text(test.rate) +
                                       " operations per second (distlab-cli maelstrom test).").dump() + "\n"
                       "  zh: " + Json(std::to_string(test.node_count) + " 个 " + name + " 节点，运行 Maelstrom 的 " + w +
                                       " 工作负载 " + limit + " s，每秒 " + number_text(test.rate) +
                                       " 个操作（distlab-cli maelstrom test）。").dump() + "\n"
                       "duration: " + ms(duration_s) + "\n"
                       "seed: " + std::to_string(test.seed) + "\n";
    yaml += "network: { preset: ideal, latency: " + ms(latency_s) +
            (test.uniform_latency ? ", jitter: " + ms(latency_s) : std::string()) + " }\n";
    yaml += "nodes:\n";
    for (std::uint64_t i = 1; i <= test.node_count; ++i)
        yaml += "  - { id: n" + std::to_string(i) + ", role: external, params: { command: " + command.dump() + " } }\n";
    for (std::uint64_t i = 1; i <= clients; ++i) {
        yaml += "  - { id: c" + std::to_string(i) + ", role: " + w + "-client, params: { target: n" +
                std::to_string((i - 1) % test.node_count + 1) + ", rate: " + per_client + ", stop_at: " +
                ms(test.time_limit_s);
        if (my_timing)
            yaml += ", timeout: " + ms(timeout_s);
        if (final_reads)
            yaml += ", final_read_at: " + ms(final_read_s);
        if (w == "broadcast")
            yaml += ", topology: " + test.topology;
        if (test.key_count)
            yaml += ", key_count: " + std::to_string(*test.key_count);
        yaml += " } }\n";
    }
    // Maelstrom's services, which the program may call by name.
    for (const char* service : {"lin-kv", "seq-kv", "lww-kv", "lin-tso"})
        yaml += std::string("  - { id: ") + service + ", role: " + service + " }\n";
    // The nemesis: a fault starts every interval, from half an interval in, and is undone half an
    // interval later; everything is healed at the time limit.
    if (!test.nemesis.empty()) {
        yaml += "faults:\n";
        std::size_t k = 0;
        for (double t = test.nemesis_interval_s / 2; t < test.time_limit_s; t += test.nemesis_interval_s, ++k) {
            const std::string& kind = test.nemesis[k % test.nemesis.size()];
            const std::string what = kind == "partition" ? "partition: majority" : kind + ": random";
            yaml += "  - { at: " + ms(t) + ", until: " + ms(std::min(t + test.nemesis_interval_s / 2, test.time_limit_s)) +
                    ", " + what + " }\n";
        }
        yaml += "  - { at: " + ms(test.time_limit_s) + ", heal: all }\n";
    }
    yaml += "checks:\n";
    if (w == "unique-ids")
        yaml += "  - unique_ids: true\n";
    else if (w == "broadcast")
        yaml += "  - broadcast_delivered: true\n";
    else if (w == "lin-kv")
        yaml += "  - linearizable: kv\n";
    else if (final_reads)
        yaml += "  - maelstrom_values_allowed: true\n";
    yaml += "  - no_violations: true\n"
            "  - all_ops_complete: true\n";
    if (w == "kafka")
        yaml += "  - kafka_log: true\n";
    if (w.starts_with("txn-"))
        yaml += "  - txn_serializable: " + w.substr(4) + "\n";
    yaml += "  - maelstrom_stats: true\n";
    if (test.availability)
        yaml += "  - availability: { min: " + number_text(*test.availability) + " }\n";
    return yaml;
}

}  // namespace distlab::core::maelstrom
