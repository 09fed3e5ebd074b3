#include "core/patterns/sidecar/sidecar_role.h"

#include <algorithm>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::sidecar {

namespace rr = request_response;

namespace {

constexpr TimerId kOpenTimer{1};
constexpr std::uint32_t kFirstBackoffTimer = 16;

std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

const ParamList<SidecarConfig>& SidecarConfig::params() {
    using C = SidecarConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("service", &C::service, nullptr, "The service this sidecar stands beside",
              "此边车所伴随的服务")
        .optional_node("upstream", &C::upstream,
                       "Where the service's own calls go (the next service's sidecar)",
                       "服务自身发出的调用的去向（下一个服务的边车）")
        .string("identity", &C::identity, "",
                "The service's identity, stamped on its calls (in a real mesh: its certificate)",
                "服务的身份，附在它发出的调用上（真实网格中是它的证书）")
        .strings("allow", &C::allow, Json::array(),
                 "Identities that may call the service; any other is refused. Empty: anyone",
                 "允许调用该服务的身份；其他身份一律拒绝。为空时不限")
        .duration("inbound_timeout", &C::inbound_timeout, "5s",
                  "How long an incoming request waits for the service",
                  "传入请求等待服务响应的时长", {.min = 1})
        .part(&C::resilience, ResilienceConfig::params(3, true));
    return list;
}

SidecarRole::SidecarRole(SidecarConfig config)
    : config_(std::move(config)), caller_(config_.resilience, kOpenTimer, kFirstBackoffTimer) {}

void SidecarRole::start(Context& ctx) {
    caller_.start(ctx);
}

void SidecarRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        ctx.log(LogLevel::Warn, "ignored the lab command \"" + msg.type + "\": a sidecar takes none");
        return;
    }
    if (msg.type != rr::kRequest) {
        ignore_stray_message(ctx, msg, rr::kReply);
        return;
    }
    if (msg.from == config_.service)
        outgoing(ctx, msg);
    else
        incoming(ctx, msg);
}

void SidecarRole::on_timer(Context& ctx, TimerId timer) {
    caller_.on_timer(ctx, timer);
}

void SidecarRole::outgoing(Context& ctx, const Message& msg) {
    ++outgoing_;
    ctx.count("outgoing");
    if (config_.upstream.empty()) {
        ctx.log(LogLevel::Warn, config_.service + " made a call, but its sidecar has no upstream to send it to");
        ctx.reply(msg, {{"ok", false}, {"error", "no upstream"}});
        return;
    }
    Json body = msg.body.is_object() ? msg.body : Json::object();
    if (!config_.identity.empty())
        body["identity"] = config_.identity;
    caller_.call(ctx, config_.upstream, std::move(body),
                 [request = msg](Context& c, Json answer) { c.reply(request, std::move(answer)); });
}

void SidecarRole::incoming(Context& ctx, const Message& msg) {
    ++received_;
    ctx.count("received");
    Json body = msg.body.is_object() ? msg.body : Json::object();
    std::string identity;
    if (auto it = body.find("identity"); it != body.end() && it->is_string())
        identity = it->get<std::string>();
    body.erase("identity");
    if (!config_.allow.empty() && std::find(config_.allow.begin(), config_.allow.end(), identity) == config_.allow.end()) {
        ++denied_;
        ctx.count("denied");
        ctx.log(LogLevel::Warn, "refused a request from " + msg.from + ": identity \"" + identity +
                                    "\" may not call " + config_.service + " (allowed: " + listed(config_.allow) + ")");
        Json answer = {{"ok", false}, {"error", "forbidden"}};
        if (body.contains("seq"))
            answer["seq"] = body["seq"];
        ctx.reply(msg, std::move(answer));
        return;
    }
    ++forwarded_;
    ctx.count("forwarded");
    ctx.call(config_.service, std::string(rr::kRequest), std::move(body), config_.inbound_timeout,
             [request = msg](Context& c, const CallOutcome& outcome) {
                 if (outcome.timed_out)
                     c.reply(request, {{"ok", false}, {"error", "timeout"}});
                 else
                     c.reply(request, outcome.reply.body);
             });
}

Json SidecarRole::snapshot() const {
    Json snap = {{"service", config_.service},
                 {"identity", config_.identity},
                 {"received", received_},
                 {"forwarded", forwarded_},
                 {"denied", denied_},
                 {"outgoing", outgoing_}};
    caller_.write(snap);
    return snap;
}

}  // namespace distlab::core::sidecar
