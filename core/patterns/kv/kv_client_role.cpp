#include "core/patterns/kv/kv_client_role.h"

#include <algorithm>
#include <utility>

namespace distlab::core::kv {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kReadAllTimer{2};
constexpr std::uint32_t kFirstPauseTimer = 16;
// After every target refused without naming a leader: long enough for part of an election,
// short enough to retry several times within one operation's timeout.
constexpr Duration kRoundPause = 50ms;
// How long a node that let an attempt time out stays suspect without answering: longer than an
// election at the lab's usual timeouts, so a follower's stale hint to its dead leader is ignored
// until the new leader is known; short enough that a node restarted as leader is tried again soon.
constexpr Duration kSuspectPeriod = 1s;

std::optional<std::string> optional_string(const Json& v) {
    if (v.is_string())
        return v.get<std::string>();
    return std::nullopt;
}

Json optional_json(const std::optional<std::string>& v) {
    return v ? Json(*v) : Json(nullptr);
}

}  // namespace

const ParamList<KvClientConfig>& KvClientConfig::params() {
    using C = KvClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("targets", &C::targets, nullptr,
               "The store's nodes; operations go to the leader they point at, the first one to begin with",
               "存储集群的节点；操作发往它们指出的领导者，起初发往第一个")
        .choice("mode", &C::mode, "open", {{"open", LoadMode::Open}, {"closed", LoadMode::Closed}},
                "Open loop (operations at `rate`) or closed loop (`concurrency` outstanding)",
                "开环（按 rate 发起操作）或闭环（保持 concurrency 个未完成操作）")
        .number("rate", nested(&C::workload, &OpenLoopWorkload::rate), 10,
                "Open loop: operations started per second, whatever the replies do",
                "开环：每秒发起的操作数，不受响应影响", {.min = 0.001, .max = 100000})
        .integer("concurrency", &C::concurrency, 1,
                 "Closed loop: operations kept outstanding; each end starts the next",
                 "闭环：保持未完成的操作数；每结束一个立即发起下一个", {.min = 1, .max = 1000})
        .integer("keys", &C::keys, 5,
                 "Number of keys, named k0, k1, ...; each operation picks one at random",
                 "键的数量，依次命名为 k0、k1……；每个操作随机选择一个", {.min = 1, .max = 100000})
        .probability("read_ratio", &C::read_ratio, 0.5,
                     "Share of operations that are gets",
                     "get 操作所占比例")
        // After read_ratio, which it is bounded by: bind() applies the parameters in order.
        .probability("cas_ratio",
                     [](C& c, double ratio) { c.cas_ratio = std::min(ratio, 1.0 - c.read_ratio); }, 0.1,
                     "Share of operations that are compare-and-sets (expecting the value last seen); the "
                     "rest are puts",
                     "compare-and-set 操作所占比例（期望值为最近看到的值）；其余为 put")
        .duration("timeout", &C::timeout, "1s",
                  "Time limit of one operation, redirects included; past it the outcome is unknown",
                  "单个操作的时限（含重定向）；超过后结果未知", {.min = 1})
        .choice<std::string>("consistency", &C::consistency, "store",
                             {{"store", "store"}, {"ONE", "ONE"}, {"TWO", "TWO"}, {"THREE", "THREE"},
                              {"QUORUM", "QUORUM"}, {"ALL", "ALL"}},
                             "A consistency level sent with every request, for stores that take one per request "
                             "(dynamo-node, as Cassandra's statements carry one); store: send none, the store's "
                             "own level applies",
                             "随每个请求发送的一致性级别，供按请求接受级别的存储使用（dynamo-node，如同 Cassandra "
                             "的语句各带一个级别）；store：不发送，使用存储自己的级别")
        .integer("replicas", &C::replicas, 0,
                 "N sent with every request as \"n\": how many of the key's replicas the request goes to, for "
                 "stores that take N per request (dynamo-node, at most its own n); 0: send none, the store's own N "
                 "applies",
                 "随每个请求以 \"n\" 发送的 N：请求发往该键的多少个副本，供按请求接受 N 的存储使用（dynamo-node，"
                 "不超过它自己的 n）；0：不发送，使用存储自己的 N",
                 {.min = 0, .max = 100})
        .duration("stop_at", nested(&C::workload, &OpenLoopWorkload::stop_at), "0ms",
                  "Stop starting operations at this time (0: never), so that all finish before the run ends",
                  "在此时刻停止发起新操作（0 表示不停止），使所有操作在运行结束前完成", {.min = 0})
        .choice<Arrival>("arrival", nested(&C::workload, &OpenLoopWorkload::arrival), "poisson",
                         {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                         "Open loop spacing: fixed intervals, or Poisson arrivals (random, independent)",
                         "开环的操作间隔：固定间隔，或泊松到达（随机、相互独立）")
        .duration("read_all_at", &C::read_all_at, "0ms",
                  "At this time, get every key once, whatever the workload does (after stop_at: a final read "
                  "phase, so that convergence can be judged on late reads; 0: never)",
                  "在此时刻把每个键各读一次，不受负载设置影响（放在 stop_at 之后即为最后的读取阶段，使最终收敛可以"
                  "依据较晚的读取来判断；0 表示不读）",
                  {.min = 0});
    return list;
}

KvClientRole::KvClientRole(KvClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = config_.mode, .concurrency = config_.concurrency,
                                 .arrival_timer = kArrivalTimer}),
      timer_ids_(kFirstPauseTimer) {}

void KvClientRole::start(Context& ctx) {
    if (config_.targets.empty()) {
        ctx.log(LogLevel::Error, "kv-client has no targets");
        driver_.stop(ctx, Text{"no targets", "没有目标节点"});
        return;
    }
    driver_.start(ctx, [this](Context& c) { begin_operation(c); });
    if (config_.read_all_at > Duration(0))
        ctx.set_timer(kReadAllTimer, std::max(Duration(0), config_.read_all_at - ctx.now()));
}

void KvClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kReadAllTimer) {
        read_all(ctx);
        return;
    }
    if (driver_.on_timer(ctx, timer, [this](Context& c) { begin_operation(c); }))
        return;
    auto it = pauses_.find(static_cast<std::uint32_t>(timer));
    if (it == pauses_.end())
        return;
    const std::uint64_t seq = it->second;
    pauses_.erase(it);
    send_attempt(ctx, seq);
}

void KvClientRole::on_message(Context& ctx, const Message& msg) {
    // A reply to an attempt whose operation already ended (as unknown): it was served after all.
    if (msg.type == kReplyType)
        suspect_since_.erase(msg.from);
    ignore_stray_message(ctx, msg, kReplyType);
}

Json KvClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"mode", config_.mode == LoadMode::Closed ? "closed" : "open"},
                 {"target", config_.targets.empty() ? Json(nullptr) : Json(config_.targets[leader_guess_])},
                 {"in_flight", operations_.size()},
                 {"redirects", redirects_}};
    tally_.write(snap);
    return snap;
}

Request KvClientRole::next_request(Context& ctx) {
    std::uniform_int_distribution<std::int64_t> key_dist(0, config_.keys - 1);
    std::uniform_real_distribution<double> op_dist(0.0, 1.0);
    Request r;
    r.key = "k" + std::to_string(key_dist(ctx.rng()));
    const double u = op_dist(ctx.rng());
    if (u < config_.read_ratio) {
        r.op = Op::Get;
        return r;
    }
    // Values are unique per operation, so a read identifies the one write it saw.
    r.value = ctx.self() + "-" + std::to_string(seq_);
    if (u < config_.read_ratio + config_.cas_ratio) {
        r.op = Op::Cas;
        auto seen = last_seen_.find(r.key);
        if (seen != last_seen_.end())
            r.from = seen->second;
    } else {
        r.op = Op::Put;
    }
    return r;
}

void KvClientRole::begin_operation(Context& ctx) {
    const std::uint64_t seq = ++seq_;   // before next_request(), which names the value after it
    begin(ctx, seq, next_request(ctx), false);
}

void KvClientRole::read_all(Context& ctx) {
    for (std::int64_t k = 0; k < config_.keys; ++k) {
        Request r;
        r.op = Op::Get;
        r.key = "k" + std::to_string(k);
        begin(ctx, ++seq_, std::move(r), true);
    }
}

void KvClientRole::begin(Context& ctx, std::uint64_t seq, Request request, bool final_read) {
    Operation op;
    op.request = std::move(request);
    op.final_read = final_read;
    Json value = {{"key", op.request.key}};
    if (op.request.op == Op::Put)
        value["value"] = *op.request.value;
    if (op.request.op == Op::Cas) {
        value["from"] = optional_json(op.request.from);
        value["to"] = *op.request.value;
    }
    op.op = ctx.op_invoke(to_string(op.request.op), std::move(value));
    op.started = ctx.now();
    op.intended = final_read ? ctx.now() : driver_.intended();
    op.deadline = op.started + config_.timeout;
    op.target = leader_guess_;
    operations_.emplace(seq, std::move(op));
    send_attempt(ctx, seq);
}

void KvClientRole::send_attempt(Context& ctx, std::uint64_t seq) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    const Duration left = op.deadline - ctx.now();
    if (left <= Duration(0)) {
        // Every attempt so far was refused for certain, and none is outstanding.
        end_operation(ctx, seq, OpStatus::Fail, {{"error", op.last_error}});
        return;
    }
    tally_.call(ctx);
    Json body = op.request.to_json();
    if (config_.consistency != "store")
        body["consistency"] = config_.consistency;
    if (config_.replicas > 0)
        body["n"] = config_.replicas;
    ctx.call(config_.targets[op.target], kRequestType, std::move(body), left,
             [this, seq](Context& c, const CallOutcome& outcome) { attempt_done(c, seq, outcome); });
}

void KvClientRole::attempt_done(Context& ctx, std::uint64_t seq, const CallOutcome& outcome) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    if (outcome.timed_out) {
        // The store may have applied it: unknown. The node did not answer in time: it is suspect,
        // and the next operation tries another one.
        tally_.timeout(ctx);
        if (!suspect(ctx, op.target))
            suspect_since_.insert_or_assign(config_.targets[op.target], ctx.now());
        leader_guess_ = next_target(ctx, op.target);
        end_operation(ctx, seq, OpStatus::Info, {{"error", "timeout"}});
        return;
    }
    suspect_since_.erase(config_.targets[op.target]);
    const Json& reply = outcome.reply.body;
    const auto ok = reply.is_object() ? reply.find("ok") : reply.end();
    if (!reply.is_object() || ok == reply.end() || !ok->is_boolean()) {
        ctx.count(client_metric::kMalformedReplies);
        end_operation(ctx, seq, OpStatus::Info, {{"error", "malformed reply"}});
        return;
    }
    leader_guess_ = op.target;
    if (ok->get<bool>()) {
        if (op.request.op == Op::Get) {
            const auto value = reply.find("value");
            if (value == reply.end() || !(value->is_string() || value->is_null())) {
                ctx.count(client_metric::kMalformedReplies);
                end_operation(ctx, seq, OpStatus::Info, {{"error", "malformed reply"}});
                return;
            }
            last_seen_[op.request.key] = optional_string(*value);
            end_operation(ctx, seq, OpStatus::Ok, {{"value", *value}});
            return;
        }
        last_seen_[op.request.key] = op.request.value;
        end_operation(ctx, seq, OpStatus::Ok, Json::object());
        return;
    }
    const std::string error = reply.value("error", std::string("refused"));
    if (error == "not_leader" || error == "unavailable") {
        refused(ctx, op, seq, reply);
        return;
    }
    if (error == "cas_mismatch" && reply.contains("value"))
        last_seen_[op.request.key] = optional_string(reply["value"]);
    Json value = {{"error", error}};
    if (reply.contains("value"))
        value["value"] = reply["value"];
    end_operation(ctx, seq, OpStatus::Fail, std::move(value));
}

void KvClientRole::refused(Context& ctx, Operation& op, std::uint64_t seq, const Json& reply) {
    op.last_error = reply.value("error", std::string("refused"));
    ++op.refusals_in_round;
    std::optional<std::size_t> hinted;
    if (const auto leader = reply.find("leader"); leader != reply.end() && leader->is_string()) {
        hinted = target_index(leader->get<std::string>());
        // A leader the client was not told about (a member added later) joins its targets.
        const auto& peers = ctx.peers();
        if (!hinted && std::find(peers.begin(), peers.end(), leader->get<std::string>()) != peers.end()) {
            config_.targets.push_back(leader->get<std::string>());
            hinted = config_.targets.size() - 1;
        }
    }
    const bool follow = hinted && *hinted != op.target && !suspect(ctx, *hinted);
    op.target = follow ? *hinted : next_target(ctx, op.target);
    leader_guess_ = op.target;
    if (follow) {
        ++redirects_;
        ctx.count("redirects");
    }
    // Try the hinted leader or the next target at once, until as many refusals in a row as
    // there are targets (hints going round in a circle, or no leader at all): then pause.
    if (op.refusals_in_round < config_.targets.size()) {
        send_attempt(ctx, seq);
        return;
    }
    op.refusals_in_round = 0;
    if (ctx.now() + kRoundPause >= op.deadline) {
        end_operation(ctx, seq, OpStatus::Fail, {{"error", op.last_error}});
        return;
    }
    const TimerId timer = timer_ids_.next();
    pauses_.insert_or_assign(static_cast<std::uint32_t>(timer), seq);
    ctx.set_timer(timer, kRoundPause);
}

void KvClientRole::end_operation(Context& ctx, std::uint64_t seq, OpStatus status, Json value) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    const Duration took = ctx.now() - it->second.started;
    if (status == OpStatus::Ok)
        tally_.success(ctx);
    else if (status == OpStatus::Fail)
        tally_.failure(ctx);
    if (status != OpStatus::Info)
        ctx.observe(client_metric::kLatency, to_ms(took));
    ctx.op_complete(it->second.op, status, std::move(value));
    const bool final_read = it->second.final_read;
    if (!final_read)
        driver_.record_latency(ctx, it->second.intended);
    operations_.erase(it);
    if (!final_read)   // the closed loop's next operation replaces one of its own only
        driver_.operation_ended(ctx, [this](Context& c) { begin_operation(c); });
}

std::optional<std::size_t> KvClientRole::target_index(const NodeId& node) const {
    auto it = std::find(config_.targets.begin(), config_.targets.end(), node);
    if (it == config_.targets.end())
        return std::nullopt;
    return static_cast<std::size_t>(it - config_.targets.begin());
}

bool KvClientRole::suspect(const Context& ctx, std::size_t target) const {
    const auto it = suspect_since_.find(config_.targets[target]);
    return it != suspect_since_.end() && ctx.now() - it->second < kSuspectPeriod;
}

std::size_t KvClientRole::next_target(const Context& ctx, std::size_t from) const {
    const std::size_t n = config_.targets.size();
    std::optional<std::size_t> newest_suspect;
    Duration newest{0};
    for (std::size_t step = 1; step < n; ++step) {
        const std::size_t i = (from + step) % n;
        if (!suspect(ctx, i))
            return i;
        const Duration since = suspect_since_.at(config_.targets[i]);
        if (!newest_suspect || since > newest) {
            newest_suspect = i;
            newest = since;
        }
    }
    return newest_suspect.value_or(from);
}

}  // namespace distlab::core::kv
