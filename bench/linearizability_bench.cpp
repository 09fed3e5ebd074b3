// Times the linearizability checker on generated key-value histories: 10,000 operations over
// 10 keys from concurrent clients, linearizable ones and ones with a stale read planted, with
// and without unknown (info) outcomes. Target: each checked in under a second. Beside it, the
// sequential-consistency search and the three session checks on the same histories
// (netlab/checks/consistency.h).
//
// Usage: linearizability_bench [ops] [keys]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "netlab/checks/consistency.h"
#include "netlab/checks/linearizable.h"

namespace {

using distlab::netlab::KvOperation;
using Kind = KvOperation::Kind;
using Outcome = KvOperation::Outcome;

struct Shape {
    std::size_t ops = 10'000;
    std::size_t keys = 10;
    std::size_t clients = 20;
    double info_rate = 0.0;       // share of operations whose outcome is unknown
};

// Clients run operations back to back; each takes effect at a random instant inside its
// interval, applied to a real register per key, so the history is linearizable by construction.
std::vector<KvOperation> generate(const Shape& shape, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::int64_t> duration_us(300, 5'000);
    std::uniform_int_distribution<std::int64_t> gap_us(0, 2'000);
    std::uniform_int_distribution<std::size_t> key_dist(0, shape.keys - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    std::vector<std::int64_t> clock(shape.clients, 0);
    std::vector<KvOperation> ops;
    std::vector<std::int64_t> effect_at;
    for (std::size_t i = 0; i < shape.ops; ++i) {
        const std::size_t c = static_cast<std::size_t>(
            std::min_element(clock.begin(), clock.end()) - clock.begin());
        KvOperation op;
        op.client = "c" + std::to_string(c);
        op.id = i;
        op.key = "k" + std::to_string(key_dist(rng));
        const double u = unit(rng);
        op.kind = u < 0.5 ? Kind::Get : u < 0.9 ? Kind::Put : Kind::Cas;
        if (op.kind != Kind::Get)
            op.value = op.client + "-" + std::to_string(i);
        op.invoked_ns = clock[c] + gap_us(rng) * 1000;
        const std::int64_t end = op.invoked_ns + duration_us(rng) * 1000;
        op.completed_ns = end;
        op.outcome = unit(rng) < shape.info_rate ? Outcome::Info : Outcome::Ok;
        effect_at.push_back(op.invoked_ns + static_cast<std::int64_t>(unit(rng) * static_cast<double>(end - op.invoked_ns)));
        clock[c] = end;
        ops.push_back(std::move(op));
    }

    std::vector<std::size_t> order(ops.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return effect_at[a] < effect_at[b]; });
    std::map<std::string, std::optional<std::string>> state;
    for (std::size_t i : order) {
        KvOperation& op = ops[i];
        auto& current = state[op.key];
        // An unknown outcome took effect half of the time.
        const bool applies = op.outcome == Outcome::Ok || unit(rng) < 0.5;
        switch (op.kind) {
            case Kind::Get:
                op.value = current;
                break;
            case Kind::Put:
                if (applies)
                    current = op.value;
                break;
            case Kind::Cas:
                op.from = unit(rng) < 0.7 ? current : std::optional<std::string>("stale");
                if (op.from == current) {
                    if (applies)
                        current = op.value;
                } else if (op.outcome == Outcome::Ok) {
                    op.outcome = Outcome::Fail;
                }
                break;
        }
    }
    return ops;
}

// Plants a stale read: a get in the second half returns a value that an ok put overwrote
// before the get began.
bool plant_stale_read(std::vector<KvOperation>& ops, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(ops.size() / 2, ops.size() - 1);
    for (int tries = 0; tries < 10'000; ++tries) {
        KvOperation& get = ops[pick(rng)];
        if (get.kind != Kind::Get || get.outcome != Outcome::Ok)
            continue;
        // The latest ok put on the key that ended before the get began, and one that ended
        // before that put began.
        auto ok_put = [&](const KvOperation& w) {
            return w.key == get.key && w.kind == Kind::Put && w.outcome == Outcome::Ok;
        };
        const KvOperation* newer = nullptr;
        for (const KvOperation& w : ops)
            if (ok_put(w) && *w.completed_ns < get.invoked_ns && (!newer || w.invoked_ns > newer->invoked_ns))
                newer = &w;
        if (!newer)
            continue;
        const KvOperation* older = nullptr;
        for (const KvOperation& w : ops)
            if (ok_put(w) && *w.completed_ns < newer->invoked_ns)
                older = &w;
        if (!older || older->value == get.value)
            continue;
        get.value = older->value;
        return true;
    }
    return false;
}

double check_ms(const std::vector<KvOperation>& ops, distlab::netlab::Verdict* verdict, std::string* detail) {
    const auto start = std::chrono::steady_clock::now();
    const auto result = distlab::netlab::check_linearizable(ops, start + std::chrono::seconds(60));
    const auto end = std::chrono::steady_clock::now();
    *verdict = result.verdict;
    *detail = result.detail;
    return std::chrono::duration<double, std::milli>(end - start).count();
}

// The sequential search and the session checks: their time and verdicts ("pass fail pass ...").
double consistency_ms(const std::vector<KvOperation>& ops, std::string* verdicts) {
    const auto start = std::chrono::steady_clock::now();
    const auto sequential = distlab::netlab::check_sequential(ops, start + std::chrono::seconds(60));
    const auto ryw = distlab::netlab::check_read_your_writes(ops);
    const auto mr = distlab::netlab::check_monotonic_reads(ops);
    const auto mw = distlab::netlab::check_monotonic_writes(ops);
    const auto end = std::chrono::steady_clock::now();
    *verdicts = std::string(to_string(sequential.verdict)) + " " + std::string(to_string(ryw.verdict)) + " " +
                std::string(to_string(mr.verdict)) + " " + std::string(to_string(mw.verdict));
    return std::chrono::duration<double, std::milli>(end - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    Shape base;
    if (argc > 1)
        base.ops = static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10));
    if (argc > 2)
        base.keys = std::max<std::size_t>(1, std::strtoull(argv[2], nullptr, 10));

    std::printf("linearizability check of %zu ops over %zu keys (target: < 1000 ms each)\n", base.ops, base.keys);
    std::printf("%-8s %-6s %-14s %10s  %-8s %10s  %s\n", "clients", "info", "history", "ms", "verdict",
                "seq+sess", "sequential, read your writes, monotonic reads, monotonic writes");
    bool all_right = true;
    for (std::size_t clients : {5, 20, 50}) {
        for (double info : {0.0, 0.05}) {
            for (bool stale : {false, true}) {
                Shape shape = base;
                shape.clients = clients;
                shape.info_rate = info;
                std::vector<KvOperation> ops = generate(shape, 1000 + clients);
                if (stale && !plant_stale_read(ops, 7)) {
                    std::printf("could not plant a stale read\n");
                    return 1;
                }
                distlab::netlab::Verdict verdict{};
                std::string detail;
                const double ms = check_ms(ops, &verdict, &detail);
                const bool right = verdict == (stale ? distlab::netlab::Verdict::Fail : distlab::netlab::Verdict::Pass);
                all_right = all_right && right;
                std::string weaker;
                const double weaker_ms = consistency_ms(ops, &weaker);
                // A linearizable history keeps every weaker model (the sequential search may run out
                // of budget: unknown is an honest answer, a failure would be wrong).
                const bool weaker_right =
                    stale || weaker == "pass pass pass pass" || weaker == "unknown pass pass pass";
                all_right = all_right && weaker_right;
                std::printf("%-8zu %-6.2f %-14s %10.1f  %-8s %10.1f  %s%s\n", clients, info,
                            stale ? "stale read" : "linearizable", ms, std::string(to_string(verdict)).c_str(),
                            weaker_ms, weaker.c_str(), right && weaker_right ? "" : "  <- WRONG");
                if (stale)
                    std::printf("         %s\n", detail.substr(0, 300).c_str());
            }
        }
    }
    return all_right ? 0 : 1;
}
