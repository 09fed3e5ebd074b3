#include "views/shell/presentation.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

#include "views/common/run_timeline.h"
#include "views/shell/window_docks.h"
#include "views/timeline/narrative_bar.h"
#include "views/timeline/timeline_strip.h"
#include "views/topology/topology_view.h"

namespace distlab::views {

namespace {

const QString kViewKey = QStringLiteral("presentation/view");
const QString kNoView = QStringLiteral("none");
constexpr double kViewShare = 0.36;   // of the screen's width, for the chosen view
// The timeline's rows and the views' cells have fixed heights and widths: larger type overlaps.
constexpr int kMaxViewTextPx = 16;

}  // namespace

Presentation::Presentation(QMainWindow& window, WindowDocks& docks, RunTimeline& timeline, const Parts& parts)
    : QObject(&window), m_window(window), m_docks(docks), m_timeline(timeline), m_parts(parts) {
    m_toggle = new QAction(tr("&Presentation"), &window);
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(Qt::Key_F11);
    m_toggle->setToolTip(tr("Full screen for a projector: the canvas, the narrative and one view, large (F11; Esc "
                            "leaves). Keys: 1-9 choose the view, Space the next step, arrows move the cursor"));
    window.addAction(m_toggle);   // F11 also without the menu bar
    connect(m_toggle, &QAction::triggered, this, [this](bool on) { on ? enter() : leave(); });
    // Named, so Help > Keyboard Shortcuts lists them.
    addKey(Qt::Key_Escape, tr("Presentation: leave"), [this] { leave(); });
    addKey(Qt::Key_Space, tr("Presentation: next narrative step"), [this] { nextStep(); });
    addKey(Qt::Key_Left, tr("Presentation: cursor back"), [this] { moveCursor(-1); });
    addKey(Qt::Key_Right, tr("Presentation: cursor on"), [this] { moveCursor(+1); });
    addKey(Qt::Key_Home, tr("Presentation: to the start"), [this] { m_timeline.seek(0); });
    addKey(Qt::Key_0, tr("Presentation: the canvas alone"), [this] { showView(0); });
    for (int number = 1; number <= 9; ++number)
        addKey(QKeySequence(Qt::Key(Qt::Key_0 + number)), tr("Presentation: view %1 beside the canvas").arg(number),
               [this, number] { showView(number); });
}

void Presentation::addKey(const QKeySequence& key, const QString& text, std::function<void()> onTriggered) {
    auto* action = new QAction(text, &m_window);
    action->setShortcut(key);
    action->setEnabled(false);
    m_window.addAction(action);
    connect(action, &QAction::triggered, this, std::move(onTriggered));
    m_keys.push_back(action);
}

double Presentation::pointsFor(int pixels) const {
    return double(pixels) * 72.0 / std::max(m_window.logicalDpiY(), 1);
}

int Presentation::screenHeight() const {
    const QScreen* screen = m_window.screen();
    return screen ? screen->geometry().height() : 720;
}

void Presentation::enter() {
    if (m_active)
        return;
    Q_EMIT aboutToEnter();
    m_layout = m_docks.layoutState();
    m_windowState = m_window.windowState();
    m_menuBarShown = !m_window.menuBar()->isHidden();
    m_statusBarShown = !m_window.statusBar()->isHidden();
    m_geometry = m_window.saveGeometry();
    m_active = true;
    for (QAction* key : m_keys)
        key->setEnabled(true);
    {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(true);
    }
    m_window.menuBar()->hide();
    m_window.statusBar()->hide();
    for (QToolBar* bar : m_window.findChildren<QToolBar*>())
        bar->hide();

    // Sizes from the screen: at 720 lines the caption is 24 px high (36 px at 1080), the timeline's
    // text 16 px.
    const int height = screenHeight();
    m_parts.narrative->setTextPixelSize(std::max(height / 30, 18));
    // In points: the views derive smaller type from the point size (a pixel-sized font has none).
    QFont strip = m_parts.strip->font();
    strip.setPointSizeF(pointsFor(std::clamp(height / 45, 12, kMaxViewTextPx)));
    m_parts.strip->setFont(strip);
    m_parts.canvas->setPresenting(true);

    // The view chosen last time, if this scenario offers it; else the first offered.
    const QString saved = QSettings().value(kViewKey).toString();
    const std::vector<QDockWidget*> views = m_docks.presentableDocks();
    int number = views.empty() ? 0 : 1;
    if (saved == kNoView)
        number = 0;
    for (std::size_t i = 0; i < views.size(); ++i)
        if (views[i]->objectName() == saved)
            number = int(i) + 1;
    m_window.showFullScreen();
    // Without a window manager (a bare X server driving a projector) full screen is only a hint:
    // the screen's geometry makes it so; with one, it is what full screen gives anyway.
    if (const QScreen* screen = m_window.screen())
        m_window.setGeometry(screen->geometry());
    showView(number);
    m_parts.canvas->fit();
    m_parts.canvas->setFocus();
}

void Presentation::leave() {
    if (!m_active)
        return;
    m_active = false;
    for (QAction* key : m_keys)
        key->setEnabled(false);
    {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(false);
    }
    if (m_shown)
        m_shown->setFont(QFont());
    m_shown = nullptr;
    m_parts.narrative->setTextPixelSize(0);
    m_parts.strip->setFont(QFont());
    m_parts.canvas->setPresenting(false);
    m_window.setWindowState(m_windowState);
    m_window.restoreGeometry(m_geometry);
    m_window.menuBar()->setVisible(m_menuBarShown);
    m_window.statusBar()->setVisible(m_statusBarShown);
    m_docks.restoreLayout(m_layout);   // the docks and the toolbar as they were
    m_parts.canvas->fit();
}

void Presentation::showView(int number) {
    if (!m_active)
        return;
    const std::vector<QDockWidget*> views = m_docks.presentableDocks();
    if (number < 0 || number > int(views.size()))
        return;
    if (m_shown)
        m_shown->setFont(QFont());
    m_shown = number == 0 ? nullptr : views[std::size_t(number - 1)];
    const QScreen* screen = m_window.screen();
    const int width = int((screen ? screen->geometry().width() : 1280) * kViewShare);
    if (m_shown) {
        QFont large = m_shown->font();
        large.setPointSizeF(pointsFor(std::clamp(screenHeight() / 48, 12, kMaxViewTextPx)));
        m_shown->setFont(large);
    }
    m_docks.presentOnly(m_shown, width);
    QSettings().setValue(kViewKey, m_shown ? m_shown->objectName() : kNoView);
}

QDockWidget* Presentation::shownView() const {
    return m_active ? m_shown : nullptr;
}

void Presentation::nextStep() {
    const qint64 cursor = m_timeline.cursorNs();
    for (const NarrativeStep& step : m_timeline.steps()) {
        if (step.tNs > cursor) {
            m_timeline.seek(step.tNs);
            return;
        }
    }
    if (m_timeline.isLive())
        Q_EMIT continueRequested();
}

void Presentation::moveCursor(int direction) {
    const qint64 end = m_timeline.endNs();
    if (end <= 0 || direction == 0)
        return;
    const qint64 stride = std::max<qint64>(end / 50, 1'000'000);
    m_timeline.seek(std::clamp(m_timeline.cursorNs() + (direction > 0 ? stride : -stride), qint64(0), end));
}

}  // namespace distlab::views
