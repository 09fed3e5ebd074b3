#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::task_scheduling {

struct WorkerConfig {
    std::vector<NodeId> schedulers;   // heartbeats go to every one; the leader answers
    NodeId sink;
    Duration heartbeat{300ms};        // XXL-JOB's executor beat, 30 s, at 1/100
    bool steal = false;
    double speed = 1.0;               // a task of size s runs s / speed
    Duration apply_timeout{300ms};

    static const ParamList<WorkerConfig>& params();
    static WorkerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `worker` role (XXL-JOB's executor): runs the tasks a scheduler assigns, one at a time in
// the order they came (serial execution), and applies each one's effect at the task-sink with
// the fencing token of its assignment; tells the assigning scheduler how it went.
//
// It heartbeats to every scheduler with the tasks it holds; the leader answers with how many
// tasks each worker has queued. With `steal` on, an idle worker asks the worker with the most
// queued tasks for some (work stealing): the victim hands over the back half of its queue (the
// owner runs from the front, thieves take from the back) and tells the
// schedulers where they went. A stolen task keeps its token: it is the same assignment, moved.
//
// A newer assignment of a task it already holds queued (a new leader's, with a higher token)
// replaces the queued one; one of the task it is running is queued behind it (the running one's
// apply will be refused as stale when fencing is on).
//
// Phases: idle, working. Metrics: tasks_run, stolen (tasks received by stealing), given (tasks
// handed to thieves), rejected (applies refused as stale).
class WorkerRole final : public Role {
public:
    explicit WorkerRole(WorkerConfig config) : config_(std::move(config)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Assignment {
        std::int64_t task = 0;
        std::int64_t size_ms = 0;
        std::int64_t token = 0;
        std::int64_t attempt = 0;
        NodeId scheduler;

        bool older_than(const Assignment& other) const {
            return std::pair(token, attempt) < std::pair(other.token, other.attempt);
        }

        Json to_json() const;
        static std::optional<Assignment> from_json(const Json& j);
    };

    void assigned(Context& ctx, Assignment a);
    void run_next(Context& ctx);
    void send_apply(Context& ctx);
    void applied(Context& ctx, const CallOutcome& outcome);
    void send_heartbeat(Context& ctx);
    void heartbeat_reply(Context& ctx, const Message& msg);
    void give(Context& ctx, const Message& msg);
    void try_steal(Context& ctx);
    void received_stolen(Context& ctx, const NodeId& victim, const CallOutcome& outcome);
    bool idle() const { return !running_ && queue_.empty(); }
    std::int64_t queued_ms() const;

    WorkerConfig config_;
    std::deque<Assignment> queue_;
    std::optional<Assignment> running_;
    bool applying_ = false;                // running_ is done; its apply awaits the sink
    bool stealing_ = false;                // a steal request is out
    std::map<NodeId, std::int64_t> queued_by_worker_;   // from the leader's last heartbeat reply

    std::int64_t tasks_run_ = 0;
    std::int64_t stolen_ = 0;
    std::int64_t given_ = 0;
    std::int64_t rejected_ = 0;
    std::int64_t busy_ms_ = 0;
};

}  // namespace distlab::core::task_scheduling
