#include "netlab/telemetry/telemetry.h"

#include <string_view>
#include <utility>

namespace distlab::netlab {

namespace {

using core::Json;

std::optional<Json> parse_json(std::string_view text) {
    Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}

const core::Text kNotAnObject{"body is not a JSON object", "消息体不是 JSON 对象"};

// The problem with a frame, as the error log event that replaces it.
Event malformed(const core::NodeId& node, std::int64_t t_ns, std::string_view what, const core::Text& why) {
    const std::string kind(what);
    return lab_log(t_ns, node, "error",
                   core::Text{"malformed " + kind + " frame from " + node + ": ", "来自 " + node + " 的 " + kind + " 帧格式错误："} +
                       why);
}

bool is_op_phase(std::string_view phase) {
    return phase == "invoke" || phase == "ok" || phase == "fail" || phase == "info";
}

}  // namespace

void Telemetry::add_sink(EventSink& sink) { sinks_.push_back(&sink); }

void Telemetry::emit(Event event) {
    buffer_.push_back(std::move(event));
    if (buffer_.size() >= kBatchSize) flush();
}

void Telemetry::on_node_frame(const core::NodeId& node, const core::Envelope& env, std::int64_t t_ns) {
    switch (env.kind) {
        case core::FrameKind::Log: {
            auto body = parse_json(env.body);
            if (!body || !body->is_object()) {
                emit(malformed(node, t_ns, "log", kNotAnObject));
                return;
            }
            auto level = body->find("level");
            auto text = body->find("text");
            if (level == body->end() || !level->is_string() || text == body->end() || !text->is_string()) {
                emit(malformed(node, t_ns, "log", core::Text{"needs string fields \"level\" and \"text\"",
                                                            "需要字符串字段 \"level\" 和 \"text\""}));
                return;
            }
            Event e;
            e.t_ns = t_ns;
            e.kind = EventKind::Log;
            e.node = node;
            e.type = level->get<std::string>();
            e.data = text->get<std::string>();
            emit(std::move(e));
            return;
        }
        case core::FrameKind::State: {
            // A trusted text nobody diffs is kept as it came, parsed when read (latest_state).
            const bool parse_now = !trusted_state_text || state_patches;
            std::optional<Json> snapshot;
            if (parse_now) {
                snapshot = parse_json(env.body);
                if (!snapshot) {
                    emit(malformed(node, t_ns, "state", core::Text{"body is not JSON", "消息体不是 JSON"}));
                    return;
                }
            }
            Event e;
            e.t_ns = t_ns;
            e.kind = EventKind::State;
            e.node = node;
            // Canonical text (sorted keys, no spaces), so a recording reproduces it exactly.
            e.data = trusted_state_text ? env.body : snapshot->dump();
            if (state_patches) {
                const Json* previous = latest_state(node);
                e.aux = Json::diff(previous ? *previous : Json::object(), *snapshot).dump();
            }
            LatestState& latest = states_[node];
            if (snapshot) {
                latest.text.clear();
                latest.json = std::move(snapshot);
            } else {
                latest.text = env.body;
                latest.json.reset();
            }
            emit(std::move(e));
            if (on_state) on_state(node);
            return;
        }
        case core::FrameKind::Metric: {
            auto body = parse_json(env.body);
            if (!body || !body->is_object()) {
                emit(malformed(node, t_ns, "metric", kNotAnObject));
                return;
            }
            Event e;
            e.t_ns = t_ns;
            e.kind = EventKind::Metric;
            e.node = node;
            e.data = env.body;
            emit(std::move(e));
            return;
        }
        case core::FrameKind::Op: {
            auto body = parse_json(env.body);
            if (!body || !body->is_object()) {
                emit(malformed(node, t_ns, "op", kNotAnObject));
                return;
            }
            auto op = body->find("op");
            auto phase = body->find("phase");
            if (op == body->end() || !op->is_number_unsigned()) {
                emit(malformed(node, t_ns, "op", core::Text{"\"op\" must be a non-negative integer", "\"op\" 必须是非负整数"}));
                return;
            }
            if (phase == body->end() || !phase->is_string() || !is_op_phase(phase->get<std::string>())) {
                emit(malformed(node, t_ns, "op", core::Text{"\"phase\" must be invoke, ok, fail or info",
                                                           "\"phase\" 必须是 invoke、ok、fail 或 info"}));
                return;
            }
            Event e;
            e.t_ns = t_ns;
            e.node = node;
            e.msg_id = op->get<std::uint64_t>();
            auto value = body->find("value");
            e.data = value == body->end() ? "null" : value->dump();
            if (*phase == "invoke") {
                auto f = body->find("f");
                if (f == body->end() || !f->is_string()) {
                    emit(malformed(node, t_ns, "op", core::Text{"an invoke needs a string \"f\"", "invoke 需要字符串 \"f\""}));
                    return;
                }
                e.kind = EventKind::OpInvoked;
                e.type = f->get<std::string>();
            } else {
                e.kind = EventKind::OpCompleted;
                e.type = phase->get<std::string>();
            }
            emit(std::move(e));
            return;
        }
        case core::FrameKind::Control: {
            // Only "violation" reaches telemetry; the lab answers the other commands itself.
            if (env.type != "violation") return;
            Event e;
            e.t_ns = t_ns;
            e.kind = EventKind::Violation;
            e.node = node;
            e.data = env.body;
            if (auto body = parse_json(env.body); body && body->is_object()) {
                if (auto text = body->find("text"); text != body->end() && text->is_string()) {
                    e.data = text->get<std::string>();
                }
            }
            emit(std::move(e));
            return;
        }
        case core::FrameKind::Phase: {
            auto body = parse_json(env.body);
            if (env.type.empty() || !body || !body->is_object()) {
                emit(malformed(node, t_ns, "phase", core::Text{"needs a phase name and a JSON object body",
                                                              "需要阶段名和 JSON 对象消息体"}));
                return;
            }
            auto reason = body->find("reason");
            std::string& current = phases_[node];
            Event e;
            e.t_ns = t_ns;
            e.kind = EventKind::Phase;
            e.node = node;
            e.type = env.type;
            e.data = Json{{"from", current},
                          {"reason", reason != body->end() && reason->is_string() ? reason->get<std::string>() : ""}}
                         .dump();
            current = env.type;
            emit(std::move(e));
            if (on_phase) on_phase(node, current);
            return;
        }
        case core::FrameKind::Data:
            // Messages are the fabric's business: it emits MessageSent and friends.
            return;
    }
    emit(malformed(node, t_ns, "unknown",
                   core::Text{"frame kind ", "帧类型 "} + std::to_string(static_cast<int>(env.kind))));
}

void Telemetry::flush() {
    if (buffer_.empty()) return;
    // A sink may emit while it is handed the batch; those events go into the next one.
    std::vector<Event> batch;
    batch.swap(buffer_);
    for (EventSink* sink : sinks_) sink->on_events(batch);
    if (buffer_.empty()) {
        batch.clear();
        buffer_.swap(batch);
    }
}

const core::Json* Telemetry::latest_state(const core::NodeId& node) const {
    auto it = states_.find(node);
    if (it == states_.end()) return nullptr;
    const LatestState& latest = it->second;
    if (!latest.json && !latest.text.empty()) latest.json = parse_json(latest.text);
    return latest.json ? &*latest.json : nullptr;
}

const std::string& Telemetry::phase_of(const core::NodeId& node) const {
    static const std::string none;
    auto it = phases_.find(node);
    return it == phases_.end() ? none : it->second;
}

void Telemetry::forget_state(const core::NodeId& node) {
    if (auto it = states_.find(node); it != states_.end()) states_.erase(it);
    if (auto it = phases_.find(node); it != phases_.end()) phases_.erase(it);
}

}  // namespace distlab::netlab
