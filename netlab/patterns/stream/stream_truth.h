#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/text.h"
#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// A stream job's output judged against the truth its source's log gives, read from a run's
// events alone (so a check and a report figure agree, live or from a recording).
//
// The truth: every event the stream-source sent (each offset once; a replay sends the same
// event again), handed per operator in offset order to the same event-time windows with the
// operator's own spec and lateness (read from its snapshots), ending with end_of_input if the
// source sent it. The windows are deterministic, so this is exactly what a run without failures
// counts. The sink's table is its last snapshot.
struct StreamCell {
    std::string key;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t truth = 0;
    std::int64_t sink = 0;
};

struct StreamLate {
    std::string op;
    std::string policy;               // drop | side_output
    std::int64_t late = 0;            // past the allowed lateness: dropped or side output
    std::int64_t admitted = 0;        // late, within the allowed lateness: a late firing
};

struct StreamTruth {
    std::string sink;
    std::string sink_mode;
    std::vector<StreamCell> cells;    // every (key, window) with a truth or a sink count, in order
    std::vector<StreamLate> late;     // per operator
    std::int64_t events = 0;          // distinct events the source sent
    std::int64_t replayed = 0;        // sends of an event already sent (replays after restarts)
    std::int64_t restarts = 0;        // job attempts after the first
    std::int64_t side_output_truth = 0;
    std::int64_t side_output_sink = 0;
    std::int64_t over = 0;            // events the sink counts beyond the truth, over all windows
    std::int64_t under = 0;           // events of the truth the sink lacks
    std::int64_t windows_over = 0;
    std::int64_t windows_under = 0;
    std::int64_t keys = 0;

    bool exact() const { return over == 0 && under == 0 && side_output_truth == side_output_sink; }
};

// The judgement of the run's stream job, or why there is none (no stream-sink, no snapshot of
// it, an operator that never told its window spec, more than one sink, a source that sent two
// different events under one offset).
std::optional<StreamTruth> stream_truth(const std::vector<Event>& events, const RoleCatalog& catalog,
                                        core::Text* why_not = nullptr);

// "[3s, 4s)": a window for people.
std::string window_text(std::int64_t start_ms, std::int64_t end_ms);

}  // namespace distlab::netlab
