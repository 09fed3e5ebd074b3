#pragma once

#include <QTimer>
#include <QWidget>

#include <utility>
#include <vector>

namespace distlab::views {

class RunTimeline;

// The strip along the bottom of the window: the run's time axis with every fault as a bar
// (one row per kind of fault, open bars reaching to now), narrative steps as flags, each circuit
// breaker's state over time (closed / open / half-open bands), check failures as red marks, and
// the cursor. Clicking or dragging moves the cursor (RunTimeline::
// seek); the newest end is "live". Hovering a bar or flag shows what it is.
//
// Repaints at most every frame interval, however many events arrive.
//
// Threading: GUI thread only.
class TimelineStrip final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kFrameMs = 33;

    explicit TimelineStrip(RunTimeline& timeline, QWidget* parent = nullptr);

    // The run's planned length, so the axis does not rescale as events arrive (0: follow the
    // newest event).
    void setPlannedDuration(qint64 ns);
    // Marks where a check found its anomaly (a window of the run).
    void addCheckMark(qint64 startNs, qint64 endNs, const QString& label);
    void clearCheckMarks();
    // Narrative in Chinese instead of English.
    void setChinese(bool chinese);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // What the last paint drew, for tests.
    int faultBarsDrawn() const { return m_faultBarsDrawn; }
    int stepFlagsDrawn() const { return m_stepFlagsDrawn; }
    int breakerBandsDrawn() const { return m_breakerBandsDrawn; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct CheckMark {
        qint64 startNs;
        qint64 endNs;
        QString label;
    };

    qint64 axisEndNs() const;
    QRectF plotRect() const;
    qint64 timeAt(double x) const;
    double xAt(qint64 ns) const;
    QString tooltipAt(const QPoint& pos) const;
    QStringList faultRows() const;
    void scheduleRepaint();
    void takeBreakerStates(std::size_t first, std::size_t count);

    RunTimeline& m_timeline;
    QTimer m_frame;
    qint64 m_plannedNs = 0;
    bool m_chinese = false;
    std::vector<CheckMark> m_checks;
    // Per breaker node, its state changes in time order: (time, state).
    std::vector<std::pair<QString, std::vector<std::pair<qint64, QString>>>> m_breakers;
    int m_breakerBandsDrawn = 0;
    int m_faultBarsDrawn = 0;
    int m_stepFlagsDrawn = 0;
};

}  // namespace distlab::views
