#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <cstddef>
#include <vector>

#include "views/metrics/metrics_series.h"

class QChart;
class QChartView;
class QComboBox;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QTabBar;
class QValueAxis;

namespace distlab::views {

class RunTimeline;

// Live charts of a run (Qt Charts): throughput, latency p50 / p99, error and timeout rates,
// messages per second and the metrics roles report, for every node or for one. Fault intervals
// of the timeline are shaded behind the lines and labelled with their kind; when the timeline is
// scrubbed back a vertical line marks the cursor and the series end there.
//
// Built only on the RunTimeline (views/common/run_timeline.h): live appends feed a MetricsSeries
// incrementally, a seek recomputes it up to the cursor, a change of scope recomputes it for the
// new scope. The chart is redrawn at most ~30 times a second, one replace() per series.
//
// Ownership: the timeline must outlive the view. Threading: GUI thread only.
class MetricsView final : public QWidget {
    Q_OBJECT
public:
    enum class Chart { Throughput, Latency, Errors, Messages, RoleMetrics };
    static constexpr int kFrameIntervalMs = 33;

    explicit MetricsView(RunTimeline& timeline, QWidget* parent = nullptr);
    ~MetricsView() override;

    Chart currentChart() const;
    void showChart(Chart chart);

    // The node whose metrics are shown; empty: all nodes.
    QString scopeNode() const;
    // Shows one node (empty: all nodes).
    void setScopeNode(const QString& node);
    // Shows the node selected in the timeline, following later selections.
    void followSelection();

    // The role metrics that can be plotted, as shown in the metric chooser.
    QStringList roleMetricNames() const;
    // Plots the role metric at `index` of roleMetricNames() on the role metrics chart.
    void showRoleMetric(int index);
    // The role metric plotted, as in roleMetricNames(); empty when none has been reported.
    QString currentRoleMetricName() const;

    // Draws the pending changes now instead of at the next frame.
    void updateNow();

    // The names of the chart's series, as in its legend.
    QStringList seriesNames() const;
    // The number of points of each series, in the order of seriesNames().
    QList<int> seriesPointCounts() const;
    // The fault bands drawn, labelled as on the chart.
    QStringList faultBandLabels() const;
    bool cursorLineShown() const;
    const MetricsSeries& metricsSeries() const { return m_series; }

protected:
    void changeEvent(QEvent* event) override;

private:
    enum class ScopeMode { All, Selected, Node };
    struct Line {
        QLineSeries* series = nullptr;
        QColor colour;   // invalid: the theme's
    };
    struct Band {
        QGraphicsRectItem* rect = nullptr;
        QGraphicsSimpleTextItem* label = nullptr;
    };
    struct Curve {
        QString name;
        std::vector<MetricPoint> points;
        QColor colour;
    };

    void onAppended();
    void onCursorMoved();
    void onCleared();
    void onNodeAppeared(const QString& node);
    void onNodeSelected();
    void onScopeChosen();
    void scheduleFrame();
    // Feeds the series the events up to the cursor, from scratch when the cursor went back.
    void syncToCursor();
    void rebuildForScope();
    void refreshMetricChooser();
    std::vector<Curve> curves(QString& unit) const;
    void setLines(const std::vector<Curve>& curves);
    void updateAxes(const std::vector<Curve>& curves, const QString& unit);
    static void setRangeAndStep(QValueAxis* axis, double top, double step);
    void updateOverlays();
    void applyTheme();

    RunTimeline& m_timeline;
    MetricsSeries m_series;
    std::size_t m_fed = 0;   // events of the timeline fed to m_series
    QString m_scope;
    ScopeMode m_scopeMode = ScopeMode::All;
    RoleMetricId m_chosenMetric;   // the role metric to plot; kept across scopes and runs

    QTabBar* m_tabs = nullptr;
    QWidget* m_metricRow = nullptr;
    QComboBox* m_metricCombo = nullptr;
    QComboBox* m_scopeCombo = nullptr;
    QChartView* m_view = nullptr;
    QChart* m_chart = nullptr;
    QValueAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    std::vector<Line> m_lines;
    std::vector<Band> m_bands;
    QGraphicsLineItem* m_cursorLine = nullptr;
    bool m_dark = false;
    QTimer m_frameTimer;
};

}  // namespace distlab::views
