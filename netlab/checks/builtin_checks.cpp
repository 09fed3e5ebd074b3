#include "netlab/checks/builtin_checks.h"
#include "netlab/checks/check_support.h"
#include "netlab/checks/client_filter.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "core/model/time.h"
#include "netlab/checks/linearizable.h"
#include "netlab/checks/op_history.h"
#include "netlab/checks/phase_checks.h"

namespace distlab::netlab {

namespace {

using Deadline = std::chrono::steady_clock::time_point;

constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

// Looks at the clock only every few thousand steps, so checking the budget costs nothing.
class BudgetClock {
public:
    explicit BudgetClock(Deadline deadline) : deadline_(deadline) {}
    bool expired() {
        if (++steps_ % 4096 != 0)
            return false;
        return std::chrono::steady_clock::now() > deadline_;
    }

private:
    Deadline deadline_;
    std::size_t steps_ = 0;
};

std::string ms_text(double ns) {
    const double ms = ns / 1e6;
    char buf[32];
    std::snprintf(buf, sizeof buf, ms >= 100.0 ? "%.0fms" : "%.3gms", ms);
    return buf;
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string percent_text(double ratio) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100.0);
    return buf;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

using core::Text;

// Whether `node` runs a client role (RoleDescriptor::client), by the run's catalog.
bool is_client_node(const RunView& run, std::string_view node) {
    const core::RoleDescriptor* role = run.roles ? run.roles->role_of_node(node) : nullptr;
    return role && role->client;
}

// ---- no_violations ----

class NoViolations final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        BudgetClock budget(deadline);
        std::size_t count = 0;
        const Event* first = nullptr;
        std::int64_t last_ns = 0;
        CheckResult involved;
        for (std::size_t i = 0; i < run.events.size(); ++i) {
            if (budget.expired())
                return out_of_time(i, run.events.size());
            const Event& e = run.events[i];
            if (e.kind != EventKind::Violation)
                continue;
            if (!first)
                first = &e;
            last_ns = e.t_ns;
            ++count;
            involve_node(involved, e.node);
        }
        if (count == 0)
            return verdict(Verdict::Pass, Text{"no violations", "没有违例"});
        CheckResult r = verdict(Verdict::Fail,
                                std::to_string(count) + Text{count == 1 ? " violation" : " violations", " 次违例"} +
                                    Text{"; first at ", "；第一次在 "} + span_text(first->t_ns) + Text{" on ", "，"} +
                                    first->node + Text{": ", " 上："} + log_texts(*first),
                                std::make_pair(first->t_ns, last_ns));
        r.nodes = std::move(involved.nodes);
        return r;
    }
};

// ---- availability ----

struct AvailabilityArgs {
    double min = 0;
    std::int64_t after_ns = 0;
    std::int64_t until_ns = kForever;
    ClientFilter clients;
};

AvailabilityArgs availability_args(const core::Params& args) {
    AvailabilityArgs a;
    a.min = args.get_number("min");
    if (args.has("after"))
        a.after_ns = args.get_duration("after").count();
    if (args.has("until"))
        a.until_ns = args.get_duration("until").count();
    a.clients = where_of(args);
    return a;
}

class Availability final : public Check {
public:
    explicit Availability(AvailabilityArgs args) : args_(args) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const OpHistory history = collect_ops(run.events);
        std::size_t invoked = 0, completed = 0, ok = 0;
        for (const OpRecord& op : history.ops) {
            if (op.invoked_ns < args_.after_ns || op.invoked_ns >= args_.until_ns || !selected(args_.clients, op.client))
                continue;
            ++invoked;
            if (op.completions == 0)
                continue;
            ++completed;
            if (op.ok())
                ++ok;
        }
        const auto window = std::make_pair(args_.after_ns, args_.until_ns);
        if (completed == 0) {
            if (invoked == 0)
                return verdict(Verdict::Unknown,
                               Text{"no client operation" + where_en(args_.clients) + " was invoked in the window",
                                    "窗口内没有调用" + where_zh(args_.clients) + "客户端操作"},
                               window);
            const std::string n = std::to_string(invoked);
            return unsuccessful(history, verdict(Verdict::Fail,
                                                 Text{"none of the " + n + " ops invoked in the window completed",
                                                      "窗口内调用的 " + n + " 个操作都没有完成"},
                                                 window));
        }
        const double ratio = static_cast<double>(ok) / static_cast<double>(completed);
        const std::string share = percent_text(ratio), done = std::to_string(completed), good = std::to_string(ok),
                          min = percent_text(args_.min);
        Text detail{share + " of " + done + " completed ops" + where_en(args_.clients) + " ok (" + good + " ok), min " + min,
                    where_zh(args_.clients) + "已完成的 " + done + " 个操作中 " + share + " 成功（" + good +
                        " 个成功），下限 " + min};
        if (ratio >= args_.min)
            return verdict(Verdict::Pass, std::move(detail), window);
        return unsuccessful(history, verdict(Verdict::Fail, std::move(detail), window));
    }

private:
    // `r` involving the window's ops that did not succeed (failed, unknown or never completed)
    // and their clients.
    CheckResult unsuccessful(const OpHistory& history, CheckResult r) const {
        for (const OpRecord& op : history.ops)
            if (op.invoked_ns >= args_.after_ns && op.invoked_ns < args_.until_ns && selected(args_.clients, op.client) &&
                !op.ok())
                involve_op(r, op.client, op.id);
        return r;
    }

    AvailabilityArgs args_;
};

// ---- latency ----

struct LatencyBound {
    std::string name;   // p50, p90, p99, max
    double p = 0;       // the percentile as a fraction; 1 for max
    std::int64_t bound_ns = 0;
};

struct LatencyArgs {
    std::vector<LatencyBound> bounds;
    ClientFilter clients;
};

constexpr std::pair<const char*, double> kLatencyBounds[] = {{"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}, {"max", 1.0}};

LatencyArgs latency_args(const core::Params& args) {
    LatencyArgs a;
    for (const auto& [key, fraction] : kLatencyBounds)
        if (args.has(key))
            a.bounds.push_back({key, fraction, args.get_duration(key).count()});
    a.clients = where_of(args);
    return a;
}

class Latency final : public Check {
public:
    explicit Latency(LatencyArgs args) : bounds_(std::move(args.bounds)), clients_(std::move(args.clients)) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const OpHistory history = collect_ops(run.events);
        std::vector<double> latencies;
        const OpRecord* slowest = nullptr;
        for (const OpRecord& op : history.ops) {
            if (!op.ok() || !selected(clients_, op.client))
                continue;
            latencies.push_back(static_cast<double>(op.latency_ns()));
            if (!slowest || op.latency_ns() > slowest->latency_ns())
                slowest = &op;
        }
        if (latencies.empty())
            return verdict(Verdict::Unknown,
                           Text{"no operation" + where_en(clients_) + " completed ok, so there is no latency to judge",
                                "没有" + where_zh(clients_) + "操作成功完成，无从判断延迟"});
        std::sort(latencies.begin(), latencies.end());

        std::vector<std::string> failed, passed;
        for (const LatencyBound& b : bounds_) {
            const double value = nearest_rank(latencies, b.p);
            const bool within = value <= static_cast<double>(b.bound_ns);
            (within ? passed : failed)
                .push_back(b.name + " " + ms_text(value) + (within ? " <= " : " > ") + span_text(b.bound_ns));
        }
        std::vector<std::string> parts = failed;
        parts.insert(parts.end(), passed.begin(), passed.end());
        const std::string count = std::to_string(latencies.size());
        Text detail{joined(parts) + " (" + count + " ok ops" + where_en(clients_) + ")",
                    joined(parts) + "（" + where_zh(clients_) + count + " 个成功操作）"};
        if (failed.empty())
            return verdict(Verdict::Pass, std::move(detail));
        CheckResult r = verdict(Verdict::Fail, std::move(detail),
                                std::make_pair(slowest->invoked_ns, *slowest->completed_ns));
        // The slowest ops over the tightest bound broken, slowest first.
        std::int64_t tightest = std::numeric_limits<std::int64_t>::max();
        for (const LatencyBound& b : bounds_)
            if (nearest_rank(latencies, b.p) > static_cast<double>(b.bound_ns))
                tightest = std::min(tightest, b.bound_ns);
        std::vector<const OpRecord*> slow;
        for (const OpRecord& op : history.ops)
            if (op.ok() && selected(clients_, op.client) && op.latency_ns() > tightest)
                slow.push_back(&op);
        std::stable_sort(slow.begin(), slow.end(),
                         [](const OpRecord* a, const OpRecord* b) { return a->latency_ns() > b->latency_ns(); });
        involve_op(r, slowest->client, slowest->id);
        for (const OpRecord* op : slow)
            involve_op(r, op->client, op->id);
        return r;
    }

private:
    std::vector<LatencyBound> bounds_;
    ClientFilter clients_;
};

// ---- recovers ----

struct RecoversArgs {
    std::int64_t within_ns = 0;
    ReferenceTime after{ReferenceTime::Kind::LastFault};
};

RecoversArgs recovers_args(const core::Params& args) {
    return {args.get_duration("within").count(), ReferenceTime::from(args)};
}

class Recovers final : public Check {
public:
    explicit Recovers(RecoversArgs args) : args_(args) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const std::optional<std::int64_t> t0 = args_.after.resolve(run.events);
        const std::string what(args_.after.name());
        const std::int64_t end_ns = run_end_ns(run.events);
        if (!t0)
            return verdict(Verdict::Unknown, args_.after.missing());
        const std::string what_zh = args_.after.text().zh;

        const OpHistory history = collect_ops(run.events);
        std::optional<std::int64_t> first_ok;
        for (const OpRecord& op : history.ops)
            if (op.ok() && *op.completed_ns > *t0 && (!first_ok || *op.completed_ns < *first_ok))
                first_ok = *op.completed_ns;

        const std::int64_t limit = *t0 + args_.within_ns;
        const auto window = std::make_pair(*t0, limit);
        const std::string when = what + " (at " + span_text(*t0) + ")";
        const std::string when_zh = what_zh + "（" + span_text(*t0) + "）";
        const std::string within = span_text(args_.within_ns);
        if (end_ns < *t0)
            return verdict(Verdict::Unknown,
                           Text{"the run ended at " + span_text(end_ns) + ", before " + when,
                                "运行在 " + span_text(end_ns) + " 结束，早于" + when_zh},
                           window);
        if (first_ok && *first_ok <= limit) {
            const std::string after = span_text(*first_ok - *t0);
            return verdict(Verdict::Pass,
                           Text{"first ok op completed " + after + " after " + when + ", within " + within,
                                "第一个成功的操作在" + when_zh + "之后 " + after + " 完成，未超过 " + within},
                           window);
        }
        if (!first_ok && end_ns < limit)
            return verdict(Verdict::Unknown, "the run ended " + span_text(end_ns - *t0) + " after " + when +
                                                 ", before " + span_text(args_.within_ns) + " had passed",
                           window);
        Text detail{"no op completed ok within " + within + " after " + when,
                    when_zh + "之后 " + within + " 内没有操作成功完成"};
        detail += first_ok ? Text{"; the first did " + span_text(*first_ok - *t0) + " after it",
                                  "；第一个在其后 " + span_text(*first_ok - *t0) + " 才成功"}
                           : Text{"; none did afterwards", "；之后也没有"};
        CheckResult r = verdict(Verdict::Fail, std::move(detail), window);
        // The node the fault (or heal) at the reference time was aimed at, then the ops of the
        // window that did not succeed.
        for (const Event& e : run.events)
            if ((e.kind == EventKind::FaultInjected || e.kind == EventKind::FaultHealed) && e.t_ns == *t0)
                involve_node(r, e.node);
        for (const OpRecord& op : history.ops)
            if (op.invoked_ns >= *t0 && op.invoked_ns <= limit && !op.ok())
                involve_op(r, op.client, op.id);
        return r;
    }

private:
    RecoversArgs args_;
};

// ---- amplification ----

struct AmplificationArgs {
    std::optional<double> max;
    std::optional<double> min;
    std::string counter = "requests";
};

AmplificationArgs amplification_args(const core::Params& args) {
    AmplificationArgs a;
    if (args.has("max"))
        a.max = args.get_number("max");
    if (args.has("min"))
        a.min = args.get_number("min");
    a.counter = args.get_string("counter");
    return a;
}

class Amplification final : public Check {
public:
    explicit Amplification(AmplificationArgs args) : args_(std::move(args)) {}

    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        BudgetClock budget(deadline);
        std::set<std::string, std::less<>> invokers;
        std::size_t invoked = 0;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::OpInvoked) {
                ++invoked;
                invokers.insert(e.node);
            }
        }
        if (invoked == 0)
            return verdict(Verdict::Unknown, Text{"no client operation was invoked", "没有调用任何客户端操作"});

        // Per node: the counter's latest value and what it had reached before each restart.
        struct Tally {
            double last = 0;
            double before_restarts = 0;
        };
        std::map<std::string, Tally, std::less<>> tallies;
        for (std::size_t i = 0; i < run.events.size(); ++i) {
            if (budget.expired())
                return out_of_time(i, run.events.size());
            const Event& e = run.events[i];
            if (e.kind != EventKind::Metric || invokers.count(e.node) > 0)
                continue;
            if (is_client_node(run, e.node))
                continue;
            const Json data = Json::parse(e.data, nullptr, false);
            if (!data.is_object() || !data.contains("counters") || !data["counters"].is_object())
                continue;
            const Json& counters = data["counters"];
            auto it = counters.find(args_.counter);
            if (it == counters.end() || !it->is_number())
                continue;
            const double value = it->get<double>();
            Tally& t = tallies[e.node];
            if (value < t.last)
                t.before_restarts += t.last;
            t.last = value;
        }
        if (tallies.empty())
            return verdict(Verdict::Unknown,
                           Text{"no server node reported the counter \"" + args_.counter + "\" in its metrics",
                                "没有服务端节点在指标中报告计数器“" + args_.counter + "”"});
        double total = 0;
        for (const auto& [node, t] : tallies)
            total += t.before_restarts + t.last;
        const double ratio = total / static_cast<double>(invoked);

        char ratio_text[32];
        std::snprintf(ratio_text, sizeof ratio_text, "%.2f", ratio);
        const std::string servers = std::to_string(tallies.size()), ops = std::to_string(invoked);
        Text detail{std::string("amplification ") + ratio_text + ": " + number_text(total) + " \"" + args_.counter +
                        "\" at " + servers + (tallies.size() == 1 ? " server" : " servers") + " for " + ops +
                        " client ops",
                    std::string("放大倍数 ") + ratio_text + "：" + ops + " 个客户端操作，" + servers + " 个服务端共计“" +
                        args_.counter + "” " + number_text(total)};
        bool ok = true;
        if (args_.max) {
            detail += Text{", max ", "，上限 "} + number_text(*args_.max);
            ok = ok && ratio <= *args_.max;
        }
        if (args_.min) {
            detail += Text{", min ", "，下限 "} + number_text(*args_.min);
            ok = ok && ratio >= *args_.min;
        }
        if (ok)
            return verdict(Verdict::Pass, std::move(detail));
        // The servers that counted, busiest first.
        std::vector<std::pair<double, std::string>> busiest;
        for (const auto& [node, t] : tallies)
            busiest.emplace_back(t.before_restarts + t.last, node);
        std::stable_sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        CheckResult r = verdict(Verdict::Fail, std::move(detail));
        for (const auto& [count, node] : busiest)
            involve_node(r, node);
        return r;
    }

private:
    AmplificationArgs args_;
};

// ---- all_ops_complete ----

class AllOpsComplete final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        const OpHistory history = collect_ops(run.events);
        std::size_t pending = 0, repeated = 0;
        const OpRecord* first_pending = nullptr;
        const OpRecord* first_repeated = nullptr;
        for (const OpRecord& op : history.ops) {
            if (op.completions == 0) {
                ++pending;
                if (!first_pending)
                    first_pending = &op;
            } else if (op.completions > 1) {
                ++repeated;
                if (!first_repeated)
                    first_repeated = &op;
            }
        }
        const std::size_t orphans = history.orphan_completions.size();
        const std::string all = std::to_string(history.ops.size());
        if (pending == 0 && repeated == 0 && orphans == 0)
            return verdict(Verdict::Pass, Text{"all " + all + " ops completed exactly once", "全部 " + all + " 个操作都恰好完成一次"});

        std::vector<Text> parts;
        if (pending > 0) {
            const std::string n = std::to_string(pending), op = first_pending->client + " op " +
                                                                std::to_string(first_pending->id) + " " +
                                                                first_pending->function;
            const std::string at = span_text(first_pending->invoked_ns);
            parts.push_back({n + " never completed (first: " + op + ", invoked at " + at + ")",
                             n + " 个从未完成（第一个：" + op + "，调用于 " + at + "）"});
        }
        if (repeated > 0) {
            const std::string n = std::to_string(repeated),
                              op = first_repeated->client + " op " + std::to_string(first_repeated->id);
            parts.push_back({n + " completed more than once (first: " + op + ")", n + " 个完成了不止一次（第一个：" + op + "）"});
        }
        if (orphans > 0) {
            const Event& e = history.orphan_completions.front();
            const std::string n = std::to_string(orphans), op = e.node + " op " + std::to_string(e.msg_id),
                              at = span_text(e.t_ns);
            parts.push_back({n + " completed without being invoked (first: " + op + " at " + at + ")",
                             n + " 个未经调用就完成了（第一个：" + op + "，于 " + at + "）"});
        }
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        if (first_pending)
            window = std::make_pair(first_pending->invoked_ns, first_pending->invoked_ns);
        CheckResult r = verdict(Verdict::Fail, Text{all + " ops: ", all + " 个操作："} + joined_text(parts, Text{", ", "；"}),
                                window);
        for (const OpRecord& op : history.ops)
            if (op.completions != 1)
                involve_op(r, op.client, op.id);
        for (const Event& e : history.orphan_completions)
            involve_op(r, e.node, e.msg_id);
        return r;
    }
};

// ---- expect_fail ----

class ExpectFail final : public Check {
public:
    ExpectFail(std::string inner_name, std::unique_ptr<Check> inner)
        : inner_name_(std::move(inner_name)), inner_(std::move(inner)) {}

    // The answer points where the wrapped check does: at the expected anomaly when it passes.
    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        CheckResult inner = inner_->evaluate(run, deadline);
        CheckResult r;
        switch (inner.verdict) {
            case Verdict::Fail:
                r = verdict(Verdict::Pass,
                            Text{"as expected, " + inner_name_ + " failed: ", "符合预期，" + inner_name_ + " 未通过："} +
                                inner.detail_text(),
                            inner.window_ns);
                break;
            case Verdict::Pass:
                r = verdict(Verdict::Fail,
                            Text{"expected " + inner_name_ + " to fail, but it passed: ",
                                 "预期 " + inner_name_ + " 不通过，但它通过了："} +
                                inner.detail_text(),
                            inner.window_ns);
                break;
            case Verdict::Unknown:
                r = verdict(Verdict::Unknown, Text{inner_name_ + " could not decide: ", inner_name_ + " 无法判定："} +
                                                  inner.detail_text(),
                            inner.window_ns);
                break;
        }
        r.nodes = std::move(inner.nodes);
        r.messages = std::move(inner.messages);
        r.ops = std::move(inner.ops);
        return r;
    }

private:
    std::string inner_name_;
    std::unique_ptr<Check> inner_;
};

}  // namespace

void register_generic_checks(CheckRegistry& registry) {
    using core::ParamType;
    const std::vector<RoleFilter> clients = {RoleFilter::client()};
    const auto span = [](std::string name, std::string en, std::string zh) {
        return core::ParamSpec{.name = std::move(name), .type = ParamType::Duration, .min = kShortestSpanMs,
                               .en = std::move(en), .zh = std::move(zh)};
    };
    const auto optional = [](core::ParamSpec spec) {
        spec.optional = true;
        return spec;
    };

    registry.add({.name = "no_violations",
                  .en = "No node reported a broken invariant.",
                  .zh = "没有节点报告不变量被破坏。",
                  .make = [](const core::Params&) { return std::make_unique<NoViolations>(); }});
    registry.add({.name = "availability",
                  .en = "Share of completed client operations that succeeded.",
                  .zh = "已完成的客户端操作中成功的比例。",
                  .params = {{.name = "min", .type = ParamType::Probability,
                              .en = "the smallest share of ok operations", .zh = "成功操作的最低比例"},
                             optional({.name = "after", .type = ParamType::Duration,
                                       .en = "only operations invoked from this time", .zh = "只看此时刻之后调用的操作"}),
                             optional({.name = "until", .type = ParamType::Duration,
                                       .en = "only operations invoked before this time", .zh = "只看此时刻之前调用的操作"}),
                             where_param()},
                  .applies_to = clients,
                  .validate = [](const core::Params& args, const CheckScope&) -> Problems {
                      const AvailabilityArgs a = availability_args(args);
                      if (a.after_ns >= a.until_ns) {
                          const std::string after = span_text(a.after_ns), until = span_text(a.until_ns);
                          return {Text{"after (" + after + ") must be before until (" + until + ")",
                                       "after（" + after + "）必须早于 until（" + until + "）"}};
                      }
                      return {};
                  },
                  .make = [](const core::Params& args) {
                      return std::make_unique<Availability>(availability_args(args));
                  }});
    std::vector<core::ParamSpec> latency_params;
    for (const auto& [key, fraction] : kLatencyBounds)
        latency_params.push_back(optional(
            span(key, fraction < 1.0 ? "the most this percentile of ok latencies may be" : "the most any ok latency may be",
                 fraction < 1.0 ? "该百分位延迟的上限" : "任何成功操作延迟的上限")));
    latency_params.push_back(where_param());
    registry.add({.name = "latency",
                  .en = "Latency percentiles of successful operations stay within bounds.",
                  .zh = "成功操作的延迟百分位数不超过上限。",
                  .params = std::move(latency_params),
                  .applies_to = clients,
                  .validate = [](const core::Params& args, const CheckScope&) -> Problems {
                      if (latency_args(args).bounds.empty())
                          return {Text{"give at least one bound (p50, p90, p99 or max)",
                                       "至少给出一个上限（p50、p90、p99 或 max）"}};
                      return {};
                  },
                  .make = [](const core::Params& args) { return std::make_unique<Latency>(latency_args(args)); }});
    registry.add({.name = "all_ops_complete",
                  .en = "Every client operation completes exactly once.",
                  .zh = "每个客户端操作恰好完成一次。",
                  .applies_to = clients,
                  .make = [](const core::Params&) { return std::make_unique<AllOpsComplete>(); }});
    registry.add({.name = "recovers",
                  .en = "Some operation succeeds again soon after the last fault (or heal).",
                  .zh = "最后一次故障（或恢复）后不久，操作再次成功。",
                  .params = {span("within", "how soon an operation must succeed", "操作必须在多长时间内成功"),
                             ReferenceTime::param({"last_fault", "last_heal"}, "last_fault")},
                  .applies_to = clients,
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
                          return {*problem};
                      return {};
                  },
                  .make = [](const core::Params& args) { return std::make_unique<Recovers>(recovers_args(args)); }});
    registry.add({.name = "amplification",
                  .en = "Requests reaching the servers per client operation (retry storms).",
                  .zh = "每个客户端操作到达服务端的请求数（重试风暴）。",
                  .params = {optional({.name = "max", .type = ParamType::Number, .min = 0,
                                       .en = "the most requests per operation", .zh = "每个操作的请求数上限"}),
                             optional({.name = "min", .type = ParamType::Number, .min = 0,
                                       .en = "the fewest requests per operation (a storm does happen)",
                                       .zh = "每个操作的请求数下限（确实发生了风暴）"}),
                             {.name = "counter", .type = ParamType::String, .default_value = "requests",
                              .en = "the servers' counter to sum", .zh = "要累加的服务端计数器"}},
                  .applies_to = {RoleFilter::client(), RoleFilter::server()},
                  .validate = [](const core::Params& args, const CheckScope&) -> Problems {
                      const AmplificationArgs a = amplification_args(args);
                      if (a.counter.empty())
                          return {Text{"counter: expected a counter name, got \"\"", "counter：应为计数器名称，实际为 \"\""}};
                      if (!a.max && !a.min)
                          return {Text{"give max, min or both", "给出 max、min 或两者"}};
                      if (a.max && a.min && *a.min > *a.max) {
                          const std::string min = number_text(*a.min), max = number_text(*a.max);
                          return {Text{"min (" + min + ") is above max (" + max + ")",
                                       "min（" + min + "）大于 max（" + max + "）"}};
                      }
                      return {};
                  },
                  .make = [](const core::Params& args) {
                      return std::make_unique<Amplification>(amplification_args(args));
                  }});
    registry.add({.name = "expect_fail",
                  .en = "Passes when the wrapped check fails (scenarios whose point is the failure).",
                  .zh = "被包装的检查失败时通过（以失败为教学目的的场景）。",
                  .wrap = [](const std::string& inner_name, std::unique_ptr<Check> inner) -> std::unique_ptr<Check> {
                      return std::make_unique<ExpectFail>(inner_name, std::move(inner));
                  }});
    register_phase_checks(registry);
}


}  // namespace distlab::netlab
