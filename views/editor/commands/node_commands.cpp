#include "views/editor/commands/node_commands.h"
#include "views/common/engine_text.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/model/role_registry.h"
#include "views/common/units.h"

namespace distlab::views {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("EditorCommands", text);
}

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

constexpr std::string_view kReservedIds[] = {"all", "any", "lab", "leader", "random"};

// Why `id` cannot name a new node in `topology` (empty: it can).
QString idProblem(const LabTopology& topology, const std::string& id) {
    if (!core::is_valid_node_id(id))
        return tr("\"%1\" is not a valid node id: a lowercase letter, then letters, digits, '_' or '-'.")
            .arg(fromStd(id));
    if (std::find(std::begin(kReservedIds), std::end(kReservedIds), id) != std::end(kReservedIds))
        return tr("\"%1\" is reserved (all, any, lab, leader, random select nodes); choose another id.").arg(fromStd(id));
    for (const auto& node : topology.nodes)
        if (node.id == id)
            return tr("There is already a node \"%1\".").arg(fromStd(id));
    return {};
}

std::vector<netlab::NodeSpec>::iterator findNode(LabTopology& topology, const std::string& id) {
    return std::find_if(topology.nodes.begin(), topology.nodes.end(), [&](const auto& n) { return n.id == id; });
}

bool namesNode(const netlab::NodeSelector& selector, const std::string& id) {
    return selector.kind == netlab::NodeSelector::Kind::Ids &&
           std::find(selector.ids.begin(), selector.ids.end(), id) != selector.ids.end();
}

bool jsonNames(const core::Json& value, const std::string& id) {
    if (value.is_string())
        return value.get_ref<const std::string&>() == id;
    if (value.is_structured())
        for (const auto& item : value)
            if (jsonNames(item, id))
                return true;
    return false;
}

// Applies `change` to every node-valued parameter (Node, NodeList) of every node; `change` gets
// the id and returns the new id, or nullopt to drop it from a list.
template <class Change>
void rewriteNodeParameters(LabTopology& topology, Change change) {
    for (auto& node : topology.nodes) {
        const core::RoleDescriptor* role = LabDocument::roleInfo(node.role);
        if (!role || !node.params.is_object())
            continue;
        for (const auto& spec : role->params) {
            auto it = node.params.find(spec.name);
            if (it == node.params.end())
                continue;
            if (spec.type == core::ParamType::Node && it->is_string()) {
                if (auto next = change(it->get<std::string>()))
                    *it = *next;
            } else if (spec.type == core::ParamType::NodeList && it->is_array()) {
                core::Json list = core::Json::array();
                for (const auto& item : *it) {
                    if (!item.is_string()) {
                        list.push_back(item);
                    } else if (auto next = change(item.get<std::string>())) {
                        list.push_back(*next);
                    }
                }
                *it = std::move(list);
            }
        }
    }
}

}  // namespace

void resolveParameters(LabTopology& topology) {
    std::vector<core::NodeId> ids;
    for (const auto& node : topology.nodes)
        ids.push_back(node.id);
    for (auto& node : topology.nodes) {
        node.resolved = core::Params{};
        if (const core::RoleDescriptor* role = LabDocument::roleInfo(node.role))
            if (auto params = core::resolve_params(role->params, node.params, &ids))
                node.resolved = std::move(*params);
    }
}

QString nodeReferences(const netlab::Scenario& scenario, const std::string& id) {
    for (const auto& fault : scenario.faults) {
        bool names = namesNode(fault.nodes, id) || namesNode(fault.partition.from, id) ||
                     namesNode(fault.partition.to, id) || namesNode(fault.link.from, id) ||
                     namesNode(fault.link.to, id);
        for (const auto& group : fault.partition.groups)
            names = names || std::find(group.begin(), group.end(), id) != group.end();
        if (names)
            return tr("The fault at %1 (%2) names \"%3\"; change or remove the fault in the lab settings first.")
                .arg(durationText(fault.at), fromStd(std::string(netlab::to_string(fault.kind))),
                     fromStd(id));
    }
    for (const auto& step : scenario.steps)
        if (step.when && step.when->node == id)
            return tr("A narrative step waits for \"%1\"; change or remove the step in the lab settings first.").arg(fromStd(id));
    for (const auto& check : scenario.checks)
        if (jsonNames(check.args, id))
            return tr("The check \"%1\" names \"%2\"; change or remove the check in the lab settings first.")
                .arg(fromStd(check.name), fromStd(id));
    return {};
}

// --- AddNodeCommand ----------------------------------------------------------------------------

AddNodeCommand::AddNodeCommand(LabDocument* document, LabTopology after, const QString& id)
    : TopologyCommand(document, std::move(after), tr("Add node %1").arg(id)), m_id(id) {}

CreatedCommand AddNodeCommand::create(LabDocument& document, const QString& role, QPointF at, const QString& id) {
    const core::RoleDescriptor* info = LabDocument::roleInfo(role.toStdString());
    if (!info)
        return std::unexpected(tr("There is no role \"%1\".").arg(role));
    LabTopology after = document.topology();
    const QString nodeId = id.isEmpty() ? document.freeNodeId(info->client ? QStringLiteral("c") : QStringLiteral("n")) : id;
    if (QString problem = idProblem(after, nodeId.toStdString()); !problem.isEmpty())
        return std::unexpected(problem);
    netlab::NodeSpec node;
    node.id = nodeId.toStdString();
    node.role = info->name;
    node.at = std::array<double, 2>{std::round(at.x()), std::round(at.y())};
    after.nodes.push_back(std::move(node));
    resolveParameters(after);
    return std::unique_ptr<TopologyCommand>(new AddNodeCommand(&document, std::move(after), nodeId));
}

// --- RemoveNodesCommand ------------------------------------------------------------------------

CreatedCommand RemoveNodesCommand::create(LabDocument& document, const QStringList& ids) {
    if (ids.isEmpty())
        return nullptr;
    std::set<std::string> gone;
    for (const QString& id : ids) {
        if (!document.node(id))
            return std::unexpected(tr("There is no node \"%1\".").arg(id));
        if (QString problem = nodeReferences(document.scenario(), id.toStdString()); !problem.isEmpty())
            return std::unexpected(problem);
        gone.insert(id.toStdString());
    }
    LabTopology after = document.topology();
    std::erase_if(after.nodes, [&](const auto& n) { return gone.contains(n.id); });
    std::erase_if(after.links, [&](const auto& l) { return gone.contains(l.from) || gone.contains(l.to); });
    rewriteNodeParameters(after, [&](const std::string& node) -> std::optional<std::string> {
        if (gone.contains(node))
            return std::nullopt;
        return node;
    });
    resolveParameters(after);
    const QString text = ids.size() == 1 ? tr("Remove node %1").arg(ids.front())
                                         : tr("Remove %1 nodes").arg(ids.size());
    return std::unique_ptr<TopologyCommand>(new RemoveNodesCommand(&document, std::move(after), text));
}

// --- MoveNodesCommand --------------------------------------------------------------------------

MoveNodesCommand::MoveNodesCommand(LabDocument* document, LabTopology after, const QString& text, QStringList nodes,
                                   int gesture)
    : TopologyCommand(document, std::move(after), text), m_nodes(std::move(nodes)), m_gesture(gesture) {}

CreatedCommand MoveNodesCommand::create(LabDocument& document, const std::vector<std::pair<QString, QPointF>>& to,
                                        int gesture) {
    LabTopology after = document.topology();
    QStringList nodes;
    bool moved = false;
    for (const auto& [id, point] : to) {
        auto it = findNode(after, id.toStdString());
        if (it == after.nodes.end())
            return std::unexpected(tr("There is no node \"%1\".").arg(id));
        const std::array<double, 2> at{std::round(point.x()), std::round(point.y())};
        moved = moved || it->at != at;
        it->at = at;
        nodes << id;
    }
    if (!moved)
        return nullptr;
    nodes.sort();
    const QString text = nodes.size() == 1 ? tr("Move node %1").arg(nodes.front()) : tr("Move %1 nodes").arg(nodes.size());
    return std::unique_ptr<TopologyCommand>(new MoveNodesCommand(&document, std::move(after), text, nodes, gesture));
}

bool MoveNodesCommand::mergeWith(const QUndoCommand* other) {
    const auto* move = static_cast<const MoveNodesCommand*>(other);   // same id(): same class
    if (m_gesture == 0 || move->m_gesture != m_gesture || move->m_nodes != m_nodes)
        return false;
    m_after = move->m_after;
    return true;
}

// --- RenameNodeCommand -------------------------------------------------------------------------

RenameNodeCommand::RenameNodeCommand(LabDocument* document, LabTopology after, const QString& from, const QString& to)
    : TopologyCommand(document, std::move(after), tr("Rename %1 to %2").arg(from, to)) {
    m_renamedFrom = from;
    m_renamedTo = to;
}

CreatedCommand RenameNodeCommand::create(LabDocument& document, const QString& from, const QString& to) {
    if (!document.node(from))
        return std::unexpected(tr("There is no node \"%1\".").arg(from));
    if (from == to)
        return nullptr;
    LabTopology after = document.topology();
    const std::string oldId = from.toStdString();
    const std::string newId = to.toStdString();
    if (QString problem = idProblem(after, newId); !problem.isEmpty())
        return std::unexpected(problem);
    if (QString problem = nodeReferences(document.scenario(), oldId); !problem.isEmpty())
        return std::unexpected(problem);
    findNode(after, oldId)->id = newId;
    for (auto& link : after.links) {
        if (link.from == oldId)
            link.from = newId;
        if (link.to == oldId)
            link.to = newId;
    }
    rewriteNodeParameters(after, [&](const std::string& node) -> std::optional<std::string> {
        return node == oldId ? newId : node;
    });
    resolveParameters(after);
    return std::unique_ptr<TopologyCommand>(new RenameNodeCommand(&document, std::move(after), from, to));
}

// --- SetParameterCommand -----------------------------------------------------------------------

CreatedCommand SetParameterCommand::create(LabDocument& document, const QString& node, const QString& name,
                                           const core::Json& value) {
    const netlab::NodeSpec* spec = document.node(node);
    if (!spec)
        return std::unexpected(tr("There is no node \"%1\".").arg(node));
    const core::RoleDescriptor* role = LabDocument::roleInfo(spec->role);
    if (!role)
        return std::unexpected(tr("The role \"%1\" is unknown.").arg(fromStd(spec->role)));
    const std::string key = name.toStdString();
    if (std::none_of(role->params.begin(), role->params.end(), [&](const auto& p) { return p.name == key; }))
        return std::unexpected(tr("The role %1 has no parameter \"%2\".").arg(fromStd(spec->role), name));

    LabTopology after = document.topology();
    auto it = findNode(after, spec->id);
    core::Json params = it->params.is_object() ? it->params : core::Json::object();
    if (value.is_null())
        params.erase(key);
    else
        params[key] = value;
    if (params == it->params)
        return nullptr;
    std::vector<core::NodeId> ids;
    for (const auto& n : after.nodes)
        ids.push_back(n.id);
    if (auto resolved = core::resolve_params(role->params, params, &ids); !resolved) {
        for (const auto& problem : resolved.error())
            if (problem.key == key)
                return std::unexpected(QStringLiteral("%1: %2").arg(name, uiText(problem.text())));
    }
    it->params = std::move(params);
    resolveParameters(after);
    const QString text = value.is_null() ? tr("Reset %1 of %2").arg(name, node) : tr("Set %1 of %2").arg(name, node);
    return std::unique_ptr<TopologyCommand>(new SetParameterCommand(&document, std::move(after), text));
}

}  // namespace distlab::views
