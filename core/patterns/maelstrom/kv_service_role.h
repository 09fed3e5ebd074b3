#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

// Maelstrom's services, which a node calls as if they were nodes (a message to "lin-kv" reaches
// the scenario's node of that id): key-value stores with read / write / cas (and cas's
// `create_if_not_exists`) answering with Maelstrom's bodies and error codes, and the timestamp
// oracle `lin-tso`. docs/bring-your-own-node.md.
//
//   lin-kv   one copy, each request applied at once: linearizable.
//   seq-kv   every update applied to the newest state, but a read may see any state from the
//            newest this caller has already seen onwards: sequentially consistent, with stale
//            reads (Maelstrom's seq-kv also lets updates act on past states; this one only reads).
//   lww-kv   `replicas` independent copies, each request served by one at random; writes carry
//            the service's clock and copies merge every `gossip_interval`, the later write
//            winning: reads go stale and concurrent cas both succeed.
namespace distlab::core::maelstrom {

enum class KvConsistency { Linearizable, Sequential, LastWriteWins };

struct KvServiceConfig {
    double stale_read_ratio = 0;          // seq-kv: share of reads served from a past state
    std::int64_t history = 0;             // seq-kv: states kept for stale reads
    std::int64_t replicas = 0;            // lww-kv
    Duration gossip_interval{};           // lww-kv

    static const ParamList<KvServiceConfig>& seq_params();
    static const ParamList<KvServiceConfig>& lww_params();
};

class KvServiceRole final : public Role {
public:
    KvServiceRole(KvConsistency consistency, KvServiceConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    static constexpr TimerId kGossipTimer{1};

    // A key's value from the store's version `version` on (lin-kv and seq-kv).
    struct Versioned {
        std::int64_t version = 0;
        Json value;
    };
    // A last-write-wins copy's value of a key.
    struct Stamped {
        Json value;
        std::int64_t stamp = 0;       // the service's clock (ns) when written
        std::int64_t tiebreak = 0;    // the write's sequence number
    };
    using Replica = std::map<std::string, Stamped>;

    void serve(Context& ctx, const Message& msg);
    std::optional<Json> read_at(const std::string& key, std::int64_t version) const;
    void apply(const std::string& key, Json value);   // a new newest state
    void prune();

    KvConsistency consistency_;
    KvServiceConfig config_;
    // lin-kv and seq-kv: every key's values by version, the newest last.
    std::map<std::string, std::vector<Versioned>> keys_;
    std::int64_t version_ = 0;                         // the newest state
    std::map<NodeId, std::int64_t> seen_;              // seq-kv: the newest state each caller saw
    std::vector<Replica> replicas_;                    // lww-kv
    std::int64_t writes_ = 0;
    std::uint64_t reads_ = 0, updates_ = 0, cas_failed_ = 0, missing_ = 0, stale_reads_ = 0, refused_ = 0;
};

// lin-tso: {"type": "ts"} is answered {"type": "ts_ok", "ts": N}, N strictly increasing.
class TsoServiceRole final : public Role {
public:
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    std::int64_t next_ = 0;
    std::uint64_t refused_ = 0;
};

}  // namespace distlab::core::maelstrom
