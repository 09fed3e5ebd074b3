#include "core/patterns/sidecar/app_role.h"

#include <utility>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::sidecar {

namespace rr = request_response;

namespace {

constexpr TimerId kOpenTimer{1};
constexpr std::uint32_t kFirstBackoffTimer = 16;

}  // namespace

const ParamList<AppConfig>& AppConfig::params() {
    static const ParamList<AppConfig> list = ParamList<AppConfig>{}
        .node("upstream", &AppConfig::upstream, nullptr,
              "The service this one calls for every request: the next service, or its own sidecar",
              "本服务为每个请求调用的服务：下一个服务，或它自己的边车")
        .part(&AppConfig::resilience, ResilienceConfig::params(1, false));
    return list;
}

AppRole::AppRole(AppConfig config)
    : config_(std::move(config)), caller_(config_.resilience, kOpenTimer, kFirstBackoffTimer) {}

void AppRole::start(Context& ctx) {
    caller_.start(ctx);
}

void AppRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type != rr::kRequest) {
        ignore_stray_message(ctx, msg, rr::kReply);
        return;
    }
    ++received_;
    ctx.count("received");
    Json body = msg.body.is_object() ? msg.body : Json::object();
    caller_.call(ctx, config_.upstream, std::move(body),
                 [request = msg](Context& c, Json answer) { c.reply(request, std::move(answer)); });
}

void AppRole::on_timer(Context& ctx, TimerId timer) {
    caller_.on_timer(ctx, timer);
}

Json AppRole::snapshot() const {
    Json snap = {{"upstream", config_.upstream}, {"received", received_}};
    caller_.write(snap);
    return snap;
}

}  // namespace distlab::core::sidecar
