#include "netlab/checks/breaker_checks.h"
#include "netlab/checks/check_support.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>

#include "core/patterns/circuit_breaker/breaker.h"
#include "core/patterns/circuit_breaker/breaker_client_role.h"

namespace distlab::netlab {

namespace {

namespace cb = core::circuit_breaker;
using Deadline = std::chrono::steady_clock::time_point;

constexpr std::string_view kBreakerRole = "breaker-client";

std::vector<const NodeSpec*> breaker_nodes(const Scenario& s) {
    std::vector<const NodeSpec*> nodes;
    for (const NodeSpec& n : s.nodes)
        if (n.role == kBreakerRole)
            nodes.push_back(&n);
    return nodes;
}

Problems need_breaker(std::string_view check, const Scenario& s) {
    if (!breaker_nodes(s).empty())
        return {};
    return {std::string(check) + ": does not apply here: no node has the role breaker-client"};
}

core::Result<Duration> duration_arg(const Json& v) {
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0 &&
        v.get<std::int64_t>() < std::numeric_limits<std::int64_t>::max() / 1'000'000)
        return Duration(v.get<std::int64_t>() * 1'000'000);
    if (v.is_string()) {
        const auto& text = v.get_ref<const std::string&>();
        if (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back())))
            return core::parse_duration(text);
    }
    return core::fail("expected a duration with a unit (ms, s, m), got " + v.dump());
}

std::int64_t scaled(Duration d, const Scenario& s) {
    return static_cast<std::int64_t>(static_cast<double>(d.count()) * s.time_scale);
}

// A transition line of a breaker-client: "closed -> open: 12 of 20 calls failed (...)".
struct ParsedTransition {
    cb::BreakerState from;
    cb::BreakerState to;
};

std::optional<ParsedTransition> parse_transition(std::string_view text) {
    const auto arrow = text.find(" -> ");
    if (arrow == std::string_view::npos)
        return std::nullopt;
    const auto colon = text.find(':', arrow);
    if (colon == std::string_view::npos)
        return std::nullopt;
    auto from = cb::breaker_state_from_string(text.substr(0, arrow));
    auto to = cb::breaker_state_from_string(text.substr(arrow + 4, colon - arrow - 4));
    if (!from || !to)
        return std::nullopt;
    return ParsedTransition{*from, *to};
}

// One breaker-client's state over the run, rebuilt from its events in stream order.
struct Timeline {
    struct Change {
        std::int64_t t_ns;
        cb::BreakerState to;
    };
    std::vector<Change> changes;          // every transition, and back to closed on a restart
    std::optional<std::string> inconsistency;   // a transition that does not follow

    cb::BreakerState state_at(std::int64_t t_ns) const {
        cb::BreakerState state = cb::BreakerState::Closed;
        for (const Change& c : changes) {
            if (c.t_ns > t_ns)
                break;
            state = c.to;
        }
        return state;
    }
};

// Walks the events of `node`, calling on_send(event, state, trials so far in this half-open)
// for each request it sends.
template <class OnSend>
Timeline walk(const RunView& run, const std::string& node, OnSend on_send) {
    Timeline timeline;
    cb::BreakerState state = cb::BreakerState::Closed;
    std::int64_t trials = 0;
    bool started = false;
    for (const Event& e : run.events) {
        if (e.node != node)
            continue;
        if (e.kind == EventKind::NodeStarted) {
            if (started && state != cb::BreakerState::Closed)
                timeline.changes.push_back({e.t_ns, cb::BreakerState::Closed});
            started = true;
            state = cb::BreakerState::Closed;      // a new process: a new breaker
            trials = 0;
        } else if (e.kind == EventKind::Log) {
            auto t = parse_transition(e.data);
            if (!t)
                continue;
            if (t->from != state && !timeline.inconsistency)
                timeline.inconsistency = "at " + seconds_text(e.t_ns) + " " + node + " logged \"" + e.data +
                                         "\" while " + std::string(cb::to_string(state));
            state = t->to;
            trials = 0;
            timeline.changes.push_back({e.t_ns, state});
        } else if (e.kind == EventKind::MessageSent && e.type == "request") {
            if (state == cb::BreakerState::HalfOpen)
                ++trials;
            on_send(e, state, trials);
        }
    }
    return timeline;
}

// ---- breaker_isolates ----

class BreakerIsolates final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        std::size_t sent = 0, trials_total = 0, violations = 0;
        std::optional<std::pair<std::int64_t, std::int64_t>> first_window;
        std::string first;
        std::vector<std::string> inconsistencies;
        CheckResult involved;        // the requests that got through, with their ends
        CheckResult inconsistent;    // the breakers whose transitions do not follow
        for (const NodeSpec* node : breaker_nodes(run.scenario)) {
            const cb::BreakerClientConfig config = cb::BreakerClientConfig::from(node->resolved);
            const std::int64_t permits = std::max<std::int64_t>(1, config.breaker.half_open_calls);
            const Timeline timeline = walk(run, node->id, [&](const Event& e, cb::BreakerState state, std::int64_t trials) {
                ++sent;
                trials_total += state == cb::BreakerState::HalfOpen ? 1 : 0;
                const bool bad = state == cb::BreakerState::Open ||
                                 (state == cb::BreakerState::HalfOpen && trials > permits);
                if (!bad)
                    return;
                involve_message(involved, e.node, e.msg_id, e.peer);
                if (violations++ == 0) {
                    first_window = std::make_pair(e.t_ns, e.t_ns);
                    first = node->id + " sent request " + std::to_string(e.msg_id) + " to " + e.peer + " at " +
                            seconds_text(e.t_ns) + " while " + std::string(cb::to_string(state)) +
                            (state == cb::BreakerState::HalfOpen
                                 ? " (trial " + std::to_string(trials) + " of " + std::to_string(permits) + ")"
                                 : "");
                }
            });
            if (timeline.inconsistency) {
                inconsistencies.push_back(*timeline.inconsistency);
                involve_node(inconsistent, node->id);
            }
        }
        if (!inconsistencies.empty()) {
            CheckResult r = verdict(Verdict::Fail, "the breaker's transitions do not follow: " + inconsistencies.front());
            r.nodes = std::move(inconsistent.nodes);
            return r;
        }
        if (violations > 0) {
            CheckResult r = verdict(Verdict::Fail,
                                    std::to_string(violations) +
                                        " requests got through a breaker that should hold them; first: " + first,
                                    first_window);
            r.nodes = std::move(involved.nodes);
            r.messages = std::move(involved.messages);
            return r;
        }
        return verdict(Verdict::Pass, std::to_string(sent) + " requests sent, none while open; " +
                                          std::to_string(trials_total) + " half-open trials within their permits");
    }
};

// ---- breaker_opens / breaker_recovers ----

struct WhenArgs {
    Duration within{0};
    bool from_fault_event = true;        // first_fault / last_heal, else `after`
    Duration after{0};
};

core::Result<WhenArgs> parse_when(std::string_view check, std::string_view event_word, const Json& args,
                                  Problems* problems) {
    const std::string prefix = std::string(check) + ": ";
    Problems p;
    WhenArgs a;
    if (!args.is_object()) {
        p.push_back(prefix + "expected a mapping with keys within, after, got " + args.dump());
    } else {
        for (const auto& [key, value] : args.items())
            if (key != "within" && key != "after")
                p.push_back(prefix + "unknown key \"" + key + "\" (expected: within, after)");
        if (!args.contains("within")) {
            p.push_back(prefix + "missing key \"within\"");
        } else if (auto d = duration_arg(args["within"]); !d) {
            p.push_back(prefix + "within: " + d.error().message);
        } else if (d->count() <= 0) {
            p.push_back(prefix + "within must be longer than 0");
        } else {
            a.within = *d;
        }
        if (args.contains("after")) {
            const Json& after = args["after"];
            if (after.is_string() && after.get<std::string>() == event_word) {
                a.from_fault_event = true;
            } else if (auto d = duration_arg(after)) {
                a.from_fault_event = false;
                a.after = *d;
            } else {
                p.push_back(prefix + "after: expected " + std::string(event_word) + " or a duration, got " +
                            after.dump());
            }
        }
    }
    return finish_parse(a, p, problems);
}

class BreakerReaches final : public Check {
public:
    // `target`: the state to reach; `fault_kind`: FaultInjected (first one) or FaultHealed (last).
    BreakerReaches(WhenArgs args, cb::BreakerState target, EventKind fault_kind)
        : args_(args), target_(target), fault_kind_(fault_kind) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        std::optional<std::int64_t> t0;
        std::string what;
        if (args_.from_fault_event) {
            for (const Event& e : run.events) {
                if (e.kind != fault_kind_)
                    continue;
                t0 = e.t_ns;
                if (fault_kind_ == EventKind::FaultInjected)
                    break;                       // the first fault
            }
            if (!t0)
                return verdict(Verdict::Unknown, fault_kind_ == EventKind::FaultInjected
                                                     ? "no fault was injected during the run"
                                                     : "no fault was healed during the run");
            what = fault_kind_ == EventKind::FaultInjected ? "the first fault" : "the last heal";
        } else {
            t0 = scaled(args_.after, run.scenario);
            what = "the given time";
        }
        const std::int64_t limit = *t0 + scaled(args_.within, run.scenario);
        const auto window = std::make_pair(*t0, limit);
        const std::string state_name(cb::to_string(target_));
        std::int64_t end_ns = 0;
        for (const Event& e : run.events)
            end_ns = std::max(end_ns, e.t_ns);

        std::vector<std::string> failed, passed;
        CheckResult involved;   // the breakers that did not get there in time
        bool undecided = false;
        for (const NodeSpec* node : breaker_nodes(run.scenario)) {
            const Timeline timeline = walk(run, node->id, [](const Event&, cb::BreakerState, std::int64_t) {});
            if (timeline.inconsistency)
                return involving(verdict(Verdict::Fail, "the breaker's transitions do not follow: " +
                                                            *timeline.inconsistency),
                                 {node->id});
            if (target_ == cb::BreakerState::Closed && timeline.state_at(*t0) == cb::BreakerState::Closed) {
                passed.push_back(node->id + " was closed at " + what);
                continue;
            }
            std::optional<std::int64_t> reached;
            for (const auto& change : timeline.changes)
                if (change.to == target_ && change.t_ns >= *t0) {
                    reached = change.t_ns;
                    break;
                }
            if (reached && *reached <= limit) {
                passed.push_back(node->id + " " + state_name + " " + seconds_text(*reached - *t0) + " after " + what);
            } else if (!reached && end_ns < limit) {
                undecided = true;
                passed.push_back(node->id + " not yet " + state_name + " when the run ended");
            } else if (!cb::BreakerClientConfig::from(node->resolved).enabled) {
                failed.push_back(node->id + " never " + state_name + ": its breaker is disabled");
                involve_node(involved, node->id);
            } else {
                involve_node(involved, node->id);
                failed.push_back(node->id + (reached ? " " + state_name + " only " + seconds_text(*reached - *t0) + " after "
                                                     : " not " + state_name + " after ") +
                                 what + " (at " + seconds_text(*t0) + ")");
            }
        }
        std::vector<std::string> parts = failed;
        parts.insert(parts.end(), passed.begin(), passed.end());
        std::string detail;
        for (const auto& part : parts)
            detail += (detail.empty() ? "" : "; ") + part;
        detail += " (within " + seconds_text(limit - *t0) + ")";
        if (!failed.empty()) {
            CheckResult r = verdict(Verdict::Fail, std::move(detail), window);
            r.nodes = std::move(involved.nodes);
            return r;
        }
        return verdict(undecided ? Verdict::Unknown : Verdict::Pass, std::move(detail), window);
    }

private:
    WhenArgs args_;
    cb::BreakerState target_;
    EventKind fault_kind_;
};

bool heals_something(const FaultSpec& f) {
    return f.until.has_value() || f.kind == FaultKind::Heal || f.kind == FaultKind::Restart ||
           f.kind == FaultKind::Resume;
}

void add_when_check(CheckRegistry& registry, std::string name, std::string en, std::string zh,
                    std::string event_word, cb::BreakerState target, EventKind fault_kind) {
    CheckInfo info;
    info.name = name;
    info.en = std::move(en);
    info.zh = std::move(zh);
    info.validate = [name, event_word, fault_kind](const Json& args, const Scenario& scenario) {
        Problems problems;
        auto parsed = parse_when(name, event_word, args, &problems);
        if (parsed && parsed->from_fault_event) {
            const bool has = fault_kind == EventKind::FaultInjected
                                 ? !scenario.faults.empty()
                                 : std::any_of(scenario.faults.begin(), scenario.faults.end(), heals_something);
            if (!has)
                problems.push_back(name + ": after: " + event_word + ", but the scenario has no " +
                                   (fault_kind == EventKind::FaultInjected ? "faults" : "fault that is ever healed"));
        }
        Problems applies = need_breaker(name, scenario);
        problems.insert(problems.end(), applies.begin(), applies.end());
        return problems;
    };
    info.make = [name, event_word, target, fault_kind](const Json& args) -> std::unique_ptr<Check> {
        auto parsed = parse_when(name, event_word, args, nullptr);
        return parsed ? std::make_unique<BreakerReaches>(*parsed, target, fault_kind) : nullptr;
    };
    registry.add(std::move(info));
}

}  // namespace

void register_breaker_checks(CheckRegistry& registry) {
    {
        CheckInfo info;
        info.name = "breaker_isolates";
        info.en = "No request passes an open circuit breaker; half-open lets only its trial calls through.";
        info.zh = "熔断器断开时没有请求通过；半开时只放行规定数量的试探调用。";
        info.validate = [](const Json& args, const Scenario& scenario) {
            Problems problems;
            if (!args.is_boolean() || !args.get<bool>())
                problems.push_back("breaker_isolates: expected true, got " + args.dump());
            Problems applies = need_breaker("breaker_isolates", scenario);
            problems.insert(problems.end(), applies.begin(), applies.end());
            return problems;
        };
        info.make = [](const Json& args) -> std::unique_ptr<Check> {
            if (!args.is_boolean() || !args.get<bool>())
                return nullptr;
            return std::make_unique<BreakerIsolates>();
        };
        registry.add(std::move(info));
    }
    add_when_check(registry, "breaker_opens", "The circuit breaker opens soon after the first fault.",
                   "第一次故障后不久，熔断器断开。", "first_fault", cb::BreakerState::Open,
                   EventKind::FaultInjected);
    add_when_check(registry, "breaker_recovers", "The circuit breaker closes again soon after the last heal.",
                   "最后一次恢复后不久，熔断器重新闭合。", "last_heal", cb::BreakerState::Closed,
                   EventKind::FaultHealed);
}

}  // namespace distlab::netlab
