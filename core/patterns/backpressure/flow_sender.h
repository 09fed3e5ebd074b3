#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/model/role.h"
#include "core/patterns/backpressure/flow_protocol.h"

namespace distlab::core::backpressure {

// How a sent item ended.
struct SendResult {
    enum class Kind { Accepted, Refused, Unknown };
    Kind kind = Kind::Unknown;
    std::string error;            // Refused: "full" or "shed"; Unknown: "timeout" or "malformed reply"
};

// The sending half of one hop of the backpressure protocol (flow_protocol.h): subscribes to
// the receiver, learns its flow mode, and keeps the gate: credits left, or paused by "full"
// until "resume". The owning role keeps its own items and calls send() while may_send().
//
// `on_open` (given to start()) runs whenever the gate may have opened (the subscription was
// answered, credits or "resume" arrived), so the owner can send what waits.
//
// Owned by one role, which outlives it; the calls it makes capture `this`. Single-threaded.
class FlowSender {
public:
    using Done = std::function<void(Context&, const Item&, const SendResult&)>;

    FlowSender(NodeId target, Duration ack_timeout);

    void start(Context& ctx, std::function<void(Context&)> on_open);
    // Handles "credit", "full" and "resume" from the target; false for any other message.
    bool on_message(Context& ctx, const Message& msg);

    bool subscribed() const { return subscribed_; }
    bool may_send() const;
    // Sends `item` as a call (requires may_send()); `done` runs once with the outcome. A
    // refusal as "full" pauses a blocking gate until "resume".
    void send(Context& ctx, const Item& item, Done done);

    Flow flow() const { return flow_; }
    std::int64_t credits() const { return credits_; }
    bool paused() const { return paused_; }
    const NodeId& target() const { return target_; }
    Json snapshot() const;

private:
    void subscribe(Context& ctx);
    void opened(Context& ctx);

    NodeId target_;
    Duration ack_timeout_;
    std::function<void(Context&)> on_open_;
    bool subscribed_ = false;
    Flow flow_ = Flow::Free;
    std::int64_t credits_ = 0;
    bool paused_ = false;
};

// The receiving half's credits (Reactive Streams' request(n); HTTP/2 and QUIC flow-control
// windows): each source may send as many items as it holds credits, and the receiver grants
// only room it really has, so what it holds never exceeds its capacity, whatever the senders do.
//
// Owned by one role. Single-threaded.
class CreditGranter {
public:
    // A new source; returns its first credits, taken from `room` (free capacity not yet granted).
    std::int64_t add_source(const NodeId& source, std::int64_t room);
    // An item arrived from `source`: one of its credits is used. False when it had none left.
    bool use(const NodeId& source);
    // Grants `room` more credits among the sources, one at a time in turn, and sends each
    // source one "credit" message with its share.
    void grant(Context& ctx, std::int64_t room);
    // Credits granted and not yet used.
    std::int64_t outstanding() const { return outstanding_; }
    std::size_t sources() const { return granted_.size(); }

private:
    std::map<NodeId, std::int64_t> granted_;   // per source: granted, not yet used
    std::int64_t outstanding_ = 0;
    std::size_t turn_ = 0;
};

}  // namespace distlab::core::backpressure
