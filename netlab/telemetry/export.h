#pragma once

#include <filesystem>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "core/model/json.h"
#include "core/model/result.h"
#include "netlab/api/event.h"

namespace distlab::netlab {

class Playback;

// CSV (RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted and its quotes
// doubled) and JSON exports of a run, for spreadsheets and scripts. Free functions, no state.

// One CSV field, quoted only when it must be.
std::string csv_field(std::string_view text);

// One row per client operation, in invocation order:
//   client,op_id,function,invoke_ns,complete_ns,status,latency_ms,value
// status is ok|fail|info, or "pending" (never completed: complete_ns and latency_ms empty).
// value is the completion's value, or the invocation's when the completion carries none.
void write_ops_csv(std::span<const Event> events, std::ostream& out);

// One row per second of the run (bucket = floor(t_ns / 1 s)), from 0 to the last event (past
// 1,000,000 seconds only the seconds with events, so a corrupt timestamp cannot explode it):
//   second,sent,delivered,dropped,ok,fail,info,throughput_ops_s,p50_ms,p99_ms
// Operations count in the second they completed; throughput counts ok operations; the latency
// percentiles (nearest rank, over ok operations) are empty in a second without any.
void write_timeseries_csv(std::span<const Event> events, std::ostream& out);

void write_summary_json(const core::Json& summary, std::ostream& out);

// Writes ops.csv, timeseries.csv and summary.json into `dir` (created if needed).
core::Result<void> export_run(std::span<const Event> events, const core::Json& summary,
                              const std::filesystem::path& dir);
// The same from a recording. A damaged recording exports what can be read, then reports the
// damage as the error.
core::Result<void> export_run(const Playback& playback, const core::Json& summary,
                              const std::filesystem::path& dir);

}  // namespace distlab::netlab
