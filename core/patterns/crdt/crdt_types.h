#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/result.h"

// State-based CRDTs (Shapiro, Preguiça, Baquero, Zawirski, "A comprehensive study of Convergent
// and Commutative Replicated Data Types", INRIA RR-7506, 2011), with deltas (Almeida, Shoker,
// Baquero, "Delta state replicated data types", 2018): every mutator returns the delta, a state
// of the same type holding only what it changed, and merging the delta into another replica has
// the effect of merging the whole state.
//
// Each type's merge is a join: commutative, associative and idempotent, so replicas that have
// merged the same states hold the same state whatever the order, grouping and repetition of
// the merges (tested in tests/patterns/crdt/crdt_types_test.cpp over random states). States
// compare equal exactly when they hold the same information (maps and sets are kept ordered).
//
// Every type reads and writes a JSON form, the form gossip messages and snapshots carry:
// from_json() takes hostile input and names what is wrong.
//
// Plain values, no Qt, no threads: single-threaded like the roles that own them.
namespace distlab::core::crdt {

enum class Type { GCounter, PNCounter, GSet, TwoPSet, ORSet, LwwRegister, MvRegister };

// "g-counter", "pn-counter", "g-set", "2p-set", "or-set", "lww-register", "mv-register".
std::string_view to_string(Type type);
std::optional<Type> type_from_string(std::string_view name);
const std::vector<Type>& all_types();

// A grow-only counter: one count per node, each only ever raised by its node; the value is the
// sum, the merge the pointwise maximum.
class GCounter {
public:
    // Adds `n` for `node`; returns the delta (that node's new count alone).
    GCounter increment(const NodeId& node, std::uint64_t n);
    std::uint64_t value() const;
    void merge(const GCounter& other);

    Json to_json() const;   // {"n1": 3, "n2": 5}
    static Result<GCounter> from_json(const Json& json);
    const std::map<NodeId, std::uint64_t>& counts() const { return counts_; }
    bool operator==(const GCounter&) const = default;

private:
    std::map<NodeId, std::uint64_t> counts_;
};

// A counter that also goes down: two grow-only counters, one of increments and one of
// decrements; the value is their difference.
class PNCounter {
public:
    // Adds `n` (negative: subtracts) for `node`; returns the delta.
    PNCounter add(const NodeId& node, std::int64_t n);
    std::int64_t value() const;
    void merge(const PNCounter& other);

    Json to_json() const;   // {"p": {...}, "n": {...}}
    static Result<PNCounter> from_json(const Json& json);
    bool operator==(const PNCounter&) const = default;

private:
    GCounter p_;
    GCounter n_;
};

// A grow-only set: elements are only added; the merge is the union.
class GSet {
public:
    GSet add(const std::string& element);
    const std::set<std::string>& value() const { return elements_; }
    void merge(const GSet& other);

    Json to_json() const;   // ["a", "b"]
    static Result<GSet> from_json(const Json& json);
    bool operator==(const GSet&) const = default;

private:
    std::set<std::string> elements_;
};

// A two-phase set: a grow-only set of additions and one of removals (tombstones). An element
// once removed stays removed: adding it again changes nothing visible.
class TwoPSet {
public:
    TwoPSet add(const std::string& element);
    // Requires nothing: removing an element never added is refused by the caller (Shapiro's
    // precondition `lookup(e)`), not here, so a merge can carry any removal.
    TwoPSet remove(const std::string& element);
    bool contains(const std::string& element) const;
    std::set<std::string> value() const;
    void merge(const TwoPSet& other);

    Json to_json() const;   // {"added": [...], "removed": [...]}
    static Result<TwoPSet> from_json(const Json& json);
    bool operator==(const TwoPSet&) const = default;

private:
    std::set<std::string> added_;
    std::set<std::string> removed_;
};

// A unique tag of one add: the node that added and its count of adds.
using Dot = std::pair<NodeId, std::uint64_t>;

// An observed-remove set (add-wins): every add carries a new unique tag; a remove tombstones the
// tags of the element it has observed, so an add it has not seen (a concurrent one) survives it.
class ORSet {
public:
    // Adds `element` with a tag new to `node`; returns the delta (the element with that tag).
    ORSet add(const NodeId& node, const std::string& element);
    // Tombstones every tag of `element` this replica holds; returns the delta (those tags).
    ORSet remove(const std::string& element);
    bool contains(const std::string& element) const;
    std::set<std::string> value() const;
    void merge(const ORSet& other);

    Json to_json() const;   // {"adds": {"milk": [["n1", 1]]}, "removed": [["n1", 1]]}
    static Result<ORSet> from_json(const Json& json);
    std::size_t tombstones() const { return removed_.size(); }
    bool operator==(const ORSet&) const = default;

private:
    std::map<std::string, std::set<Dot>> adds_;
    std::set<Dot> removed_;
};

// A last-writer-wins register: the write with the greatest (timestamp, node) wins, the
// timestamp being the writing node's clock. A node whose clock runs ahead wins over later writes
// of the others: the lesson of the clock_skew fault.
class LwwRegister {
public:
    // Replaces the register with `value` written at `ts` (ns of the writer's clock) by `node`, as
    // Shapiro's assign does: whatever it held, even with a greater timestamp, which the next merge
    // brings back. Returns the delta (the new state).
    LwwRegister assign(const std::string& value, std::int64_t ts, const NodeId& node);
    const std::optional<std::string>& value() const { return value_; }
    std::int64_t timestamp() const { return ts_; }
    void merge(const LwwRegister& other);

    Json to_json() const;   // {"value": "x", "ts": 1500000000, "node": "n1"}, or null when empty
    static Result<LwwRegister> from_json(const Json& json);
    bool operator==(const LwwRegister&) const = default;

private:
    // The order of writes: timestamp, then node, then value (equal only for the same write).
    auto key() const { return std::tie(ts_, node_, value_); }

    std::optional<std::string> value_;
    std::int64_t ts_ = -1;
    NodeId node_;
};

// A version vector: one counter per node, compared pointwise.
using VersionVector = std::map<NodeId, std::uint64_t>;

// True when `a` <= `b` pointwise and a != b: every event `a` saw, `b` saw too, and more.
bool dominated(const VersionVector& a, const VersionVector& b);
// Pointwise maximum.
VersionVector join(const VersionVector& a, const VersionVector& b);
Json vv_to_json(const VersionVector& vv);
Result<VersionVector> vv_from_json(const Json& json, std::string_view where);

// A multi-value register: every write carries a version vector that dominates every version the
// writer held; a merge keeps the writes no other write dominates, so concurrent writes survive
// side by side (siblings) until a write that has seen them all replaces them.
class MvRegister {
public:
    // Writes `value` at `node`: its version dominates every one held here. Returns the delta.
    MvRegister assign(const std::string& value, const NodeId& node);
    // The values held, in order: one, or several concurrent ones, or none before any write.
    std::vector<std::string> value() const;
    void merge(const MvRegister& other);

    Json to_json() const;   // [{"value": "x", "vv": {"n1": 2}}]
    static Result<MvRegister> from_json(const Json& json);
    bool operator==(const MvRegister&) const = default;

private:
    void keep_maximal();

    std::set<std::pair<VersionVector, std::string>> entries_;
};

// One replicated object of any of the types.
using Object = std::variant<GCounter, PNCounter, GSet, TwoPSet, ORSet, LwwRegister, MvRegister>;

Type type_of(const Object& object);
// An object of `type` in its initial (empty) state.
Object empty_object(Type type);
// Merges `other` into `into`. Requires: both of the same type (a merge across types is refused
// by whoever reads the wire, see object_from_json).
void merge(Object& into, const Object& other);
// The value a client reads: a number, an array of strings, a string or null.
Json value_of(const Object& object);
Json state_of(const Object& object);
Result<Object> object_from_json(Type type, const Json& state);

// Who applies an operation, and when by its own clock (for the LWW register's timestamp).
struct Origin {
    NodeId node;
    std::int64_t ts = 0;
};

// Applies a client's operation to `object`: "add" (counters: an integer, g-counter only >= 0;
// sets: an element), "remove" (2p-set and or-set: an element held here) or "write" (registers: a
// string). Returns the delta, or an error naming what the operation or its argument lacks.
// "read" changes nothing and is not an operation here.
Result<Object> apply(Object& object, std::string_view op, const Json& argument, const Origin& origin);

}  // namespace distlab::core::crdt
