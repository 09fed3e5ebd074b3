#pragma once

// The report of a judged history (`distlab-cli check --report DIR`): the verdict, the first
// counterexample explained, and the history drawn as a timeline, one lane per process, the
// counterexample's operations in red. Laid out as a ReportDocument, so the run reports' page
// (render_html) and PDF (report/pdf) draw it.

#include <string>

#include "core/model/json.h"
#include "netlab/history/history.h"
#include "netlab/history/judge.h"
#include "netlab/report/report_document.h"

namespace distlab::netlab {

struct HistoryReportInput {
    const History& history;
    HistoryModel model;
    const Judgement& judgement;
    std::string file;               // the history file, as given
    std::string command_line;
    std::string lang = "en";        // the report's language: "en" or "zh_CN"
};

// The summary `--json` prints and check.json holds: {"command": "check", "file", "format",
// "model", "verdict", "passed", "summary", "summary_zh", "explanation": [...], "explanation_zh", "partition",
// "failed_op": {"at", "completed_at", "process", "op"} or null, "witness": [...], "minimal",
// "ops", "processes", "unknown", "failed", "skipped", "seconds"}.
core::Json history_summary(const HistoryReportInput& input);

// The timeline: every operation as a bar from invocation to completion on its process' lane
// (an unknown outcome as a dashed bar to the end); with more than kTimelineOps operations, the
// stretch around the counterexample (or the beginning) only, which the caption says; in the
// input's language.
inline constexpr std::size_t kTimelineOps = 1500;
std::string history_timeline_svg(const HistoryReportInput& input);

// The verdict, the first counterexample explained, the timeline and the rerun command, in the
// input's language.
ReportDocument history_report_document(const HistoryReportInput& input);

}  // namespace distlab::netlab
