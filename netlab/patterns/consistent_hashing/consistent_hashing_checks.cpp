#include "netlab/patterns/consistent_hashing/consistent_hashing_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/patterns/consistent_hashing/placement.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/consistent_hashing/ring_outcome.h"

namespace distlab::netlab {

namespace {

using core::Text;
namespace ch = core::consistent_hashing;

constexpr const char* kNodeRole = "ring-node";
constexpr const char* kClientRole = "ring-client";

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// "n11 joined", "n4 left": the changes in words.
Text changes_text(const RingOutcome& ring) {
    Text out;
    for (std::size_t i = 0; i < ring.changes.size(); ++i) {
        const RingOutcome::Change& c = ring.changes[i];
        const bool join = c.kind == "join";
        const std::string n = std::to_string(c.before);
        out = out + (i == 0 ? Text{} : Text{", ", "，"}) +
              Text{c.node + (join ? " joined" : " left") + " a ring of " + n,
                   c.node + (join ? " 加入" : " 离开") + " " + n + " 个节点的哈希环"};
    }
    return out;
}

class KeysMoved final : public Check {
public:
    explicit KeysMoved(double tolerance) : tolerance_(tolerance) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const RingOutcome ring = read_ring_outcome(run.events, *run.roles);
        if (ring.client.empty() || ring.key_space <= 0)
            return verdict(Verdict::Unknown, Text{"no ring-client reported its key space", "没有 ring-client 报告其键空间"});
        if (ring.changes.empty())
            return verdict(Verdict::Unknown, Text{"no node joined or left the ring", "没有节点加入或离开哈希环"});
        std::int64_t pending = 0, planned = 0;
        for (const RingOutcome::Node& n : ring.nodes)
            pending += n.pending;
        for (const RingOutcome::Change& c : ring.changes)
            planned += c.planned;
        const double keys = static_cast<double>(ring.key_space);
        const double moved = static_cast<double>(ring.moved()) / keys;
        const double ideal = ring.ideal_moved() / keys;
        const std::string of = std::to_string(ring.moved()) + " / " + std::to_string(ring.key_space);
        const std::string tol = fixed(100.0 * tolerance_, 1);
        const Text what = changes_text(ring) +
                          Text{": " + of + " keys moved (" + percent_text(moved) + "), the fewest possible " +
                                   percent_text(ideal),
                               "：移动了 " + of + " 个键（" + percent_text(moved) + "），理论最少 " + percent_text(ideal)};
        const Text plan{"; the placement planned " + std::to_string(planned),
                        "；放置策略计划移动 " + std::to_string(planned) + " 个"};
        if (pending > 0)
            return verdict(Verdict::Fail, what + plan +
                                              Text{"; " + std::to_string(pending) + " keys still in unanswered handoffs",
                                                   "；仍有 " + std::to_string(pending) + " 个键在未应答的移交中"});
        if (std::abs(moved - ideal) > tolerance_)
            return verdict(Verdict::Fail,
                           what + Text{", " + fixed(100.0 * std::abs(moved - ideal), 1) +
                                           " points away, more than the tolerance of " + tol,
                                       "，相差 " + fixed(100.0 * std::abs(moved - ideal), 1) + " 个百分点，超过容差 " +
                                           tol} +
                               plan);
        return verdict(Verdict::Pass, what + Text{", within " + tol + " points", "，在 " + tol + " 个百分点以内"} + plan);
    }

private:
    double tolerance_;
};

class LoadSpread final : public Check {
public:
    LoadSpread(double max_over_mean, double cv) : max_over_mean_(max_over_mean), cv_(cv) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const RingOutcome ring = read_ring_outcome(run.events, *run.roles);
        const std::vector<std::int64_t> loads = ring.member_loads();
        const ch::Spread s = ch::spread(loads);
        if (loads.empty() || s.mean <= 0)
            return verdict(Verdict::Unknown, Text{"no member of the ring holds any key", "哈希环上没有成员持有键"});
        const RingOutcome::Node* fullest = nullptr;
        for (const RingOutcome::Node& n : ring.nodes)
            if (n.member && (!fullest || n.keys > fullest->keys))
                fullest = &n;
        const std::string n = std::to_string(loads.size());
        const Text figures{"keys per node over " + n + " members: mean " + fixed(s.mean, 1) + ", fullest " +
                               fullest->id + " " + std::to_string(fullest->keys) + " (max/mean " +
                               fixed(s.max_over_mean, 2) + ", bound " + fixed(max_over_mean_, 2) + "), cv " +
                               percent_text(s.cv) + " (bound " + percent_text(cv_) + ")",
                           n + " 个成员的每节点键数：平均 " + fixed(s.mean, 1) + "，最多的 " + fullest->id + " 为 " +
                               std::to_string(fullest->keys) + "（最大/平均 " + fixed(s.max_over_mean, 2) + "，上限 " +
                               fixed(max_over_mean_, 2) + "），变异系数 " + percent_text(s.cv) + "（上限 " +
                               percent_text(cv_) + "）"};
        if (s.max_over_mean > max_over_mean_ || s.cv > cv_)
            return involving(verdict(Verdict::Fail, figures), {fullest->id});
        return verdict(Verdict::Pass, figures);
    }

private:
    double max_over_mean_;
    double cv_;
};

}  // namespace

void register_consistent_hashing_checks(CheckRegistry& registry) {
    registry.add({.name = "keys_moved",
                  .en = "When nodes join or leave, the keys handed over stay close to the fewest possible "
                        "(1/(N+1) on a join, 1/N on a leave).",
                  .zh = "节点加入或离开时，移交的键数接近理论最少值（加入时 1/(N+1)，离开时 1/N）。",
                  .params = {{.name = "tolerance", .type = core::ParamType::Number, .default_value = 0.03,
                              .min = 0, .max = 1,
                              .en = "how far the moved fraction may lie from the fewest possible (0.03: three "
                                    "percentage points)",
                              .zh = "移动比例与理论最少值之间允许的差距（0.03 即三个百分点）"}},
                  .applies_to = {RoleFilter::named(kNodeRole), RoleFilter::named(kClientRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<KeysMoved>(args.get_number("tolerance"));
                  }});
    registry.add({.name = "load_spread",
                  .en = "Keys spread evenly over the ring's members: the fullest node and the coefficient of "
                        "variation stay under their bounds.",
                  .zh = "键在哈希环成员间分布均匀：最满节点与平均值之比以及变异系数都低于上限。",
                  .params = {{.name = "max_over_mean", .type = core::ParamType::Number, .default_value = 1.25,
                              .min = 1,
                              .en = "the most keys a member may hold, over the mean",
                              .zh = "成员持有键数与平均值之比的上限"},
                             {.name = "cv", .type = core::ParamType::Number, .default_value = 0.15, .min = 0,
                              .en = "the largest coefficient of variation (standard deviation over the mean) of "
                                    "keys per member",
                              .zh = "每个成员键数的变异系数（标准差除以平均值）上限"}},
                  .applies_to = {RoleFilter::named(kNodeRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<LoadSpread>(args.get_number("max_over_mean"), args.get_number("cv"));
                  }});
}

}  // namespace distlab::netlab
