#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/backpressure/flow_sender.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::backpressure {

struct ProducerConfig {
    OpenLoopWorkload workload;            // target (a bounded-stage), rate, arrival, stop_at
    std::int64_t item_size = 1024;        // bytes each item stands for
    std::int64_t priorities = 1;          // items get a priority drawn uniformly in [0, priorities)
    std::int64_t backlog_limit = 50;      // items made but not yet sent; at the limit it makes none
    Duration ack_timeout{1s};

    static const ParamList<ProducerConfig>& params();
    static ProducerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `producer` role of the backpressure pattern: makes items at `rate` and sends them to its
// target with the flow control the target asks for (flow_sender.h). Items wait in a backlog
// while the gate is shut (no credits, or paused by "full"); when the backlog is full the
// producer makes nothing (counted `throttled`): that is how backpressure slows the source.
//
// Each item is one client operation, send {id, priority}, invoked when it is made and
// completed: ok when the stage acknowledged it (it is then the stage's to keep, and the
// no_acked_loss check holds the pipeline to that); fail when it was refused for good ("shed",
// or "full" from a stage that drops); info when the acknowledgement never came (timeout). An
// item refused as "full" by a blocking or credit-giving stage goes back to the front of the
// backlog and is sent again (`retries`).
//
// Counters: produced, calls, successes, rejections, shed, timeouts, retries, throttled.
// Gauges: backlog, in_flight, credits. It is running until stop_at, then stopped (client_phases()).
//
// Owned by the role driver; single-threaded like every role.
class ProducerRole final : public Role {
public:
    explicit ProducerRole(ProducerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Pending {
        Item item;
        OpId op = 0;
    };

    void produce(Context& ctx);            // one arrival: make an item, send what may go
    void make_item(Context& ctx);
    void pump(Context& ctx);
    void sent(Context& ctx, const Item& item, const SendResult& result);
    void publish_gauges(Context& ctx) const;

    ProducerConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;                          // calls, successes (acked), timeouts, retries
    FlowSender sender_;
    std::int64_t next_id_ = 0;
    std::deque<Pending> backlog_;
    std::map<std::int64_t, OpId> in_flight_;   // item id -> its op

    std::uint64_t produced_ = 0;
    std::uint64_t rejected_ = 0;
    std::uint64_t shed_ = 0;
    std::uint64_t throttled_ = 0;
};

}  // namespace distlab::core::backpressure
