#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

// What Maelstrom's workload clients share (unique-ids, broadcast, g-set, g-counter, pn-counter,
// lin-kv: workloads.h; kafka: kafka_client_role.h; txn-rw-register, txn-list-append:
// txn_client_role.h): requests in Maelstrom's protocol (a body with `type` and `msg_id`, the
// answer naming it in `in_reply_to`), its error bodies read as definite failures or unknown
// outcomes (maelstrom_errors.h), the schedule (open loop, or closed for echo: echo_client_role.h)
// and the final reads.
// docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

// The neighbours each node is told in broadcast's `topology` message.
enum class Topology { Grid, Line, Tree2, Tree3, Tree4, Total };
std::string_view to_string(Topology topology);
// Each node's neighbours, `nodes` in their order (n1, n2, ...): grid, a roughly square grid of
// at most four neighbours each (as Maelstrom lays it out); line, a chain; treeK, a K-ary tree
// (parent and children); total, every other node.
std::vector<std::pair<NodeId, std::vector<NodeId>>> topology_of(Topology topology, const std::vector<NodeId>& nodes);

// n1 < n2 < n10.
bool natural_less(const NodeId& a, const NodeId& b);

// The parameters every workload client has.
struct WorkloadBase {
    OpenLoopWorkload workload;
    Duration timeout{};
    Duration final_read_at{};             // 0: no final read (unique-ids has none)

    // target, rate, arrival, stop_at, timeout and, when `final_read`, final_read_at.
    static const ParamList<WorkloadBase>& params();
    static const ParamList<WorkloadBase>& params_without_final_read();
};

// How an operation ended, as the history records it.
struct Completion {
    OpStatus status = OpStatus::Info;
    Json value;
};

class WorkloadClient : public Role {
public:
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

protected:
    // Open loop unless `mode` says closed, with `concurrency` operations kept outstanding.
    explicit WorkloadClient(WorkloadBase base, LoadMode mode = LoadMode::Open, std::int64_t concurrency = 1);

    // Before the workload starts (broadcast's topology).
    virtual void setup(Context& ctx) { (void)ctx; }
    // Begins one operation of the workload's mix.
    virtual void begin(Context& ctx) = 0;
    // The final read at final_read_at.
    virtual void final_read(Context& ctx) { (void)ctx; }
    virtual void write_snapshot(Json& snap) const { (void)snap; }

    // Reads an answer of the expected type (or an error the workload treats itself: nullopt
    // leaves it to the generic reading).
    using Judge = std::function<std::optional<Completion>(Context&, const Json& body)>;
    // Sends `body` (given its msg_id) to the target as part of operation `op`; the answer is
    // read by `judge` when it is of `ok_type`, as a definite failure or unknown outcome when it
    // is an error, as unknown when it is late or unreadable; then the operation completes.
    void request(Context& ctx, OpId op, Json body, std::string ok_type, Judge judge);
    // Sends `body` to `to` outside the history (setup messages); logs when no `ok_type` comes.
    void notify(Context& ctx, const NodeId& to, Json body, std::string ok_type);

    const WorkloadBase& base() const { return base_; }
    // This client's place among the clients of its role (0, 1, ...) and how many there are,
    // so values it invents are unique over the run.
    std::int64_t ordinal() const { return ordinal_; }
    std::int64_t clients() const { return clients_; }
    // The nodes that run the target's role, in order n1, n2, ...
    const std::vector<NodeId>& servers() const { return servers_; }

private:
    // How an answer ends its operation, counted as the clients count (client_metric).
    Completion read(Context& ctx, const Message& reply, std::int64_t msg_id, const std::string& ok_type,
                    const Judge& judge, Duration sent_at);

    WorkloadBase base_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_msg_id_ = 1;
    std::int64_t outstanding_ = 0;
    std::int64_t ordinal_ = 0;
    std::int64_t clients_ = 1;
    std::vector<NodeId> servers_;
    std::uint64_t errors_definite_ = 0;
    std::uint64_t errors_indefinite_ = 0;
    std::uint64_t setup_unanswered_ = 0;
};

}  // namespace distlab::core::maelstrom
