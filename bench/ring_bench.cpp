// ring_bench: where a million keys live under each placement strategy, and what a join moves
// (docs/performance.md). For each strategy the bench places keys k0 .. k(N-1) on `--nodes`
// members with the placement every ring-node and ring-client computes (consistent_hashing::
// place: Dubbo's MD5 ring of `--vnodes` points per member, bounded load at 1.25, rendezvous, jump
// hash, mod N), timed as the best of three; then one more member joins, the keys whose owner
// changed are counted and set beside the fewest a join can move, 1/(nodes + 1) of them. The
// spread of the keys over the members (the fullest over the mean) is printed too.
//
// Usage: ring_bench [--keys N] [--nodes N] [--vnodes V]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/patterns/consistent_hashing/placement.h"

namespace {

using namespace distlab::core;
using namespace distlab::core::consistent_hashing;

struct Options {
    std::int64_t keys = 1'000'000;
    int nodes = 10;
    std::int64_t vnodes = 160;
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr, "ring_bench: %s\nusage: ring_bench [--keys N] [--nodes N] [--vnodes V]\n", problem);
    std::exit(2);
}

std::int64_t number(const char* text, std::int64_t low, std::int64_t high) {
    char* end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || value < low || value > high)
        usage(("expected a whole number in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " +
               text).c_str());
    return value;
}

std::vector<NodeId> members(int count) {
    std::vector<NodeId> out;
    for (int i = 1; i <= count; ++i)
        out.push_back("n" + std::to_string(i));
    return out;
}

// The best of three placements of every key, in seconds, and the last table.
double timed(const PlacementSettings& settings, const std::vector<NodeId>& ring, std::vector<std::size_t>& table) {
    double best = 1e30;
    for (int round = 0; round < 3; ++round) {
        const auto start = std::chrono::steady_clock::now();
        table = place(settings, ring);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            usage(("missing value after " + arg).c_str());
        if (arg == "--keys")
            o.keys = number(argv[++i], 1, 100'000'000);
        else if (arg == "--nodes")
            o.nodes = static_cast<int>(number(argv[++i], 1, 10'000));
        else if (arg == "--vnodes")
            o.vnodes = number(argv[++i], 1, 100'000);
        else
            usage(("unknown option " + arg).c_str());
    }
    const std::vector<NodeId> before = members(o.nodes);
    const std::vector<NodeId> after = members(o.nodes + 1);
    std::printf("placement of %lld keys on %d members, then member %d joins; %lld points per member on the ring\n\n",
                static_cast<long long>(o.keys), o.nodes, o.nodes + 1, static_cast<long long>(o.vnodes));
    std::printf("%-11s %12s %11s %13s %11s %16s\n", "strategy", "place, ms", "ns per key", "max / mean", "moved",
                "moved / ideal");
    const double ideal = ideal_moved_fraction(before.size(), after.size());
    for (const Strategy strategy :
         {Strategy::Ring, Strategy::Bounded, Strategy::Rendezvous, Strategy::Jump, Strategy::ModN}) {
        PlacementSettings settings;
        settings.strategy = strategy;
        settings.vnodes = o.vnodes;
        settings.keys = o.keys;
        settings.members = before;
        std::vector<std::size_t> old_table, new_table;
        const double seconds = timed(settings, before, old_table);
        settings.members = after;
        new_table = place(settings, after);
        std::int64_t moved = 0;
        std::vector<std::int64_t> loads(before.size(), 0);
        for (std::size_t k = 0; k < old_table.size(); ++k) {
            ++loads[old_table[k]];
            // Members keep their index when one is appended: a key moved iff its owner changed.
            moved += old_table[k] != new_table[k] ? 1 : 0;
        }
        const double fraction = static_cast<double>(moved) / static_cast<double>(o.keys);
        std::printf("%-11s %12.1f %11.1f %13.3f %10.2f%% %16.2f\n", std::string(to_string(strategy)).c_str(),
                    seconds * 1e3, seconds * 1e9 / static_cast<double>(o.keys), spread(loads).max_over_mean,
                    fraction * 100, fraction / ideal);
        std::fflush(stdout);
    }
    std::printf("\nideal: a join moves 1/%d = %.2f%% of the keys (moved / ideal = 1.00)\n", o.nodes + 1, ideal * 100);
    return 0;
}
