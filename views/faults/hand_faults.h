#pragma once

#include <QAbstractTableModel>
#include <QObject>
#include <QPoint>
#include <QStringList>

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "views/topology/message_state.h"

class QAction;
class QDialog;
class QWidget;

namespace distlab::netlab {
struct FaultSpec;
}

namespace distlab::views {

class LabSession;
class RunTimeline;

// Messages held (MessageHeld and not yet delivered or dropped: kept back by a held link, or held
// one by one by hand), in the order they were held; the rows the user delivers or drops by hand.
//
// Threading: GUI thread only.
class HeldMessagesModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, FromColumn, ToColumn, TypeColumn, ColumnCount };

    struct Held {
        qint64 tNs = 0;
        QString from;
        QString to;
        QString type;
        std::uint64_t id = 0;
    };

    explicit HeldMessagesModel(RunTimeline& timeline, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Held& held(int row) const { return m_rows[std::size_t(row)]; }

private:
    void take(std::size_t first, std::size_t count);
    void rebuild();

    RunTimeline& m_timeline;
    std::vector<Held> m_rows;
};

// Faults by hand: the menus and dialogs that turn a click on a node, a link or the canvas into
// a fault on the run in progress (through LabSession's RunControl, so every hand fault is
// recorded and shown like a scenario fault), plus the held messages panel. Toggles remember
// their fault, so "restore link" heals exactly the cut it made.
//
// Threading: GUI thread only.
class HandFaults final : public QObject {
    Q_OBJECT
public:
    HandFaults(LabSession& session, RunTimeline& timeline, QWidget* window);

    void showNodeMenu(const QString& node, const QPoint& screenPos);
    void showLinkMenu(const QString& from, const QString& to, const QPoint& screenPos);
    void showCanvasMenu(const QPoint& screenPos);

    // The fault verbs the menus use (also for tests). Each is ignored when no run is live.
    void kill(const QString& node);
    void restart(const QString& node);
    void pause(const QString& node);
    void resume(const QString& node);
    void skewClock(const QString& node, double offsetMs, double driftPpm);
    // Cuts from -> to (and to -> from when bothWays); a second call with the same link restores it.
    void toggleCut(const QString& from, const QString& to, bool bothWays);
    bool isCut(const QString& from, const QString& to) const;
    void toggleHold(const QString& from, const QString& to);
    bool isHeld(const QString& from, const QString& to) const;
    // Sets the hand-made latency / jitter / loss / duplication of a link (both ways), replacing
    // what was set before; zeros clear it. The same values again change nothing (no fault is
    // healed or injected): false then, and when no run is live.
    bool setLinkFaults(const QString& a, const QString& b, double latencyMs, double jitterMs, double lossPercent,
                       double duplicatePercent);
    // The dialog "Latency, Loss, Duplication..." opens for the link a - b: a slider and a box per
    // fault; a committed change (a slider released or stepped, a box's value entered or stepped)
    // applies at once, once. Owned by `parent`.
    QDialog* createLinkFaultsDialog(const QString& a, const QString& b, QWidget* parent);
    // No traffic between the two sides (a partition into two groups).
    void partition(const QStringList& sideA, const QStringList& sideB);
    void healAll();
    void release(int heldRow, bool deliver);
    // Holds the one message `id` from `from` to `to` while it is on its way (only a message the
    // network delays can be caught); release it like any held message.
    void holdMessage(const QString& from, const QString& to, quint64 id);
    // A click on a message on the canvas: holds it if it is still on its way, else says why not.
    void messageClicked(const QString& from, const QString& to, quint64 id, distlab::views::MessageState state);
    void showMessageMenu(const QString& from, const QString& to, quint64 id, distlab::views::MessageState state,
                         const QPoint& screenPos);

    QAction* healAllAction() const { return m_healAll; }
    HeldMessagesModel& heldModel() { return *m_held; }
    // The held messages panel (a table with Deliver and Drop), for a dock.
    QWidget* createHeldPanel(QWidget* parent);

Q_SIGNALS:
    // What was done, for the status bar.
    void message(const QString& text);

private:
    using Ticket = std::uint64_t;
    using Link = std::pair<QString, QString>;

    bool live() const;
    QString notHeldReason(const QString& from, const QString& to, quint64 id, MessageState state) const;
    Ticket inject(const netlab::FaultSpec& fault);
    void editLinkFaults(const QString& a, const QString& b);
    void editClockSkew(const QString& node);

    LabSession& m_session;
    RunTimeline& m_timeline;
    QWidget* m_window;
    QAction* m_healAll;
    HeldMessagesModel* m_held;
    std::map<Link, std::vector<Ticket>> m_cuts;        // directed link -> its one-way cut
    struct LinkFaults {
        std::vector<Ticket> tickets;
        std::array<double, 4> values{};   // latency ms, jitter ms, loss %, duplication %
    };
    std::map<Link, LinkFaults> m_linkFaults;   // undirected (sorted) link -> latency/loss/dup
    std::map<Link, bool> m_holds;
};

}  // namespace distlab::views
