#include "core/patterns/maelstrom/txn_client_role.h"

#include <functional>
#include <optional>
#include <random>

namespace distlab::core::maelstrom {

namespace {

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
        .part(&C::base, WorkloadBase::params_without_final_read())
        .integer("keys", &C::keys, 5, "Keys, numbered 0, 1, ...; each micro-op picks one",
                 "键的数量，编号 0、1……；每个微操作随机选一个", {.min = 1, .max = 100000})
        .integer("max_txn_length", &C::max_txn_length, 4, "Micro-ops per transaction at most (at least one)",
                 "每个事务最多的微操作数（至少一个）", {.min = 1, .max = 100})
        .probability("read_ratio", &C::read_ratio, 0.5, "Share of micro-ops that are reads",
                     "读微操作所占比例");
    return list;
}

void TxnClientRole::setup(Context& ctx) {
    std::string digits;
    for (char c : ctx.self())
        if (c >= '0' && c <= '9')
            digits += c;
    client_number_ = digits.empty() || digits.size() > 9
                         ? static_cast<std::int64_t>(std::hash<std::string>{}(ctx.self()) % kClientSlots)
                         : std::stoll(digits) % kClientSlots;
}

void TxnClientRole::begin(Context& ctx) {
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
    request(ctx, op, {{"type", "txn"}, {"txn", txn}}, "txn_ok",
            [this, txn](Context& c, const Json& body) -> std::optional<Completion> {
                if (body.value("type", std::string()) != "txn_ok")
                    return std::nullopt;   // an error, read as every workload reads them
                Json done = body.value("txn", Json());
                if (!completes(txn, done, kind_)) {
                    ++wrong_answers_;
                    c.violation(base().workload.target + Text{" answered txn ", " 对 txn "} + txn.dump() + Text{" with ", " 的应答是 "} +
                                done.dump() + Text{", which is not that transaction with its reads filled in", "，它不是填好读取结果的同一个事务"});
                    return Completion{OpStatus::Info, {{"error", "is not the transaction asked"}}};
                }
                return Completion{OpStatus::Ok, {{"txn", std::move(done)}}};
            });
}

void TxnClientRole::write_snapshot(Json& snap) const {
    snap["wrong_answers"] = wrong_answers_;
}

}  // namespace distlab::core::maelstrom
