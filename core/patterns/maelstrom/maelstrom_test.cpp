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
    static const std::vector<std::string> workloads{"echo", "kafka", "txn-rw-register", "txn-list-append"};
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
    const std::string name = bin.filename().string();
    const std::string limit = number_text(test.time_limit_s);
    const std::string per_client = number_text(test.rate / static_cast<double>(test.node_count));
    const std::string& w = test.workload;

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
                       "duration: " + ms(test.time_limit_s + 1) + "\n"
                       "seed: " + std::to_string(test.seed) + "\n"
                       "nodes:\n";
    for (std::uint64_t i = 1; i <= test.node_count; ++i)
        yaml += "  - { id: n" + std::to_string(i) + ", role: external, params: { command: " + command.dump() + " } }\n";
    for (std::uint64_t i = 1; i <= test.node_count; ++i)
        yaml += "  - { id: c" + std::to_string(i) + ", role: " + w + "-client, params: { target: n" + std::to_string(i) +
                ", rate: " + per_client + ", stop_at: " + ms(test.time_limit_s) + " } }\n";
    // Maelstrom's services, which the program may call by name.
    for (const char* service : {"lin-kv", "seq-kv", "lww-kv", "lin-tso"})
        yaml += std::string("  - { id: ") + service + ", role: " + service + " }\n";
    yaml += "checks:\n"
            "  - no_violations: true\n"
            "  - all_ops_complete: true\n";
    if (w == "kafka")
        yaml += "  - kafka_log: true\n";
    if (w.starts_with("txn-"))
        yaml += "  - txn_serializable: " + w.substr(4) + "\n";
    return yaml;
}

}  // namespace distlab::core::maelstrom
