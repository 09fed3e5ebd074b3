#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// What a run's events say about its distributed transactions (core/patterns/atomic_commit/):
// each participant's vote and decision per transaction, read from the messages the roles sent
// (prepare to a participant, its prepare_reply, its outcome reports) and the clients' txn
// operations. Shared by the atomic commitment checks and its report figures.
struct TxHistory {
    // One participant's part in one transaction.
    struct Part {
        std::int64_t locks = 0;                   // keys it was asked to write (from the prepare)
        std::optional<std::int64_t> yes_ns;       // when it voted yes
        bool voted_no = false;
        std::optional<std::string> decision;      // "commit" | "abort": its first reported outcome
        std::int64_t decided_ns = 0;
        std::string by;                           // who decided: coordinator, timeout, peers, refused
        bool flipped = false;                     // it later reported the other decision
        // Time between the yes vote and the decision while the node was running (the time it
        // held locks in doubt, its downtime left out); set once decided, or to the end.
        std::int64_t in_doubt_ns = 0;
    };
    struct Tx {
        std::string id;
        std::map<std::string, Part, std::less<>> parts;   // participant -> its part
        std::optional<std::string> client_decision;        // what the client was told
        std::string client;
        std::uint64_t op = 0;
    };

    std::vector<std::string> participants;                // tx-participant nodes, in id order
    std::map<std::string, Tx, std::less<>> txs;
    // Per participant: time spent in its "blocked" phase (2PC: in doubt past its decision
    // timeout, asking), until another phase, its exit or the end of the run.
    std::map<std::string, std::int64_t, std::less<>> blocked_ns;
    std::int64_t end_ns = 0;

    static TxHistory read(const std::vector<Event>& events, const RoleCatalog& catalog);

    // Whether some participant of `tx` reported commit and another (or the same) abort.
    static bool split(const Tx& tx);
};

}  // namespace distlab::netlab
