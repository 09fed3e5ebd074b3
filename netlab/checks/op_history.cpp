#include "netlab/checks/op_history.h"

#include <map>
#include <utility>

namespace distlab::netlab {

OpHistory collect_ops(const std::vector<Event>& events) {
    OpHistory history;
    std::map<std::pair<std::string_view, std::uint64_t>, std::size_t> by_key;
    for (const Event& e : events) {
        if (e.kind == EventKind::OpInvoked) {
            OpRecord op;
            op.client = e.node;
            op.id = e.msg_id;
            op.function = e.type;
            op.invoked_ns = e.t_ns;
            history.ops.push_back(std::move(op));
            // Keys view the event's node, which outlives this function's map.
            by_key[{e.node, e.msg_id}] = history.ops.size() - 1;
        } else if (e.kind == EventKind::OpCompleted) {
            auto it = by_key.find({e.node, e.msg_id});
            if (it == by_key.end()) {
                history.orphan_completions.push_back(e);
                continue;
            }
            OpRecord& op = history.ops[it->second];
            if (op.completions++ == 0) {
                op.completed_ns = e.t_ns;
                op.status = e.type;
            }
        }
    }
    return history;
}

}  // namespace distlab::netlab
