#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/param_list.h"
#include "core/model/time.h"

// What every role of the task scheduling pattern shares: the job (its tasks and their sizes),
// the lease value kept in the Raft KV, and the names of the messages.
//
//   scheduler -> worker     "assign"      {task, size_ms, token, attempt}
//   worker -> schedulers    "heartbeat"   {held: [[task, token, attempt]], queued, queued_ms, running: task|null}
//   leader -> worker        "heartbeat_reply" {epoch, queued: {worker: count}}
//   worker -> worker        "steal"       {}            (a call)
//   worker -> worker        "steal_reply" {tasks: [{task, size_ms, token, attempt, scheduler}]}
//   worker -> scheduler     "moved"       {tasks: [task], to: worker}
//   worker -> task-sink     "apply"       {task, token, attempt, size_ms}   (a call; the sender is the worker)
//   task-sink -> worker     "apply_reply" {ok: true, applied: true, times}  applied now (times: how
//                                                                            often in all)
//                                         {ok: true, applied: false}        this very assignment
//                                                                            was applied before (a retry)
//                                         {ok: false, error: "stale_token", max_token}
//   worker -> scheduler     "task_done"   {task, token, attempt, applied, error}
//   scheduler -> task-sink  "fence"       {token, attempt, tasks: [task]}  (a call)
//   task-sink -> scheduler  "fence_reply" {ok: true, applied: [task], fired: [task], skipped: [task], token, max_token}
//                                         | {ok: false, error: "stale_token", max_token}
//   scheduler -> task-sink  "skip"        {token, tasks: [task]}           (a call: misfires skipped)
//   task-sink -> scheduler  "skip_reply"  {ok: true, skipped: [task], token}
namespace distlab::core::task_scheduling {

inline constexpr const char* kSchedulerRole = "scheduler";
inline constexpr const char* kWorkerRole = "worker";
inline constexpr const char* kSinkRole = "task-sink";

inline constexpr const char* kAssign = "assign";
inline constexpr const char* kHeartbeat = "heartbeat";
inline constexpr const char* kHeartbeatReply = "heartbeat_reply";
inline constexpr const char* kSteal = "steal";
inline constexpr const char* kMoved = "moved";
inline constexpr const char* kApply = "apply";
inline constexpr const char* kApplyReply = "apply_reply";
inline constexpr const char* kTaskDone = "task_done";
inline constexpr const char* kFence = "fence";
inline constexpr const char* kSkip = "skip";
inline constexpr const char* kStaleToken = "stale_token";

// The job every scheduler of a scenario runs: tasks 0 .. tasks-1, each `task_size` long, except
// every `big_every`-th one (0, big_every, 2 x big_every ...), which is `big_factor` times longer.
// Task i is due at first_due + i x interval (interval 0: all at once, a queue of work; above 0,
// the fire times of a periodic job, which can misfire).
struct JobSpec {
    std::int64_t tasks = 12;
    Duration task_size{100ms};
    std::int64_t big_every = 0;
    double big_factor = 10;
    Duration interval{0};
    Duration first_due{0};

    Duration size(std::int64_t task) const;
    Duration due(std::int64_t task) const { return first_due + interval * task; }
    // The sum of every task's size: the work to share out.
    Duration total() const;

    static const ParamList<JobSpec>& params();
};

// The value of the lease key: who holds it, its epoch (the fencing token of everything the
// holder assigns) and a renewal counter, so that every renewal changes the value and a standby
// sees the holder alive. Written "holder/epoch/renewal".
struct LeaseValue {
    std::string holder;
    std::int64_t epoch = 0;
    std::int64_t renewal = 0;

    std::string text() const;
    // nullopt when `text` is not of that form.
    static std::optional<LeaseValue> parse(const std::string& text);
};

// An integer field of a message body, or nullopt when it is missing or not an integer.
std::optional<std::int64_t> int_field(const Json& body, const char* name);

}  // namespace distlab::core::task_scheduling
