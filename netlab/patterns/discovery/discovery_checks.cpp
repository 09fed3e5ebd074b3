#include "netlab/patterns/discovery/discovery_checks.h"

#include "core/patterns/discovery/discovery_protocol.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/discovery/discovery_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Text;
using discovery::Death;
using discovery::DiscoveryHistory;

std::string n(std::int64_t value) { return std::to_string(value); }

// Role milliseconds as lab nanoseconds.
std::int64_t lab_ns(double role_ms, double time_scale) {
    return static_cast<std::int64_t>(role_ms * time_scale * 1e6);
}

Text how_it_died(const Death& d) {
    return d.graceful ? Text{d.instance + " (shut down at " + seconds_text(d.at_ns) + ")",
                             d.instance + "（" + seconds_text(d.at_ns) + " 优雅下线）"}
                      : Text{d.instance + " (killed at " + seconds_text(d.at_ns) + ")",
                             d.instance + "（" + seconds_text(d.at_ns) + " 被杀死）"};
}

// What a run's deaths need before a check can judge them.
std::optional<CheckResult> not_judgeable(const DiscoveryHistory& h) {
    if (!h.timings.known)
        return verdict(Verdict::Unknown, Text{"no registry reported its timings", "没有注册中心报告其时间参数"});
    if (h.deaths.empty())
        return verdict(Verdict::Unknown, Text{"no service-instance died", "没有 service-instance 下线"});
    return std::nullopt;
}

struct Bounds {
    std::int64_t delist_ns = 0;
    std::int64_t remove_ns = 0;
};

Bounds bounds_of(const Death& d, const DiscoveryHistory& h, double time_scale, std::int64_t slack_ns) {
    if (d.graceful)
        return {slack_ns, slack_ns};
    const std::int64_t check = lab_ns(h.timings.check_interval_ms, time_scale);
    return {lab_ns(h.timings.delist_after_ms(), time_scale) + check + slack_ns,
            lab_ns(h.timings.remove_after_ms, time_scale) + check + slack_ns};
}

class RegistryDetection final : public Check {
public:
    explicit RegistryDetection(std::int64_t slack_ns) : slack_ns_(slack_ns) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const DiscoveryHistory h = DiscoveryHistory::read(run.events, run.roles->node_roles());
        if (auto r = not_judgeable(h))
            return *r;
        std::vector<Text> parts;
        std::vector<const Death*> late;
        for (const Death& d : h.deaths) {
            const Bounds b = bounds_of(d, h, run.scenario.time_scale, slack_ns_);
            Text part = how_it_died(d);
            if (d.preserved) {
                parts.push_back(part + Text{": held by self-preservation, not judged", "：被自我保护保留，不评判"});
                continue;
            }
            // The end of what can be seen: the run's end or the instance's restart.
            const std::int64_t seen_until = d.until_ns >= 0 ? d.until_ns : h.end_ns;
            const auto judge = [&](std::int64_t at, std::int64_t bound, const Text& what) {
                if (at >= 0) {
                    const bool ok = at - d.at_ns <= bound;
                    if (!ok)
                        late.push_back(&d);
                    return what + Text{" after ", " 用时 "} + span_text(at - d.at_ns) + Text{" (bound ", "（上限 "} +
                           span_text(bound) + Text{")", "）"} + (ok ? Text{} : Text{" LATE", " 超时"});
                }
                if (seen_until - d.at_ns <= bound)
                    return what + Text{": not yet due when the run ended", "：运行结束时尚未到期"};
                late.push_back(&d);
                return what + Text{": never (bound ", "：从未发生（上限 "} + span_text(bound) + Text{")", "）"};
            };
            parts.push_back(part + Text{": ", "："} + judge(d.unhealthy_ns, b.delist_ns, Text{"delisted", "摘除"}) +
                            Text{", ", "，"} + judge(d.removed_ns, b.remove_ns, Text{"removed", "删除"}));
        }
        CheckResult r = verdict(late.empty() ? Verdict::Pass : Verdict::Fail, joined_text(parts, Text{"; ", "；"}));
        for (const Death* d : late)
            involve_node(r, d->instance);
        if (!late.empty())
            r.window_ns = std::make_pair(late.front()->at_ns, h.end_ns);
        return r;
    }

private:
    std::int64_t slack_ns_;
};

class DeadInstanceCalls final : public Check {
public:
    DeadInstanceCalls(std::int64_t max, std::int64_t slack_ns) : max_(max), slack_ns_(slack_ns) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const DiscoveryHistory h = DiscoveryHistory::read(run.events, run.roles->node_roles());
        if (auto r = not_judgeable(h))
            return *r;
        std::vector<Text> parts;
        bool failed = false;
        CheckResult r;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        for (const Death& d : h.deaths) {
            const std::int64_t bound = bounds_of(d, h, run.scenario.time_scale, slack_ns_).delist_ns;
            const std::int64_t count = std::ssize(d.calls);
            Text part = how_it_died(d) + Text{": " + n(count) + " calls routed to it after it stopped",
                                              "：停止后仍有 " + n(count) + " 次调用被路由到它"};
            if (count > 0) {
                const std::int64_t last = d.calls.back().at_ns - d.stopped_ns;
                const bool within = last <= bound;
                part += Text{", the last " + span_text(last) + " after (window bound " + span_text(bound) + ")",
                             "，最后一次在停止后 " + span_text(last) + "（窗口上限 " + span_text(bound) + "）"};
                if (!within || (max_ >= 0 && count > max_)) {
                    failed = true;
                    if (!window)
                        window = std::make_pair(d.stopped_ns, d.calls.back().at_ns);
                    involve_node(r, d.instance);
                    for (const Death::Call& c : d.calls)
                        involve_op(r, c.client, c.op);
                }
            }
            parts.push_back(std::move(part));
        }
        Text detail = joined_text(parts, Text{"; ", "；"});
        if (max_ >= 0)
            detail += Text{" (at most " + n(max_) + " allowed per death)", "（每次下线最多允许 " + n(max_) + " 次）"};
        CheckResult out = verdict(failed ? Verdict::Fail : Verdict::Pass, std::move(detail), window);
        out.nodes = std::move(r.nodes);
        out.ops = std::move(r.ops);
        return out;
    }

private:
    std::int64_t max_;
    std::int64_t slack_ns_;
};

core::ParamSpec slack_param() {
    return {.name = "slack", .type = core::ParamType::Duration, .default_value = "200ms", .min = 0,
            .en = "added to every bound: message delays, the push's trip, snapshot spacing",
            .zh = "加到每个上限上：消息延迟、推送的传输、快照间隔"};
}

}  // namespace

void register_discovery_checks(CheckRegistry& registry) {
    namespace proto = core::discovery;
    registry.add({.name = "registry_detection",
                  .en = "Every dead service-instance is delisted and removed by the registry within its configured "
                        "bounds (heartbeat timeouts plus the check interval).",
                  .zh = "每个下线的 service-instance 都在注册中心配置的上限内被摘除和删除（心跳超时加检查间隔）。",
                  .params = {slack_param()},
                  .applies_to = {RoleFilter::named(proto::kRegistryRole), RoleFilter::named(proto::kInstanceRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<RegistryDetection>(args.get_duration("slack").count());
                  }});
    registry.add({.name = "dead_instance_calls",
                  .en = "Calls routed to an instance after it stopped are counted, all within its detection window, "
                        "and at most max of them.",
                  .zh = "实例停止后仍被路由到它的调用被计数，全部落在故障发现窗口内，且不超过 max 次。",
                  .params = {{.name = "max", .type = core::ParamType::Int, .default_value = -1, .min = -1,
                              .en = "the most calls allowed per death (-1: any number within the window)",
                              .zh = "每次下线允许的最多调用次数（-1 表示窗口内不限）"},
                             slack_param()},
                  .shorthand = "max",
                  .applies_to = {RoleFilter::named(proto::kClientRole), RoleFilter::named(proto::kInstanceRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<DeadInstanceCalls>(args.get_int("max"),
                                                                 args.get_duration("slack").count());
                  }});
}

}  // namespace distlab::netlab
