#include "netlab/telemetry/runs_folder.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <system_error>

#include "netlab/telemetry/playback.h"
#include "netlab/telemetry/sqlite_util.h"

namespace distlab::netlab {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kExtension = ".distlab";

bool is_recording(const fs::directory_entry& entry) {
    std::error_code ec;
    return entry.is_regular_file(ec) && entry.path().extension() == kExtension;
}

fs::path companion(const fs::path& recording, const char* suffix) {
    fs::path p = recording;
    p += suffix;
    return p;
}

std::uint64_t size_with_journal(const fs::path& recording) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const fs::path& p : {recording, companion(recording, "-wal")}) {
        const auto size = fs::file_size(p, ec);
        if (!ec)
            total += size;
    }
    return total;
}

std::vector<fs::path> recordings_in(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (is_recording(*it))
            out.push_back(it->path());
    return out;
}

// A file name stem from a scenario name or path: letters, digits, '.', '_' and '-' kept, the
// rest '_'.
std::string stem_of(std::string_view scenario) {
    fs::path p(scenario);
    std::string stem = p.filename().string();
    for (std::string_view ext : {".yaml", ".yml"})
        if (stem.size() > ext.size() && stem.ends_with(ext))
            stem.resize(stem.size() - ext.size());
    for (char& c : stem)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            c = '_';
    while (!stem.empty() && stem.front() == '.')
        stem.erase(stem.begin());
    return stem.empty() ? std::string("run") : stem;
}

// The `title` of a scenario's YAML text: {en, zh} (or one string for both).
void read_title(const std::string& yaml, PastRun& run) {
    try {
        const YAML::Node root = YAML::Load(yaml);
        const YAML::Node title = root.IsMap() ? root["title"] : YAML::Node();
        if (title.IsScalar()) {
            run.title_en = run.title_zh = title.as<std::string>();
        } else if (title.IsMap()) {
            if (title["en"].IsScalar())
                run.title_en = title["en"].as<std::string>();
            if (title["zh"].IsScalar())
                run.title_zh = title["zh"].as<std::string>();
        }
    } catch (const YAML::Exception&) {
        // A scenario text that does not parse simply has no title to show.
    }
}

// The `passed` meta key written by record_verdict, if any.
std::optional<bool> read_verdict(const fs::path& recording) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(recording.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    sqlite::DbPtr db(raw);
    if (rc != SQLITE_OK)
        return std::nullopt;
    sqlite3_busy_timeout(raw, 1000);
    auto stmt = sqlite::prepare(raw, "SELECT value FROM meta WHERE key = 'passed'");
    if (!stmt || sqlite3_step(stmt->get()) != SQLITE_ROW)
        return std::nullopt;
    const std::string value = sqlite::column_text(stmt->get(), 0);
    if (value == "1")
        return true;
    if (value == "0")
        return false;
    return std::nullopt;
}

PastRun describe(const fs::path& path) {
    PastRun run;
    run.path = path;
    run.size_bytes = size_with_journal(path);
    std::error_code ec;
    run.modified = fs::last_write_time(path, ec);
    auto playback = Playback::open(path);
    if (!playback) {
        run.problem = playback.error().message;
        return run;
    }
    const RecordingMeta& meta = playback->meta();
    run.scenario_name = meta.scenario_name;
    read_title(meta.scenario_yaml, run);
    run.start_wall_time = meta.start_wall_time;
    run.end_wall_time = meta.end_wall_time;
    run.finished = meta.finished;
    run.end_reason = meta.end_reason;
    run.seed = meta.seed;
    run.event_count = playback->event_count();
    run.duration_ns = playback->duration_ns();
    if (playback->damage())
        run.problem = playback->damage()->message;
    run.passed = read_verdict(path);
    return run;
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::equivalent(a, b, ec))
        return true;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

fs::path RunsFolder::default_path(const char* xdg_data_home, const char* home) {
    if (xdg_data_home && *xdg_data_home && fs::path(xdg_data_home).is_absolute())
        return fs::path(xdg_data_home) / "distlab" / "runs";
    if (home && *home)
        return fs::path(home) / ".local" / "share" / "distlab" / "runs";
    return fs::path("distlab-runs");
}

fs::path RunsFolder::default_path() { return default_path(std::getenv("XDG_DATA_HOME"), std::getenv("HOME")); }

RunsFolder::RunsFolder(fs::path dir, std::uint64_t size_cap) : dir_(std::move(dir)), size_cap_(size_cap) {}

core::Result<fs::path> RunsFolder::new_recording_path(std::string_view scenario,
                                                      std::chrono::system_clock::time_point when) const {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec)
        return core::fail("cannot create the runs folder " + dir_.string() + ": " + ec.message());
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    const std::string base = stem_of(scenario) + "-" + stamp;
    for (int n = 1; n < 10000; ++n) {
        const std::string name = base + (n == 1 ? std::string() : "-" + std::to_string(n)) + std::string(kExtension);
        const fs::path candidate = dir_ / name;
        if (!fs::exists(candidate, ec) && !ec)
            return candidate;
    }
    return core::fail("no free recording name for " + base + " in " + dir_.string());
}

std::vector<PastRun> RunsFolder::list() const {
    std::vector<PastRun> runs;
    for (const fs::path& p : recordings_in(dir_))
        runs.push_back(describe(p));
    // ISO 8601 UTC text sorts by time; a file without a readable start sorts by its file time
    // among the others' file times.
    std::sort(runs.begin(), runs.end(), [](const PastRun& a, const PastRun& b) {
        if (!a.start_wall_time.empty() && !b.start_wall_time.empty() && a.start_wall_time != b.start_wall_time)
            return a.start_wall_time > b.start_wall_time;
        if (a.modified != b.modified)
            return a.modified > b.modified;
        return a.path.filename() > b.path.filename();
    });
    return runs;
}

std::uint64_t RunsFolder::total_size() const {
    std::uint64_t total = 0;
    for (const fs::path& p : recordings_in(dir_))
        total += size_with_journal(p);
    return total;
}

PruneReport RunsFolder::enforce_cap(std::span<const fs::path> keep) const {
    struct File {
        fs::path path;
        fs::file_time_type modified;
        std::uint64_t size;
    };
    std::vector<File> files;
    PruneReport report;
    for (const fs::path& p : recordings_in(dir_)) {
        std::error_code ec;
        files.push_back({p, fs::last_write_time(p, ec), size_with_journal(p)});
        report.total_bytes += files.back().size;
    }
    std::sort(files.begin(), files.end(), [](const File& a, const File& b) {
        return a.modified != b.modified ? a.modified < b.modified : a.path.filename() < b.path.filename();
    });
    for (const File& f : files) {
        if (report.total_bytes <= size_cap_)
            break;
        if (std::any_of(keep.begin(), keep.end(), [&](const fs::path& k) { return same_file(k, f.path); }))
            continue;
        std::error_code ec;
        fs::remove(f.path, ec);
        if (ec) {
            report.problems.push_back("cannot remove " + f.path.string() + ": " + ec.message());
            continue;
        }
        for (const char* suffix : {"-wal", "-shm", "-journal"})
            fs::remove(companion(f.path, suffix), ec);
        report.removed.push_back(f.path);
        report.freed_bytes += f.size;
        report.total_bytes -= f.size;
    }
    return report;
}

core::Result<void> RunsFolder::record_verdict(const fs::path& recording, bool passed) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(recording.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    sqlite::DbPtr db(raw);
    if (rc != SQLITE_OK)
        return core::fail(sqlite::message(raw, "cannot open " + recording.string()));
    sqlite3_busy_timeout(raw, 5000);
    auto format = sqlite::prepare(raw, "SELECT value FROM meta WHERE key = 'format'");
    if (!format || sqlite3_step(format->get()) != SQLITE_ROW ||
        sqlite::column_text(format->get(), 0) != sqlite::kFormatName)
        return core::fail(recording.string() + " is not a DistLab recording");
    format->reset();
    auto stmt = sqlite::prepare(raw, "INSERT OR REPLACE INTO meta(key, value) VALUES('passed', ?1)");
    if (!stmt)
        return std::unexpected(stmt.error());
    sqlite3_bind_text(stmt->get(), 1, passed ? "1" : "0", 1, SQLITE_STATIC);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE)
        return core::fail(sqlite::message(raw, "cannot store the verdict in " + recording.string()));
    return {};
}

}  // namespace distlab::netlab
