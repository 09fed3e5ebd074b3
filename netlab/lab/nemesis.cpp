#include "netlab/lab/nemesis.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace distlab::netlab {

namespace {

bool contains(const std::vector<NodeId>& nodes, std::string_view node) {
    return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

// Every key of `pattern` present in `actual` with an equal value; objects compare recursively,
// so `{raft: {role: leader}}` matches a snapshot with more keys beside `role`.
bool matches(const Json& actual, const Json& pattern) {
    if (!pattern.is_object())
        return actual == pattern;
    if (!actual.is_object())
        return false;
    for (const auto& [key, value] : pattern.items()) {
        const auto it = actual.find(key);
        if (it == actual.end() || !matches(*it, value))
            return false;
    }
    return true;
}

Json pairs_json(const std::vector<std::pair<NodeId, NodeId>>& links) {
    Json out = Json::array();
    for (const auto& [from, to] : links)
        out.push_back(Json::array({from, to}));
    return out;
}

void add_unique(std::vector<std::pair<NodeId, NodeId>>& links, const NodeId& from, const NodeId& to) {
    const auto link = std::make_pair(from, to);
    if (std::find(links.begin(), links.end(), link) == links.end())
        links.push_back(link);
}

// Both directions of every pair of nodes that sit in different groups.
std::vector<std::pair<NodeId, NodeId>> cut_between(const std::vector<std::vector<NodeId>>& groups) {
    std::vector<std::pair<NodeId, NodeId>> links;
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (std::size_t h = 0; h < groups.size(); ++h)
            if (g != h)
                for (const NodeId& a : groups[g])
                    for (const NodeId& b : groups[h])
                        add_unique(links, a, b);
    return links;
}

}  // namespace

Nemesis::Nemesis(RunHost& host, const Scenario& scenario, const core::RoleRegistry& roles)
    : host_(host), scenario_(scenario), roles_(roles) {
    for (const NodeSpec& node : scenario_.nodes)
        if (const core::RoleDescriptor* info = roles_.find(node.role); info && info->client)
            clients_.insert(node.id);
}

Duration Nemesis::to_host(Duration role_time) const {
    const double scale = scenario_.time_scale > 0 ? scenario_.time_scale : 1.0;
    return Duration(static_cast<std::int64_t>(std::llround(static_cast<double>(role_time.count()) * scale)));
}

void Nemesis::arm() {
    for (const FaultSpec& fault : scenario_.faults) {
        host_.schedule(to_host(fault.at), [this, &fault] {
            std::optional<Duration> undo_at;
            if (fault.until)
                undo_at = to_host(*fault.until);
            apply(fault, undo_at, /*scheduled=*/true);
        });
    }
    auto previous = std::move(host_.telemetry().on_state);
    host_.telemetry().on_state = [this, previous = std::move(previous)](const NodeId& node) {
        if (previous)
            previous(node);
        on_condition(node);
    };
    auto previous_phase = std::move(host_.telemetry().on_phase);
    host_.telemetry().on_phase = [this, previous = std::move(previous_phase)](const NodeId& node,
                                                                             const std::string& phase) {
        if (previous)
            previous(node, phase);
        on_condition(node);
    };
    next_step_ = 0;
    advance_steps();
}

std::uint64_t Nemesis::inject(const FaultSpec& fault) {
    std::optional<Duration> undo_at;
    if (fault.until)
        undo_at = host_.now() + to_host(*fault.until);
    return apply(fault, undo_at, /*scheduled=*/false);
}

void Nemesis::heal(std::uint64_t id) {
    close(id);
}

void Nemesis::heal_all() {
    std::vector<std::uint64_t> ids;
    for (const auto& [id, active] : active_)
        if (active.spec.kind != FaultKind::Kill)
            ids.push_back(id);
    for (std::uint64_t id : ids)
        close(id);
    // Whatever else cut or slowed links (a partition made outside the nemesis) goes too.
    host_.network().heal_all();
    for (const NodeId& node : std::vector<NodeId>(paused_.begin(), paused_.end()))
        if (host_.is_alive(node))
            host_.resume(node);
    paused_.clear();
}

std::vector<NodeId> Nemesis::servers() const {
    std::vector<NodeId> out;
    for (const NodeSpec& node : scenario_.nodes)
        if (!clients_.contains(node.id))
            out.push_back(node.id);
    if (out.empty())
        return scenario_.node_ids();
    return out;
}

std::size_t Nemesis::pick(std::size_t n) {
    // Modulo rather than a std distribution: the same draw on every standard library.
    return static_cast<std::size_t>(host_.rng()() % n);
}

void Nemesis::shuffle(std::vector<NodeId>& nodes) {
    // Fisher-Yates with pick(), for the same reason.
    for (std::size_t i = nodes.size(); i > 1; --i)
        std::swap(nodes[i - 1], nodes[pick(i)]);
}

// Node selectors of node faults. `all` and `random` range over the system under test (nodes
// whose role is not a client) in the state the fault needs: kill and pause take running nodes,
// resume takes paused ones, restart prefers dead ones.
std::vector<NodeId> Nemesis::resolve(const NodeSelector& selector, FaultKind kind) {
    auto eligible = [&](const NodeId& node) {
        switch (kind) {
        case FaultKind::Kill:
        case FaultKind::Command:
            return host_.is_alive(node);
        case FaultKind::Pause:
            return host_.is_alive(node) && !paused_.contains(node);
        case FaultKind::Resume:
            return host_.is_alive(node);
        default:
            return true;
        }
    };
    std::vector<NodeId> candidates;
    if (kind == FaultKind::Resume) {
        for (const NodeSpec& node : scenario_.nodes)
            if (paused_.contains(node.id) && host_.is_alive(node.id))
                candidates.push_back(node.id);
    } else if (kind == FaultKind::Restart) {
        for (const NodeId& node : servers())
            if (!host_.is_alive(node))
                candidates.push_back(node);
        if (candidates.empty() && selector.kind == NodeSelector::Kind::Random)
            candidates = servers();
    } else {
        for (const NodeId& node : servers())
            if (eligible(node))
                candidates.push_back(node);
    }

    std::vector<NodeId> out;
    switch (selector.kind) {
    case NodeSelector::Kind::Ids:
        for (const NodeId& node : selector.ids)
            if (scenario_.find_node(node) && eligible(node) && !contains(out, node))
                out.push_back(node);
        break;
    case NodeSelector::Kind::Leader:
        if (const auto leader = this->leader(); leader && eligible(*leader))
            out.push_back(*leader);
        break;
    case NodeSelector::Kind::Random:
        if (!candidates.empty())
            out.push_back(candidates[pick(candidates.size())]);
        break;
    case NodeSelector::Kind::All:
        out = std::move(candidates);
        break;
    }
    return out;
}

// One side of a link target or a one-way partition: "*" is every node, clients included.
std::vector<NodeId> Nemesis::link_side(const NodeSelector& selector) {
    switch (selector.kind) {
    case NodeSelector::Kind::Ids: {
        std::vector<NodeId> out;
        for (const NodeId& node : selector.ids)
            if (scenario_.find_node(node) && !contains(out, node))
                out.push_back(node);
        return out;
    }
    case NodeSelector::Kind::Leader:
        if (const auto leader = this->leader())
            return {*leader};
        return {};
    case NodeSelector::Kind::Random: {
        const std::vector<NodeId> candidates = servers();
        return {candidates[pick(candidates.size())]};
    }
    case NodeSelector::Kind::All:
        return scenario_.node_ids();
    }
    return {};
}

std::vector<std::pair<NodeId, NodeId>> Nemesis::resolve_links(const LinkTarget& target, Json& info) {
    const std::vector<NodeId> from = link_side(target.from);
    const std::vector<NodeId> to = link_side(target.to);
    std::vector<std::pair<NodeId, NodeId>> links;
    NetworkModel& net = host_.network();
    for (const NodeId& a : from)
        for (const NodeId& b : to) {
            if (a == b)
                continue;
            if (net.has_link(a, b))
                add_unique(links, a, b);
            if (target.both_ways && net.has_link(b, a))
                add_unique(links, b, a);
        }
    info["links"] = pairs_json(links);
    return links;
}

std::vector<std::pair<NodeId, NodeId>> Nemesis::resolve_partition(const PartitionSpec& spec, Json& info) {
    switch (spec.kind) {
    case PartitionSpec::Kind::Groups: {
        // Nodes listed in no group form one more group, clients included.
        std::vector<std::vector<NodeId>> groups;
        std::vector<NodeId> listed;
        for (const auto& group : spec.groups) {
            std::vector<NodeId> g;
            for (const NodeId& node : group)
                if (scenario_.find_node(node) && !contains(listed, node)) {
                    g.push_back(node);
                    listed.push_back(node);
                }
            groups.push_back(std::move(g));
        }
        std::vector<NodeId> rest;
        for (const NodeSpec& node : scenario_.nodes)
            if (!contains(listed, node.id))
                rest.push_back(node.id);
        if (!rest.empty())
            groups.push_back(std::move(rest));
        info["sides"] = groups;
        return cut_between(groups);
    }
    case PartitionSpec::Kind::OneWay: {
        std::vector<std::pair<NodeId, NodeId>> links;
        for (const NodeId& a : link_side(spec.from))
            for (const NodeId& b : link_side(spec.to))
                if (a != b)
                    add_unique(links, a, b);
        info["links"] = pairs_json(links);
        return links;
    }
    case PartitionSpec::Kind::Grudge:
        break;
    }

    // Grudges cut only the system under test; clients keep talking to every node.
    std::vector<NodeId> nodes = servers();
    shuffle(nodes);
    const std::size_t n = nodes.size();
    const std::size_t majority = n / 2 + 1;
    if (spec.grudge == "majorities-ring") {
        // Jepsen's majorities-ring: on a shuffled ring, node i hears only the `majority` nodes
        // of the window starting majority/2 places before it. Windows differ, so every node
        // sees a majority and no two see the same one.
        std::vector<std::pair<NodeId, NodeId>> links;
        Json sees = Json::object();
        const std::size_t half = majority / 2;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<NodeId> window;
            for (std::size_t k = 0; k < majority; ++k)
                window.push_back(nodes[(i + n - half + k) % n]);
            for (const NodeId& other : nodes)
                if (!contains(window, other))
                    add_unique(links, other, nodes[i]);   // nodes[i] no longer hears `other`
            sees[nodes[i]] = window;
        }
        info["ring"] = nodes;
        info["sees"] = std::move(sees);
        return links;
    }

    std::vector<std::vector<NodeId>> groups;
    if (spec.grudge == "one") {
        const NodeId lone = nodes.front();
        groups = {{lone}, std::vector<NodeId>(nodes.begin() + 1, nodes.end())};
    } else {
        // majority: the current leader (if any) lands in the majority; minority: in the minority.
        const auto leader = this->leader();
        if (leader) {
            auto it = std::find(nodes.begin(), nodes.end(), *leader);
            if (it != nodes.end()) {
                const NodeId l = *it;
                nodes.erase(it);
                if (spec.grudge == "minority")
                    nodes.push_back(l);
                else
                    nodes.insert(nodes.begin(), l);
            }
        }
        groups = {std::vector<NodeId>(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(majority)),
                  std::vector<NodeId>(nodes.begin() + static_cast<std::ptrdiff_t>(majority), nodes.end())};
    }
    std::erase_if(groups, [](const auto& g) { return g.empty(); });
    info["sides"] = groups;
    return cut_between(groups);
}

void Nemesis::emit_fault(EventKind kind, const FaultSpec& fault, const Json& info) {
    Event e;
    e.t_ns = host_.now().count();
    e.kind = kind;
    e.type = std::string(to_string(fault.kind));
    if (const auto it = info.find("targets"); it != info.end() && it->size() == 1)
        e.node = it->front().get<std::string>();
    e.data = info.dump(-1, ' ', false, Json::error_handler_t::replace);
    host_.telemetry().emit(std::move(e));
}

std::uint64_t Nemesis::apply(const FaultSpec& fault, std::optional<Duration> undo_at, bool scheduled) {
    const std::uint64_t id = next_id_++;
    ++fired_;
    Active active{fault, fault.to_json(), {}, {}, false};
    if (!active.info.is_object())
        active.info = Json{{"fault", std::move(active.info)}};
    active.info["id"] = id;
    if (!scheduled)
        active.info["by"] = "hand";   // as holds say it: the report and the views mark it
    bool keep = false;   // stays in force until undone

    switch (fault.kind) {
    case FaultKind::Kill:
    case FaultKind::Restart:
    case FaultKind::Pause:
    case FaultKind::Resume:
    case FaultKind::ClockSkew: {
        active.nodes = resolve(fault.nodes, fault.kind);
        active.info["targets"] = active.nodes;
        // Kill, pause and skew stay in force until undone; a restart or resume only acts. One of
        // the former that hits no node (`leader` during an election, `random` with every server
        // down) changes the story the scenario tells, so the run says so where people and the
        // report look, and a scheduled one fails the run (kMissedFaultCheck, netlab/checks/check.h)
        // unless the scenario allows it (`may_miss`); a restart or resume with nothing to do is
        // normal.
        const bool lasting = fault.kind == FaultKind::Kill || fault.kind == FaultKind::Pause ||
                             fault.kind == FaultKind::ClockSkew;
        const bool missed = lasting && active.nodes.empty();
        const bool fails_run = missed && scheduled && !fault.may_miss;
        if (missed) {
            active.info["missed"] = true;
            if (fails_run)
                active.info["fails_run"] = true;
        }
        emit_fault(EventKind::FaultInjected, fault, active.info);
        if (missed) {
            const std::string kind(to_string(fault.kind));
            const std::string selector = fault.nodes.text();
            const bool leader = fault.nodes.kind == NodeSelector::Kind::Leader;
            core::Text text{kind + ": " + selector + " selected no node (" +
                                (leader ? "no node leads now" : "none is eligible now") + "); nothing was done",
                            kind + "：" + selector + " 没有选中任何节点（" +
                                (leader ? "此刻没有节点担任领导者" : "此刻没有符合条件的节点") + "），什么也没做"};
            if (fails_run)
                text += core::Text{"; the run fails, as the scenario does not allow it (may_miss: true would)",
                                   "；场景不允许这样，所以运行失败（写 may_miss: true 则允许）"};
            Event warning = lab_log(host_.now().count(), "lab", "warn", text);
            host_.telemetry().emit(std::move(warning));
        }
        for (const NodeId& node : active.nodes) {
            switch (fault.kind) {
            case FaultKind::Kill:
                paused_.erase(node);
                host_.kill(node);
                break;
            case FaultKind::Restart:
                paused_.erase(node);
                host_.restart(node);
                break;
            case FaultKind::Pause:
                paused_.insert(node);
                host_.pause(node);
                break;
            case FaultKind::Resume:
                paused_.erase(node);
                host_.resume(node);
                break;
            default:
                host_.set_clock_skew(node, fault.offset, fault.drift);
                break;
            }
        }
        if (fault.kind == FaultKind::Restart)
            forget_nodes(FaultKind::Kill, active.nodes);
        else if (fault.kind == FaultKind::Resume)
            forget_nodes(FaultKind::Pause, active.nodes);
        else if (fault.kind == FaultKind::Kill)
            forget_nodes(FaultKind::Pause, active.nodes);
        keep = lasting && !active.nodes.empty();
        break;
    }
    case FaultKind::Command: {
        active.nodes = resolve(fault.nodes, fault.kind);
        active.info["targets"] = active.nodes;
        emit_fault(EventKind::FaultInjected, fault, active.info);
        for (const NodeId& node : active.nodes)
            host_.send_command(node, fault.command, fault.body);
        break;
    }
    case FaultKind::Partition: {
        active.links = resolve_partition(fault.partition, active.info);
        active.info["cut"] = pairs_json(active.links);
        emit_fault(EventKind::FaultInjected, fault, active.info);
        for (const auto& [from, to] : active.links)
            host_.network().block(from, to);
        keep = true;
        break;
    }
    case FaultKind::Latency:
    case FaultKind::Loss:
    case FaultKind::Duplicate:
    case FaultKind::Reorder: {
        active.links = resolve_links(fault.link, active.info);
        emit_fault(EventKind::FaultInjected, fault, active.info);
        // Role time, as in the file: the network model scales link delays by time_scale.
        LinkDelta delta;
        if (fault.kind == FaultKind::Latency) {
            delta.add_latency = fault.add;
            delta.add_jitter = fault.jitter;
        } else if (fault.kind == FaultKind::Loss) {
            delta.loss = fault.rate;
        } else if (fault.kind == FaultKind::Duplicate) {
            delta.duplicate = fault.rate;
        } else {
            delta.reorder_window = fault.window;
        }
        host_.network().add_delta(id, active.links, delta);
        active.delta = true;
        keep = true;
        break;
    }
    case FaultKind::Heal: {
        const bool everything = fault.nodes.kind == NodeSelector::Kind::All;
        std::vector<NodeId> targets;
        if (!everything)
            targets = link_side(fault.nodes);
        active.info["targets"] = everything ? Json("all") : Json(targets);
        emit_fault(EventKind::FaultInjected, fault, active.info);
        if (everything) {
            heal_all();
        } else {
            // The faults in force that touch one of the named nodes (kills excepted).
            std::vector<std::uint64_t> ids;
            for (const auto& [other, a] : active_) {
                if (a.spec.kind == FaultKind::Kill)
                    continue;
                bool touches = std::any_of(a.nodes.begin(), a.nodes.end(),
                                           [&](const NodeId& n) { return contains(targets, n); });
                for (const auto& [from, to] : a.links)
                    touches = touches || contains(targets, from) || contains(targets, to);
                if (touches)
                    ids.push_back(other);
            }
            for (std::uint64_t other : ids)
                close(other);
        }
        break;
    }
    }

    if (!keep)
        return id;
    active_.emplace(id, std::move(active));
    if (undo_at)
        host_.schedule(std::max(*undo_at, host_.now()), [this, id] { close(id); });
    return id;
}

void Nemesis::undo(std::uint64_t id, const Active& active) {
    switch (active.spec.kind) {
    case FaultKind::Kill:
        for (const NodeId& node : active.nodes)
            host_.restart(node);
        break;
    case FaultKind::Pause:
        for (const NodeId& node : active.nodes) {
            paused_.erase(node);
            if (host_.is_alive(node))
                host_.resume(node);
        }
        break;
    case FaultKind::ClockSkew:
        for (const NodeId& node : active.nodes)
            host_.set_clock_skew(node, Duration{0}, 0.0);
        break;
    case FaultKind::Partition:
        for (const auto& [from, to] : active.links)
            host_.network().unblock(from, to);
        break;
    default:
        if (active.delta)
            host_.network().remove_delta(id);
        break;
    }
}

void Nemesis::close(std::uint64_t id) {
    auto it = active_.find(id);
    if (it == active_.end())
        return;
    Active active = std::move(it->second);
    active_.erase(it);
    emit_fault(EventKind::FaultHealed, active.spec, active.info);
    undo(id, active);
}

void Nemesis::forget_nodes(FaultKind kind, const std::vector<NodeId>& nodes) {
    std::vector<std::uint64_t> done;
    for (auto& [id, active] : active_) {
        if (active.spec.kind != kind)
            continue;
        std::erase_if(active.nodes, [&](const NodeId& n) { return contains(nodes, n); });
        if (active.nodes.empty())
            done.push_back(id);
    }
    for (std::uint64_t id : done) {
        // Undone by the host already (restarted or resumed): only the record closes.
        auto it = active_.find(id);
        emit_fault(EventKind::FaultHealed, it->second.spec, it->second.info);
        active_.erase(it);
    }
}

// Narrative. Steps form a sequence: step i becomes eligible when step i - 1 has fired and its
// own `at` (if any) has come; a `when` step then fires at the first state (already reported or
// arriving later) that matches.
void Nemesis::advance_steps() {
    waiting_state_ = false;
    if (next_step_ >= scenario_.steps.size())
        return;
    const StepSpec& step = scenario_.steps[next_step_];
    if (step.at && to_host(*step.at) > host_.now()) {
        const std::size_t index = next_step_;
        host_.schedule(to_host(*step.at), [this, index] {
            if (next_step_ == index && !waiting_state_)
                step_due(index);
        });
        return;
    }
    step_due(next_step_);
}

void Nemesis::step_due(std::size_t index) {
    const StepSpec& step = scenario_.steps[index];
    if (!step.when) {
        fire_step(index);
        return;
    }
    waiting_state_ = true;
    for (const NodeSpec& node : scenario_.nodes) {
        if (step_matches(step, node.id)) {
            fire_step(index);
            return;
        }
    }
}

void Nemesis::fire_step(std::size_t index) {
    const StepSpec& step = scenario_.steps[index];
    Event e;
    e.t_ns = host_.now().count();
    e.kind = EventKind::Step;
    e.data = Json{{"en", step.say.en}, {"zh", step.say.zh}, {"pause", step.pause}}.dump(
        -1, ' ', false, Json::error_handler_t::replace);
    host_.telemetry().emit(std::move(e));
    next_step_ = index + 1;
    waiting_state_ = false;
    if (on_step)
        on_step(step);
    advance_steps();
}

void Nemesis::on_condition(const NodeId& node) {
    if (!waiting_state_ || next_step_ >= scenario_.steps.size())
        return;
    if (step_matches(scenario_.steps[next_step_], node))
        fire_step(next_step_);
}

bool Nemesis::step_matches(const StepSpec& step, const NodeId& node) const {
    if (!step.when)
        return false;
    if (step.when->node && *step.when->node != "any" && *step.when->node != node)
        return false;
    if (!step.when->phase.empty() && host_.telemetry().phase_of(node) != step.when->phase)
        return false;
    if (step.when->state.empty())
        return true;
    const Json* state = host_.telemetry().latest_state(node);
    return state && matches(*state, step.when->state);
}

std::optional<NodeId> Nemesis::leader() const {
    // The node in its role's leader phase; among several (an old leader not yet told), the one
    // whose epoch is highest, and one with an epoch over one without.
    std::optional<NodeId> best;
    std::optional<double> best_epoch;
    for (const NodeSpec& node : scenario_.nodes) {
        const core::RoleDescriptor* role = roles_.find(node.role);
        if (!role || role->leader_phase.empty() || host_.telemetry().phase_of(node.id) != role->leader_phase)
            continue;
        std::optional<double> epoch;
        if (const Json* state = host_.telemetry().latest_state(node.id); state && role->epoch) {
            if (auto it = state->find(role->epoch->field); it != state->end() && it->is_number())
                epoch = it->get<double>();
        }
        if (!best || (epoch && (!best_epoch || *epoch > *best_epoch))) {
            best = node.id;
            best_epoch = epoch;
        }
    }
    return best;
}

}  // namespace distlab::netlab
