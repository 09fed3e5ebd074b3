#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/common/workload.h"
#include "core/patterns/crdt/crdt_types.h"

namespace distlab::core::crdt {

// One operation of a client's script: at a time, an operation with its argument.
struct ScriptedOp {
    Duration at{0};
    std::string op;       // add | remove | write | read
    Json value;           // counters: an integer; sets and registers: a string; read: null
};

// Reads "AT OP [VALUE]" ("1500ms add milk", "2s add -3", "4s read") for an object of `type`.
// An error names the entry and what is wrong with it.
Result<std::vector<ScriptedOp>> parse_script(const std::vector<std::string>& lines, Type type);

struct CrdtClientConfig {
    NodeId replica;                       // the crdt-replica it talks to
    Type type = Type::GCounter;
    std::string key = "k";
    OpenLoopWorkload workload;            // rate (0: the script only), arrival, stop_at
    double read_ratio = 0.2;
    double remove_ratio = 0.3;            // sets that remove: share of updates that are removes
    double decrement_ratio = 0.3;         // pn-counter: share of adds that subtract
    std::int64_t max_delta = 5;           // counters: each add is 1 .. max_delta
    std::int64_t elements = 5;            // sets: elements e0 .. e(elements-1)
    std::vector<std::string> script;      // "AT OP [VALUE]", besides the random workload
    Duration final_read_at{0};            // one last read then (0: none), judged by crdt_values_allowed
    Duration timeout{1s};

    static const ParamList<CrdtClientConfig>& params();
    static CrdtClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `crdt-client` role: operations on one object (`key`, of `type`) at one crdt-replica, each
// recorded in the client-operation history: invoke add / remove / write / read with
// {type, key, value}, then ok (a read's value in {value}), fail (the replica refused: {error}) or
// info (no answer in time: it may have been applied). The random workload runs at `rate` until
// stop_at: counters add 1 .. max_delta (a pn-counter subtracts with decrement_ratio), sets add
// or remove one of `elements` elements, registers write values unique to the client ("c1-7").
// `script` adds operations at fixed times, for a scenario that tells a precise story. At
// final_read_at the client reads once more, its invocation marked {final: true}: Maelstrom's
// final read, which the crdt_values_allowed check judges once the replicas have converged.
//
// Metrics: calls, successes, failures, timeouts (client.h); histogram latency_ms.
//
// Owned by the role driver; single-threaded like every role.
class CrdtClientRole final : public Role {
public:
    explicit CrdtClientRole(CrdtClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void begin_random(Context& ctx);
    void begin(Context& ctx, const std::string& op, Json value, bool final_read);

    CrdtClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::vector<ScriptedOp> script_;
    std::map<std::uint32_t, std::size_t> script_timers_;   // TimerId -> index into script_
    TimerIdSource timer_ids_;
    std::uint64_t seq_ = 0;
    std::size_t in_flight_ = 0;
    Json last_value_ = nullptr;
    std::string problem_;                                  // a script that does not parse
};

}  // namespace distlab::core::crdt
