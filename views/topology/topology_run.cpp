#include "views/topology/topology_scene.h"

#include <QSet>

#include <optional>

#include "core/model/json.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/topology/topology_items.h"
#include "views/topology/topology_live.h"

// The topology scene's run state: following a RunTimeline, folding its events into each node's
// status, the faults in force, held messages and recent flights, and rebuilding them at the cursor.

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

core::Json parseData(const std::string& data) {
    return core::Json::parse(data, nullptr, /*allow_exceptions=*/false);
}

QStringList stringList(const core::Json& value) {
    QStringList out;
    if (value.is_array())
        for (const auto& item : value)
            if (item.is_string())
                out << fromStd(item.get<std::string>());
    return out;
}

// Directed pairs from [[from, to], ...].
std::vector<std::pair<QString, QString>> pairs(const core::Json& value) {
    std::vector<std::pair<QString, QString>> out;
    if (value.is_array())
        for (const auto& pair : value)
            if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
                out.emplace_back(fromStd(pair[0].get<std::string>()), fromStd(pair[1].get<std::string>()));
    return out;
}

// A field of a fault's data, or null when it is missing (data from a recording may be anything).
const core::Json& field(const core::Json& info, const char* key) {
    static const core::Json null;
    const auto it = info.find(key);
    return it == info.end() ? null : *it;
}

QString text(const core::Json& info, const char* key) {
    const core::Json& value = field(info, key);
    return value.is_string() ? fromStd(value.get<std::string>()) : QString();
}

QString percent(const core::Json& info) {
    const core::Json& rate = field(info, "rate");
    return QString::number(rate.is_number() ? rate.get<double>() * 100 : 0.0, 'g', 3);
}

std::optional<qint64> faultId(const core::Json& info) {
    const core::Json& id = field(info, "id");
    if (!id.is_number_integer())
        return std::nullopt;
    return id.get<qint64>();
}

}  // namespace

void TopologyScene::setTimeline(RunTimeline* timeline) {
    if (m_timeline) {
        disconnect(m_timeline, nullptr, this, nullptr);
        disconnect(this, nullptr, m_timeline, nullptr);
    }
    m_timeline = timeline;
    if (m_timeline) {
        connect(m_timeline, &RunTimeline::appended, this, &TopologyScene::onAppended);
        connect(m_timeline, &RunTimeline::cursorMoved, this, &TopologyScene::rebuildAtCursor);
        connect(m_timeline, &RunTimeline::cleared, this, &TopologyScene::resetStatus);
        connect(m_timeline, &RunTimeline::nodeSelected, this, &TopologyScene::selectNode);
        connect(this, &TopologyScene::nodeSelected, m_timeline, &RunTimeline::selectNode);
        connect(m_timeline, &RunTimeline::highlightChanged, this, [this] { update(); });
    }
    rebuildAtCursor();
}

bool TopologyScene::isHighlighted(const QString& node) const {
    return m_timeline && m_nodes.contains(node) && m_timeline->highlight().hasNode(node);
}

void TopologyScene::resetStatus() {
    m_frameTimer.stop();
    m_live->clear();
    for (NodeItem* node : std::as_const(m_nodes)) {
        node->status = NodeStatus{};
        node->refresh();
    }
    refreshFaults();
    for (LinkItem* link : m_links) {
        link->dots = 0;
        link->rate = 0;
        link->busy = false;
    }
    update();
}

void TopologyScene::onAppended(std::size_t first, std::size_t count) {
    if (!m_timeline->isLive())
        return;   // the cursor shows the past; goLive() rebuilds
    const auto& events = m_timeline->events();
    for (std::size_t i = first; i < first + count && i < events.size(); ++i)
        ingest(events[i], true);
    applyPendingStates();
    wake();
}

void TopologyScene::rebuildAtCursor() {
    resetStatus();
    if (!m_timeline)
        return;
    // Status and faults need the whole prefix; messages only its last kKeepNs.
    const auto& events = m_timeline->events();
    const std::size_t visible = m_timeline->visibleCount();
    const qint64 cursor = m_timeline->cursorNs();
    for (std::size_t i = 0; i < visible; ++i)
        ingest(events[i], events[i].t_ns >= cursor - kKeepNs);
    applyPendingStates();
    advanceFrame();
    if (m_timeline->isLive())
        wake();
}

void TopologyScene::indexNodesAndLinks() {
    if (m_live->indexed)
        return;
    m_live->nodeIndex.clear();
    m_live->linkIndex.clear();
    for (NodeItem* node : std::as_const(m_nodes))
        m_live->nodeIndex.emplace(node->id().toStdString(), node);
    for (LinkItem* link : m_links) {
        m_live->linkIndex.insert({link->from(), link->to()}, link);
        m_live->linkIndex.insert({link->to(), link->from()}, link);
    }
    m_live->indexed = true;
}

NodeItem* TopologyScene::nodeFor(const std::string& id) {
    indexNodesAndLinks();
    const auto it = m_live->nodeIndex.find(id);
    return it == m_live->nodeIndex.end() ? nullptr : it->second;
}

void TopologyScene::ingest(const netlab::Event& event, bool flights) {
    using netlab::EventKind;
    Live& live = *m_live;
    if (event.t_ns > live.endNs) {
        live.endNs = event.t_ns;
        live.sinceEvent.start();
    }
    switch (event.kind) {
    case EventKind::State:
        if (NodeItem* node = nodeFor(event.node))
            live.states.insert(node, event.data);
        break;
    case EventKind::Phase:
        if (NodeItem* node = nodeFor(event.node)) {
            node->status.setPhase(roleOf(node), event.type, m_chinese);
            node->update();
        }
        break;
    case EventKind::NodeStarted:
        if (NodeItem* node = nodeFor(event.node)) {
            node->status.dead = false;
            node->status.ended = false;
            node->status.paused = false;
            node->update();
        }
        break;
    case EventKind::NodeExited:
        if (NodeItem* node = nodeFor(event.node)) {
            const core::Json data = parseData(event.data);
            const bool shutdown = data.is_object() && text(data, "cause") == QLatin1String("shutdown");
            (shutdown ? node->status.ended : node->status.dead) = true;
            node->status.setPhase(roleOf(node), {}, m_chinese);   // in no phase until it announces one
            node->update();
        }
        break;
    case EventKind::NodePaused:
    case EventKind::NodeResumed:
        if (NodeItem* node = nodeFor(event.node)) {
            node->status.paused = event.kind == EventKind::NodePaused;
            node->update();
        }
        break;
    case EventKind::FaultInjected: {
        const core::Json info = parseData(event.data);
        const std::optional<qint64> id = info.is_object() ? faultId(info) : std::nullopt;
        if (!id)
            break;
        Live::Fault fault;
        if (event.type == "partition") {
            // "cut" since the nemesis names every cut link; older recordings: one-way "links", or
            // the "sides" of a group partition.
            fault.cut = true;
            fault.links = pairs(info.contains("cut") ? field(info, "cut") : field(info, "links"));
            if (const core::Json& sides = field(info, "sides"); fault.links.empty() && sides.is_array()) {
                for (std::size_t i = 0; i < sides.size(); ++i)
                    for (std::size_t j = 0; j < sides.size(); ++j)
                        if (i != j)
                            for (const QString& from : stringList(sides[i]))
                                for (const QString& to : stringList(sides[j]))
                                    fault.links.emplace_back(from, to);
            }
        } else if (event.type == "latency") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("+%1").arg(text(info, "add"));
        } else if (event.type == "loss") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("%1% loss").arg(percent(info));
        } else if (event.type == "duplicate") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("%1% duplicated").arg(percent(info));
        } else if (event.type == "reorder") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("reordered");
        } else if (event.type == "clock_skew") {
            fault.nodes = stringList(field(info, "targets"));
        } else {
            break;   // node faults show through the node events that follow
        }
        live.faults[*id] = std::move(fault);
        refreshFaults();
        break;
    }
    case EventKind::FaultHealed: {
        const core::Json info = parseData(event.data);
        const std::optional<qint64> id = info.is_object() ? faultId(info) : std::nullopt;
        if (id && live.faults.erase(*id) > 0)
            refreshFaults();
        break;
    }
    case EventKind::MessageSent: {
        if (!flights)
            break;
        NodeItem* from = nodeFor(event.node);
        NodeItem* to = nodeFor(event.peer);
        LinkItem* link = from && to ? live.linkIndex.value({from, to}) : nullptr;
        if (!link)
            break;
        Flight flight;
        flight.sentNs = event.t_ns;
        flight.link = link;
        flight.key = flightKey(from, event.msg_id);
        flight.msgId = event.msg_id;
        flight.forward = link->from() == from;
        flight.colour = typeColour(event.type);
        live.pending[flight.key] = live.firstSeq + live.flights.size();
        live.flights.push_back(flight);
        while (live.flights.front().sentNs < live.endNs - kKeepNs) {
            const Flight& old = live.flights.front();
            if (const auto it = live.pending.find(old.key); it != live.pending.end() && it->second == live.firstSeq)
                live.pending.erase(it);
            live.flights.pop_front();
            ++live.firstSeq;
        }
        break;
    }
    case EventKind::MessageHeld:
        if (NodeItem* from = nodeFor(event.node))
            if (NodeItem* to = nodeFor(event.peer))
                if (LinkItem* link = live.linkIndex.value({from, to})) {
                    live.held[flightKey(from, event.msg_id)] = link;
                    refreshFaults();
                }
        break;
    case EventKind::MessageDelivered:
    case EventKind::MessageDropped: {
        const bool dropped = event.kind == EventKind::MessageDropped;
        if (!flights && live.held.empty())
            break;
        NodeItem* from = nodeFor(event.node);
        if (!from)
            break;
        const quint64 key = flightKey(from, event.msg_id);
        if (!live.held.empty() && live.held.erase(key) > 0)
            refreshFaults();
        if (!flights)
            break;
        if (const auto it = live.pending.find(key); it != live.pending.end()) {
            if (it->second >= live.firstSeq) {
                Flight& flight = live.flights[it->second - live.firstSeq];
                flight.endNs = event.t_ns;
                flight.dropped = dropped;
            }
            live.pending.erase(it);
        }
        break;
    }
    default:
        break;
    }
}

const core::RoleDescriptor* TopologyScene::roleOf(const NodeItem* node) const {
    return m_timeline ? m_timeline->roleOf(node->id()) : nullptr;
}

void TopologyScene::applyPendingStates() {
    for (auto it = m_live->states.cbegin(); it != m_live->states.cend(); ++it) {
        it.key()->status.apply(roleOf(it.key()), parseData(it.value()), m_chinese);
        it.key()->refresh();
    }
    m_live->states.clear();
}

void TopologyScene::refreshFaults() {
    QHash<LinkItem*, QStringList> labels;
    for (LinkItem* link : m_links) {
        link->cutForward = false;
        link->cutBackward = false;
    }
    QSet<QString> skewed;
    for (const auto& [id, fault] : m_live->faults) {
        for (const auto& [from, to] : fault.links) {
            LinkItem* link = linkBetween(from, to);
            if (!link)
                continue;
            if (!fault.cut)
                labels[link] << fault.label;
            else if (link->from()->id() == from)
                link->cutForward = true;
            else
                link->cutBackward = true;
        }
        for (const QString& node : fault.nodes)
            skewed.insert(node);
    }
    for (const auto& [key, link] : m_live->held)
        labels[link] << tr("held");
    for (LinkItem* link : m_links) {
        QStringList& list = labels[link];
        list.removeDuplicates();
        link->label = list.join(QStringLiteral(" · "));
        link->update();
    }
    batchIdleLinks();
    for (NodeItem* node : std::as_const(m_nodes)) {
        const bool skew = skewed.contains(node->id());
        if (node->status.skewed != skew) {
            node->status.skewed = skew;
            node->update();
        }
    }
}

}  // namespace distlab::views
