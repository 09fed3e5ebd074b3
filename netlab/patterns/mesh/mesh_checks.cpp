#include "netlab/patterns/mesh/mesh_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

#include "core/patterns/mesh/mesh_policy.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/mesh/mesh_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Text;
using mesh::MeshHistory;

std::string n(std::int64_t value) { return std::to_string(value); }

std::string pct(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    return buf;
}

std::optional<CheckResult> unreadable(const RunView& run) {
    if (!run.roles)
        return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
    return std::nullopt;
}

class MeshSplit final : public Check {
public:
    MeshSplit(double tolerance, std::int64_t min_calls) : tolerance_(tolerance), min_calls_(min_calls) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (auto r = unreadable(run))
            return *r;
        const MeshHistory h = MeshHistory::read(run.events, run.roles->node_roles());
        std::map<std::int64_t, std::map<std::string, std::int64_t>> per_version;
        std::map<std::int64_t, std::int64_t> totals;
        CheckResult r;
        std::vector<Text> bad;
        std::int64_t stray = 0;
        for (const mesh::Routed& c : h.routed) {
            if (c.subset.empty()) {
                if (++stray <= 3)
                    bad.push_back(Text{c.sidecar + " sent a call to " + c.endpoint + " at " + seconds_text(c.at_ns) +
                                           ", outside its policy v" + n(c.version),
                                       c.sidecar + " 在 " + seconds_text(c.at_ns) + " 把调用发给了 " + c.endpoint +
                                           "，不在其策略 v" + n(c.version) + " 之内"});
                involve_node(r, c.sidecar);
                continue;
            }
            ++per_version[c.version][c.subset];
            ++totals[c.version];
        }
        std::int64_t judged = 0;
        double largest = -1;
        std::string largest_at;
        std::vector<Text> steps;
        for (const auto& [version, total] : totals) {
            const mesh::PolicyPush* push = h.push(version);
            if (total < min_calls_ || !push || !push->policy)
                continue;
            ++judged;
            std::string weights, measured;
            for (const core::mesh::Subset& s : push->policy->subsets) {
                const auto it = per_version[version].find(s.name);
                const double share = 100.0 * static_cast<double>(it == per_version[version].end() ? 0 : it->second) /
                                     static_cast<double>(total);
                const double gap = std::abs(share - static_cast<double>(s.weight));
                weights += (weights.empty() ? "" : "/") + n(s.weight);
                measured += (measured.empty() ? "" : "/") + pct(share);
                if (gap > largest) {
                    largest = gap;
                    largest_at = "v" + n(version) + " " + s.name;
                }
                if (gap > tolerance_) {
                    bad.push_back(Text{"v" + n(version) + " gave " + s.name + " " + pct(share) + " % of " + n(total) +
                                           " calls for a weight of " + n(s.weight),
                                       "v" + n(version) + " 中 " + s.name + " 得到 " + n(total) + " 个调用的 " +
                                           pct(share) + " %，权重为 " + n(s.weight)});
                    if (!r.window_ns)
                        r.window_ns = std::make_pair(push->at_ns, h.end_ns);
                }
            }
            steps.push_back(Text{"v" + n(version) + " " + weights + " measured " + measured,
                                 "v" + n(version) + " " + weights + " 实测 " + measured});
        }
        if (stray > 3)
            bad.push_back(Text{n(stray) + " calls outside their policy in all", "共 " + n(stray) + " 个调用在策略之外"});
        if (judged == 0 && bad.empty())
            return verdict(Verdict::Unknown, Text{"no policy version carried " + n(min_calls_) + " calls",
                                                  "没有哪个策略版本承载了 " + n(min_calls_) + " 个调用"});
        const Text what = Text{n(judged) + " versions judged (", "评判了 " + n(judged) + " 个版本（"} +
                          joined_text(steps, Text{"; ", "；"}) + Text{")", "）"};
        if (bad.empty())
            return verdict(Verdict::Pass, what + Text{", largest gap " + pct(std::max(largest, 0.0)) + " points (" + largest_at +
                                                          "), tolerance " + pct(tolerance_),
                                                      "，最大偏差 " + pct(std::max(largest, 0.0)) + " 个百分点（" + largest_at +
                                                          "），容差 " + pct(tolerance_)});
        CheckResult out = verdict(Verdict::Fail, what + Text{": ", "："} + joined_text(bad, Text{"; ", "；"}), r.window_ns);
        out.nodes = std::move(r.nodes);
        return out;
    }

private:
    double tolerance_;
    std::int64_t min_calls_;
};

class MeshRollback final : public Check {
public:
    MeshRollback(std::int64_t within_ns, double max_error_rate, std::int64_t window_ns, std::int64_t min_calls)
        : within_ns_(within_ns), max_error_rate_(max_error_rate), window_ns_(window_ns), min_calls_(min_calls) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (auto r = unreadable(run))
            return *r;
        const MeshHistory h = MeshHistory::read(run.events, run.roles->node_roles());
        // The first answer at which the canary's error rate over the window crossed the threshold.
        std::deque<std::pair<std::int64_t, bool>> window;
        std::int64_t errors = 0;
        std::optional<std::int64_t> crossed;
        std::string at_crossing;
        for (const auto& answer : h.canary_answers) {
            window.push_back(answer);
            errors += answer.second;
            while (!window.empty() && window.front().first <= answer.first - window_ns_) {
                errors -= window.front().second;
                window.pop_front();
            }
            const auto count = std::ssize(window);
            if (count >= min_calls_ && 100.0 * static_cast<double>(errors) / static_cast<double>(count) > max_error_rate_) {
                crossed = answer.first;
                at_crossing = n(errors) + "/" + n(count);
                break;
            }
        }
        if (!crossed)
            return verdict(Verdict::Unknown, Text{"the canary's error rate never crossed " + pct(max_error_rate_) + " %",
                                                  "金丝雀的错误率从未超过 " + pct(max_error_rate_) + " %"});
        const std::int64_t deadline = *crossed + within_ns_;
        const Text crossing{"the canary's error rate crossed " + pct(max_error_rate_) + " % at " + seconds_text(*crossed) +
                                " (" + at_crossing + " answers failed)",
                            "金丝雀错误率在 " + seconds_text(*crossed) + " 超过 " + pct(max_error_rate_) + " %（" +
                                at_crossing + " 个应答失败）"};
        const auto rollback = std::find_if(h.pushes.begin(), h.pushes.end(),
                                           [](const mesh::PolicyPush& p) { return p.kind == "rollback"; });
        if (rollback == h.pushes.end()) {
            std::int64_t after = 0;
            for (const auto& [t, failed] : h.canary_answers)
                after += failed && t > deadline;
            return verdict(Verdict::Fail,
                           crossing + Text{"; no rollback by the end (" + seconds_text(h.end_ns) + "): " + n(after) +
                                               " more canary errors after " + seconds_text(deadline),
                                           "；直到结束（" + seconds_text(h.end_ns) + "）也没有回滚：" +
                                               seconds_text(deadline) + " 之后又有 " + n(after) + " 个金丝雀错误"},
                           std::make_pair(*crossed, h.end_ns));
        }
        CheckResult r;
        std::vector<Text> late;
        std::int64_t last = rollback->at_ns;
        for (const std::string& s : h.sidecars) {
            std::optional<std::int64_t> applied;
            if (const auto it = h.acks.find(s); it != h.acks.end())
                for (const auto& [t, v] : it->second)
                    if (v >= rollback->version && !applied)
                        applied = t;
            if (applied && *applied <= deadline) {
                last = std::max(last, *applied);
                continue;
            }
            involve_node(r, s);
            late.push_back(applied ? Text{s + " ran it at " + seconds_text(*applied), s + " 在 " + seconds_text(*applied) + " 才运行"}
                                   : Text{s + " never ran it", s + " 从未运行"});
        }
        const Text what = crossing + Text{"; rollback v" + n(rollback->version) + " pushed at " +
                                              seconds_text(rollback->at_ns),
                                          "；回滚版本 v" + n(rollback->version) + " 于 " +
                                              seconds_text(rollback->at_ns) + " 下发"};
        if (late.empty())
            return verdict(Verdict::Pass, what + Text{", run by every sidecar " + span_text(last - *crossed) +
                                                          " after the crossing (bound " + span_text(within_ns_) + ")",
                                                      "，所有边车在越线后 " + span_text(last - *crossed) + " 内运行（上限 " +
                                                          span_text(within_ns_) + "）"});
        CheckResult out = verdict(Verdict::Fail,
                                  what + Text{", not by " + seconds_text(deadline) + ": ", "，但未在 " + seconds_text(deadline) + " 前："} +
                                      joined_text(late, Text{"; ", "；"}),
                                  std::make_pair(*crossed, deadline));
        out.nodes = std::move(r.nodes);
        return out;
    }

private:
    std::int64_t within_ns_;
    double max_error_rate_;
    std::int64_t window_ns_;
    std::int64_t min_calls_;
};

class MeshLastPolicy final : public Check {
public:
    explicit MeshLastPolicy(std::int64_t max_gap_ns) : max_gap_ns_(max_gap_ns) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (auto r = unreadable(run))
            return *r;
        const MeshHistory h = MeshHistory::read(run.events, run.roles->node_roles());
        CheckResult r;
        std::vector<Text> bad;
        std::int64_t outside = 0;
        for (const mesh::Routed& c : h.routed) {
            const mesh::PolicyPush* p = h.push(c.version);
            const bool weighted = p && p->policy && !c.subset.empty() && p->policy->weight_of(c.subset) > 0;
            if (weighted)
                continue;
            involve_node(r, c.sidecar);
            if (++outside <= 3)
                bad.push_back(Text{c.sidecar + " sent a call to " + c.endpoint + " at " + seconds_text(c.at_ns) +
                                       ", which its ACKed policy v" + n(c.version) + " does not weight",
                                   c.sidecar + " 在 " + seconds_text(c.at_ns) + " 把调用发给 " + c.endpoint +
                                       "，而它确认的策略 v" + n(c.version) + " 并未给它权重"});
        }
        std::vector<Text> kept;
        for (const auto& [from, to] : h.partitions)
            for (const std::string& s : h.sidecars) {
                std::int64_t calls = 0, gap = 0, last = from, gap_from = from;
                for (const mesh::Routed& c : h.routed) {
                    if (c.sidecar != s || c.at_ns < from || c.at_ns >= to)
                        continue;
                    ++calls;
                    if (c.at_ns - last > gap) {
                        gap = c.at_ns - last;
                        gap_from = last;
                    }
                    last = c.at_ns;
                }
                if (to - last > gap) {
                    gap = to - last;
                    gap_from = last;
                }
                const std::int64_t version = h.acked_at(s, from);
                if (gap <= max_gap_ns_) {
                    kept.push_back(Text{s + " " + n(calls) + " calls on v" + n(version), s + " 以 v" + n(version) + " 路由了 " + n(calls) + " 个调用"});
                    continue;
                }
                involve_node(r, s);
                if (!r.window_ns)
                    r.window_ns = std::make_pair(gap_from, gap_from + gap);
                bad.push_back(Text{s + " routed no call for " + span_text(gap) + " from " + seconds_text(gap_from) +
                                       " during the partition (" + seconds_text(from) + " to " + seconds_text(to) +
                                       "), though it had ACKed v" + n(version),
                                   s + " 在分区期间（" + seconds_text(from) + " 到 " + seconds_text(to) + "）从 " +
                                       seconds_text(gap_from) + " 起 " + span_text(gap) + " 没有路由任何调用，尽管它已确认 v" +
                                       n(version)});
            }
        if (h.routed.empty())
            return verdict(Verdict::Unknown, Text{"no sidecar routed a call", "没有边车路由过调用"});
        const Text what{n(std::ssize(h.routed)) + " routed calls, " + n(std::ssize(h.partitions)) + " partitions",
                        n(std::ssize(h.routed)) + " 个路由的调用，" + n(std::ssize(h.partitions)) + " 次分区"};
        if (bad.empty()) {
            Text detail = what + Text{": every call followed its sidecar's last ACKed policy",
                                      "：每个调用都遵循其边车最后确认的策略"};
            if (!kept.empty())
                detail += Text{"; during partitions: ", "；分区期间："} + joined_text(kept, Text{", ", "，"});
            return verdict(Verdict::Pass, detail);
        }
        if (outside > 3)
            bad.push_back(Text{n(outside) + " such calls in all", "共 " + n(outside) + " 个此类调用"});
        CheckResult out = verdict(Verdict::Fail, what + Text{": ", "："} + joined_text(bad, Text{"; ", "；"}), r.window_ns);
        out.nodes = std::move(r.nodes);
        return out;
    }

private:
    std::int64_t max_gap_ns_;
};

}  // namespace

void register_mesh_checks(CheckRegistry& registry) {
    namespace proto = core::mesh;
    const std::vector<RoleFilter> roles{RoleFilter::named(std::string(proto::kControlRole)),
                                        RoleFilter::named(std::string(proto::kSidecarRole))};
    registry.add({.name = "mesh_split",
                  .en = "Under every policy version the sidecars split the calls between versions within a tolerance "
                        "of the weights, and send none outside their ACKed policy.",
                  .zh = "在每个策略版本下，边车在各版本之间分配调用的比例与权重之差在容差之内，且不把调用发到已确认策略之外。",
                  .params = {{.name = "tolerance", .type = core::ParamType::Number, .default_value = 5, .min = 0, .max = 100,
                              .en = "the largest gap allowed between a version's share and its weight, in percentage points",
                              .zh = "某版本所得份额与其权重之间允许的最大偏差（百分点）"},
                             {.name = "min_calls", .type = core::ParamType::Int, .default_value = 100, .min = 1,
                              .en = "calls a policy version needs to be judged", .zh = "一个策略版本被评判所需的调用数"}},
                  .shorthand = "tolerance",
                  .applies_to = roles,
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<MeshSplit>(args.get_number("tolerance"), args.get_int("min_calls"));
                  }});
    registry.add({.name = "mesh_rollback",
                  .en = "Once the canary's error rate crossed a threshold, every sidecar runs the rollback within a bound.",
                  .zh = "金丝雀错误率越过阈值后，所有边车在上限时间内运行回滚后的策略。",
                  .params = {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "how soon after the crossing every sidecar must run the rollback",
                              .zh = "越线后所有边车必须在多长时间内运行回滚"},
                             {.name = "max_error_rate", .type = core::ParamType::Number, .default_value = 5, .min = 0,
                              .max = 100, .en = "the canary's error rate, in percent, that calls for a rollback",
                              .zh = "需要回滚的金丝雀错误率（百分比）"},
                             {.name = "window", .type = core::ParamType::Duration, .default_value = "1s",
                              .min = kShortestSpanMs, .en = "the span the error rate is measured over",
                              .zh = "计算错误率的时间窗口"},
                             {.name = "min_calls", .type = core::ParamType::Int, .default_value = 10, .min = 1,
                              .en = "answers the window needs", .zh = "窗口中至少需要的应答数"}},
                  .shorthand = "within",
                  .applies_to = roles,
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<MeshRollback>(args.get_duration("within").count(),
                                                            args.get_number("max_error_rate"),
                                                            args.get_duration("window").count(), args.get_int("min_calls"));
                  }});
    registry.add({.name = "mesh_last_policy",
                  .en = "Every sidecar routes by its last ACKed policy, and keeps routing while partitioned from the "
                        "control plane (never idle longer than max_gap).",
                  .zh = "每个边车都按最后确认的策略路由，与控制平面分区时也继续路由。",
                  .params = {{.name = "max_gap", .type = core::ParamType::Duration, .default_value = "1s",
                              .min = kShortestSpanMs,
                              .en = "the longest a sidecar may route nothing while a partition is on",
                              .zh = "分区期间边车不路由任何调用的最长时间"}},
                  .shorthand = "max_gap",
                  .applies_to = roles,
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<MeshLastPolicy>(args.get_duration("max_gap").count());
                  }});
}

}  // namespace distlab::netlab
