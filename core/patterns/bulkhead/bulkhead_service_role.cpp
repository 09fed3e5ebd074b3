#include "core/patterns/bulkhead/bulkhead_service_role.h"

#include <algorithm>
#include <utility>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::bulkhead {

namespace rr = request_response;

namespace {

std::string_view to_string(Isolation isolation) {
    switch (isolation) {
        case Isolation::None: return "none";
        case Isolation::Semaphore: return "semaphore";
        case Isolation::Pool: return "pool";
    }
    return "none";
}

}  // namespace

const ParamList<BulkheadConfig>& BulkheadConfig::params() {
    using C = BulkheadConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("backends", &C::backends, Json::array(),
               "The backends this service calls (with none, it refuses every request)",
               "此服务调用的后端（若没有，则拒绝所有请求）")
        .nodes("clients", &C::clients, Json::array(),
               "Requests from the i-th client go to the i-th backend (a request's 'backend' field "
               "overrides; others go to the backends in turn)",
               "来自第 i 个客户端的请求发往第 i 个后端（请求的 backend 字段优先；其余请求轮流发往各后端）")
        .choice("isolation", &C::isolation, "pool",
                {{"none", Isolation::None}, {"semaphore", Isolation::Semaphore}, {"pool", Isolation::Pool}},
                "none: one shared worker pool; semaphore: the shared pool with a limit of calls per "
                "backend; pool: a worker pool and queue per backend",
                "none：共享一个工作线程池；semaphore：共享线程池，但每个后端有并发调用上限；"
                "pool：每个后端独立的线程池和队列")
        .integer("workers", &C::workers, 8,
                 "none, semaphore: workers of the shared pool, each held for a whole backend call",
                 "none、semaphore：共享线程池的工作线程数，每个线程在整个后端调用期间被占用",
                 {.min = 1, .max = 100000})
        .integer("queue_limit", &C::queue_limit, 32,
                 "none, semaphore: requests that may wait for a shared worker; more are rejected",
                 "none、semaphore：可等待共享工作线程的请求数；超出则拒绝", {.min = 0, .max = 1000000})
        .integer("max_concurrent", &C::max_concurrent, 4,
                 "semaphore: calls to one backend at once; more are rejected at once",
                 "semaphore：对同一后端的最大并发调用数；超出立即拒绝", {.min = 1, .max = 100000})
        .integer("pool_size", &C::pool_size, 4,
                 "pool: workers of each backend's own pool",
                 "pool：每个后端独立线程池的工作线程数", {.min = 1, .max = 100000})
        .integer("pool_queue", &C::pool_queue, 8,
                 "pool: requests that may wait for each backend's pool; more are rejected",
                 "pool：每个后端线程池可排队的请求数；超出则拒绝", {.min = 0, .max = 1000000})
        .duration("call_timeout", &C::call_timeout, "1s",
                  "How long a worker waits for a backend's answer",
                  "工作线程等待后端响应的时长", {.min = 1});
    return list;
}

BulkheadServiceRole::BulkheadServiceRole(BulkheadConfig config)
    : config_(std::move(config)), stats_(config_.backends.size()) {
    if (config_.isolation == Isolation::Pool)
        lanes_.assign(config_.backends.size(), Lane{config_.pool_size, config_.pool_queue});
    else
        lanes_.assign(1, Lane{config_.workers, config_.queue_limit});
}

void BulkheadServiceRole::start(Context& ctx) {
    if (config_.backends.empty())
        ctx.log(LogLevel::Error, "no backends: every request is refused");
    publish_gauges(ctx);
}

void BulkheadServiceRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type != rr::kRequest) {
        // Late backend replies (their call timed out) and anything else.
        ctx.count(msg.type == rr::kReply ? "late_replies" : "unexpected_messages");
        return;
    }
    ++requests_;
    ctx.count("requests");
    if (config_.backends.empty()) {
        ctx.reply(msg, {{"ok", false}, {"error", rr::kUnavailable}});
        return;
    }
    admit(ctx, msg, route(msg));
    publish_gauges(ctx);
}

std::size_t BulkheadServiceRole::route(const Message& request) {
    if (request.body.is_object()) {
        auto it = request.body.find("backend");
        if (it != request.body.end() && it->is_string()) {
            auto named = std::find(config_.backends.begin(), config_.backends.end(), it->get<std::string>());
            if (named != config_.backends.end())
                return static_cast<std::size_t>(named - config_.backends.begin());
        }
    }
    auto client = std::find(config_.clients.begin(), config_.clients.end(), request.from);
    if (client != config_.clients.end()) {
        const auto index = static_cast<std::size_t>(client - config_.clients.begin());
        if (index < config_.backends.size())
            return index;
    }
    const std::size_t backend = next_backend_;
    next_backend_ = (next_backend_ + 1) % config_.backends.size();
    return backend;
}

BulkheadServiceRole::Lane& BulkheadServiceRole::lane_of(std::size_t backend) {
    return config_.isolation == Isolation::Pool ? lanes_[backend] : lanes_.front();
}

void BulkheadServiceRole::admit(Context& ctx, const Message& request, std::size_t backend) {
    // Semaphore isolation refuses at once, before the request takes a worker or a queue place.
    if (config_.isolation == Isolation::Semaphore && stats_[backend].in_flight >= config_.max_concurrent) {
        reject(ctx, request, backend, "bulkhead_full");
        return;
    }
    Lane& lane = lane_of(backend);
    if (lane.busy < lane.capacity) {
        begin_call(ctx, request, backend);
    } else if (std::ssize(lane.queue) < lane.queue_limit) {
        lane.queue.emplace_back(request, backend);
    } else {
        reject(ctx, request, backend, config_.isolation == Isolation::Pool ? "bulkhead_full" : rr::kOverloaded);
    }
}

void BulkheadServiceRole::begin_call(Context& ctx, const Message& request, std::size_t backend) {
    BackendStats& stats = stats_[backend];
    if (config_.isolation == Isolation::Semaphore && stats.in_flight >= config_.max_concurrent) {
        reject(ctx, request, backend, "bulkhead_full");
        return;
    }
    ++lane_of(backend).busy;
    ++stats.in_flight;
    ++stats.calls;
    ctx.count("calls");
    const Duration now = ctx.now();
    Duration deadline = now + config_.call_timeout;
    const rr::RequestFields fields = rr::decode_request(request.body);
    if (fields.deadline)
        deadline = std::min(deadline, *fields.deadline);
    Json body = {{"deadline_ns", deadline.count()}};
    if (fields.seq)
        body["seq"] = *fields.seq;
    ctx.call(config_.backends[backend], std::string(rr::kRequest), std::move(body),
             std::max(Duration(1), deadline - now),
             [this, request, backend](Context& c, const CallOutcome& outcome) {
                 end_call(c, request, backend, outcome);
             });
}

void BulkheadServiceRole::end_call(Context& ctx, const Message& request, std::size_t backend,
                                   const CallOutcome& outcome) {
    BackendStats& stats = stats_[backend];
    Lane& lane = lane_of(backend);
    --lane.busy;
    --stats.in_flight;
    const NodeId& name = config_.backends[backend];
    if (outcome.timed_out) {
        ++timeouts_;
        ++stats.timeouts;
        ctx.count("timeouts");
        ctx.reply(request, {{"ok", false}, {"error", "timeout"}, {"backend", name}});
    } else {
        Json body = outcome.reply.body.is_object() ? outcome.reply.body : Json::object();
        body["backend"] = name;
        const bool ok = rr::decode_reply(outcome.reply.body).kind == rr::ReplyKind::Ok;
        ++(ok ? successes_ : failures_);
        ++(ok ? stats.successes : stats.failures);
        ctx.count(ok ? "successes" : "failures");
        ctx.reply(request, std::move(body));
    }
    drain(ctx, lane);
    publish_gauges(ctx);
}

void BulkheadServiceRole::reject(Context& ctx, const Message& request, std::size_t backend,
                                 std::string_view error) {
    ++rejections_;
    ++stats_[backend].rejections;
    ctx.count("rejections");
    ctx.reply(request, {{"ok", false}, {"error", error}, {"backend", config_.backends[backend]}});
}

void BulkheadServiceRole::drain(Context& ctx, Lane& lane) {
    while (lane.busy < lane.capacity && !lane.queue.empty()) {
        auto [request, backend] = std::move(lane.queue.front());
        lane.queue.pop_front();
        begin_call(ctx, request, backend);
    }
}

Json BulkheadServiceRole::snapshot() const {
    Json backends = Json::object();
    for (std::size_t i = 0; i < config_.backends.size(); ++i) {
        const BackendStats& s = stats_[i];
        Json entry = {{"in_flight", s.in_flight}, {"calls", s.calls},     {"successes", s.successes},
                      {"failures", s.failures},   {"timeouts", s.timeouts}, {"rejections", s.rejections}};
        if (config_.isolation == Isolation::Pool)
            entry["queued"] = lanes_[i].queue.size();
        backends[config_.backends[i]] = std::move(entry);
    }
    Json snap = {{"isolation", to_string(config_.isolation)},
                 {"requests", requests_},
                 {"successes", successes_},
                 {"failures", failures_},
                 {"timeouts", timeouts_},
                 {"rejections", rejections_},
                 {"backends", std::move(backends)}};
    if (config_.isolation != Isolation::Pool) {
        snap["busy_workers"] = lanes_.front().busy;
        snap["queued"] = lanes_.front().queue.size();
    }
    return snap;
}

void BulkheadServiceRole::publish_gauges(Context& ctx) const {
    std::int64_t busy = 0;
    std::size_t queued = 0;
    for (const Lane& lane : lanes_) {
        busy += lane.busy;
        queued += lane.queue.size();
    }
    ctx.gauge("busy_workers", static_cast<double>(busy));
    ctx.gauge("queue_depth", static_cast<double>(queued));
}

}  // namespace distlab::core::bulkhead
