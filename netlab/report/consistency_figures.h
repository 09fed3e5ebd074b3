#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "netlab/report/figure_source.h"
#include "netlab/report/report_document.h"

namespace distlab::netlab {

// The generic consistency-map section, for every run whose clients recorded a key-value history
// (put, get, cas; netlab/checks/consistency.h): which models the history kept, strongest first,
// as Jepsen's consistency map draws them: linearizable, sequential (per key), read your writes,
// monotonic reads, monotonic writes, and eventual convergence (gets from 1 s after a key's last
// write agree). A table of the models with what each promises and its first counterexample (or
// why it could not decide); figures "consistency.<check name>": 100 % when it held, 0 % when
// not, left out when unknown, so a comparison's mean is the share of runs it held in. The two
// searches get kSearchBudget each. JSON (report "pattern" key "consistency"): {ops, keys,
// clients, models: [{model, verdict, detail, key, window_ns}]}.
std::shared_ptr<const FigureSource> consistency_figure_source();

// For `distlab-cli compare`: the consistency maps of A's runs and B's side by side, per model in
// how many runs it held on each side ("held in all 3 runs", "violated in 2 of 3 runs") with the
// first counterexample of the first run that broke it. nullopt when neither side has a map.
// Its words in `lang` ("en" or "zh_CN").
std::optional<ReportSection> consistency_compare_section(const std::vector<ReportData>& a,
                                                         const std::vector<ReportData>& b, std::string_view lang = "en");

}  // namespace distlab::netlab
