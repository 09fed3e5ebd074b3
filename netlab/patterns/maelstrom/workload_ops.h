#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "netlab/api/event.h"

// The operations one Maelstrom workload client role recorded (OpInvoked / OpCompleted), with
// their values, as the kafka and transaction checks read them.
namespace distlab::netlab::maelstrom {

struct WorkloadOp {
    std::string client;
    std::uint64_t id = 0;                       // op id, unique per client
    std::string f;                              // send, poll, txn, ...
    std::string status;                         // ok | fail | info; "" never completed
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;
    core::Json args;                            // the invocation's value
    core::Json result;                          // the completion's value

    bool ok() const { return status == "ok"; }
    // Its client and op id, to name it: "c1 op 12".
    std::string name() const { return client + " op " + std::to_string(id); }
};

// Every operation of the nodes running `role`, in invocation order.
std::vector<WorkloadOp> read_workload_ops(const std::vector<Event>& events,
                                          const std::map<std::string, std::string, std::less<>>& node_roles,
                                          std::string_view role);

}  // namespace distlab::netlab::maelstrom
