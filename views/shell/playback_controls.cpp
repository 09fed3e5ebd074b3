#include "views/shell/playback_controls.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QTimer>

#include <cmath>

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
    m_speed->setObjectName(QStringLiteral("SpeedBox"));
    for (double speed : {10.0, 5.0, 2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01})
        m_speed->addItem(speed >= 1 ? QStringLiteral("%1×").arg(speed) : QStringLiteral("1/%1×").arg(qRound(1 / speed)), speed);
    m_speed->setCurrentIndex(m_speed->findData(1.0));
    m_caption = new QLabel(parent);
    m_caption->setObjectName(QStringLiteral("SpeedCaption"));
    m_caption->setBuddy(m_speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT speedChanged(speed()); });
    m_timer = new QTimer(this);
    m_timer->setInterval(TimelineStrip::kFrameMs);
    connect(m_play, &QAction::toggled, this, [this](bool on) {
        if (on && (m_timeline.isLive() || m_timeline.cursorNs() >= m_timeline.endNs()))
            m_timeline.seek(0);
        on ? m_timer->start() : m_timer->stop();
        updateSpeedUse();
    });
    connect(m_timer, &QTimer::timeout, this, &PlaybackControls::advance);
    connect(&m_timeline, &RunTimeline::liveChanged, this, &PlaybackControls::updateSpeedUse);
    connect(&m_timeline, &RunTimeline::appended, this, [this] {
        if (m_use == SpeedUse::Nothing)
            updateSpeedUse();   // the first events: something to play
    });
    connect(&m_timeline, &RunTimeline::cleared, this, &PlaybackControls::updateSpeedUse);
    updateSpeedUse();
}

double PlaybackControls::speed() const {
    return m_speed->currentData().toDouble();
}

void PlaybackControls::setSpeed(double speed) {
    // The nearest offered speed (on a log scale: 1/3× is nearer 1/2× than 1×).
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::abs(std::log(m_speed->itemData(i).toDouble() / speed)) <
            std::abs(std::log(m_speed->itemData(best).toDouble() / speed)))
            best = i;
    m_speed->setCurrentIndex(best);
}

void PlaybackControls::setRun(Run run, bool simulateNext) {
    m_run = run;
    m_simulateNext = simulateNext;
    updateSpeedUse();
}

void PlaybackControls::updateSpeedUse() {
    const bool past = m_play->isChecked() || (!m_timeline.isLive() && !m_timeline.events().empty());
    const bool playable = !m_timeline.events().empty();
    if (past)
        m_use = SpeedUse::Playback;
    else if (m_run == Run::Simulated || (m_run == Run::None && m_simulateNext))
        m_use = SpeedUse::Simulation;
    else if (m_run == Run::None && playable)
        m_use = SpeedUse::Playback;
    else
        m_use = SpeedUse::Nothing;
    m_speed->setEnabled(m_use != SpeedUse::Nothing);
    m_caption->setEnabled(m_use != SpeedUse::Nothing);
    switch (m_use) {
    case SpeedUse::Playback:
        m_caption->setText(tr("Playback speed"));
        m_speed->setToolTip(m_run == Run::Simulated
                                ? tr("How fast Play moves the cursor, against the run's own time; the simulation in "
                                     "progress runs at this speed too")
                                : tr("How fast Play moves the cursor, against the run's own time"));
        break;
    case SpeedUse::Simulation:
        m_caption->setText(tr("Simulation speed"));
        m_speed->setToolTip(tr("How fast the simulation runs against the scenario's time (1/10×: slow motion); "
                               "Play uses it too"));
        break;
    case SpeedUse::Nothing:
        m_caption->setText(tr("Real time"));
        m_speed->setToolTip(m_run == Run::Real
                                ? tr("Real processes run at the scenario's own pace. The speed applies to playback: "
                                     "drag the timeline back, or wait for the end of the run.")
                                : tr("Real processes run at the scenario's own pace. The speed applies to simulated "
                                     "runs (Simulate) and to playback."));
        break;
    }
    m_live->setEnabled(m_run != Run::None && !m_timeline.isLive());
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
    const qint64 next = m_timeline.cursorNs() + qint64(speed() * TimelineStrip::kFrameMs * 1e6);
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
