#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/stream/inbox.h"
#include "core/patterns/stream/windows.h"

namespace distlab::core::stream {

// What an operator does with an event whose windows are all past the allowed lateness.
enum class LateData {
    Drop,         // counted and dropped (Flink's default)
    SideOutput,   // sent to the sink's side output (Flink's sideOutputLateData)
};

struct OperatorConfig {
    NodeId source;
    NodeId sink;
    Duration window{1s};
    Duration slide{0};                    // 0: tumbling windows
    Duration out_of_orderness{500ms};     // the watermark's bound
    Duration allowed_lateness{0};
    LateData late_data = LateData::Drop;

    WindowSpec spec() const;

    static const ParamList<OperatorConfig>& params();
    static OperatorConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `stream-operator` role: counts events per key in tumbling or sliding event-time windows
// (KeyedWindows), with a watermark of bounded out-of-orderness, and sends each firing to the
// sink. An event past its windows' allowed lateness is dropped or sent to the side output; one
// within it makes its window fire again (a late firing).
//
// It reads its source's channel in order (OrderedInbox). On barrier n it stores its state under
// "stream_checkpoint_<n>" (synchronously) and then passes the barrier on to the sink, so the
// barrier splits what the state holds from what comes after: with one input, barriers are
// aligned by construction. On restore n (a job attempt) it loads checkpoint n's state and
// opens its channel to the sink again. Every start it counts its incarnation in storage and says
// hello to the source until a restore arrives.
//
// Counters: events, late_dropped, side_output, late_admitted, results, checkpoints. Gauges:
// watermark_lag_ms (its clock minus its watermark; null before the first event and after the
// end of input), buffered (events held in windows that have not fired). Epoch: checkpoint (the
// last one it knows complete).
class OperatorRole final : public Role {
public:
    explicit OperatorRole(OperatorConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Tally {
        std::int64_t events = 0;
        std::int64_t dropped = 0;
        std::int64_t side_output = 0;
        std::int64_t admitted_late = 0;
        Json to_json() const;
    };

    void handle(Context& ctx, const ChannelMessage& m);
    void restore(Context& ctx, std::int64_t checkpoint);
    void record(Context& ctx, const Message& msg);
    void emit(Context& ctx, const std::vector<WindowResult>& results);
    void send_channel(Context& ctx, std::string_view type, Json body);
    void publish_gauges(Context& ctx);
    std::optional<std::int64_t> watermark_lag(Duration now) const;

    OperatorConfig config_;
    std::int64_t incarnation_ = 0;
    OrderedInbox inbox_;
    std::int64_t attempt_ = 0;            // 0: waiting for a restore
    KeyedWindows windows_;
    Tally tally_;
    std::int64_t out_seq_ = 0;
    std::int64_t completed_ = 0;
    Duration now_{0};                     // the clock at the last thing it did, for the snapshot
    // The gauges' full scales: a window, the bound and the lateness and a second more, or the
    // largest lag there ever was; 100 events, or the most there ever were.
    std::int64_t lag_scale_ = 1000;
    std::int64_t buffered_scale_ = 100;
};

}  // namespace distlab::core::stream
