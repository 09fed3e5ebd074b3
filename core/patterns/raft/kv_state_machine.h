#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/json.h"
#include "core/model/result.h"
#include "core/patterns/kv/kv_protocol.h"
#include "core/patterns/raft/raft_entry.h"

namespace distlab::core::raft {

// The replicated key-value store that committed entries are applied to, in log order, on every
// node (Raft §5.3: the state machine). It also keeps applied_hash, FNV-1a 64 over the canonical
// text of every applied entry followed by '\n' (entries 1..applied_index), so checkers can tell
// whether two nodes applied the same sequence without comparing their stores.
//
// Owned by RaftRole; single-threaded.
class KvStateMachine {
public:
    static constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;

    // Applies the entry at `index` (Noop and Config entries only move the hash) and returns the
    // kv_reply body for a Command. Requires: index == applied_index() + 1.
    Json apply(Index index, const Entry& entry);

    // The value of `key` now (a linearizable read once the caller has waited for its index).
    std::optional<std::string> get(std::string_view key) const;

    Index applied_index() const { return applied_; }
    std::uint64_t applied_hash() const { return hash_; }
    std::size_t size() const { return data_.size(); }

    // The whole state, for a snapshot (thesis §5.1): {"data": {k: v}, "hash": "16 hex"}.
    Json to_json() const;
    // Replaces the state with a snapshot's, taken at `index`.
    Result<void> restore(Index index, const Json& state);

    static std::string hash_text(std::uint64_t hash);
    static std::optional<std::uint64_t> parse_hash(std::string_view text);

private:
    std::map<std::string, std::string, std::less<>> data_;
    Index applied_ = 0;
    std::uint64_t hash_ = kFnvOffset;
};

}  // namespace distlab::core::raft
