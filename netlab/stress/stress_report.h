#pragma once

#include "core/model/json.h"
#include "netlab/report/report_document.h"
#include "netlab/scenario/scenario.h"
#include "netlab/stress/stress.h"

namespace distlab::netlab {

// The stress campaign as a report section: what ran, throughput and latency p50 / p99 / p99.9
// against the offered rate as charts with the saturation point marked, a table of every step,
// and the open loop compared with the closed loop; in `lang` ("en" or "zh_CN"), as the report
// it leads.
ReportSection stress_section(const Scenario& scenario, const StressOptions& options, const StressResult& result,
                             std::string_view lang = "en");

// One step's figures as JSON: offered, throughput, ok_fraction, ended, unfinished, operations,
// p50_ms, p90_ms, p99_ms, p999_ms, max_ms, mean_ms.
core::Json load_measure_json(const LoadMeasure& m);

// The campaign as the --json object: scenario, mode, clients, hold_s, steps, knee and saturation
// (offered rates, null when not found), saturation_reason (and _zh), closed_loop (or null), seconds.
core::Json stress_json(const Scenario& scenario, const StressOptions& options, const StressResult& result);

}  // namespace distlab::netlab
