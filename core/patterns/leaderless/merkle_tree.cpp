#include "core/patterns/leaderless/merkle_tree.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/patterns/consistent_hashing/md5.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::leaderless {

namespace {

std::uint64_t digest64(std::string_view data) {
    return consistent_hashing::le64(consistent_hashing::md5(data), 0);
}

}  // namespace

std::size_t MerkleTree::leaf_of(std::string_view key, int depth) {
    if (depth <= 0)
        return 0;
    return static_cast<std::size_t>(consistent_hashing::key_point(key) >> (32 - depth));
}

void MerkleTree::add(std::string& text, std::string_view key, const Version& v) {
    text += key;
    text += '\x1f';
    text += std::to_string(v.ts);
    text += '\x1f';
    text += v.writer;
    text += '\x1f';
    text += v.value;
    text += '\x1e';
}

namespace {

// The text each leaf hashes: its keys in key order (the map's), each with its version.
std::vector<std::string> leaf_texts_of(const std::map<std::string, Version, std::less<>>& entries, int depth) {
    std::vector<std::string> texts(std::size_t{1} << depth);
    for (const auto& [key, v] : entries)
        MerkleTree::add(texts[MerkleTree::leaf_of(key, depth)], key, v);
    return texts;
}

}  // namespace

MerkleTree::MerkleTree(int depth) : depth_(std::clamp(depth, 0, 16)), hashes_(std::size_t{2} << depth_, 0) {}

MerkleTree::MerkleTree(const std::map<std::string, Version, std::less<>>& entries, int depth) : MerkleTree(depth) {
    hash_leaves(leaf_texts_of(entries, depth_));
}

MerkleTree MerkleTree::from_leaf_texts(const std::vector<std::string>& leaf_texts, int depth) {
    MerkleTree tree(depth);
    tree.hash_leaves(leaf_texts);
    return tree;
}

void MerkleTree::hash_leaves(const std::vector<std::string>& leaf_texts) {
    for (std::size_t i = 0; i < first_leaf() && i < leaf_texts.size(); ++i)
        hashes_[first_leaf() + i] = leaf_texts[i].empty() ? 0 : digest64(leaf_texts[i]);
    for (std::size_t i = first_leaf() - 1; i >= 1; --i) {
        const std::uint64_t l = hashes_[2 * i], r = hashes_[2 * i + 1];
        hashes_[i] = l == 0 && r == 0 ? 0 : digest64(hex(l) + hex(r));
    }
}

std::string hex(std::uint64_t hash) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

std::optional<std::uint64_t> from_hex(std::string_view text) {
    if (text.size() != 16)
        return std::nullopt;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return v;
}

}  // namespace distlab::core::leaderless
