#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

// Maelstrom's kafka workload as a client role: it sends a node `send` (a message appended to a
// key's log; send_ok names its offset), `poll` (from the offsets it has consumed to; poll_ok
// returns [offset, message] pairs), `commit_offsets` and `list_committed_offsets` (which moves its
// consuming position to the committed offsets, as Jepsen's client does on assign). Every
// operation is recorded with its values; the `kafka_log` check judges the history for lost,
// duplicated and out-of-order offsets (netlab/patterns/maelstrom/). docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct KafkaClientConfig {
    OpenLoopWorkload workload;
    Duration timeout{};
    std::int64_t keys = 0;
    double send_ratio = 0;
    double commit_ratio = 0;
    double list_ratio = 0;

    static const ParamList<KafkaClientConfig>& params();
    static KafkaClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

class KafkaClientRole final : public Role {
public:
    explicit KafkaClientRole(KafkaClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void issue(Context& ctx);
    // Sends `body` (type, fields) as operation `op`; `done` reads an ok answer into the history
    // value, or returns nothing for an answer it cannot read.
    template <class Done>
    void request(Context& ctx, OpId op, Json body, Done&& done);

    KafkaClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_msg_id_ = 1;
    std::int64_t next_message_ = 1;
    std::map<std::string, std::int64_t> position_;   // per key, the next offset to poll from
    std::int64_t outstanding_ = 0;
};

}  // namespace distlab::core::maelstrom
