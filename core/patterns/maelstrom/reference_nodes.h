#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

// Built-in Maelstrom nodes for the kafka and transactional workloads, as `echo-server` is for
// echo: the references a program of one's own is compared with, and the workloads' partners in
// shipped scenarios, each with the setting that breaks it. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

// kafka-server: one node holding every key's log (offsets 0, 1, 2, ... per key) and the committed
// offsets. `durable`: each send and commit is appended to the node's storage before the answer,
// and read back on restart; without it a restart forgets the logs, and the offsets start again
// at 0.
struct KafkaServerConfig {
    bool durable = true;

    static const ParamList<KafkaServerConfig>& params();
};

class KafkaServerRole final : public Role {
public:
    explicit KafkaServerRole(KafkaServerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    void persist(Context& ctx, const Json& entry);

    KafkaServerConfig config_;
    std::map<std::string, std::vector<std::pair<std::int64_t, Json>>> logs_;
    std::map<std::string, std::int64_t> committed_;
    std::int64_t next_msg_id_ = 1;
    std::uint64_t sends_ = 0, polls_ = 0, recovered_ = 0;
};

// txn-server: executes each transaction whole, one at a time, on its own copy of the keys
// (registers and lists alike). With `peers` (other txn-servers) it is one of several replicas that
// each commit locally, answer, and send their writes to the others afterwards: not serializable.
struct TxnServerConfig {
    std::vector<NodeId> peers;

    static const ParamList<TxnServerConfig>& params();
};

class TxnServerRole final : public Role {
public:
    explicit TxnServerRole(TxnServerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    void apply(const Json& micro);   // a write or an append

    TxnServerConfig config_;
    std::map<std::string, Json> state_;   // key (as JSON text) -> value or list
    std::int64_t next_msg_id_ = 1;
    std::uint64_t committed_ = 0, replicated_ = 0;
};

}  // namespace distlab::core::maelstrom
