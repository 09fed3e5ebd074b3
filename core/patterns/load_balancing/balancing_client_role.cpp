#include "core/patterns/load_balancing/balancing_client_role.h"

#include <string>
#include <utility>

#include "core/patterns/load_balancing/load_balancer_role.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::load_balancing {

namespace {

namespace rr = request_response;

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kIntervalTimer{2};

}  // namespace

const ParamList<BalancingClientConfig>& BalancingClientConfig::params() {
    using C = BalancingClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("backends", &C::backends, nullptr, "The backends this client spreads its requests over",
               "此客户端把请求分发到的后端")
        .strings("weights", &C::weights, Json::array(),
                 "Weights as node=weight (b1=5); a backend not named weighs 100 (Dubbo's default)",
                 "权重，写作 节点=权重（b1=5）；未列出的后端权重为 100（Dubbo 的默认值）")
        .number("rate", nested(&C::workload, &OpenLoopWorkload::rate), 10,
                "Open loop: requests started per second, whatever the replies do", "开环：每秒发起的请求数，不受响应影响",
                {.min = 0.001, .max = 100000})
        .choice<Arrival>("arrival", nested(&C::workload, &OpenLoopWorkload::arrival), "poisson",
                         {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                         "Open loop spacing: fixed intervals, or Poisson arrivals (random, independent)",
                         "开环的请求间隔：固定间隔，或泊松到达（随机、相互独立）")
        .duration("stop_at", nested(&C::workload, &OpenLoopWorkload::stop_at), "0ms",
                  "Stop starting requests at this time (0: never), so that all finish before the run ends",
                  "在此时刻停止发起新请求（0 表示不停止），使所有请求在运行结束前完成", {.min = 0})
        .choice("mode", &C::mode, "open", {{"open", LoadMode::Open}, {"closed", LoadMode::Closed}},
                "Open loop (requests at `rate`) or closed loop (`concurrency` outstanding)",
                "开环（按 rate 发起请求）或闭环（保持 concurrency 个未完成请求）")
        .integer("concurrency", &C::concurrency, 1, "Closed loop: requests kept outstanding; each reply starts the next",
                 "闭环：保持未完成的请求数；每收到一个响应立即发起下一个", {.min = 1, .max = 10000})
        .duration("timeout", &C::timeout, "1s", "How long a call waits for its backend; then the outcome is unknown",
                  "调用等待后端的时长；超时后结果未知", {.min = 1})
        .part(&C::balancer, balancer_params());
    return list;
}

BalancingClientRole::BalancingClientRole(BalancingClientConfig config)
    : config_(std::move(config)),
      balancer_(config_.balancer, {}),
      driver_(config_.workload, {.mode = config_.mode, .concurrency = config_.concurrency,
                                 .arrival_timer = kArrivalTimer}) {
    WeightsParse weights = parse_weights(config_.backends, config_.weights);
    balancer_ = Balancer(config_.balancer, std::move(weights.backends));
    problems_ = std::move(weights.problems);
}

void BalancingClientRole::start(Context& ctx) {
    for (const Text& problem : problems_)
        ctx.violation("balancing-client " + ctx.self() + Text{": ", "："} + problem);
    if (config_.balancer.outlier.enabled)
        ctx.set_timer(kIntervalTimer, config_.balancer.outlier.interval);
    driver_.start(ctx, [this](Context& c) { issue(c); });
}

void BalancingClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kIntervalTimer) {
        for (std::size_t i : balancer_.return_due(ctx.now()))
            ctx.log(LogLevel::Info, balancer_.backends()[i].id + " is back in the pool: its ejection time is up");
        ctx.set_timer(kIntervalTimer, config_.balancer.outlier.interval);
        return;
    }
    driver_.on_timer(ctx, timer, [this](Context& c) { issue(c); });
}

void BalancingClientRole::on_message(Context& ctx, const Message& msg) {
    // A backend's answer after its call timed out still tells about the backend.
    if (msg.type == rr::kReply) {
        if (const auto index = balancer_.find(msg.from)) {
            const bool ok = rr::decode_reply(msg.body).kind == rr::ReplyKind::Ok;
            if (const auto ejection = balancer_.late_answer(*index, ctx.now(), ok)) {
                ++ejections_;
                ctx.count("ejections");
            }
        }
    }
    ignore_stray_message(ctx, msg, rr::kReply);
}

void BalancingClientRole::issue(Context& ctx) {
    const std::int64_t seq = ++seq_;
    const OpId op = ctx.op_invoke(rr::kRequest, {{"seq", seq}});
    const Duration now = ctx.now();
    const auto chosen = balancer_.pick(now, ctx.rng(), std::to_string(seq));
    if (!chosen) {
        // Every backend is ejected: refused here, certainly without effect.
        ++no_backend_;
        ctx.count("no_backend");
        tally_.failure(ctx);
        ctx.op_complete(op, OpStatus::Fail, {{"error", rr::kUnavailable}});
        driver_.operation_ended(ctx, [this](Context& c) { issue(c); });
        return;
    }
    ++outstanding_;
    tally_.call(ctx);
    const std::size_t backend = *chosen;
    ctx.call(balancer_.backends()[backend].id, std::string(rr::kRequest), {{"seq", seq}}, config_.timeout,
             [this, op, backend, now](Context& c, const CallOutcome& outcome) { complete(c, op, backend, now, outcome); });
}

void BalancingClientRole::complete(Context& ctx, OpId op, std::size_t backend, Duration sent_at,
                                   const CallOutcome& outcome) {
    --outstanding_;
    const CallResult result = tally_.ended(ctx, outcome, sent_at, rr::read_reply);
    const Outcome seen = outcome.timed_out ? Outcome::Timeout
                         : result.end == CallEnd::Ok ? Outcome::Ok
                                                     : Outcome::Error;
    if (const auto ejection = balancer_.ended(backend, ctx.now(), ctx.now() - sent_at, seen)) {
        ++ejections_;
        ctx.count("ejections");
        ctx.log(LogLevel::Info, balancer_.backends()[backend].id + " ejected after " +
                                    std::to_string(ejection->errors) + " error answers in a row");
    }
    ctx.op_complete(op, result.status(), result.op_value());
    driver_.operation_ended(ctx, [this](Context& c) { issue(c); });
}

Json BalancingClientRole::snapshot() const {
    Json backends = Json::array();
    for (const BackendState& b : balancer_.backends())
        backends.push_back({{"id", b.id}, {"active", b.active}, {"picks", b.picks}, {"ejected", b.ejected_until.has_value()}});
    Json snap = {{"state", driver_.state()},
                 {"algorithm", to_string(config_.balancer.algorithm)},
                 {"outstanding", outstanding_},
                 {"no_backend", no_backend_},
                 {"ejections", ejections_},
                 {"backends", std::move(backends)}};
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::load_balancing
