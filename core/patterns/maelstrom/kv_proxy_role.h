#pragma once

#include <cstdint>

#include "core/model/param_list.h"
#include "core/model/role.h"

// A node that keeps nothing itself: it serves the lab's kv protocol (kv-client's put / get / cas)
// by calling one of Maelstrom's key-value services (lin-kv, seq-kv, lww-kv) with read / write /
// cas, as Maelstrom's own lin-kv proxy demo does. Built in, so that a scenario shows what each
// service's consistency means to a client; the same node written as a user writes it is
// tests/patterns/maelstrom/kv_proxy_node.py. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct KvProxyConfig {
    NodeId service;
    Duration timeout{};

    static const ParamList<KvProxyConfig>& params();
    static KvProxyConfig from(const Params& resolved) { return params().bind(resolved); }
};

class KvProxyRole final : public Role {
public:
    explicit KvProxyRole(KvProxyConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    KvProxyConfig config_;
    std::int64_t next_msg_id_ = 1;
    std::uint64_t served_ = 0, unanswered_ = 0, malformed_ = 0;
};

}  // namespace distlab::core::maelstrom
