#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/json.h"

// An Elle-style checker of transaction histories (Kingsbury and Alvaro, "Elle: Inferring
// Isolation Anomalies from Experimental Observations", VLDB 2020), for Maelstrom's txn-rw-register
// and txn-list-append workloads. It infers the dependencies between committed transactions from
// what they read and wrote, and names the anomalies Adya defines:
//
//   G0         a cycle of write-write dependencies (dirty writes);
//   G1a        a read of a value written by a transaction that failed (aborted read);
//   G1b        a read of a value its writer later overwrote in the same transaction (intermediate read);
//   G1c        a cycle of write-write and write-read dependencies, at least one write-read;
//   G-single   a cycle with exactly one read-write anti-dependency (read skew, lost update);
//   G2         a cycle with two or more anti-dependencies (write skew);
//   incompatible-order   (list-append) two reads of a key whose lists are not one the prefix of
//              the other: no version order explains them.
//
// Dependencies: T1 -ww-> T2 when T2 overwrote (appended after) T1's version; T1 -wr-> T2 when T2
// read T1's version; T1 -rw-> T2 when T1 read a version older than T2's. Version orders: for
// list-append the longest read of each key (every read a prefix of it); for rw-register, as
// Maelstrom's checker does, only what transactions show (a read of v1 before a write of v2 to
// the same key in one transaction puts v1 before v2; the initial nil is before everything).
// A history free of these anomalies is serializable as far as the history can show.
namespace distlab::netlab::maelstrom {

enum class TxnModel { RwRegister, ListAppend };

struct MicroOp {
    std::string f;          // "r", "w" (rw-register) or "append" (list-append)
    core::Json key;
    core::Json value;       // a read's result (null: nothing), a write's or append's argument
};

struct Txn {
    std::string name;       // how reports name it: "c1 op 12"
    std::string status;     // ok | fail | info (an info transaction's writes may have happened)
    std::vector<MicroOp> ops;
    // Which history operation it is, for the caller (the check involves the operations of a cycle).
    std::size_t origin = 0;
};

enum class DepKind { WW, WR, RW };
std::string_view to_string(DepKind kind);

struct Dep {
    std::size_t from = 0, to = 0;   // indices into the transactions
    DepKind kind = DepKind::WW;
    std::string why;                // "x: 2 then 3", "y: c2 op 4 read 5"
};

struct TxnAnomaly {
    std::string name;               // G0, G1a, G1b, G1c, G-single, G2, incompatible-order
    std::string text;               // English: the transactions and, for a cycle, each step
    std::string text_zh;
    std::vector<std::size_t> txns;  // the transactions involved (a cycle's in its order)
    std::vector<Dep> cycle;         // a cycle's steps, the last one back to the first transaction
};

struct TxnJudgement {
    std::vector<TxnAnomaly> anomalies;          // the first few of each kind, G0 first
    std::map<std::string, std::uint64_t> counts;   // anomalies found by kind (cycles: at most kShown)
    std::uint64_t committed = 0;                // ok transactions
    std::uint64_t edges = 0;                    // dependencies inferred
    bool complete = true;                       // false: the time budget ran out before every search

    static constexpr std::size_t kShown = 3;
    bool ok() const { return anomalies.empty(); }
};

TxnJudgement check_txns(TxnModel model, const std::vector<Txn>& txns,
                        std::chrono::steady_clock::time_point budget = std::chrono::steady_clock::time_point::max());

}  // namespace distlab::netlab::maelstrom
