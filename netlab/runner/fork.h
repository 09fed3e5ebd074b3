#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/model/ids.h"
#include "core/model/result.h"
#include "netlab/api/event.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/scenario.h"

// What if: a run forked from a recording at a moment T (docs/simulator.md, "Forks"). The
// simulator runs the recording's scenario under its seed to T, so every delivery, timer and fault
// up to T happens again as recorded; the events it produced are compared with the recording's,
// one by one; then the change is applied at T and the run goes on to its end, recorded and judged
// like any run.
namespace distlab::netlab {

// The one change a fork makes at T.
struct ForkChange {
    enum class Kind {
        None,       // replay only: the fork reproduces the parent
        Drop,       // a message in flight at T is lost
        Deliver,    // a message in flight at T arrives at T
        Fault,      // a fault (one entry of a scenario's `faults`, YAML) fires at T
        Param,      // a node restarts at T with one parameter changed (its storage kept)
    };
    Kind kind = Kind::None;
    core::NodeId sender;             // Drop, Deliver: the message's sender and id
    core::MessageId id = 0;
    std::string fault;               // Fault: `{kill: n2}`, `partition: [[n1], [n2, n3]]` ...
    core::NodeId node;               // Param: NODE.KEY=VALUE
    std::string key;
    std::string value;

    // As the command line writes it: "drop n1:12", "fault {kill: n2}", "param n2.pre_vote=false";
    // "none" for a replay.
    std::string text() const;

    // "SENDER:ID" for --drop and --deliver, "NODE.KEY=VALUE" for --param; a clear error otherwise.
    static core::Result<ForkChange> message(Kind kind, const std::string& sender_colon_id);
    static core::Result<ForkChange> param(const std::string& node_key_value);
};

struct ForkRequest {
    std::filesystem::path parent;            // the recording forked
    std::int64_t at_ns = 0;                  // T, in the recording's run time
    ForkChange change;
    std::optional<std::filesystem::path> record_path;   // the fork's recording; never overwritten
    std::string command_line;                // kept in the fork's recording
    const std::atomic<bool>* stop_requested = nullptr;
};

struct ForkOutcome {
    Scenario scenario;                       // the parent's, with its seed
    RunOutcome run;                          // the fork's whole run, judged
    bool parent_real = false;                // the parent ran on real processes
    std::size_t prefix_events = 0;           // events up to T, compared
    // The first difference between the recording and the replay up to T; nullopt when the fork
    // reproduced the recording's prefix event by event.
    std::optional<std::string> mismatch;
    std::string applied;                     // what the change did at T, in words
};

// Forks the recording. Errors (nothing recorded then): the parent cannot be read, T is outside it,
// a scenario the simulator cannot run, a message not in flight at T, a fault or parameter that does
// not load (named as the loader names it). A prefix mismatch is not an error: the fork runs and
// says so in `mismatch` and in its recording.
core::Result<ForkOutcome> fork_run(const ForkRequest& request);

// The events of a recording that a replay reproduces: all but the pauses (RunPaused,
// RunResumed), which stop the clock and change nothing else.
bool replayed_kind(EventKind kind);

// The first difference between `recorded` and `replayed` (both already filtered by
// replayed_kind), in words; nullopt when they are equal. A RunStarted differs only in its `sim`
// flag when the recording ran on real processes, and a recording made before roles said their
// phase reasons and violations in Chinese as well does not differ for lacking that Chinese.
std::optional<std::string> first_difference(const std::vector<Event>& recorded, const std::vector<Event>& replayed);

}  // namespace distlab::netlab
