#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/task_scheduling/job.h"
#include "core/patterns/task_scheduling/routing.h"

namespace distlab::core::task_scheduling {

// XXL-JOB's misfire strategies: what a leader does with a fire time it finds missed by more
// than misfire_threshold that no scheduler fired.
enum class Misfire {
    DoNothing,      // DO_NOTHING: skip every missed fire time
    FireOnceNow,    // FIRE_ONCE_NOW: run the latest missed one now, skip the others
};

struct SchedulerConfig {
    std::vector<NodeId> kv;            // the Raft KV's nodes holding the lease
    std::vector<NodeId> workers;
    NodeId sink;
    std::string lease_key = "scheduler-lease";
    // Kubernetes' leader election (leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s) at 1/10.
    Duration lease_duration{1500ms};
    Duration renew_deadline{1000ms};
    Duration retry_period{200ms};
    Duration kv_timeout{300ms};
    Route route = Route::Round;
    // XXL-JOB's executor is dead after 90 s without a beat (3 x 30 s), at 1/100.
    Duration dead_after{900ms};
    Duration beat_check{450ms};        // failover: a heartbeat this recent passes the beat check
    Misfire misfire = Misfire::DoNothing;
    Duration misfire_threshold{500ms};
    bool rerun_dead = true;            // off: a dead worker's tasks are given up (the partner)
    Duration start_delay{0};           // joins the election this late
    JobSpec job;

    static const ParamList<SchedulerConfig>& params();
    static SchedulerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `scheduler` role (XXL-JOB's admin): several run, and the one holding a lease in the Raft KV
// leads. The lease is a key whose value names its holder, its epoch and a renewal count
// (job.h's LeaseValue), changed only by compare-and-set, as Kubernetes' leader election does
// with a Lease object:
// - a standby reads the key every retry_period; when its value has not changed for
//   lease_duration (by its own clock: no clocks are compared), it sets it to itself with the
//   next epoch. The linearizable compare-and-set lets one standby win, and makes epochs grow.
// - the leader sets it to the next renewal every retry_period; if no renewal succeeded for
//   renew_deadline (shorter than lease_duration) it steps down before anybody may take over. A
//   value that changed under it means it lost the lease: it steps down at once.
// The epoch is the fencing token of everything the leader assigns. A leader "fences" every task
// it assigns at the task-sink first (see task_sink_role.h), so an older leader's assignments, or a
// worker it gave up on, can no longer apply the task; the sink's reply names the tasks applied
// already, which it never runs again.
//
// The leader hands the job's due tasks to registered workers (heartbeat within dead_after) by
// its route, follows them (heartbeats list the assignments a worker holds; thieves are reported
// by "moved"), and re-runs, once fenced, the tasks of a worker that stopped heartbeating and
// those missing from two heartbeats in a row of the worker holding them (an assignment or a
// stolen task lost on the way, a worker restarted with an empty queue).
//
// Fire times (tasks of a periodic job, interval > 0): a leader fences a task when it falls due,
// which is the sink's record that it was fired. The fence reply of a new leader names the
// due tasks a predecessor fired (run again) and leaves those nobody fired; one later than
// misfire_threshold is a misfire, handled by XXL-JOB's DO_NOTHING or FIRE_ONCE_NOW.
//
// Phases: standby, leader. Metrics: assigned, rerun (tasks of dead workers run again),
// misfired, lease_renewals.
class SchedulerRole final : public Role {
public:
    explicit SchedulerRole(SchedulerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class TaskState { Pending, Fencing, Assigned, Done, Skipped };
    struct Task {
        TaskState state = TaskState::Pending;
        NodeId owner;
        std::int64_t attempt = 0;
        bool fenced = false;              // Pending: fenced at `attempt` in this epoch
        int missing = 0;                  // Assigned: heartbeats of its owner in a row without it
    };
    struct Worker {
        std::optional<Duration> last_beat;
        bool idle = false;
        std::int64_t queued = 0;
    };

    void tick(Context& ctx);
    void lease_step(Context& ctx);
    void kv_call(Context& ctx, Json body, std::function<void(Context&, const Json&)> on_reply);
    void read_lease(Context& ctx, const Json& reply);
    void try_acquire(Context& ctx, const Json& from, std::int64_t epoch);
    void become_leader(Context& ctx, const LeaseValue& lease, Duration sent);
    void step_down(Context& ctx, const Text& reason);
    // Fences the due pending tasks not fenced yet in this epoch, as one new attempt; `first`: the
    // first fence of an epoch, sent even with no task due (it raises the sink's token).
    void fence_pending(Context& ctx, bool first = false);
    void fenced(Context& ctx, std::int64_t epoch, std::int64_t attempt, const Json& list, const CallOutcome& outcome);
    // Skips the missed fire times `tasks` (by the misfire strategy) at the sink.
    void skip(Context& ctx, std::vector<std::int64_t> tasks);
    void dispatch(Context& ctx);
    void rerun_dead(Context& ctx);
    void heartbeat(Context& ctx, const Message& msg);
    // Marks the task `t` given up (dead worker, lost on the way): pending, to be fenced again.
    void give_up(std::size_t t);
    void task_done(Context& ctx, const Message& msg);
    void moved(const Message& msg);
    bool registered(const Context& ctx, const Worker& w) const;
    std::int64_t count(TaskState state) const;

    SchedulerConfig config_;
    Router router_;
    std::vector<Task> tasks_;
    std::map<NodeId, Worker> workers_;

    // The lease.
    bool leading_ = false;
    bool kv_busy_ = false;
    std::size_t kv_target_ = 0;
    LeaseValue lease_;                    // leader: the value it last wrote
    Duration renewed_at_{0};              // leader: when its last successful write was sent
    std::optional<std::string> observed_; // standby: the value last read (nullopt: absent)
    bool observed_any_ = false;
    Duration observed_at_{0};             // standby: when it last changed
    std::int64_t epoch_ = 0;              // the highest epoch seen
    std::int64_t attempt_ = 0;            // fences sent in this epoch
    bool fenced_ = false;                 // leader: the first fence of its epoch came back

    std::int64_t assigned_ = 0;
    std::int64_t rerun_ = 0;
    std::int64_t misfired_ = 0;
    std::int64_t terms_led_ = 0;
};

}  // namespace distlab::core::task_scheduling
