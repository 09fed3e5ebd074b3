#pragma once

#include <cstdint>
#include <string>

namespace distlab::netlab {

// What a recording says about itself (its `meta` table). The Recorder writes the first group
// at open and the second at close; Playback reads both.
struct RecordingMeta {
    std::string scenario_name;
    std::string scenario_yaml;         // the scenario file's text, so a recording stands alone
    std::uint64_t seed = 0;
    std::string command_line;
    std::string start_wall_time;       // ISO 8601 UTC; empty when opening: the Recorder stamps now
    // A fork (netlab/runner/fork.h): the recording it branched from (empty: not a fork), the
    // moment, the change made there, whether the parent ran on real processes (the fork replayed
    // it in the simulator), and how the replay up to the moment compared with the parent.
    std::string fork_parent;
    std::int64_t fork_at_ns = 0;
    std::string fork_change;
    bool fork_replayed_real = false;
    std::string fork_prefix;

    int schema_version = 0;            // as found in the file
    bool finished = false;             // false: the writer died (or is still running)
    std::string end_reason;
    std::string end_wall_time;
};

}  // namespace distlab::netlab
