#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/message_queue/mq_protocol.h"

namespace distlab::core::message_queue {

// The reference system whose retry settings the queue starts from.
enum class Preset {
    None,       // 3 retries, 1 s apart
    RocketMq,   // 16 retries on RocketMQ's ladder (10 s ... 2 h), divided by ladder_compression
    RabbitMq,   // RabbitMQ quorum queues' delivery limit: 20 redeliveries, requeued at once
};

struct QueueConfig {
    Preset preset = Preset::None;
    std::int64_t max_retries = -1;        // -1: the preset's
    Duration retry_delay{0};              // 0: the preset's ladder; else this delay for every retry
    double ladder_compression = 200;      // RocketMQ's ladder runs this many times faster
    Duration visibility_timeout{2s};
    std::int64_t prefetch = 4;            // unacknowledged deliveries per consumer
    Duration session_timeout{1500ms};     // a consumer not heard from this long leaves its group
    bool durable = true;
    std::int64_t capacity = 10000;        // messages held (pending in every group, and the DLQ)

    // Retries after the first delivery before a message goes to the DLQ.
    std::int64_t retries() const;
    // The wait before retry `n` (1 for the first retry), in role time.
    Duration delay_before_retry(std::int64_t n) const;

    static const ParamList<QueueConfig>& params();
    static QueueConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `queue` role of the durable message queue pattern (mq_protocol.h).
//
// Producers enqueue messages; the queue appends each to its log in the node's storage (synced)
// before it acknowledges it, so a durable queue killed and restarted replays its log and loses
// nothing it acknowledged. Consumers join a group with a heartbeat; every group gets every
// message (a group created later starts from the first message of the log), and the members
// of a group compete for them: each message goes to one member at a time, round robin, with at
// most `prefetch` unacknowledged per member.
//
// A delivery is settled by an ack. A nack, or no answer within visibility_timeout (the consumer
// died holding it, or is too slow), is a failed attempt: the message waits its delay on the
// retry ladder and is delivered again; after retries() retries (retries() + 1 deliveries) it
// goes to the dead-letter queue (DLQ) instead. What a restarted queue finds in flight in its log
// it delivers again (reason recovered); messages waiting on the ladder keep their due time.
//
// With durable off, the log lives in memory only: a restart starts empty, and every message it
// had acknowledged but not delivered and settled is lost (the naive partner).
//
// Storage: key "mq_log", one line per change: m <producer> <seq> <poison 0|1> (enqueued),
// g <group> (created), t <group> <producer> <seq> <attempt> (delivered), r <group> <producer>
// <seq> <due_ns> <reason> (failed, waits on the ladder), a <group> <producer> <seq> (acked),
// d <group> <producer> <seq> <attempts> (dead-lettered).
//
// Phases: serving, no_consumers (a group has messages and no live member). Gauges: depth
// (messages waiting to be delivered, ready or on the ladder, over every group), in_flight, and
// dlq_depth, each drawn against capacity. Counters: enqueued, delivered, redelivered, acks,
// nacks, timeouts, dead_lettered, rejected, malformed, unknown_acks.
//
// Owned by the role driver; single-threaded like every role.
class QueueRole final : public Role {
public:
    explicit QueueRole(QueueConfig config);

    static std::vector<PhaseSpec> phases();
    static std::vector<GaugeSpec> gauges();
    // The snapshot lists at most this many DLQ entries (and dlq_depth counts them all).
    static constexpr std::size_t kDlqShown = 256;

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class Status { Ready, InFlight, Waiting };

    struct Pending {
        Status status = Status::Ready;
        std::int64_t attempts = 0;        // deliveries so far
        NodeId consumer;                  // InFlight: who holds it
        Duration deadline{0};             // InFlight: visibility deadline; Waiting: due time
        Reason next = Reason::First;      // the reason its next delivery will give
    };

    struct Group {
        std::map<MessageKey, Pending> pending;
        std::deque<MessageKey> ready;     // in delivery order; keys no longer Ready are skipped
        std::map<NodeId, Duration> members;   // last heartbeat
        std::size_t cursor = 0;           // round robin among members
        std::uint64_t acked = 0;
    };

    struct Dead {
        std::string group;
        MessageKey key;
        std::int64_t attempts = 0;
    };

    void replay(Context& ctx);
    // One log line applied to memory (replay); false when it cannot be read.
    bool apply(const std::string& line);
    void persist(Context& ctx, const std::string& line, bool sync);

    void handle_enqueue(Context& ctx, const Message& msg);
    void handle_join(Context& ctx, const Message& msg);
    void handle_ack(Context& ctx, const Message& msg, bool ok);

    Group& create_group(const std::string& name);
    void add_to_groups(const MessageKey& key);
    void make_ready(Group& group, const MessageKey& key, Pending& p, Reason reason);
    // A failed delivery: back on the ladder, or into the DLQ after the last retry. Erases it
    // from the group when dead-lettered.
    void fail(Context& ctx, const std::string& name, Group& group, const MessageKey& key, Reason reason);
    void pump(Context& ctx, const std::string& name, Group& group);
    void expire(Context& ctx);
    void after_change(Context& ctx);   // gauges, phase, the wake-up timer
    std::int64_t held() const;

    QueueConfig config_;
    std::map<MessageKey, MqMessage> messages_;
    std::vector<MessageKey> order_;       // log order
    std::map<std::string, Group> groups_;
    std::vector<Dead> dlq_;
    std::string phase_;

    std::uint64_t enqueued_ = 0;
    std::uint64_t delivered_ = 0;
    std::uint64_t redelivered_ = 0;
    std::uint64_t acks_ = 0;
    std::uint64_t nacks_ = 0;
    std::uint64_t timeouts_ = 0;
};

}  // namespace distlab::core::message_queue
