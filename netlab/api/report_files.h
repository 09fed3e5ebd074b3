#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/model/result.h"
#include "netlab/api/event.h"

// The engine facade, reports: judge a run and write its report files (docs/gui.md, "The engine
// facade"). The PDF is Qt's: report/pdf writes it from the document this returns.
namespace distlab::netlab {

struct ReportDocument;   // netlab/report/report_document.h
struct Scenario;         // netlab/scenario/scenario.h

// Which files to write besides the PDF.
struct ReportFiles {
    bool html = true;    // report.html
    bool csv = true;     // ops.csv, timeseries.csv
    bool json = true;    // summary.json
    bool trace = true;   // trace.json (Chrome trace events)
};

// A run's report: its scenario, every event in time order, the recording it came from (empty:
// none), named in the report, and the language of its pages ("en" or "zh_CN").
struct ReportRequest {
    const Scenario& scenario;
    const std::vector<Event>& events;
    std::string recording;
    std::string lang = "en";
};

// Judges the run and writes the files `files` asks for into `dir` (created if needed); returns
// the report's document, for report::write_report_pdf. An error says which file failed. Takes
// seconds on a long run: call it off the GUI thread.
core::Result<std::shared_ptr<const ReportDocument>> write_report_files(const ReportRequest& request,
                                                                       const std::filesystem::path& dir,
                                                                       const ReportFiles& files = {});

}  // namespace distlab::netlab
