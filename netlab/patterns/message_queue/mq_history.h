#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/model/text.h"
#include "core/patterns/message_queue/mq_protocol.h"
#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

// What a run of the durable message queue did to each message, read from its events: the
// producers' enqueue operations, the queue's deliver messages, the consumers' consume
// operations, and the queue's last snapshot (its DLQ and what it still holds). The checks and
// the report's figures of the pattern both read it.
namespace distlab::netlab::mq {

using Key = core::message_queue::MessageKey;

inline constexpr std::string_view kQueueRole = "queue";
inline constexpr std::string_view kProducerRole = "mq-producer";
inline constexpr std::string_view kConsumerRole = "mq-consumer";

// One enqueue a producer attempted.
struct Enqueue {
    bool acked = false;           // the queue acknowledged it (op ok)
    bool poison = false;
    std::int64_t t_ns = 0;        // of the acknowledgement (or of the invoke when never acked)
    std::uint64_t op = 0;         // the producer's operation
    std::string producer;
};

// One delivery the queue sent.
struct Delivery {
    std::int64_t t_ns = 0;
    std::int64_t attempt = 0;
    std::string reason;           // first, retry, timeout, recovered
    std::string consumer;
};

// One message in one consumer group.
struct Track {
    std::vector<Delivery> deliveries;                 // in time order, over every incarnation of the queue
    std::int64_t received = 0;                        // consume operations invoked
    std::int64_t consumed = 0;                        // ... completed ok (processed)
    std::int64_t failed = 0;                          // ... completed fail (processing failed)
    std::map<std::string, std::int64_t> extra;        // receipts after the first, by reason; "network"
                                                      // when the queue had sent it only once
};

// The queue at the end of the run (its last snapshot), if it is running then.
struct FinalQueue {
    std::string node;
    std::int64_t depth = 0;
    std::int64_t in_flight = 0;
    std::int64_t retrying = 0;
    std::int64_t dlq_depth = 0;
    std::int64_t max_retries = 0;
    std::set<std::pair<std::string, Key>> dlq;        // (group, message), as listed
    bool dlq_complete = true;                         // the snapshot listed every DLQ entry
};

struct MqHistory {
    std::vector<std::string> queues;                  // nodes running the queue role
    std::map<Key, Enqueue> enqueues;                  // every enqueue attempted
    std::map<std::string, std::map<Key, Track>> groups;
    std::vector<FinalQueue> final_queues;             // one per queue running at the end
    std::vector<std::string> dead_queues;             // queues down at the end (they hold nothing)
    std::int64_t deliveries = 0;
    std::int64_t redeliveries = 0;                    // deliveries with attempt > 1
    std::map<std::string, std::int64_t> redeliveries_by_reason;

    bool in_dlq(const std::string& group, const Key& key) const;
    std::int64_t dlq_depth() const;
    bool dlq_complete() const;
    std::int64_t acked() const;
};

MqHistory read_mq_history(const std::vector<Event>& events, const RoleCatalog& roles);

// "p1#12"
std::string key_name(const Key& key);

// Why a message came again, for people: "after a failure (nack)", "after the visibility
// timeout", "after the queue restarted", "duplicated by the network".
core::Text reason_text(const std::string& reason);

}  // namespace distlab::netlab::mq
