#include "views/timeline/narrative_bar.h"

#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>

#include "views/common/run_timeline.h"

namespace distlab::views {

NarrativeBar::NarrativeBar(RunTimeline& timeline, QWidget* parent)
    : QFrame(parent), m_timeline(timeline), m_position(new QLabel(this)), m_text(new QLabel(this)) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(12);
    m_position->setForegroundRole(QPalette::ToolTipText);
    m_text->setForegroundRole(QPalette::ToolTipText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextPixelSize(0);
    layout->addWidget(m_position, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    connect(&timeline, &RunTimeline::appended, this, &NarrativeBar::refresh);
    connect(&timeline, &RunTimeline::cursorMoved, this, &NarrativeBar::refresh);
    connect(&timeline, &RunTimeline::cleared, this, &NarrativeBar::refresh);
    refresh();
}

void NarrativeBar::setChinese(bool chinese) {
    m_chinese = chinese;
    refresh();
}

void NarrativeBar::setStepCount(int count) {
    m_stepCount = std::max(count, 0);
    refresh();
}

void NarrativeBar::setWaiting(bool waiting) {
    m_waiting = waiting;
    refresh();
}

void NarrativeBar::setTextPixelSize(int pixels) {
    QFont text = font();
    QFont position = font();
    if (pixels > 0) {
        text.setPixelSize(pixels);
        text.setBold(true);
        position.setPixelSize(std::max(pixels / 2, 1));
    } else {
        text.setPointSizeF(text.pointSizeF() * 1.2);
    }
    m_text->setFont(text);
    m_position->setFont(position);
}

QString NarrativeBar::caption() const {
    return m_text->text();
}

void NarrativeBar::refresh() {
    const auto& steps = m_timeline.steps();
    const qint64 cursor = m_timeline.cursorNs();
    const auto shown = std::find_if(steps.rbegin(), steps.rend(), [cursor](const NarrativeStep& s) { return s.tNs <= cursor; });
    if (shown == steps.rend()) {
        setVisible(false);
        return;
    }
    const int number = int(steps.rend() - shown);
    const QString seconds = QString::number(double(shown->tNs) / 1e9, 'f', 1);
    QString position = m_stepCount > 0 ? tr("Step %1 of %2 · %3 s").arg(number).arg(m_stepCount).arg(seconds)
                                        : tr("Step %1 · %2 s").arg(number).arg(seconds);
    if (m_waiting && shown == steps.rbegin())
        position += QLatin1Char('\n') + tr("Paused: press F6 to continue");
    m_position->setText(position);
    m_text->setText(m_chinese && !shown->zh.isEmpty() ? shown->zh : shown->en);
    setVisible(true);
}

}  // namespace distlab::views
