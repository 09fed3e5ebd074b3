#include "netlab/scenario/scenario_writer.h"

#include <cmath>
#include <sstream>
#include <vector>

#include "netlab/scenario/yaml_text.h"

namespace distlab::netlab {

namespace {

using yaml_text::quoted_if_needed;

std::string number(double value) {
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15)
        return std::to_string(static_cast<std::int64_t>(value));
    return Json(value).dump();
}

std::string duration(Duration d) {
    return d < Duration::zero() ? "-" + core::format_duration(-d) : core::format_duration(d);
}

std::string text(const std::string& s) {
    return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Both languages, or the one there is (a user's scenario may have one).
std::string bilingual(const Text& b) {
    if (b.zh.empty())
        return "{ en: " + text(b.en) + " }";
    if (b.en.empty())
        return "{ zh: " + text(b.zh) + " }";
    return "{ en: " + text(b.en) + ", zh: " + text(b.zh) + " }";
}

std::string ids(const std::vector<NodeId>& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? ", " : "") + quoted_if_needed(list[i]);
    return out + "]";
}

// `link_end`: "*" for every node, as written on the ends of a link fault.
std::string selector(const NodeSelector& s, bool link_end = false) {
    switch (s.kind) {
        case NodeSelector::Kind::Leader: return "leader";
        case NodeSelector::Kind::Random: return "random";
        case NodeSelector::Kind::All: return link_end ? "\"*\"" : "all";
        case NodeSelector::Kind::Ids: break;
    }
    return s.ids.size() == 1 ? quoted_if_needed(s.ids.front()) : ids(s.ids);
}

// The keys a link or the network sets, as "key: value" in the format's order.
std::vector<std::string> link_keys(const LinkOverrides& o) {
    std::vector<std::string> out;
    if (o.latency)
        out.push_back("latency: " + duration(*o.latency));
    if (o.jitter)
        out.push_back("jitter: " + duration(*o.jitter));
    if (o.loss)
        out.push_back("loss: " + number(*o.loss));
    if (o.duplicate)
        out.push_back("duplicate: " + number(*o.duplicate));
    if (o.reorder_window)
        out.push_back("reorder: " + duration(*o.reorder_window));
    if (o.bandwidth_bytes_per_s)
        out.push_back("bandwidth: " + std::to_string(*o.bandwidth_bytes_per_s));
    return out;
}

std::string link(const LinkSpec& l) {
    const std::vector<std::string> keys = link_keys(l.overrides);
    if (l.both_ways && keys.empty())
        return "[" + quoted_if_needed(l.from) + ", " + quoted_if_needed(l.to) + "]";
    const std::string ends = l.both_ways
                                 ? "between: [" + quoted_if_needed(l.from) + ", " + quoted_if_needed(l.to) + "]"
                                 : "from: " + quoted_if_needed(l.from) + ", to: " + quoted_if_needed(l.to);
    std::string out = "{ " + ends;
    for (const auto& key : keys)
        out += ", " + key;
    return out + " }";
}

std::string link_target(const LinkTarget& t) {
    if (t.both_ways)
        return "between: [" + selector(t.from, true) + ", " + selector(t.to, true) + "]";
    return "from: " + selector(t.from, true) + ", to: " + selector(t.to, true);
}

std::string fault_body(const FaultSpec& f) {
    switch (f.kind) {
        case FaultKind::Kill:
        case FaultKind::Restart:
        case FaultKind::Pause:
        case FaultKind::Resume:
        case FaultKind::Heal:
            return selector(f.nodes);
        case FaultKind::Partition:
            switch (f.partition.kind) {
                case PartitionSpec::Kind::Groups: {
                    std::string out = "[";
                    for (std::size_t i = 0; i < f.partition.groups.size(); ++i)
                        out += (i ? ", " : "") + ids(f.partition.groups[i]);
                    return out + "]";
                }
                case PartitionSpec::Kind::OneWay:
                    return "{ from: " + selector(f.partition.from) + ", to: " + selector(f.partition.to) + " }";
                case PartitionSpec::Kind::Grudge:
                    return quoted_if_needed(f.partition.grudge);
            }
            break;
        case FaultKind::Latency:
            return "{ " + link_target(f.link) + ", add: " + duration(f.add) +
                   (f.jitter != Duration::zero() ? ", jitter: " + duration(f.jitter) : "") + " }";
        case FaultKind::Loss:
        case FaultKind::Duplicate:
            return "{ " + link_target(f.link) + ", rate: " + number(f.rate) + " }";
        case FaultKind::Reorder:
            return "{ " + link_target(f.link) + ", window: " + duration(f.window) + " }";
        case FaultKind::ClockSkew:
            return "{ node: " + selector(f.nodes) + ", offset: " + duration(f.offset) +
                   (f.drift != 0.0 ? ", drift: " + number(f.drift) : "") + " }";
        case FaultKind::Command:
            // JSON is YAML's flow syntax, so the body is written as its JSON text.
            return "{ node: " + selector(f.nodes) + ", type: " + f.command +
                   (f.body.empty() ? std::string() : ", body: " + f.body.dump()) + " }";
    }
    return "{}";
}

void write_network(std::ostringstream& out, const NetworkSpec& network) {
    const LinkParams base = network_preset(network.preset).value_or(LinkParams{});
    const LinkParams& d = network.defaults;
    LinkOverrides changed;
    if (d.latency != base.latency)
        changed.latency = d.latency;
    if (d.jitter != base.jitter)
        changed.jitter = d.jitter;
    if (d.loss != base.loss)
        changed.loss = d.loss;
    if (d.duplicate != base.duplicate)
        changed.duplicate = d.duplicate;
    if (d.reorder_window != base.reorder_window)
        changed.reorder_window = d.reorder_window;
    if (d.bandwidth_bytes_per_s != base.bandwidth_bytes_per_s)
        changed.bandwidth_bytes_per_s = d.bandwidth_bytes_per_s;
    out << "network:\n  preset: " << quoted_if_needed(network.preset) << "\n";
    for (const auto& key : link_keys(changed))
        out << "  " << key << "\n";
}

}  // namespace

std::string write_scenario(const Scenario& s) {
    std::ostringstream out;
    out << "version: " << s.version << "\n";
    out << "name: " << quoted_if_needed(s.name) << "\n";
    out << "family: " << quoted_if_needed(s.family) << "\n";
    if (!s.title.empty())
        out << "title: " << bilingual(s.title) << "\n";
    if (!s.summary.empty())
        out << "summary: " << bilingual(s.summary) << "\n";
    out << "duration: " << duration(s.duration) << "\n";
    out << "seed: " << s.seed << "\n";
    out << "time_scale: " << number(s.time_scale) << "\n\n";
    write_network(out, s.network);

    out << "\nnodes:\n";
    for (const auto& node : s.nodes) {
        out << "  - id: " << quoted_if_needed(node.id) << "\n";
        out << "    role: " << quoted_if_needed(node.role) << "\n";
        if (node.params.is_object() && !node.params.empty())
            out << "    params: " << yaml_text::flow(node.params) << "\n";
        if (!node.labels.empty())
            out << "    labels: " << yaml_text::flow(core::Json(node.labels)) << "\n";
        if (node.at)
            out << "    at: [" << number((*node.at)[0]) << ", " << number((*node.at)[1]) << "]\n";
    }

    if (s.full_mesh) {
        out << "\nlinks: full\n";
    } else if (s.links.empty()) {
        out << "\nlinks: []\n";
    } else {
        out << "\nlinks:\n";
        for (const auto& l : s.links)
            out << "  - " << link(l) << "\n";
    }

    if (!s.faults.empty()) {
        out << "\nfaults:\n";
        for (const auto& f : s.faults) {
            out << "  - { at: " << duration(f.at);
            if (f.until)
                out << ", until: " << duration(*f.until);
            out << ", " << to_string(f.kind) << ": " << fault_body(f);
            if (f.may_miss)
                out << ", may_miss: true";
            out << " }\n";
        }
    }

    if (!s.steps.empty()) {
        out << "\nsteps:\n";
        for (const auto& step : s.steps) {
            if (step.at) {
                out << "  - at: " << duration(*step.at) << "\n";
            } else if (step.when) {
                out << "  - when: { node: " << (step.when->node ? quoted_if_needed(*step.when->node) : "any");
                if (!step.when->phase.empty())
                    out << ", phase: " << quoted_if_needed(step.when->phase);
                if (!step.when->state.empty())
                    out << ", state: " << yaml_text::flow(step.when->state);
                out << " }\n";
            }
            out << "    say: " << bilingual(step.say) << "\n";
            if (step.pause)
                out << "    pause: true\n";
        }
    }

    if (!s.checks.empty()) {
        out << "\nchecks:\n";
        for (const auto& check : s.checks)
            out << "  - " << quoted_if_needed(check.name) << ": " << yaml_text::flow(check.args) << "\n";
    }
    return out.str();
}

}  // namespace distlab::netlab
