#include "netlab/checks/builtin_checks.h"
#include "netlab/checks/check_support.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "core/model/time.h"
#include "netlab/checks/backpressure_checks.h"
#include "netlab/checks/breaker_checks.h"
#include "netlab/checks/deadline_checks.h"
#include "netlab/checks/linearizable.h"
#include "netlab/checks/op_history.h"
#include "netlab/checks/raft_checks.h"
#include "netlab/checks/term_checks.h"

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

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

// A check argument that is a duration: a string with a unit, or an integer of milliseconds.
core::Result<Duration> duration_arg(const Json& v) {
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() < kForever / 1'000'000)
        return Duration(v.get<std::int64_t>() * 1'000'000);
    if (v.is_string()) {
        const auto& text = v.get_ref<const std::string&>();
        if (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back())))
            return core::parse_duration(text);
    }
    return core::fail("expected a duration with a unit (ms, s, m), got " + v.dump());
}

// Problems with the keys of an object argument: not an object, unknown or missing keys.
Problems object_keys(std::string_view check, const Json& args, const std::vector<std::string>& allowed,
                     const std::vector<std::string>& required) {
    const std::string prefix = std::string(check) + ": ";
    if (!args.is_object())
        return {prefix + "expected a mapping with keys " + joined(allowed) + ", got " + args.dump()};
    Problems problems;
    for (const auto& [key, value] : args.items())
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            problems.push_back(prefix + "unknown key \"" + key + "\" (expected: " + joined(allowed) + ")");
    for (const auto& key : required)
        if (!args.contains(key))
            problems.push_back(prefix + "missing key \"" + key + "\"");
    return problems;
}

Problems true_only(std::string_view check, const Json& args) {
    if (args.is_boolean() && args.get<bool>())
        return {};
    return {std::string(check) + ": expected true, got " + args.dump()};
}

// Which nodes are clients: their role says so (RoleDescriptor::client), or they invoked ops.
class RoleFacts {
public:
    explicit RoleFacts(const core::RoleRegistry& roles) : roles_(&roles) {}

    bool is_client_role(std::string_view role) const {
        const core::RoleDescriptor* info = roles_->find(role);
        return info && info->client;
    }
    bool has_client(const Scenario& s) const {
        return std::any_of(s.nodes.begin(), s.nodes.end(),
                           [&](const NodeSpec& n) { return is_client_role(n.role); });
    }
    bool has_non_client(const Scenario& s) const {
        return std::any_of(s.nodes.begin(), s.nodes.end(),
                           [&](const NodeSpec& n) { return !is_client_role(n.role); });
    }
    Problems need_client(std::string_view check, const Scenario& s) const {
        if (has_client(s))
            return {};
        return {std::string(check) +
                ": does not apply here: no node has a client role (one that records operations)"};
    }

private:
    const core::RoleRegistry* roles_;
};

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
            return verdict(Verdict::Pass, "no violations");
        CheckResult r = verdict(Verdict::Fail,
                                std::to_string(count) + (count == 1 ? " violation" : " violations") + "; first at " +
                                    span_text(first->t_ns) + " on " + first->node + ": " + first->data,
                                std::make_pair(first->t_ns, last_ns));
        r.nodes = std::move(involved.nodes);
        return r;
    }
};

// ---- where: which ops a check looks at ----

// `where: {client: c1}` or `{client: [c1, c2]}`: only the ops of those clients. Empty: all.
using ClientFilter = std::vector<std::string>;

ClientFilter parse_where(std::string_view check, const Json& args, Problems& p) {
    ClientFilter clients;
    if (!args.contains("where"))
        return clients;
    const Json& where = args["where"];
    const std::string prefix = std::string(check) + ": where: ";
    if (!where.is_object() || where.size() != 1 || !where.contains("client")) {
        p.push_back(prefix + "expected {client: <node> or [<nodes>]}, got " + where.dump());
        return clients;
    }
    const Json& client = where["client"];
    for (const Json& item : client.is_array() ? client : Json::array({client})) {
        if (!item.is_string() || item.get<std::string>().empty())
            p.push_back(prefix + "client: expected a node id or a list of them, got " + client.dump());
        else
            clients.push_back(item.get<std::string>());
    }
    if (client.is_array() && client.empty())
        p.push_back(prefix + "client: the list is empty");
    return clients;
}

bool selected(const ClientFilter& clients, const OpRecord& op) {
    return clients.empty() || std::find(clients.begin(), clients.end(), op.client) != clients.end();
}

std::string where_text(const ClientFilter& clients) {
    return clients.empty() ? std::string() : " of " + joined(clients);
}

// ---- availability ----

struct AvailabilityArgs {
    double min = 0;
    std::int64_t after_ns = 0;
    std::int64_t until_ns = kForever;
    ClientFilter clients;
};

core::Result<AvailabilityArgs> parse_availability(const Json& args, Problems* problems) {
    Problems p = object_keys("availability", args, {"min", "after", "until", "where"}, {"min"});
    AvailabilityArgs a;
    if (p.empty()) {
        const Json& min = args["min"];
        if (!min.is_number() || min.get<double>() < 0.0 || min.get<double>() > 1.0)
            p.push_back("availability: min must be a number between 0 and 1, got " + min.dump());
        else
            a.min = min.get<double>();
        for (const char* key : {"after", "until"}) {
            if (!args.contains(key))
                continue;
            auto d = duration_arg(args[key]);
            if (!d)
                p.push_back("availability: " + std::string(key) + ": " + d.error().message);
            else
                (std::string_view(key) == "after" ? a.after_ns : a.until_ns) = d->count();
        }
        a.clients = parse_where("availability", args, p);
        if (p.empty() && a.after_ns >= a.until_ns)
            p.push_back("availability: after (" + span_text(a.after_ns) + ") must be before until (" +
                        span_text(a.until_ns) + ")");
    }
    return finish_parse(a, p, problems);
}

class Availability final : public Check {
public:
    explicit Availability(AvailabilityArgs args) : args_(args) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const OpHistory history = collect_ops(run.events);
        std::size_t invoked = 0, completed = 0, ok = 0;
        for (const OpRecord& op : history.ops) {
            if (op.invoked_ns < args_.after_ns || op.invoked_ns >= args_.until_ns || !selected(args_.clients, op))
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
                               "no client operation" + where_text(args_.clients) + " was invoked in the window", window);
            return unsuccessful(history, verdict(Verdict::Fail, "none of the " + std::to_string(invoked) +
                                                                    " ops invoked in the window completed",
                                                 window));
        }
        const double ratio = static_cast<double>(ok) / static_cast<double>(completed);
        std::string detail = percent_text(ratio) + " of " + std::to_string(completed) + " completed ops" +
                             where_text(args_.clients) + " ok (" +
                             std::to_string(ok) + " ok), min " + percent_text(args_.min);
        if (ratio >= args_.min)
            return verdict(Verdict::Pass, std::move(detail), window);
        return unsuccessful(history, verdict(Verdict::Fail, std::move(detail), window));
    }

private:
    // `r` involving the window's ops that did not succeed (failed, unknown or never completed)
    // and their clients.
    CheckResult unsuccessful(const OpHistory& history, CheckResult r) const {
        for (const OpRecord& op : history.ops)
            if (op.invoked_ns >= args_.after_ns && op.invoked_ns < args_.until_ns && selected(args_.clients, op) &&
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

core::Result<LatencyArgs> parse_latency(const Json& args, Problems* problems) {
    static const std::vector<std::pair<std::string, double>> kKeys = {
        {"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}, {"max", 1.0}};
    Problems p = object_keys("latency", args, {"p50", "p90", "p99", "max", "where"}, {});
    std::vector<LatencyBound> bounds;
    ClientFilter clients;
    if (p.empty()) {
        for (const auto& [key, fraction] : kKeys) {
            if (!args.contains(key))
                continue;
            auto d = duration_arg(args[key]);
            if (!d)
                p.push_back("latency: " + key + ": " + d.error().message);
            else
                bounds.push_back({key, fraction, d->count()});
        }
        if (p.empty() && bounds.empty())
            p.push_back("latency: give at least one bound (p50, p90, p99 or max)");
        clients = parse_where("latency", args, p);
    }
    return finish_parse(LatencyArgs{std::move(bounds), std::move(clients)}, p, problems);
}

class Latency final : public Check {
public:
    explicit Latency(LatencyArgs args) : bounds_(std::move(args.bounds)), clients_(std::move(args.clients)) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const OpHistory history = collect_ops(run.events);
        std::vector<double> latencies;
        const OpRecord* slowest = nullptr;
        for (const OpRecord& op : history.ops) {
            if (!op.ok() || !selected(clients_, op))
                continue;
            latencies.push_back(static_cast<double>(op.latency_ns()));
            if (!slowest || op.latency_ns() > slowest->latency_ns())
                slowest = &op;
        }
        if (latencies.empty())
            return verdict(Verdict::Unknown, "no operation" + where_text(clients_) +
                                                 " completed ok, so there is no latency to judge");
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
        std::string detail = joined(parts) + " (" + std::to_string(latencies.size()) + " ok ops" +
                             where_text(clients_) + ")";
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
            if (op.ok() && selected(clients_, op) && op.latency_ns() > tightest)
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

core::Result<RecoversArgs> parse_recovers(const Json& args, Problems* problems) {
    Problems p = object_keys("recovers", args, {"within", "after"}, {"within"});
    RecoversArgs a;
    if (p.empty()) {
        auto within = duration_arg(args["within"]);
        if (!within)
            p.push_back("recovers: within: " + within.error().message);
        else if (within->count() <= 0)
            p.push_back("recovers: within must be longer than 0");
        else
            a.within_ns = within->count();
        if (args.contains("after")) {
            const Json& after = args["after"];
            if (after == "last_fault") {
                a.after.kind = ReferenceTime::Kind::LastFault;
            } else if (after == "last_heal") {
                a.after.kind = ReferenceTime::Kind::LastHeal;
            } else if (auto d = duration_arg(after)) {
                a.after = {ReferenceTime::Kind::Time, d->count()};
            } else {
                p.push_back("recovers: after: expected last_fault, last_heal or a duration, got " + after.dump());
            }
        }
    }
    return finish_parse(a, p, problems);
}

class Recovers final : public Check {
public:
    explicit Recovers(RecoversArgs args) : args_(args) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const std::optional<std::int64_t> t0 = args_.after.resolve(run.events);
        const std::string what(args_.after.name());
        std::int64_t end_ns = 0;
        for (const Event& e : run.events)
            end_ns = std::max(end_ns, e.t_ns);
        if (!t0)
            return verdict(Verdict::Unknown, args_.after.missing());

        const OpHistory history = collect_ops(run.events);
        std::optional<std::int64_t> first_ok;
        for (const OpRecord& op : history.ops)
            if (op.ok() && *op.completed_ns > *t0 && (!first_ok || *op.completed_ns < *first_ok))
                first_ok = *op.completed_ns;

        const std::int64_t limit = *t0 + args_.within_ns;
        const auto window = std::make_pair(*t0, limit);
        const std::string when = what + " (at " + span_text(*t0) + ")";
        if (first_ok && *first_ok <= limit)
            return verdict(Verdict::Pass,
                           "first ok op completed " + span_text(*first_ok - *t0) + " after " + when +
                               ", within " + span_text(args_.within_ns),
                           window);
        if (!first_ok && end_ns < limit)
            return verdict(Verdict::Unknown, "the run ended " + span_text(end_ns - *t0) + " after " + when +
                                                 ", before " + span_text(args_.within_ns) + " had passed",
                           window);
        std::string detail = "no op completed ok within " + span_text(args_.within_ns) + " after " + when;
        detail += first_ok ? "; the first did " + span_text(*first_ok - *t0) + " after it"
                           : "; none did afterwards";
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

core::Result<AmplificationArgs> parse_amplification(const Json& args, Problems* problems) {
    Problems p = object_keys("amplification", args, {"max", "min", "counter"}, {});
    AmplificationArgs a;
    if (p.empty()) {
        for (const char* key : {"max", "min"}) {
            if (!args.contains(key))
                continue;
            const Json& v = args[key];
            if (!v.is_number() || v.get<double>() < 0.0)
                p.push_back("amplification: " + std::string(key) + " must be a number >= 0, got " + v.dump());
            else
                (std::string_view(key) == "max" ? a.max : a.min) = v.get<double>();
        }
        if (args.contains("counter")) {
            if (!args["counter"].is_string() || args["counter"].get<std::string>().empty())
                p.push_back("amplification: counter must be a counter name, got " + args["counter"].dump());
            else
                a.counter = args["counter"].get<std::string>();
        }
        if (p.empty() && !a.max && !a.min)
            p.push_back("amplification: give max, min or both");
        if (p.empty() && a.max && a.min && *a.min > *a.max)
            p.push_back("amplification: min (" + number_text(*a.min) + ") is above max (" + number_text(*a.max) +
                        ")");
    }
    return finish_parse(a, p, problems);
}

class Amplification final : public Check {
public:
    Amplification(AmplificationArgs args, RoleFacts facts) : args_(std::move(args)), facts_(facts) {}

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
            return verdict(Verdict::Unknown, "no client operation was invoked");

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
            if (const NodeSpec* spec = run.scenario.find_node(e.node); spec && facts_.is_client_role(spec->role))
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
                           "no server node reported the counter \"" + args_.counter + "\" in its metrics");
        double total = 0;
        for (const auto& [node, t] : tallies)
            total += t.before_restarts + t.last;
        const double ratio = total / static_cast<double>(invoked);

        char ratio_text[32];
        std::snprintf(ratio_text, sizeof ratio_text, "%.2f", ratio);
        std::string detail = std::string("amplification ") + ratio_text + ": " + number_text(total) + " \"" +
                             args_.counter + "\" at " + std::to_string(tallies.size()) +
                             (tallies.size() == 1 ? " server" : " servers") + " for " + std::to_string(invoked) +
                             " client ops";
        bool ok = true;
        if (args_.max) {
            detail += ", max " + number_text(*args_.max);
            ok = ok && ratio <= *args_.max;
        }
        if (args_.min) {
            detail += ", min " + number_text(*args_.min);
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
    RoleFacts facts_;
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
        if (pending == 0 && repeated == 0 && orphans == 0)
            return verdict(Verdict::Pass, "all " + std::to_string(history.ops.size()) + " ops completed exactly once");

        std::vector<std::string> parts;
        if (pending > 0)
            parts.push_back(std::to_string(pending) + " never completed (first: " + first_pending->client + " op " +
                            std::to_string(first_pending->id) + " " + first_pending->function + ", invoked at " +
                            span_text(first_pending->invoked_ns) + ")");
        if (repeated > 0)
            parts.push_back(std::to_string(repeated) + " completed more than once (first: " + first_repeated->client +
                            " op " + std::to_string(first_repeated->id) + ")");
        if (orphans > 0) {
            const Event& e = history.orphan_completions.front();
            parts.push_back(std::to_string(orphans) + " completed without being invoked (first: " + e.node + " op " +
                            std::to_string(e.msg_id) + " at " + span_text(e.t_ns) + ")");
        }
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        if (first_pending)
            window = std::make_pair(first_pending->invoked_ns, first_pending->invoked_ns);
        CheckResult r = verdict(Verdict::Fail, std::to_string(history.ops.size()) + " ops: " + joined(parts), window);
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
                r = verdict(Verdict::Pass, "as expected, " + inner_name_ + " failed: " + inner.detail, inner.window_ns);
                break;
            case Verdict::Pass:
                r = verdict(Verdict::Fail, "expected " + inner_name_ + " to fail, but it passed: " + inner.detail,
                            inner.window_ns);
                break;
            case Verdict::Unknown:
                r = verdict(Verdict::Unknown, inner_name_ + " could not decide: " + inner.detail, inner.window_ns);
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

// The one check an expect_fail wraps, or what is wrong with how it is written.
core::Result<std::pair<std::string, const CheckInfo*>> expect_fail_inner(const Json& args,
                                                                         const CheckRegistry& registry) {
    if (!args.is_object() || args.size() != 1)
        return core::fail("expect_fail: expected a mapping with exactly one check, as {<check>: <args>}, got " +
                          args.dump());
    const std::string name = args.begin().key();
    if (name == "expect_fail")
        return core::fail("expect_fail: cannot wrap another expect_fail");
    const CheckInfo* info = registry.find(name);
    if (!info)
        return core::fail("expect_fail: unknown check \"" + name + "\" (known: " + joined(registry.names()) + ")");
    return std::make_pair(name, info);
}

// Adapts a parse function into CheckInfo::validate and ::make.
template <class Parse, class Make>
void add_parsed(CheckRegistry& registry, std::string name, std::string en, std::string zh, Parse parse,
                Make make_check, RoleFacts facts, bool needs_client) {
    CheckInfo info;
    info.name = name;
    info.en = std::move(en);
    info.zh = std::move(zh);
    info.validate = [parse, facts, needs_client, name](const Json& args, const Scenario& scenario) {
        Problems problems;
        parse(args, &problems);
        if (needs_client) {
            Problems applies = facts.need_client(name, scenario);
            problems.insert(problems.end(), applies.begin(), applies.end());
        }
        return problems;
    };
    info.make = [parse, make_check](const Json& args) -> std::unique_ptr<Check> {
        auto parsed = parse(args, nullptr);
        if (!parsed)
            return nullptr;
        return make_check(*parsed);
    };
    registry.add(std::move(info));
}

}  // namespace

void register_generic_checks(CheckRegistry& registry, const core::RoleRegistry& roles) {
    const RoleFacts facts(roles);

    const auto parse_true = [](std::string_view check) {
        return [check](const Json& args, Problems* problems) -> core::Result<bool> {
            Problems p = true_only(check, args);
            if (problems)
                *problems = p;
            if (!p.empty())
                return core::fail(p.front());
            return true;
        };
    };

    add_parsed(registry, "no_violations", "No node reported a broken invariant.",
               "没有节点报告不变量被破坏。", parse_true("no_violations"),
               [](bool) { return std::make_unique<NoViolations>(); }, facts, false);
    add_parsed(registry, "availability", "Share of completed client operations that succeeded.",
               "已完成的客户端操作中成功的比例。", parse_availability,
               [](const AvailabilityArgs& a) { return std::make_unique<Availability>(a); }, facts, true);
    add_parsed(registry, "latency", "Latency percentiles of successful operations stay within bounds.",
               "成功操作的延迟百分位数不超过上限。", parse_latency,
               [](const LatencyArgs& a) { return std::make_unique<Latency>(a); }, facts, true);
    add_parsed(registry, "all_ops_complete", "Every client operation completes exactly once.",
               "每个客户端操作恰好完成一次。", parse_true("all_ops_complete"),
               [](bool) { return std::make_unique<AllOpsComplete>(); }, facts, true);

    {
        CheckInfo info;
        info.name = "recovers";
        info.en = "Some operation succeeds again soon after the last fault (or heal).";
        info.zh = "最后一次故障（或恢复）后不久，操作再次成功。";
        info.validate = [facts](const Json& args, const Scenario& scenario) {
            Problems problems;
            auto parsed = parse_recovers(args, &problems);
            if (parsed)
                if (auto problem = parsed->after.problem_in("recovers", scenario))
                    problems.push_back(*problem);
            Problems applies = facts.need_client("recovers", scenario);
            problems.insert(problems.end(), applies.begin(), applies.end());
            return problems;
        };
        info.make = [](const Json& args) -> std::unique_ptr<Check> {
            auto parsed = parse_recovers(args, nullptr);
            return parsed ? std::make_unique<Recovers>(*parsed) : nullptr;
        };
        registry.add(std::move(info));
    }
    {
        CheckInfo info;
        info.name = "amplification";
        info.en = "Requests reaching the servers per client operation (retry storms).";
        info.zh = "每个客户端操作到达服务端的请求数（重试风暴）。";
        info.validate = [facts](const Json& args, const Scenario& scenario) {
            Problems problems;
            parse_amplification(args, &problems);
            Problems applies = facts.need_client("amplification", scenario);
            problems.insert(problems.end(), applies.begin(), applies.end());
            if (!facts.has_non_client(scenario))
                problems.push_back("amplification: does not apply here: every node is a client, none serves");
            return problems;
        };
        info.make = [facts](const Json& args) -> std::unique_ptr<Check> {
            auto parsed = parse_amplification(args, nullptr);
            return parsed ? std::make_unique<Amplification>(*parsed, facts) : nullptr;
        };
        registry.add(std::move(info));
    }
    {
        CheckInfo info;
        info.name = "expect_fail";
        info.en = "Passes when the wrapped check fails (scenarios whose point is the failure).";
        info.zh = "被包装的检查失败时通过（以失败为教学目的的场景）。";
        const CheckRegistry* reg = &registry;
        info.validate = [reg](const Json& args, const Scenario& scenario) {
            auto inner = expect_fail_inner(args, *reg);
            if (!inner)
                return Problems{inner.error().message};
            Problems problems;
            if (inner->second->validate)
                for (auto& p : inner->second->validate(args.begin().value(), scenario))
                    problems.push_back("expect_fail: " + p);
            return problems;
        };
        info.make = [reg](const Json& args) -> std::unique_ptr<Check> {
            auto inner = expect_fail_inner(args, *reg);
            if (!inner || !inner->second->make)
                return nullptr;
            auto check = inner->second->make(args.begin().value());
            if (!check)
                return nullptr;
            return std::make_unique<ExpectFail>(inner->first, std::move(check));
        };
        registry.add(std::move(info));
    }
}

void register_builtin_checks(CheckRegistry& registry, const core::RoleRegistry& roles) {
    register_generic_checks(registry, roles);
    register_linearizable_check(registry, roles);
    register_raft_checks(registry, roles);
    register_breaker_checks(registry);
    register_deadline_checks(registry);
    register_backpressure_checks(registry);
    register_term_checks(registry);
}

}  // namespace distlab::netlab
