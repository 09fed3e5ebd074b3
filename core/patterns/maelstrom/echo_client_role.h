#pragma once

#include <cstdint>

#include "core/model/param_list.h"
#include "core/patterns/maelstrom/workload_client.h"

// Maelstrom's echo workload as a client role: it sends {"type": "echo", "echo": TEXT, "msg_id"}
// to its target (an `external` node) and expects {"type": "echo_ok", "echo": TEXT,
// "in_reply_to"} back. An answer that does not echo the text is a failed operation and a
// violation: the node is wrong. Open loop, or closed loop (what maelstrom_bench measures).
// docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct EchoClientConfig {
    WorkloadBase base;
    LoadMode mode = LoadMode::Open;
    std::int64_t concurrency = 1;

    static const ParamList<EchoClientConfig>& params();
    static EchoClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

class EchoClientRole final : public WorkloadClient {
public:
    explicit EchoClientRole(const EchoClientConfig& config);

private:
    void begin(Context& ctx) override;
    void write_snapshot(Json& snap) const override;

    std::int64_t echoes_ = 0;
    std::uint64_t wrong_echoes_ = 0;
};

}  // namespace distlab::core::maelstrom
