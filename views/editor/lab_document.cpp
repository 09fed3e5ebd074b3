#include "views/editor/lab_document.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include <QRegularExpression>

#include "core/model/role_registry.h"
#include "netlab/api/scenario_files.h"
#include "views/editor/commands/link_commands.h"
#include "views/editor/commands/node_commands.h"
#include "views/common/engine_text.h"
#include "views/editor/commands/settings_commands.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString diagnostics(const std::vector<netlab::Diagnostic>& list) {
    QStringList lines;
    for (const auto& diagnostic : list)
        lines << fromStd(diagnostic.str(uiLanguage()));
    return lines.join(QLatin1Char('\n'));
}

// A scenario name ([a-z0-9-]+) from a file's base name; empty when nothing of it fits.
std::string nameFromFile(const QString& path) {
    QString name = QFileInfo(path).completeBaseName().toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    name.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return name.toStdString();
}

// The loader's messages without their positions (in text the user never sees).
QString messages(const std::vector<core::Text>& problems) {
    QStringList lines;
    for (const auto& problem : problems)
        lines << uiText(problem);
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

void applyTo(netlab::Scenario& scenario, const LabSettings& settings, LabSettingParts parts) {
    if (parts & LabSetting::Name)
        scenario.name = settings.name;
    if (parts & LabSetting::Title)
        scenario.title = settings.title;
    if (parts & LabSetting::Duration)
        scenario.duration = settings.duration;
    if (parts & LabSetting::Seed)
        scenario.seed = settings.seed;
    if (parts & LabSetting::Network)
        scenario.network = settings.network;
    if (parts & LabSetting::Faults)
        scenario.faults = settings.faults;
    if (parts & LabSetting::Steps)
        scenario.steps = settings.steps;
    if (parts & LabSetting::Checks)
        scenario.checks = settings.checks;
}

LabDocument::LabDocument(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {
    connect(m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT dirtyChanged(!clean); });
    newLab();
}

LabDocument::~LabDocument() {
    // The stack goes with the document: emptying itself, it must not call on listeners that
    // may be half destroyed already (the window's actions, when the window closes).
    m_undo->blockSignals(true);
}

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
            out.emplace_back(fromStd(problem.key), uiText(problem.text()));
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
    // Saved somewhere new, the lab is named after its file ("My Lab 2.yaml": my-lab-2).
    const std::string ownName = path == m_path ? std::string() : nameFromFile(path);
    netlab::Scenario saved = withPositionsFromOrigin(m_scenario);
    if (!ownName.empty())
        saved.name = ownName;
    const std::string text = netlab::scenario_text(saved);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
        !file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    m_scenario.file = path.toStdString();
    const bool renamed = m_scenario.name != saved.name;
    m_scenario.name = saved.name;
    m_undo->setClean();
    if (renamed)
        Q_EMIT settingsChanged();
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

LabSettings LabDocument::settings() const {
    return {m_scenario.name,  m_scenario.title,  m_scenario.duration, m_scenario.seed,
            m_scenario.network, m_scenario.faults, m_scenario.steps,   m_scenario.checks};
}

void LabDocument::applySettings(const LabSettings& next, LabSettingParts parts) {
    applyTo(m_scenario, next, parts);
    Q_EMIT settingsChanged();
}

QString LabDocument::changeSettings(const LabSettings& after, LabSettingParts parts, const QString& text) {
    // A lab that loads keeps loading: the edit is refused with the loader's reasons otherwise.
    if (validate().isEmpty()) {
        netlab::Scenario changed = m_scenario;
        applyTo(changed, after, parts);
        auto loaded = netlab::read_scenario_text(netlab::scenario_text(changed), "lab.yaml");
        if (!loaded) {
            std::vector<core::Text> problems;
            for (const auto& diagnostic : loaded.error())
                problems.push_back({diagnostic.message, diagnostic.zh});
            return messages(problems);
        }
    }
    if (auto command = SettingsCommand::create(*this, after, parts, text))
        m_undo->push(command.release());
    return {};
}

QString LabDocument::setName(const QString& name) {
    static const QRegularExpression kName(QStringLiteral("^[a-z0-9-]+$"));
    const QString trimmed = name.trimmed();
    if (!kName.match(trimmed).hasMatch())
        return tr("A lab's name is lowercase letters, digits and '-' (leader-failover), got \"%1\".").arg(trimmed);
    LabSettings after = settings();
    after.name = trimmed.toStdString();
    return changeSettings(after, LabSetting::Name, tr("Rename the lab to %1").arg(trimmed));
}

QString LabDocument::setTitle(const QString& en, const QString& zh) {
    if (en.trimmed().isEmpty() && zh.trimmed().isEmpty())
        return tr("A lab needs a title, in English or in Chinese.");
    LabSettings after = settings();
    after.title = {en.trimmed().toStdString(), zh.trimmed().toStdString()};
    return changeSettings(after, LabSetting::Title, tr("Set the lab's title"));
}

QString LabDocument::setDuration(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !trimmed.back().isLetter())
        return tr("Give the duration with its unit: 30s, 1500ms or 2m.");
    auto parsed = core::parse_duration(trimmed.toStdString());
    if (!parsed)
        return uiText(parsed.error().text());
    if (*parsed <= core::Duration::zero())
        return tr("The duration must be longer than 0.");
    LabSettings after = settings();
    after.duration = *parsed;
    return changeSettings(after, LabSetting::Duration, tr("Set the duration to %1").arg(trimmed));
}

QString LabDocument::setSeed(const QString& text) {
    bool ok = false;
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('-')))
        return tr("The seed must not be negative.");
    const qulonglong seed = trimmed.toULongLong(&ok);
    if (!ok)
        return tr("The seed is a whole number (0 or more), got \"%1\".").arg(trimmed);
    LabSettings after = settings();
    after.seed = seed;
    return changeSettings(after, LabSetting::Seed, tr("Set the seed to %1").arg(seed));
}

QString LabDocument::setNetworkPreset(const QString& preset) {
    const auto defaults = netlab::network_preset(preset.toStdString());
    if (!defaults)
        return tr("There is no network preset \"%1\".").arg(preset);
    LabSettings after = settings();
    after.network.preset = preset.toStdString();
    after.network.defaults = *defaults;
    return changeSettings(after, LabSetting::Network, tr("Use the %1 network").arg(preset));
}

QStringList LabDocument::entries(netlab::ScenarioList list) const {
    QStringList out;
    for (const auto& entry : netlab::scenario_entries(m_scenario, list))
        out << fromStd(entry);
    return out;
}

namespace {

LabSetting partOf(netlab::ScenarioList list) {
    switch (list) {
        case netlab::ScenarioList::Faults: return LabSetting::Faults;
        case netlab::ScenarioList::Steps: return LabSetting::Steps;
        case netlab::ScenarioList::Checks: return LabSetting::Checks;
    }
    return LabSetting::Checks;
}

QString listName(netlab::ScenarioList list) {
    switch (list) {
        case netlab::ScenarioList::Faults: return LabDocument::tr("fault");
        case netlab::ScenarioList::Steps: return LabDocument::tr("narrative step");
        case netlab::ScenarioList::Checks: return LabDocument::tr("check");
    }
    return {};
}

}  // namespace

QString LabDocument::setEntry(netlab::ScenarioList list, int index, const QString& text) {
    std::vector<std::string> written = netlab::scenario_entries(m_scenario, list);
    if (index < 0 || index > int(written.size()))
        return tr("There is no %1 number %2.").arg(listName(list)).arg(index + 1);
    if (text.trimmed().isEmpty())
        return tr("The %1 is empty.").arg(listName(list));
    const bool adding = index == int(written.size());
    if (adding)
        written.push_back(text.toStdString());
    else
        written[std::size_t(index)] = text.toStdString();
    auto next = netlab::with_entries(m_scenario, list, written);
    if (!next)
        return messages(next.error());
    LabSettings after = settings();
    after.faults = next->faults;
    after.steps = next->steps;
    after.checks = next->checks;
    if (auto command = SettingsCommand::create(*this, after, partOf(list),
                                               adding ? tr("Add a %1").arg(listName(list))
                                                      : tr("Change %1 %2").arg(listName(list)).arg(index + 1)))
        m_undo->push(command.release());
    return {};
}

QString LabDocument::removeEntry(netlab::ScenarioList list, int index) {
    std::vector<std::string> written = netlab::scenario_entries(m_scenario, list);
    if (index < 0 || index >= int(written.size()))
        return tr("There is no %1 number %2.").arg(listName(list)).arg(index + 1);
    LabSettings after = settings();
    switch (list) {
        case netlab::ScenarioList::Faults: after.faults.erase(after.faults.begin() + index); break;
        case netlab::ScenarioList::Steps: after.steps.erase(after.steps.begin() + index); break;
        case netlab::ScenarioList::Checks: after.checks.erase(after.checks.begin() + index); break;
    }
    return changeSettings(after, partOf(list), tr("Remove %1 %2").arg(listName(list)).arg(index + 1));
}

}  // namespace distlab::views
