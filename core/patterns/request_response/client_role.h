#pragma once

#include <cstdint>
#include <vector>

#include "core/model/params.h"
#include "core/model/role.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::request_response {

enum class LoadMode {
    Open,     // requests start on the arrival schedule, however many are outstanding
    Closed,   // `concurrency` requests outstanding; each completion starts the next at once
};

struct ClientConfig {
    OpenLoopWorkload workload;            // target, rate and arrival (open loop), stop_at
    LoadMode mode = LoadMode::Open;
    std::int64_t concurrency = 1;         // closed loop only
    Duration timeout{1s};

    static std::vector<ParamSpec> param_specs();
    static ClientConfig from(const Params& params);
};

// The `client` role of the request-response pattern: calls `target` with "request" messages,
// one call per client operation, and records each in the history the checkers judge
// (Jepsen's model): op_invoke("request"), then ok when the reply says ok, fail when it says
// not ok (definite: the server refused or failed it), info when the call timed out or the
// reply was unreadable (unknown: the request may or may not have been served).
//
// It is issuing until stop_at, then idle once its outstanding calls end.
//
// Owned by the role driver; single-threaded like every role.
class ClientRole final : public Role {
public:
    explicit ClientRole(ClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void issue(Context& ctx);
    void complete(Context& ctx, OpId op, Duration sent_at, const CallOutcome& outcome);

    ClientConfig config_;
    std::int64_t seq_ = 0;
    std::int64_t outstanding_ = 0;
    bool stopped_ = false;

    std::uint64_t calls_ = 0;
    std::uint64_t successes_ = 0;
    std::uint64_t failures_ = 0;
    std::uint64_t timeouts_ = 0;
};

}  // namespace distlab::core::request_response
