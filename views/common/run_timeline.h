#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

#include "netlab/api/role_catalog.h"
#include "views/common/highlight.h"
#include "views/common/trace_bridge.h"

namespace distlab::views {

// A fault as an interval of the run: from its FaultInjected event to the FaultHealed event with
// the same id, or open (endNs < 0) while it is still in force. Faults that act once (restart,
// resume, heal, command) are instants: endNs == startNs.
struct FaultInterval {
    qint64 startNs = 0;
    qint64 endNs = -1;          // -1: not healed (yet)
    QString kind;               // "partition", "kill", "latency", ...
    QString node;               // the one target, when there is exactly one
    QString detail;             // the fault as JSON text, as the nemesis reported it
    bool byHand = false;        // injected by hand during the run ("by": "hand"), not scheduled
    std::size_t injectedIndex = 0;   // index of the FaultInjected event in events()
};

// A pause of the whole run (RunPaused, then RunResumed at the same run time): an instant of the
// run's timeline that lasted pausedMs on the wall clock.
struct RunPause {
    qint64 tNs = 0;
    bool atStep = false;        // at a narrative step (step mode), not by hand
    qint64 pausedMs = -1;       // -1: not resumed (yet)
    std::size_t index = 0;      // index of the RunPaused event in events()
};

// A narrative step of the scenario, as it fired.
struct NarrativeStep {
    qint64 tNs = 0;
    QString en;
    QString zh;
    bool pause = false;
    std::size_t index = 0;      // index of the Step event in events()
};

// A node entering a phase (a Phase event), or leaving every phase (empty: it exited).
struct PhaseChange {
    qint64 tNs = 0;
    QString phase;
    std::size_t index = 0;      // index of the event in events()
};

// The run as every view sees it: all its events in time order (live, appended in batches from
// the TraceBridge, or loaded from a recording), the timeline cursor, and the selected node.
// Views are built on this, never on a socket, so the same view shows a live run, a recording, or
// the past of a live run (ARCHITECTURE.md: views read the event model).
//
// Cursor: while live, the cursor follows the newest event and views show everything. seek()
// leaves live mode and puts the cursor at a time; views then show the events with t_ns <= cursor
// (the prefix of countUntil(cursorNs())). goLive() returns to the newest event.
//
// How a view follows it: on appended(first, count), if isLive(), take the new events
// events()[first, first + count); on cursorMoved(t), rebuild from the prefix up to t (or advance
// from where it was when t moved forward); on cleared(), forget everything.
//
// Roles and phases: the run's role catalog (the descriptors its RunStarted event carries, and
// each node's role from its NodeStarted events; old recordings fall back to the build's roles)
// and every node's phase changes, so that a view shows the phase at the cursor (phaseAt) the way
// it shows the rest of the state there. A node that exits is in no phase until it announces one
// again.
//
// Highlight: a set of nodes, messages and operations every view draws emphasised (a failed
// check's anomaly), until clearHighlight(), a new run (clear()), or a node outside it is selected
// (or the selection cleared): clicking elsewhere ends it. Views repaint on highlightChanged().
//
// Threading: GUI thread only.
class RunTimeline final : public QObject {
    Q_OBJECT
public:
    explicit RunTimeline(QObject* parent = nullptr);

    const std::vector<netlab::Event>& events() const { return m_events; }
    // Time of the newest event (0 when there is none).
    qint64 endNs() const { return m_events.empty() ? 0 : m_events.back().t_ns; }
    // The time the views show: endNs() while live.
    qint64 cursorNs() const { return m_live ? endNs() : m_cursorNs; }
    bool isLive() const { return m_live; }
    // How many events have t_ns <= tNs: the events visible with the cursor at tNs.
    std::size_t countUntil(qint64 tNs) const;
    // The events visible at the cursor: events()[0, visibleCount()).
    std::size_t visibleCount() const { return m_live ? m_events.size() : countUntil(m_cursorNs); }

    // Every node that was the subject of an event, in order of first appearance.
    const QStringList& nodes() const { return m_nodes; }
    const std::vector<FaultInterval>& faults() const { return m_faults; }
    const std::vector<NarrativeStep>& steps() const { return m_steps; }
    const std::vector<RunPause>& pauses() const { return m_pauses; }

    // The descriptors of the run's roles and which node runs which.
    const netlab::RoleCatalog& catalog() const { return m_catalog; }
    // The descriptor of `node`'s role; nullptr when unknown.
    const core::RoleDescriptor* roleOf(const QString& node) const;
    // `node`'s phase changes in time order (empty when it announced none).
    const std::vector<PhaseChange>& phaseChanges(const QString& node) const;
    // The phase `node` is in at `tNs` (empty: none announced, or it exited since).
    QString phaseAt(const QString& node, qint64 tNs) const;
    // The nodes whose role declares phases, in order of first appearance.
    QStringList phasedNodes() const;

    QString selectedNode() const { return m_selected; }
    const Highlight& highlight() const { return m_highlight; }

public Q_SLOTS:
    // Takes a batch of events in time order (later than every event so far).
    void append(const distlab::views::EventBatch& batch);
    // Forgets the run (a new run starts or a recording opens); returns to live.
    void clear();
    // Moves the cursor to tNs (clamped to [0, endNs()]) and leaves live mode.
    void seek(qint64 tNs);
    // Back to following the newest event.
    void goLive();
    // Selects a node in every view (empty: none). A node outside the highlight clears it.
    void selectNode(const QString& node);
    // Asks every view to point out `highlight` (empty: the same as clearHighlight()).
    void setHighlight(const distlab::views::Highlight& highlight);
    void clearHighlight();

Q_SIGNALS:
    // Events [first, first + count) were appended.
    void appended(std::size_t first, std::size_t count);
    // The cursor was moved by seek() or goLive(), not by live appends.
    void cursorMoved(qint64 tNs);
    void liveChanged(bool live);
    // Every event was forgotten.
    void cleared();
    // A node the timeline had not seen before became the subject of an event.
    void nodeAppeared(const QString& node);
    void nodeSelected(const QString& node);
    // The highlight was set, changed or cleared.
    void highlightChanged();

private:
    void index(std::size_t position);

    std::vector<netlab::Event> m_events;
    QStringList m_nodes;
    std::vector<FaultInterval> m_faults;
    std::vector<NarrativeStep> m_steps;
    std::vector<RunPause> m_pauses;
    netlab::RoleCatalog m_catalog;
    QHash<QString, std::vector<PhaseChange>> m_phases;
    qint64 m_cursorNs = 0;
    bool m_live = true;
    QString m_selected;
    Highlight m_highlight;
    bool m_announcingSelection = false;   // inside selectNode's nodeSelected
};

}  // namespace distlab::views
