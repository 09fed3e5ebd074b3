#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <utility>
#include <vector>

#include "views/patterns/pattern_view.h"

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QWidget;

namespace distlab::views {

class ChecksPanel;
class EditorController;
class HandFaults;
class LogPanel;
class RunTimeline;
class SpacetimeWidget;
class StatePanel;

// The lab window's docks and their arrangement: Log, Checks and State; the editor's palette and
// inspector; a dock per registered pattern view (PatternViewRegistry); Metrics, the message
// diagram and the held messages. Each dock is listed in the View menu, the first nine with
// Alt+1..9: the entry (and its shortcut) brings a hidden dock or one tabbed behind another to the
// front, and hides it only when it is in front already (bringForward).
//
// A pattern view's dock is shown only while the open scenario or recording uses a role it
// serves (showPatternViewsFor); otherwise it is hidden and left out of the View menu. Closing an
// applicable pattern view is remembered (QSettings window/closedPatternViews), so it stays closed
// for the next scenario of its pattern until it is opened from the View menu again.
//
// Ownership: the docks and their contents belong to the window; the window, the timeline, the
// editor and the hand faults must outlive this object. Threading: GUI thread only.
class WindowDocks final : public QObject {
    Q_OBJECT
public:
    struct Panels {
        LogPanel* log = nullptr;
        ChecksPanel* checks = nullptr;
        StatePanel* state = nullptr;
    };

    WindowDocks(QMainWindow& window, QMenu& viewMenu, RunTimeline& timeline, EditorController& editor,
                HandFaults& faults, const Panels& panels, bool chinese);

    QDockWidget* checksDock() const { return m_checksDock; }
    SpacetimeWidget* messages() const { return m_messages; }
    // The dock of a registered pattern view; nullptr for an unknown id.
    QDockWidget* patternDock(const QString& id) const;
    // The View menu's entry for `dock` (checked while shown; Alt+N); nullptr for a dock not listed.
    QAction* viewAction(const QDockWidget* dock) const;
    // Shows `dock` in front: shows it when hidden, raises its tab when another covers it, and
    // hides it when it is in front already.
    void bringForward(QDockWidget* dock);
    // Shown, but a tab behind another dock of its area.
    bool isCovered(const QDockWidget* dock) const;

    // Shows the pattern views that serve a role of `use`, hides the others.
    void showPatternViewsFor(const RoleUse& use);
    // QMainWindow::restoreState, then the pattern docks follow the open scenario again (a saved
    // layout may have them shown or hidden for another scenario).
    void restoreLayout(const QByteArray& state);
    // The library page takes the whole window: every dock goes while it shows (setAside) and
    // comes back as it was (bringBack). Neither is the user closing a view.
    void setAside();
    void bringBack();
    // The lab's layout (QMainWindow::saveState), also while the docks are set aside.
    QByteArray layoutState() const;

    // The views presentation mode offers beside the canvas, in the order of its number keys: the
    // pattern views that apply to the open scenario, then the message diagram, then Metrics.
    std::vector<QDockWidget*> presentableDocks() const;
    // Presentation mode: every dock hidden but `shown` (none when nullptr), which is docked at the
    // right of the canvas, `width` pixels wide. Not the user closing a view; until restoreLayout()
    // puts the layout back, pattern views that start to apply (a run of another lab) stay hidden.
    void presentOnly(QDockWidget* shown, int width);

private:
    struct PatternDock {
        QString id;
        QDockWidget* dock = nullptr;
        bool applies = false;
    };

    QDockWidget* addDock(QWidget* content, const QString& title, const QString& name, Qt::DockWidgetArea area);
    QAction* addViewAction(QDockWidget* dock);
    void applyPatternViews();
    void rememberChoice(const QString& id, bool shown);

    QMainWindow& m_window;
    QMenu& m_viewMenu;
    QDockWidget* m_checksDock = nullptr;
    SpacetimeWidget* m_messages = nullptr;
    QDockWidget* m_messagesDock = nullptr;
    QDockWidget* m_metricsDock = nullptr;
    std::vector<PatternDock> m_patternDocks;
    std::vector<std::pair<QDockWidget*, QAction*>> m_viewActions;
    RoleUse m_use;
    QByteArray m_setAside;     // the layout before setAside(); empty when the docks are in place
    bool m_applying = false;   // showing or hiding docks ourselves: not the user's choice
    bool m_presenting = false;           // presentOnly() until restoreLayout()
    QDockWidget* m_presented = nullptr;  // the one dock presentation mode shows
};

}  // namespace distlab::views
