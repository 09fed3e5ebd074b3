#include "core/patterns/tcc/tcc_client_role.h"

#include <cstdlib>
#include <random>
#include <utility>

#include "core/patterns/tcc/tcc_protocol.h"

namespace distlab::core::tcc {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr std::string_view kIncarnationKey = "incarnation";

}  // namespace

const ParamList<TccClientConfig>& TccClientConfig::params() {
    using C = TccClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params()
                                .with_text("target", "The coordinator this client begins its transfers with",
                                           "客户端发起转账所经由的协调者")
                                .with_text("rate", "Operations (transfers and reads) begun per second (open loop)",
                                           "每秒发起的操作数（转账和读取，开环）"))
        .nodes("participants", &C::participants, Json::array(),
               "The participants holding the accounts", "持有账户的参与者")
        .integer("accounts", &C::accounts, 10,
                 "Accounts on each participant (a0 .. a<accounts-1>), as the participants are configured",
                 "每个参与者上的账户数（a0 .. a<accounts-1>），应与参与者的配置一致", {.min = 1, .max = 100})
        .integer("max_amount", &C::max_amount, 100, "Each transfer moves a random amount from 1 to this",
                 "每笔转账随机转出 1 到此数额", {.min = 1, .max = 1000000000})
        .probability("read_ratio", &C::read_ratio, 0.1,
                     "Share of operations that read every balance at one cut instead of transferring",
                     "以一次一致切面读取全部余额（而非转账）的操作比例")
        .duration("tx_timeout", &C::tx_timeout, "3s",
                  "How long an operation waits for the coordinator's answer before it counts as unknown",
                  "操作等待协调者应答的时长，超时则结果未知", {.min = 1});
    return list;
}

TccClientRole::TccClientRole(TccClientConfig config)
    : config_(std::move(config)), driver_(config_.workload, {.arrival_timer = kArrivalTimer}) {}

void TccClientRole::start(Context& ctx) {
    // Which start of this node this is, kept in its storage: a restarted client must not reuse
    // the names of its earlier transactions.
    std::int64_t incarnation = 1;
    if (auto stored = ctx.storage().read(kIncarnationKey); stored && *stored)
        incarnation = std::atoll((*stored)->c_str()) + 1;
    if (auto written = ctx.storage().write(kIncarnationKey, std::to_string(incarnation), /*sync=*/true); !written)
        ctx.log(LogLevel::Error, "cannot record its start: " + written.error().message);
    prefix_ = incarnation > 1 ? ctx.self() + "#" + std::to_string(incarnation) : ctx.self();
    if (config_.participants.empty()) {
        ctx.log(LogLevel::Error, "no participants to transfer between: set the parameter participants");
        driver_.stop(ctx, Text{"no participants", "没有参与者"});
        return;
    }
    driver_.start(ctx, [this](Context& c) { next(c); });
}

void TccClientRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kReadReply)
        ignore_stray_message(ctx, msg, kReadReply);
    else
        ignore_stray_message(ctx, msg, kBeginReply);
}

void TccClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { next(c); });
}

Json TccClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()}, {"seq", next_seq_}, {"reads", reads_}};
    tally_.write(snap);
    return snap;
}

void TccClientRole::next(Context& ctx) {
    std::bernoulli_distribution reading(config_.read_ratio);
    if (config_.read_ratio > 0 && reading(ctx.rng()))
        read(ctx);
    else
        transfer(ctx);
}

void TccClientRole::transfer(Context& ctx) {
    const std::string tx = prefix_ + "." + std::to_string(++next_seq_);
    const auto n = std::ssize(config_.participants);
    std::uniform_int_distribution<std::int64_t> pick(0, n - 1);
    const std::int64_t from = pick(ctx.rng());
    std::int64_t to = from;
    if (n > 1) {
        std::uniform_int_distribution<std::int64_t> other(0, n - 2);
        to = other(ctx.rng());
        to += to >= from;
    }
    std::uniform_int_distribution<std::int64_t> account(0, config_.accounts - 1);
    std::uniform_int_distribution<std::int64_t> amount(1, config_.max_amount);
    const std::string from_account = "a" + std::to_string(account(ctx.rng()));
    std::string to_account = "a" + std::to_string(account(ctx.rng()));
    if (from == to && to_account == from_account && config_.accounts > 1)
        to_account = from_account == "a0" ? "a1" : "a0";
    const std::int64_t x = amount(ctx.rng());
    const NodeId& payer = config_.participants[static_cast<std::size_t>(from)];
    const NodeId& payee = config_.participants[static_cast<std::size_t>(to)];
    Json actions = Json::array({Json{{"participant", payer}, {"account", from_account}, {"amount", -x}},
                                Json{{"participant", payee}, {"account", to_account}, {"amount", x}}});
    const OpId op = ctx.op_invoke("transfer", {{"tx", tx},
                                               {"from", payer + "/" + from_account},
                                               {"to", payee + "/" + to_account},
                                               {"amount", x}});
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kBegin), {{"tx", tx}, {"actions", std::move(actions)}},
             config_.tx_timeout, [this, op, tx, sent_at](Context& c, const CallOutcome& outcome) {
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& body) {
                     return read_answer(body, "cancelled");
                 });
                 Json value = {{"tx", tx}};
                 if (result.end == CallEnd::Ok)
                     value["decision"] = "confirm";
                 else if (result.end == CallEnd::Failed)
                     value["decision"] = "cancel";
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
             });
}

void TccClientRole::read(Context& ctx) {
    const OpId op = ctx.op_invoke("read", Json::object());
    tally_.call(ctx);
    ++reads_;
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kRead), Json::object(), config_.tx_timeout,
             [this, op, sent_at](Context& c, const CallOutcome& outcome) {
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& body) {
                     return read_answer(body, "read failed");
                 });
                 Json value = Json::object();
                 if (result.end == CallEnd::Ok) {
                     value["sum"] = outcome.reply.body.value("sum", Json());
                     value["by_participant"] = outcome.reply.body.value("by_participant", Json::object());
                 }
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
             });
}

}  // namespace distlab::core::tcc
