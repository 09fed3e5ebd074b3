#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "netlab/api/event.h"
#include "netlab/checks/check.h"

// The checks of Maelstrom's workloads, each as Maelstrom's checker defines it:
//
//   unique_ids: true
//       No two acknowledged generate operations (unique-ids-client) returned the same id.
//   broadcast_delivered: {max_stable_latency: 2s}    (the bound is optional)
//       Every acknowledged broadcast (broadcast-client) is in every final read, and nothing is
//       read that was never broadcast (Jepsen's set-full, which Maelstrom's broadcast checker
//       is). Reports each message's stable latency: from its broadcast to the first read after
//       which every read holds it; median and maximum, failing above `max_stable_latency`.
//   maelstrom_values_allowed: true
//       The final reads of the g-set, g-counter and pn-counter clients are values the
//       operations allow: the set holds every acknowledged add and nothing never added; a
//       counter lies within [acknowledged sum + unknown subtractions, acknowledged sum + unknown
//       additions] (Maelstrom's counter checkers; the judgement is the CRDT pattern's).
//   maelstrom_stats: {max_messages_per_op: 30, max_latency_median: 50ms, max_latency_max: 1s}
//       The statistics Maelstrom users share: server-to-server messages per client operation,
//       and operation latency median and maximum (acknowledged operations). Every bound is
//       optional; without one the check passes and reports the figures.
//
// lin-kv needs no check of its own: its client records put / get / cas, which `linearizable:
// kv` judges.
namespace distlab::netlab::maelstrom {

// One operation a workload client recorded.
struct ClientOp {
    std::string client;
    std::uint64_t id = 0;
    std::string f;                        // generate | broadcast | read | add | get | put | cas
    core::Json invoked;                   // the invocation's value
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;
    std::string status;                   // ok | fail | info, "" while open
    core::Json result;                    // the completion's value

    bool ok() const { return status == "ok"; }
    bool final_read() const { return f == "read" && invoked.is_object() && invoked.value("final", false); }
};

// The operations of the clients running one of `roles`, in invocation order. `node_roles`:
// node -> role, as the run's catalog has it.
std::vector<ClientOp> client_ops(const std::vector<Event>& events,
                                     const std::map<std::string, std::string, std::less<>>& node_roles,
                                     const std::vector<std::string_view>& roles);

void register_workload_checks(CheckRegistry& registry);

}  // namespace distlab::netlab::maelstrom
