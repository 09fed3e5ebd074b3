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

core::Text log_texts(const Event& event) {
    core::Text text{event.data, {}};
    if (event.aux.empty())
        return text;
    const core::Json aux = core::Json::parse(event.aux, nullptr, /*allow_exceptions=*/false);
    if (!aux.is_object())
        return text;
    if (const auto zh = aux.find("zh"); zh != aux.end() && zh->is_string())
        text.zh = zh->get<std::string>();
    return text;
}

std::string log_text(const Event& event, std::string_view lang) {
    if (event.aux.empty() || !core::is_chinese(lang))
        return event.data;
    return log_texts(event).in(lang);
}

core::Text phase_reason(const Event& event) {
    core::Text reason;
    const core::Json data = core::Json::parse(event.data, nullptr, /*allow_exceptions=*/false);
    if (!data.is_object())
        return reason;
    for (auto [key, field] : {std::pair{"reason", &reason.en}, std::pair{"reason_zh", &reason.zh}})
        if (const auto it = data.find(key); it != data.end() && it->is_string())
            *field = it->get<std::string>();
    return reason;
}

std::optional<EventKind> event_kind_from_string(std::string_view name) {
    for (const auto& [k, n] : kKindNames) {
        if (n == name) return k;
    }
    return std::nullopt;
}

}  // namespace distlab::netlab
