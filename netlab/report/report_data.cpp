#include "netlab/report/report_data.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/op_history.h"
#include "netlab/patterns/pattern_lab.h"
#include "netlab/report/consistency_figures.h"
#include "netlab/report/phase_figures.h"
#include "netlab/report/system_figures.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::string text_of(const Json& j) {
    if (j.is_string())
        return j.get<std::string>();
    if (j.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < j.size(); ++i)
            out += (i ? ", " : "") + text_of(j[i]);
        return out + "]";
    }
    return j.dump();
}

// "kill n1", "partition [n1] | [n2, n3]", "loss 0.3 * -> n2", "command add_server -> n1".
std::string fault_label(const std::string& kind, const Json& f) {
    std::string label = kind;
    auto add = [&](const char* key) {
        if (const auto it = f.find(key); it != f.end() && !it->is_null())
            label += " " + text_of(*it);
    };
    if (kind == "partition") {
        if (const auto sides = f.find("sides"); sides != f.end() && sides->is_array()) {
            for (std::size_t i = 0; i < sides->size(); ++i)
                label += (i ? " | " : " ") + text_of((*sides)[i]);
            return label;
        }
        if (f.contains("grudge"))
            add("grudge");
        else if (f.contains("groups"))
            add("groups");
        else {
            add("from");
            label += " ->";
            add("to");
        }
        return label;
    }
    if (kind == "latency" || kind == "loss" || kind == "duplicate" || kind == "reorder") {
        if (kind == "latency")
            add("add");
        else if (kind == "reorder")
            add("window");
        else
            add("rate");
        add("from");
        label += f.value("both_ways", false) ? " <->" : " ->";
        add("to");
        return label;
    }
    if (kind == "command") {
        add("command");
        label += " ->";
    }
    if (f.contains("targets"))
        add("targets");
    else
        add("nodes");
    return label;
}

bool instant_fault(std::string_view kind) {
    return kind == "restart" || kind == "resume" || kind == "heal" || kind == "command";
}

double percentile(const std::vector<double>& sorted, double p) { return nearest_rank(sorted, p); }

LatencyRow latency_row(std::string function, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    LatencyRow row;
    row.function = std::move(function);
    row.count = ms.size();
    row.p50 = percentile(ms, 0.50);
    row.p90 = percentile(ms, 0.90);
    row.p99 = percentile(ms, 0.99);
    row.p999 = percentile(ms, 0.999);
    row.max = ms.empty() ? 0.0 : ms.back();
    return row;
}

WindowAvailability window_of(const std::vector<OpRecord>& ops, std::int64_t from_ns, std::int64_t to_ns) {
    WindowAvailability w;
    w.from_ns = from_ns;
    w.to_ns = to_ns;
    // ops are in invocation order: binary search the window.
    auto lo = std::lower_bound(ops.begin(), ops.end(), from_ns,
                               [](const OpRecord& op, std::int64_t t) { return op.invoked_ns < t; });
    for (auto it = lo; it != ops.end() && it->invoked_ns < to_ns; ++it) {
        ++w.ops;
        if (it->ok())
            ++w.ok;
    }
    if (w.ops > 0)
        w.share = static_cast<double>(w.ok) / static_cast<double>(w.ops);
    return w;
}

}  // namespace

std::string fault_label_text(const FaultInterval& fault, std::string_view lang) {
    if (!core::is_chinese(lang) || !fault.label.starts_with(fault.kind))
        return fault.label;
    constexpr std::string_view kByHand = " (by hand)";
    std::string rest = fault.label.substr(fault.kind.size());
    const bool by_hand = rest.ends_with(kByHand);
    if (by_hand)
        rest.resize(rest.size() - kByHand.size());
    return fault_kind_text(fault.kind).in(lang) + rest + (by_hand ? "（手动）" : "");
}

const FigureSection* ReportData::section(std::string_view key) const {
    for (const FigureSection& s : sections)
        if (s.key == key)
            return &s;
    return nullptr;
}

const FigureSourceRegistry& builtin_figure_sources() {
    // A function-local static: built on first use, thread-safe (C++11 magic statics).
    static const FigureSourceRegistry registry = [] {
        PatternLab lab;
        register_pattern_lab(lab);
        // The generic sections after the patterns': the consistency map (or, for clients of two
        // systems, the systems side by side), then the phases.
        lab.figure_sources.add(consistency_figure_source());
        lab.figure_sources.add(system_figure_source());
        lab.figure_sources.add(phase_figure_source());
        return std::move(lab.figure_sources);
    }();
    return registry;
}

std::vector<FigureSection> figure_sections(const std::vector<Event>& events, const FigureSourceRegistry& sources,
                                           const core::RoleRegistry& fallback) {
    std::int64_t end_ns = 0;
    for (const Event& e : events)
        end_ns = std::max(end_ns, e.t_ns);
    const RoleCatalog catalog = catalog_of(events, fallback);
    const FigureRun run{events, catalog, end_ns};
    std::vector<FigureSection> out;
    for (const auto& source : sources.sources()) {
        if (!source->applies(catalog))
            continue;
        if (auto section = source->section(run)) {
            section->key = source->name();
            for (Figure& f : section->figures)
                if (f.group.empty())
                    f.group = section->title.en;
            out.push_back(std::move(*section));
        }
    }
    return out;
}

Json section_stats(const std::vector<FigureSection>& sections) {
    Json out = Json::object();
    for (const FigureSection& s : sections)
        out[s.key] = s.json;
    return out;
}

std::int64_t choose_bucket_ns(std::int64_t duration_ns) {
    constexpr std::array<std::int64_t, 3> kMantissa{1, 2, 5};
    std::int64_t decade = 10'000'000;   // 10 ms
    for (;;) {
        for (std::int64_t m : kMantissa) {
            const std::int64_t step = m * decade;
            if (duration_ns / step < 120)
                return step;
        }
        if (decade > std::int64_t{1'000'000'000} * 1'000'000)
            return decade;
        decade *= 10;
    }
}

ReportData build_report_data(const ReportInput& input) {
    const Scenario& sc = input.scenario;
    const std::vector<Event>& events = input.events;
    ReportData d;
    d.name = sc.name;
    d.family = sc.family;
    d.title = sc.title;
    d.summary = sc.summary;
    d.seed = input.seed;
    d.command_line = input.command_line;
    d.recording = input.recording;
    d.problems = input.problems;
    d.checks = input.checks;
    d.stopped_at_ns = stopped_at_ns(events);
    d.verdict = run_verdict(d.checks, d.stopped_at_ns);
    d.passed = d.verdict == RunVerdict::Passed;
    d.event_count = events.size();

    for (const NodeSpec& n : sc.nodes)
        d.nodes.push_back({n.id, n.role, n.at ? std::optional(std::pair((*n.at)[0], (*n.at)[1])) : std::nullopt});
    if (sc.full_mesh) {
        for (std::size_t i = 0; i < sc.nodes.size(); ++i)
            for (std::size_t j = i + 1; j < sc.nodes.size(); ++j)
                d.links.push_back({sc.nodes[i].id, sc.nodes[j].id, true});
    } else {
        for (const LinkSpec& l : sc.links)
            d.links.push_back({l.from, l.to, l.both_ways});
    }

    std::int64_t end_ns = events.empty() ? 0 : events.back().t_ns;
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->kind == EventKind::RunEnded) {
            end_ns = it->t_ns;
            break;
        }
    for (const Event& e : events)
        end_ns = std::max(end_ns, e.t_ns);
    d.duration_ns = end_ns;
    d.bucket_ns = choose_bucket_ns(end_ns);
    d.buckets.resize(static_cast<std::size_t>(end_ns / d.bucket_ns) + 1);
    for (std::size_t i = 0; i < d.buckets.size(); ++i)
        d.buckets[i].start_ns = static_cast<std::int64_t>(i) * d.bucket_ns;
    auto bucket = [&](std::int64_t t) -> TimeBucket& {
        const auto i = static_cast<std::size_t>(std::clamp<std::int64_t>(t, 0, end_ns) / d.bucket_ns);
        return d.buckets[std::min(i, d.buckets.size() - 1)];
    };

    std::map<std::string, MessageCounts, std::less<>> messages;
    auto counts = [&](const std::string& type) -> MessageCounts& {
        auto it = messages.find(type);
        if (it == messages.end())
            it = messages.emplace(type, MessageCounts{type}).first;
        return it->second;
    };

    std::map<std::int64_t, std::size_t> open_faults;   // fault id -> index in d.faults
    // Counters: per (node, name), what earlier incarnations counted and the latest value.
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> counters;

    for (const Event& e : events) {
        switch (e.kind) {
        case EventKind::MessageSent:
            ++counts(e.type).sent;
            ++bucket(e.t_ns).sent;
            break;
        case EventKind::MessageDelivered:
            ++counts(e.type).delivered;
            ++bucket(e.t_ns).delivered;
            break;
        case EventKind::MessageDropped:
            ++counts(e.type).dropped;
            ++bucket(e.t_ns).dropped;
            break;
        case EventKind::MessageDuplicated: ++counts(e.type).duplicated; break;
        case EventKind::NodeStarted: ++d.generic.node_starts; break;
        case EventKind::NodeExited: ++d.generic.node_exits; break;
        case EventKind::Log:
            ++d.generic.log_lines;
            if (e.type == "warn" || e.type == "error")
                ++d.generic.warnings;
            break;
        case EventKind::Violation: ++d.generic.violations; break;
        case EventKind::Step: {
            const Json s = Json::parse(e.data, nullptr, false);
            StepMarker m{e.t_ns, {}};
            if (s.is_object()) {
                m.say.en = s.value("en", "");
                m.say.zh = s.value("zh", "");
            }
            d.steps.push_back(std::move(m));
            break;
        }
        case EventKind::FaultInjected: {
            Json f = Json::parse(e.data, nullptr, false);
            if (!f.is_object())
                f = Json::object();
            FaultInterval fi;
            fi.kind = e.type;
            fi.label = fault_label(e.type, f);
            fi.start_ns = fi.end_ns = e.t_ns;
            fi.instant = instant_fault(e.type);
            fi.by_hand = f.value("by", "") == "hand";
            if (fi.by_hand)
                fi.label += " (by hand)";
            if (!fi.instant) {
                fi.end_ns = end_ns;
                if (const auto id = f.find("id"); id != f.end() && id->is_number_integer())
                    open_faults[id->get<std::int64_t>()] = d.faults.size();
            }
            d.faults.push_back(std::move(fi));
            break;
        }
        case EventKind::FaultHealed: {
            const Json f = Json::parse(e.data, nullptr, false);
            if (!f.is_object())
                break;
            if (const auto id = f.find("id"); id != f.end() && id->is_number_integer()) {
                if (const auto it = open_faults.find(id->get<std::int64_t>()); it != open_faults.end()) {
                    d.faults[it->second].end_ns = e.t_ns;
                    d.faults[it->second].healed = true;
                    open_faults.erase(it);
                }
            }
            break;
        }
        case EventKind::State: ++d.generic.state_changes; break;
        case EventKind::Metric: {
            const Json data = Json::parse(e.data, nullptr, false);
            if (!data.is_object())
                break;
            if (const auto g = data.find("gauges"); g != data.end() && g->is_object())
                for (const auto& [name, value] : g->items())
                    if (value.is_number()) {
                        auto [it, fresh] = d.role_metrics.gauge_peaks.emplace(name, value.get<double>());
                        if (!fresh)
                            it->second = std::max(it->second, value.get<double>());
                    }
            if (const auto c = data.find("counters"); c != data.end() && c->is_object())
                for (const auto& [name, value] : c->items())
                    if (value.is_number()) {
                        auto& [carried, last] = counters[{e.node, name}];
                        if (value.get<double>() < last)
                            carried += last;   // the node restarted and counts from zero again
                        last = value.get<double>();
                    }
            break;
        }
        default: break;
        }
    }
    for (const auto& [key, value] : counters)
        d.role_metrics.counter_totals[key.second] += value.first + value.second;
    d.sections = figure_sections(events, input.sources ? *input.sources : builtin_figure_sources(),
                                 input.roles ? *input.roles : core::RoleRegistry::builtin());

    MessageCounts total{"all"};
    for (auto& [type, c] : messages) {
        total.sent += c.sent;
        total.delivered += c.delivered;
        total.dropped += c.dropped;
        total.duplicated += c.duplicated;
        d.messages.push_back(std::move(c));
    }
    d.messages.push_back(total);

    const OpHistory history = collect_ops(events);
    std::vector<double> all_ms;
    std::map<std::string, std::vector<double>, std::less<>> by_function;
    std::vector<std::vector<double>> bucket_ms(d.buckets.size());
    d.ops_invoked = history.ops.size();
    for (const OpRecord& op : history.ops) {
        if (op.completions == 0 || op.status == "info")
            ++d.ops_unknown;
        else if (op.ok())
            ++d.ops_ok;
        else
            ++d.ops_failed;
        if (!op.completed_ns)
            continue;
        TimeBucket& b = bucket(*op.completed_ns);
        if (!op.ok()) {
            ++b.failed;
            continue;
        }
        ++b.ok;
        const double ms = static_cast<double>(op.latency_ns()) / 1e6;
        all_ms.push_back(ms);
        by_function[op.function].push_back(ms);
        bucket_ms[static_cast<std::size_t>(&b - d.buckets.data())].push_back(ms);
    }
    d.latency.push_back(latency_row("all", std::move(all_ms)));
    for (auto& [function, ms] : by_function)
        d.latency.push_back(latency_row(function, std::move(ms)));
    const double bucket_s = static_cast<double>(d.bucket_ns) / 1e9;
    for (std::size_t i = 0; i < d.buckets.size(); ++i) {
        TimeBucket& b = d.buckets[i];
        // The last bucket may be partial: rate over the part the run covered.
        const double covered_s = std::min(bucket_s, static_cast<double>(end_ns - b.start_ns) / 1e9);
        b.throughput_ops_s = covered_s > 0 ? static_cast<double>(b.ok) / covered_s : 0.0;
        auto& ms = bucket_ms[i];
        if (ms.empty())
            continue;
        std::sort(ms.begin(), ms.end());
        b.p50_ms = percentile(ms, 0.50);
        b.p99_ms = percentile(ms, 0.99);
    }

    for (std::size_t i = 0; i < d.faults.size(); ++i) {
        const FaultInterval& f = d.faults[i];
        if (f.instant)
            continue;
        d.availability.push_back({i, window_of(history.ops, 0, f.start_ns),
                                  window_of(history.ops, f.start_ns, f.end_ns),
                                  window_of(history.ops, f.end_ns, end_ns + 1)});
    }
    return d;
}

}  // namespace distlab::netlab
