#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/params.h"
#include "core/model/text.h"
#include "netlab/checks/check.h"

// Small pieces every check implementation uses: building a result, answering honestly when the
// time budget runs out, and writing a time for a detail line.
namespace distlab::netlab {

// The smallest positive duration a check accepts (`within`), in ParamSpec's milliseconds: 1us.
inline constexpr double kShortestSpanMs = 0.001;

inline CheckResult verdict(Verdict v, core::Text detail,
                           std::optional<std::pair<std::int64_t, std::int64_t>> window = std::nullopt) {
    CheckResult r;
    r.verdict = v;
    r.set_detail(std::move(detail));
    r.window_ns = window;
    return r;
}

// A detail in English only (readers in Chinese see it in English too).
inline CheckResult verdict(Verdict v, std::string detail,
                           std::optional<std::pair<std::int64_t, std::int64_t>> window = std::nullopt) {
    return verdict(v, core::Text{std::move(detail), {}}, window);
}

// `parts` one after the other, `separator` between them.
inline core::Text joined_text(const std::vector<core::Text>& parts, const core::Text& separator) {
    core::Text out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            out += separator;
        out += parts[i];
    }
    return out;
}

// Adds to what `result` involves: each node, message or operation once, at most
// CheckResult::kMaxInvolved of each (the first ones found are the most telling).
inline void involve_node(CheckResult& result, std::string_view node) {
    if (node.empty() || result.nodes.size() >= CheckResult::kMaxInvolved ||
        std::find(result.nodes.begin(), result.nodes.end(), node) != result.nodes.end())
        return;
    result.nodes.emplace_back(node);
}

inline void involve_ref(std::vector<EventRef>& refs, std::string_view node, std::uint64_t id) {
    EventRef ref{std::string(node), id};
    if (node.empty() || refs.size() >= CheckResult::kMaxInvolved || std::find(refs.begin(), refs.end(), ref) != refs.end())
        return;
    refs.push_back(std::move(ref));
}

// A message, named by its sender and msg_id; its sender (and receiver, when given) are involved too.
inline void involve_message(CheckResult& result, std::string_view sender, std::uint64_t msg_id,
                            std::string_view receiver = {}) {
    involve_ref(result.messages, sender, msg_id);
    involve_node(result, sender);
    involve_node(result, receiver);
}

// A client operation, named by its client and op id; the client is involved too.
inline void involve_op(CheckResult& result, std::string_view client, std::uint64_t op_id) {
    involve_ref(result.ops, client, op_id);
    involve_node(result, client);
}

// `result` with `nodes` involved: for a return statement.
inline CheckResult involving(CheckResult result, std::initializer_list<std::string_view> nodes) {
    for (std::string_view node : nodes)
        involve_node(result, node);
    return result;
}

// Unknown, saying how far the check got: "... after 4096 of 10000 events".
// The time of a run's last event (0 for none).
inline std::int64_t run_end_ns(const std::vector<Event>& events) {
    std::int64_t end_ns = 0;
    for (const Event& e : events)
        end_ns = std::max(end_ns, e.t_ns);
    return end_ns;
}

inline CheckResult out_of_time(std::size_t done, std::size_t total,
                               const core::Text& what = core::Text{"events", "个事件"}) {
    return verdict(Verdict::Unknown, core::Text{"ran out of its time budget after ", "时间预算用完，只处理了 "} +
                                         std::to_string(done) + core::Text{" of ", " / "} + std::to_string(total) +
                                         " " + what);
}

// "12.345s": a lab time in seconds, for detail lines.
inline std::string seconds_text(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(ns) / 1e9);
    return buf;
}

// A span for people, rounded to what matters at its size: "810us", "203ms", "2.5s", "5s".
inline std::string span_text(std::int64_t ns) {
    char buf[32];
    if (ns < 1'000'000) {
        std::snprintf(buf, sizeof buf, "%.0fus", static_cast<double>(ns) / 1e3);
        return buf;
    }
    if (ns < 1'000'000'000) {
        std::snprintf(buf, sizeof buf, "%.0fms", static_cast<double>(ns) / 1e6);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ns) / 1e9);
    std::string text = buf;
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text + "s";
}

// The moment of a run a check measures from (`after:` in the checks' arguments): the start,
// the first or last fault injected, the last heal, or a given time.
struct ReferenceTime {
    enum class Kind { Start, FirstFault, LastFault, LastHeal, Time };
    Kind kind = Kind::Start;
    std::int64_t at_ns = 0;              // Kind::Time

    // The `after` argument as a ChoiceOrDuration parameter: `choices` among start, first_fault,
    // last_fault, last_heal; `default_choice` one of them.
    static core::ParamSpec param(std::vector<std::string> choices, std::string default_choice) {
        return {.name = "after",
                .type = core::ParamType::ChoiceOrDuration,
                .default_value = std::move(default_choice),
                .choices = std::move(choices),
                .en = "the moment measured from: an event of the run or a time",
                .zh = "计时起点：运行中的某个事件或某个时刻"};
    }

    // The resolved argument `name` (a ChoiceOrDuration) as a reference time.
    static ReferenceTime from(const core::Params& args, std::string_view name = "after") {
        if (auto at = args.get_duration_or_choice(name))
            return {Kind::Time, at->count()};
        const std::string choice = args.get_string(name);
        if (choice == "first_fault")
            return {Kind::FirstFault, 0};
        if (choice == "last_fault")
            return {Kind::LastFault, 0};
        if (choice == "last_heal")
            return {Kind::LastHeal, 0};
        return {Kind::Start, 0};
    }

    // The moment in `events`; nullopt when the run had no such fault or heal.
    std::optional<std::int64_t> resolve(const std::vector<Event>& events) const {
        switch (kind) {
        case Kind::Start: return 0;
        case Kind::Time: return at_ns;
        case Kind::FirstFault:
        case Kind::LastFault:
        case Kind::LastHeal: break;
        }
        const EventKind wanted = kind == Kind::LastHeal ? EventKind::FaultHealed : EventKind::FaultInjected;
        std::optional<std::int64_t> t;
        for (const Event& e : events) {
            if (e.kind != wanted)
                continue;
            t = e.t_ns;
            if (kind == Kind::FirstFault)
                break;
        }
        return t;
    }

    // How a detail line names it: "the last fault".
    std::string_view name() const {
        switch (kind) {
        case Kind::Start: return "the start";
        case Kind::FirstFault: return "the first fault";
        case Kind::LastFault: return "the last fault";
        case Kind::LastHeal: return "the last heal";
        case Kind::Time: return "the given time";
        }
        return "the start";
    }

    // name() in both languages: {"the last fault", "最后一次故障"}.
    core::Text text() const {
        switch (kind) {
        case Kind::Start: return {"the start", "启动"};
        case Kind::FirstFault: return {"the first fault", "第一次故障"};
        case Kind::LastFault: return {"the last fault", "最后一次故障"};
        case Kind::LastHeal: return {"the last heal", "最后一次恢复"};
        case Kind::Time: return {"the given time", "给定时刻"};
        }
        return {"the start", "启动"};
    }

    // Why resolve() found nothing in a run.
    core::Text missing() const {
        return kind == Kind::LastHeal ? core::Text{"no fault was healed during the run", "运行期间没有故障被恢复"}
                                      : core::Text{"no fault was injected during the run", "运行期间没有注入故障"};
    }

    // A problem with using this reference in `scenario`, or nullopt.
    std::optional<core::Text> problem_in(const Scenario& scenario) const {
        const auto heals = [](const FaultSpec& f) {
            return f.until.has_value() || f.kind == FaultKind::Heal || f.kind == FaultKind::Restart ||
                   f.kind == FaultKind::Resume;
        };
        if ((kind == Kind::FirstFault || kind == Kind::LastFault) && scenario.faults.empty())
            return std::string("after: ") + (kind == Kind::FirstFault ? "first_fault" : "last_fault") +
                   core::Text{", but the scenario has no faults", "，但场景中没有故障"};
        if (kind == Kind::LastHeal && std::none_of(scenario.faults.begin(), scenario.faults.end(), heals))
            return core::Text{"after: last_heal, but no fault of the scenario is ever healed",
                              "after: last_heal，但场景中没有任何故障被恢复"};
        return std::nullopt;
    }
};

}  // namespace distlab::netlab
