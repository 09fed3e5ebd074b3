#include "core/patterns/backpressure/flow_sender.h"

#include <iterator>
#include <utility>

namespace distlab::core::backpressure {

FlowSender::FlowSender(NodeId target, Duration ack_timeout)
    : target_(std::move(target)), ack_timeout_(ack_timeout) {}

void FlowSender::start(Context& ctx, std::function<void(Context&)> on_open) {
    on_open_ = std::move(on_open);
    subscribe(ctx);
}

void FlowSender::subscribe(Context& ctx) {
    ctx.call(target_, std::string(kSubscribe), Json::object(), ack_timeout_,
             [this](Context& c, const CallOutcome& outcome) {
                 if (outcome.timed_out) {
                     c.count("subscribe_timeouts");
                     subscribe(c);
                     return;
                 }
                 const Json& body = outcome.reply.body;
                 const auto flow = body.is_object() && body.contains("flow") && body["flow"].is_string()
                                       ? flow_from_string(body["flow"].get<std::string>())
                                       : std::nullopt;
                 if (!flow) {
                     c.log(LogLevel::Warn, "the subscription to " + target_ + " was answered without a known flow; "
                                           "sending freely");
                 }
                 flow_ = flow.value_or(Flow::Free);
                 if (flow_ == Flow::Credits) {
                     const auto credits = body.find("credits");
                     credits_ = credits != body.end() && credits->is_number_integer() ? credits->get<std::int64_t>() : 0;
                 }
                 subscribed_ = true;
                 c.log(LogLevel::Info, "subscribed to " + target_ + ": flow " + std::string(to_string(flow_)) +
                                           (flow_ == Flow::Credits ? ", " + std::to_string(credits_) + " credits" : ""));
                 opened(c);
             });
}

bool FlowSender::on_message(Context& ctx, const Message& msg) {
    if (msg.from != target_)
        return false;
    if (msg.type == kCredit) {
        const auto n = msg.body.is_object() ? msg.body.find("n") : msg.body.end();
        if (n != msg.body.end() && n->is_number_integer() && n->get<std::int64_t>() > 0)
            credits_ += n->get<std::int64_t>();
        else
            ctx.count("malformed");
        opened(ctx);
        return true;
    }
    if (msg.type == kFull) {
        paused_ = true;
        return true;
    }
    if (msg.type == kResume) {
        paused_ = false;
        opened(ctx);
        return true;
    }
    return false;
}

bool FlowSender::may_send() const {
    return subscribed_ && !paused_ && (flow_ != Flow::Credits || credits_ > 0);
}

void FlowSender::send(Context& ctx, const Item& item, Done done) {
    if (flow_ == Flow::Credits)
        --credits_;
    ctx.call(target_, std::string(kItem), item.to_json(), ack_timeout_,
             [this, item, done = std::move(done)](Context& c, const CallOutcome& outcome) {
                 SendResult result;
                 if (outcome.timed_out) {
                     result = {SendResult::Kind::Unknown, "timeout"};
                 } else {
                     const Json& body = outcome.reply.body;
                     const auto ok = body.is_object() ? body.find("ok") : body.end();
                     if (ok == body.end() || !ok->is_boolean()) {
                         result = {SendResult::Kind::Unknown, "malformed reply"};
                     } else if (ok->get<bool>()) {
                         result = {SendResult::Kind::Accepted, {}};
                     } else {
                         const auto error = body.find("error");
                         result = {SendResult::Kind::Refused,
                                   error != body.end() && error->is_string() ? error->get<std::string>()
                                                                             : std::string(kErrorFull)};
                         if (result.error == kErrorFull && flow_ == Flow::Block)
                             paused_ = true;
                     }
                 }
                 done(c, item, result);
             });
}

void FlowSender::opened(Context& ctx) {
    if (on_open_ && may_send())
        on_open_(ctx);
}

Json FlowSender::snapshot() const {
    Json snap = {{"target", target_}, {"flow", subscribed_ ? to_string(flow_) : "subscribing"}};
    if (flow_ == Flow::Credits)
        snap["credits"] = credits_;
    if (flow_ == Flow::Block)
        snap["paused"] = paused_;
    return snap;
}

std::int64_t CreditGranter::add_source(const NodeId& source, std::int64_t room) {
    const std::int64_t first = room > 0 ? room : 0;
    auto [it, added] = granted_.try_emplace(source, 0);
    (void)added;
    it->second += first;
    outstanding_ += first;
    return first;
}

bool CreditGranter::use(const NodeId& source) {
    auto it = granted_.find(source);
    if (it == granted_.end() || it->second <= 0)
        return false;
    --it->second;
    --outstanding_;
    return true;
}

void CreditGranter::grant(Context& ctx, std::int64_t room) {
    if (room <= 0 || granted_.empty())
        return;
    std::map<NodeId, std::int64_t> shares;
    for (std::int64_t i = 0; i < room; ++i) {
        auto it = std::next(granted_.begin(), static_cast<std::ptrdiff_t>(turn_ % granted_.size()));
        ++turn_;
        ++it->second;
        ++shares[it->first];
    }
    outstanding_ += room;
    for (const auto& [source, n] : shares)
        ctx.send(source, std::string(kCredit), {{"n", n}});
}

}  // namespace distlab::core::backpressure
