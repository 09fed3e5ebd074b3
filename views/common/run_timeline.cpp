#include "views/common/run_timeline.h"

#include <QScopedValueRollback>

#include <algorithm>
#include <iterator>

#include "core/model/json.h"
#include "views/common/phase_style.h"

namespace distlab::views {

using netlab::Event;
using netlab::EventKind;

RunTimeline::RunTimeline(QObject* parent) : QObject(parent) {}

std::size_t RunTimeline::countUntil(qint64 tNs) const {
    const auto it = std::upper_bound(m_events.begin(), m_events.end(), tNs,
                                     [](qint64 t, const Event& e) { return t < e.t_ns; });
    return static_cast<std::size_t>(it - m_events.begin());
}

void RunTimeline::append(const EventBatch& batch) {
    if (batch.empty())
        return;
    const std::size_t first = m_events.size();
    for (const Event& event : batch) {
        m_events.push_back(event);
        // Time order is what every prefix query relies on: an event stamped before its
        // predecessor (clock granularity between engine threads) is shown at its predecessor's time.
        if (m_events.size() > 1 && m_events.back().t_ns < m_events[m_events.size() - 2].t_ns)
            m_events.back().t_ns = m_events[m_events.size() - 2].t_ns;
        index(m_events.size() - 1);
    }
    Q_EMIT appended(first, batch.size());
}

void RunTimeline::index(std::size_t position) {
    const Event& event = m_events[position];
    if (!event.node.empty()) {
        const QString node = QString::fromStdString(event.node);
        // Faults name their one target as the subject; that is not a node appearing.
        if (event.kind != EventKind::FaultInjected && event.kind != EventKind::FaultHealed &&
            !m_nodes.contains(node)) {
            m_nodes.push_back(node);
            Q_EMIT nodeAppeared(node);
        }
    }
    switch (event.kind) {
    case EventKind::RunStarted:
    case EventKind::NodeStarted:
        foldRoleEvent(m_catalog, event);
        break;
    case EventKind::Phase:
        m_phases[QString::fromStdString(event.node)].push_back({event.t_ns, QString::fromStdString(event.type), position});
        break;
    case EventKind::NodeExited: {
        auto it = m_phases.find(QString::fromStdString(event.node));
        if (it != m_phases.end() && !it->empty() && !it->back().phase.isEmpty())
            it->push_back({event.t_ns, QString(), position});
        break;
    }
    case EventKind::FaultInjected: {
        FaultInterval fault;
        fault.startNs = event.t_ns;
        fault.kind = QString::fromStdString(event.type);
        fault.node = QString::fromStdString(event.node);
        fault.detail = QString::fromStdString(event.data);
        fault.injectedIndex = position;
        const core::Json injected = core::Json::parse(event.data, nullptr, false);
        fault.byHand = injected.is_object() && injected.value("by", std::string()) == "hand";
        // Faults that act once and are not undone are instants, not intervals.
        if (fault.kind == QLatin1String("restart") || fault.kind == QLatin1String("resume") ||
            fault.kind == QLatin1String("heal") || fault.kind == QLatin1String("command"))
            fault.endNs = fault.startNs;
        m_faults.push_back(std::move(fault));
        break;
    }
    case EventKind::FaultHealed: {
        // The nemesis numbers every fault it applies; the heal carries the same id.
        const core::Json healed = core::Json::parse(event.data, nullptr, false);
        const auto id = healed.is_object() ? healed.find("id") : healed.end();
        for (FaultInterval& fault : m_faults) {
            if (fault.endNs >= 0 || fault.kind != QString::fromStdString(event.type))
                continue;
            const core::Json injected = core::Json::parse(fault.detail.toStdString(), nullptr, false);
            const auto injectedId = injected.is_object() ? injected.find("id") : injected.end();
            const bool sameId = id != healed.end() && injectedId != injected.end() && *id == *injectedId;
            if (sameId || id == healed.end()) {
                fault.endNs = event.t_ns;
                break;
            }
        }
        break;
    }
    case EventKind::Step: {
        const core::Json step = core::Json::parse(event.data, nullptr, false);
        NarrativeStep narrative;
        narrative.tNs = event.t_ns;
        narrative.index = position;
        if (step.is_object()) {
            narrative.en = QString::fromStdString(step.value("en", std::string()));
            narrative.zh = QString::fromStdString(step.value("zh", std::string()));
            narrative.pause = step.value("pause", false);
        }
        m_steps.push_back(std::move(narrative));
        break;
    }
    case EventKind::RunPaused: {
        const core::Json data = core::Json::parse(event.data, nullptr, false);
        m_pauses.push_back({event.t_ns, data.is_object() && data.value("by", std::string()) == "step", -1, position});
        break;
    }
    case EventKind::RunResumed:
        // Resumes the newest pause still open (a resume without its pause, as in a damaged
        // recording, is ignored).
        if (!m_pauses.empty() && m_pauses.back().pausedMs < 0) {
            const core::Json data = core::Json::parse(event.data, nullptr, false);
            const auto ms = data.is_object() ? data.find("paused_ms") : data.end();
            m_pauses.back().pausedMs = ms != data.end() && ms->is_number() ? std::max<qint64>(0, ms->get<qint64>()) : 0;
        }
        break;
    default:
        break;
    }
}

const core::RoleDescriptor* RunTimeline::roleOf(const QString& node) const {
    return m_catalog.role_of_node(node.toStdString());
}

const std::vector<PhaseChange>& RunTimeline::phaseChanges(const QString& node) const {
    static const std::vector<PhaseChange> none;
    const auto it = m_phases.constFind(node);
    return it == m_phases.cend() ? none : *it;
}

QString RunTimeline::phaseAt(const QString& node, qint64 tNs) const {
    const std::vector<PhaseChange>& changes = phaseChanges(node);
    const auto it = std::upper_bound(changes.begin(), changes.end(), tNs,
                                     [](qint64 t, const PhaseChange& c) { return t < c.tNs; });
    return it == changes.begin() ? QString() : std::prev(it)->phase;
}

QStringList RunTimeline::phasedNodes() const {
    QStringList out;
    for (const QString& node : m_nodes)
        if (const core::RoleDescriptor* role = roleOf(node); role && !role->phases.empty())
            out << node;
    return out;
}

void RunTimeline::clear() {
    m_events.clear();
    m_events.shrink_to_fit();
    m_nodes.clear();
    m_faults.clear();
    m_steps.clear();
    m_pauses.clear();
    m_catalog = netlab::RoleCatalog{};
    m_phases.clear();
    m_cursorNs = 0;
    clearHighlight();
    const bool wasLive = m_live;
    m_live = true;
    Q_EMIT cleared();
    if (!wasLive)
        Q_EMIT liveChanged(true);
}

void RunTimeline::seek(qint64 tNs) {
    const qint64 clamped = std::clamp<qint64>(tNs, 0, endNs());
    const bool wasLive = m_live;
    m_live = false;
    m_cursorNs = clamped;
    if (wasLive)
        Q_EMIT liveChanged(false);
    Q_EMIT cursorMoved(clamped);
}

void RunTimeline::goLive() {
    if (m_live)
        return;
    m_live = true;
    Q_EMIT liveChanged(true);
    Q_EMIT cursorMoved(endNs());
}

void RunTimeline::selectNode(const QString& node) {
    if (node == m_selected)
        return;
    // Views echo a selection while it is announced (clearing theirs first): only a selection
    // made outside that echo ends the highlight.
    if (!m_announcingSelection && !m_highlight.hasNode(node))
        clearHighlight();
    m_selected = node;
    const QScopedValueRollback<bool> announcing(m_announcingSelection, true);
    Q_EMIT nodeSelected(node);
}

void RunTimeline::setHighlight(const Highlight& highlight) {
    if (highlight.isEmpty()) {
        clearHighlight();
        return;
    }
    if (highlight == m_highlight)
        return;
    m_highlight = highlight;
    Q_EMIT highlightChanged();
}

void RunTimeline::clearHighlight() {
    if (m_highlight.isEmpty())
        return;
    m_highlight = Highlight{};
    Q_EMIT highlightChanged();
}

}  // namespace distlab::views
