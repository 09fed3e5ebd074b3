#include "views/editor/lab_document.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "core/model/role_registry.h"
#include "netlab/api/scenario_files.h"
#include "views/editor/commands/link_commands.h"
#include "views/editor/commands/node_commands.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString diagnostics(const std::vector<netlab::Diagnostic>& list) {
    QStringList lines;
    for (const auto& diagnostic : list)
        lines << fromStd(diagnostic.str());
    return lines.join(QLatin1Char('\n'));
}

bool sameOverrides(const netlab::LinkOverrides& a, const netlab::LinkOverrides& b) {
    return a.latency == b.latency && a.jitter == b.jitter && a.loss == b.loss && a.duplicate == b.duplicate &&
           a.reorder_window == b.reorder_window && a.bandwidth_bytes_per_s == b.bandwidth_bytes_per_s;
}

// The canvas positions as a file keeps them: moved together so the topmost and leftmost nodes
// sit at 0 (dragging nodes above or left of the first one makes negative offsets
// that mean nothing to a reader). The drawing is the same: only its origin moves.
netlab::Scenario withPositionsFromOrigin(netlab::Scenario scenario) {
    double minX = 0;
    double minY = 0;
    for (const auto& node : scenario.nodes)
        if (node.at) {
            minX = std::min(minX, (*node.at)[0]);
            minY = std::min(minY, (*node.at)[1]);
        }
    for (auto& node : scenario.nodes)
        if (node.at)
            node.at = std::array<double, 2>{(*node.at)[0] - minX, (*node.at)[1] - minY};
    return scenario;
}

bool sameNode(const netlab::NodeSpec& a, const netlab::NodeSpec& b) {
    return a.role == b.role && a.params == b.params && a.at == b.at;
}

std::vector<netlab::LinkSpec> linksOf(const std::vector<netlab::NodeSpec>& nodes, bool fullMesh,
                                      const std::vector<netlab::LinkSpec>& explicitLinks) {
    if (!fullMesh)
        return explicitLinks;
    std::vector<netlab::LinkSpec> links;
    links.reserve(nodes.size() * (nodes.size() - std::min<std::size_t>(nodes.size(), 1)) / 2);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (std::size_t j = i + 1; j < nodes.size(); ++j) {
            netlab::LinkSpec link;
            link.from = nodes[i].id;
            link.to = nodes[j].id;
            links.push_back(std::move(link));
        }
    return links;
}

std::vector<netlab::LinkSpec> linksOf(const LabTopology& topology) {
    return linksOf(topology.nodes, topology.fullMesh, topology.links);
}

}  // namespace

LabDocument::LabDocument(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {
    connect(m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT dirtyChanged(!clean); });
    newLab();
}

LabDocument::~LabDocument() = default;

bool LabDocument::isDirty() const {
    return !m_undo->isClean();
}

const core::RoleDescriptor* LabDocument::roleInfo(const std::string& role) {
    return core::RoleRegistry::builtin().find(role);
}

QStringList LabDocument::nodeIds() const {
    QStringList ids;
    for (const auto& node : m_scenario.nodes)
        ids << fromStd(node.id);
    return ids;
}

const netlab::NodeSpec* LabDocument::node(const QString& id) const {
    return m_scenario.find_node(id.toStdString());
}

QPointF LabDocument::position(const QString& id) const {
    const netlab::NodeSpec* spec = node(id);
    return spec && spec->at ? QPointF((*spec->at)[0], (*spec->at)[1]) : QPointF();
}

std::vector<netlab::LinkSpec> LabDocument::effectiveLinks() const {
    return linksOf(m_scenario.nodes, m_scenario.full_mesh, m_scenario.links);
}

std::optional<netlab::LinkSpec> LabDocument::link(const QString& from, const QString& to) const {
    const std::string a = from.toStdString();
    const std::string b = to.toStdString();
    if (m_scenario.full_mesh) {
        // The mesh joins every pair once, both ways, listed in declaration order: no need to
        // build it (a 100-node mesh has 4,950 links, asked about one by one while drawing).
        const auto& nodes = m_scenario.nodes;
        const auto ia = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.id == a; });
        const auto ib = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.id == b; });
        if (ia == nodes.end() || ib == nodes.end() || ia == ib)
            return std::nullopt;
        netlab::LinkSpec link;
        link.from = ia < ib ? a : b;
        link.to = ia < ib ? b : a;
        return link;
    }
    for (const auto& l : m_scenario.links)
        if ((l.from == a && l.to == b) || (l.both_ways && l.from == b && l.to == a))
            return l;
    return std::nullopt;
}

QString LabDocument::freeNodeId(const QString& prefix) const {
    for (int i = 1;; ++i) {
        const QString id = prefix + QString::number(i);
        if (!node(id))
            return id;
    }
}

std::vector<std::pair<QString, QString>> LabDocument::parameterProblems(const QString& id) const {
    std::vector<std::pair<QString, QString>> out;
    const netlab::NodeSpec* spec = node(id);
    const core::RoleDescriptor* role = spec ? roleInfo(spec->role) : nullptr;
    if (!role)
        return out;
    const std::vector<core::NodeId> ids = m_scenario.node_ids();
    if (auto resolved = core::resolve_params(role->params, spec->params, &ids); !resolved)
        for (const auto& problem : resolved.error())
            out.emplace_back(fromStd(problem.key), fromStd(problem.message));
    return out;
}

void LabDocument::newLab() {
    netlab::Scenario scenario;
    scenario.name = "new-lab";
    scenario.family = "testing";
    scenario.title = {tr("New lab").toStdString(), "新实验"};
    scenario.summary = {"A lab drawn in the DistLab editor.", "在 DistLab 编辑器中绘制的实验。"};
    scenario.network.defaults = netlab::network_preset(scenario.network.preset).value_or(netlab::LinkParams{});
    scenario.full_mesh = false;
    replace(std::move(scenario), {});
}

void LabDocument::reset(const netlab::Scenario& scenario, const QString& path) {
    replace(scenario, path);
}

QString LabDocument::load(const QString& path) {
    auto loaded = netlab::read_scenario_file(path.toStdString());
    if (!loaded)
        return diagnostics(loaded.error());
    replace(std::move(*loaded), path);
    return {};
}

void LabDocument::replace(netlab::Scenario scenario, const QString& path) {
    m_scenario = std::move(scenario);
    m_undo->clear();
    m_undo->setClean();
    const bool pathChanged = path != m_path;
    m_path = path;
    Q_EMIT documentReset();
    Q_EMIT dirtyChanged(false);
    if (pathChanged)
        Q_EMIT filePathChanged(m_path);
}

QString LabDocument::validate() const {
    auto loaded = netlab::read_scenario_text(netlab::scenario_text(m_scenario),
                                             m_path.isEmpty() ? std::string("lab.yaml") : m_path.toStdString());
    return loaded ? QString() : diagnostics(loaded.error());
}

QString LabDocument::save(const QString& path) {
    if (QString problem = validate(); !problem.isEmpty())
        return tr("The lab is not a valid scenario yet, so it was not saved:\n%1").arg(problem);
    const std::string text = netlab::scenario_text(withPositionsFromOrigin(m_scenario));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
        !file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    m_scenario.file = path.toStdString();
    m_undo->setClean();
    if (path != m_path) {
        m_path = path;
        Q_EMIT filePathChanged(m_path);
    }
    return {};
}

LabTopology LabDocument::topology() const {
    return {m_scenario.nodes, m_scenario.full_mesh, m_scenario.links};
}

void LabDocument::applyTopology(const LabTopology& next, const QString& renamedFrom, const QString& renamedTo) {
    using Key = std::pair<std::string, std::string>;
    std::map<Key, netlab::LinkSpec> oldLinks;
    for (auto& l : effectiveLinks())
        oldLinks.emplace(Key{l.from, l.to}, std::move(l));
    std::map<std::string, netlab::NodeSpec> oldNodes;
    for (const auto& n : m_scenario.nodes)
        oldNodes.emplace(n.id, n);

    m_scenario.nodes = next.nodes;
    m_scenario.full_mesh = next.fullMesh;
    m_scenario.links = next.links;

    std::map<Key, netlab::LinkSpec> newLinks;
    for (auto& l : linksOf(next))
        newLinks.emplace(Key{l.from, l.to}, std::move(l));
    const std::string from = renamedFrom.toStdString();
    const std::string to = renamedTo.toStdString();

    // Links first out, nodes, then links in: a view never sees a link to a missing node.
    for (const auto& [key, link] : oldLinks)
        if (!newLinks.contains(key))
            Q_EMIT linkRemoved(fromStd(key.first), fromStd(key.second));
    for (const auto& [id, node] : oldNodes)
        if (id != from && !m_scenario.find_node(id))
            Q_EMIT nodeRemoved(fromStd(id));
    if (!from.empty() && oldNodes.contains(from) && m_scenario.find_node(to)) {
        Q_EMIT nodeRenamed(renamedFrom, renamedTo);
        if (!sameNode(oldNodes.at(from), *m_scenario.find_node(to)))
            Q_EMIT nodeChanged(renamedTo);
    }
    for (const auto& node : m_scenario.nodes) {
        if (node.id == to && !to.empty() && oldNodes.contains(from))
            continue;
        auto old = oldNodes.find(node.id);
        if (old == oldNodes.end())
            Q_EMIT nodeAdded(fromStd(node.id));
        else if (!sameNode(old->second, node))
            Q_EMIT nodeChanged(fromStd(node.id));
    }
    for (const auto& [key, link] : newLinks) {
        auto old = oldLinks.find(key);
        if (old == oldLinks.end())
            Q_EMIT linkAdded(fromStd(key.first), fromStd(key.second));
        else if (old->second.both_ways != link.both_ways || !sameOverrides(old->second.overrides, link.overrides))
            Q_EMIT linkChanged(fromStd(key.first), fromStd(key.second));
    }
}

namespace {

// Pushes a created command (redo runs at once); nothing for a no-op; the refusal otherwise.
QString pushed(QUndoStack* stack, CreatedCommand created) {
    if (!created)
        return created.error();
    if (*created)
        stack->push(created->release());
    return {};
}

}  // namespace

QString LabDocument::addNode(const QString& role, QPointF at, const QString& id) {
    return pushed(m_undo, AddNodeCommand::create(*this, role, at, id));
}

QString LabDocument::removeNodes(const QStringList& ids) {
    return pushed(m_undo, RemoveNodesCommand::create(*this, ids));
}

QString LabDocument::moveNodes(const std::vector<std::pair<QString, QPointF>>& to, int gesture) {
    return pushed(m_undo, MoveNodesCommand::create(*this, to, gesture));
}

QString LabDocument::renameNode(const QString& from, const QString& to) {
    return pushed(m_undo, RenameNodeCommand::create(*this, from, to));
}

QString LabDocument::setParameter(const QString& node, const QString& name, const core::Json& value) {
    return pushed(m_undo, SetParameterCommand::create(*this, node, name, value));
}

QString LabDocument::addLink(const QString& from, const QString& to) {
    return pushed(m_undo, AddLinkCommand::create(*this, from, to));
}

QString LabDocument::removeLink(const QString& from, const QString& to) {
    return pushed(m_undo, RemoveLinkCommand::create(*this, from, to));
}

QString LabDocument::setLinkProperty(const QString& from, const QString& to, LinkProperty property,
                                     std::optional<double> value) {
    return pushed(m_undo, SetLinkPropertyCommand::create(*this, from, to, property, value));
}

QString LabDocument::generate(GeneratedTopology shape, const QString& role, int count, QPointF centre) {
    constexpr int kMaxGenerated = 32;
    const core::RoleDescriptor* info = roleInfo(role.toStdString());
    if (!info)
        return tr("There is no role \"%1\".").arg(role);
    if (count < 2 || count > kMaxGenerated)
        return tr("Generate between 2 and %1 nodes.").arg(kMaxGenerated);

    // Ids and positions first, so nothing is pushed unless all of it will apply.
    const QString prefix = info->client ? QStringLiteral("c") : QStringLiteral("n");
    QStringList ids;
    for (int i = 1; ids.size() < count; ++i) {
        const QString id = prefix + QString::number(i);
        if (!node(id))
            ids << id;
    }
    const double radius = std::max(140.0, 28.0 * count);
    std::vector<QPointF> points;
    for (int i = 0; i < count; ++i) {
        const bool hub = shape == GeneratedTopology::Star && i == 0;
        const int slot = shape == GeneratedTopology::Star ? i - 1 : i;
        const int slots = shape == GeneratedTopology::Star ? count - 1 : count;
        const double angle = 2 * std::numbers::pi * slot / slots - std::numbers::pi / 2;
        points.push_back(hub ? centre : centre + QPointF(radius * std::cos(angle), radius * std::sin(angle)));
    }
    std::vector<std::pair<int, int>> pairs;
    switch (shape) {
        case GeneratedTopology::Ring:
            for (int i = 0; i < count; ++i)
                if (count > 2 || i == 0)
                    pairs.emplace_back(i, (i + 1) % count);
            break;
        case GeneratedTopology::Star:
            for (int i = 1; i < count; ++i)
                pairs.emplace_back(0, i);
            break;
        case GeneratedTopology::Mesh:
        case GeneratedTopology::Cluster:
            for (int i = 0; i < count; ++i)
                for (int j = i + 1; j < count; ++j)
                    pairs.emplace_back(i, j);
            break;
    }
    const bool hasMembers = std::any_of(info->params.begin(), info->params.end(), [](const core::ParamSpec& p) {
        return p.name == "members" && p.type == core::ParamType::NodeList;
    });

    static const char* const kShapes[] = {QT_TR_NOOP("ring"), QT_TR_NOOP("star"), QT_TR_NOOP("mesh"),
                                          QT_TR_NOOP("cluster")};
    m_undo->beginMacro(tr("Generate a %1 of %2 %3 nodes").arg(tr(kShapes[int(shape)])).arg(count).arg(role));
    QString problem;
    for (int i = 0; i < count && problem.isEmpty(); ++i)
        problem = addNode(role, points[std::size_t(i)], ids[i]);
    // Under `links: full` the new nodes are linked to everything already.
    for (const auto& [a, b] : pairs)
        if (problem.isEmpty() && !m_scenario.full_mesh)
            problem = addLink(ids[a], ids[b]);
    if (shape == GeneratedTopology::Cluster && hasMembers) {
        core::Json members = core::Json::array();
        for (const QString& id : ids)
            members.push_back(id.toStdString());
        for (const QString& id : ids)
            if (problem.isEmpty())
                problem = setParameter(id, QStringLiteral("members"), members);
    }
    m_undo->endMacro();
    return problem;
}

}  // namespace distlab::views
