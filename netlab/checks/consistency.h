#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/text.h"
#include "netlab/checks/check.h"
#include "netlab/checks/linearizable.h"

// The consistency models beside linearizability, each judged on the kv history the clients
// record (kv_history(), the history `linearizable: kv` reads), per key as linearizability is.
// A session is a client node; within it, op a comes before op b when a completed before b was
// invoked (an open-loop client's overlapping ops are unordered).
//
// The session guarantees need to know when one write is older than another. A write x is older
// than a write y of the same key when x causally precedes y on that key: some client wrote x, or
// read x's value, and afterwards (in its session) wrote y, or a chain of such steps leads from x
// to y; the absent value of a never-written key is older than every write. This is the order any
// store that keeps causality respects, so sequential consistency implies every session guarantee
// and linearizability implies them all (Jepsen's consistency map). Values are unique per write,
// as kv-client writes them; a read of a value written twice, or of a value no operation wrote,
// names no write and is left to linearizable and sequential.
namespace distlab::netlab {

enum class KvModel { Linearizable, Sequential, ReadYourWrites, MonotonicReads, MonotonicWrites, Convergent };

// Every model, strongest first: the rows of the consistency map.
inline constexpr KvModel kKvModels[] = {KvModel::Linearizable,   KvModel::Sequential,      KvModel::ReadYourWrites,
                                        KvModel::MonotonicReads, KvModel::MonotonicWrites, KvModel::Convergent};

// The check's name: "linearizable", "sequential", "read_your_writes", "monotonic_reads",
// "monotonic_writes", "eventually_consistent".
std::string_view check_name(KvModel model);
// For people: {"read your writes", "读己之写"}.
core::Text model_title(KvModel model);
// What holding it promises, in one line.
core::Text model_promise(KvModel model);

// One model's verdict on a history, with its first counterexample.
struct ModelResult {
    Verdict verdict = Verdict::Unknown;
    core::Text detail;
    std::optional<std::pair<std::int64_t, std::int64_t>> window_ns;
    std::string key;                         // the key of the counterexample
    std::vector<std::size_t> involved;       // indices into the history, the violating op first
};

// Sequential consistency per key: some total order of the key's ops keeps every session's order
// and gives each read the value of the latest write before it (Fail and Info ops as
// linearizability treats them). A bounded search (depth first over the ops each session may do
// next, with a memo of (ops done, value) and reads placed as soon as they match), within
// `deadline`; past it, Unknown saying how far it got. The counterexample is the shortest failing
// prefix of the key's history, shrunk op by op while it still fails. Judged per key, as the
// checks are: a history can pass every key and still have no single order across keys.
ModelResult check_sequential(const std::vector<KvOperation>& ops, std::chrono::steady_clock::time_point deadline);

// Read your writes: no client reads (get, or a cas's expected value) a value older than a write
// of its own that completed before the read began.
ModelResult check_read_your_writes(const std::vector<KvOperation>& ops);

// Monotonic reads: no client reads a value older than one it read before.
ModelResult check_monotonic_reads(const std::vector<KvOperation>& ops);

// Monotonic writes: no client sees two writes of one session in the opposite order: having read
// the value of y, it later reads the value of x, though x's writer wrote x before y.
ModelResult check_monotonic_writes(const std::vector<KvOperation>& ops);

// Eventual convergence: once a key's writes have stopped (its last ok write completed, its last
// unknown write began, or was first read, and `after_ns` passed) and `settle_ns` more has gone
// by, every get of the key returns one value, and that value was written (or is absent with no
// write). Unknown when no key has a get that late.
struct ConvergenceArgs {
    std::int64_t settle_ns = 1'000'000'000;
    std::int64_t after_ns = 0;
};
ModelResult check_convergent(const std::vector<KvOperation>& ops, ConvergenceArgs args);

// Every model's verdict on one history (`deadline_each` bounds each search), in kKvModels order.
struct ConsistencyRow {
    KvModel model;
    ModelResult result;
};
std::vector<ConsistencyRow> consistency_map(const std::vector<KvOperation>& ops, ConvergenceArgs convergence,
                                            std::chrono::milliseconds budget_each);

// Registers sequential, read_your_writes, monotonic_reads, monotonic_writes and
// eventually_consistent (each `name: kv`, or a mapping with `model: kv`;
// eventually_consistent also takes `within` and `after`).
void register_consistency_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
