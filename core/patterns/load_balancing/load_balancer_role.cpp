#include "core/patterns/load_balancing/load_balancer_role.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::load_balancing {

namespace rr = request_response;

namespace {

constexpr TimerId kIntervalTimer{1};

const ParamList<OutlierSettings>& outlier_params() {
    static const ParamList<OutlierSettings> list = ParamList<OutlierSettings>{}
        .boolean("outlier_detection", &OutlierSettings::enabled, false,
                 "Eject a backend that answers with errors in a row, for a while (Envoy's outlier detection; "
                 "the defaults below are Envoy's)",
                 "连续返回错误的后端被暂时剔除（Envoy 的异常点检测；下面的默认值即 Envoy 的默认值）")
        .integer("consecutive_errors", &OutlierSettings::consecutive_errors, 5,
                 "Error answers in a row that eject a backend (Envoy's consecutive_5xx: 5)",
                 "连续多少次错误响应后剔除后端（Envoy 的 consecutive_5xx：5）", {.min = 1, .max = 1000000})
        .duration("ejection_interval", &OutlierSettings::interval, "10s",
                  "How often ejected backends whose time is up are let back (Envoy's interval: 10 s)",
                  "每隔多久把剔除时间已到的后端放回（Envoy 的 interval：10 秒）", {.min = 1})
        .duration("base_ejection_time", &OutlierSettings::base_ejection_time, "30s",
                  "A backend stays out this long times the number of times it was ejected (Envoy: 30 s)",
                  "后端被剔除的时长为此值乘以被剔除的次数（Envoy：30 秒）", {.min = 1})
        .duration("max_ejection_time", &OutlierSettings::max_ejection_time, "300s",
                  "The longest a backend stays out (Envoy: 300 s)",
                  "后端被剔除的最长时间（Envoy：300 秒）", {.min = 1})
        .integer("max_ejection_percent", &OutlierSettings::max_ejection_percent, 10,
                 "At most this percent of the backends are out at once, but one always may be (Envoy: 10 %)",
                 "同时被剔除的后端最多占此百分比，但至少允许剔除一个（Envoy：10%）", {.min = 0, .max = 100});
    return list;
}

const ParamList<SlowStartSettings>& slow_start_params() {
    static const ParamList<SlowStartSettings> list = ParamList<SlowStartSettings>{}
        .duration("slow_start_window", &SlowStartSettings::window, "0ms",
                  "A backend added while running gets a share of its weight that grows over this window "
                  "(Envoy's slow start); 0: off",
                  "运行中新加入的后端在此时间窗口内按比例逐步获得其权重（Envoy 的慢启动）；0 表示关闭", {.min = 0})
        .number("slow_start_aggression", &SlowStartSettings::aggression, 1.0,
                "How the share grows: 1 linearly; above 1 faster at first",
                "权重增长方式：1 为线性；大于 1 时前期增长更快", {.min = 0.01, .max = 100})
        .number("slow_start_min_weight_percent", &SlowStartSettings::min_weight_percent, 10.0,
                "The share of its weight a new backend gets at least (Envoy: 10 %)",
                "新后端至少获得的权重百分比（Envoy：10%）", {.min = 0, .max = 100});
    return list;
}

}  // namespace

const ParamList<BalancerSettings>& balancer_params() {
    static const ParamList<BalancerSettings> list = ParamList<BalancerSettings>{}
        .choice("algorithm", &BalancerSettings::algorithm, "round_robin",
                {{"round_robin", Algorithm::RoundRobin},
                 {"weighted_round_robin", Algorithm::WeightedRoundRobin},
                 {"weighted_random", Algorithm::WeightedRandom},
                 {"least_connections", Algorithm::LeastConnections},
                 {"least_request", Algorithm::LeastRequest},
                 {"consistent_hash", Algorithm::ConsistentHash},
                 {"shortest_response", Algorithm::ShortestResponse},
                 {"peak_ewma", Algorithm::PeakEwma}},
                "round_robin: in turn; weighted_round_robin: smooth weighted (nginx); weighted_random; "
                "least_connections: fewest in flight; least_request: the fewer in flight of two random "
                "(power of two choices); consistent_hash: by the request's key; shortest_response: least mean "
                "time x in flight; peak_ewma: the lower peak-EWMA latency x in flight of two random",
                "round_robin：轮询；weighted_round_robin：平滑加权轮询（nginx）；weighted_random：加权随机；"
                "least_connections：最少活跃请求；least_request：两个随机后端中活跃请求较少者（二选一）；"
                "consistent_hash：按请求的键做一致性哈希；shortest_response：平均响应时间 × 活跃数最小；"
                "peak_ewma：两个随机后端中峰值 EWMA 延迟 × 活跃数较小者")
        .integer("choice_count", &BalancerSettings::choice_count, 2,
                 "least_request: random draws compared (Envoy: 2)",
                 "least_request：比较的随机抽取次数（Envoy：2）", {.min = 1, .max = 100})
        .integer("hash_vnodes", &BalancerSettings::hash_vnodes, 160,
                 "consistent_hash: virtual nodes per backend on the ring (Dubbo: 160)",
                 "consistent_hash：每个后端在哈希环上的虚拟节点数（Dubbo：160）", {.min = 1, .max = 10000})
        .duration("response_window", &BalancerSettings::response_window, "30s",
                  "shortest_response: the statistics start again this often (Dubbo: 30 s)",
                  "shortest_response：统计数据每隔此时间重新开始（Dubbo：30 秒）", {.min = 1})
        .duration("ewma_decay", &BalancerSettings::ewma_decay, "10s",
                  "peak_ewma: the time constant of the moving average; a faster answer this long after "
                  "the last one weighs about 63 %",
                  "peak_ewma：移动平均的时间常数；距上次响应这么久后的一次更快响应约占 63% 的权重", {.min = 1})
        .duration("ewma_penalty", &BalancerSettings::ewma_penalty, "1s",
                  "peak_ewma: the cost of a backend with requests in flight that has not answered yet",
                  "peak_ewma：有请求在途但尚未响应过的后端的代价", {.min = 0})
        .part(&BalancerSettings::outlier, outlier_params())
        .part(&BalancerSettings::slow_start, slow_start_params());
    return list;
}

namespace {

std::string seconds(Duration d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2fs", to_ms(d) / 1000.0);
    return text;
}

}  // namespace

const ParamList<LoadBalancerConfig>& LoadBalancerConfig::params() {
    static const ParamList<LoadBalancerConfig> list = ParamList<LoadBalancerConfig>{}
        .nodes("backends", &LoadBalancerConfig::backends, nullptr,
               "The backends requests are spread over",
               "请求被分发到的后端")
        .strings("weights", &LoadBalancerConfig::weights, Json::array(),
                 "Weights as node=weight (b1=5); a backend not named weighs 100 (Dubbo's default)",
                 "权重，写作 节点=权重（b1=5）；未列出的后端权重为 100（Dubbo 的默认值）")
        .duration("timeout", &LoadBalancerConfig::timeout, "1s",
                  "How long a forwarded request waits for its backend; then the caller gets a timeout error",
                  "转发的请求等待后端的时长；超时后调用方收到超时错误", {.min = 1})
        .part(&LoadBalancerConfig::balancer, balancer_params());
    return list;
}

std::vector<PhaseSpec> load_balancer_phases() {
    return {{.name = "balancing", .tone = Tone::Healthy, .en = "balancing", .zh = "均衡中"},
            {.name = "ejecting", .tone = Tone::Warning, .en = "backend ejected", .zh = "已剔除后端"},
            {.name = "no-backend", .tone = Tone::Failing, .en = "no backend", .zh = "无可用后端"}};
}

LoadBalancerRole::LoadBalancerRole(LoadBalancerConfig config)
    : config_(std::move(config)), balancer_(config_.balancer, {}) {
    WeightsParse weights = parse_weights(config_.backends, config_.weights);
    balancer_ = Balancer(config_.balancer, std::move(weights.backends));
    problems_ = std::move(weights.problems);
}

void LoadBalancerRole::start(Context& ctx) {
    update_phase(ctx, Text{"spreading requests over ", "按 "} +
                          Text{std::to_string(balancer_.backends().size()) + " backends by " + std::string(to_string(config_.balancer.algorithm)),
                               std::string(to_string(config_.balancer.algorithm)) + " 把请求分给 " +
                                   std::to_string(balancer_.backends().size()) + " 个后端"});
    for (const Text& problem : problems_)
        ctx.violation("load-balancer " + ctx.self() + Text{": ", "："} + problem);
    if (config_.balancer.outlier.enabled)
        ctx.set_timer(kIntervalTimer, config_.balancer.outlier.interval);
    publish_gauges(ctx);
}

void LoadBalancerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        handle_command(ctx, msg);
        return;
    }
    if (msg.type == rr::kRequest) {
        forward(ctx, msg);
        return;
    }
    if (msg.type == rr::kReply) {
        // A backend's answer after its call timed out: the caller was told already, but the
        // answer still tells about the backend.
        ctx.count("late_replies");
        if (const auto index = balancer_.find(msg.from)) {
            const bool ok = rr::decode_reply(msg.body).kind == rr::ReplyKind::Ok;
            if (const auto ejection = balancer_.late_answer(*index, ctx.now(), ok))
                ejected(ctx, msg.from, *ejection);
        }
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from +
                                ": a load balancer only forwards '" + std::string(rr::kRequest) + "'");
}

void LoadBalancerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kIntervalTimer)
        return;
    for (std::size_t i : balancer_.return_due(ctx.now()))
        ctx.log(LogLevel::Info, balancer_.backends()[i].id + " is back in the pool: its ejection time is up");
    update_phase(ctx, Text{"the ejection interval's sweep", "剔除周期的例行检查"});
    publish_gauges(ctx);
    ctx.set_timer(kIntervalTimer, config_.balancer.outlier.interval);
}

void LoadBalancerRole::forward(Context& ctx, const Message& msg) {
    ++requests_;
    ctx.count("requests");
    const rr::RequestFields fields = rr::decode_request(msg.body);
    std::string key = msg.from;
    if (msg.body.is_object()) {
        if (auto it = msg.body.find("key"); it != msg.body.end() && it->is_string())
            key = it->get<std::string>();
        else if (it != msg.body.end() && it->is_number())
            key = it->dump();
        else if (fields.seq)
            key = std::to_string(*fields.seq);
    }
    const Duration now = ctx.now();
    const auto chosen = balancer_.pick(now, ctx.rng(), key);
    if (!chosen) {
        ++no_backend_;
        ctx.count("no_backend");
        Json body = {{"ok", false}, {"error", rr::kUnavailable}};
        if (fields.seq)
            body["seq"] = *fields.seq;
        ctx.reply(msg, std::move(body));
        return;
    }
    const NodeId backend = balancer_.backends()[*chosen].id;
    Duration wait = config_.timeout;
    if (fields.deadline)
        wait = std::clamp(*fields.deadline - now, Duration(1ms), wait);
    ctx.count("forwarded");
    ctx.call(backend, std::string(rr::kRequest), msg.body, wait,
             [this, request = msg, backend, now](Context& c, const CallOutcome& outcome) {
                 finish(c, request, backend, now, outcome);
             });
    publish_gauges(ctx);
}

void LoadBalancerRole::finish(Context& ctx, const Message& request, const NodeId& backend, Duration sent_at,
                              const CallOutcome& outcome) {
    const Duration now = ctx.now();
    Outcome result = Outcome::Timeout;
    Json body;
    if (outcome.timed_out) {
        ++timeouts_;
        ctx.count("upstream_timeouts");
        body = {{"ok", false}, {"error", "timeout"}, {"backend", backend}};
        const rr::RequestFields fields = rr::decode_request(request.body);
        if (fields.seq)
            body["seq"] = *fields.seq;
    } else {
        result = rr::decode_reply(outcome.reply.body).kind == rr::ReplyKind::Ok ? Outcome::Ok : Outcome::Error;
        body = outcome.reply.body.is_object() ? outcome.reply.body : Json{{"ok", false}, {"error", "malformed reply"}};
        if (!body.contains("backend"))
            body["backend"] = backend;
    }
    // A backend removed meanwhile is no longer the balancer's business.
    if (const auto index = balancer_.find(backend)) {
        if (const auto ejection = balancer_.ended(*index, now, now - sent_at, result))
            ejected(ctx, backend, *ejection);
    }
    ctx.reply(request, std::move(body));
    publish_gauges(ctx);
}

void LoadBalancerRole::ejected(Context& ctx, const NodeId& backend, const Ejection& ejection) {
    ++ejections_;
    ctx.count("ejections");
    ctx.log(LogLevel::Info, backend + " ejected after " + std::to_string(ejection.errors) +
                                " error answers in a row, until " + seconds(ejection.until));
    update_phase(ctx, backend + Text{" answered ", " 连续返回 "} + std::to_string(ejection.errors) + Text{" errors in a row", " 次错误"});
}

void LoadBalancerRole::handle_command(Context& ctx, const Message& msg) {
    const Json& body = msg.body;
    const auto id = body.is_object() && body.contains("id") && body["id"].is_string()
                        ? std::optional(body["id"].get<std::string>())
                        : std::nullopt;
    if (msg.type != "add_backend" && msg.type != "remove_backend") {
        ctx.log(LogLevel::Warn, "ignored the lab command \"" + msg.type +
                                    "\": a load balancer knows add_backend and remove_backend");
        return;
    }
    if (!id) {
        ctx.log(LogLevel::Warn, "ignored the lab command " + msg.type + ": its body needs an id, the backend's node");
        return;
    }
    if (msg.type == "remove_backend") {
        if (!balancer_.remove(*id)) {
            ctx.log(LogLevel::Warn, "ignored remove_backend: " + *id + " is not a backend");
            return;
        }
        ctx.log(LogLevel::Info, *id + " removed from the pool");
        update_phase(ctx, *id + Text{" removed", " 已移除"});
        publish_gauges(ctx);
        return;
    }
    std::int64_t weight = 100;
    if (body.contains("weight")) {
        if (!body["weight"].is_number_integer() || body["weight"].get<std::int64_t>() < 1 ||
            body["weight"].get<std::int64_t>() > 1000000) {
            ctx.log(LogLevel::Warn, "ignored add_backend " + *id + ": weight " + body["weight"].dump() +
                                        " is not an integer from 1 to 1000000");
            return;
        }
        weight = body["weight"].get<std::int64_t>();
    }
    if (ctx.role_of(*id).empty()) {
        ctx.log(LogLevel::Warn, "ignored add_backend: " + *id + " is not a node of this lab");
        return;
    }
    if (!balancer_.add(*id, weight, ctx.now())) {
        ctx.log(LogLevel::Warn, "ignored add_backend: " + *id + " is a backend already");
        return;
    }
    ctx.log(LogLevel::Info, *id + " added to the pool with weight " + std::to_string(weight) +
                                (config_.balancer.slow_start.window > Duration(0)
                                     ? ", ramping up over " + seconds(config_.balancer.slow_start.window)
                                     : std::string()));
    update_phase(ctx, *id + Text{" added", " 已加入"});
    publish_gauges(ctx);
}

void LoadBalancerRole::update_phase(Context& ctx, Text reason) {
    const std::size_t total = balancer_.backends().size(), out = balancer_.ejected();
    if (total == out)
        ctx.phase("no-backend", std::move(reason));
    else if (out > 0)
        ctx.phase("ejecting", std::move(reason));
    else
        ctx.phase("balancing", std::move(reason));
}

Json LoadBalancerRole::snapshot() const {
    Json backends = Json::array();
    for (const BackendState& b : balancer_.backends()) {
        Json entry = {{"id", b.id},       {"weight", b.weight},       {"active", b.active},
                      {"picks", b.picks}, {"successes", b.successes}, {"errors", b.errors},
                      {"timeouts", b.timeouts}, {"ejected", b.ejected_until.has_value()}};
        if (config_.balancer.algorithm == Algorithm::PeakEwma)
            entry["ewma_ms"] = b.ewma_ms;
        backends.push_back(std::move(entry));
    }
    const std::size_t total = balancer_.backends().size(), out = balancer_.ejected();
    return {{"state", total == out ? "no-backend" : out > 0 ? "ejecting" : "balancing"},
            {"algorithm", to_string(config_.balancer.algorithm)},
            {"requests", requests_},
            {"no_backend", no_backend_},
            {"timeouts", timeouts_},
            {"ejections", ejections_},
            {"ejected", out},
            {"backend_count", total},
            {"backends", std::move(backends)}};
}

void LoadBalancerRole::publish_gauges(Context& ctx) const {
    std::int64_t in_flight = 0;
    for (const BackendState& b : balancer_.backends())
        in_flight += b.active;
    ctx.gauge("in_flight", static_cast<double>(in_flight));
    ctx.gauge("ejected", static_cast<double>(balancer_.ejected()));
}

}  // namespace distlab::core::load_balancing
