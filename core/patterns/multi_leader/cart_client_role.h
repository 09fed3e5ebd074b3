#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/timer_ids.h"

namespace distlab::core::multi_leader {

// One cart operation of a client's script.
struct CartStep {
    Duration at{0};
    std::string op;       // add | remove | read
    std::string item;     // add, remove
};

// Reads "AT add ITEM", "AT remove ITEM" or "AT read"; an error names the entry and what is wrong.
Result<std::vector<CartStep>> parse_cart_script(const std::vector<std::string>& lines);

struct CartClientConfig {
    NodeId node;                        // its region's mm-node
    std::string key = "cart";
    std::vector<std::string> script;
    Duration final_read_at{0};          // one last read (0: none), judged by cart_updates_lost
    Duration timeout{1s};

    static const ParamList<CartClientConfig>& params();
    static CartClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `cart-client` role: a shopper editing one cart at its region's mm-node, on a script. An
// add or remove reads the cart first (mm_get): against a node that keeps versions it merges the
// siblings it gets by union (the Dynamo cart's merge), adds or removes the item, and writes the
// result back with the context it read (mm_put), superseding the siblings; against a crdt node
// it sends the add or remove itself (mm_op). Each edit is one operation in the history (invoke
// add / remove {key, item}, then ok, fail or info); a read records the merged cart it shows
// ({value: items, siblings: n}), and the read at final_read_at is marked {final: true}.
//
// Metrics: calls, successes, failures, timeouts (client.h); histogram latency_ms.
//
// Owned by the role driver; single-threaded like every role.
class CartClientRole final : public Role {
public:
    explicit CartClientRole(CartClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Pending {
        OpId op = 0;
        CartStep step;
        Duration deadline{0};
        Duration started{0};
    };

    void begin(Context& ctx, CartStep step, bool final_read);
    void got(Context& ctx, std::uint64_t seq, const CallOutcome& outcome);
    void done(Context& ctx, std::uint64_t seq, OpStatus status, Json value);

    CartClientConfig config_;
    CallTally tally_;
    std::vector<CartStep> script_;
    std::map<std::uint32_t, std::size_t> script_timers_;
    TimerIdSource timer_ids_;
    std::map<std::uint64_t, Pending> pending_;
    std::uint64_t seq_ = 0;
    std::set<std::string> cart_;        // the merged cart last read
    std::size_t siblings_ = 0;          // how many versions that read merged
    std::string problem_;
};

}  // namespace distlab::core::multi_leader
