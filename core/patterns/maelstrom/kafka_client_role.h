#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "core/model/param_list.h"
#include "core/patterns/maelstrom/workload_client.h"

// Maelstrom's kafka workload as a client role: it sends a node `send` (a message appended to a
// key's log; send_ok names its offset), `poll` (from the offsets it has consumed to; poll_ok
// returns [offset, message] pairs), `commit_offsets` and `list_committed_offsets` (which moves its
// consuming position to the committed offsets, as Jepsen's client does on assign). Every
// operation is recorded with its values; the `kafka_log` check judges the history for lost,
// duplicated and out-of-order offsets (netlab/patterns/maelstrom/). docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct KafkaClientConfig {
    WorkloadBase base;
    std::int64_t keys = 0;
    double send_ratio = 0;
    double commit_ratio = 0;
    double list_ratio = 0;

    static const ParamList<KafkaClientConfig>& params();
    static KafkaClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

class KafkaClientRole final : public WorkloadClient {
public:
    explicit KafkaClientRole(KafkaClientConfig config) : WorkloadClient(config.base), config_(std::move(config)) {}

private:
    void begin(Context& ctx) override;
    void write_snapshot(Json& snap) const override;
    // Sends `body` (type, fields) as operation `op`; `read` reads an ok answer into the history
    // value, or returns nothing for an answer it cannot read.
    template <class Read>
    void request(Context& ctx, OpId op, Json body, Read read);

    KafkaClientConfig config_;
    std::int64_t next_message_ = 1;
    std::map<std::string, std::int64_t> position_;   // per key, the next offset to poll from
};

}  // namespace distlab::core::maelstrom
