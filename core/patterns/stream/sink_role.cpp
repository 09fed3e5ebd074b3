#include "core/patterns/stream/sink_role.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace distlab::core::stream {

namespace {

constexpr TimerId kHelloTimer{1};
constexpr Duration kHelloInterval = 500ms;
constexpr std::string_view kTableKey = "stream_sink_table";
constexpr std::string_view kTxnsKey = "stream_sink_txns";

Json empty_table() {
    return {{"counts", Json::object()}, {"late", Json::object()}, {"ids", Json::object()}, {"committed", 0},
            {"checkpoint", 0}};
}

std::string_view to_string(SinkMode mode) {
    switch (mode) {
    case SinkMode::AtLeastOnce: return "at_least_once";
    case SinkMode::Idempotent: return "idempotent";
    case SinkMode::Transactional: return "transactional";
    }
    return "transactional";
}

}  // namespace

const ParamList<SinkConfig>& SinkConfig::params() {
    using C = SinkConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("operators", &C::operators, Json::array(), "The stream-operators whose results it writes",
               "它写入其结果的流算子（stream-operator）")
        .node("source", &C::source, nullptr, "The job's stream-source, its checkpoint coordinator",
              "作业的数据源（stream-source），即检查点协调者")
        .choice("mode", &C::mode, "transactional",
                {{"transactional", SinkMode::Transactional},
                 {"idempotent", SinkMode::Idempotent},
                 {"at_least_once", SinkMode::AtLeastOnce}},
                "transactional: two-phase commit, rows become visible when their checkpoint completes "
                "(exactly-once, as Flink's TwoPhaseCommitSinkFunction); idempotent: each row upserted by its "
                "identity, so a replay overwrites it (exactly-once effect); at_least_once: each row added "
                "at once, so a replay after a failure counts it again",
                "transactional：两阶段提交，检查点完成时结果才可见（精确一次，如 Flink 的 "
                "TwoPhaseCommitSinkFunction）；idempotent：按行的标识幂等写入（upsert），重放时覆盖"
                "（精确一次的效果）；at_least_once：每行立即累加，故障后重放会重复计数")
        .optional_node("downstream", &C::downstream,
              "Forward every row, once visible, to this backpressure bounded-stage or consumer (the database "
              "behind the sink), only as fast as its credits allow; the rest waits in the sink's outbox. "
              "Empty: rows stay in the sink's table",
              "把每一行在可见后转发给此背压有界阶段（bounded-stage）或消费者（consumer），即输出端之后的数据库，"
              "速度不超过其信用额度允许的范围；其余的在输出端的发件箱中等待。为空：行只留在输出端的表中")
        .duration("downstream_timeout", &C::downstream_timeout, "1s",
                  "How long a forwarded row waits for the downstream's answer before it is sent again",
                  "转发的行等待下游应答的时长，超时后重发", {.min = 1});
    return list;
}

std::vector<PhaseSpec> SinkRole::phases() {
    return {{"waiting", Tone::Neutral, "waiting for the job", "等待作业启动"},
            {"running", Tone::Healthy, "running", "运行中"},
            {"aligning", Tone::Busy, "aligning barriers", "对齐屏障中"}};
}

SinkRole::SinkRole(SinkConfig config) : config_(std::move(config)), table_(empty_table()) {
    if (!config_.downstream.empty())
        downstream_.emplace(config_.downstream, config_.downstream_timeout);
}

void SinkRole::start(Context& ctx) {
    ctx.phase("waiting", Text{"says hello to the source and waits for the operators", "向源打招呼，等待各算子"});
    for (const NodeId& op : config_.operators)
        inboxes_[op];
    if (auto text = ctx.storage().read(kTableKey); text && *text) {
        Json table = Json::parse(**text, nullptr, false);
        if (table.is_object() && table.contains("counts") && table["counts"].is_object() && table.contains("late") &&
            table["late"].is_object() && table.contains("ids") && table["ids"].is_object() &&
            int_field(table, "committed") && int_field(table, "checkpoint"))
            table_ = std::move(table);
        else
            ctx.log(LogLevel::Error, "stream_sink_table is unreadable: starts with an empty table");
    }
    if (auto text = ctx.storage().read(kTxnsKey); text && *text) {
        const Json txns = Json::parse(**text, nullptr, false);
        if (txns.is_object())
            for (const auto& [id, rows] : txns.items()) {
                std::int64_t n = 0;
                const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
                if (ec == std::errc() && end == id.data() + id.size() && rows.is_array())
                    txns_[n] = rows.get<std::vector<Json>>();
                else
                    ctx.log(LogLevel::Error, "stream_sink_txns: transaction \"" + id + "\" is unreadable: skipped");
            }
    }
    incarnation_ = next_incarnation(ctx);
    ctx.send(config_.source, std::string(kHello), {{"incarnation", incarnation_}});
    ctx.set_timer(kHelloTimer, kHelloInterval);
    if (downstream_)
        downstream_->start(ctx, [this](Context& c) { pump(c); });
    publish_gauges(ctx);
}

void SinkRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kHelloTimer || attempt_ > 0)
        return;
    ctx.send(config_.source, std::string(kHello), {{"incarnation", incarnation_}});
    ctx.set_timer(kHelloTimer, kHelloInterval);
}

void SinkRole::on_message(Context& ctx, const Message& msg) {
    if (downstream_ && msg.from == config_.downstream && downstream_->on_message(ctx, msg)) {
        publish_gauges(ctx);
        return;
    }
    if (msg.type == kCheckpointComplete && msg.from == config_.source) {
        const auto n = int_field(msg.body, "checkpoint");
        if (!n) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a checkpoint_complete without an integer checkpoint");
            return;
        }
        if (*n > table_["checkpoint"].get<std::int64_t>())
            table_["checkpoint"] = *n;
        commit_up_to(ctx, *n);
        pump(ctx);
        publish_gauges(ctx);
        return;
    }
    auto inbox = inboxes_.find(msg.from);
    if (!is_channel_message(msg.type) || inbox == inboxes_.end()) {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
        return;
    }
    auto m = ChannelMessage::from(msg);
    if (!m) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' from " + msg.from + " without integer attempt and seq >= 1");
        return;
    }
    inbox->second.push(std::move(*m));
    drain(ctx);
    pump(ctx);
    publish_gauges(ctx);
}

Json SinkRole::snapshot() const {
    return {{"mode", to_string(config_.mode)},
            {"attempt", attempt_},
            {"checkpoint", table_["checkpoint"]},
            {"committed", table_["committed"]},
            {"counts", table_["counts"]},
            {"late", table_["late"]},
            {"pending", pending_rows()},
            {"aligning", aligning()},
            {"pending_scale", std::max(pending_scale_, pending_rows())},
            {"aligning_scale", std::max(aligning_scale_, aligning())},
            {"ended", ended_.size() == config_.operators.size() && !config_.operators.empty()},
            {"rows", rows_},
            {"duplicates", duplicates_},
            {"aborted", aborted_},
            {"outbox", std::ssize(outbox_)},
            {"outbox_scale", std::max(outbox_scale_, std::ssize(outbox_))},
            {"forwarding", in_flight_},
            {"forwarded", forwarded_}};
}

void SinkRole::drain(Context& ctx) {
    for (bool progress = true; progress;) {
        progress = false;
        for (auto& [op, inbox] : inboxes_) {
            while (!barriers_.count(op)) {
                auto next = inbox.pop(attempt_);
                if (!next)
                    break;
                handle(ctx, op, *next);
                progress = true;
            }
        }
        if (barriers_.empty() || barriers_.size() < inboxes_.size())
            continue;
        const std::int64_t n = barriers_.begin()->second;
        if (std::all_of(barriers_.begin(), barriers_.end(), [n](const auto& b) { return b.second == n; })) {
            aligned(ctx, n);
            progress = true;
        }
    }
    if (attempt_ > 0)
        ctx.phase(barriers_.empty() ? "running" : "aligning",
                  barriers_.empty() ? Text{"every channel flows", "所有通道都在流动"}
                                    : Text{"a barrier came on " + std::to_string(barriers_.size()) + " of " +
                                               std::to_string(inboxes_.size()) + " channels; the others are awaited",
                                           std::to_string(inboxes_.size()) + " 个通道中已有 " + std::to_string(barriers_.size()) +
                                               " 个收到屏障；等待其余通道"});
}

void SinkRole::handle(Context& ctx, const NodeId& from, const ChannelMessage& m) {
    const std::string& type = m.message.type;
    const Json& body = m.message.body;
    if (m.seq == 1 && type != kRestore) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, from + " opened attempt " + std::to_string(m.attempt) + " with a '" + type +
                                    "', not a restore: ignored");
        return;
    }
    if (type == kRestore) {
        const auto n = int_field(body, "checkpoint");
        if (!n || *n < 0) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a restore from " + from + " without an integer checkpoint >= 0");
            return;
        }
        if (m.attempt > attempt_)
            rollback(ctx, m.attempt, *n);
        return;
    }
    if (type == kBarrier) {
        const auto n = int_field(body, "checkpoint");
        if (!n || *n < 1) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a barrier from " + from + " without an integer checkpoint >= 1");
            return;
        }
        barriers_[from] = *n;
        return;
    }
    if (type == kEndOfInput) {
        ended_.insert(from);
        return;
    }
    const auto key = body.find("key");
    if (key == body.end() || !key->is_string()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a '" + type + "' from " + from + " without a key");
        return;
    }
    if (type == kResult) {
        const auto start = int_field(body, "start");
        const auto count = int_field(body, "count");
        const auto firing = int_field(body, "firing");
        if (!start || !count || !firing) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a result from " + from + " without integer start, count and firing");
            return;
        }
        write_row(ctx, {{"type", kResult}, {"key", *key}, {"start", *start}, {"count", *count}, {"firing", *firing}});
    } else if (type == kLate) {
        const auto offset = int_field(body, "offset");
        if (!offset) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a late event from " + from + " without an integer offset");
            return;
        }
        write_row(ctx, {{"type", kLate}, {"key", *key}, {"offset", *offset}});
    }
}

void SinkRole::rollback(Context& ctx, std::int64_t attempt, std::int64_t checkpoint) {
    attempt_ = attempt;
    barriers_.clear();
    ended_.clear();
    if (config_.mode == SinkMode::Transactional) {
        commit_up_to(ctx, checkpoint);
        std::int64_t dropped = std::ssize(open_txn_);
        for (auto it = txns_.upper_bound(checkpoint); it != txns_.end(); it = txns_.erase(it))
            dropped += std::ssize(it->second);
        open_txn_.clear();
        save_txns(ctx);
        if (dropped > 0) {
            aborted_ += dropped;
            ctx.count("aborted", static_cast<double>(dropped));
        }
        ctx.log(LogLevel::Info, "attempt " + std::to_string(attempt) + " from checkpoint " + std::to_string(checkpoint) +
                                    ": aborted " + std::to_string(dropped) + " uncommitted rows");
    } else {
        ctx.log(LogLevel::Info, "attempt " + std::to_string(attempt) + " from checkpoint " + std::to_string(checkpoint) +
                                    ": rows already written stay (" + std::string(to_string(config_.mode)) + ")");
    }
}

void SinkRole::aligned(Context& ctx, std::int64_t checkpoint) {
    barriers_.clear();
    if (config_.mode == SinkMode::Transactional) {
        auto& txn = txns_[checkpoint];
        txn.insert(txn.end(), std::make_move_iterator(open_txn_.begin()), std::make_move_iterator(open_txn_.end()));
        open_txn_.clear();
        save_txns(ctx);   // pre-commit: durable before the acknowledgement
    }
    ctx.send(config_.source, std::string(kCheckpointAck), {{"attempt", attempt_}, {"checkpoint", checkpoint}});
}

void SinkRole::write_row(Context& ctx, Json row) {
    ++rows_;
    ctx.count("rows");
    switch (config_.mode) {
    case SinkMode::Transactional:
        open_txn_.push_back(std::move(row));
        return;
    case SinkMode::AtLeastOnce:
        apply(row);
        break;
    case SinkMode::Idempotent: {
        const std::string key = row["key"].get<std::string>();
        const bool late = row["type"] == kLate;
        const std::string id = late ? "late|" + std::to_string(row["offset"].get<std::int64_t>())
                                    : key + "|" + std::to_string(row["start"].get<std::int64_t>()) + "|" +
                                          std::to_string(row["firing"].get<std::int64_t>());
        const std::int64_t value = late ? 1 : row["count"].get<std::int64_t>();
        Json& ids = table_["ids"];
        const std::int64_t before = ids.contains(id) ? ids[id].get<std::int64_t>() : 0;
        if (ids.contains(id)) {
            ++duplicates_;
            ctx.count("duplicates");
        }
        ids[id] = value;
        row["count"] = value - before;   // a replayed row adds nothing
        apply(row);
        break;
    }
    }
    save_table(ctx, false);
}

void SinkRole::apply(const Json& row) {
    if (downstream_)
        outbox_.push_back(backpressure::Item{NodeId(), ++next_item_, 0, 64});
    const std::string key = row["key"].get<std::string>();
    if (row["type"] == kLate) {
        Json& late = table_["late"];
        late[key] = late.value(key, std::int64_t{0}) + row.value("count", std::int64_t{1});
        return;
    }
    Json& per_key = table_["counts"][key];
    if (!per_key.is_object())
        per_key = Json::object();
    const std::string start = std::to_string(row["start"].get<std::int64_t>());
    per_key[start] = per_key.value(start, std::int64_t{0}) + row["count"].get<std::int64_t>();
}

void SinkRole::commit_up_to(Context& ctx, std::int64_t checkpoint) {
    if (config_.mode != SinkMode::Transactional)
        return;
    bool any = false;
    for (auto it = txns_.begin(); it != txns_.end() && it->first <= checkpoint; it = txns_.erase(it)) {
        if (it->first <= table_["committed"].get<std::int64_t>())
            continue;   // committed before a crash that left it in the pre-committed list
        for (const Json& row : it->second)
            apply(row);
        table_["committed"] = it->first;
        any = true;
    }
    if (any) {
        save_table(ctx, true);
        save_txns(ctx);
    }
}

void SinkRole::save_table(Context& ctx, bool sync) const {
    if (auto written = ctx.storage().write(kTableKey, table_.dump(), sync); !written)
        ctx.log(LogLevel::Error, "could not write stream_sink_table: " + written.error().message);
}

void SinkRole::save_txns(Context& ctx) const {
    Json txns = Json::object();
    for (const auto& [id, rows] : txns_)
        txns[std::to_string(id)] = rows;
    if (auto written = ctx.storage().write(kTxnsKey, txns.dump(), true); !written)
        ctx.log(LogLevel::Error, "could not write stream_sink_txns: " + written.error().message);
}

std::int64_t SinkRole::pending_rows() const {
    std::int64_t n = std::ssize(open_txn_);
    for (const auto& [id, rows] : txns_)
        n += std::ssize(rows);
    return n;
}

std::int64_t SinkRole::aligning() const {
    std::int64_t n = 0;
    for (const auto& [op, n_barrier] : barriers_)
        n += inboxes_.at(op).held();
    return n;
}

void SinkRole::publish_gauges(Context& ctx) {
    pending_scale_ = std::max(pending_scale_, pending_rows());
    aligning_scale_ = std::max(aligning_scale_, aligning());
    ctx.gauge("pending", static_cast<double>(pending_rows()));
    ctx.gauge("aligning", static_cast<double>(aligning()));
    outbox_scale_ = std::max(outbox_scale_, std::ssize(outbox_));
    ctx.gauge("outbox", static_cast<double>(outbox_.size()));
}

void SinkRole::pump(Context& ctx) {
    while (downstream_ && downstream_->may_send() && !outbox_.empty()) {
        backpressure::Item item = std::move(outbox_.front());
        outbox_.pop_front();
        item.origin = ctx.self();
        ++in_flight_;
        downstream_->send(ctx, item, [this](Context& c, const backpressure::Item& sent,
                                            const backpressure::SendResult& result) {
            --in_flight_;
            if (result.kind == backpressure::SendResult::Kind::Accepted) {
                ++forwarded_;
                c.count("forwarded");
            } else {
                // Refused ("full": wait for room) or unanswered: it keeps its place in line.
                const auto pos = std::find_if(outbox_.begin(), outbox_.end(),
                                              [&](const backpressure::Item& i) { return i.id > sent.id; });
                outbox_.insert(pos, sent);
            }
            pump(c);
            publish_gauges(c);
        });
    }
}

}  // namespace distlab::core::stream
