#pragma once

#include <cstdint>
#include <map>
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
    std::int64_t offline_buffer = 0;      // 0: fire and forget; n: keep up to n unacknowledged, resend

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
// With offline_buffer n > 0 it stores and forwards, as an MQTT client's offline buffer does: a
// publish that times out is kept (same seq) instead of given up, and the publisher is offline:
// new messages wait in the buffer too, and it probes the broker by resending the oldest one,
// one at a time. The first answer brings it back online and it sends everything buffered,
// oldest first. A message still buffered has no outcome yet; when the buffer holds n, the
// oldest is dropped (fail, "buffer full", counted `dropped`).
//
// Counters: calls, successes, failures, timeouts, retries (resends) (CallTally), dropped.
// Phases: client_phases().
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
    void send(Context& ctx, std::int64_t seq, OpId op, bool probe);
    void probe(Context& ctx);
    // Into the buffer (`sent`: it went out before), dropping the oldest beyond offline_buffer.
    void keep(Context& ctx, std::int64_t seq, OpId op, bool sent);
    void back_online(Context& ctx);

    PublisherConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_seq_ = 0;
    struct Buffered {
        OpId op = 0;
        bool sent = false;   // went out before and timed out: sending it again is a retry
    };
    std::map<std::int64_t, Buffered> buffered_;   // offline_buffer: by seq, waiting to be (re)sent
    bool offline_ = false;
    bool probing_ = false;
    std::int64_t dropped_ = 0;
};

}  // namespace distlab::core::pubsub
