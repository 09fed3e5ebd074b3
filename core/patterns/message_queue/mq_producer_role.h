#pragma once

#include <cstdint>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::message_queue {

struct MqProducerConfig {
    OpenLoopWorkload workload;            // target (the queue), rate, arrival, stop_at
    std::int64_t poison_seq = 0;          // this message is poison; 0: none
    Duration enqueue_timeout{1s};

    static const ParamList<MqProducerConfig>& params();
    static MqProducerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `mq-producer` role of the durable message queue (mq_protocol.h): enqueues numbered
// messages (1, 2, ...) to its queue at `rate`; the one numbered poison_seq is a poison message
// every consumer fails on.
//
// Each message is one client operation, enqueue {seq}: ok when the queue acknowledged it (it is
// stored), fail when refused, info when the acknowledgement never came (it may be stored).
// Not retried: a lost acknowledgement shows up as an info operation.
//
// Counters: calls, successes, failures, timeouts (CallTally). Phases: client_phases().
//
// Owned by the role driver; single-threaded like every role.
class MqProducerRole final : public Role {
public:
    explicit MqProducerRole(MqProducerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void enqueue(Context& ctx);

    MqProducerConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_seq_ = 0;
};

}  // namespace distlab::core::message_queue
