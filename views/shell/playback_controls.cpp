#include "views/shell/playback_controls.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QTimer>

#include "netlab/api/event.h"
#include "views/common/run_timeline.h"
#include "views/timeline/timeline_strip.h"

namespace distlab::views {

PlaybackControls::PlaybackControls(RunTimeline& timeline, QWidget* parent)
    : QObject(parent), m_timeline(timeline) {
    m_live = new QAction(QIcon::fromTheme(QStringLiteral("go-last")), tr("&Live"), parent);
    m_live->setShortcut(Qt::Key_End);
    m_live->setToolTip(tr("Back to the newest moment of the run (End)"));
    connect(m_live, &QAction::triggered, &m_timeline, &RunTimeline::goLive);

    m_play = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Play"), parent);
    m_play->setCheckable(true);
    m_play->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space));
    m_play->setToolTip(tr("Play the run from the cursor at the chosen speed (Ctrl+Space)"));
    m_speed = new QComboBox(parent);
    m_speed->setToolTip(tr("Playback speed"));
    for (double speed : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0})
        m_speed->addItem(QStringLiteral("%1×").arg(speed), speed);
    m_speed->setCurrentIndex(3);
    m_timer = new QTimer(this);
    m_timer->setInterval(TimelineStrip::kFrameMs);
    connect(m_play, &QAction::toggled, this, [this](bool on) {
        if (on && (m_timeline.isLive() || m_timeline.cursorNs() >= m_timeline.endNs()))
            m_timeline.seek(0);
        on ? m_timer->start() : m_timer->stop();
    });
    connect(m_timer, &QTimer::timeout, this, &PlaybackControls::advance);
}

void PlaybackControls::addTo(QMenu* menu) {
    struct Entry {
        QString text;
        QKeySequence key;
        Step what;
    };
    menu->addAction(m_live);
    menu->addAction(m_play);
    menu->addSeparator();
    for (const Entry& entry : {Entry{tr("Next &Message"), QKeySequence(Qt::ALT | Qt::Key_Right), Step::NextMessage},
                               Entry{tr("Next Event of the Selected &Node"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Right),
                                     Step::NextNodeEvent},
                               Entry{tr("Next &Fault"), QKeySequence(Qt::CTRL | Qt::Key_Right), Step::NextFault},
                               Entry{tr("&Previous Fault"), QKeySequence(Qt::CTRL | Qt::Key_Left), Step::PreviousFault}}) {
        QAction* action = menu->addAction(entry.text);
        action->setShortcut(entry.key);
        const Step what = entry.what;
        connect(action, &QAction::triggered, this, [this, what] { step(what); });
    }
}

void PlaybackControls::stop() {
    m_play->setChecked(false);
}

void PlaybackControls::advance() {
    const double speed = m_speed->currentData().toDouble();
    const qint64 next = m_timeline.cursorNs() + qint64(speed * TimelineStrip::kFrameMs * 1e6);
    if (next >= m_timeline.endNs()) {
        m_play->setChecked(false);
        m_timeline.seek(m_timeline.endNs());
        return;
    }
    m_timeline.seek(next);
}

void PlaybackControls::step(Step what) {
    const auto& events = m_timeline.events();
    if (events.empty())
        return;
    const qint64 cursor = m_timeline.cursorNs();
    if (what == Step::NextFault) {
        for (const FaultInterval& fault : m_timeline.faults())
            if (fault.startNs > cursor) {
                m_timeline.seek(fault.startNs);
                return;
            }
        return;
    }
    if (what == Step::PreviousFault) {
        const auto& faults = m_timeline.faults();
        for (auto it = faults.rbegin(); it != faults.rend(); ++it)
            if (it->startNs < cursor) {
                m_timeline.seek(it->startNs);
                return;
            }
        m_timeline.seek(0);
        return;
    }
    const std::string node = m_timeline.selectedNode().toStdString();
    for (std::size_t i = m_timeline.countUntil(cursor); i < events.size(); ++i) {
        const netlab::Event& e = events[i];
        const bool match = what == Step::NextMessage ? e.kind == netlab::EventKind::MessageSent
                                                     : (!node.empty() && (e.node == node || e.peer == node));
        if (match) {
            m_timeline.seek(e.t_ns);
            return;
        }
    }
}

}  // namespace distlab::views
