#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/result.h"
#include "netlab/api/event.h"
#include "netlab/telemetry/recording_meta.h"

struct sqlite3;

namespace distlab::netlab {

struct PlaybackDbCloser {
    void operator()(sqlite3* db) const;
};

// Events read from a recording, and, when the file is damaged, why reading stopped early:
// `events` then holds what could be read before the damage.
struct EventRange {
    std::vector<Event> events;
    std::optional<core::Error> problem;
};

// A recording opened read-only: the same event stream the Recorder was given, read back by
// time window (State events with their full snapshot restored), and any node's state at any
// time (its latest keyframe plus a few patches).
//
// Threading: not thread-safe; use one Playback from one thread at a time (open another for
// another thread). Reading never modifies the file.
class Playback {
public:
    // Clear errors for a missing file, a file that is not SQLite, a SQLite file that is not a
    // DistLab recording, and a recording newer than this build reads. A damaged file opens as
    // long as its meta table can be read; damage() then says what is wrong.
    static core::Result<Playback> open(const std::filesystem::path& path);

    const RecordingMeta& meta() const { return meta_; }
    const std::filesystem::path& path() const { return path_; }
    // The time of the last event (0 for an empty recording).
    std::int64_t duration_ns() const { return duration_ns_; }
    std::uint64_t event_count() const { return event_count_; }
    // Every node that is the subject of some event, by name.
    const std::vector<core::NodeId>& nodes() const { return nodes_; }
    // A problem found while opening (an unreadable index or table); nullopt for a sound file.
    const std::optional<core::Error>& damage() const { return damage_; }

    // Calls `on_event` for every event with from_ns <= t_ns < to_ns, in time order (ties in
    // recorded order). An error when the file is damaged: the events before it were delivered.
    core::Result<void> read(std::int64_t from_ns, std::int64_t to_ns,
                            const std::function<void(const Event&)>& on_event) const;
    EventRange read(std::int64_t from_ns, std::int64_t to_ns) const;
    EventRange read_all() const;

    // `node`'s latest snapshot at or before `t_ns`; nullopt if it had none yet.
    core::Result<std::optional<core::Json>> state_at(const core::NodeId& node, std::int64_t t_ns) const;

private:
    // One node's reconstructed state n, kept while reading forward.
    struct Cursor {
        std::int64_t n = -1;
        std::optional<core::Json> state;
    };

    Playback(std::filesystem::path path, std::unique_ptr<sqlite3, PlaybackDbCloser> db) : path_(std::move(path)), db_(std::move(db)) {}

    core::Result<void> load_summary();
    // The snapshot of `node`'s n-th state event (keyframe and patches); nullopt: not JSON.
    core::Result<std::optional<core::Json>> state_number(const core::NodeId& node, std::int64_t n) const;

    std::filesystem::path path_;
    std::unique_ptr<sqlite3, PlaybackDbCloser> db_;
    RecordingMeta meta_;
    std::int64_t duration_ns_ = 0;
    std::uint64_t event_count_ = 0;
    std::int64_t max_fate_lag_ns_ = 0;    // schema 2: the longest a message waited for its fate
    std::vector<core::NodeId> nodes_;
    std::optional<core::Error> damage_;
};

}  // namespace distlab::netlab
