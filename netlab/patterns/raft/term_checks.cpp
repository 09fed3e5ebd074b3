#include "netlab/patterns/raft/term_checks.h"

#include <algorithm>
#include <memory>
#include <set>

#include "core/model/json.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {


using core::Text;

constexpr const char* kRaftRole = "raft";
constexpr const char* kName = "max_term";

// Passes while every raft node's reported term stays <= max_.
class MaxTerm final : public Check {
public:
    explicit MaxTerm(std::int64_t max) : max_(max) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point deadline) const override {
        std::set<std::string, std::less<>> raft_nodes;
        for (const NodeSpec& n : run.scenario.nodes)
            if (n.role == kRaftRole)
                raft_nodes.insert(n.id);
        const auto is_raft_state = [&](const Event& e) {
            return e.kind == EventKind::State && raft_nodes.count(e.node) > 0;
        };
        const auto total = static_cast<std::size_t>(std::ranges::count_if(run.events, is_raft_state));
        std::int64_t highest = -1;
        std::string highest_node;
        std::size_t seen = 0;
        for (const Event& e : run.events) {
            if (!is_raft_state(e))
                continue;
            if ((++seen & 255) == 0 && std::chrono::steady_clock::now() > deadline)
                return out_of_time(seen, total, Text{"raft snapshots", "个 Raft 快照"});
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                continue;
            const auto term = s.find("term");
            if (term == s.end() || !term->is_number_integer())
                continue;
            const std::int64_t t = term->get<std::int64_t>();
            if (t > max_) {
                const std::string reported = std::to_string(t), at = seconds_text(e.t_ns), max = std::to_string(max_);
                return involving(verdict(Verdict::Fail,
                                         Text{e.node + " reported term " + reported + " at " + at + ", above the allowed " + max,
                                              e.node + " 在 " + at + " 报告任期 " + reported + "，超过允许的 " + max},
                                         std::make_pair(e.t_ns, e.t_ns)),
                                 {e.node});
            }
            if (t > highest) {
                highest = t;
                highest_node = e.node;
            }
        }
        if (highest < 0)
            return verdict(Verdict::Pass, Text{"no raft node reported a term", "没有 Raft 节点报告任期"});
        const std::string term = std::to_string(highest), max = std::to_string(max_);
        return verdict(Verdict::Pass, Text{"highest term " + term + " (first reported by " + highest_node + "), within " + max,
                                           "最高任期 " + term + "（最先由 " + highest_node + " 报告），未超过 " + max});
    }

private:
    std::int64_t max_;
};

}  // namespace

void register_term_checks(CheckRegistry& registry) {
    registry.add({.name = kName,
                  .en = "Raft: the highest term any node reports stays at or below max (no needless elections).",
                  .zh = "Raft：任何节点报告的最高任期不超过 max（没有多余的选举）。",
                  .params = {{.name = "max", .type = core::ParamType::Int, .min = 0,
                              .en = "the highest term allowed", .zh = "允许的最高任期"}},
                  .applies_to = {RoleFilter::named(kRaftRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<MaxTerm>(args.get_int("max"));
                  }});
}

}  // namespace distlab::netlab
