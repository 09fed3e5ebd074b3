#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {

// One operation of a key-value history, as kv-client records it (core/patterns/kv).
struct KvOperation {
    enum class Kind { Put, Get, Cas };
    enum class Outcome { Ok, Fail, Info };

    std::string client;
    std::uint64_t id = 0;
    Kind kind = Kind::Get;
    std::string key;
    std::optional<std::string> value;     // put: written; get: read (nullopt: absent); cas: new value
    std::optional<std::string> from;      // cas: expected value (nullopt: absent)
    Outcome outcome = Outcome::Info;      // an operation that never completed counts as Info
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;
};

struct KvHistory {
    std::vector<KvOperation> ops;         // in invocation order
    std::size_t ignored = 0;              // ops that are not put/get/cas or are malformed
};

// The put/get/cas operations of a run: OpInvoked {"key", "value"} / {"key"} /
// {"key", "from", "to"} paired with their first OpCompleted (a get's ok carries {"value"}).
KvHistory kv_history(const std::vector<Event>& events);

// "c1 put k3=c1-7 [1.2s, 1.25s]": one operation for people.
std::string describe(const KvOperation& op);

struct LinearizabilityResult {
    Verdict verdict = Verdict::Unknown;
    std::string detail;                                          // one line
    std::string detail_zh;                                       // the same in Chinese
    std::optional<std::pair<std::int64_t, std::int64_t>> window_ns;
    std::string key;                                             // the first failing key
    std::vector<std::size_t> witness;   // indices into the history: the smallest failing
                                        // sub-history found (it is not linearizable by itself)
    std::size_t failed_at = 0;          // index of the operation the search could not place
};

// Decides whether `ops` is linearizable for a register per key (put, get, cas), within
// `deadline`. Wing & Gong's search with Lowe's memoisation of (linearized set, state), run per
// key (P-compositionality), as Porcupine does. Fail operations are left out (they did not
// happen); Info operations may take effect at any time after their invocation or never.
// Past the deadline the answer is Unknown and says how far the search got.
LinearizabilityResult check_linearizable(const std::vector<KvOperation>& ops,
                                         std::chrono::steady_clock::time_point deadline);

// Involves in `out` the ops `order` names (indices into `ops`, most telling first) with their
// clients, then the messages each client sent or received while one of those ops was open, and
// so the servers it talked to: what a kv check's counterexample links to in the message diagram.
void involve_kv_ops(const std::vector<Event>& events, const std::vector<KvOperation>& ops,
                    const std::vector<std::size_t>& order, CheckResult& out);
// ---- any sequential model (sets, queues, counters, appends: histories judged by
// `distlab-cli check`, netlab/history/) ----

// One operation as check_linearizable_model() needs it: when it ran, how it ended and the
// partition it belongs to (a key: ops of different partitions never constrain each other).
struct ModelOperation {
    std::string partition;
    KvOperation::Outcome outcome = KvOperation::Outcome::Info;
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;   // none: never completed (as Info)
};

// The sequential specification of an object, for one partition. States are small integers the
// model hands out (0: the initial state), so the search can remember (linearized set, state).
class SequentialModel {
public:
    virtual ~SequentialModel() = default;
    // The state after operation `op` (an index into the whole history) in `state`, or -1 when
    // the op cannot happen there with the result it returned. An op whose outcome is unknown
    // must step from every state: when it cannot take effect, it had no effect.
    virtual std::int32_t step(std::int32_t state, std::size_t op) = 0;
};

// The same search as check_linearizable(), per partition, with `make_model` giving a fresh model
// for each. Fail operations are left out; Info operations may take effect at any time after
// their invocation or never. On a failure, `key` is the partition, `failed_at` the operation
// no order could place, and `witness` it with the operations of that partition whose intervals
// overlap it and the last eight that returned before it was called (the context a reader needs;
// unlike the register's witness, not a failing sub-history by itself);
// `detail` names them by index ("op 12").
LinearizabilityResult check_linearizable_model(const std::vector<ModelOperation>& ops,
                                               const std::function<std::unique_ptr<SequentialModel>()>& make_model,
                                               std::chrono::steady_clock::time_point deadline);

// Registers `linearizable: kv`.
void register_linearizable_check(CheckRegistry& registry);

}  // namespace distlab::netlab
