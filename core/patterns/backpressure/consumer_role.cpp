#include "core/patterns/backpressure/consumer_role.h"

#include <algorithm>
#include <utility>

namespace distlab::core::backpressure {

namespace {

constexpr TimerId kProcessTimer{1};

}  // namespace

const ParamList<ConsumerConfig>& ConsumerConfig::params() {
    static const ParamList<ConsumerConfig> list = ParamList<ConsumerConfig>{}
        .duration("process_time", &ConsumerConfig::process_time, "20ms",
                  "Time the consumer spends on one item (it handles one at a time)",
                  "消费者处理一个数据项所需的时间（一次处理一个）", {.min = 0})
        .integer("buffer", &ConsumerConfig::buffer, 4,
                 "Items it accepts at once: the credits it grants upstream",
                 "同时接收的数据项数：即它向上游发放的信用额度", {.min = 1, .max = 100000});
    return list;
}

ConsumerRole::ConsumerRole(ConsumerConfig config) : config_(std::move(config)) {}

void ConsumerRole::start(Context& ctx) {
    ctx.gauge("buffer", 0);
}

void ConsumerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kItem) {
        handle_item(ctx, msg);
        return;
    }
    if (msg.type == kSubscribe) {
        const std::int64_t room = config_.buffer - std::ssize(buffer_) - credits_.outstanding();
        ctx.reply(msg, {{"flow", to_string(Flow::Credits)}, {"credits", credits_.add_source(msg.from, room)}});
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

void ConsumerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kProcessTimer)
        finish(ctx);
}

Json ConsumerRole::snapshot() const {
    return {{"buffer", buffer_.size()},
            {"busy", busy_},
            {"consumed", consumed_count_},
            {"duplicates", duplicates_},
            {"credits", credits_.outstanding()}};
}

bool ConsumerRole::consumed(const Item& item) const {
    auto it = consumed_.find(item.origin);
    return it != consumed_.end() && it->second.contains(item.id);
}

void ConsumerRole::handle_item(Context& ctx, const Message& msg) {
    ctx.count("received");
    const std::optional<Item> item = Item::from_json(msg.body);
    if (!item) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "malformed"}});
        return;
    }
    if (!credits_.use(msg.from))
        ctx.count("credit_violations");
    if (consumed(*item)) {
        ++duplicates_;
        ctx.count("duplicates");
        ctx.reply(msg, item_reply(*item));
        credits_.grant(ctx, config_.buffer - std::ssize(buffer_) - credits_.outstanding());
        return;
    }
    if (std::ssize(buffer_) >= config_.buffer) {
        ctx.reply(msg, item_reply(*item, kErrorFull));
        return;
    }
    buffer_.push_back({msg, *item});
    ctx.gauge("buffer", static_cast<double>(buffer_.size()));
    begin_next(ctx);
}

void ConsumerRole::begin_next(Context& ctx) {
    if (busy_ || buffer_.empty())
        return;
    busy_ = true;
    ctx.set_timer(kProcessTimer, config_.process_time);
}

void ConsumerRole::finish(Context& ctx) {
    if (!busy_ || buffer_.empty())
        return;
    busy_ = false;
    Waiting done = std::move(buffer_.front());
    buffer_.pop_front();
    if (!consumed(done.item)) {
        consumed_[done.item.origin].insert(done.item.id);
        ++consumed_count_;
        ctx.count("consumed");
    } else {
        ++duplicates_;
        ctx.count("duplicates");
    }
    ctx.reply(done.request, item_reply(done.item));
    ctx.gauge("buffer", static_cast<double>(buffer_.size()));
    credits_.grant(ctx, config_.buffer - std::ssize(buffer_) - credits_.outstanding());
    begin_next(ctx);
}

}  // namespace distlab::core::backpressure
