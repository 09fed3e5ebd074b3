#include "core/patterns/leaderless/replica_store.h"

#include <algorithm>
#include <sstream>

namespace distlab::core::leaderless {

namespace {

constexpr const char* kStoreKey = "dy_store";

}  // namespace

ReplicaStore::ReplicaStore(NodeId self, Ring ring, int n, int merkle_depth, bool fsync)
    : self_(std::move(self)), ring_(std::move(ring)), n_(n), merkle_depth_(merkle_depth), fsync_(fsync) {}

std::vector<std::string> ReplicaStore::load(const Storage& storage) {
    std::vector<std::string> problems;
    const auto stored = storage.read(kStoreKey);
    if (!stored) {
        problems.push_back("cannot read the node's store from disk: " + stored.error().message);
        return problems;
    }
    if (!*stored)
        return problems;
    std::istringstream lines(**stored);
    std::string line;
    std::size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        const Json j = Json::parse(line, nullptr, false);
        auto version = Version::from_json(j.is_object() ? j.value("version", Json(nullptr)) : Json(nullptr));
        if (!j.is_object() || !j.contains("key") || !j["key"].is_string() || !version) {
            problems.push_back("stored version " + std::to_string(number) + " unreadable: skipped");
            continue;
        }
        const std::string key = j["key"].get<std::string>();
        auto it = versions_.find(key);
        if (it == versions_.end() || version->newer_than(it->second))
            versions_.insert_or_assign(key, std::move(*version));
    }
    ++changes_;
    return problems;
}

bool ReplicaStore::apply(const std::string& key, const Version& v, const NodeId& home) {
    if (home.empty() || home == self_) {
        auto it = versions_.find(key);
        if (it != versions_.end() && !v.newer_than(it->second))
            return false;
        versions_.insert_or_assign(key, v);
        ++changes_;
        // {"key": ..., "version": {"ts": ..., "value": ..., "writer": ...}}, as load() reads it,
        // written without building a document: one line per write is a hot path.
        unsynced_ += R"({"key":)";
        unsynced_ += Json(key).dump();
        unsynced_ += R"(,"version":{"ts":)";
        unsynced_ += std::to_string(v.ts);
        unsynced_ += R"(,"value":)";
        unsynced_ += Json(v.value).dump();
        unsynced_ += R"(,"writer":)";
        unsynced_ += Json(v.writer).dump();
        unsynced_ += "}}\n";
        return true;
    }
    Versions& held = hints_[home];
    auto it = held.find(key);
    if (it != held.end() && !v.newer_than(it->second))
        return false;
    held.insert_or_assign(key, v);
    return true;
}

Result<void> ReplicaStore::sync(Storage& storage) {
    if (unsynced_.empty())
        return {};
    auto r = storage.append(kStoreKey, unsynced_, fsync_);
    unsynced_.clear();
    if (!r)
        return fail("cannot store versions: " + r.error().message);
    return {};
}

std::optional<Version> ReplicaStore::newest(const std::string& key) const {
    std::optional<Version> out;
    if (auto it = versions_.find(key); it != versions_.end())
        out = it->second;
    for (const auto& [home, held] : hints_)
        if (auto it = held.find(key); it != held.end() && replaces(it->second, out))
            out = it->second;
    return out;
}

std::size_t ReplicaStore::hints_held() const {
    std::size_t n = 0;
    for (const auto& [home, held] : hints_)
        n += held.size();
    return n;
}

std::vector<KeyVersion> ReplicaStore::hints_for(const NodeId& home) const {
    std::vector<KeyVersion> out;
    if (auto it = hints_.find(home); it != hints_.end())
        for (const auto& [key, v] : it->second)
            out.push_back({key, v});
    return out;
}

std::size_t ReplicaStore::drop_delivered(const NodeId& home, const std::vector<KeyVersion>& sent) {
    auto it = hints_.find(home);
    if (it == hints_.end())
        return 0;
    std::size_t dropped = 0;
    for (const KeyVersion& e : sent) {
        auto h = it->second.find(e.key);
        if (h != it->second.end() && h->second == e.version) {
            it->second.erase(h);
            ++dropped;
        }
    }
    if (it->second.empty())
        hints_.erase(it);
    return dropped;
}

const std::vector<NodeId>& ReplicaStore::homes_of(const std::string& key) const {
    auto it = homes_.find(key);
    if (it == homes_.end()) {
        std::vector<NodeId> homes = ring_.preference_list(key);
        if (homes.size() > static_cast<std::size_t>(n_))
            homes.resize(static_cast<std::size_t>(n_));
        it = homes_.emplace(key, std::move(homes)).first;
    }
    return it->second;
}

bool ReplicaStore::is_home(const std::string& key) const {
    const auto& homes = homes_of(key);
    return std::find(homes.begin(), homes.end(), self_) != homes.end();
}

ReplicaStore::Versions ReplicaStore::shared_with(const NodeId& peer) const {
    Versions out;
    for (const auto& [key, v] : versions_) {
        const auto& homes = homes_of(key);
        if (std::find(homes.begin(), homes.end(), peer) != homes.end())
            out.emplace(key, v);
    }
    return out;
}

const MerkleTree& ReplicaStore::tree_with(const NodeId& peer) const {
    if (trees_built_at_ != changes_) {
        // Every peer's tree in one pass over the keys: each key's homes and leaf found once.
        trees_.clear();
        trees_built_at_ = changes_;
        std::map<NodeId, std::vector<std::string>> texts;
        for (const NodeId& m : ring_.members())
            if (m != self_)
                texts[m].resize(std::size_t{1} << std::clamp(merkle_depth_, 0, 16));
        for (const auto& [key, v] : versions_) {
            const std::size_t leaf = MerkleTree::leaf_of(key, merkle_depth_);
            for (const NodeId& home : homes_of(key))
                if (auto t = texts.find(home); t != texts.end())
                    MerkleTree::add(t->second[leaf], key, v);
        }
        for (const auto& [m, leaf_texts] : texts)
            trees_.emplace(m, MerkleTree::from_leaf_texts(leaf_texts, merkle_depth_));
    }
    auto it = trees_.find(peer);
    if (it == trees_.end())   // not a member: nothing shared
        it = trees_.emplace(peer, MerkleTree(Versions{}, merkle_depth_)).first;
    return it->second;
}

std::vector<KeyVersion> ReplicaStore::in_leaves(const NodeId& peer, const std::vector<std::size_t>& leaves) const {
    const std::size_t first = std::size_t{1} << merkle_depth_;
    std::vector<KeyVersion> out;
    for (const auto& [key, v] : shared_with(peer))
        if (std::find(leaves.begin(), leaves.end(), first + MerkleTree::leaf_of(key, merkle_depth_)) != leaves.end())
            out.push_back({key, v});
    return out;
}

}  // namespace distlab::core::leaderless
