#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "netlab/api/event.h"

namespace distlab::netlab::crdt {

// One operation a crdt-client recorded.
struct Op {
    std::string client;
    std::uint64_t id = 0;
    std::string f;                        // add | remove | write | read
    std::string type;                     // the object's CRDT type
    std::string key;
    core::Json argument;                  // the invocation's value (null for a read)
    bool final_read = false;
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;
    std::string status;                   // ok | fail | info, "" while open
    core::Json result;                    // a read's value when ok

    bool ok() const { return status == "ok"; }
    bool update() const { return f != "read"; }
};

// The crdt-clients' operations in a run.
struct CrdtHistory {
    std::vector<Op> ops;                  // in invocation order

    // `node_roles`: node -> role, as the run's catalog has it.
    static CrdtHistory read(const std::vector<Event>& events,
                            const std::map<std::string, std::string, std::less<>>& node_roles);
};

// What the operations on one key allow a final read to be.
struct KeyJudgement {
    std::string key;
    std::string type;
    std::size_t final_reads = 0;
    bool allowed = true;
    std::string detail;                   // English: what was allowed, or the first read that was not
    std::string detail_zh;
    std::vector<const Op*> culprits;      // the reads out of bounds and the operations they lose
};

// Judges every key's final reads against its operations (Maelstrom's counter checkers and
// Jepsen's set checker, for each family of types):
// - counters: each final read lies within [acknowledged sum + every unknown subtraction,
//   acknowledged sum + every unknown addition];
// - sets: each element read was added by some operation, and an element acknowledged added
//   after every remove of it had completed (or never removed) is in every final read;
// - registers: every value read was written, and at least one of the newest writes (none
//   acknowledged after it completed, or of unknown outcome) is among the values read.
std::vector<KeyJudgement> judge_final_reads(const CrdtHistory& history);

}  // namespace distlab::netlab::crdt
