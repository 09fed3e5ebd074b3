// Times `distlab-cli check` on its own, without the process: reading a history (Jepsen's log
// lines) and judging it, per history, for a few sizes. The histories are generated as Jepsen's
// etcd tests write them: concurrent processes doing reads, writes and cas on one register (a
// cas-register, where no per-key split helps), or on ten keys (kv); 1% of the operations time out
// (:info, the process replaced by a new one); every value written is new; each operation takes
// effect at a random instant inside its interval on a real register, so the history is
// linearizable, or, with a stale read planted in the last tenth, not.
//
// Usage: history_check_bench [max_ops]   (sizes 1,000, 5,000, 20,000 up to max_ops)
// Figures and the command: docs/performance.md.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "netlab/history/history.h"
#include "netlab/history/judge.h"

namespace {

using namespace distlab::netlab;
using Clock = std::chrono::steady_clock;

struct Shape {
    std::size_t ops = 1000;
    std::size_t processes = 12;
    std::size_t keys = 1;       // 1: a cas-register; more: kv, Jepsen's [key value] tuples
    bool stale = false;
};

struct Line {
    std::int64_t t;
    std::string text;
};

std::string generate(const Shape& s, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::int64_t> duration_us(200, 3000);
    std::uniform_int_distribution<std::int64_t> gap_us(0, 1000);
    std::uniform_int_distribution<std::size_t> key_of(0, s.keys - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    struct Op {
        std::size_t process;
        std::size_t key;
        std::string f;
        int a = 0, b = 0;
        std::int64_t call, ret, effect;
        bool info;
        std::string result;   // what the completion line carries
        bool ok = true;
    };
    std::vector<std::int64_t> clock(s.processes, 0);
    std::vector<std::size_t> process_id(s.processes);
    for (std::size_t p = 0; p < s.processes; ++p)
        process_id[p] = p;
    std::vector<Op> ops;
    std::vector<int> last_written(s.keys, 0);   // 0: none yet
    for (std::size_t i = 0; i < s.ops; ++i) {
        const std::size_t c = static_cast<std::size_t>(std::min_element(clock.begin(), clock.end()) - clock.begin());
        Op op;
        op.process = process_id[c];
        op.key = key_of(rng);
        const double u = unit(rng);
        op.f = u < 0.5 ? "read" : u < 0.8 || last_written[op.key] == 0 ? "write" : "cas";
        // Every value written is new, so a stale read cannot be explained by a later write of
        // the same value; a cas expects the value last written by then, and often finds it.
        if (op.f == "write") {
            op.a = static_cast<int>(i) + 1;
            last_written[op.key] = op.a;
        } else if (op.f == "cas") {
            op.a = last_written[op.key];
            op.b = static_cast<int>(i) + 1;
            last_written[op.key] = op.b;
        }
        op.call = clock[c] + gap_us(rng) * 1000;
        op.ret = op.call + duration_us(rng) * 1000;
        op.effect = op.call + static_cast<std::int64_t>(unit(rng) * static_cast<double>(op.ret - op.call));
        op.info = op.f != "read" && unit(rng) < 0.01;
        if (op.info) {
            process_id[c] += s.processes;   // Jepsen gives a crashed process a new number
            if (unit(rng) < 0.5)
                op.effect = std::numeric_limits<std::int64_t>::max();   // it never took effect
        }
        clock[c] = op.ret;
        ops.push_back(op);
    }
    // Apply the effects in time order to a register per key.
    std::vector<std::size_t> order(ops.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return ops[x].effect < ops[y].effect; });
    std::vector<std::optional<int>> reg(s.keys);
    std::vector<std::vector<std::optional<int>>> past(s.keys);
    for (std::size_t i : order) {
        Op& op = ops[i];
        if (op.effect == std::numeric_limits<std::int64_t>::max())
            continue;
        std::optional<int>& r = reg[op.key];
        if (op.f == "read") {
            op.result = r ? std::to_string(*r) : "nil";
        } else if (op.f == "write") {
            past[op.key].push_back(r);
            r = op.a;
        } else if (r && *r == op.a) {
            past[op.key].push_back(r);
            r = op.b;
        } else {
            op.ok = false;
        }
    }
    if (s.stale) {
        // A read in the last tenth returns a value its key held long before.
        for (std::size_t i = ops.size() * 9 / 10; i < ops.size(); ++i) {
            Op& op = ops[i];
            if (op.f != "read" || past[op.key].size() < 20)
                continue;
            const std::optional<int>& old = past[op.key][past[op.key].size() / 4];
            const std::string stale = old ? std::to_string(*old) : "nil";
            if (stale != op.result) {
                op.result = stale;
                break;
            }
        }
    }
    std::vector<Line> lines;
    const auto value_text = [&](const Op& op, const std::string& v) {
        return s.keys == 1 ? v : "[" + std::to_string(op.key) + " " + v + "]";
    };
    for (const Op& op : ops) {
        const std::string p = std::to_string(op.process);
        const std::string arg = op.f == "read"  ? "nil"
                                : op.f == "write" ? std::to_string(op.a)
                                                  : "[" + std::to_string(op.a) + " " + std::to_string(op.b) + "]";
        lines.push_back({op.call * 2 + 1, "INFO  jepsen.util - " + p + "\t:invoke\t:" + op.f + "\t" + value_text(op, arg)});
        std::string done;
        if (op.info)
            done = p + "\t:info\t:" + op.f + "\t:timed-out";
        else if (op.f == "read")
            done = p + "\t:ok\t:read\t" + value_text(op, op.result);
        else
            done = p + "\t" + (op.ok ? ":ok" : ":fail") + "\t:" + op.f + "\t" + value_text(op, arg);
        lines.push_back({op.ret * 2, "INFO  jepsen.util - " + done});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& x, const Line& y) { return x.t < y.t; });
    std::string text;
    for (const Line& l : lines)
        text += l.text + "\n";
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t max_ops = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20'000;
    std::printf("%-14s %7s %6s %5s %-13s %10s %10s %8s %8s\n", "model", "ops", "procs", "keys", "history", "read ms",
                "judge ms", "verdict", "witness");
    for (const std::size_t n : {std::size_t{1'000}, std::size_t{5'000}, std::size_t{20'000}}) {
        if (n > max_ops)
            break;
        for (const std::size_t keys : {std::size_t{1}, std::size_t{10}}) {
            for (const bool stale : {false, true}) {
                const Shape shape{.ops = n, .processes = 12, .keys = keys, .stale = stale};
                const std::string text = generate(shape, 7 + n + keys);
                const auto t0 = Clock::now();
                auto history = parse_history(text, "bench.log");
                const auto t1 = Clock::now();
                if (!history) {
                    std::fprintf(stderr, "%s\n", history.error().text().c_str());
                    return 1;
                }
                const HistoryModel model = keys == 1 ? HistoryModel::CasRegister : HistoryModel::Kv;
                auto judged = judge_history(*history, model, Clock::now() + std::chrono::seconds(120), "bench.log");
                const auto t2 = Clock::now();
                if (!judged) {
                    std::fprintf(stderr, "%s\n", judged.error().text().c_str());
                    return 1;
                }
                const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
                std::printf("%-14s %7zu %6zu %5zu %-13s %10.1f %10.1f %8s %8zu\n", std::string(to_string(model)).c_str(),
                            history->ops.size(), shape.processes, keys, stale ? "stale read" : "linearizable",
                            ms(t1 - t0), ms(t2 - t1), std::string(to_string(judged->verdict)).c_str(),
                            judged->witness.size());
                if (judged->verdict != (stale ? Verdict::Fail : Verdict::Pass)) {
                    std::fprintf(stderr, "unexpected verdict: %s\n", judged->summary.c_str());
                    return 1;
                }
            }
        }
    }
    return 0;
}
