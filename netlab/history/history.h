#pragma once

// Operation histories from other systems, read for `distlab-cli check` (docs/check-histories.md):
// Jepsen's logged lines (`INFO  jepsen.util - 3	:invoke	:read	nil`, or after `jepsen.util: ` in
// newer logs), EDN operation maps
// (one per line, or a vector of them, as in Jepsen's history.edn and Knossos' data files),
// Porcupine-style JSON operations, and DistLab's own recordings (.distlab, SQLite).

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "netlab/checks/linearizable.h"
#include "netlab/history/edn.h"

namespace distlab::netlab {

enum class HistoryFormat { JepsenLog, Edn, PorcupineJson, Recording };
std::string_view to_string(HistoryFormat format);

// One operation: its invocation paired with its completion by process.
struct HistoryOp {
    std::string process;                  // "3", a client's name
    std::string f;                        // "read", "write", "cas", "get", "put", "append", "add", ...
    std::optional<std::string> key;       // Porcupine's and our kv ops; Jepsen's `:key`
    core::Json input;                     // the invocation's value (null: none)
    core::Json output;                    // the completion's value (null: none)
    KvOperation::Outcome outcome = KvOperation::Outcome::Info;
    std::int64_t invoked_ns = 0;          // untimed formats: the position in the file
    std::optional<std::int64_t> completed_ns;
    std::size_t at = 0;                   // where the invocation is (line, operation or event number)
    std::optional<std::size_t> completed_at;
};

struct History {
    HistoryFormat format = HistoryFormat::JepsenLog;
    std::string unit = "line";            // what `at` counts: line, operation or event
    bool timed = false;                   // the times are real (ns); else positions
    std::vector<HistoryOp> ops;           // in invocation order
    std::size_t skipped = 0;              // lines that are not operations, nemesis operations
    std::size_t open = 0;                 // invocations never completed
};

// A problem with the input, where it is: "FILE:LINE:COLUMN: what" (column 0: not given).
struct HistoryError {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;
    std::string text() const;
};

// Reads the file at `path`, its format recognised from its content; a file in which no
// operation is found is an error, not an empty history.
std::expected<History, HistoryError> read_history(const std::filesystem::path& path);

// The same from text (not a recording); `name` is what errors call the input.
std::expected<History, HistoryError> parse_history(std::string_view text, const std::string& name);

// One format each, for tests and for a caller that knows it.
std::expected<History, HistoryError> parse_jepsen_log(std::string_view text, const std::string& name);
std::expected<History, HistoryError> parse_edn_history(std::string_view text, const std::string& name);
std::expected<History, HistoryError> parse_porcupine_json(std::string_view text, const std::string& name);
std::expected<History, HistoryError> read_recording_history(const std::filesystem::path& path);

// "process 3 cas 1→4": the operation for people (no position); in `lang` ("en" or "zh_CN").
std::string describe(const HistoryOp& op, std::string_view lang = "en");
// "lines 12–15", "line 12, never completed", "operation 4"; in `lang` ("第 12–15 行").
std::string where(const History& history, const HistoryOp& op, std::string_view lang = "en");

}  // namespace distlab::netlab
