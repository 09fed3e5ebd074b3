#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/pubsub/subscriber_role.h"
#include "core/patterns/stream/stream_protocol.h"

namespace distlab::core::stream {

// The number of a key the source names "k<n>"; nothing for any other name.
std::optional<std::int64_t> key_index(std::string_view key);

// Which of `count` operators a key goes to: its number for "k<n>", a stable hash of the name
// (FNV-1a) for any other, modulo count.
std::size_t operator_index(std::string_view key, std::size_t count);

struct SourceConfig {
    std::vector<NodeId> operators;        // records go to operators[key index % size]
    NodeId sink;
    double rate = 50;                     // events per second
    std::int64_t keys = 4;                // keys k0, k1, ...
    Duration out_of_orderness{400ms};     // an event's time lags its creation by up to this
    Duration late_burst_at{0};            // 0: no late burst
    std::int64_t late_burst_count = 20;
    Duration late_burst_lag{3s};          // the burst's events lag their creation by this much
    Duration stop_at{0};                  // the input ends then; 0: never
    Duration checkpoint_interval{2s};
    Duration checkpoint_timeout{0};       // 0: the preset's
    std::string preset = "flink";
    NodeId broker;                        // set: events come from this broker's subscription
    std::string pattern = ">";            // the subject pattern subscribed to

    static const ParamList<SourceConfig>& params();
    static SourceConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `stream-source` role: a replayable source (a Kafka partition with its reader) that is
// also the job's checkpoint coordinator (Flink's JobManager, in this small job).
//
// It creates `rate` events a second, each with a key and an event time up to out_of_orderness
// older than its creation (plus an optional late burst lagging late_burst_lag), appends each to
// its log in storage (its offset is its place there) and sends it to the operator of its key.
//
// The job starts when every operator and the sink said hello: attempt 1 opens every channel
// with restore {checkpoint 0}. Every checkpoint_interval it injects barrier n into every
// operator's channel, at one offset of its log, one checkpoint at a time (Flink's
// max-concurrent-checkpoints 1); when the sink acknowledges n, n is complete: its offset is
// stored and everyone is notified. When an operator or the sink starts again after a crash (a
// larger incarnation in its hello), the job restarts: attempt + 1, every channel restores the
// last completed checkpoint, and the source replays its log from that checkpoint's offset. A
// checkpoint not complete after checkpoint_timeout is abandoned. When the input ends
// (stop_at), it sends end_of_input and takes one final checkpoint.
//
// With a `broker` it generates nothing: it subscribes to `pattern` there at least once (a
// durable subscription, pubsub_protocol.h) and appends every message delivered as an event
// keyed by its publisher (a device), its event time the moment it arrived (Flink's ingestion
// time), then acknowledges it: only a message safely in the log is acknowledged, so the broker
// keeps and redelivers the rest. A message already in the log (a redelivery) is acknowledged
// again, not appended, and counted `duplicates`. Each delivery is a client operation, receive
// {publisher, seq, attempt}, as a subscriber's, so the publish-subscribe checks count losses
// up to the job's log. rate, keys, out_of_orderness and the late burst do not apply.
//
// Storage: "stream_log" (one event per line) and "stream_source" (attempt, last completed
// checkpoint and its offset, last checkpoint id), so a restarted source resumes its log and
// restarts the job from the last completed checkpoint.
//
// Counters: events, replayed, checkpoints_triggered, checkpoints_completed,
// checkpoints_expired, job_restarts. Gauge: since_checkpoint (events a failure now would
// replay). Epoch: checkpoint (the last completed).
class SourceRole final : public Role {
public:
    explicit SourceRole(SourceConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Pending {
        std::int64_t id = 0;
        std::int64_t offset = 0;
        Duration at{0};
    };

    void handle_hello(Context& ctx, const Message& msg);
    void handle_ack(Context& ctx, const Message& msg);
    void generate(Context& ctx);
    void subscribe(Context& ctx);
    void handle_deliver(Context& ctx, const Message& msg);
    void append(Context& ctx, Event event);
    void end_input(Context& ctx);
    void start_attempt(Context& ctx, const Text& why);
    void trigger_checkpoint(Context& ctx);
    void tick(Context& ctx);
    void send_channel(Context& ctx, const NodeId& to, std::string_view type, Json body);
    const NodeId& operator_of(const std::string& key) const;
    void save_meta(Context& ctx) const;
    void publish_gauges(Context& ctx);
    Duration timeout() const;
    Duration period() const;   // between two events

    SourceConfig config_;
    std::vector<Event> log_;
    std::int64_t attempt_ = 0;             // 0: the job has not started
    std::int64_t completed_ = 0;           // last completed checkpoint
    std::int64_t completed_offset_ = 0;    // its offset: events before it are in its state
    std::int64_t last_triggered_ = 0;
    std::optional<Pending> pending_;
    std::map<NodeId, std::int64_t> out_seq_;
    std::map<NodeId, std::int64_t> incarnations_;
    bool input_ended_ = false;             // stop_at passed: no more events
    std::int64_t final_checkpoint_ = 0;    // the checkpoint after end_of_input, once triggered
    bool burst_done_ = false;
    Duration next_trigger_at_{0};
    std::int64_t replayed_ = 0;
    std::int64_t restarts_ = 0;
    std::int64_t expired_ = 0;
    std::int64_t late_burst_ = 0;
    bool subscribing_ = false;             // broker input: a subscribe call is outstanding
    bool subscribed_ = false;
    std::map<NodeId, pubsub::SeenIds> seen_;   // broker input: the messages in the log, by publisher
    std::int64_t duplicates_ = 0;
    // The gauge's full scale: two intervals of events, or the most there ever were.
    std::int64_t since_scale_ = 10;
};

}  // namespace distlab::core::stream
