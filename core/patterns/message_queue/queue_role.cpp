#include "core/patterns/message_queue/queue_role.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace distlab::core::message_queue {

namespace {

constexpr TimerId kWakeTimer{1};
constexpr std::string_view kLogKey = "mq_log";

std::string key_text(const MessageKey& key) { return key.first + " " + std::to_string(key.second); }
std::string key_name(const MessageKey& key) { return key.first + "#" + std::to_string(key.second); }

}  // namespace

std::int64_t QueueConfig::retries() const {
    if (max_retries >= 0)
        return max_retries;
    switch (preset) {
    case Preset::None: return 3;
    case Preset::RocketMq: return kRocketMqMaxRetries;
    case Preset::RabbitMq: return kRabbitMqDeliveryLimit;
    }
    return 3;
}

Duration QueueConfig::delay_before_retry(std::int64_t n) const {
    if (retry_delay > Duration(0))
        return retry_delay;
    switch (preset) {
    case Preset::None: return 1s;
    case Preset::RabbitMq: return Duration(0);
    case Preset::RocketMq: {
        static const std::vector<Duration> ladder = rocketmq_ladder();
        const Duration real = ladder[static_cast<std::size_t>(std::clamp<std::int64_t>(n, 1, std::ssize(ladder)) - 1)];
        return Duration(static_cast<std::int64_t>(static_cast<double>(real.count()) / ladder_compression));
    }
    }
    return 1s;
}

const ParamList<QueueConfig>& QueueConfig::params() {
    using C = QueueConfig;
    static const ParamList<C> list = ParamList<C>{}
        .choice("preset", &C::preset, "none",
                {{"none", Preset::None}, {"rocketmq", Preset::RocketMq}, {"rabbitmq", Preset::RabbitMq}},
                "Retry settings to start from. none: 3 retries 1 s apart. rocketmq: RocketMQ's 16 retries "
                "(retryMaxTimes) on its delay ladder 10s 30s 1m 2m 3m ... 10m 20m 30m 1h 2h (levels 3 to 18 of "
                "messageDelayLevel), 4 h 45 min 40 s in all in real time, here divided by ladder_compression. "
                "rabbitmq: RabbitMQ 4.0 quorum queues' default delivery limit, a message redelivered 20 times "
                "is dead-lettered; a rejected message is requeued at once. max_retries and retry_delay "
                "override the preset",
                "重试设置的起点。none：重试 3 次，间隔 1 s。rocketmq：RocketMQ 的 16 次重试（retryMaxTimes），"
                "按其延迟阶梯 10s 30s 1m 2m 3m … 10m 20m 30m 1h 2h（messageDelayLevel 的第 3 到 18 级），"
                "真实时间共 4 h 45 min 40 s，这里按 ladder_compression 压缩。rabbitmq：RabbitMQ 4.0 仲裁队列默认的"
                "投递上限，重新投递 20 次的消息进入死信队列；被拒绝的消息立即重新入队。max_retries 和 "
                "retry_delay 覆盖预设")
        .integer("max_retries", &C::max_retries, -1,
                 "Retries after the first delivery before a message goes to the dead-letter queue (DLQ): "
                 "it is delivered max_retries + 1 times in all; -1: the preset's (none 3, rocketmq 16, "
                 "rabbitmq 20)",
                 "消息进入死信队列前，首次投递之后的重试次数：共投递 max_retries + 1 次；-1 表示使用预设值"
                 "（none 为 3，rocketmq 为 16，rabbitmq 为 20）",
                 {.min = -1, .max = 1000})
        .duration("retry_delay", &C::retry_delay, "0ms",
                  "Wait before every retry; 0: the preset's ladder (none 1 s each, rocketmq its ladder "
                  "compressed, rabbitmq no wait)",
                  "每次重试前的等待时间；0 表示使用预设的阶梯（none 每次 1 s，rocketmq 为压缩后的阶梯，"
                  "rabbitmq 不等待）",
                  {.min = 0})
        .number("ladder_compression", &C::ladder_compression, 200,
                "How many times faster than real time the rocketmq ladder runs: its real 4 h 45 min 40 s "
                "take 86 s at 200 (the default, a demo of about a minute and a half), 17 s at 1000",
                "rocketmq 阶梯比真实时间快多少倍：真实的 4 h 45 min 40 s 在 200 倍（默认，演示约一分半钟）时为 "
                "86 s，在 1000 倍时为 17 s",
                {.min = 1, .max = 1e7})
        .duration("visibility_timeout", &C::visibility_timeout, "2s",
                  "A delivery not acknowledged in this time counts as failed and is delivered again (the "
                  "consumer died holding it, or is too slow); RocketMQ's consumeTimeout is 15 min",
                  "投递在此时间内未被确认即视为失败并重新投递（消费者持有消息时宕机或处理太慢）；"
                  "RocketMQ 的 consumeTimeout 为 15 min",
                  {.min = 1})
        .integer("prefetch", &C::prefetch, 4,
                 "Unacknowledged deliveries one consumer may hold (RabbitMQ's basic.qos prefetch)",
                 "单个消费者可持有的未确认投递数上限（相当于 RabbitMQ 的 basic.qos prefetch）",
                 {.min = 1, .max = 100000})
        .duration("session_timeout", &C::session_timeout, "1500ms",
                  "A consumer whose heartbeat (join) has not come for this long leaves its group: no new "
                  "deliveries go to it",
                  "消费者的心跳（join）超过此时长未到即离开其消费组：不再向它投递新消息", {.min = 1})
        .boolean("durable", &C::durable, true,
                 "Keep the log in the node's storage, so a restarted queue replays it; off: in memory only, "
                 "a restart starts empty and acknowledged messages are lost",
                 "将日志保存在节点的存储中，重启后的队列会重放日志；关闭时只存在内存中，重启后队列为空，"
                 "已确认的消息丢失")
        .integer("capacity", &C::capacity, 10000,
                 "Messages the queue holds (pending in its groups, and in the DLQ); beyond it an enqueue is "
                 "refused",
                 "队列可容纳的消息数（各消费组中待处理的和死信队列中的）；超出时拒绝入队",
                 {.min = 1, .max = 10000000});
    return list;
}

std::vector<PhaseSpec> QueueRole::phases() {
    return {{"serving", Tone::Healthy, "serving", "服务中"},
            {"no_consumers", Tone::Warning, "no consumers", "无消费者"}};
}

std::vector<GaugeSpec> QueueRole::gauges() {
    return {{.field = "depth", .full_scale = 10000, .full_scale_field = "capacity", .unit = "msgs",
             .en = "queue depth", .zh = "队列深度"},
            {.field = "in_flight", .full_scale = 10000, .full_scale_field = "capacity", .unit = "msgs",
             .en = "in flight", .zh = "投递中"},
            {.field = "dlq_depth", .full_scale = 10000, .full_scale_field = "capacity", .unit = "msgs",
             .en = "DLQ depth", .zh = "死信队列深度"}};
}

QueueRole::QueueRole(QueueConfig config) : config_(std::move(config)) {}

void QueueRole::start(Context& ctx) {
    Text reason{"started empty: not durable, nothing was kept", "以空队列启动：非持久化，什么也没保留"};
    if (config_.durable) {
        replay(ctx);
        std::int64_t pending = 0;
        for (const auto& [name, group] : groups_)
            pending += std::ssize(group.pending);
        reason = Text{"replayed its log: ", "已重放日志："} + std::to_string(messages_.size()) + Text{" messages, ", " 条消息，"} +
                 Text{std::to_string(pending) + " pending in " + std::to_string(groups_.size()) + " groups, ",
                      std::to_string(groups_.size()) + " 个消费组中 " + std::to_string(pending) + " 条待确认，"} +
                 Text{std::to_string(dlq_.size()) + " in the DLQ", "死信队列中 " + std::to_string(dlq_.size()) + " 条"};
    }
    phase_ = "serving";
    ctx.phase(phase_, std::move(reason));
    after_change(ctx);
}

void QueueRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kEnqueue)
        handle_enqueue(ctx, msg);
    else if (msg.type == kJoin)
        handle_join(ctx, msg);
    else if (msg.type == kAck)
        handle_ack(ctx, msg, true);
    else if (msg.type == kNack)
        handle_ack(ctx, msg, false);
    else {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
        return;
    }
    after_change(ctx);
}

void QueueRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kWakeTimer)
        return;
    expire(ctx);
    after_change(ctx);
}

Json QueueRole::snapshot() const {
    std::int64_t depth = 0, in_flight = 0, retrying = 0;
    Json groups = Json::object();
    for (const auto& [name, group] : groups_) {
        std::int64_t ready = 0, flying = 0, waiting = 0;
        for (const auto& [key, p] : group.pending) {
            ready += p.status == Status::Ready;
            flying += p.status == Status::InFlight;
            waiting += p.status == Status::Waiting;
        }
        Json members = Json::array();
        for (const auto& [node, seen] : group.members)
            members.push_back(node);
        groups[name] = {{"members", std::move(members)},
                        {"ready", ready},
                        {"in_flight", flying},
                        {"retrying", waiting},
                        {"acked", group.acked}};
        depth += ready + waiting;
        in_flight += flying;
        retrying += waiting;
    }
    Json dlq = Json::array();
    for (std::size_t i = 0; i < dlq_.size() && i < kDlqShown; ++i)
        dlq.push_back({{"group", dlq_[i].group},
                       {"producer", dlq_[i].key.first},
                       {"seq", dlq_[i].key.second},
                       {"attempts", dlq_[i].attempts}});
    return {{"state", phase_},
            {"durable", config_.durable},
            {"depth", depth},
            {"in_flight", in_flight},
            {"retrying", retrying},
            {"dlq_depth", dlq_.size()},
            {"capacity", config_.capacity},
            {"max_retries", config_.retries()},
            {"messages", messages_.size()},
            {"enqueued", enqueued_},
            {"delivered", delivered_},
            {"redelivered", redelivered_},
            {"acks", acks_},
            {"nacks", nacks_},
            {"timeouts", timeouts_},
            {"groups", std::move(groups)},
            {"dlq", std::move(dlq)}};
}

void QueueRole::replay(Context& ctx) {
    auto stored = ctx.storage().read(kLogKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the queue's log: " + stored.error().message);
        return;
    }
    if (!*stored)
        return;
    std::istringstream lines(**stored);
    std::string line;
    std::size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (!line.empty() && !apply(line))
            ctx.log(LogLevel::Error, "the queue's log has an unreadable line " + std::to_string(number) + ": \"" +
                                         line + "\"; skipped");
    }
    // What was in flight when the queue died is delivered again; the ready queues in log order.
    for (auto& [name, group] : groups_) {
        group.ready.clear();
        for (const MessageKey& key : order_) {
            auto it = group.pending.find(key);
            if (it == group.pending.end())
                continue;
            if (it->second.status == Status::InFlight) {
                it->second.status = Status::Ready;
                it->second.next = Reason::Recovered;
                it->second.consumer.clear();
            }
            if (it->second.status == Status::Ready)
                group.ready.push_back(key);
        }
    }
}

bool QueueRole::apply(const std::string& line) {
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "m") {
        MqMessage m;
        int poison = 0;
        if (!(in >> m.producer >> m.seq >> poison) || m.seq < 1)
            return false;
        m.poison = poison != 0;
        if (messages_.emplace(m.key(), m).second) {
            order_.push_back(m.key());
            add_to_groups(m.key());
            ++enqueued_;
        }
        return true;
    }
    if (kind == "g") {
        std::string name;
        if (!(in >> name) || !valid_group(name))
            return false;
        if (!groups_.contains(name))
            create_group(name);
        return true;
    }
    std::string name;
    MessageKey key;
    if (!(in >> name >> key.first >> key.second))
        return false;
    auto g = groups_.find(name);
    if (g == groups_.end())
        return false;
    Group& group = g->second;
    auto it = group.pending.find(key);
    if (kind == "a") {
        if (it != group.pending.end()) {
            group.pending.erase(it);
            ++group.acked;
        }
        return true;
    }
    std::int64_t number = 0;
    if (!(in >> number) || it == group.pending.end())
        return false;
    Pending& p = it->second;
    if (kind == "t") {
        p.attempts = number;
        p.status = Status::InFlight;
        return true;
    }
    if (kind == "r") {
        std::string reason;
        const std::optional<Reason> next = (in >> reason) ? reason_from_string(reason) : std::nullopt;
        if (!next)
            return false;
        p.status = Status::Waiting;
        p.deadline = Duration(number);
        p.next = *next;
        return true;
    }
    if (kind == "d") {
        dlq_.push_back({name, key, number});
        group.pending.erase(it);
        return true;
    }
    return false;
}

void QueueRole::persist(Context& ctx, const std::string& line, bool sync) {
    if (!config_.durable)
        return;
    if (auto stored = ctx.storage().append(kLogKey, line + "\n", sync); !stored)
        ctx.log(LogLevel::Error, "cannot append to the queue's log: " + stored.error().message);
}

void QueueRole::handle_enqueue(Context& ctx, const Message& msg) {
    const std::optional<MqMessage> message = MqMessage::from_json(msg.body);
    if (!message) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false},
                        {"error", "malformed enqueue: needs producer (a node id), seq (an integer from 1) and "
                                  "optionally poison (true or false)"}});
        return;
    }
    if (messages_.contains(message->key())) {
        ctx.reply(msg, {{"ok", true}, {"duplicate", true}});   // already stored: enqueue is idempotent
        return;
    }
    if (held() + std::max<std::int64_t>(1, std::ssize(groups_)) > config_.capacity) {
        ctx.count("rejected");
        ctx.reply(msg, {{"ok", false}, {"error", "queue full (capacity " + std::to_string(config_.capacity) + ")"}});
        return;
    }
    if (config_.durable) {
        if (auto stored = ctx.storage().append(kLogKey,
                                               "m " + key_text(message->key()) + " " +
                                                   (message->poison ? "1" : "0") + "\n",
                                               true);
            !stored) {
            ctx.log(LogLevel::Error, "cannot store " + key_name(message->key()) + ": " + stored.error().message);
            ctx.reply(msg, {{"ok", false}, {"error", "cannot store the message"}});
            return;
        }
    }
    messages_.emplace(message->key(), *message);
    order_.push_back(message->key());
    add_to_groups(message->key());
    ++enqueued_;
    ctx.count("enqueued");
    ctx.reply(msg, {{"ok", true}});
    for (auto& [name, group] : groups_)
        pump(ctx, name, group);
}

void QueueRole::handle_join(Context& ctx, const Message& msg) {
    const auto field = msg.body.find("group");
    if (field == msg.body.end() || !field->is_string() || !valid_group(field->get<std::string>())) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false},
                        {"error", "invalid group: a name of 1 to 64 characters a-z, 0-9, _ and -"}});
        return;
    }
    const std::string name = field->get<std::string>();
    auto it = groups_.find(name);
    if (it == groups_.end()) {
        persist(ctx, "g " + name, false);
        create_group(name);
        it = groups_.find(name);
        ctx.log(LogLevel::Info, "group " + name + " created by " + msg.from + ": it starts from the first of " +
                                    std::to_string(order_.size()) + " messages");
    }
    Group& group = it->second;
    if (group.members.insert_or_assign(msg.from, ctx.now()).second)
        ctx.log(LogLevel::Info, msg.from + " joined group " + name);
    ctx.reply(msg, {{"ok", true}});
    pump(ctx, name, group);
}

void QueueRole::handle_ack(Context& ctx, const Message& msg, bool ok) {
    const std::optional<MessageKey> key = key_from_json(msg.body);
    const auto field = msg.body.find("group");
    if (!key || field == msg.body.end() || !field->is_string()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a malformed " + msg.type + " from " + msg.from +
                                    ": needs producer, seq and group");
        return;
    }
    const std::string name = field->get<std::string>();
    auto g = groups_.find(name);
    auto it = g == groups_.end() ? decltype(g->second.pending.end()){} : g->second.pending.find(*key);
    if (g == groups_.end() || it == g->second.pending.end() ||
        (!ok && (it->second.status != Status::InFlight || it->second.consumer != msg.from))) {
        // Settled already, never delivered in this group, or a nack for a delivery that timed out.
        ctx.count("unknown_acks");
        return;
    }
    Group& group = g->second;
    if (ok) {
        // An ack settles the message whoever holds it now: it was processed.
        persist(ctx, "a " + name + " " + key_text(*key), false);
        group.pending.erase(it);
        ++group.acked;
        ++acks_;
        ctx.count("acks");
    } else {
        ++nacks_;
        ctx.count("nacks");
        fail(ctx, name, group, *key, Reason::Retry);
    }
    pump(ctx, name, group);
}

QueueRole::Group& QueueRole::create_group(const std::string& name) {
    Group& group = groups_[name];
    for (const MessageKey& key : order_) {
        group.pending.emplace(key, Pending{});
        group.ready.push_back(key);
    }
    return group;
}

void QueueRole::add_to_groups(const MessageKey& key) {
    for (auto& [name, group] : groups_) {
        group.pending.emplace(key, Pending{});
        group.ready.push_back(key);
    }
}

void QueueRole::make_ready(Group& group, const MessageKey& key, Pending& p, Reason reason) {
    p.status = Status::Ready;
    p.consumer.clear();
    p.next = reason;
    group.ready.push_back(key);
}

void QueueRole::fail(Context& ctx, const std::string& name, Group& group, const MessageKey& key, Reason reason) {
    auto it = group.pending.find(key);
    if (it == group.pending.end())
        return;
    Pending& p = it->second;
    if (p.attempts > config_.retries()) {
        persist(ctx, "d " + name + " " + key_text(key) + " " + std::to_string(p.attempts), true);
        dlq_.push_back({name, key, p.attempts});
        ctx.count("dead_lettered");
        ctx.log(LogLevel::Warn, "dead-lettered " + key_name(key) + " in group " + name + " after " +
                                    std::to_string(p.attempts) + " deliveries (" +
                                    std::to_string(config_.retries()) + " retries)");
        group.pending.erase(it);
        return;
    }
    const Duration delay = config_.delay_before_retry(p.attempts);
    if (delay <= Duration(0)) {
        make_ready(group, key, p, reason);
        return;
    }
    p.status = Status::Waiting;
    p.consumer.clear();
    p.deadline = ctx.now() + delay;
    p.next = reason;
    persist(ctx, "r " + name + " " + key_text(key) + " " + std::to_string(p.deadline.count()) + " " +
                     std::string(to_string(reason)),
            false);
}

void QueueRole::pump(Context& ctx, const std::string& name, Group& group) {
    if (group.members.empty())
        return;
    std::map<NodeId, std::int64_t> holding;
    for (const auto& [key, p] : group.pending)
        if (p.status == Status::InFlight)
            ++holding[p.consumer];
    std::vector<NodeId> members;
    for (const auto& [node, seen] : group.members)
        members.push_back(node);
    while (!group.ready.empty()) {
        const MessageKey key = group.ready.front();
        auto it = group.pending.find(key);
        if (it == group.pending.end() || it->second.status != Status::Ready) {
            group.ready.pop_front();   // settled or moved on since it was queued
            continue;
        }
        // The next member round robin with room in its prefetch window.
        std::optional<std::size_t> pick;
        for (std::size_t i = 0; i < members.size(); ++i) {
            const std::size_t m = (group.cursor + i) % members.size();
            if (holding[members[m]] < config_.prefetch) {
                pick = m;
                break;
            }
        }
        if (!pick)
            return;
        group.cursor = (*pick + 1) % members.size();
        group.ready.pop_front();
        const NodeId& consumer = members[*pick];
        ++holding[consumer];
        Pending& p = it->second;
        const Reason reason = p.next;
        ++p.attempts;
        p.status = Status::InFlight;
        p.consumer = consumer;
        p.deadline = ctx.now() + config_.visibility_timeout;
        persist(ctx, "t " + name + " " + key_text(key) + " " + std::to_string(p.attempts), false);
        Json body = messages_.at(key).to_json();
        body["group"] = name;
        body["attempt"] = p.attempts;
        body["reason"] = to_string(reason);
        ctx.send(consumer, std::string(kDeliver), std::move(body));
        if (p.attempts == 1) {
            ++delivered_;
            ctx.count("delivered");
        } else {
            ++redelivered_;
            ctx.count("redelivered");
        }
    }
}

void QueueRole::expire(Context& ctx) {
    const Duration now = ctx.now();
    for (auto& [name, group] : groups_) {
        for (auto m = group.members.begin(); m != group.members.end();) {
            if (now - m->second < config_.session_timeout) {
                ++m;
                continue;
            }
            ctx.log(LogLevel::Info, m->first + " left group " + name + ": no heartbeat for " +
                                        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                           now - m->second)
                                                           .count()) +
                                        " ms");
            m = group.members.erase(m);
        }
        std::vector<std::pair<MessageKey, Reason>> failed;
        for (auto& [key, p] : group.pending) {
            if (p.deadline > now)
                continue;
            if (p.status == Status::InFlight)
                failed.emplace_back(key, Reason::Timeout);
            else if (p.status == Status::Waiting)
                make_ready(group, key, p, p.next);
        }
        for (const auto& [key, reason] : failed) {
            ++timeouts_;
            ctx.count("timeouts");
            fail(ctx, name, group, key, reason);
        }
        pump(ctx, name, group);
    }
}

void QueueRole::after_change(Context& ctx) {
    std::int64_t depth = 0, in_flight = 0;
    bool starved = false;
    std::optional<Duration> wake;
    const auto sooner = [&wake](Duration t) { wake = wake ? std::min(*wake, t) : t; };
    for (const auto& [name, group] : groups_) {
        bool ready = false;
        for (const auto& [key, p] : group.pending) {
            if (p.status == Status::InFlight) {
                ++in_flight;
                sooner(p.deadline);
            } else {
                ++depth;
                ready = ready || p.status == Status::Ready;
                if (p.status == Status::Waiting)
                    sooner(p.deadline);
            }
        }
        for (const auto& [node, seen] : group.members)
            sooner(seen + config_.session_timeout);
        starved = starved || (ready && group.members.empty());
    }
    ctx.gauge("depth", static_cast<double>(depth));
    ctx.gauge("in_flight", static_cast<double>(in_flight));
    ctx.gauge("dlq_depth", static_cast<double>(dlq_.size()));
    const std::string phase = starved ? "no_consumers" : "serving";
    if (phase != phase_) {
        phase_ = phase;
        ctx.phase(phase_, starved ? Text{"a group has messages waiting and no live consumer", "有消费组的消息在等待，却没有存活的消费者"}
                                  : Text{"every group with messages has a live consumer", "每个有消息的消费组都有存活的消费者"});
    }
    if (wake)
        ctx.set_timer(kWakeTimer, std::max(Duration(0), *wake - ctx.now()));
    else
        ctx.cancel_timer(kWakeTimer);
}

std::int64_t QueueRole::held() const {
    std::int64_t held = std::ssize(dlq_);
    for (const auto& [name, group] : groups_)
        held += std::ssize(group.pending);
    if (groups_.empty())
        held += std::ssize(messages_);   // kept for the groups to come
    return held;
}

}  // namespace distlab::core::message_queue
