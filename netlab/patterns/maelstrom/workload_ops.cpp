#include "netlab/patterns/maelstrom/workload_ops.h"

#include <utility>

namespace distlab::netlab::maelstrom {

std::vector<WorkloadOp> read_workload_ops(const std::vector<Event>& events,
                                          const std::map<std::string, std::string, std::less<>>& node_roles,
                                          std::string_view role) {
    std::vector<WorkloadOp> ops;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> by_op;
    for (const Event& e : events) {
        if (e.kind != EventKind::OpInvoked && e.kind != EventKind::OpCompleted)
            continue;
        const auto r = node_roles.find(e.node);
        if (r == node_roles.end() || r->second != role)
            continue;
        if (e.kind == EventKind::OpInvoked) {
            by_op[{e.node, e.msg_id}] = ops.size();
            ops.push_back(WorkloadOp{.client = e.node,
                                     .id = e.msg_id,
                                     .f = e.type,
                                     .invoked_ns = e.t_ns,
                                     .args = core::Json::parse(e.data, nullptr, false)});
            continue;
        }
        const auto it = by_op.find({e.node, e.msg_id});
        if (it == by_op.end() || ops[it->second].completed_ns)
            continue;
        WorkloadOp& op = ops[it->second];
        op.completed_ns = e.t_ns;
        op.status = e.type;
        op.result = core::Json::parse(e.data, nullptr, false);
    }
    return ops;
}

}  // namespace distlab::netlab::maelstrom
