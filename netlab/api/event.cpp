#include "netlab/api/event.h"

#include <array>
#include <utility>

#include "core/model/json.h"

namespace distlab::netlab {

namespace {

// The names used in recordings, exports and the CLI. Order follows EventKind.
constexpr std::array<std::pair<EventKind, std::string_view>, 23> kKindNames{{
    {EventKind::RunStarted, "run_started"},
    {EventKind::RunEnded, "run_ended"},
    {EventKind::NodeStarted, "node_started"},
    {EventKind::NodeExited, "node_exited"},
    {EventKind::NodePaused, "node_paused"},
    {EventKind::NodeResumed, "node_resumed"},
    {EventKind::MessageSent, "message_sent"},
    {EventKind::MessageDelivered, "message_delivered"},
    {EventKind::MessageDropped, "message_dropped"},
    {EventKind::MessageDuplicated, "message_duplicated"},
    {EventKind::MessageHeld, "message_held"},
    {EventKind::Log, "log"},
    {EventKind::State, "state"},
    {EventKind::Metric, "metric"},
    {EventKind::OpInvoked, "op_invoked"},
    {EventKind::OpCompleted, "op_completed"},
    {EventKind::FaultInjected, "fault_injected"},
    {EventKind::FaultHealed, "fault_healed"},
    {EventKind::Step, "step"},
    {EventKind::Violation, "violation"},
    {EventKind::Phase, "phase"},
    {EventKind::RunPaused, "run_paused"},
    {EventKind::RunResumed, "run_resumed"},
}};

}  // namespace

std::string_view to_string(EventKind kind) {
    for (const auto& [k, name] : kKindNames) {
        if (k == kind) return name;
    }
    return "unknown";
}

Event lab_log(std::int64_t t_ns, std::string node, std::string level, const core::Text& text) {
    Event e;
    e.t_ns = t_ns;
    e.kind = EventKind::Log;
    e.node = std::move(node);
    e.type = std::move(level);
    e.data = text.en;
    if (!text.zh.empty())
        e.aux = core::Json{{"zh", text.zh}}.dump();
    return e;
}

std::string log_text(const Event& event, std::string_view lang) {
    if (event.aux.empty() || !core::is_chinese(lang))
        return event.data;
    const core::Json aux = core::Json::parse(event.aux, nullptr, /*allow_exceptions=*/false);
    if (!aux.is_object())
        return event.data;
    const auto zh = aux.find("zh");
    return zh != aux.end() && zh->is_string() && !zh->get<std::string>().empty() ? zh->get<std::string>() : event.data;
}

std::optional<EventKind> event_kind_from_string(std::string_view name) {
    for (const auto& [k, n] : kKindNames) {
        if (n == name) return k;
    }
    return std::nullopt;
}

}  // namespace distlab::netlab
