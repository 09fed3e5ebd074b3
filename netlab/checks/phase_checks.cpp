#include "netlab/checks/phase_checks.h"

#include "netlab/checks/check_support.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace distlab::netlab {

PhaseTimeline::PhaseTimeline(const std::vector<Event>& events) {
    for (const Event& e : events) {
        switch (e.kind) {
            case EventKind::Phase: changes_[e.node].push_back({e.t_ns, e.type}); break;
            case EventKind::NodeStarted:
            case EventKind::NodeExited:
                if (auto it = changes_.find(e.node); it != changes_.end() && !it->second.back().phase.empty())
                    it->second.push_back({e.t_ns, ""});
                break;
            default: break;
        }
    }
}

const std::vector<PhaseTimeline::Change>& PhaseTimeline::changes(std::string_view node) const {
    static const std::vector<Change> kNone;
    auto it = changes_.find(node);
    return it == changes_.end() ? kNone : it->second;
}

std::string_view PhaseTimeline::phase_at(std::string_view node, std::int64_t t_ns) const {
    std::string_view phase;
    for (const Change& c : changes(node)) {
        if (c.t_ns > t_ns)
            break;
        phase = c.phase;
    }
    return phase;
}

std::optional<std::int64_t> PhaseTimeline::entered_after(std::string_view node, std::string_view phase,
                                                         std::int64_t t_ns) const {
    for (const Change& c : changes(node))
        if (c.t_ns > t_ns && c.phase == phase)
            return c.t_ns;
    return std::nullopt;
}

std::vector<std::string> nodes_with_phase(const RoleCatalog& catalog, std::string_view phase, std::string_view role) {
    std::vector<std::string> nodes;
    for (const auto& [node, role_name] : catalog.node_roles()) {
        if (!role.empty() ? role_name == role : [&] {
                const core::RoleDescriptor* d = catalog.role(role_name);
                return d && d->find_phase(phase);
            }())
            nodes.push_back(node);
    }
    return nodes;
}

namespace {

using Deadline = std::chrono::steady_clock::time_point;

using core::Text;

std::string phases_text(const core::RoleDescriptor& role) {
    std::string out;
    for (const core::PhaseSpec& p : role.phases)
        out += (out.empty() ? "" : ", ") + p.name;
    return out;
}

}  // namespace

Problems phase_problems(const CheckScope& scope, std::string_view phase, std::string_view role) {
    if (!role.empty()) {
        const bool used = std::any_of(scope.scenario.nodes.begin(), scope.scenario.nodes.end(),
                                      [&](const NodeSpec& n) { return n.role == role; });
        if (!used)
            return {Text{"role: no node has the role ", "role：没有节点属于角色 "} + std::string(role)};
        const core::RoleDescriptor* d = scope.roles.role(role);
        if (!d || !d->find_phase(phase)) {
            const std::string r(role), p(phase);
            const std::string its = d && !d->phases.empty() ? phases_text(*d) : std::string();
            return {Text{"phase: the role " + r + " declares no phase \"" + p + "\"" +
                             (its.empty() ? "" : " (its phases: " + its + ")"),
                         "phase：角色 " + r + " 没有声明阶段“" + p + "”" + (its.empty() ? "" : "（它的阶段：" + its + "）")}};
        }
        return {};
    }
    std::string declared;
    for (const auto& [name, d] : scope.roles.roles()) {
        if (d.find_phase(phase))
            return {};
        if (!d.phases.empty())
            declared += (declared.empty() ? "" : "; ") + name + ": " + phases_text(d);
    }
    const std::string p(phase);
    return {Text{"phase: no role of the scenario declares the phase \"" + p + "\"" +
                     (declared.empty() ? "" : " (" + declared + ")"),
                 "phase：场景中没有角色声明阶段“" + p + "”" + (declared.empty() ? "" : "（" + declared + "）")}};
}

namespace {

// The nodes a check looks at, or the reason it cannot tell.
std::optional<CheckResult> no_nodes(const RunView& run, const std::vector<std::string>& nodes, std::string_view phase,
                                    std::string_view role) {
    if (!run.roles)
        return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
    if (nodes.empty())
        return verdict(Verdict::Unknown, role.empty() ? Text{"no node of the run has a role with the phase ",
                                                             "本次运行中没有节点的角色带有阶段 "} + std::string(phase)
                                                      : Text{"no node of the run has the role ", "本次运行中没有节点属于角色 "} +
                                                            std::string(role));
    return std::nullopt;
}

// How a Chinese detail names a phase: its role's Chinese label with the name it is written as,
// "断开（open）"; the name alone where no role of the run labels it otherwise.
std::string phase_zh(const RunView& run, std::string_view phase) {
    if (run.roles)
        for (const auto& [name, role] : run.roles->roles())
            if (const core::PhaseSpec* p = role.find_phase(phase); p && !p->zh.empty() && p->zh != phase)
                return p->zh + "（" + std::string(phase) + "）";
    return std::string(phase);
}

std::vector<std::string> looked_at(const RunView& run, std::string_view phase, std::string_view role) {
    return run.roles ? nodes_with_phase(*run.roles, phase, role) : std::vector<std::string>{};
}


// ---- phase_reached ----

class PhaseReached final : public Check {
public:
    PhaseReached(std::vector<std::string> phases, std::string role, std::int64_t within_ns, ReferenceTime after)
        : phases_(std::move(phases)), role_(std::move(role)), within_ns_(within_ns), after_(after) {
        for (const std::string& phase : phases_)
            target_ += (target_.empty() ? "" : " or ") + phase;
    }

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const std::vector<std::string> nodes = looked_at(run, phases_.front(), role_);
        if (auto none = no_nodes(run, nodes, phases_.front(), role_))
            return *none;
        const std::optional<std::int64_t> t0 = after_.resolve(run.events);
        if (!t0)
            return verdict(Verdict::Unknown, after_.missing());
        const std::int64_t limit = *t0 + within_ns_;
        const auto window = std::make_pair(*t0, limit);
        const std::string what = std::string(after_.name()) + " (at " + seconds_text(*t0) + ")";
        const std::string ref_zh = after_.text().zh;
        const std::string what_zh = ref_zh + "（" + seconds_text(*t0) + "）";
        const std::int64_t end_ns = run_end_ns(run.events);
        if (end_ns < *t0)
            return verdict(Verdict::Unknown, "the run ended at " + seconds_text(end_ns) + ", before " + what, window);
        const PhaseTimeline timeline(run.events);
        std::string target_zh;
        for (const std::string& phase : phases_)
            target_zh += (target_zh.empty() ? "" : " 或 ") + phase_zh(run, phase);
        const auto targeted = [&](std::string_view phase) {
            return std::find(phases_.begin(), phases_.end(), phase) != phases_.end();
        };

        std::vector<Text> failed, passed;
        CheckResult involved;   // the nodes that did not get there in time
        bool undecided = false;
        for (const std::string& node : nodes) {
            if (const std::string_view now = timeline.phase_at(node, *t0); targeted(now)) {
                passed.push_back({node + " was " + std::string(now) + " at " + std::string(after_.name()),
                                  node + " 在" + ref_zh + "时已是 " + phase_zh(run, now)});
                continue;
            }
            std::optional<std::int64_t> reached;
            for (const std::string& phase : phases_)
                if (auto t = timeline.entered_after(node, phase, *t0); t && (!reached || *t < *reached))
                    reached = t;
            if (reached && *reached <= limit) {
                const std::string phase(timeline.phase_at(node, *reached)), after = seconds_text(*reached - *t0);
                passed.push_back({node + " " + phase + " " + after + " after " + std::string(after_.name()),
                                  node + " 在" + ref_zh + "之后 " + after + " 进入 " + phase_zh(run, phase)});
            } else if (!reached && end_ns < limit) {
                undecided = true;
                passed.push_back({node + " not yet " + target_ + " when the run ended", {}});
            } else if (reached) {
                involve_node(involved, node);
                const std::string after = seconds_text(*reached - *t0);
                failed.push_back({node + " " + target_ + " only " + after + " after " + what,
                                  node + " 在" + what_zh + "之后 " + after + " 才进入 " + target_zh});
            } else {
                involve_node(involved, node);
                std::string last;   // its last phase, even if it has exited since
                for (const PhaseTimeline::Change& c : timeline.changes(node))
                    if (!c.phase.empty())
                        last = c.phase;
                failed.push_back({node + " never " + target_ + " after " + what +
                                      (last.empty() ? std::string() : "; its last phase was " + last),
                                  node + " 在" + what_zh + "之后从未进入 " + target_zh +
                                      (last.empty() ? std::string() : "；它最后的阶段是 " + phase_zh(run, last))});
            }
        }
        std::vector<Text> parts = failed;
        parts.insert(parts.end(), passed.begin(), passed.end());
        const std::string within = seconds_text(within_ns_);
        Text detail = joined_text(parts, Text{"; ", "；"}) + Text{" (within " + within + ")", "（限时 " + within + "）"};
        if (!failed.empty()) {
            CheckResult r = verdict(Verdict::Fail, std::move(detail), window);
            r.nodes = std::move(involved.nodes);
            return r;
        }
        return verdict(undecided ? Verdict::Unknown : Verdict::Pass, std::move(detail), window);
    }

private:
    std::vector<std::string> phases_;    // any of them counts
    std::string target_;                 // "closed or disabled"
    std::string role_;
    std::int64_t within_ns_;
    ReferenceTime after_;
};

// ---- no_send_in_phase ----

class NoSendInPhase final : public Check {
public:
    NoSendInPhase(std::string phase, std::string type, std::string role)
        : phase_(std::move(phase)), type_(std::move(type)), role_(std::move(role)) {}

    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const std::vector<std::string> nodes = looked_at(run, phase_, role_);
        if (auto none = no_nodes(run, nodes, phase_, role_))
            return *none;
        std::map<std::string, std::string, std::less<>> current;   // node -> its phase now
        for (const std::string& node : nodes)
            current.emplace(node, "");
        std::size_t sent = 0, violations = 0;
        bool entered = false;
        const Event* first = nullptr;
        std::int64_t last_ns = 0;
        CheckResult involved;
        for (std::size_t i = 0; i < run.events.size(); ++i) {
            if (i % 4096 == 4095 && std::chrono::steady_clock::now() > deadline)
                return out_of_time(i, run.events.size());
            const Event& e = run.events[i];
            auto it = current.find(e.node);
            if (it == current.end())
                continue;
            if (e.kind == EventKind::Phase) {
                it->second = e.type;
                entered = entered || e.type == phase_;
            } else if (e.kind == EventKind::NodeStarted || e.kind == EventKind::NodeExited) {
                it->second.clear();
            } else if (e.kind == EventKind::MessageSent && e.type == type_) {
                ++sent;
                if (it->second != phase_)
                    continue;
                ++violations;
                last_ns = e.t_ns;
                involve_message(involved, e.node, e.msg_id, e.peer);
                if (!first)
                    first = &e;
            }
        }
        const std::string all = std::to_string(sent);
        if (violations == 0)
            return verdict(Verdict::Pass,
                           Text{all + " \"" + type_ + "\" messages sent, none while " + phase_ +
                                    (entered ? "" : " (no node was ever " + phase_ + ")"),
                                "共发送 " + all + " 条“" + type_ + "”消息，没有一条在 " + phase_zh(run, phase_) + " 阶段发送" +
                                    (entered ? "" : "（没有节点进入过 " + phase_zh(run, phase_) + "）")});
        const std::string bad = std::to_string(violations), msg = std::to_string(first->msg_id),
                          at = seconds_text(first->t_ns);
        CheckResult r = verdict(Verdict::Fail,
                                Text{bad + " of " + all + " \"" + type_ + "\" messages were sent while " + phase_ +
                                         "; first: " + first->node + " sent " + msg + " to " + first->peer + " at " + at,
                                     all + " 条“" + type_ + "”消息中有 " + bad + " 条在 " + phase_zh(run, phase_) + " 阶段发送；第一条：" +
                                         first->node + " 于 " + at + " 向 " + first->peer + " 发送了 " + msg},
                                std::make_pair(first->t_ns, last_ns));
        r.nodes = std::move(involved.nodes);
        r.messages = std::move(involved.messages);
        return r;
    }

private:
    std::string phase_;
    std::string type_;
    std::string role_;
};

// ---- phase_time ----

class PhaseTime final : public Check {
public:
    PhaseTime(std::string phase, std::string role, std::optional<std::int64_t> max_ns, std::optional<std::int64_t> min_ns)
        : phase_(std::move(phase)), role_(std::move(role)), max_ns_(max_ns), min_ns_(min_ns) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const std::vector<std::string> nodes = looked_at(run, phase_, role_);
        if (auto none = no_nodes(run, nodes, phase_, role_))
            return *none;
        const std::int64_t end_ns = run_end_ns(run.events);
        const PhaseTimeline timeline(run.events);
        struct Spell {
            std::string node;
            std::int64_t from_ns;
            std::int64_t until_ns;
            bool left = false;       // ended by entering another phase
        };
        std::vector<Spell> spells;
        for (const std::string& node : nodes) {
            const auto& changes = timeline.changes(node);
            for (std::size_t k = 0; k < changes.size(); ++k) {
                if (changes[k].phase != phase_)
                    continue;
                const bool ended = k + 1 < changes.size();
                spells.push_back({node, changes[k].t_ns, ended ? changes[k + 1].t_ns : end_ns,
                                  ended && !changes[k + 1].phase.empty()});
            }
        }
        if (spells.empty())
            return verdict(Verdict::Unknown, Text{"no node was ever " + phase_, "没有节点进入过 " + phase_zh(run, phase_)});

        const Spell* longest = &spells.front();
        const Spell* shortest = nullptr;
        for (const Spell& s : spells) {
            if (s.until_ns - s.from_ns > longest->until_ns - longest->from_ns)
                longest = &s;
            if (s.left && (!shortest || s.until_ns - s.from_ns < shortest->until_ns - shortest->from_ns))
                shortest = &s;
        }
        const auto length = [](const Spell& s) { return s.until_ns - s.from_ns; };
        const std::string count = std::to_string(spells.size()), span = span_text(length(*longest)),
                          from = seconds_text(longest->from_ns);
        Text detail{count + (spells.size() == 1 ? " spell" : " spells") + " " + phase_ + "; longest: " + longest->node +
                        " was " + phase_ + " for " + span + " from " + from,
                    count + " 次 " + phase_zh(run, phase_) + "；最长：" + longest->node + " 从 " + from + " 起处于 " +
                        phase_zh(run, phase_) + " " + span};
        if (shortest)
            detail += Text{"; shortest ended: ", "；已结束的最短一次："} + span_text(length(*shortest));
        const Spell* bad = nullptr;
        if (max_ns_ && length(*longest) > *max_ns_) {
            bad = longest;
            detail += Text{", above the max ", "，超过上限 "} + span_text(*max_ns_);
        } else if (min_ns_ && shortest && length(*shortest) < *min_ns_) {
            bad = shortest;
            detail += Text{", below the min ", "，低于下限 "} + span_text(*min_ns_);
        }
        if (!bad)
            return verdict(Verdict::Pass, std::move(detail));
        CheckResult r = verdict(Verdict::Fail, std::move(detail), std::make_pair(bad->from_ns, bad->until_ns));
        involve_node(r, bad->node);
        for (const Spell& s : spells)
            if ((max_ns_ && length(s) > *max_ns_) || (min_ns_ && s.left && length(s) < *min_ns_))
                involve_node(r, s.node);
        return r;
    }

private:
    std::string phase_;
    std::string role_;
    std::optional<std::int64_t> max_ns_;
    std::optional<std::int64_t> min_ns_;
};

core::ParamSpec phase_param() {
    return {.name = "phase", .type = core::ParamType::String, .en = "a phase the role declares",
            .zh = "角色声明的一个阶段"};
}

core::ParamSpec role_param() {
    return {.name = "role", .type = core::ParamType::String,
            .en = "only the nodes of this role (default: every role that declares the phase)",
            .zh = "只看该角色的节点（默认：声明了该阶段的所有角色）", .optional = true};
}

std::string role_of(const core::Params& args) { return args.has("role") ? args.get_string("role") : std::string(); }

Problems check_phase(const core::Params& args, const CheckScope& scope) {
    return phase_problems(scope, args.get_string("phase"), role_of(args));
}

}  // namespace

std::unique_ptr<Check> make_phase_reached(std::vector<std::string> phases, std::string role, std::int64_t within_ns,
                                          ReferenceTime after) {
    return std::make_unique<PhaseReached>(std::move(phases), std::move(role), within_ns, after);
}

void register_phase_checks(CheckRegistry& registry) {
    using core::ParamType;
    const auto span = [](std::string name, std::string en, std::string zh, bool optional) {
        return core::ParamSpec{.name = std::move(name), .type = ParamType::Duration, .min = kShortestSpanMs,
                               .en = std::move(en), .zh = std::move(zh), .optional = optional};
    };
    registry.add(
        {.name = "phase_reached",
         .en = "Every node of a role is in a phase within a time after the start, a fault or a heal.",
         .zh = "某角色的每个节点在启动、故障或恢复之后的限定时间内进入某个阶段。",
         .params = {phase_param(), role_param(),
                    span("within", "how soon every node must be in the phase", "每个节点必须在多长时间内进入该阶段", false),
                    ReferenceTime::param({"start", "first_fault", "last_fault", "last_heal"}, "start")},
         .applies_to = {RoleFilter::with_phases()},
         .validate = [](const core::Params& args, const CheckScope& scope) {
             Problems problems = check_phase(args, scope);
             if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
                 problems.push_back(*problem);
             return problems;
         },
         .make = [](const core::Params& args) {
             return make_phase_reached({args.get_string("phase")}, role_of(args), args.get_duration("within").count(),
                                       ReferenceTime::from(args));
         }});
    registry.add(
        {.name = "no_send_in_phase",
         .en = "No node sends a message of a type while in a phase.",
         .zh = "节点处于某阶段时不发送某类型的消息。",
         .params = {phase_param(),
                    {.name = "type", .type = ParamType::String, .en = "the message type", .zh = "消息类型"},
                    role_param()},
         .applies_to = {RoleFilter::with_phases()},
         .validate = check_phase,
         .make = [](const core::Params& args) {
             return std::make_unique<NoSendInPhase>(args.get_string("phase"), args.get_string("type"), role_of(args));
         }});
    registry.add(
        {.name = "phase_time",
         .en = "Each spell a node spends in a phase lasts at most max and at least min.",
         .zh = "节点每次处于某阶段的时长不超过 max、不少于 min。",
         .params = {phase_param(), role_param(),
                    span("max", "the longest a spell may last", "每次停留的最长时间", true),
                    span("min", "the shortest a spell that ends may last", "每次停留（已结束）的最短时间", true)},
         .applies_to = {RoleFilter::with_phases()},
         .validate = [](const core::Params& args, const CheckScope& scope) {
             Problems problems = check_phase(args, scope);
             if (!args.has("max") && !args.has("min")) {
                 problems.push_back(Text{"give max, min or both", "给出 max、min 或两者"});
             } else if (args.has("max") && args.has("min") && args.get_duration("min") > args.get_duration("max")) {
                 const std::string min = span_text(args.get_duration("min").count()),
                                   max = span_text(args.get_duration("max").count());
                 problems.push_back(Text{"min (" + min + ") is above max (" + max + ")", "min（" + min + "）大于 max（" + max + "）"});
             }
             return problems;
         },
         .make = [](const core::Params& args) {
             const auto optional_ns = [&](const char* name) -> std::optional<std::int64_t> {
                 if (!args.has(name))
                     return std::nullopt;
                 return args.get_duration(name).count();
             };
             return std::make_unique<PhaseTime>(args.get_string("phase"), role_of(args), optional_ns("max"),
                                                optional_ns("min"));
         }});
}

}  // namespace distlab::netlab
