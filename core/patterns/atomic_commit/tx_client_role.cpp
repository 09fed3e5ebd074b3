#include "core/patterns/atomic_commit/tx_client_role.h"

#include <algorithm>
#include <random>
#include <utility>

#include "core/patterns/atomic_commit/tx_protocol.h"

namespace distlab::core::atomic_commit {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<TxClientConfig>& TxClientConfig::params() {
    using C = TxClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params()
                                .with_text("target", "The coordinator this client begins its transactions with",
                                           "客户端发起事务所经由的协调者")
                                .with_text("rate", "Transactions begun per second (open loop)",
                                           "每秒发起的事务数（开环）"))
        .nodes("participants", &C::participants, Json::array(),
               "The participants holding the keys; each holds its own shard k0 .. k<keys-1>",
               "持有键的参与者；每个参与者持有自己的分片 k0 .. k<keys-1>")
        .integer("span", &C::span, 0,
                 "Participants each transaction writes to (one key on each), drawn at random; 0: all of them",
                 "每个事务写入的参与者数（每个参与者一个键），随机选取；0 表示全部", {.min = 0, .max = 1000})
        .integer("keys", &C::keys, 1000,
                 "Keys in each participant's shard; fewer keys, more lock conflicts (a conflict votes no)",
                 "每个参与者分片中的键数；键越少，锁冲突越多（冲突时投反对票）", {.min = 1, .max = 100000000})
        .duration("tx_timeout", &C::tx_timeout, "3s",
                  "How long a transaction waits for the coordinator's answer before it counts as unknown",
                  "事务等待协调者应答的时长，超时则结果未知", {.min = 1});
    return list;
}

TxClientRole::TxClientRole(TxClientConfig config)
    : config_(std::move(config)), driver_(config_.workload, {.arrival_timer = kArrivalTimer}) {}

void TxClientRole::start(Context& ctx) {
    if (config_.participants.empty()) {
        ctx.log(LogLevel::Error, "no participants to write to: set the parameter participants");
        driver_.stop(ctx, Text{"no participants", "没有参与者"});
        return;
    }
    driver_.start(ctx, [this](Context& c) { begin(c); });
}

void TxClientRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, kBeginReply);
}

void TxClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); });
}

Json TxClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()}, {"seq", next_seq_}};
    tally_.write(snap);
    return snap;
}

void TxClientRole::begin(Context& ctx) {
    const std::string tx = ctx.self() + "." + std::to_string(++next_seq_);
    std::vector<NodeId> chosen = config_.participants;
    std::shuffle(chosen.begin(), chosen.end(), ctx.rng());
    if (config_.span > 0 && config_.span < std::ssize(chosen))
        chosen.resize(static_cast<std::size_t>(config_.span));
    std::sort(chosen.begin(), chosen.end());
    std::uniform_int_distribution<std::int64_t> key(0, config_.keys - 1);
    Json writes = Json::array();
    for (const NodeId& p : chosen)
        writes.push_back({{"participant", p}, {"key", "k" + std::to_string(key(ctx.rng()))}, {"value", tx}});
    const OpId op = ctx.op_invoke("txn", {{"tx", tx}, {"participants", chosen}});
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kBegin), {{"tx", tx}, {"writes", std::move(writes)}},
             config_.tx_timeout, [this, op, tx, sent_at](Context& c, const CallOutcome& outcome) {
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& body) {
                     return read_answer(body, "aborted");
                 });
                 Json value = {{"tx", tx}};
                 if (result.end == CallEnd::Ok)
                     value["decision"] = "commit";
                 else if (result.end == CallEnd::Failed)
                     value["decision"] = "abort";
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
             });
}

}  // namespace distlab::core::atomic_commit
