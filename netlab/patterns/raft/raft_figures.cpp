#include "netlab/patterns/raft/raft_figures.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace distlab::netlab {

namespace {

using core::Json;

constexpr std::string_view kRole = "raft";

struct Leader {
    std::int64_t t_ns = 0;
    std::string node;
    std::int64_t term = 0;
};

// The leader was lost at lost_ns; the next leader of a higher term appeared at elected_ns
// (nullopt: never).
struct Failover {
    std::int64_t lost_ns = 0;
    std::string old_leader;
    std::int64_t old_term = 0;
    std::optional<std::int64_t> elected_ns;
    std::string new_leader;
    std::int64_t new_term = 0;

    std::optional<double> seconds() const {
        if (!elected_ns)
            return std::nullopt;
        return static_cast<double>(*elected_ns - lost_ns) / 1e9;
    }
};

// Follows the leader through the run and records leaders and failovers.
class RaftTracker {
public:
    void on_state(std::int64_t t, const std::string& node, const std::string& role, std::int64_t term) {
        max_term_ = std::max(max_term_, term);
        const bool was_leader = roles_[node] == "leader";
        roles_[node] = role;
        if (role == "leader" && (!was_leader || terms_[node] != term)) {
            terms_[node] = term;
            leaders_.push_back({t, node, term});
            if (open_) {
                // A stale leader of an old term does not end the failover.
                auto& f = failovers_.back();
                if (term <= f.old_term)
                    return;
                f.elected_ns = t;
                f.new_leader = node;
                f.new_term = term;
                open_ = false;
            }
            if (!current_ || term >= current_->term)
                current_ = Leader{t, node, term};
            return;
        }
        terms_[node] = term;
        if (was_leader && role != "leader")
            lose(t, node);
    }
    // The node stopped (exit or pause) or a fault cut it off.
    void lose(std::int64_t t, const std::string& node) {
        if (!current_ || current_->node != node || open_)
            return;
        failovers_.push_back({t, current_->node, current_->term, std::nullopt, {}, 0});
        open_ = true;
        current_.reset();
    }
    const std::optional<Leader>& current() const { return current_; }

    std::int64_t max_term_ = 0;
    std::vector<Leader> leaders_;
    std::vector<Failover> failovers_;

private:
    std::map<std::string, std::string, std::less<>> roles_;
    std::map<std::string, std::int64_t, std::less<>> terms_;
    std::optional<Leader> current_;
    bool open_ = false;                // a failover waits for its next leader
};

// Whether a partition leaves `node` on a side without a majority of the partitioned nodes.
bool cuts_off(const Json& f, const std::string& node) {
    const auto sides = f.find("sides");
    if (sides == f.end() || !sides->is_array())
        return false;
    std::size_t total = 0;
    std::size_t mine = 0;
    for (const Json& side : *sides) {
        if (!side.is_array())
            continue;
        total += side.size();
        for (const Json& member : side)
            if (member.is_string() && member.get<std::string>() == node)
                mine = side.size();
    }
    return mine > 0 && mine * 2 <= total;
}

std::string ms_text(double ms) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
    return buf;
}

class RaftFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "raft"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role(kRole) != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        RaftTracker raft;
        bool any = false;
        for (const Event& e : run.events) {
            switch (e.kind) {
            case EventKind::NodeExited:
            case EventKind::NodePaused:
                // Nodes stopped at the end of the run lose no leadership worth a failover.
                if (e.kind == EventKind::NodePaused || e.data.find("\"shutdown\"") == std::string::npos)
                    raft.lose(e.t_ns, e.node);
                break;
            case EventKind::FaultInjected:
                if (e.type == "partition" && raft.current()) {
                    const Json f = Json::parse(e.data, nullptr, false);
                    if (f.is_object() && cuts_off(f, raft.current()->node))
                        raft.lose(e.t_ns, raft.current()->node);
                }
                break;
            case EventKind::State: {
                const core::RoleDescriptor* role = run.catalog.role_of_node(e.node);
                if (!role || role->name != kRole)
                    break;
                const Json s = Json::parse(e.data, nullptr, false);
                if (!s.is_object())
                    break;
                const auto state = s.find("role");
                const auto term = s.find("term");
                if (state == s.end() || !state->is_string() || term == s.end() || !term->is_number_integer())
                    break;
                any = true;
                raft.on_state(e.t_ns, e.node, state->get<std::string>(), term->get<std::int64_t>());
                break;
            }
            default: break;
            }
        }
        if (!any)
            return std::nullopt;
        return make_section(raft);
    }

private:
    static FigureSection make_section(const RaftTracker& r) {
        FigureSection s;
        s.title = {"Raft", "Raft 共识"};

        const TableCell first = r.leaders_.empty() ? TableCell("none", "无") : TableCell(run_time_text(r.leaders_.front().t_ns));
        s.tables.push_back({{{"max term", "最大任期"}, {"leaders elected", "选出的领导者"}, {"first leader at", "第一个领导者产生于"},
                             {"failovers", "故障转移"}},
                            {true, true, true, true},
                            {{std::to_string(r.max_term_), std::to_string(r.leaders_.size()), first,
                              std::to_string(r.failovers_.size())}}});
        if (!r.failovers_.empty()) {
            FigureTable t{{{"leader lost", "失去领导者"}, {"old leader", "原领导者"}, {"new leader", "新领导者"},
                           {"failover time", "故障转移时间"}},
                          {true, false, false, true},
                          {}};
            for (const Failover& f : r.failovers_) {
                const auto sec = f.seconds();
                auto leader = [](const std::string& node, std::int64_t term) {
                    return TableCell(node + " (term " + std::to_string(term) + ")", node + "（任期 " + std::to_string(term) + "）");
                };
                t.rows.push_back({run_time_text(f.lost_ns), leader(f.old_leader, f.old_term),
                                  f.elected_ns ? leader(f.new_leader, f.new_term) : TableCell("none by the end", "直到结束都没有"),
                                  sec ? ms_text(*sec * 1000) : std::string("–")});
            }
            s.tables.push_back(std::move(t));
        }
        if (!r.leaders_.empty()) {
            FigureTable t{{{"elected at", "当选时间"}, {"leader", "领导者"}, {"term", "任期"}}, {true, false, true}, {}};
            for (const Leader& l : r.leaders_)
                t.rows.push_back({run_time_text(l.t_ns), l.node, std::to_string(l.term)});
            s.tables.push_back(std::move(t));
        }

        auto add = [&](std::string key, Text label, std::string unit, Better better, double value) {
            s.figures.push_back({std::move(key), {}, std::move(label.en), std::move(unit), better, value, std::move(label.zh)});
        };
        add("raft.max_term", {"max term", "最大任期"}, "", Better::Lower, static_cast<double>(r.max_term_));
        add("raft.elections", {"leaders elected", "选出的领导者"}, "", Better::Lower, static_cast<double>(r.leaders_.size()));
        if (!r.leaders_.empty())
            add("raft.first_leader_ms", {"first leader at", "第一个领导者产生于"}, "ms", Better::Lower,
                static_cast<double>(r.leaders_.front().t_ns) / 1e6);
        add("raft.failovers", {"failovers", "故障转移"}, "", Better::Neither, static_cast<double>(r.failovers_.size()));
        std::vector<double> times;
        std::size_t unfinished = 0;
        for (const Failover& f : r.failovers_) {
            if (const auto sec = f.seconds())
                times.push_back(*sec * 1000);
            else
                ++unfinished;
        }
        if (!times.empty()) {
            double sum = 0;
            for (double t : times)
                sum += t;
            add("raft.failover_ms.mean", {"failover time (mean)", "故障转移时间（平均）"}, "ms", Better::Lower,
                sum / static_cast<double>(times.size()));
            add("raft.failover_ms.max", {"failover time (max)", "故障转移时间（最长）"}, "ms", Better::Lower,
                *std::max_element(times.begin(), times.end()));
        }
        if (!r.failovers_.empty())
            add("raft.failovers_unfinished", {"failovers without a new leader", "没有产生新领导者的故障转移"}, "", Better::Lower,
                static_cast<double>(unfinished));

        s.charts = {{"Raft failover time", "failover time (ms)",
                     {{"raft.failover_ms.mean", "mean failover", "平均故障转移"}, {"raft.failover_ms.max", "longest failover", "最长故障转移"}},
                     "Raft 故障转移时间", "故障转移时间 (ms)"},
                    {"Raft elections", "count", {{"raft.elections", "leaders elected", "选出的领导者"}, {"raft.max_term", "max term", "最大任期"}},
                     "Raft 选举", "次数"},
                    {"Raft first leader", "time (ms)", {{"raft.first_leader_ms", "first leader at", "第一个领导者产生于"}},
                     "Raft 第一个领导者", "时间 (ms)"}};

        Json leaders = Json::array();
        for (const Leader& l : r.leaders_)
            leaders.push_back({{"t_ns", l.t_ns}, {"node", l.node}, {"term", l.term}});
        Json failovers = Json::array();
        for (const Failover& f : r.failovers_) {
            const auto sec = f.seconds();
            failovers.push_back({{"lost_ns", f.lost_ns}, {"old_leader", f.old_leader}, {"old_term", f.old_term},
                                 {"elected_ns", f.elected_ns ? Json(*f.elected_ns) : Json(nullptr)},
                                 {"new_leader", f.new_leader}, {"new_term", f.new_term},
                                 {"seconds", sec ? Json(*sec) : Json(nullptr)}});
        }
        s.json = {{"max_term", r.max_term_}, {"elections", r.leaders_.size()},
                  {"leaders", std::move(leaders)}, {"failovers", std::move(failovers)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> raft_figure_source() { return std::make_shared<RaftFigureSource>(); }

}  // namespace distlab::netlab
