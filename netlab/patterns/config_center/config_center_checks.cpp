#include "netlab/patterns/config_center/config_center_checks.h"

#include <algorithm>

#include "core/patterns/config_center/config_protocol.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/config_center/config_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using config::ConfigHistory;
using config::Release;
using core::Text;

std::string n(std::int64_t value) { return std::to_string(value); }

bool concerns(const Release& r, const std::string& service) {
    return std::find(r.to.begin(), r.to.end(), service) != r.to.end();
}

std::optional<CheckResult> no_server(const ConfigHistory& h) {
    if (!h.server_known)
        return verdict(Verdict::Unknown, Text{"no config-server reported its history", "没有 config-server 报告其变更历史"});
    return std::nullopt;
}

class ConfigPropagation final : public Check {
public:
    ConfigPropagation(std::int64_t within_ns, ReferenceTime after) : within_ns_(within_ns), after_(after) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ConfigHistory h = ConfigHistory::read(run.events, run.roles->node_roles(), run.scenario.time_scale);
        if (auto r = no_server(h))
            return *r;
        const std::optional<std::int64_t> after = after_.resolve(run.events);
        if (!after)
            return verdict(Verdict::Unknown, Text{"the run has no " + std::string(after_.name()), "本次运行没有"} +
                                                 after_.text());
        std::int64_t judged = 0, slowest = -1;
        std::string slowest_at;
        CheckResult r;
        std::vector<Text> late;
        for (std::size_t k = 0; k < h.releases.size(); ++k) {
            const Release& rel = h.releases[k];
            for (const std::string& s : rel.to) {
                std::int64_t from = std::max(rel.at_ns, *after);
                std::int64_t deadline = from + within_ns_;
                from = std::max(from, h.started_before(s, deadline));
                deadline = from + within_ns_;
                if (deadline > h.end_ns || !h.up_at(s, deadline))
                    continue;   // Not due when the run ended, or down then.
                const bool superseded = std::any_of(h.releases.begin() + static_cast<std::ptrdiff_t>(k) + 1,
                                                    h.releases.end(), [&](const Release& later) {
                                                        return later.at_ns <= deadline && concerns(later, s);
                                                    });
                if (superseded)
                    continue;
                ++judged;
                // The first moment from the release on at which it runs the version.
                std::int64_t reached = -1;
                if (h.running_at(s, rel.at_ns) == rel.version)
                    reached = rel.at_ns;
                for (const config::Apply& a : h.applies)
                    if (reached < 0 && a.instance == s && a.at_ns >= rel.at_ns && a.version == rel.version)
                        reached = a.at_ns;
                if (reached >= 0 && reached <= deadline) {
                    if (reached - rel.at_ns > slowest) {
                        slowest = reached - rel.at_ns;
                        slowest_at = s + " v" + n(rel.version);
                    }
                    continue;
                }
                involve_node(r, s);
                if (!r.window_ns)
                    r.window_ns = std::make_pair(rel.at_ns, deadline);
                late.push_back(Text{s + " did not run v" + n(rel.version) + " (" + rel.kind + " at " +
                                        seconds_text(rel.at_ns) + ") by " + seconds_text(deadline),
                                    s + " 在 " + seconds_text(deadline) + " 前没有运行 v" + n(rel.version) + "（" +
                                        rel.kind + "，" + seconds_text(rel.at_ns) + "）"});
            }
        }
        if (judged == 0)
            return verdict(Verdict::Unknown, Text{"no release was due before the run ended", "运行结束前没有到期的发布"});
        const Text counted{n(std::ssize(h.releases)) + " releases, " + n(judged) + " deliveries judged",
                           n(std::ssize(h.releases)) + " 次发布，评判了 " + n(judged) + " 次送达"};
        if (late.empty()) {
            CheckResult ok = verdict(
                Verdict::Pass, counted + Text{", slowest " + span_text(std::max<std::int64_t>(slowest, 0)) + " (" +
                                                  slowest_at + "), bound " + span_text(within_ns_),
                                              "，最慢 " + span_text(std::max<std::int64_t>(slowest, 0)) + "（" +
                                                  slowest_at + "），上限 " + span_text(within_ns_)});
            return ok;
        }
        CheckResult out = verdict(Verdict::Fail, counted + Text{": ", "："} + joined_text(late, Text{"; ", "；"}),
                                  r.window_ns);
        out.nodes = std::move(r.nodes);
        return out;
    }

private:
    std::int64_t within_ns_;
    ReferenceTime after_;
};

class ConfigPublishedOnly final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ConfigHistory h = ConfigHistory::read(run.events, run.roles->node_roles(), run.scenario.time_scale);
        if (auto r = no_server(h))
            return *r;
        CheckResult r;
        std::vector<Text> bad;
        for (const config::Apply& a : h.applies) {
            const auto it = h.values.find(a.version);
            if (it != h.values.end() && it->second == a.value)
                continue;
            involve_op(r, a.instance, a.op);
            bad.push_back(it == h.values.end()
                              ? Text{a.instance + " applied v" + n(a.version) + ", never published",
                                     a.instance + " 应用了从未发布的 v" + n(a.version)}
                              : Text{a.instance + " applied v" + n(a.version) + " as \"" + a.value + "\", published as \"" +
                                         it->second + "\"",
                                     a.instance + " 应用的 v" + n(a.version) + " 为 \"" + a.value + "\"，发布的是 \"" +
                                         it->second + "\""});
        }
        std::int64_t bad_uses = 0;
        for (const config::Use& u : h.uses)
            if (!h.values.contains(u.version)) {
                ++bad_uses;
                involve_op(r, u.instance, u.op);
            }
        if (bad_uses > 0)
            bad.push_back(Text{n(bad_uses) + " units of work ran an unpublished version",
                               n(bad_uses) + " 个工作单元运行了未发布的版本"});
        const Text counted{n(std::ssize(h.applies)) + " applies and " + n(std::ssize(h.uses)) + " units of work over " +
                               n(std::ssize(h.values)) + " published versions",
                           n(std::ssize(h.values)) + " 个已发布版本上的 " + n(std::ssize(h.applies)) + " 次应用和 " +
                               n(std::ssize(h.uses)) + " 个工作单元"};
        if (bad.empty())
            return verdict(Verdict::Pass, counted + Text{": every one published", "：全部已发布"});
        CheckResult out = verdict(Verdict::Fail, counted + Text{": ", "："} + joined_text(bad, Text{"; ", "；"}));
        out.nodes = std::move(r.nodes);
        out.ops = std::move(r.ops);
        return out;
    }
};

class ConfigRolledBack final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ConfigHistory h = ConfigHistory::read(run.events, run.roles->node_roles(), run.scenario.time_scale);
        if (auto r = no_server(h))
            return *r;
        const auto last = std::find_if(h.releases.rbegin(), h.releases.rend(),
                                       [](const Release& r) { return r.kind == "rollback"; });
        if (last == h.releases.rend())
            return verdict(Verdict::Unknown, Text{"nothing was rolled back", "没有发生回滚"});
        CheckResult r;
        std::vector<Text> wrong;
        std::int64_t judged = 0;
        for (const std::string& s : last->to) {
            const bool superseded = std::any_of(h.releases.rbegin(), last, [&](const Release& later) {
                return concerns(later, s);
            });
            if (superseded || !h.up_at(s, h.end_ns))
                continue;
            ++judged;
            const std::int64_t runs = h.running_at(s, h.end_ns);
            if (runs == last->version)
                continue;
            involve_node(r, s);
            wrong.push_back(Text{s + " runs v" + n(runs), s + " 运行的是 v" + n(runs)});
        }
        const Text what{"rollback to v" + n(last->version) + " at " + seconds_text(last->at_ns) + ", " + n(judged) +
                            " instances",
                        seconds_text(last->at_ns) + " 回滚到 v" + n(last->version) + "，" + n(judged) + " 个实例"};
        if (wrong.empty())
            return verdict(Verdict::Pass, what + Text{": every one runs it at the end", "：结束时全部运行该版本"});
        CheckResult out = verdict(Verdict::Fail, what + Text{": ", "："} + joined_text(wrong, Text{"; ", "；"}),
                                  std::make_pair(last->at_ns, h.end_ns));
        out.nodes = std::move(r.nodes);
        return out;
    }
};

}  // namespace

void register_config_center_checks(CheckRegistry& registry) {
    namespace proto = core::config_center;
    const std::vector<RoleFilter> roles{RoleFilter::named(proto::kServerRole), RoleFilter::named(proto::kServiceRole)};
    registry.add({.name = "config_propagation",
                  .en = "Every release reaches every instance it concerns within a bound (from the release, a heal "
                        "or the instance's restart).",
                  .zh = "每次发布在上限时间内到达它涉及的每个实例（从发布、分区恢复或实例重启算起）。",
                  .params = {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "how soon every instance must run a release",
                              .zh = "每个实例必须在多长时间内运行新发布"},
                             ReferenceTime::param({"start", "first_fault", "last_fault", "last_heal"}, "start")},
                  .shorthand = "within",
                  .applies_to = roles,
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<ConfigPropagation>(args.get_duration("within").count(),
                                                                 ReferenceTime::from(args));
                  }});
    registry.add({.name = "config_published_only",
                  .en = "No instance ever runs a version that was never published (or a value other than the one "
                        "published).",
                  .zh = "任何实例都不会运行从未发布的版本（或与发布内容不同的值）。",
                  .applies_to = roles,
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<ConfigPublishedOnly>();
                  }});
    registry.add({.name = "config_rolled_back",
                  .en = "After the last rollback every instance it concerns runs the version it went back to.",
                  .zh = "最后一次回滚之后，它涉及的每个实例都运行回滚到的版本。",
                  .applies_to = roles,
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<ConfigRolledBack>();
                  }});
}

}  // namespace distlab::netlab
