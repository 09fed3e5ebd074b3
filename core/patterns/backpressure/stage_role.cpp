#include "core/patterns/backpressure/stage_role.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace distlab::core::backpressure {

namespace {

std::string_view to_string(Overflow overflow) {
    switch (overflow) {
    case Overflow::Unbounded: return "unbounded";
    case Overflow::Drop: return "drop";
    case Overflow::Block: return "block";
    case Overflow::Credits: return "credits";
    }
    return "credits";
}

}  // namespace

const ParamList<StageConfig>& StageConfig::params() {
    static const ParamList<StageConfig> list = ParamList<StageConfig>{}
        .node("target", &StageConfig::target, nullptr,
              "The consumer this stage feeds",
              "本阶段向其输送数据项的消费者")
        .choice("overflow", &StageConfig::overflow, "credits",
                {{"unbounded", Overflow::Unbounded},
                 {"drop", Overflow::Drop},
                 {"block", Overflow::Block},
                 {"credits", Overflow::Credits}},
                "When the queue is full: no limit at all (it grows without bound), drop new items, "
                "block the producers (full / resume messages), or give producers credits for free room only",
                "队列满时：不设上限（无限增长）、丢弃新数据项、阻塞生产者（full / resume 消息），"
                "或只按空闲容量向生产者发放信用额度")
        .integer("queue_limit", &StageConfig::queue_limit, 20,
                 "Items the stage holds at once, queued or at the consumer (not with overflow unbounded)",
                 "本阶段同时持有的数据项上限，含排队中和消费者处理中的（overflow 为 unbounded 时无效）",
                 {.min = 1, .max = 1000000})
        .number("resume_fraction", &StageConfig::resume_fraction, 0.5,
                "Blocking: the producers may resume once the queue has drained to this fraction of the limit",
                "阻塞模式：队列降到上限的这一比例后，生产者才可恢复发送", {.min = 0, .max = 0.99})
        .integer("priorities", &StageConfig::priorities, 1,
                 "Priority levels for load shedding: items below the top level are refused once the queue "
                 "passes their share, lowest first (1: no shedding)",
                 "用于减载的优先级级数：队列超过其份额后，较低优先级的数据项被拒绝，最低的最先（1 表示不减载）",
                 {.min = 1, .max = 10})
        .duration("ack_timeout", &StageConfig::ack_timeout, "1s",
                  "How long an item at the consumer waits for its confirmation before it is sent again",
                  "发给消费者的数据项等待确认的时长，超时后重新发送", {.min = 1});
    return list;
}

std::int64_t StageConfig::admission_limit(std::int64_t priority) const {
    const std::int64_t level = std::clamp<std::int64_t>(priority, 0, priorities - 1);
    // ceil(queue_limit x (level + 1) / priorities), in integers.
    return (queue_limit * (level + 1) + priorities - 1) / priorities;
}

StageRole::StageRole(StageConfig config)
    : config_(std::move(config)),
      sender_(config_.target, config_.ack_timeout),
      queues_(static_cast<std::size_t>(config_.priorities)) {}

void StageRole::start(Context& ctx) {
    sender_.start(ctx, [this](Context& c) { after_change(c); });
    after_change(ctx);
}

void StageRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kItem) {
        handle_item(ctx, msg);
        return;
    }
    if (msg.type == kSubscribe) {
        handle_subscribe(ctx, msg);
        return;
    }
    if (sender_.on_message(ctx, msg)) {
        after_change(ctx);
        return;
    }
    if (msg.type == kItemReply || msg.type == std::string(kSubscribe) + "_reply") {
        ctx.count("late_replies");
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

std::int64_t StageRole::room() const {
    return config_.queue_limit - held() - credits_.outstanding();
}

void StageRole::handle_subscribe(Context& ctx, const Message& msg) {
    const bool known = !sources_.insert(msg.from).second;
    switch (config_.overflow) {
    case Overflow::Credits: {
        const std::int64_t first = known ? 0 : credits_.add_source(msg.from, room());
        ctx.reply(msg, {{"flow", to_string(Flow::Credits)}, {"credits", first}});
        break;
    }
    case Overflow::Block:
        ctx.reply(msg, {{"flow", to_string(Flow::Block)}});
        if (blocking_)
            ctx.send(msg.from, std::string(kFull), Json::object());
        break;
    case Overflow::Drop:
    case Overflow::Unbounded:
        ctx.reply(msg, {{"flow", to_string(Flow::Free)}});
        break;
    }
    after_change(ctx);
}

void StageRole::handle_item(Context& ctx, const Message& msg) {
    ++received_;
    ctx.count("received");
    const std::optional<Item> parsed = Item::from_json(msg.body);
    if (!parsed) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "malformed"}});
        return;
    }
    const Item& item = *parsed;
    if (config_.overflow == Overflow::Credits && !credits_.use(msg.from))
        ctx.count("credit_violations");
    const bool bounded = config_.overflow != Overflow::Unbounded;
    if (bounded && held() >= config_.queue_limit) {
        ++rejected_;
        ctx.count("rejections");
        ctx.reply(msg, item_reply(item, kErrorFull));
    } else if (bounded && held() >= config_.admission_limit(item.priority)) {
        ++shed_;
        ctx.count("shed");
        ctx.reply(msg, item_reply(item, kErrorShed));
    } else {
        ++accepted_;
        ctx.count("successes");
        queues_[static_cast<std::size_t>(std::clamp<std::int64_t>(item.priority, 0, config_.priorities - 1))]
            .push_back(item);
        ++queued_;
        hold(item);
        ctx.reply(msg, item_reply(item));
    }
    after_change(ctx);
}

void StageRole::pump(Context& ctx) {
    while (sender_.may_send() && queued_ > 0) {
        auto queue = std::find_if(queues_.rbegin(), queues_.rend(), [](const auto& q) { return !q.empty(); });
        Item item = std::move(queue->front());
        queue->pop_front();
        --queued_;
        in_flight_.insert_or_assign({item.origin, item.id}, item);
        sender_.send(ctx, item, [this](Context& c, const Item& sent, const SendResult& result) {
            forwarded(c, sent, result);
        });
    }
}

void StageRole::forwarded(Context& ctx, const Item& item, const SendResult& result) {
    auto it = in_flight_.find({item.origin, item.id});
    if (it == in_flight_.end())
        return;
    in_flight_.erase(it);
    if (result.kind == SendResult::Kind::Accepted) {
        ++forwarded_;
        ctx.count("forwarded");
        release(item);
    } else {
        // Still ours: it goes back to the head of its line and is sent again.
        ctx.count(result.kind == SendResult::Kind::Unknown ? "timeouts" : "refused_downstream");
        queues_[static_cast<std::size_t>(std::clamp<std::int64_t>(item.priority, 0, config_.priorities - 1))]
            .push_front(item);
        ++queued_;
    }
    after_change(ctx);
}

void StageRole::after_change(Context& ctx) {
    if (config_.overflow == Overflow::Block) {
        const auto resume_at = static_cast<std::int64_t>(
            std::floor(static_cast<double>(config_.queue_limit) * config_.resume_fraction));
        if (!blocking_ && held() >= config_.queue_limit) {
            blocking_ = true;
            ctx.count("full_signals");
            for (const NodeId& source : sources_)
                ctx.send(source, std::string(kFull), Json::object());
        } else if (blocking_ && held() <= resume_at) {
            blocking_ = false;
            for (const NodeId& source : sources_)
                ctx.send(source, std::string(kResume), Json::object());
        }
    }
    if (config_.overflow == Overflow::Credits)
        credits_.grant(ctx, room());
    pump(ctx);
    ctx.gauge("queue_depth", static_cast<double>(held()));
    ctx.gauge("queue_depth_max", static_cast<double>(peak_));
    ctx.gauge("queue_bytes", static_cast<double>(held_bytes_));
    ctx.gauge("in_flight", static_cast<double>(in_flight_.size()));
    ctx.gauge("credits", static_cast<double>(credits_.outstanding()));
}

void StageRole::hold(const Item& item) {
    held_ids_[item.origin].insert(item.id);
    held_bytes_ += item.size;
    peak_ = std::max(peak_, held());
}

void StageRole::release(const Item& item) {
    auto it = held_ids_.find(item.origin);
    if (it != held_ids_.end()) {
        it->second.erase(item.id);
        if (it->second.empty())
            held_ids_.erase(it);
    }
    held_bytes_ -= item.size;
}

Json StageRole::snapshot() const {
    Json held = Json::object();
    for (const auto& [origin, ids] : held_ids_)
        held[origin] = ids.to_json();
    Json snap = {{"overflow", to_string(config_.overflow)},
                 {"queue_depth", this->held()},
                 {"queue_depth_max", peak_},
                 {"queue_bytes", held_bytes_},
                 {"in_flight", in_flight_.size()},
                 {"sources", sources_.size()},
                 {"downstream", sender_.snapshot()},
                 {"received", received_},
                 {"accepted", accepted_},
                 {"rejections", rejected_},
                 {"shed", shed_},
                 {"forwarded", forwarded_},
                 {"held", std::move(held)}};
    if (config_.overflow != Overflow::Unbounded)
        snap["queue_limit"] = config_.queue_limit;
    if (config_.overflow == Overflow::Credits)
        snap["credits"] = credits_.outstanding();
    if (config_.overflow == Overflow::Block)
        snap["blocking"] = blocking_;
    return snap;
}

}  // namespace distlab::core::backpressure
