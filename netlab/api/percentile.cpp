#include "netlab/api/percentile.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace distlab::netlab {

double nearest_rank(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return 0.0;
    const double rank = std::ceil(p * static_cast<double>(sorted.size()));
    const std::size_t index = rank < 1.0 ? 0 : static_cast<std::size_t>(rank) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace distlab::netlab
