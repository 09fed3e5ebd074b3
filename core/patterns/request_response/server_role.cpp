#include "core/patterns/request_response/server_role.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

namespace distlab::core::request_response {

namespace {

constexpr TimerId kOutageStartTimer{1};
constexpr TimerId kOutageEndTimer{2};
constexpr std::uint32_t kFirstServiceTimer = 16;

// Draws from the RNG only when the probability is not zero, so a feature that is off leaves
// the random sequence of the others unchanged.
bool chance(std::mt19937_64& rng, double probability) {
    if (probability <= 0.0)
        return false;
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < probability;
}

Json reply_body(const RequestFields& fields, std::string_view error = {}) {
    Json body = {{"ok", error.empty()}};
    if (!error.empty())
        body["error"] = error;
    if (fields.seq)
        body["seq"] = *fields.seq;
    return body;
}

std::string describe(const Message& msg) {
    return "request " + std::to_string(msg.id) + " from " + msg.from;
}

}  // namespace

const ParamList<ServerConfig>& ServerConfig::params() {
    static const ParamList<ServerConfig> list = ParamList<ServerConfig>{}
        .duration("service_time", &ServerConfig::service_time, "10ms",
                  "Time one worker spends serving a request",
                  "一个工作线程处理一个请求所需的时间", {.min = 0})
        .duration("service_jitter", &ServerConfig::service_jitter, "0ms",
                  "Service time varies uniformly by up to this much either way",
                  "处理时间在正负此范围内均匀波动", {.min = 0})
        .integer("capacity", &ServerConfig::capacity, 4,
                 "Requests served at once (workers); more wait in the queue",
                 "同时处理的请求数（工作线程数），其余请求排队等待", {.min = 1, .max = 100000})
        .integer("queue_limit", &ServerConfig::queue_limit, 64,
                 "Requests that may wait; beyond it a request is rejected at once as overloaded",
                 "允许排队的请求数；超过时立即以“过载”拒绝", {.min = 0, .max = 1000000})
        .probability("fail_rate", &ServerConfig::fail_rate, 0.0,
                     "Probability that a served request is answered with an error",
                     "已处理的请求以错误响应的概率")
        .probability("drop_rate", &ServerConfig::drop_rate, 0.0,
                     "Probability that a served request is never answered (a lost reply)",
                     "已处理的请求永不响应的概率（响应丢失）")
        .probability("slow_rate", &ServerConfig::slow_rate, 0.0,
                     "Probability that a request takes slow_time instead of service_time",
                     "请求耗时为 slow_time 而非 service_time 的概率")
        .duration("slow_time", &ServerConfig::slow_time, "1s",
                  "Service time of a slow request",
                  "慢请求的处理时间", {.min = 0})
        .duration("down_from", &ServerConfig::down_from, "0ms",
                  "Start of the outage window (with down_until: a recovering server)",
                  "故障窗口的开始时刻（与 down_until 一起：一个会恢复的服务器）", {.min = 0})
        .duration("down_until", &ServerConfig::down_until, "0ms",
                  "End of the outage window; 0 with down_from set: it never recovers",
                  "故障窗口的结束时刻；为 0 且设置了 down_from 时永不恢复", {.min = 0})
        .choice("down_mode", &ServerConfig::down_mode, "fail",
                {{"fail", DownMode::Fail}, {"drop", DownMode::Drop}, {"stall", DownMode::Stall}},
                "During the outage: fail fast (error 'unavailable'), drop requests silently, or "
                "stall (requests queue up and wait for the recovery)",
                "故障期间：快速失败（错误“unavailable”）、静默丢弃请求，或停顿（请求排队等待恢复）");
    return list;
}

std::vector<PhaseSpec> server_phases() {
    return {{.name = "up", .tone = Tone::Healthy, .en = "up", .zh = "运行"},
            {.name = "down", .tone = Tone::Down, .en = "down", .zh = "宕机"}};
}

ServerRole::ServerRole(ServerConfig config)
    : config_(std::move(config)), timer_ids_(kFirstServiceTimer) {}

void ServerRole::start(Context& ctx) {
    ctx.phase("up", Text{"serving requests", "正在处理请求"});
    count_boot(ctx);
    publish_gauges(ctx);
    if (!config_.has_outage())
        return;
    const Duration now = ctx.now();
    const bool ends = config_.down_until > Duration(0);
    if (ends && now >= config_.down_until)
        return;                                      // (re)started after the window closed
    if (now >= config_.down_from)
        go_down(ctx);
    else
        ctx.set_timer(kOutageStartTimer, config_.down_from - now);
    if (ends)
        ctx.set_timer(kOutageEndTimer, config_.down_until - now);
}

void ServerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kRequest) {
        handle_request(ctx, msg);
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from +
                                ": a server only answers '" + std::string(kRequest) + "'");
}

void ServerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kOutageStartTimer)
        go_down(ctx);
    else if (timer == kOutageEndTimer)
        come_up(ctx);
    else
        finish_service(ctx, timer);
}

void ServerRole::count_boot(Context& ctx) {
    auto stored = ctx.storage().read("boots");
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the boot count: " + stored.error().message);
        return;
    }
    std::uint64_t previous = 0;
    if (*stored) {
        const Json parsed = Json::parse(**stored, nullptr, false);
        if (parsed.is_number_unsigned())
            previous = parsed.get<std::uint64_t>();
        else
            ctx.log(LogLevel::Warn, "the stored boot count is unreadable; counting from zero");
    }
    boots_ = previous + 1;
    if (auto written = ctx.storage().write("boots", std::to_string(boots_), /*sync=*/true); !written)
        ctx.log(LogLevel::Error, "cannot store the boot count: " + written.error().message);
}

Json ServerRole::snapshot() const {
    return {{"state", down_ ? "down" : "up"},
            {"boots", boots_},
            {"queue_depth", queue_.size()},
            {"in_service", in_service_.size()},
            {"capacity", config_.capacity},
            {"requests", requests_},
            {"successes", successes_},
            {"failures", failures_},
            {"rejections", rejections_},
            {"expired", expired_},
            {"dropped", dropped_}};
}

void ServerRole::handle_request(Context& ctx, const Message& msg) {
    ++requests_;
    ctx.count("requests");
    RequestFields fields = decode_request(msg.body);
    if (fields.malformed) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, describe(msg) + ": ignored a field of the wrong type in " +
                                    msg.body.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    if (down_ && config_.down_mode != DownMode::Stall) {
        answer_down(ctx, msg, fields);
        return;
    }
    Waiting waiting{msg, std::move(fields)};
    if (!down_ && std::ssize(in_service_) < config_.capacity) {
        begin_service(ctx, std::move(waiting));
    } else if (std::ssize(queue_) < config_.queue_limit) {
        queue_.push_back(std::move(waiting));
    } else {
        // Load shedding: a request that cannot be served soon is refused at once, cheaply,
        // so the caller may go elsewhere (Google SRE book, "Handling Overload").
        ++rejections_;
        ctx.count("rejections");
        ctx.reply(msg, reply_body(waiting.fields, kOverloaded));
    }
    publish_gauges(ctx);
}

void ServerRole::begin_service(Context& ctx, Waiting waiting) {
    // Deadline propagation (gRPC): the caller gave up at deadline_ns, so serving it now would
    // be work for nobody; drop it and give the worker to the next request.
    if (waiting.fields.deadline && ctx.now() >= *waiting.fields.deadline) {
        ++expired_;
        ctx.count("expired");
        return;
    }
    const Duration service = draw_service_time(ctx);
    Outcome outcome = Outcome::Reply;
    if (chance(ctx.rng(), config_.drop_rate))
        outcome = Outcome::Drop;
    else if (chance(ctx.rng(), config_.fail_rate))
        outcome = Outcome::Fail;
    const TimerId timer = timer_ids_.next();
    in_service_.insert_or_assign(static_cast<std::uint32_t>(timer),
                                 InService{std::move(waiting.request), std::move(waiting.fields), outcome});
    ctx.set_timer(timer, service);
}

Duration ServerRole::draw_service_time(Context& ctx) const {
    if (chance(ctx.rng(), config_.slow_rate))
        return config_.slow_time;
    Duration service = config_.service_time;
    if (config_.service_jitter > Duration(0)) {
        const auto j = config_.service_jitter.count();
        service += Duration(std::uniform_int_distribution<std::int64_t>(-j, j)(ctx.rng()));
    }
    return std::max(service, Duration(0));
}

void ServerRole::finish_service(Context& ctx, TimerId timer) {
    auto it = in_service_.find(static_cast<std::uint32_t>(timer));
    if (it == in_service_.end()) {
        ctx.log(LogLevel::Warn, "a service timer fired for no request in service");
        return;
    }
    InService done = std::move(it->second);
    in_service_.erase(it);
    if (down_ && config_.down_mode != DownMode::Stall) {
        answer_down(ctx, done.request, done.fields);
    } else {
        switch (done.outcome) {
        case Outcome::Reply:
            ++successes_;
            ctx.count("successes");
            ctx.reply(done.request, reply_body(done.fields));
            break;
        case Outcome::Fail:
            ++failures_;
            ctx.count("failures");
            ctx.reply(done.request, reply_body(done.fields, kFailed));
            break;
        case Outcome::Drop:
            ++dropped_;
            ctx.count("dropped");
            break;
        }
    }
    serve_queue(ctx);
    publish_gauges(ctx);
}

void ServerRole::serve_queue(Context& ctx) {
    while (!down_ && !queue_.empty() && std::ssize(in_service_) < config_.capacity) {
        Waiting next = std::move(queue_.front());
        queue_.pop_front();
        begin_service(ctx, std::move(next));
    }
}

void ServerRole::answer_down(Context& ctx, const Message& request, const RequestFields& fields) {
    if (config_.down_mode == DownMode::Fail) {
        ++failures_;
        ctx.count("failures");
        ctx.reply(request, reply_body(fields, kUnavailable));
    } else {
        ++dropped_;
        ctx.count("dropped");
    }
}

void ServerRole::go_down(Context& ctx) {
    if (down_)
        return;
    down_ = true;
    ctx.phase("down", Text{"the scheduled outage begins", "计划中的故障开始"});
    if (config_.down_mode == DownMode::Stall) {
        ctx.log(LogLevel::Info, "outage begins: the workers stall, requests queue up");
        return;
    }
    ctx.log(LogLevel::Info, std::string("outage begins: requests are ") +
                                (config_.down_mode == DownMode::Fail ? "failed fast" : "dropped") +
                                ", " + std::to_string(queue_.size()) + " queued ones too");
    for (const Waiting& waiting : queue_)
        answer_down(ctx, waiting.request, waiting.fields);
    queue_.clear();
    publish_gauges(ctx);
}

void ServerRole::come_up(Context& ctx) {
    if (!down_)
        return;
    down_ = false;
    ctx.phase("up", Text{"the scheduled outage is over", "计划中的故障结束"});
    ctx.log(LogLevel::Info, "outage over: serving requests again, " + std::to_string(queue_.size()) +
                                " waiting");
    serve_queue(ctx);
    publish_gauges(ctx);
}

void ServerRole::publish_gauges(Context& ctx) const {
    ctx.gauge("queue_depth", static_cast<double>(queue_.size()));
    ctx.gauge("in_service", static_cast<double>(in_service_.size()));
}

}  // namespace distlab::core::request_response
