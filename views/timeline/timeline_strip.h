#pragma once

#include <QColor>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace distlab::views {

class RunTimeline;

// The strip along the bottom of the window: the run's time axis with every fault as a bar
// (one row per kind of fault, open bars reaching to now; a fault made by hand with a dashed
// outline, as the report draws it), narrative steps as flags, pauses of the run as narrow bands
// (a pause is an instant of run time; its tooltip says how long it lasted), phase lanes
// (one per node whose role declares phases, a band per phase coloured by its tone and labelled as
// the role's descriptor labels it; past kMaxPhaseLanes the last lane sums up the rest by their
// most severe tone), check failures as red marks, and the cursor. Clicking or dragging moves the cursor (RunTimeline::
// seek); the newest end is "live". Hovering a bar or flag shows what it is.
//
// Repaints at most every frame interval, however many events arrive.
//
// Threading: GUI thread only.
class TimelineStrip final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kFrameMs = 33;
    static constexpr int kMaxPhaseLanes = 6;

    explicit TimelineStrip(RunTimeline& timeline, QWidget* parent = nullptr);

    // The run's planned length, so the axis does not rescale as events arrive (0: follow the
    // newest event).
    void setPlannedDuration(qint64 ns);
    // Marks where a check found its anomaly (a window of the run).
    void addCheckMark(qint64 startNs, qint64 endNs, const QString& label);
    void clearCheckMarks();
    // Narrative and phase labels in Chinese instead of English.
    void setChinese(bool chinese);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // What the last paint drew, for tests.
    int faultBarsDrawn() const { return m_faultBarsDrawn; }
    int stepFlagsDrawn() const { return m_stepFlagsDrawn; }
    int handFaultsDrawn() const { return m_handFaultsDrawn; }
    int pauseMarksDrawn() const { return m_pauseMarksDrawn; }
    // What hovering at `pos` shows (empty: the strip's general hint), for tests.
    QString tooltipAt(const QPoint& pos) const;
    int phaseBandsDrawn() const { return m_phaseBandsDrawn; }
    // The labels of the phase lanes drawn (node ids, and the summary lane's), top to bottom.
    QStringList phaseLanesDrawn() const { return m_phaseLanesDrawn; }
    // The phase labels written inside bands.
    QStringList phaseLabelsDrawn() const { return m_phaseLabelsDrawn; }

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
    QStringList faultRows() const;
    // A lane: one node's phases, or the rest summed up. Bands in time order.
    struct Band {
        qint64 startNs;
        qint64 endNs;
        QColor colour;
        QString label;
        std::size_t phaseEvent = 0;   // the Phase event that began it (its reason), if `label` is set
    };
    struct Lane {
        QString label;
        std::vector<Band> bands;
    };
    std::vector<Lane> phaseLanes() const;
    int phaseLaneCount() const;
    double phaseLanesTop() const;
    void scheduleRepaint();

    RunTimeline& m_timeline;
    QTimer m_frame;
    qint64 m_plannedNs = 0;
    bool m_chinese = false;
    std::vector<CheckMark> m_checks;
    int m_laneCount = 0;            // phase lanes the size hint has room for
    int m_faultRowCount = 0;        // fault rows the size hint has room for
    int m_phaseBandsDrawn = 0;
    QStringList m_phaseLanesDrawn;
    QStringList m_phaseLabelsDrawn;
    int m_faultBarsDrawn = 0;
    int m_stepFlagsDrawn = 0;
    int m_handFaultsDrawn = 0;
    int m_pauseMarksDrawn = 0;
};

}  // namespace distlab::views
