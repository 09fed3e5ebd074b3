#include "core/patterns/maelstrom/txn_client_role.h"

#include <functional>
#include <random>

#include "core/patterns/maelstrom/maelstrom_errors.h"

namespace distlab::core::maelstrom {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr std::int64_t kClientSlots = 1000;   // values are sequence * kClientSlots + client number

// Whether `done` is `asked` with its reads filled in: the same micro-ops, writes unchanged.
bool completes(const Json& asked, const Json& done, TxnWorkload kind) {
    if (!done.is_array() || done.size() != asked.size())
        return false;
    for (std::size_t i = 0; i < asked.size(); ++i) {
        const Json& m = done[i];
        if (!m.is_array() || m.size() != 3 || m[0] != asked[i][0] || m[1] != asked[i][1])
            return false;
        if (asked[i][0] != "r" && m[2] != asked[i][2])
            return false;
        if (asked[i][0] == "r" && kind == TxnWorkload::ListAppend && !m[2].is_null() && !m[2].is_array())
            return false;
    }
    return true;
}

}  // namespace

const ParamList<TxnClientConfig>& TxnClientConfig::params() {
    using C = TxnClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params())
        .duration("timeout", &C::timeout, "1s", "How long a transaction waits for its answer; then the outcome is unknown",
                  "事务等待回复的时长；超时后结果未知", {.min = 1})
        .integer("keys", &C::keys, 5, "Keys, numbered 0, 1, ...; each micro-op picks one",
                 "键的数量，编号 0、1……；每个微操作随机选一个", {.min = 1, .max = 100000})
        .integer("max_txn_length", &C::max_txn_length, 4, "Micro-ops per transaction at most (at least one)",
                 "每个事务最多的微操作数（至少一个）", {.min = 1, .max = 100})
        .probability("read_ratio", &C::read_ratio, 0.5, "Share of micro-ops that are reads",
                     "读微操作所占比例");
    return list;
}

TxnClientRole::TxnClientRole(TxnWorkload kind, TxnClientConfig config)
    : kind_(kind), config_(std::move(config)), driver_(config_.workload, {.arrival_timer = kArrivalTimer}) {}

void TxnClientRole::start(Context& ctx) {
    std::string digits;
    for (char c : ctx.self())
        if (c >= '0' && c <= '9')
            digits += c;
    client_number_ = digits.empty() || digits.size() > 9
                         ? static_cast<std::int64_t>(std::hash<std::string>{}(ctx.self()) % kClientSlots)
                         : std::stoll(digits) % kClientSlots;
    driver_.start(ctx, [this](Context& c) { issue(c); });
}

void TxnClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { issue(c); });
}

void TxnClientRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, msg.reply_to != 0 ? std::string_view(msg.type) : std::string_view());
}

void TxnClientRole::issue(Context& ctx) {
    std::uniform_int_distribution<std::int64_t> length(1, config_.max_txn_length);
    std::uniform_int_distribution<std::int64_t> key(0, config_.keys - 1);
    std::uniform_real_distribution<double> u(0, 1);
    Json txn = Json::array();
    for (std::int64_t n = length(ctx.rng()); n > 0; --n) {
        const std::int64_t k = key(ctx.rng());
        if (u(ctx.rng()) < config_.read_ratio)
            txn.push_back(Json::array({"r", k, nullptr}));
        else
            txn.push_back(Json::array({kind_ == TxnWorkload::ListAppend ? "append" : "w", k,
                                       next_value_++ * kClientSlots + client_number_}));
    }
    const OpId op = ctx.op_invoke("txn", {{"txn", txn}});
    const std::int64_t msg_id = next_msg_id_++;
    ++outstanding_;
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, "txn", {{"type", "txn"}, {"txn", txn}, {"msg_id", msg_id}}, config_.timeout,
             [this, op, sent_at, msg_id, txn](Context& c, const CallOutcome& outcome) {
                 --outstanding_;
                 Json done;
                 const CallResult result = tally_.ended(c, outcome, sent_at, [&](const Json& body) -> CallResult {
                     CallResult r = read_reply(body, "txn_ok", msg_id);
                     if (r.end != CallEnd::Ok)
                         return r;
                     done = body.value("txn", Json());
                     if (!completes(txn, done, kind_)) {
                         ++wrong_answers_;
                         c.violation(config_.workload.target + " answered txn " + txn.dump() + " with " + done.dump() +
                                     ", which is not that transaction with its reads filled in");
                         return {CallEnd::Malformed, "not the transaction asked"};
                     }
                     return r;
                 });
                 c.op_complete(op, result.status(), result.end == CallEnd::Ok ? Json{{"txn", done}} : result.op_value());
                 driver_.operation_ended(c, [this](Context& next) { issue(next); });
             });
}

Json TxnClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"target", config_.workload.target},
                 {"outstanding", outstanding_},
                 {"wrong_answers", wrong_answers_}};
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::maelstrom
