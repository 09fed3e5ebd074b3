#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/sharding/shard_protocol.h"

namespace distlab::core::sharding {

// How a region moves to another shard.
enum class MoveProtocol {
    CatchUp,         // copy in batches, then the keys written meanwhile in the commit: nothing is lost
    CopyThenSwitch,  // copy in batches, then switch: writes made during the copy stay behind (the naive partner)
};

struct ShardConfig {
    MoveProtocol move_protocol = MoveProtocol::CatchUp;
    std::int64_t move_batch = 25;        // keys per move_batch message
    Duration move_interval{50ms};        // pause between batches (a throttled copy, as real stores limit snapshot traffic)
    Duration move_timeout{1s};           // how long a batch or the commit waits for the receiver

    static const ParamList<ShardConfig>& params();
    static ShardConfig from(const Params& resolved) { return params().bind(resolved); }
};

// One claim in a shard's history: it held region `region` ([lo, hi) at `version`) from `from`;
// it stopped answering for it at `serving_until` and let go of its data at `until` (both unset
// while it still does). The one_owner check reads these histories.
struct Claim {
    std::int64_t region = 0;
    std::uint64_t lo = 0, hi = 0;
    std::int64_t version = 0;
    Duration from{0};
    std::optional<Duration> serving_until;
    std::optional<Duration> until;
};

// The `shard` role: a storage node holding the regions (key ranges) the router assigns it. It
// answers get, put and multi_get for keys of the regions it owns; splits a region at its median
// key when the router says so; and moves a region to another shard in batches while it keeps
// serving reads and writes, then hands it over in a commit (with the keys written meanwhile under
// catch_up, without them under copy_then_switch). A request for a region that moved away is
// answered wrong_shard with the new owner, so a stale router is redirected; a request for a
// region still arriving is answered not_ready.
//
// Phases: waiting (no region yet), serving, moving (a region leaving or arriving). Snapshot:
// state, mode, regions [{id, lo, hi, version, state, keys}], keys, keys_scale, puts, gets,
// redirects, not_ready, splits, keys_in, keys_out, bytes_in, bytes_out, claims [{region, lo, hi,
// version, from_ms, serving_until_ms, until_ms}]. Metrics: puts, gets, redirects, keys_in,
// keys_out, bytes_out.
//
// Owned by the role driver; single-threaded like every role.
class ShardRole final : public Role {
public:
    explicit ShardRole(ShardConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

    const std::vector<Claim>& claims() const { return claims_; }

private:
    enum class State { Owned, Incoming, Outgoing, Handing };

    struct Held {
        Region region;
        State state = State::Owned;
        std::map<std::int64_t, std::string> data;   // id -> value
        std::int64_t writes = 0;                    // puts since the last stats
        std::size_t claim = 0;                      // index into claims_
    };

    // The region leaving, at most one at a time.
    struct Outgoing {
        std::int64_t region = 0;
        NodeId to;
        std::int64_t version = 0;
        std::vector<std::int64_t> to_send;   // ids not copied yet
        std::set<std::int64_t> dirty;        // ids written since the copy began (catch_up)
        std::int64_t keys = 0, bytes = 0;
        Message request;                     // the router's move, answered at the end
    };

    // A region moved away: where stale requests for it are sent.
    struct Forward {
        Region region;   // as it lives on its new owner
    };

    void handle_assign(Context& ctx, const Message& msg);
    void handle_kv(Context& ctx, const Message& msg);
    void handle_multi_get(Context& ctx, const Message& msg);
    void handle_stats(Context& ctx, const Message& msg);
    void handle_split(Context& ctx, const Message& msg);
    void handle_move(Context& ctx, const Message& msg);
    void handle_move_part(Context& ctx, const Message& msg, bool commit);
    void handle_move_abort(Context& ctx, const Message& msg);
    void send_batch(Context& ctx);
    void commit(Context& ctx);
    void abort_move(Context& ctx, const std::string& why);
    // The answer for a key no owned region holds: not_ready, wrong_shard with the owner, or
    // wrong_shard without one.
    Json refusal(std::uint64_t pos) const;
    Held* serving_region(std::uint64_t pos);
    std::size_t open_claim(const Region& region, Duration now);
    void announce(Context& ctx, const Text& reason);

    ShardConfig config_;
    Mode mode_ = Mode::Range;
    bool assigned_ = false;
    std::map<std::int64_t, Held> regions_;
    std::optional<Outgoing> outgoing_;
    std::vector<Forward> forwards_;
    std::vector<Claim> claims_;
    std::int64_t puts_ = 0, gets_ = 0, redirects_ = 0, not_ready_ = 0, splits_ = 0;
    std::int64_t keys_in_ = 0, keys_out_ = 0, bytes_in_ = 0, bytes_out_ = 0;
};

}  // namespace distlab::core::sharding
