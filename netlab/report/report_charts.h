#pragma once

#include <string>
#include <utility>
#include <vector>

#include "netlab/report/report_data.h"

namespace distlab::netlab {

// The pictures of a report as SVG documents (drawn with SvgWriter), each sized for an A4 page
// at 1 SVG unit = 1 CSS pixel. Pure functions of ReportData.

// Nodes on a circle (scenario order, clockwise from the top), links as lines, each node filled
// with its role's colour, with a legend of roles.
std::string topology_svg(const ReportData& data);

// The run's time axis with each fault as a bar (instant faults as ticks) packed into lanes, and
// the narrative steps as numbered markers.
std::string timeline_svg(const ReportData& data);

// Throughput (ok operations per second) per bucket, faults shaded.
std::string throughput_svg(const ReportData& data);

// Latency p50 and p99 (ms) per bucket, faults shaded; gaps where a bucket had no ok operation.
std::string latency_svg(const ReportData& data);

// A round tick step for an axis from 0 to `max` with about `target` ticks (1, 2 or 5 times a
// power of ten).
double nice_step(double max, int target);

// The colour of a role in every picture: a fixed palette, by the role's first appearance.
std::string role_colour(const std::vector<ReportNode>& nodes, const std::string& role);

}  // namespace distlab::netlab
