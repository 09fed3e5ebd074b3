#include "core/patterns/rpc/rpc_server_role.h"

#include <algorithm>
#include <random>

namespace distlab::core::rpc {

namespace {

// The server's own timers (service and deadline) count up from here; its Caller's from
// kFirstCallerTimer, two billion ids later, so the ranges never meet in a run.
constexpr std::uint32_t kFirstJobTimer = 16;
constexpr std::uint32_t kFirstCallerTimer = 0x80000000u;

bool chance(std::mt19937_64& rng, double probability) {
    if (probability <= 0.0)
        return false;
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < probability;
}

std::vector<std::pair<std::string, std::string>> method_choices() {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const std::string& name : method_names())
        choices.emplace_back(name, name);
    return choices;
}

std::string catalog_text() {
    std::string out;
    for (const Method& m : methods()) {
        if (!out.empty())
            out += "; ";
        out += signature(m);
    }
    return out;
}

}  // namespace

const ParamList<RpcServerConfig>& RpcServerConfig::params() {
    using C = RpcServerConfig;
    static const std::string catalog = catalog_text();
    static const ParamList<C> list = ParamList<C>{}
        .choice("method", &C::method, "ReadStock", method_choices(),
                "The typed method this server serves (" + catalog + ")",
                "此服务端提供的强类型方法（" + catalog + "）")
        .duration("service_time", &C::service_time, "20ms",
                  "Time one worker spends on a call before any downstream call",
                  "一个工作线程处理一次调用所需的时间（不含下游调用）", {.min = 0})
        .duration("service_jitter", &C::service_jitter, "0ms",
                  "Service time varies uniformly by up to this much either way",
                  "处理时间在正负此范围内均匀波动", {.min = 0})
        .probability("slow_rate", &C::slow_rate, 0.0,
                     "Probability that a call takes slow_time instead of service_time (a GC pause, a cold cache)",
                     "一次调用耗时为 slow_time 而非 service_time 的概率（GC 停顿、缓存未命中）")
        .duration("slow_time", &C::slow_time, "1s", "Service time of a slow call", "慢调用的处理时间", {.min = 0})
        .probability("fail_rate", &C::fail_rate, 0.0,
                     "Probability that a call is answered unavailable after its service time",
                     "一次调用在处理之后以 unavailable 响应的概率")
        .integer("capacity", &C::capacity, 4,
                 "Calls worked on at once (workers, held during the downstream call); more wait in the queue",
                 "同时处理的调用数（工作线程数，下游调用期间一直占用）；其余调用排队等待", {.min = 1, .max = 100000})
        .integer("queue_limit", &C::queue_limit, 64,
                 "Calls that may wait; beyond it a call is answered unavailable at once",
                 "允许排队的调用数；超过时立即以 unavailable 响应", {.min = 0, .max = 1000000})
        .nodes("downstream", &C::downstream, Json::array(),
               "Servers this one calls for every call it serves, in turn (empty: a leaf)",
               "此服务端处理每次调用时依次调用的下游服务端（为空表示叶子节点）")
        .choice("downstream_method", &C::downstream_method, "ReadStock", method_choices(),
                "The method it calls downstream", "它调用的下游方法")
        .part(&C::policy, CallPolicy::params());
    return list;
}

RpcServerRole::RpcServerRole(RpcServerConfig config)
    : config_(std::move(config)),
      method_(find_method(config_.method)),
      downstream_method_(find_method(config_.downstream_method)),
      caller_(config_.policy, config_.downstream, kFirstCallerTimer),
      timer_ids_(kFirstJobTimer) {
    // The parameters are choices of the catalog; a name outside it only reaches here unvalidated.
    if (!method_)
        method_ = &methods().front();
    if (!downstream_method_)
        downstream_method_ = &methods().front();
}

void RpcServerRole::start(Context& ctx) {
    publish_gauges(ctx);
}

void RpcServerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kCall) {
        handle_call(ctx, msg);
        return;
    }
    if (msg.type == kCancel) {
        handle_cancel(ctx, msg);
        return;
    }
    ignore_stray_message(ctx, msg, kReply);
}

void RpcServerRole::on_timer(Context& ctx, TimerId timer) {
    if (caller_.on_timer(ctx, timer))
        return;
    auto it = timers_.find(static_cast<std::uint32_t>(timer));
    if (it == timers_.end())
        return;
    const std::uint64_t key = it->second;
    timers_.erase(it);
    auto job = jobs_.find(key);
    if (job == jobs_.end())
        return;
    if (job->second.service_timer == static_cast<std::uint32_t>(timer)) {
        job->second.service_timer.reset();
        service_done(ctx, key);
        return;
    }
    job->second.deadline_timer.reset();
    ctx.count("expired");
    end_job(ctx, key, Status::DeadlineExceeded,
            job->second.working ? "the propagated deadline passed during the work"
                                : "the propagated deadline passed in the queue; no work started");
}

Json RpcServerRole::snapshot() const {
    Json statuses = Json::object();
    for (const auto& [status, n] : answered_)
        statuses[std::string(to_string(status))] = n;
    Json snap = {{"method", signature(*method_)},
                 {"busy", busy_},
                 {"capacity", config_.capacity},
                 {"queued", queue_.size()},
                 {"requests", requests_},
                 {"work_started", work_started_},
                 {"answers", std::move(statuses)}};
    if (!config_.downstream.empty()) {
        Json downstream = {{"method", config_.downstream_method}, {"in_flight", caller_.in_flight()}};
        caller_.write(downstream);
        snap["downstream"] = std::move(downstream);
    }
    return snap;
}

void RpcServerRole::handle_call(Context& ctx, const Message& msg) {
    ++requests_;
    ctx.count("requests");
    if (config_.downstream.empty())
        ctx.count("leaf_requests");
    const CallFields fields = decode_call(msg.body);
    if (fields.problem) {
        ctx.count("invalid");
        answer_at_once(ctx, msg, fields, Status::InvalidArgument, *fields.problem);
        return;
    }
    if (fields.method != method_->name) {
        answer_at_once(ctx, msg, fields, Status::Unimplemented,
                       "method " + fields.method + " is not served here; this server serves " + signature(*method_));
        return;
    }
    if (auto problem = check_fields(method_->request, fields.args, "args")) {
        ctx.count("invalid");
        answer_at_once(ctx, msg, fields, Status::InvalidArgument, *problem + " (" + signature(*method_) + ")");
        return;
    }
    if (fields.timeout && *fields.timeout <= Duration(0)) {
        ctx.count("expired");
        answer_at_once(ctx, msg, fields, Status::DeadlineExceeded, "arrived with no budget left");
        return;
    }
    const auto call_key = std::make_pair(msg.from, fields.call);
    if (by_call_.contains(call_key)) {
        ctx.count("duplicates");
        return;   // the same attempt twice (a duplicated message): the first one is answered
    }
    if (busy_ >= config_.capacity && static_cast<std::int64_t>(queue_.size()) >= config_.queue_limit) {
        ctx.count("rejected");
        answer_at_once(ctx, msg, fields, Status::Unavailable,
                       "overloaded: " + std::to_string(busy_) + " calls in work and " +
                           std::to_string(queue_.size()) + " queued");
        return;
    }
    const std::uint64_t key = ++next_key_;
    Job job{.request = msg, .fields = fields};
    if (fields.timeout) {
        job.deadline = ctx.now() + *fields.timeout;
        const TimerId timer = timer_ids_.next();
        job.deadline_timer = static_cast<std::uint32_t>(timer);
        timers_.emplace(*job.deadline_timer, key);
        ctx.set_timer(timer, *fields.timeout);
    }
    jobs_.emplace(key, std::move(job));
    by_call_.emplace(call_key, key);
    queue_.push_back(key);
    serve_queue(ctx);
    publish_gauges(ctx);
}

void RpcServerRole::handle_cancel(Context& ctx, const Message& msg) {
    const auto call = msg.body.is_object() && msg.body.contains("call") && msg.body["call"].is_number_integer()
                          ? std::optional<std::int64_t>(msg.body["call"].get<std::int64_t>())
                          : std::nullopt;
    if (!call) {
        ctx.count("malformed_cancels");
        ctx.log(LogLevel::Warn, "ignored an rpc_cancel from " + msg.from + ": call: expected int");
        return;
    }
    auto it = by_call_.find({msg.from, *call});
    if (it == by_call_.end()) {
        ctx.count("cancels_too_late");   // answered already, or never received
        return;
    }
    ctx.count("cancelled");
    end_job(ctx, it->second, Status::Cancelled, "cancelled by the caller");
}

void RpcServerRole::serve_queue(Context& ctx) {
    if (serving_)
        return;   // end_job() below comes back here: the loop goes on instead
    serving_ = true;
    while (busy_ < config_.capacity && !queue_.empty()) {
        const std::uint64_t key = queue_.front();
        const Job& job = jobs_.at(key);
        // Its deadline timer may not have fired yet (a busy host): never start work past it.
        if (job.deadline && ctx.now() >= *job.deadline) {
            ctx.count("expired");
            end_job(ctx, key, Status::DeadlineExceeded, "the propagated deadline passed in the queue; no work started");
            continue;
        }
        queue_.pop_front();
        begin_work(ctx, key);
    }
    serving_ = false;
}

void RpcServerRole::begin_work(Context& ctx, std::uint64_t key) {
    Job& job = jobs_.at(key);
    ++busy_;
    ++work_started_;
    ctx.count("work_started");
    job.working = true;
    job.started = ctx.now();
    job.fail = chance(ctx.rng(), config_.fail_rate);
    const TimerId timer = timer_ids_.next();
    job.service_timer = static_cast<std::uint32_t>(timer);
    timers_.emplace(*job.service_timer, key);
    ctx.set_timer(timer, draw_service_time(ctx));
}

void RpcServerRole::service_done(Context& ctx, std::uint64_t key) {
    Job& job = jobs_.at(key);
    if (job.fail) {
        end_job(ctx, key, Status::Unavailable, "failed (fail_rate)");
        return;
    }
    if (config_.downstream.empty()) {
        end_job(ctx, key, Status::Ok, {}, make_reply(*method_, ctx.rng()));
        return;
    }
    // The call may end before start() returns (no budget left), taking the job with it.
    const std::uint64_t downstream = caller_.start(
        ctx, *downstream_method_, make_args(*downstream_method_, ctx.rng()), job.fields.origin, job.deadline,
        [this, key](Context& c, const Caller::Result& result) {
            auto it = jobs_.find(key);
            if (it == jobs_.end())
                return;
            it->second.downstream.reset();
            if (result.status == Status::Ok) {
                end_job(c, key, Status::Ok, {}, make_reply(*method_, c.rng()));
                return;
            }
            end_job(c, key, result.status, config_.downstream_method + " downstream: " + result.message);
        });
    if (auto it = jobs_.find(key); it != jobs_.end())
        it->second.downstream = downstream;
}

void RpcServerRole::end_job(Context& ctx, std::uint64_t key, Status status, std::string message, Json reply) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    Job job = std::move(it->second);
    jobs_.erase(it);
    by_call_.erase({job.request.from, job.fields.call});
    for (const auto& timer : {job.service_timer, job.deadline_timer})
        if (timer) {
            ctx.cancel_timer(static_cast<TimerId>(*timer));
            timers_.erase(*timer);
        }
    if (job.downstream)
        caller_.abandon(ctx, *job.downstream);
    if (job.working)
        --busy_;
    else
        std::erase(queue_, key);

    Json body = reply_body(status, message);
    if (status == Status::Ok)
        body["reply"] = std::move(reply);
    if (job.fields.origin)
        body["origin"] = job.fields.origin->to_json();
    if (job.started) {
        body["started_ns"] = job.started->count();
        body["ended_ns"] = ctx.now().count();
    }
    ++answered_[status];
    ctx.count("status_" + std::string(to_string(status)));
    ctx.reply(job.request, std::move(body));
    serve_queue(ctx);
    publish_gauges(ctx);
}

void RpcServerRole::answer_at_once(Context& ctx, const Message& msg, const CallFields& fields, Status status,
                                   const std::string& message) {
    Json body = reply_body(status, message);
    if (fields.origin)
        body["origin"] = fields.origin->to_json();
    ++answered_[status];
    ctx.count("status_" + std::string(to_string(status)));
    ctx.reply(msg, std::move(body));
}

void RpcServerRole::publish_gauges(Context& ctx) const {
    ctx.gauge("busy", static_cast<double>(busy_));
    ctx.gauge("queued", static_cast<double>(queue_.size()));
}

Duration RpcServerRole::draw_service_time(Context& ctx) const {
    if (chance(ctx.rng(), config_.slow_rate))
        return config_.slow_time;
    if (config_.service_jitter <= Duration(0))
        return config_.service_time;
    const auto j = config_.service_jitter.count();
    const auto offset = std::uniform_int_distribution<std::int64_t>(-j, j)(ctx.rng());
    return std::max(Duration(0), config_.service_time + Duration(offset));
}

}  // namespace distlab::core::rpc
