#include "netlab/scenario/scenario.h"

#include <algorithm>
#include <array>

namespace distlab::netlab {

LinkParams LinkOverrides::apply_to(LinkParams base) const {
    if (latency)
        base.latency = *latency;
    if (jitter)
        base.jitter = *jitter;
    if (loss)
        base.loss = *loss;
    if (duplicate)
        base.duplicate = *duplicate;
    if (reorder_window)
        base.reorder_window = *reorder_window;
    if (bandwidth_bytes_per_s)
        base.bandwidth_bytes_per_s = *bandwidth_bytes_per_s;
    return base;
}

namespace {

using namespace std::chrono_literals;

struct Preset {
    std::string_view name;
    LinkParams params;
};

// ideal: no delay. lan: about 1 ms. wan: 50 ms +- 10 ms, Jepsen's netem default.
// teaching: 20 ms, meant for time_scale around 50 (The Secret Lives of Data's pace).
const Preset kPresets[] = {
    {"ideal", LinkParams{}},
    {"lan", LinkParams{.latency = 1ms, .jitter = 500us}},
    {"wan", LinkParams{.latency = 50ms, .jitter = 10ms}},
    {"teaching", LinkParams{.latency = 20ms}},
};

}  // namespace

std::optional<LinkParams> network_preset(std::string_view name) {
    for (const auto& preset : kPresets)
        if (preset.name == name)
            return preset.params;
    return std::nullopt;
}

std::vector<std::string> network_preset_names() {
    std::vector<std::string> names;
    for (const auto& preset : kPresets)
        names.emplace_back(preset.name);
    return names;
}

std::string NodeSelector::text() const {
    switch (kind) {
        case Kind::Leader: return "leader";
        case Kind::Random: return "random";
        case Kind::All: return "all";
        case Kind::Ids: break;
    }
    if (ids.size() == 1)
        return ids.front();
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + ids[i];
    return out + "]";
}

Text fault_kind_text(std::string_view kind) {
    static constexpr std::array<std::array<std::string_view, 3>, 13> kNames{{
        {"kill", "kill", "杀死进程"},
        {"restart", "restart", "重启"},
        {"pause", "pause", "暂停"},
        {"resume", "resume", "继续运行"},
        {"partition", "partition", "网络分区"},
        {"heal", "heal", "恢复"},
        {"latency", "latency", "延迟"},
        {"loss", "loss", "丢包"},
        {"duplicate", "duplicate", "重复"},
        {"reorder", "reorder", "乱序"},
        {"clock_skew", "clock skew", "时钟偏移"},
        {"command", "command", "命令"},
        {"hold", "hold", "扣留消息"},
    }};
    for (const auto& [name, en, zh] : kNames)
        if (name == kind)
            return {std::string(en), std::string(zh)};
    return {std::string(kind), {}};
}

std::string_view to_string(FaultKind kind) {
    switch (kind) {
        case FaultKind::Kill: return "kill";
        case FaultKind::Restart: return "restart";
        case FaultKind::Pause: return "pause";
        case FaultKind::Resume: return "resume";
        case FaultKind::Partition: return "partition";
        case FaultKind::Heal: return "heal";
        case FaultKind::Latency: return "latency";
        case FaultKind::Loss: return "loss";
        case FaultKind::Duplicate: return "duplicate";
        case FaultKind::Reorder: return "reorder";
        case FaultKind::ClockSkew: return "clock_skew";
        case FaultKind::Command: return "command";
    }
    return "kill";
}

namespace {

// "*" reads better than "all" on a link end.
std::string link_end_text(const NodeSelector& selector) {
    return selector.kind == NodeSelector::Kind::All ? "*" : selector.text();
}

std::string signed_duration(Duration d) {
    return d < Duration::zero() ? "-" + core::format_duration(-d) : core::format_duration(d);
}

}  // namespace

Json FaultSpec::to_json() const {
    Json out = Json::object();
    out["kind"] = std::string(to_string(kind));
    out["at"] = core::format_duration(at);
    out["at_ns"] = at.count();
    if (may_miss)
        out["may_miss"] = true;
    if (until) {
        out["until"] = core::format_duration(*until);
        out["until_ns"] = until->count();
    }
    switch (kind) {
        case FaultKind::Kill:
        case FaultKind::Restart:
        case FaultKind::Pause:
        case FaultKind::Resume:
        case FaultKind::Heal:
            out["nodes"] = nodes.text();
            break;
        case FaultKind::Partition:
            switch (partition.kind) {
                case PartitionSpec::Kind::Groups:
                    out["groups"] = partition.groups;
                    break;
                case PartitionSpec::Kind::OneWay:
                    out["from"] = partition.from.text();
                    out["to"] = partition.to.text();
                    break;
                case PartitionSpec::Kind::Grudge:
                    out["grudge"] = partition.grudge;
                    break;
            }
            break;
        case FaultKind::Latency:
        case FaultKind::Loss:
        case FaultKind::Duplicate:
        case FaultKind::Reorder:
            out["from"] = link_end_text(link.from);
            out["to"] = link_end_text(link.to);
            out["both_ways"] = link.both_ways;
            if (kind == FaultKind::Latency) {
                out["add"] = core::format_duration(add);
                out["jitter"] = core::format_duration(jitter);
            } else if (kind == FaultKind::Reorder) {
                out["window"] = core::format_duration(window);
            } else {
                out["rate"] = rate;
            }
            break;
        case FaultKind::ClockSkew:
            out["nodes"] = nodes.text();
            out["offset"] = signed_duration(offset);
            out["drift"] = drift;
            break;
        case FaultKind::Command:
            out["nodes"] = nodes.text();
            out["type"] = command;
            out["body"] = body;
            break;
    }
    return out;
}

std::map<std::string, std::string, std::less<>> Scenario::node_roles() const {
    std::map<std::string, std::string, std::less<>> out;
    for (const NodeSpec& node : nodes)
        out.emplace(node.id, node.role);
    return out;
}

const NodeSpec* Scenario::find_node(std::string_view id) const {
    auto it = std::find_if(nodes.begin(), nodes.end(), [&](const NodeSpec& n) { return n.id == id; });
    return it == nodes.end() ? nullptr : &*it;
}

std::vector<NodeId> Scenario::node_ids() const {
    std::vector<NodeId> ids;
    ids.reserve(nodes.size());
    for (const auto& node : nodes)
        ids.push_back(node.id);
    return ids;
}

std::string Diagnostic::str(std::string_view lang) const {
    const bool chinese = core::is_chinese(lang);
    const std::string what = (chinese ? "错误：" : "error: ") + Text{message, zh}.in(lang);
    if (line <= 0)
        return file + ": " + what;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what;
}

}  // namespace distlab::netlab
