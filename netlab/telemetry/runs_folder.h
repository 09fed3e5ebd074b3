#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/result.h"

namespace distlab::netlab {

// One recording found in a runs folder: what its file and its meta table say. A file that
// cannot be read still appears, with `problem` saying why and the fields it could not give
// left empty.
struct PastRun {
    std::filesystem::path path;
    std::uint64_t size_bytes = 0;               // the file plus its -wal journal, if any
    std::filesystem::file_time_type modified{};
    std::string scenario_name;
    std::string title_en;                       // the scenario's title, from the YAML inside
    std::string title_zh;
    std::string start_wall_time;                // ISO 8601 UTC
    std::string end_wall_time;                  // empty if the run never finished
    bool finished = false;                      // false: the lab died, or is still writing it
    std::string end_reason;
    std::uint64_t seed = 0;
    std::uint64_t event_count = 0;
    std::int64_t duration_ns = 0;
    std::optional<bool> passed;                 // set by record_verdict; nullopt: not judged
    std::optional<std::string> problem;         // unreadable or damaged: the reason
};

// What enforce_cap did.
struct PruneReport {
    std::vector<std::filesystem::path> removed;
    std::uint64_t freed_bytes = 0;
    std::uint64_t total_bytes = 0;              // what the folder's recordings take afterwards
    std::vector<std::string> problems;          // files that could not be removed
};

// The folder every run is recorded into by default: it names new recordings
// (<scenario>-<UTC timestamp>[-n].distlab), lists past runs, and keeps the folder under a size
// cap by deleting the oldest recordings. Only *.distlab files (and their -wal/-shm companions)
// are ever touched.
//
// Threading: holds no state beyond its settings; calls from several threads are safe, though
// two enforcing the cap at once may race to remove the same file (reported as a problem).
class RunsFolder {
public:
    static constexpr std::uint64_t kDefaultSizeCap = 2ull * 1024 * 1024 * 1024;   // 2 GiB

    // $XDG_DATA_HOME/distlab/runs, else ~/.local/share/distlab/runs (XDG Base Directory spec:
    // an unset, empty or relative XDG_DATA_HOME is ignored); ./distlab-runs without a home.
    static std::filesystem::path default_path();
    static std::filesystem::path default_path(const char* xdg_data_home, const char* home);

    explicit RunsFolder(std::filesystem::path dir = default_path(), std::uint64_t size_cap = kDefaultSizeCap);

    const std::filesystem::path& dir() const { return dir_; }
    std::uint64_t size_cap() const { return size_cap_; }
    void set_size_cap(std::uint64_t bytes) { size_cap_ = bytes; }

    // A path for a new recording of `scenario` (a name or a scenario file path; its .yaml is
    // dropped) started at `when`: <stem>-YYYYMMDDTHHMMSSZ.distlab, with -2, -3... if taken.
    // Creates the folder. The file itself is created by the Recorder.
    core::Result<std::filesystem::path> new_recording_path(
        std::string_view scenario, std::chrono::system_clock::time_point when = std::chrono::system_clock::now()) const;

    // Every recording in the folder, newest first (by start time, else file time). A missing
    // folder lists nothing.
    std::vector<PastRun> list() const;
    // Bytes the folder's recordings take.
    std::uint64_t total_size() const;

    // Deletes the oldest recordings (by file time) until the total is at most the cap. Never
    // deletes a path in `keep` (pass the recording being written).
    PruneReport enforce_cap(std::span<const std::filesystem::path> keep = {}) const;

    // Stores a finished run's verdict in its recording's meta table (key `passed`), so list()
    // can show it.
    static core::Result<void> record_verdict(const std::filesystem::path& recording, bool passed);

private:
    std::filesystem::path dir_;
    std::uint64_t size_cap_;
};

}  // namespace distlab::netlab
