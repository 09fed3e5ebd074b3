#include "netlab/report/phase_figures.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "netlab/report/report_charts.h"

namespace distlab::netlab {

namespace {

using core::Json;

// One phase of one node.
struct PhaseTime {
    std::string phase;
    std::uint64_t entered = 0;
    std::int64_t first_ns = 0;
    std::int64_t time_ns = 0;
};

struct NodePhases {
    std::string node;
    const core::RoleDescriptor* role = nullptr;
    std::uint64_t transitions = 0;
    std::vector<PhaseTime> phases;     // in order of first entry
    std::string current;               // empty: not in a phase (before its first, after an exit)
    std::int64_t since_ns = 0;
    std::vector<StripSpan> spans;

    PhaseTime& phase(const std::string& name) {
        for (PhaseTime& p : phases)
            if (p.phase == name)
                return p;
        return phases.emplace_back(PhaseTime{name});
    }
    void leave(std::int64_t t_ns) {
        if (current.empty())
            return;
        phase(current).time_ns += t_ns - since_ns;
        spans.push_back({since_ns, t_ns, current});
        current.clear();
    }
};

// The colour of a tone in the phase strips (the views' palette, on white paper); `shade` tells
// apart phases of one role that share a tone (a darker, then a lighter variant).
const char* tone_colour(core::Tone tone, std::size_t shade) {
    static constexpr const char* kShades[][3] = {
        {"#b0bec5", "#78909c", "#cfd8dc"},   // neutral
        {"#66bb6a", "#2e7d32", "#a5d6a7"},   // healthy
        {"#1e88e5", "#0d47a1", "#90caf9"},   // busy
        {"#ffa726", "#e65100", "#ffe082"},   // warning
        {"#e53935", "#b71c1c", "#ef9a9a"},   // failing
        {"#616161", "#212121", "#9e9e9e"},   // down
    };
    const auto t = static_cast<std::size_t>(tone);
    return kShades[t < std::size(kShades) ? t : 0][shade % 3];
}

// Each declared phase's colour in the strips of `role`.
std::map<std::string, std::string, std::less<>> phase_colours(const core::RoleDescriptor& role) {
    std::map<std::string, std::string, std::less<>> out;
    std::map<core::Tone, std::size_t> used;
    for (const core::PhaseSpec& p : role.phases)
        out[p.name] = tone_colour(p.tone, used[p.tone]++);
    return out;
}

std::string percent_text(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
    return buf;
}

TableCell phase_cell(const core::RoleDescriptor& role, const std::string& phase) {
    if (const core::PhaseSpec* p = role.find_phase(phase))
        return {p->en, p->zh};
    return {phase};
}

// The node's phases in the order its role declares them, then any it entered undeclared.
std::vector<const PhaseTime*> declared_order(const NodePhases& n) {
    std::vector<const PhaseTime*> out;
    for (const core::PhaseSpec& spec : n.role->phases)
        for (const PhaseTime& p : n.phases)
            if (p.phase == spec.name)
                out.push_back(&p);
    for (const PhaseTime& p : n.phases)
        if (!n.role->find_phase(p.phase))
            out.push_back(&p);
    return out;
}

class PhaseFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "phases"; }

    bool applies(const RoleCatalog& catalog) const override {
        return std::any_of(catalog.roles().begin(), catalog.roles().end(),
                           [](const auto& r) { return !r.second.phases.empty(); });
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        std::map<std::string, NodePhases, std::less<>> nodes;
        for (const Event& e : run.events) {
            if (e.kind != EventKind::Phase && e.kind != EventKind::NodeExited)
                continue;
            const core::RoleDescriptor* role = run.catalog.role_of_node(e.node);
            if (!role || role->phases.empty())
                continue;
            if (e.kind == EventKind::NodeExited) {
                // A stopped node is in no phase; its next incarnation announces its first again.
                if (const auto it = nodes.find(e.node); it != nodes.end())
                    it->second.leave(e.t_ns);
                continue;
            }
            auto [it, fresh] = nodes.try_emplace(e.node);
            NodePhases& n = it->second;
            if (fresh) {
                n.node = e.node;
                n.role = role;
            }
            if (e.type == n.current)
                continue;
            if (!n.current.empty())
                ++n.transitions;
            n.leave(e.t_ns);
            PhaseTime& p = n.phase(e.type);
            if (p.entered++ == 0)
                p.first_ns = e.t_ns;
            n.current = e.type;
            n.since_ns = e.t_ns;
        }
        if (nodes.empty())
            return std::nullopt;
        const std::int64_t end_ns = std::max<std::int64_t>(run.end_ns, 1);
        for (auto& [id, n] : nodes)
            n.leave(std::max(end_ns, n.since_ns));

        FigureSection s;
        s.title = {"Phases", "阶段"};
        s.notes.push_back(Text{"The phases each node's role announced: how often it entered each, when first, and the time "
                               "spent in it (until its next phase, its exit or the end of the run). A gap in a strip: the "
                               "node was not running.",
                               "每个节点的角色报告的阶段：进入每个阶段的次数、首次进入的时间，以及停留的时间（直到下一个阶段、"
                               "节点退出或运行结束）。条带中的空白：节点当时没有运行。"});

        // Per role, in the catalog's order: a strip of every node's phases and a table.
        std::map<std::string, std::vector<const NodePhases*>, std::less<>> by_role;
        for (const auto& [id, n] : nodes)
            by_role[n.role->name].push_back(&n);
        Json json_nodes = Json::array();
        for (const auto& [role_name, members] : by_role) {
            const core::RoleDescriptor& role = *members.front()->role;
            StateStrip strip{"Phases of the " + role_name + " nodes", "time (s)", run.end_ns, {}, {}};
            StateStrip strip_zh{role_name + " 节点的阶段", time_label("zh_CN"), run.end_ns, {}, {}};
            const auto colours = phase_colours(role);
            FigureTable table{{{"node", "节点"},
                               {"transitions", "转换次数"},
                               {"phase", "阶段"},
                               {"entered", "进入次数"},
                               {"first entered", "首次进入"},
                               {"time in phase", "停留时间"},
                               {"share of run", "占运行时间"}},
                              {false, true, false, true, true, true, true},
                              {}};
            std::map<std::string, double, std::less<>> phase_time;   // phase -> seconds, over the nodes
            std::uint64_t transitions = 0;
            for (const NodePhases* n : members) {
                transitions += n->transitions;
                StripLane lane{n->node, {}};
                StripLane lane_zh{n->node, {}};
                for (StripSpan span : n->spans) {
                    const core::PhaseSpec* p = role.find_phase(span.label);
                    const auto colour = colours.find(span.label);
                    span.colour = colour != colours.end() ? colour->second : tone_colour(core::Tone::Neutral, 2);
                    StripSpan span_zh = span;
                    span.label = p ? p->en : span.label;
                    span_zh.label = p && !p->zh.empty() ? p->zh : span.label;
                    lane.spans.push_back(std::move(span));
                    lane_zh.spans.push_back(std::move(span_zh));
                }
                strip.lanes.push_back(std::move(lane));
                strip_zh.lanes.push_back(std::move(lane_zh));
                bool first_row = true;
                Json phases = Json::array();
                for (const PhaseTime* p : declared_order(*n)) {
                    table.rows.push_back({first_row ? TableCell(n->node) : TableCell(),
                                          first_row ? TableCell(std::to_string(n->transitions)) : TableCell(),
                                          phase_cell(role, p->phase), std::to_string(p->entered),
                                          run_time_text(p->first_ns), run_time_text(p->time_ns),
                                          percent_text(static_cast<double>(p->time_ns) / static_cast<double>(end_ns))});
                    first_row = false;
                    phase_time[p->phase] += static_cast<double>(p->time_ns) / 1e9;
                    phases.push_back({{"phase", p->phase}, {"entered", p->entered}, {"first_ns", p->first_ns},
                                      {"time_ns", p->time_ns}});
                }
                json_nodes.push_back({{"node", n->node}, {"role", role_name}, {"transitions", n->transitions},
                                      {"phases", std::move(phases)}});
            }
            for (const core::PhaseSpec& p : role.phases) {
                strip.legend.emplace_back(colours.at(p.name), p.en);
                strip_zh.legend.emplace_back(colours.at(p.name), p.zh.empty() ? p.en : p.zh);
            }
            table.picture = state_strip_svg(strip);
            table.picture_zh = state_strip_svg(strip_zh);
            s.tables.push_back(std::move(table));

            const std::string prefix = "phases." + role_name + ".";
            s.figures.push_back({prefix + "transitions", {}, role_name + ": phase transitions", "", Better::Neither,
                                 static_cast<double>(transitions), role_name + "：阶段转换次数"});
            auto add_time = [&](const std::string& phase) {
                const core::PhaseSpec* spec = role.find_phase(phase);
                s.figures.push_back({prefix + phase + ".time_s", {}, role_name + ": time in " + (spec ? spec->en : phase),
                                     "s", Better::Neither, phase_time.at(phase),
                                     role_name + "：处于" + (spec && !spec->zh.empty() ? spec->zh : phase) + "的时间"});
            };
            for (const core::PhaseSpec& p : role.phases)
                if (phase_time.contains(p.name))
                    add_time(p.name);
            for (const auto& [phase, seconds] : phase_time)
                if (!role.find_phase(phase))
                    add_time(phase);
            s.charts.push_back({role_name + " phase transitions", "count", {{prefix + "transitions", "transitions", "阶段转换"}},
                                 role_name + " 阶段转换", "次数"});
        }
        s.json = {{"nodes", std::move(json_nodes)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> phase_figure_source() { return std::make_shared<PhaseFigureSource>(); }

}  // namespace distlab::netlab
