#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/time.h"

// The durable message queue's protocol between producers, the queue and consumers:
//
//   enqueue        {producer, seq, poison}                producer -> queue, a call
//   enqueue_reply  {ok: true} | {ok: false, error}        the queue stored the message (on its
//                                                         disk when durable) before it says ok
//   join           {group}                                consumer -> queue, a call; also the
//   join_reply     {ok: true} | {ok: false, error}        consumer's heartbeat, sent again and again
//   deliver        {producer, seq, poison, group,         queue -> consumer; attempt counts from 1,
//                   attempt, reason}                      reason says why this delivery (Reason)
//   ack            {producer, seq, group}                 consumer -> queue: processed, settle it
//   nack           {producer, seq, group, error}          consumer -> queue: processing failed,
//                                                         retry it after the ladder's delay
//
// A message is named by (producer, seq): the node that produced it and its sequence number
// there, counted from 1. A group name is [a-z0-9_-], 1 to 64 characters.
namespace distlab::core::message_queue {

inline constexpr std::string_view kEnqueue = "enqueue";
inline constexpr std::string_view kEnqueueReply = "enqueue_reply";
inline constexpr std::string_view kJoin = "join";
inline constexpr std::string_view kJoinReply = "join_reply";
inline constexpr std::string_view kDeliver = "deliver";
inline constexpr std::string_view kAck = "ack";
inline constexpr std::string_view kNack = "nack";

// Why the queue delivers a message (again): the explanation of every duplicate.
enum class Reason {
    First,       // its first delivery
    Retry,       // a consumer failed it (nack) and its delay on the retry ladder passed
    Timeout,     // a consumer held it past the visibility timeout (dead, stuck or too slow)
    Recovered,   // it was in flight when the queue died; the restarted queue sends it again
};

std::string_view to_string(Reason reason);
std::optional<Reason> reason_from_string(std::string_view name);

using MessageKey = std::pair<NodeId, std::int64_t>;   // (producer, seq)

struct MqMessage {
    NodeId producer;
    std::int64_t seq = 0;
    bool poison = false;   // every consumer fails on it: the poison message of the scenarios

    MessageKey key() const { return {producer, seq}; }
    // {producer, seq, poison}
    Json to_json() const;
    // Nothing when a field is missing or of the wrong type, or seq < 1.
    static std::optional<MqMessage> from_json(const Json& body);
};

// (producer, seq) of an ack or nack body; nothing when malformed.
std::optional<MessageKey> key_from_json(const Json& body);

bool valid_group(std::string_view group);

// The retry ladders of the reference systems (real time, before any compression).
//
// RocketMQ: messageDelayLevel is "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"
// and a failed concurrent consume goes back at level 3 + reconsumeTimes, so the 16 retries
// (retryMaxTimes) wait 10s 30s 1m 2m ... 10m 20m 30m 1h 2h: 4 h 45 min 40 s in all.
std::vector<Duration> rocketmq_ladder();
inline constexpr std::int64_t kRocketMqMaxRetries = 16;
// RabbitMQ 4.0 quorum queues: a default delivery limit of 20; a message redelivered 20 times
// is dead-lettered; a rejected message is requeued at once (no delay).
inline constexpr std::int64_t kRabbitMqDeliveryLimit = 20;

}  // namespace distlab::core::message_queue
