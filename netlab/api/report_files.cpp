#include "netlab/api/report_files.h"

#include "netlab/report/report.h"
#include "netlab/runner/runner.h"

namespace distlab::netlab {

core::Result<std::shared_ptr<const ReportDocument>> write_report_files(const ReportRequest& request,
                                                                       const std::filesystem::path& dir,
                                                                       const ReportFiles& files) {
    const Scenario& scenario = request.scenario;
    // The summary names the recording the events came from (null only when there is none).
    const RunOutcome outcome =
        judge_run(scenario, request.events,
                  request.recording.empty() ? std::nullopt : std::optional<std::filesystem::path>(request.recording));
    const ReportData data =
        build_report_data({scenario, outcome.events, outcome.checks, scenario.seed, std::string(), request.recording, {}});
    auto doc = std::make_shared<const ReportDocument>(build_report_document(data, request.lang));
    ReportFormats formats;
    formats.html = files.html;
    formats.pdf = false;
    formats.csv = files.csv;
    formats.json = files.json;
    formats.trace = files.trace;
    if (auto written = write_report(data, *doc, outcome.events, outcome.summary, dir, formats); !written)
        return std::unexpected(written.error());
    return doc;
}

}  // namespace distlab::netlab
