#pragma once

// The chaos campaign as a report section (`distlab-cli chaos --report DIR`): what ran, what
// failed, the failing seeds and the shrunk schedule, in the report's language.

#include <string>
#include <string_view>
#include <vector>

#include "netlab/chaos/chaos.h"
#include "netlab/report/report_document.h"

namespace distlab::netlab {

struct ChaosReportInput {
    const Scenario& scenario;                  // as given, before chaos_base
    const ChaosOptions& options;               // the campaign's seed, faults, interval, real or simulated
    const ChaosSummary& summary;
    std::vector<std::string> shrunk_faults;    // the shrunk scenario's fault lines as its file shows them
    std::string replay;                        // the command that replays the run the rest of the report shows
};

// What ran (runs, seeds, the fault kinds drawn, the mean interval), the totals, the runs failing
// each check and the failing seeds, then the first failure shrunk (its schedule, the check's
// detail) or that no run failed, and the replay command; in `lang` ("en" or "zh_CN").
ReportSection chaos_section(const ChaosReportInput& input, std::string_view lang = "en");

}  // namespace distlab::netlab
