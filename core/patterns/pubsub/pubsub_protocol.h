#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/ids.h"
#include "core/model/json.h"

// The publish-subscribe protocol between publishers, the broker and subscribers:
//
//   publish          {subject, publisher, seq}             publisher -> broker, a call
//   publish_reply    {ok: true, matched: n}                 the broker took the message and handed it
//                  | {ok: false, error}                     to the n matching subscriptions' buffers
//   subscribe        {pattern, delivery, queue?}            subscriber -> broker, a call; one
//   subscribe_reply  {ok: true, delivery?}                  subscription per subscriber node; `queue`
//                  | {ok: false, error}                     names its queue group (one member of the
//                                                           group gets each message); `delivery`: the
//                                                           broker serves it otherwise than asked
//                                                           (at_most_once on a core NATS broker)
//   deliver          {subject, publisher, seq, attempt}     broker -> subscriber; attempt counts from 1
//   ack              {publisher, seq}                       subscriber -> broker once it processed a
//                                                           delivery: frees a place in its window,
//                                                           and at-least-once ends the retention
//   disconnected     {reason}                               broker -> subscriber: the subscription is
//                                                           gone (a slow consumer); subscribe again
//
// A message is named by (publisher, seq): the node that published it and its sequence number
// there, counted from 1, so a subscriber can dedupe and check per-publisher order.
namespace distlab::core::pubsub {

inline constexpr std::string_view kPublish = "publish";
inline constexpr std::string_view kPublishReply = "publish_reply";
inline constexpr std::string_view kSubscribe = "subscribe";
inline constexpr std::string_view kSubscribeReply = "subscribe_reply";
inline constexpr std::string_view kDeliver = "deliver";
inline constexpr std::string_view kAck = "ack";
inline constexpr std::string_view kDisconnected = "disconnected";

// What the broker promises a subscription.
enum class Delivery {
    AtMostOnce,    // fire and forget: what a subscriber does not get while it is away is gone
    AtLeastOnce,   // durable: kept until acknowledged, redelivered after ack_wait
};

std::string_view to_string(Delivery delivery);
std::optional<Delivery> delivery_from_string(std::string_view name);

struct PubMessage {
    std::string subject;
    NodeId publisher;
    std::int64_t seq = 0;

    // {subject, publisher, seq}
    Json to_json() const;
    // Nothing when a field is missing or of the wrong type.
    static std::optional<PubMessage> from_json(const Json& body);
};

}  // namespace distlab::core::pubsub
