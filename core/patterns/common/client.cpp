#include "core/patterns/common/client.h"

#include <utility>

namespace distlab::core {

std::vector<PhaseSpec> client_phases() {
    return {{.name = "running", .tone = Tone::Healthy, .en = "running", .zh = "运行中"},
            {.name = "stopped", .tone = Tone::Neutral, .en = "stopped", .zh = "已停止"}};
}

OpStatus CallResult::status() const {
    switch (end) {
        case CallEnd::Ok: return OpStatus::Ok;
        case CallEnd::Failed: return OpStatus::Fail;
        case CallEnd::TimedOut:
        case CallEnd::Malformed: return OpStatus::Info;
    }
    return OpStatus::Info;
}

Json CallResult::op_value() const {
    if (end == CallEnd::Ok)
        return nullptr;
    return {{"error", error}};
}

CallResult read_answer(const Json& body, std::string_view default_error) {
    const auto ok = body.is_object() ? body.find("ok") : body.end();
    if (!body.is_object() || ok == body.end() || !ok->is_boolean())
        return {CallEnd::Malformed, "malformed reply"};
    if (ok->get<bool>())
        return {CallEnd::Ok, {}};
    const auto error = body.find("error");
    return {CallEnd::Failed,
            error != body.end() && error->is_string() ? error->get<std::string>() : std::string(default_error)};
}

void CallTally::call(Context& ctx) {
    ++calls_;
    ctx.count(client_metric::kCalls);
}

void CallTally::success(Context& ctx) {
    ++successes_;
    ctx.count(client_metric::kSuccesses);
}

void CallTally::failure(Context& ctx) {
    ++failures_;
    ctx.count(client_metric::kFailures);
}

void CallTally::timeout(Context& ctx) {
    ++timeouts_;
    ctx.count(client_metric::kTimeouts);
}

void CallTally::retry(Context& ctx) {
    ++retries_;
    ctx.count(client_metric::kRetries);
}

void CallTally::write(Json& snapshot) const {
    snapshot["calls"] = calls_;
    snapshot["successes"] = successes_;
    snapshot["failures"] = failures_;
    snapshot["timeouts"] = timeouts_;
}

void CallTally::count_answer(Context& ctx, const Message& reply, const CallResult& result) {
    switch (result.end) {
        case CallEnd::Ok:
            success(ctx);
            break;
        case CallEnd::Failed:
            failure(ctx);
            break;
        case CallEnd::Malformed:
            ctx.count(client_metric::kMalformedReplies);
            ctx.log(LogLevel::Warn, "reply " + std::to_string(reply.id) + " from " + reply.from +
                                        " has no boolean 'ok'");
            break;
        case CallEnd::TimedOut:
            timeout(ctx);
            break;
    }
}

void ignore_stray_message(Context& ctx, const Message& msg, std::string_view reply_type) {
    if (msg.type == reply_type) {
        ctx.count(client_metric::kLateReplies);
        return;
    }
    ctx.count(client_metric::kUnexpectedMessages);
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

}  // namespace distlab::core
