#pragma once

#include <cstdint>

namespace distlab::test_support {

// Seeds for a pattern's own simulator tests, which assert the figures of its lessons (keys
// moved, queries per rebuild, writes lost...). Every shipped scenario's checks also run under 20
// other seeds in scenario_seeds_test (tests/sim), so a pattern's test takes a handful: breadth
// across seeds there, depth per lesson here, and the suite stays within CI's time.
inline constexpr std::uint64_t kPatternSeeds = 5;

}  // namespace distlab::test_support
