#include "core/patterns/maelstrom/kv_proxy_role.h"

#include "core/patterns/kv/kv_protocol.h"
#include "core/patterns/maelstrom/maelstrom_errors.h"

namespace distlab::core::maelstrom {

const ParamList<KvProxyConfig>& KvProxyConfig::params() {
    using C = KvProxyConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("service", &C::service, "lin-kv", "The key-value service called: lin-kv, seq-kv or lww-kv (its node id)",
              "调用的键值服务：lin-kv、seq-kv 或 lww-kv（其节点 id）")
        .duration("timeout", &C::timeout, "500ms",
                  "How long a call to the service may take; past it the client gets no answer (unknown outcome)",
                  "调用服务的最长时间；超时则不回复客户端（结果未知）", {.min = 1});
    return list;
}

KvProxyRole::KvProxyRole(KvProxyConfig config) : config_(std::move(config)) {}

void KvProxyRole::start(Context& ctx) {
    (void)ctx;
}

void KvProxyRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kv::kRequestType) {
        ctx.count("ignored");
        return;
    }
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ++malformed_;
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    Json call{{"msg_id", next_msg_id_++}, {"key", request->key}};
    switch (request->op) {
        case kv::Op::Get: call["type"] = "read"; break;
        case kv::Op::Put:
            call["type"] = "write";
            call["value"] = *request->value;
            break;
        case kv::Op::Cas:
            call["type"] = "cas";
            call["from"] = request->from ? Json(*request->from) : Json(nullptr);
            call["to"] = *request->value;
            // Expecting the key absent: create it if it is.
            if (!request->from)
                call["create_if_not_exists"] = true;
            break;
    }
    const std::string type = call["type"];
    const kv::Op op = request->op;
    ctx.call(config_.service, type, std::move(call), config_.timeout,
             [this, msg, op, type](Context& c, const CallOutcome& outcome) {
                 const Json& body = outcome.reply.body;
                 const std::string answer = outcome.timed_out || !body.is_object() ? "" : body.value("type", "");
                 if (answer == type + "_ok") {
                     ++served_;
                     Json reply{{"ok", true}};
                     if (op == kv::Op::Get)
                         reply["value"] = body.contains("value") && body["value"].is_string() ? body["value"] : Json(nullptr);
                     c.reply(msg, std::move(reply), kv::kReplyType);
                     return;
                 }
                 const std::int64_t code = answer == "error" ? body.value("code", std::int64_t{-1}) : -1;
                 if (code == static_cast<std::int64_t>(ErrorCode::KeyDoesNotExist) && op == kv::Op::Get) {
                     ++served_;
                     c.reply(msg, {{"ok", true}, {"value", nullptr}}, kv::kReplyType);
                 } else if ((code == static_cast<std::int64_t>(ErrorCode::KeyDoesNotExist) ||
                             code == static_cast<std::int64_t>(ErrorCode::PreconditionFailed)) &&
                            op == kv::Op::Cas) {
                     ++served_;
                     c.reply(msg, {{"ok", false}, {"error", "cas_mismatch"}}, kv::kReplyType);
                 } else if (code >= 0 && error_code_definite(code)) {
                     ++served_;
                     c.reply(msg, {{"ok", false}, {"error", "unavailable"}}, kv::kReplyType);
                 } else {
                     // A timeout or an indefinite error: the operation may have happened, so no
                     // answer, and the client records an unknown outcome.
                     ++unanswered_;
                     c.count("unanswered");
                 }
             });
}

Json KvProxyRole::snapshot() const {
    return {{"service", config_.service}, {"served", served_}, {"unanswered", unanswered_}, {"malformed", malformed_}};
}

}  // namespace distlab::core::maelstrom
