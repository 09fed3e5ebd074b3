#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/backpressure/flow_sender.h"

namespace distlab::core::backpressure {

struct ConsumerConfig {
    Duration process_time{20ms};          // per item, one at a time
    std::int64_t buffer = 4;              // items it takes at once: the credits it grants

    static const ParamList<ConsumerConfig>& params();
    static ConsumerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `consumer` role of the backpressure pattern: the end of a pipeline. It pulls items
// from whoever subscribes to it (a bounded-stage) by granting credits, `buffer` in all, one
// more each time it finishes an item: it can never be sent more than it can hold.
//
// It processes its items one at a time, in arrival order, in process_time each, and answers
// each item only once processed (item_reply ok): until then the sender still holds it. Items
// are named (origin, id); one it has already processed (sent again after a lost answer) is
// answered at once and counted `duplicates`, so each item is processed once.
//
// Counters: received, consumed, duplicates, credit_violations. Gauges: buffer.
//
// Owned by the role driver; single-threaded like every role.
class ConsumerRole final : public Role {
public:
    explicit ConsumerRole(ConsumerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Waiting {
        Message request;
        Item item;
    };

    void handle_item(Context& ctx, const Message& msg);
    void begin_next(Context& ctx);
    void finish(Context& ctx);
    bool consumed(const Item& item) const;

    ConsumerConfig config_;
    CreditGranter credits_;
    std::deque<Waiting> buffer_;            // the front one is in process when busy_
    bool busy_ = false;
    std::map<NodeId, IdRanges> consumed_;   // by origin
    std::uint64_t consumed_count_ = 0;
    std::uint64_t duplicates_ = 0;
};

}  // namespace distlab::core::backpressure
