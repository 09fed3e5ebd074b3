#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/result.h"
#include "core/model/storage.h"
#include "core/patterns/leaderless/dynamo_protocol.h"
#include "core/patterns/leaderless/merkle_tree.h"

namespace distlab::core::leaderless {

// What one dynamo-node holds: the newest version of every key it is a home replica for (on
// disk, one appended line per stored version, written by sync() in groups), and the hinted
// versions it keeps for other
// homes as a fallback (in memory). Answers which nodes are a key's homes and builds the Merkle
// trees of the keys it shares with each peer, rebuilt lazily after a change.
//
// Owned by the role; single-threaded like it.
class ReplicaStore {
public:
    using Versions = std::map<std::string, Version, std::less<>>;

    ReplicaStore(NodeId self, Ring ring, int n, int merkle_depth, bool fsync);

    // Reads the versions on disk; the lines that cannot be read are skipped and described.
    std::vector<std::string> load(const Storage& storage);

    // Keeps `v` for `key` if it is newer than what is held: as a home replica when `home` is
    // this node (on disk at the next sync()), else as a hint for `home`. True when it replaced
    // something.
    bool apply(const std::string& key, const Version& v, const NodeId& home);
    // Whether versions kept since the last sync() are not on disk yet.
    bool unsynced() const { return !unsynced_.empty(); }
    // Appends the versions kept since the last sync to the disk in one write (synced when the
    // store was made with fsync): a group commit.
    Result<void> sync(Storage& storage);

    // The newest version held for `key`, hints included.
    std::optional<Version> newest(const std::string& key) const;

    const Versions& versions() const { return versions_; }
    const std::map<NodeId, Versions>& hints() const { return hints_; }
    std::size_t hints_held() const;
    std::vector<KeyVersion> hints_for(const NodeId& home) const;
    // Drops the hints for `home` that still hold what was `sent` (a newer hint arrived meanwhile
    // stays); returns how many were dropped.
    std::size_t drop_delivered(const NodeId& home, const std::vector<KeyVersion>& sent);

    // The first n nodes of the key's preference list, and the whole list.
    const std::vector<NodeId>& homes_of(const std::string& key) const;
    std::vector<NodeId> preference_list(const std::string& key) const { return ring_.preference_list(key); }
    bool is_home(const std::string& key) const;
    int n() const { return n_; }

    // The versions of the keys this node and `peer` are both homes for, their Merkle tree, and
    // those of them in the given leaves (node indexes of that tree).
    Versions shared_with(const NodeId& peer) const;
    const MerkleTree& tree_with(const NodeId& peer) const;
    std::vector<KeyVersion> in_leaves(const NodeId& peer, const std::vector<std::size_t>& leaves) const;

private:
    NodeId self_;
    Ring ring_;
    int n_;
    int merkle_depth_;
    bool fsync_;
    Versions versions_;
    std::string unsynced_;                     // lines kept but not yet on disk
    std::map<NodeId, Versions> hints_;
    std::uint64_t changes_ = 1;
    mutable std::map<std::string, std::vector<NodeId>, std::less<>> homes_;
    mutable std::map<NodeId, MerkleTree> trees_;
    mutable std::uint64_t trees_built_at_ = 0;
};

}  // namespace distlab::core::leaderless
