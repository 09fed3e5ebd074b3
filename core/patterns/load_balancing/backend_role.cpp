#include "core/patterns/load_balancing/backend_role.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>

#include "core/host/role_driver.h"

namespace distlab::core::load_balancing {

namespace rr = request_response;

namespace {

constexpr std::uint32_t kFirstServiceTimer = 16;

bool chance(std::mt19937_64& rng, double probability) {
    if (probability <= 0.0)
        return false;
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < probability;
}

std::string factor_text(double factor) {
    std::string text = std::to_string(factor);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.')
        text.pop_back();
    return text;
}

}  // namespace

const ParamList<BackendConfig>& BackendConfig::params() {
    static const ParamList<BackendConfig> list = ParamList<BackendConfig>{}
        .duration("latency", &BackendConfig::latency, "10ms",
                  "Service time of a request: the value (fixed), the centre (uniform), the mean (exponential) "
                  "or the median (lognormal)",
                  "一个请求的处理时间：固定值（fixed）、中心值（uniform）、均值（exponential）或中位数（lognormal）",
                  {.min = 0})
        .choice("distribution", &BackendConfig::distribution, "fixed",
                {{"fixed", LatencyDistribution::Fixed},
                 {"uniform", LatencyDistribution::Uniform},
                 {"exponential", LatencyDistribution::Exponential},
                 {"lognormal", LatencyDistribution::LogNormal}},
                "How service times spread around latency",
                "处理时间围绕 latency 的分布方式")
        .duration("spread", &BackendConfig::spread, "0ms",
                  "uniform: service times vary by up to this much either way",
                  "uniform：处理时间在正负此范围内均匀波动", {.min = 0})
        .number("sigma", &BackendConfig::sigma, 0.5,
                "lognormal: the shape (standard deviation of the logarithm); larger is a longer tail",
                "lognormal：形状参数（对数的标准差）；越大尾部越长", {.min = 0, .max = 3})
        .integer("capacity", &BackendConfig::capacity, 8,
                 "Requests served at once (workers); more wait in the queue",
                 "同时处理的请求数（工作线程数），其余请求排队等待", {.min = 1, .max = 100000})
        .integer("queue_limit", &BackendConfig::queue_limit, 1000,
                 "Requests that may wait; beyond it a request is refused at once as overloaded",
                 "允许排队的请求数；超过时立即以“过载”拒绝", {.min = 0, .max = 1000000})
        .probability("error_rate", &BackendConfig::error_rate, 0.0,
                     "Probability that a request is answered with an error instead of being served",
                     "请求不被处理而直接以错误响应的概率")
        .duration("error_latency", &BackendConfig::error_latency, "1ms",
                  "How soon an error is answered, without taking a worker (a fast failure)",
                  "错误响应的耗时，不占用工作线程（快速失败）", {.min = 0})
        .duration("warm_up", &BackendConfig::warm_up, "0ms",
                  "Cold for this long after its first request: service times start cold_factor times longer "
                  "and fall linearly to normal (a JVM warming up); 0: always warm",
                  "收到第一个请求后的预热时长：处理时间起初为 cold_factor 倍，随后线性降到正常（如 JVM 预热）；"
                  "0 表示始终已预热", {.min = 0})
        .number("cold_factor", &BackendConfig::cold_factor, 10.0,
                "warm_up: how many times longer the first request takes",
                "warm_up：第一个请求的耗时是正常的多少倍", {.min = 1, .max = 1000});
    return list;
}

std::vector<PhaseSpec> backend_phases() {
    return {{.name = "normal", .tone = Tone::Healthy, .en = "normal", .zh = "正常"},
            {.name = "slow", .tone = Tone::Warning, .en = "slow", .zh = "变慢"},
            {.name = "failing", .tone = Tone::Failing, .en = "failing", .zh = "出错"}};
}

BackendRole::BackendRole(BackendConfig config)
    : config_(std::move(config)), error_rate_(config_.error_rate), timer_ids_(kFirstServiceTimer) {}

void BackendRole::start(Context& ctx) {
    announce(ctx, Text{"serving requests", "正在处理请求"});
    publish_gauges(ctx);
}

void BackendRole::announce(Context& ctx, Text reason) {
    if (error_rate_ > config_.error_rate)
        ctx.phase("failing", std::move(reason));
    else if (latency_factor_ > 1.0)
        ctx.phase("slow", std::move(reason));
    else
        ctx.phase("normal", std::move(reason));
}

void BackendRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        handle_command(ctx, msg);
        return;
    }
    if (msg.type == rr::kRequest) {
        handle_request(ctx, msg);
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from + ": a backend only answers '" +
                                std::string(rr::kRequest) + "'");
}

void BackendRole::handle_command(Context& ctx, const Message& msg) {
    if (msg.type == "recover") {
        latency_factor_ = 1.0;
        error_rate_ = config_.error_rate;
        ctx.log(LogLevel::Info, "recovered: service times and errors as configured");
        announce(ctx, Text{"the lab's recover command", "实验室的恢复命令"});
        return;
    }
    if (msg.type != "degrade") {
        ctx.log(LogLevel::Warn, "ignored the lab command \"" + msg.type + "\": a backend knows degrade and recover");
        return;
    }
    const Json& body = msg.body;
    if (!body.is_null() && !body.is_object()) {
        ctx.log(LogLevel::Warn, "ignored the degrade command: its body must be a mapping, not " + body.dump());
        return;
    }
    double factor = latency_factor_, rate = error_rate_;
    if (body.is_object()) {
        for (const auto& [key, value] : body.items()) {
            if (key == "latency_factor" && value.is_number() && value.get<double>() >= 1.0 && value.get<double>() <= 1000.0)
                factor = value.get<double>();
            else if (key == "error_rate" && value.is_number() && value.get<double>() >= 0.0 && value.get<double>() <= 1.0)
                rate = value.get<double>();
            else {
                ctx.log(LogLevel::Warn, "ignored the degrade command: " + key + ": " + value.dump() +
                                            " is not a latency_factor from 1 to 1000 or an error_rate from 0 to 1");
                return;
            }
        }
    }
    latency_factor_ = factor;
    error_rate_ = rate;
    ctx.log(LogLevel::Info, "degraded: service times x" + factor_text(factor) + ", error rate " + factor_text(rate));
    announce(ctx, Text{"the lab's degrade command: latency x", "实验室的降级命令：延迟 x"} + factor_text(factor) +
                      Text{", error rate ", "，错误率 "} + factor_text(rate));
}

void BackendRole::on_timer(Context& ctx, TimerId timer) {
    auto it = in_service_.find(static_cast<std::uint32_t>(timer));
    if (it == in_service_.end())
        return;
    Work done = std::move(it->second);
    in_service_.erase(it);
    Json body = {{"ok", !done.error}, {"backend", ctx.self()}};
    if (done.error)
        body["error"] = rr::kFailed;
    if (done.fields.seq)
        body["seq"] = *done.fields.seq;
    if (done.error) {
        ++errors_;
        ctx.count("errors");
    } else {
        --busy_;
        ++successes_;
        ctx.count("successes");
    }
    ctx.reply(done.request, std::move(body));
    while (busy_ < config_.capacity && !queue_.empty()) {
        Work next = std::move(queue_.front());
        queue_.pop_front();
        begin(ctx, std::move(next));
    }
    publish_gauges(ctx);
}

void BackendRole::handle_request(Context& ctx, const Message& msg) {
    ++requests_;
    ctx.count("requests");
    if (!first_request_)
        first_request_ = ctx.now();
    Work work{msg, rr::decode_request(msg.body), false};
    if (chance(ctx.rng(), error_rate_)) {
        work.error = true;
        const TimerId timer = timer_ids_.next();
        in_service_.insert_or_assign(static_cast<std::uint32_t>(timer), std::move(work));
        ctx.set_timer(timer, config_.error_latency);
    } else if (busy_ < config_.capacity) {
        begin(ctx, std::move(work));
    } else if (std::ssize(queue_) < config_.queue_limit) {
        queue_.push_back(std::move(work));
    } else {
        ++rejections_;
        ctx.count("rejections");
        Json body = {{"ok", false}, {"error", rr::kOverloaded}, {"backend", ctx.self()}};
        if (work.fields.seq)
            body["seq"] = *work.fields.seq;
        ctx.reply(msg, std::move(body));
    }
    publish_gauges(ctx);
}

void BackendRole::begin(Context& ctx, Work work) {
    ++busy_;
    const TimerId timer = timer_ids_.next();
    in_service_.insert_or_assign(static_cast<std::uint32_t>(timer), std::move(work));
    ctx.set_timer(timer, draw_latency(ctx));
}

Duration BackendRole::draw_latency(Context& ctx) const {
    const double base_ms = to_ms(config_.latency);
    double ms = base_ms;
    switch (config_.distribution) {
    case LatencyDistribution::Fixed:
        break;
    case LatencyDistribution::Uniform: {
        const double s = to_ms(config_.spread);
        if (s > 0)
            ms = std::uniform_real_distribution<double>(base_ms - s, base_ms + s)(ctx.rng());
        break;
    }
    case LatencyDistribution::Exponential:
        if (base_ms > 0)
            ms = std::exponential_distribution<double>(1.0 / base_ms)(ctx.rng());
        break;
    case LatencyDistribution::LogNormal:
        if (base_ms > 0 && config_.sigma > 0)
            ms = std::lognormal_distribution<double>(std::log(base_ms), config_.sigma)(ctx.rng());
        break;
    }
    ms = std::max(0.0, ms) * latency_factor_ * warmth_factor(ctx.now());
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
}

double BackendRole::warmth_factor(Duration now) const {
    if (config_.warm_up <= Duration(0) || !first_request_)
        return 1.0;
    const double cold = 1.0 - to_ms(now - *first_request_) / to_ms(config_.warm_up);
    return 1.0 + (config_.cold_factor - 1.0) * std::max(0.0, cold);
}

Json BackendRole::snapshot() const {
    return {{"state", error_rate_ > config_.error_rate ? "failing" : latency_factor_ > 1.0 ? "slow" : "normal"},
            {"latency_factor", latency_factor_},
            {"error_rate", error_rate_},
            {"busy", busy_},
            {"capacity", config_.capacity},
            {"queue_depth", queue_.size()},
            {"requests", requests_},
            {"successes", successes_},
            {"errors", errors_},
            {"rejections", rejections_}};
}

void BackendRole::publish_gauges(Context& ctx) const {
    ctx.gauge("busy", static_cast<double>(busy_));
    ctx.gauge("queue_depth", static_cast<double>(queue_.size()));
}

}  // namespace distlab::core::load_balancing
