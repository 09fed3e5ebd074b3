#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/backpressure/flow_sender.h"
#include "core/patterns/stream/inbox.h"

namespace distlab::core::stream {

// How the sink writes what the operators send it.
enum class SinkMode {
    AtLeastOnce,     // applies every row at once, adding it: a replay adds it again
    Idempotent,      // upserts each row by its identity (key, window, firing; a late event by offset)
    Transactional,   // two-phase commit: rows wait in the checkpoint's transaction, pre-committed at its
                     // barrier and committed when the checkpoint completes; a restart aborts the rest
};

struct SinkConfig {
    std::vector<NodeId> operators;
    NodeId source;
    SinkMode mode = SinkMode::Transactional;
    NodeId downstream;                    // set: every committed row goes on to it, under backpressure
    Duration downstream_timeout{1s};

    static const ParamList<SinkConfig>& params();
    static SinkConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `stream-sink` role: the job's output table, per key and window the count of events
// (`counts`) and per key the late events of the side output (`late`), kept in its storage like
// a database.
//
// It reads one ordered channel per operator and aligns their barriers: once barrier n came on a
// channel it takes nothing more from it until barrier n came on every channel (the blocked
// messages wait: gauge `aligning`); then checkpoint n is complete up to the sink, which
// (transactional) pre-commits the rows before it as transaction n in storage and acknowledges n
// to the source. On checkpoint_complete n it commits the transactions up to n. When a channel
// opens a new job attempt (restore n) it aborts the transactions after n and commits those up to
// n that wait; at-least-once and idempotent writes cannot be taken back.
//
// With a `downstream` (a backpressure bounded-stage or consumer: the database behind the
// sink) it forwards every row as it becomes visible (committed, or written at once when not
// transactional) as an item of the backpressure protocol (flow_protocol.h), origin this node,
// ids from 1: it sends only as the downstream's flow allows (credits, or until "full"), and the
// rest waits in its outbox, so a burst of commits never floods the database. A refused or
// unanswered item goes back to its place in the outbox and is sent again. The outbox lives in
// memory: rows a crashed sink had not forwarded are not sent again. Counter: forwarded.
// Gauge: outbox.
//
// Storage: "stream_sink_table" (the committed table) and "stream_sink_txns" (pre-committed
// transactions). Counters: rows, duplicates (idempotent rows already written), aborted.
// Gauge: pending (rows written but not committed). Epoch: checkpoint (the last one it knows
// complete).
class SinkRole final : public Role {
public:
    explicit SinkRole(SinkConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void drain(Context& ctx);
    void handle(Context& ctx, const NodeId& from, const ChannelMessage& m);
    void rollback(Context& ctx, std::int64_t attempt, std::int64_t checkpoint);
    void aligned(Context& ctx, std::int64_t checkpoint);
    void write_row(Context& ctx, Json row);
    void apply(const Json& row);   // adds a row to the table
    void commit_up_to(Context& ctx, std::int64_t checkpoint);
    void save_table(Context& ctx, bool sync) const;
    void save_txns(Context& ctx) const;
    std::int64_t pending_rows() const;
    std::int64_t aligning() const;
    void publish_gauges(Context& ctx);
    void pump(Context& ctx);   // forwards from the outbox while the downstream's flow allows

    SinkConfig config_;
    std::int64_t incarnation_ = 0;
    std::map<NodeId, OrderedInbox> inboxes_;
    std::map<NodeId, std::int64_t> barriers_;    // a channel blocked at barrier n
    std::set<NodeId> ended_;                     // channels that delivered end_of_input
    std::int64_t attempt_ = 0;
    std::vector<Json> open_txn_;                 // transactional: rows since the last barrier
    std::map<std::int64_t, std::vector<Json>> txns_;   // pre-committed, not yet committed
    // The table: counts {key: {start: n}}, late {key: n}, ids {identity: count} (idempotent),
    // committed (the last committed transaction), checkpoint (the last known complete).
    Json table_;
    std::int64_t rows_ = 0;
    std::int64_t duplicates_ = 0;
    std::int64_t aborted_ = 0;
    // The gauges' full scales: 100, or the most there ever were.
    std::int64_t pending_scale_ = 100;
    std::int64_t aligning_scale_ = 100;
    std::optional<backpressure::FlowSender> downstream_;
    std::deque<backpressure::Item> outbox_;    // rows waiting to go downstream, oldest first
    std::int64_t in_flight_ = 0;
    std::int64_t next_item_ = 0;
    std::int64_t forwarded_ = 0;
    std::int64_t outbox_scale_ = 100;
};

}  // namespace distlab::core::stream
