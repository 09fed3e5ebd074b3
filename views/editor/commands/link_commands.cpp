#include "views/editor/commands/link_commands.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace distlab::views {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("EditorCommands", text);
}

constexpr double kMaxDelayMs = 3'600'000;   // an hour: longer than any run

// The written links, with `links: full` spelt out as every pair.
void materialize(LabDocument& document, LabTopology& topology) {
    if (!topology.fullMesh)
        return;
    topology.links = document.effectiveLinks();
    topology.fullMesh = false;
}

// The written link that carries from -> to (a two-way link either way round).
std::vector<netlab::LinkSpec>::iterator findLink(LabTopology& topology, const std::string& from, const std::string& to) {
    auto exact = std::find_if(topology.links.begin(), topology.links.end(),
                              [&](const auto& l) { return l.from == from && l.to == to; });
    if (exact != topology.links.end())
        return exact;
    return std::find_if(topology.links.begin(), topology.links.end(),
                        [&](const auto& l) { return l.both_ways && l.from == to && l.to == from; });
}

core::Duration milliseconds(double ms) {
    return std::chrono::duration_cast<core::Duration>(std::chrono::duration<double, std::milli>(ms));
}

}  // namespace

QString linkPropertyName(LinkProperty property) {
    switch (property) {
        case LinkProperty::Latency: return tr("latency");
        case LinkProperty::Jitter: return tr("jitter");
        case LinkProperty::Loss: return tr("loss");
        case LinkProperty::Duplicate: return tr("duplication");
        case LinkProperty::Reorder: return tr("reordering");
        case LinkProperty::Bandwidth: return tr("bandwidth");
    }
    return {};
}

CreatedCommand AddLinkCommand::create(LabDocument& document, const QString& from, const QString& to) {
    if (!document.node(from) || !document.node(to))
        return std::unexpected(tr("A link joins two existing nodes."));
    if (from == to)
        return std::unexpected(tr("A node cannot be linked to itself."));
    if (document.scenario().full_mesh)
        return std::unexpected(tr("Every node is linked to every other already (links: full)."));
    if (document.link(from, to) || document.link(to, from))
        return std::unexpected(tr("%1 and %2 are linked already.").arg(from, to));
    LabTopology after = document.topology();
    netlab::LinkSpec link;
    link.from = from.toStdString();
    link.to = to.toStdString();
    after.links.push_back(std::move(link));
    return std::unique_ptr<TopologyCommand>(new AddLinkCommand(&document, std::move(after), tr("Link %1 and %2").arg(from, to)));
}

CreatedCommand RemoveLinkCommand::create(LabDocument& document, const QString& from, const QString& to) {
    if (!document.link(from, to))
        return std::unexpected(tr("There is no link from %1 to %2.").arg(from, to));
    LabTopology after = document.topology();
    materialize(document, after);
    after.links.erase(findLink(after, from.toStdString(), to.toStdString()));
    return std::unique_ptr<TopologyCommand>(
        new RemoveLinkCommand(&document, std::move(after), tr("Remove link %1 - %2").arg(from, to)));
}

CreatedCommand SetLinkPropertyCommand::create(LabDocument& document, const QString& from, const QString& to,
                                              LinkProperty property, std::optional<double> value) {
    if (!document.link(from, to))
        return std::unexpected(tr("There is no link from %1 to %2.").arg(from, to));
    const QString name = linkPropertyName(property);
    if (value && !std::isfinite(*value))
        return std::unexpected(tr("%1 must be a number.").arg(name));
    switch (property) {
        case LinkProperty::Latency:
        case LinkProperty::Jitter:
        case LinkProperty::Reorder:
            if (value && *value < 0)
                return std::unexpected(tr("%1 must not be negative.").arg(name));
            if (value && *value > kMaxDelayMs)
                return std::unexpected(tr("%1 must be between 0 ms and 1 hour.").arg(name));
            break;
        case LinkProperty::Loss:
        case LinkProperty::Duplicate:
            if (value && (*value < 0 || *value > 1))
                return std::unexpected(tr("%1 is a probability: between 0 % and 100 %.").arg(name));
            break;
        case LinkProperty::Bandwidth:
            if (value && (*value < 0 || *value > 1e15 || std::floor(*value) != *value))
                return std::unexpected(tr("%1 is a whole number of bytes per second (0: unlimited).").arg(name));
            break;
    }
    LabTopology after = document.topology();
    materialize(document, after);
    netlab::LinkOverrides& o = findLink(after, from.toStdString(), to.toStdString())->overrides;
    const netlab::LinkOverrides old = o;
    switch (property) {
        case LinkProperty::Latency: o.latency = value ? std::optional(milliseconds(*value)) : std::nullopt; break;
        case LinkProperty::Jitter: o.jitter = value ? std::optional(milliseconds(*value)) : std::nullopt; break;
        case LinkProperty::Reorder: o.reorder_window = value ? std::optional(milliseconds(*value)) : std::nullopt; break;
        case LinkProperty::Loss: o.loss = value; break;
        case LinkProperty::Duplicate: o.duplicate = value; break;
        case LinkProperty::Bandwidth:
            o.bandwidth_bytes_per_s = value ? std::optional(std::uint64_t(*value)) : std::nullopt;
            break;
    }
    if (o.latency == old.latency && o.jitter == old.jitter && o.reorder_window == old.reorder_window &&
        o.loss == old.loss && o.duplicate == old.duplicate && o.bandwidth_bytes_per_s == old.bandwidth_bytes_per_s)
        return nullptr;
    return std::unique_ptr<TopologyCommand>(new SetLinkPropertyCommand(
        &document, std::move(after), tr("Set %1 of %2 - %3").arg(name, from, to)));
}

}  // namespace distlab::views
