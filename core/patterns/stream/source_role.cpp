#include "core/patterns/stream/source_role.h"

#include "core/patterns/common/client.h"
#include "core/patterns/pubsub/pubsub_protocol.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <sstream>
#include <utility>

namespace distlab::core::stream {

namespace {

constexpr TimerId kGenerateTimer{1};
constexpr TimerId kTickTimer{2};
constexpr TimerId kSubscribeTimer{3};
constexpr Duration kSubscribeTimeout = 1s;
constexpr Duration kResubscribeDelay = 500ms;
constexpr Duration kTick = 100ms;
constexpr std::string_view kLogKey = "stream_log";
constexpr std::string_view kMetaKey = "stream_source";
// Flink's execution.checkpointing.timeout default.
constexpr Duration kFlinkCheckpointTimeout = 10min;

}  // namespace

std::optional<std::int64_t> key_index(std::string_view key) {
    std::int64_t index = 0;
    if (key.size() < 2 || key[0] != 'k')
        return std::nullopt;
    const auto [end, ec] = std::from_chars(key.data() + 1, key.data() + key.size(), index);
    if (ec != std::errc() || end != key.data() + key.size() || index < 0)
        return std::nullopt;
    return index;
}

std::size_t operator_index(std::string_view key, std::size_t count) {
    if (const auto index = key_index(key))
        return static_cast<std::size_t>(*index) % count;
    std::uint64_t hash = 14695981039346656037ull;   // FNV-1a, 64 bit
    for (const char c : key) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return static_cast<std::size_t>(hash % count);
}

namespace {

std::int64_t ms(Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

const ParamList<SourceConfig>& SourceConfig::params() {
    using C = SourceConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("operators", &C::operators, Json::array(),
               "The stream-operators this source feeds; an event goes to the operator of its key "
               "(key number modulo their count), as a keyBy does",
               "此数据源供给的流算子（stream-operator）；事件按键发往对应算子（键序号对算子数取模），如同 keyBy")
        .node("sink", &C::sink, nullptr, "The job's stream-sink: it acknowledges checkpoints to this source",
              "作业的流输出（stream-sink）：它向此数据源确认检查点")
        .number("rate", &C::rate, 50, "Events created per second", "每秒产生的事件数", {.min = 0.1, .max = 100000})
        .integer("keys", &C::keys, 4, "Distinct keys, k0 to k(n-1), drawn at random for each event",
                 "不同键的个数（k0 到 k(n-1)），每个事件随机抽取", {.min = 1, .max = 1000})
        .duration("out_of_orderness", &C::out_of_orderness, "400ms",
                  "An event's time lags its creation by a random amount up to this: events arrive out of "
                  "order. Keep it within the operators' out_of_orderness and no ordinary event is late",
                  "事件时间比其产生时刻滞后一个不超过此值的随机量：事件乱序到达。"
                  "不超过算子的 out_of_orderness 时，普通事件不会迟到",
                  {.min = 0})
        .duration("late_burst_at", &C::late_burst_at, "0ms",
                  "When to send a burst of late events (a device that was offline); 0: none",
                  "何时发送一批迟到事件（如一台离线设备恢复上线）；0 表示不发送", {.min = 0})
        .integer("late_burst_count", &C::late_burst_count, 20, "Events in the late burst", "迟到批次中的事件数",
                 {.min = 1, .max = 100000})
        .duration("late_burst_lag", &C::late_burst_lag, "3s",
                  "How far behind their creation the burst's event times lie (up to out_of_orderness more)",
                  "迟到批次的事件时间比其产生时刻滞后多少（另加至多 out_of_orderness）", {.min = 0})
        .duration("stop_at", &C::stop_at, "0ms",
                  "When the input ends (end of input: every window fires, one final checkpoint); 0: never",
                  "输入何时结束（输入结束时所有窗口触发，并做最后一次检查点）；0 表示永不结束", {.min = 0})
        .duration("checkpoint_interval", &C::checkpoint_interval, "2s",
                  "Time between checkpoints (Flink has none by default: checkpointing is off until set); "
                  "one checkpoint at a time, as Flink's max-concurrent-checkpoints 1",
                  "两次检查点之间的时间（Flink 默认不做检查点，需显式设置）；同一时刻只进行一个检查点，"
                  "如 Flink 的 max-concurrent-checkpoints 1",
                  {.min = 10})
        .choice<std::string>(
            "preset", [](C& c, const std::string& preset) { c.preset = preset; }, "flink",
            {{"flink", "flink"}, {"none", "none"}},
            "flink: a checkpoint not complete in 10 min is abandoned (Flink's execution.checkpointing.timeout "
            "default); none: a checkpoint waits as long as it takes. checkpoint_timeout overrides it",
            "flink：10 min 内未完成的检查点被放弃（Flink execution.checkpointing.timeout 的默认值）；"
            "none：检查点一直等待直到完成。checkpoint_timeout 可覆盖此设置")
        .duration("checkpoint_timeout", &C::checkpoint_timeout, "0ms",
                  "Abandon a checkpoint not complete after this long; 0: the preset's",
                  "检查点超过此时长仍未完成则放弃；0 表示使用预设值", {.min = 0})
        .optional_node("broker", &C::broker,
              "Take the events from this publish-subscribe broker instead of generating them: a durable "
              "(at-least-once) subscription, each message an event keyed by its publisher, stamped with "
              "its arrival time (ingestion time), acknowledged once in the log. Empty: generate them "
              "(rate, keys, out_of_orderness, late burst)",
              "从此发布订阅代理（broker）获取事件，而不是自行生成：持久（至少一次）订阅，每条消息成为一个事件，"
              "以发布者为键，以到达时刻为事件时间（摄入时间），写入日志后才确认。为空：自行生成事件"
              "（rate、keys、out_of_orderness、迟到批次）")
        .string("pattern", &C::pattern, ">",
                "With a broker: the subject pattern subscribed to (NATS wildcards: sensors.*.temp, sensors.>)",
                "使用代理时订阅的主题模式（NATS 通配符：sensors.*.temp、sensors.>）");
    return list;
}

std::vector<PhaseSpec> SourceRole::phases() {
    return {{"waiting", Tone::Neutral, "waiting for the job", "等待作业启动"},
            {"running", Tone::Healthy, "running", "运行中"},
            {"recovering", Tone::Warning, "recovering (replayed, no checkpoint since)", "恢复中（已重放，尚无新检查点）"},
            {"finished", Tone::Neutral, "input ended, final checkpoint done", "输入结束，最终检查点完成"}};
}

SourceRole::SourceRole(SourceConfig config)
    : config_(std::move(config)),
      since_scale_(std::max<std::int64_t>(
          10, static_cast<std::int64_t>(2 * config_.rate * std::chrono::duration<double>(config_.checkpoint_interval).count()))) {}

Duration SourceRole::timeout() const {
    if (config_.checkpoint_timeout > Duration(0))
        return config_.checkpoint_timeout;
    return config_.preset == "flink" ? kFlinkCheckpointTimeout : Duration(0);
}

void SourceRole::start(Context& ctx) {
    ctx.phase("waiting", Text{"waits for every operator and the sink to say hello", "等待每个算子和汇点打招呼"});
    if (config_.operators.empty())
        ctx.log(LogLevel::Error, "no operators to feed: the job cannot start (set operators)");
    if (auto text = ctx.storage().read(kLogKey); text && *text) {
        std::istringstream lines(**text);
        std::string line;
        while (std::getline(lines, line)) {
            const Json parsed = Json::parse(line, nullptr, false);
            auto event = Event::from_json(parsed);
            if (!event || event->offset != std::ssize(log_)) {
                ctx.log(LogLevel::Error, "stream_log line " + std::to_string(log_.size() + 1) +
                                             " is unreadable; the log stops before it");
                break;
            }
            if (const auto hash = event->id.rfind('#'); hash != std::string::npos)
                seen_[event->id.substr(0, hash)].insert(std::strtoll(event->id.c_str() + hash + 1, nullptr, 10));
            log_.push_back(std::move(*event));
        }
    }
    if (auto text = ctx.storage().read(kMetaKey); text && *text) {
        const Json meta = Json::parse(**text, nullptr, false);
        attempt_ = int_field(meta, "attempt").value_or(0);
        completed_ = int_field(meta, "completed").value_or(0);
        completed_offset_ = std::clamp<std::int64_t>(int_field(meta, "completed_offset").value_or(0), 0,
                                                     std::ssize(log_));
        last_triggered_ = std::max(completed_, int_field(meta, "last_triggered").value_or(0));
        burst_done_ = meta.value("burst_done", false);
    }
    ctx.set_timer(kTickTimer, kTick);
    if (!config_.broker.empty())
        subscribe(ctx);
    if (attempt_ > 0 && !config_.operators.empty())
        start_attempt(ctx, Text{"the source restarted", "源已重启"});   // the job was running: resume it from its checkpoint
    publish_gauges(ctx);
}

void SourceRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kHello)
        handle_hello(ctx, msg);
    else if (msg.type == kCheckpointAck)
        handle_ack(ctx, msg);
    else if (msg.type == pubsub::kDeliver && !config_.broker.empty())
        handle_deliver(ctx, msg);
    else if (msg.type == pubsub::kDisconnected && msg.from == config_.broker) {
        subscribed_ = false;
        ctx.log(LogLevel::Warn, "the broker dropped the subscription; subscribing again");
        ctx.set_timer(kSubscribeTimer, kResubscribeDelay);
    } else {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
    publish_gauges(ctx);
}

void SourceRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kGenerateTimer)
        generate(ctx);
    else if (timer == kSubscribeTimer)
        subscribe(ctx);
    else if (timer == kTickTimer) {
        tick(ctx);
        ctx.set_timer(kTickTimer, kTick);
    }
    publish_gauges(ctx);
}

Json SourceRole::snapshot() const {
    return {{"attempt", attempt_},
            {"offset", std::ssize(log_)},
            {"checkpoint", completed_},
            {"checkpoint_offset", completed_offset_},
            {"pending_checkpoint", pending_ ? Json(pending_->id) : Json(nullptr)},
            {"since_checkpoint", std::ssize(log_) - completed_offset_},
            {"since_checkpoint_scale", std::max(since_scale_, std::ssize(log_) - completed_offset_)},
            {"replayed", replayed_},
            {"job_restarts", restarts_},
            {"checkpoints_expired", expired_},
            {"late_burst", late_burst_},
            {"input_ended", input_ended_},
            {"subscribed", subscribed_},
            {"duplicates", duplicates_}};
}

void SourceRole::subscribe(Context& ctx) {
    if (subscribing_ || subscribed_)
        return;
    subscribing_ = true;
    ctx.call(config_.broker, std::string(pubsub::kSubscribe),
             {{"pattern", config_.pattern}, {"delivery", pubsub::to_string(pubsub::Delivery::AtLeastOnce)}},
             kSubscribeTimeout, [this](Context& c, const CallOutcome& outcome) {
                 subscribing_ = false;
                 if (outcome.timed_out) {
                     c.set_timer(kSubscribeTimer, kResubscribeDelay);
                     return;
                 }
                 const CallResult result = read_answer(outcome.reply.body, "refused");
                 if (result.end != CallEnd::Ok) {
                     c.log(LogLevel::Error, "the broker refused the subscription to " + config_.pattern + ": " +
                                                result.error);
                     return;
                 }
                 subscribed_ = true;
                 c.log(LogLevel::Info, "subscribed to " + config_.pattern + " at " + config_.broker);
             });
}

void SourceRole::handle_deliver(Context& ctx, const Message& msg) {
    const std::optional<pubsub::PubMessage> message = pubsub::PubMessage::from_json(msg.body);
    const auto attempt = int_field(msg.body, "attempt");
    if (msg.from != config_.broker || !message || !attempt) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a deliver from " + msg.from +
                                    (msg.from != config_.broker ? ", which is not this source's broker"
                                                                : " without subject, publisher, seq and attempt"));
        return;
    }
    if (!subscribed_ || input_ended_) {
        // Before the subscription stood (a retry to an earlier incarnation), or after the input
        // ended: left unacknowledged, the broker keeps it.
        ctx.count("early_deliveries");
        return;
    }
    const OpId op = ctx.op_invoke("receive", {{"publisher", message->publisher},
                                              {"seq", message->seq},
                                              {"attempt", *attempt}});
    Json value = {{"publisher", message->publisher}, {"seq", message->seq}};
    if (seen_[message->publisher].insert(message->seq)) {
        append(ctx, Event{std::ssize(log_), message->publisher, ms(ctx.now()),
                          message->publisher + "#" + std::to_string(message->seq)});
    } else {
        ++duplicates_;
        ctx.count("duplicates");
        value["duplicate"] = true;
    }
    ctx.op_complete(op, OpStatus::Ok, std::move(value));
    ctx.send(config_.broker, std::string(pubsub::kAck), {{"publisher", message->publisher}, {"seq", message->seq}});
}

void SourceRole::handle_hello(Context& ctx, const Message& msg) {
    const bool known = msg.from == config_.sink ||
                       std::find(config_.operators.begin(), config_.operators.end(), msg.from) != config_.operators.end();
    const auto incarnation = int_field(msg.body, "incarnation");
    if (!known || !incarnation || *incarnation < 1) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a hello from " + msg.from +
                                    (known ? ": it needs an integer incarnation >= 1" : ", which is not in this job"));
        return;
    }
    auto [it, first] = incarnations_.try_emplace(msg.from, *incarnation);
    if (!first && *incarnation <= it->second)
        return;   // a repeat of a hello already heard
    it->second = *incarnation;
    if (attempt_ == 0) {
        const bool all = incarnations_.count(config_.sink) &&
                         std::all_of(config_.operators.begin(), config_.operators.end(),
                                     [&](const NodeId& op) { return incarnations_.count(op) > 0; });
        if (all && !config_.operators.empty())
            start_attempt(ctx, Text{"every task is up", "所有任务都已就绪"});
        return;
    }
    start_attempt(ctx, msg.from + Text{" restarted", " 已重启"});
}

void SourceRole::handle_ack(Context& ctx, const Message& msg) {
    const auto attempt = int_field(msg.body, "attempt");
    const auto checkpoint = int_field(msg.body, "checkpoint");
    if (!attempt || !checkpoint) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a checkpoint_ack from " + msg.from + " without integer attempt and checkpoint");
        return;
    }
    if (msg.from != config_.sink || !pending_ || *attempt != attempt_ || *checkpoint != pending_->id) {
        ctx.count("stale_acks");   // an abandoned checkpoint, or one of an attempt before a restart
        return;
    }
    completed_ = pending_->id;
    completed_offset_ = pending_->offset;
    pending_.reset();
    save_meta(ctx);
    ctx.count("checkpoints_completed");
    ctx.log(LogLevel::Info, "checkpoint " + std::to_string(completed_) + " complete at offset " +
                                std::to_string(completed_offset_));
    for (const NodeId& op : config_.operators)
        ctx.send(op, std::string(kCheckpointComplete), {{"checkpoint", completed_}});
    ctx.send(config_.sink, std::string(kCheckpointComplete), {{"checkpoint", completed_}});
    if (final_checkpoint_ > 0 && completed_ >= final_checkpoint_) {
        ctx.phase("finished", Text{"the input ended and checkpoint ", "输入已结束，检查点 "} + std::to_string(completed_) +
                                  Text{" holds all of it", " 包含全部输入"});
        return;
    }
    ctx.phase("running", Text{"checkpoint ", "检查点 "} + std::to_string(completed_) + Text{" complete", " 已完成"});
    if (input_ended_)
        trigger_checkpoint(ctx);   // the final checkpoint follows at once
}

void SourceRole::generate(Context& ctx) {
    if (input_ended_)
        return;
    const Duration now = ctx.now();
    if (config_.stop_at > Duration(0) && now >= config_.stop_at) {
        end_input(ctx);
        return;
    }
    if (!config_.broker.empty()) {
        // The broker brings the events: this timer only ends the input at stop_at.
        if (config_.stop_at > Duration(0))
            ctx.set_timer(kGenerateTimer, config_.stop_at - now);
        return;
    }
    const std::int64_t now_ms = ms(now);
    std::uniform_int_distribution<std::int64_t> key_of(0, config_.keys - 1);
    std::uniform_int_distribution<std::int64_t> lag(0, ms(config_.out_of_orderness));
    append(ctx, Event{std::ssize(log_), "k" + std::to_string(key_of(ctx.rng())), std::max<std::int64_t>(0, now_ms - lag(ctx.rng())), {}});
    if (!burst_done_ && config_.late_burst_at > Duration(0) && now >= config_.late_burst_at) {
        burst_done_ = true;
        for (std::int64_t i = 0; i < config_.late_burst_count; ++i) {
            const std::int64_t t = now_ms - ms(config_.late_burst_lag) - lag(ctx.rng());
            append(ctx, Event{std::ssize(log_), "k" + std::to_string(key_of(ctx.rng())), std::max<std::int64_t>(0, t), {}});
        }
        late_burst_ += config_.late_burst_count;
        save_meta(ctx);
        ctx.log(LogLevel::Info, "sent a burst of " + std::to_string(config_.late_burst_count) + " events " +
                                    std::to_string(ms(config_.late_burst_lag)) + " ms behind");
    }
    ctx.set_timer(kGenerateTimer, period());
}

void SourceRole::append(Context& ctx, Event event) {
    if (auto written = ctx.storage().append(kLogKey, event.to_json().dump() + "\n", false); !written)
        ctx.log(LogLevel::Error, "could not append to stream_log: " + written.error().message);
    ctx.count("events");
    const NodeId& op = operator_of(event.key);
    log_.push_back(std::move(event));
    Json body = log_.back().to_json();
    send_channel(ctx, op, kRecord, std::move(body));
}

void SourceRole::end_input(Context& ctx) {
    input_ended_ = true;
    for (const NodeId& op : config_.operators)
        send_channel(ctx, op, kEndOfInput, Json::object());
    ctx.log(LogLevel::Info, "input ended after " + std::to_string(log_.size()) + " events");
    if (!pending_)
        trigger_checkpoint(ctx);
}

void SourceRole::start_attempt(Context& ctx, const Text& why) {
    const bool restart = attempt_ > 0;
    ++attempt_;
    if (restart) {
        ++restarts_;
        ctx.count("job_restarts");
    }
    pending_.reset();
    final_checkpoint_ = 0;
    out_seq_.clear();
    save_meta(ctx);
    for (const NodeId& op : config_.operators)
        send_channel(ctx, op, kRestore, {{"checkpoint", completed_}});
    const std::int64_t resend = std::ssize(log_) - completed_offset_;
    for (std::int64_t offset = completed_offset_; offset < std::ssize(log_); ++offset)
        send_channel(ctx, operator_of(log_[offset].key), kRecord, log_[offset].to_json());
    if (restart) {
        replayed_ += resend;
        ctx.count("replayed", static_cast<double>(resend));
        ctx.phase("recovering", why + Text{": attempt " + std::to_string(attempt_) + " restores checkpoint " +
                                               std::to_string(completed_) + " and replays " + std::to_string(resend) +
                                               " events from offset " + std::to_string(completed_offset_),
                                           "：第 " + std::to_string(attempt_) + " 次尝试恢复检查点 " + std::to_string(completed_) +
                                               "，从偏移 " + std::to_string(completed_offset_) + " 重放 " + std::to_string(resend) +
                                               " 个事件"});
    } else {
        ctx.phase("running", why + Text{": the job starts", "：作业启动"});
    }
    ctx.log(LogLevel::Info, why.en + ": attempt " + std::to_string(attempt_) + " from checkpoint " +
                                std::to_string(completed_) + " (offset " + std::to_string(completed_offset_) + ")");
    next_trigger_at_ = ctx.now() + config_.checkpoint_interval;
    if (input_ended_) {
        for (const NodeId& op : config_.operators)
            send_channel(ctx, op, kEndOfInput, Json::object());
        trigger_checkpoint(ctx);
    } else {
        ctx.set_timer(kGenerateTimer, period());
    }
}

void SourceRole::trigger_checkpoint(Context& ctx) {
    if (attempt_ == 0 || pending_)
        return;
    pending_ = Pending{++last_triggered_, std::ssize(log_), ctx.now()};
    if (input_ended_ && final_checkpoint_ == 0)
        final_checkpoint_ = pending_->id;
    save_meta(ctx);
    ctx.count("checkpoints_triggered");
    for (const NodeId& op : config_.operators)
        send_channel(ctx, op, kBarrier, {{"checkpoint", pending_->id}});
    next_trigger_at_ = ctx.now() + config_.checkpoint_interval;
}

void SourceRole::tick(Context& ctx) {
    if (attempt_ == 0)
        return;
    const Duration now = ctx.now();
    if (pending_ && timeout() > Duration(0) && now - pending_->at >= timeout()) {
        ++expired_;
        ctx.count("checkpoints_expired");
        ctx.log(LogLevel::Warn, "checkpoint " + std::to_string(pending_->id) + " abandoned: not complete after " +
                                    std::to_string(ms(timeout())) + " ms");
        pending_.reset();
        if (input_ended_)
            final_checkpoint_ = 0;
    }
    const bool finished = final_checkpoint_ > 0 && completed_ >= final_checkpoint_;
    if (!pending_ && !finished && (now >= next_trigger_at_ || input_ended_))
        trigger_checkpoint(ctx);
}

void SourceRole::send_channel(Context& ctx, const NodeId& to, std::string_view type, Json body) {
    if (attempt_ == 0)
        return;   // the job has not started: the event waits in the log
    body["attempt"] = attempt_;
    body["seq"] = ++out_seq_[to];
    ctx.send(to, std::string(type), std::move(body));
}

const NodeId& SourceRole::operator_of(const std::string& key) const {
    return config_.operators[operator_index(key, config_.operators.size())];
}

Duration SourceRole::period() const {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(1.0 / config_.rate));
}

void SourceRole::save_meta(Context& ctx) const {
    const Json meta = {{"attempt", attempt_},
                       {"completed", completed_},
                       {"completed_offset", completed_offset_},
                       {"last_triggered", last_triggered_},
                       {"burst_done", burst_done_}};
    if (auto written = ctx.storage().write(kMetaKey, meta.dump(), true); !written)
        ctx.log(LogLevel::Error, "could not write stream_source: " + written.error().message);
}

void SourceRole::publish_gauges(Context& ctx) {
    const std::int64_t since = std::ssize(log_) - completed_offset_;
    since_scale_ = std::max(since_scale_, since);
    ctx.gauge("since_checkpoint", static_cast<double>(since));
}

}  // namespace distlab::core::stream
