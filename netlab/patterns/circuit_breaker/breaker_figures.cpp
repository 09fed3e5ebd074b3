#include "netlab/patterns/circuit_breaker/breaker_figures.h"

#include <map>

namespace distlab::netlab {

namespace {

using core::Json;

constexpr std::string_view kRole = "breaker-client";
// The state a switched-off breaker reports: it never moves, and gives no section.
constexpr std::string_view kDisabled = "disabled";

struct Transition {
    std::int64_t t_ns = 0;
    std::string node;
    std::string from;
    std::string to;
};

// A state as the role's descriptor labels it (its phases are its states).
TableCell state_cell(const core::RoleDescriptor& role, const std::string& state) {
    if (const core::PhaseSpec* p = role.find_phase(state))
        return {p->en, p->zh};
    return {state};
}

class BreakerFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "breaker"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role(kRole) != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        std::map<std::string, std::string, std::less<>> states;
        std::vector<Transition> transitions;
        for (const Event& e : run.events) {
            if (e.kind != EventKind::State)
                continue;
            const core::RoleDescriptor* role = run.catalog.role_of_node(e.node);
            if (!role || role->name != kRole)
                continue;
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                continue;
            const auto state = s.find("state");
            if (state == s.end() || !state->is_string() || state->get<std::string>() == kDisabled)
                continue;
            const std::string now = state->get<std::string>();
            auto [it, first] = states.try_emplace(e.node, now);
            if (!first && it->second != now) {
                transitions.push_back({e.t_ns, e.node, it->second, now});
                it->second = now;
            }
        }
        if (states.empty())
            return std::nullopt;

        FigureSection s;
        s.title = {"Circuit breaker", "熔断器"};
        s.notes.push_back(Text{std::to_string(transitions.size()) + " state transitions.",
                               std::to_string(transitions.size()) + " 次状态转换。"});
        const core::RoleDescriptor& role = *run.catalog.role(kRole);
        if (!transitions.empty()) {
            FigureTable t{{{"time", "时间"}, {"client", "客户端"}, {"from", "从"}, {"to", "到"}}, {true, false, false, false}, {}};
            for (const Transition& tr : transitions)
                t.rows.push_back({run_time_text(tr.t_ns), tr.node, state_cell(role, tr.from), state_cell(role, tr.to)});
            s.tables.push_back(std::move(t));
        }
        std::size_t opened = 0;
        Json list = Json::array();
        for (const Transition& tr : transitions) {
            opened += tr.to == "open";
            list.push_back({{"t_ns", tr.t_ns}, {"node", tr.node}, {"from", tr.from}, {"to", tr.to}});
        }
        s.figures = {{"breaker.transitions", {}, "state transitions", "", Better::Neither,
                      static_cast<double>(transitions.size()), "状态转换"},
                     {"breaker.opened", {}, "times opened", "", Better::Neither, static_cast<double>(opened), "断开次数"}};
        s.charts = {{"Circuit breaker", "count", {{"breaker.opened", "times opened", "打开次数"}, {"breaker.transitions", "transitions", "状态转换"}}, "熔断器", "次数"}};
        s.json = {{"transitions", std::move(list)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> breaker_figure_source() { return std::make_shared<BreakerFigureSource>(); }

}  // namespace distlab::netlab
