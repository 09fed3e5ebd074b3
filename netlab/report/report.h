#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/model/json.h"
#include "core/model/result.h"
#include "netlab/api/event.h"
#include "netlab/report/report_data.h"
#include "netlab/report/report_document.h"

namespace distlab::netlab {

// The files of a report. PDF is written by distlab_report_pdf (Qt), the rest by write_report.
struct ReportFormats {
    bool html = true;                  // report.html
    bool pdf = true;                   // report.pdf
    bool csv = true;                   // ops.csv, timeseries.csv
    bool json = true;                  // summary.json (the run's summary plus a "report" key)
    bool trace = true;                 // trace.json (Chrome trace events, for Perfetto)

    // "html,pdf,csv,json,trace" in any order and subset; "all" for every one. An error names an
    // unknown format.
    static core::Result<ReportFormats> parse(std::string_view list);
};

// The report's figures as JSON (the "report" key of summary.json): every field of ReportData
// except what the summary already has (checks) and the scenario texts.
core::Json report_json(const ReportData& data);

// `summary` (the --json summary of the run) with report_json(data) under "report", and the
// seed and command line under "rerun".
core::Json report_summary(const core::Json& summary, const ReportData& data);

// Writes report.html, ops.csv, timeseries.csv, summary.json and trace.json into `dir` (created
// if needed), as `formats` asks; formats.pdf is ignored here. An error says which file failed.
core::Result<void> write_report(const ReportData& data, const ReportDocument& doc, std::span<const Event> events,
                                const core::Json& summary, const std::filesystem::path& dir,
                                const ReportFormats& formats);

}  // namespace distlab::netlab
