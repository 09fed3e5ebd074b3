#pragma once

// What the distlab-cli commands share: exit codes, usage, loading scenarios, the stop flag set by
// SIGINT/SIGTERM, the node binary, and writing one run's report set.

#include <atomic>
#include <expected>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netlab/report/report.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/scenario.h"
#include "netlab/telemetry/recording_meta.h"

namespace distlab::cli {

// docs/scenario-format.md: the exit codes of every command.
enum Exit { kPassed = 0, kCheckFailed = 1, kInvalidInput = 2, kLabFailed = 3 };

// The usage printed after an error (every command's synopsis, written from the declarations).
void set_usage(std::string text);

// Prints "distlab-cli: error: PROBLEM" and the usage to stderr; kInvalidInput.
int usage_error(const std::string& problem);

// Where a command writes what people read: stdout, or stderr when --json keeps stdout for the
// one JSON line (docs/scenario-format.md).
std::ostream& human_output(bool json);

// Set by SIGINT and SIGTERM once install_signal_handlers() ran; runs stop early when it is set.
std::atomic<bool>& stop_flag();
void install_signal_handlers();

std::string read_file(const std::string& path);

// A scenario file through the loader with the built-in roles and checks.
std::expected<netlab::Scenario, std::vector<netlab::Diagnostic>> load(const std::string& path);
void print_diagnostics(const std::vector<netlab::Diagnostic>& problems);

// A recording read back and judged again from its events (verdicts are not stored), as `report`
// and `compare` use it.
struct JudgedRecording {
    netlab::Scenario scenario;          // the scenario the recording holds, with its recorded seed
    netlab::RecordingMeta meta;
    netlab::RunOutcome outcome;
    std::vector<std::string> problems;  // damage, a file never closed, events cut short
};

// Opens the recording at `path`, loads the scenario inside it and judges its events. What can be
// reported despite damage comes back with a warning on stderr; nullopt after saying on stderr
// why the file cannot be used (not a recording, newer schema, unreadable): exit kInvalidInput.
std::optional<JudgedRecording> judge_recording(const std::string& path);

// distlab-node lives beside distlab-cli; DISTLAB_NODE overrides it.
std::string node_binary();

// Writes the report files `formats` asks for (report.html, report.pdf, ops.csv, timeseries.csv,
// summary.json, trace.json) of one judged run into `dir`, and returns the run's figures; nullopt
// after saying on stderr why not. `lead` sections go first after the title (a chaos campaign's).
// The HTML and PDF pages are in `lang` ("en" or "zh_CN", as --lang gives it).
std::optional<netlab::ReportData> write_report_set(const netlab::Scenario& scenario, const netlab::RunOutcome& outcome,
                                                   const std::string& command_line, std::vector<std::string> problems,
                                                   const std::string& dir, const netlab::ReportFormats& formats,
                                                   std::string_view lang,
                                                   std::vector<netlab::ReportSection> lead = {});

}  // namespace distlab::cli
