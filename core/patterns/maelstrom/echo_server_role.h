#pragma once

#include <cstdint>

#include "core/model/role.h"

// Maelstrom's echo node as a built-in role: it answers {"type": "echo", "echo", "msg_id"} with
// {"type": "echo_ok", "echo", "in_reply_to", "msg_id"}. The reference a program behind the
// `external` role is compared with, and the echo workload's partner in shipped scenarios.
namespace distlab::core::maelstrom {

class EchoServerRole final : public Role {
public:
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    std::int64_t next_msg_id_ = 1;
    std::uint64_t answered_ = 0;
    std::uint64_t refused_ = 0;
};

}  // namespace distlab::core::maelstrom
