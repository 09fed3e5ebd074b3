#pragma once

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/message_queue/mq_protocol.h"

namespace distlab::core::message_queue {

// When a consumer acknowledges a delivery.
enum class AckMode {
    Manual,   // after processing it: a consumer that dies mid-message gets it redelivered
    Auto,     // on receipt, before processing (auto-ack): a consumer that dies mid-message loses it
};

struct MqConsumerConfig {
    NodeId queue;
    std::string group = "workers";
    Duration process_time{50ms};          // per message, one at a time
    AckMode ack = AckMode::Manual;
    Duration heartbeat{500ms};

    static const ParamList<MqConsumerConfig>& params();
    static MqConsumerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `mq-consumer` role of the durable message queue (mq_protocol.h): joins its group at the
// queue and keeps joining every `heartbeat` (the queue drops a member it has not heard from for
// its session_timeout); takes deliveries one at a time in process_time each. A poison message
// fails every time: the consumer nacks it. Any other message is processed and acknowledged
// (manual ack), or was acknowledged already on receipt (auto ack).
//
// Every delivery is one client operation, consume {producer, seq, group, attempt, reason}, invoked
// when it arrives and completed ok once processed ({producer, seq, group}) or fail when the
// processing failed: a consumer killed mid-message leaves it open. Checks count consumed,
// lost and duplicated messages from these.
//
// Phases: joining, consuming, disconnected (its last heartbeat went unanswered), refused (the
// queue refused the group). Counters: received, processed, failed, duplicates (processed by
// this process before).
//
// Owned by the role driver; single-threaded like every role.
class MqConsumerRole final : public Role {
public:
    explicit MqConsumerRole(MqConsumerConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Work {
        MqMessage message;
        OpId op = 0;
    };

    void join(Context& ctx);
    void enter(Context& ctx, std::string phase, Text reason);
    void handle_deliver(Context& ctx, const Message& msg);
    void begin_next(Context& ctx);
    void finish(Context& ctx);
    void settle(Context& ctx, const MqMessage& message, bool ok);

    MqConsumerConfig config_;
    std::string phase_;
    bool joining_ = false;                // a join call is outstanding
    bool refused_ = false;
    std::deque<Work> backlog_;            // the front one is in process when busy_
    bool busy_ = false;
    std::set<MessageKey> processed_ids_;

    std::uint64_t received_ = 0;
    std::uint64_t processed_ = 0;
    std::uint64_t failed_ = 0;
    std::uint64_t duplicates_ = 0;
};

}  // namespace distlab::core::message_queue
