#include "core/patterns/maelstrom/echo_client_role.h"

#include <string>

namespace distlab::core::maelstrom {

const ParamList<EchoClientConfig>& EchoClientConfig::params() {
    static const ParamList<EchoClientConfig> list = ParamList<EchoClientConfig>{}
        .part(&EchoClientConfig::base, WorkloadBase::params_without_final_read())
        .choice("mode", &EchoClientConfig::mode, "open", {{"open", LoadMode::Open}, {"closed", LoadMode::Closed}},
                "Open loop (echoes at `rate`) or closed loop (`concurrency` outstanding)",
                "开环（按 rate 发起 echo）或闭环（保持 concurrency 个未完成的 echo）")
        .integer("concurrency", &EchoClientConfig::concurrency, 1,
                 "Closed loop: echoes kept outstanding; each answer starts the next",
                 "闭环：保持未完成的 echo 数；每收到一个回复立即发起下一个", {.min = 1, .max = 10000});
    return list;
}

EchoClientRole::EchoClientRole(const EchoClientConfig& config)
    : WorkloadClient(config.base, config.mode, config.concurrency) {}

void EchoClientRole::begin(Context& ctx) {
    const std::int64_t n = ++echoes_;
    const std::string text = "Please echo " + std::to_string(n);
    const OpId op = ctx.op_invoke("echo", {{"echo", text}});
    request(ctx, op, {{"type", "echo"}, {"echo", text}}, "echo_ok",
            [this, text, n](Context& c, const Json& body) -> std::optional<Completion> {
                if (body.value("type", std::string()) != "echo_ok")
                    return std::nullopt;
                if (body.value("echo", "") != text) {
                    ++wrong_echoes_;
                    c.violation(base().workload.target + Text{" answered echo ", " 对 echo "} + std::to_string(n) +
                                (body.contains("echo") ? Text{" with ", " 的应答是 "} + body["echo"].dump()
                                                       : Text{" with no echo", " 的应答没有 echo"}) +
                                Text{" instead of \"", "，而不是 \""} + text + "\"");
                    return Completion{OpStatus::Fail, {{"error", "wrong echo"}}};
                }
                return Completion{OpStatus::Ok, {{"echo", text}}};
            });
}

void EchoClientRole::write_snapshot(Json& snap) const {
    snap["wrong_echoes"] = wrong_echoes_;
}

}  // namespace distlab::core::maelstrom
