#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/model/result.h"
#include "netlab/api/judge.h"

// The engine facade, forks: a recorded run taken up again at a moment in the simulator, with one
// change there (netlab/runner/fork.h; docs/gui.md, "The engine facade").
namespace distlab::netlab {

struct ForkSetup {
    std::filesystem::path parent;        // the recording forked
    std::int64_t at_ns = 0;              // the moment, in its run time
    enum class Change { None, Drop, Deliver, Fault, Param };
    Change change = Change::None;
    std::string sender;                  // Drop, Deliver: the message in flight at the moment
    std::uint64_t id = 0;
    std::string text;                    // Fault: one fault in YAML; Param: NODE.KEY=VALUE
    // The runs folder the fork is recorded into (named by scenario and time, its verdict stored,
    // old runs pruned past runs_cap_bytes, the parent kept).
    std::filesystem::path runs_folder;
    std::uint64_t runs_cap_bytes = 0;
};

struct ForkDone {
    std::filesystem::path recording;     // the fork's
    std::string applied;                 // what the change did, in words (English)
    bool parent_real = false;            // the parent ran on real processes: replayed in the simulator
    std::size_t prefix_events = 0;
    std::optional<std::string> mismatch;   // the first difference before the moment (English)
    Judgement judgement;
};

// Runs the fork to its end as fast as the simulator goes (seconds for a long run: call it off the
// GUI thread). Errors: an unreadable parent, a moment outside it, a message not in flight then, a
// fault or parameter that does not load, no runs folder.
core::Result<ForkDone> fork_recording(const ForkSetup& setup);

}  // namespace distlab::netlab
