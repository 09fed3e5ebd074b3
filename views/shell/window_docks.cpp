#include "views/shell/window_docks.h"

#include <QAction>
#include <QDockWidget>
#include <QGuiApplication>
#include <QMainWindow>
#include <QMenu>
#include <QScreen>
#include <QSettings>

#include <algorithm>

#include "views/editor/editor_controller.h"
#include "views/faults/hand_faults.h"
#include "views/metrics/metrics_view.h"
#include "views/shell/checks_panel.h"
#include "views/shell/log_panel.h"
#include "views/shell/state_panel.h"
#include "views/spacetime/spacetime_widget.h"

namespace distlab::views {

namespace {

const QString kClosedPatternViews = QStringLiteral("window/closedPatternViews");

}  // namespace

WindowDocks::WindowDocks(QMainWindow& window, QMenu& viewMenu, RunTimeline& timeline, EditorController& editor,
                         HandFaults& faults, const Panels& panels, bool chinese)
    : QObject(&window), m_window(window), m_viewMenu(viewMenu) {
    QDockWidget* log = addDock(panels.log, tr("Log"), QStringLiteral("LogDock"), Qt::BottomDockWidgetArea);
    m_checksDock = addDock(panels.checks, tr("Checks"), QStringLiteral("ChecksDock"), Qt::BottomDockWidgetArea);
    QDockWidget* state = addDock(panels.state, tr("State"), QStringLiteral("StateDock"), Qt::RightDockWidgetArea);
    m_window.tabifyDockWidget(log, m_checksDock);
    log->raise();
    for (QDockWidget* editorDock : {editor.paletteDock(), editor.inspectorDock()})
        m_viewMenu.addAction(addViewAction(editorDock));
    m_window.addDockWidget(Qt::LeftDockWidgetArea, editor.paletteDock());
    m_window.addDockWidget(Qt::RightDockWidgetArea, editor.inspectorDock());
    m_window.tabifyDockWidget(state, editor.inspectorDock());
    m_window.setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);   // the inspector's form runs full height
    editor.inspectorDock()->raise();
    m_window.resizeDocks({editor.paletteDock()}, {230}, Qt::Horizontal);
    m_window.resizeDocks({state}, {340}, Qt::Horizontal);
    // The bottom docks take 280 pixels, less on a short screen (192 at 768, a classroom projector's),
    // where every pixel the canvas keeps makes its nodes larger.
    const QScreen* screen = QGuiApplication::primaryScreen();
    const int screenHeight = screen ? screen->availableGeometry().height() : 1080;
    m_window.resizeDocks({log}, {std::clamp(screenHeight / 4, 160, 280)}, Qt::Vertical);

    std::vector<QDockWidget*> bottom;
    for (const PatternViewSpec& view : PatternViewRegistry::builtin().views()) {
        QDockWidget* dock = addDock(view.make(timeline, &m_window), view.title(chinese), view.dockName(),
                                    Qt::BottomDockWidgetArea);
        const QString id = view.id;
        connect(dock->toggleViewAction(), &QAction::toggled, this, [this, id](bool shown) { rememberChoice(id, shown); });
        m_patternDocks.push_back({id, dock, false});
        bottom.push_back(dock);
    }
    m_metricsDock = addDock(new MetricsView(timeline, &m_window), tr("Metrics"), QStringLiteral("MetricsDock"),
                            Qt::BottomDockWidgetArea);
    bottom.push_back(m_metricsDock);
    m_messages = new SpacetimeWidget(timeline, &m_window);
    m_messagesDock = addDock(m_messages, tr("Messages"), QStringLiteral("MessagesDock"), Qt::BottomDockWidgetArea);
    bottom.push_back(m_messagesDock);
    bottom.push_back(addDock(faults.createHeldPanel(&m_window), tr("Held Messages"), QStringLiteral("HeldDock"),
                             Qt::BottomDockWidgetArea));
    for (QDockWidget* d : bottom)
        m_window.tabifyDockWidget(log, d);
    log->raise();
    int shortcut = 1;
    for (QDockWidget* d : m_window.findChildren<QDockWidget*>()) {
        if (shortcut > 9)
            break;
        if (QAction* action = viewAction(d))
            action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + shortcut++)));
    }
    applyPatternViews();   // no scenario yet: no pattern view
}

QDockWidget* WindowDocks::addDock(QWidget* content, const QString& title, const QString& name, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, &m_window);
    dock->setObjectName(name);
    dock->setWidget(content);
    m_window.addDockWidget(area, dock);
    m_viewMenu.addAction(addViewAction(dock));
    return dock;
}

QAction* WindowDocks::addViewAction(QDockWidget* dock) {
    QAction* toggle = dock->toggleViewAction();
    auto* action = new QAction(toggle->text(), this);
    action->setCheckable(true);
    action->setToolTip(tr("Show %1 in front; hide it when it is in front already").arg(toggle->text()));
    // The dock's own toggle stays the truth for shown and offered (pattern views set it).
    const auto follow = [action, toggle] {
        action->setText(toggle->text());
        action->setChecked(toggle->isChecked());
        action->setVisible(toggle->isVisible());
    };
    follow();
    connect(toggle, &QAction::changed, action, follow);
    connect(action, &QAction::triggered, this, [this, dock, follow] {
        bringForward(dock);
        follow();
    });
    m_viewActions.push_back({dock, action});
    return action;
}

QAction* WindowDocks::viewAction(const QDockWidget* dock) const {
    for (const auto& [d, action] : m_viewActions)
        if (d == dock)
            return action;
    return nullptr;
}

bool WindowDocks::isCovered(const QDockWidget* dock) const {
    if (dock->isHidden() || dock->isFloating() || m_window.tabifiedDockWidgets(const_cast<QDockWidget*>(dock)).isEmpty())
        return false;
    // A tab behind another: the dock area shows another tab's widget in its place.
    return dock->visibleRegion().isEmpty();
}

void WindowDocks::bringForward(QDockWidget* dock) {
    if (dock->isHidden()) {
        dock->show();
        dock->raise();
    } else if (isCovered(dock)) {
        dock->raise();
    } else {
        dock->close();
    }
}

QDockWidget* WindowDocks::patternDock(const QString& id) const {
    for (const PatternDock& p : m_patternDocks)
        if (p.id == id)
            return p.dock;
    return nullptr;
}

void WindowDocks::showPatternViewsFor(const RoleUse& use) {
    m_use = use;
    applyPatternViews();
}

void WindowDocks::restoreLayout(const QByteArray& state) {
    m_presenting = false;
    m_presented = nullptr;
    m_applying = true;
    m_window.restoreState(state);
    m_applying = false;
    applyPatternViews();
}

void WindowDocks::setAside() {
    if (!m_setAside.isEmpty())
        return;
    m_setAside = m_window.saveState();
    m_applying = true;
    for (QDockWidget* dock : m_window.findChildren<QDockWidget*>())
        dock->hide();
    m_applying = false;
}

void WindowDocks::bringBack() {
    if (m_setAside.isEmpty())
        return;
    const QByteArray state = std::exchange(m_setAside, QByteArray());
    restoreLayout(state);
}

QByteArray WindowDocks::layoutState() const {
    return m_setAside.isEmpty() ? m_window.saveState() : m_setAside;
}

std::vector<QDockWidget*> WindowDocks::presentableDocks() const {
    std::vector<QDockWidget*> docks;
    for (const PatternDock& p : m_patternDocks)
        if (p.applies)
            docks.push_back(p.dock);
    docks.push_back(m_messagesDock);
    docks.push_back(m_metricsDock);
    return docks;
}

void WindowDocks::presentOnly(QDockWidget* shown, int width) {
    m_presenting = true;
    m_presented = shown;
    m_applying = true;
    for (QDockWidget* dock : m_window.findChildren<QDockWidget*>())
        if (dock != shown)
            dock->hide();
    if (shown) {
        shown->setFloating(false);
        m_window.addDockWidget(Qt::RightDockWidgetArea, shown);   // out of its tab group, beside the canvas
        shown->show();
        shown->raise();
        m_window.resizeDocks({shown}, {width}, Qt::Horizontal);
    }
    m_applying = false;
}

void WindowDocks::applyPatternViews() {
    const QStringList closed = QSettings().value(kClosedPatternViews).toStringList();
    const auto& views = PatternViewRegistry::builtin().views();
    m_applying = true;
    for (std::size_t i = 0; i < m_patternDocks.size(); ++i) {
        PatternDock& p = m_patternDocks[i];
        p.applies = m_use.servedBy(views[i]);
        const bool shown = p.applies && !closed.contains(p.id);
        p.dock->toggleViewAction()->setVisible(p.applies);
        // Set aside for the library: shown on return. Presenting: only the presented view.
        const bool onScreen = m_presenting ? p.applies && p.dock == m_presented : shown && m_setAside.isEmpty();
        p.dock->setVisible(onScreen);
        p.dock->toggleViewAction()->setChecked(shown);   // a dock hidden before the window shows keeps it checked
    }
    m_applying = false;
}

// The user showed or closed an applicable pattern view (its title bar, the View menu, Alt+N).
// Not a choice: our own showing and hiding, and the window closing (which hides every dock).
void WindowDocks::rememberChoice(const QString& id, bool shown) {
    if (m_applying || !m_window.isVisible())
        return;
    QSettings settings;
    QStringList closed = settings.value(kClosedPatternViews).toStringList();
    closed.removeAll(id);
    if (!shown)
        closed.append(id);
    settings.setValue(kClosedPatternViews, closed);
}

}  // namespace distlab::views
