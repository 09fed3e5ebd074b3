#pragma once

#include <cstdint>
#include <string>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

// Maelstrom's echo workload as a client role: it sends {"type": "echo", "echo": TEXT, "msg_id"}
// to its target (an `external` node) and expects {"type": "echo_ok", "echo": TEXT,
// "in_reply_to"} back. An answer that does not echo the text is a failed operation and a
// violation: the node is wrong. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct EchoClientConfig {
    OpenLoopWorkload workload;
    LoadMode mode = LoadMode::Open;
    std::int64_t concurrency = 1;
    Duration timeout{};

    static const ParamList<EchoClientConfig>& params();
    static EchoClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

class EchoClientRole final : public Role {
public:
    explicit EchoClientRole(EchoClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void issue(Context& ctx);

    EchoClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_msg_id_ = 1;
    std::int64_t outstanding_ = 0;
    std::uint64_t wrong_echoes_ = 0;
};

}  // namespace distlab::core::maelstrom
