#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/patterns/leaderless/dynamo_protocol.h"

namespace distlab::core::leaderless {

// A Merkle tree over a set of keys and their versions, as Dynamo's anti-entropy compares
// replicas: keys fall into 2^depth leaves by their ring position; a leaf's hash covers its keys
// and versions (MD5), an inner node's the hashes of its two children; an empty subtree hashes
// to 0. Two replicas with equal roots hold the same versions; where they differ, descending
// only into the children that differ finds the leaves to exchange without sending every key.
//
// Nodes are numbered as in a heap: the root is 1, the children of i are 2i and 2i + 1, the
// leaves are 2^depth .. 2^(depth+1) - 1.
class MerkleTree {
public:
    // `entries`: key -> version, the keys to cover. Requires 0 <= depth <= 16.
    MerkleTree(const std::map<std::string, Version, std::less<>>& entries, int depth);
    // From what each leaf hashes (2^depth texts, each built by add() in key order): several
    // trees over subsets of one set of keys are built in one pass over it.
    static MerkleTree from_leaf_texts(const std::vector<std::string>& leaf_texts, int depth);

    static std::size_t leaf_of(std::string_view key, int depth);
    // Appends one key and its version to the text of its leaf.
    static void add(std::string& leaf_text, std::string_view key, const Version& v);

    std::uint64_t hash(std::size_t node) const { return node < hashes_.size() ? hashes_[node] : 0; }
    std::uint64_t root() const { return hash(1); }
    bool is_leaf(std::size_t node) const { return node >= first_leaf() && node < hashes_.size(); }
    bool is_node(std::size_t node) const { return node >= 1 && node < hashes_.size(); }
    std::size_t first_leaf() const { return std::size_t{1} << depth_; }
    int depth() const { return depth_; }

private:
    explicit MerkleTree(int depth);
    void hash_leaves(const std::vector<std::string>& leaf_texts);

    int depth_;
    std::vector<std::uint64_t> hashes_;   // by node index; [0] unused
};

// "00ab..." : a hash as 16 hex digits, and back (nullopt for anything else).
std::string hex(std::uint64_t hash);
std::optional<std::uint64_t> from_hex(std::string_view text);

}  // namespace distlab::core::leaderless
