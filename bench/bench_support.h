#pragma once

// What every bench program needs: the lab's one percentile rule, and the programs built beside
// this one (distlab-node, test nodes).

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "netlab/api/percentile.h"

namespace distlab::bench {

// The `p` percentile (0..1) of `values` by the nearest-rank rule of checks, statistics and
// reports; 0 when empty.
inline double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return netlab::nearest_rank(values, p);
}

// The program `name` in the folder of the running bench program.
inline std::string beside_me(const std::string& name) {
    return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / name).string();
}

}  // namespace distlab::bench
