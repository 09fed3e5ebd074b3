#pragma once

#include <cstdint>
#include <string>

#include "core/model/role_registry.h"
#include "core/patterns/maelstrom/workload_client.h"

// Maelstrom's workloads as client roles, each speaking the workload's messages to its target
// node exactly as Maelstrom's clients do and recording operations for the workload's check
// (netlab/patterns/maelstrom/). docs/bring-your-own-node.md lists the messages.
namespace distlab::core::maelstrom {

// The role names, as checks and the command line use them.
inline constexpr std::string_view kUniqueIdsClient = "unique-ids-client";
inline constexpr std::string_view kBroadcastClient = "broadcast-client";
inline constexpr std::string_view kGSetClient = "g-set-client";
inline constexpr std::string_view kGCounterClient = "g-counter-client";
inline constexpr std::string_view kPnCounterClient = "pn-counter-client";
inline constexpr std::string_view kLinKvClient = "lin-kv-client";

// Registers the six workload client roles below and the built-in `maelstrom-node`
// (reference_node_role.h); called by register_maelstrom.
void register_workload_clients(RoleRegistry& registry);

// unique-ids: {"type": "generate"} -> {"type": "generate_ok", "id": ANY}; operation "generate"
// completing with {"id"}.
class UniqueIdsClient final : public WorkloadClient {
public:
    explicit UniqueIdsClient(WorkloadBase base) : WorkloadClient(std::move(base)) {}

private:
    void begin(Context& ctx) override;
};

// broadcast: `topology` to the servers first (each client tells its share of them), then a mix
// of {"type": "broadcast", "message": N} (N unique over the run) and {"type": "read"} ->
// {"messages": [...]}; operations "broadcast" {"value": N} and "read" -> {"value": [...]}.
struct BroadcastConfig {
    WorkloadBase base;
    Topology topology = Topology::Grid;
    double read_ratio = 0.5;

    static const ParamList<BroadcastConfig>& params();
    static BroadcastConfig from(const Params& resolved) { return params().bind(resolved); }
};

class BroadcastClient final : public WorkloadClient {
public:
    explicit BroadcastClient(BroadcastConfig config) : WorkloadClient(config.base), config_(std::move(config)) {}

private:
    void setup(Context& ctx) override;
    void begin(Context& ctx) override;
    void final_read(Context& ctx) override;
    void read(Context& ctx, bool final);

    BroadcastConfig config_;
    std::int64_t seq_ = 0;
};

// g-set: {"type": "add", "element": N} and {"type": "read"} -> {"value": [...]}; g-counter and
// pn-counter: {"type": "add", "delta": D} and {"type": "read"} -> {"value": N}. Operations are
// recorded as the CRDT clients record theirs (type, key, value, final), so the counter and set
// judgement of netlab/patterns/crdt applies.
enum class CrdtWorkload { GSet, GCounter, PnCounter };

struct CrdtWorkloadConfig {
    WorkloadBase base;
    double read_ratio = 0.2;
    std::int64_t max_delta = 5;

    static const ParamList<CrdtWorkloadConfig>& params(CrdtWorkload kind);
    static CrdtWorkloadConfig from(CrdtWorkload kind, const Params& resolved) { return params(kind).bind(resolved); }
};

class CrdtWorkloadClient final : public WorkloadClient {
public:
    CrdtWorkloadClient(CrdtWorkload kind, CrdtWorkloadConfig config)
        : WorkloadClient(config.base), kind_(kind), config_(std::move(config)) {}

private:
    void begin(Context& ctx) override;
    void final_read(Context& ctx) override;
    void read(Context& ctx, bool final);
    std::string_view type_name() const;

    CrdtWorkload kind_;
    CrdtWorkloadConfig config_;
    std::int64_t seq_ = 0;
};

// lin-kv: {"type": "read", "key"} -> {"value"}, {"type": "write", "key", "value"}, {"type":
// "cas", "key", "from", "to"} over `key_count` integer keys; recorded as the kv clients record
// put / get / cas (keys and values as text), so `linearizable: kv` judges it. A read answered
// with error 20 (key-does-not-exist) is a read of the absent value.
struct LinKvConfig {
    WorkloadBase base;
    std::int64_t key_count = 5;
    double read_ratio = 0.4;
    double cas_ratio = 0.3;
    std::int64_t max_value = 5;

    static const ParamList<LinKvConfig>& params();
    static LinKvConfig from(const Params& resolved) { return params().bind(resolved); }
};

class LinKvClient final : public WorkloadClient {
public:
    explicit LinKvClient(LinKvConfig config) : WorkloadClient(config.base), config_(std::move(config)) {}

private:
    void begin(Context& ctx) override;

    LinKvConfig config_;
};

}  // namespace distlab::core::maelstrom
