#pragma once

#include <vector>

namespace distlab::netlab {

// Nearest-rank percentile of ascending `sorted` (p in [0, 1]); 0 when empty. The one rule of
// every latency percentile: checks, statistics, reports and the metrics view.
double nearest_rank(const std::vector<double>& sorted, double p);

}  // namespace distlab::netlab
