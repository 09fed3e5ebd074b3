#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/model/result.h"
#include "netlab/api/event.h"
#include "netlab/api/scenario_files.h"
#include "netlab/telemetry/recording_meta.h"
#include "netlab/telemetry/runs_folder.h"

// The engine facade, recordings: open one and read it by time window, and list a runs folder
// (docs/gui.md, "The engine facade").
namespace distlab::netlab {

// Events read from a recording; when the file is damaged, `problem` says why reading stopped
// early and `events` holds what came before the damage.
struct EventWindow {
    std::vector<Event> events;
    std::optional<core::Error> problem;
};

// A recording (*.distlab) opened read-only.
//
// Threading: not thread-safe; use one reader from one thread at a time (open another for
// another thread). It may be moved to another thread between uses.
class RecordingReader {
public:
    // Clear errors for a missing file, a file that is not a DistLab recording and a recording
    // newer than this build reads. A damaged file opens as long as its meta table can be read;
    // damage() then says what is wrong.
    static core::Result<RecordingReader> open(const std::filesystem::path& path);

    RecordingReader(RecordingReader&&) noexcept;
    RecordingReader& operator=(RecordingReader&&) noexcept;
    ~RecordingReader();

    const RecordingMeta& meta() const;
    // The time of the last event (0 for an empty recording).
    std::int64_t duration_ns() const;
    std::uint64_t event_count() const;
    // A problem found while opening; nullopt for a sound file.
    const std::optional<core::Error>& damage() const;

    // The events with from_ns <= t_ns < to_ns, in time order (State events with their full
    // snapshot).
    EventWindow read(std::int64_t from_ns, std::int64_t to_ns) const;
    EventWindow read_all() const;

    // The scenario the recording ran, from the text it keeps. Its checks are not validated
    // against this build's (a recording of an older build still plays back); `name` names it
    // in diagnostics.
    ScenarioLoad scenario(std::string name) const;

private:
    struct Impl;
    explicit RecordingReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The recordings in a runs folder, newest first; a file that cannot be read is listed with its
// problem. A missing folder lists nothing.
std::vector<PastRun> list_recordings(const std::filesystem::path& folder);

}  // namespace distlab::netlab
