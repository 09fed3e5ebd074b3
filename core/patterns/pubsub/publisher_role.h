#pragma once

#include <cstdint>
#include <string>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::pubsub {

struct PublisherConfig {
    OpenLoopWorkload workload;            // target (the broker), rate, arrival, stop_at
    std::string subject = "orders.created";
    Duration publish_timeout{1s};

    static const ParamList<PublisherConfig>& params();
    static PublisherConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `publisher` role of the publish-subscribe pattern: publishes to `subject` at `rate`,
// each message named by this node and its sequence number (1, 2, ...), sent in sequence order
// so subscribers can check per-publisher order.
//
// Each message is one client operation, publish {seq, subject}: ok when the broker
// acknowledged it (it reached every matching subscription), fail when refused, info when the
// acknowledgement never came (it may have been published).
//
// Counters: calls, successes, failures, timeouts (CallTally). Phases: client_phases().
//
// Owned by the role driver; single-threaded like every role.
class PublisherRole final : public Role {
public:
    explicit PublisherRole(PublisherConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void publish(Context& ctx);

    PublisherConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_seq_ = 0;
};

}  // namespace distlab::core::pubsub
