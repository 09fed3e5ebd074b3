#include "views/metrics/metrics_view.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QTabBar>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <span>

#include "views/common/fault_names.h"
#include "views/common/run_timeline.h"

namespace distlab::views {

namespace {

// Faults that happen at an instant (they undo another fault or send a command): a mark, not a band.
bool isInstant(const QString& kind) {
    return kind == QLatin1String("restart") || kind == QLatin1String("resume") || kind == QLatin1String("heal") ||
           kind == QLatin1String("command");
}

// 1, 2 or 5 times a power of ten, the smallest not below `raw`.
double niceStep(double raw) {
    if (!(raw > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10 * magnitude;
}

// The number of decimals that show every multiple of `step` exactly enough.
int decimalsFor(double step) {
    return step >= 1 ? 0 : std::min(3, static_cast<int>(std::ceil(-std::log10(step))));
}

QColor faultColour(const QString& kind, bool dark) {
    QColor colour;
    if (kind == QLatin1String("kill") || kind == QLatin1String("restart"))
        colour = QColor(0xd6, 0x45, 0x45);
    else if (kind == QLatin1String("partition") || kind == QLatin1String("heal"))
        colour = QColor(0xe0, 0x8a, 0x1e);
    else if (kind == QLatin1String("pause") || kind == QLatin1String("resume"))
        colour = QColor(0x8e, 0x5c, 0xc9);
    else if (kind == QLatin1String("clock_skew"))
        colour = QColor(0x2a, 0x9d, 0x8f);
    else
        colour = QColor(0x9a, 0x7b, 0x2f);   // link faults and commands
    colour.setAlpha(dark ? 70 : 45);
    return colour;
}

}  // namespace

MetricsView::MetricsView(RunTimeline& timeline, QWidget* parent) : QWidget(parent), m_timeline(timeline) {
    m_tabs = new QTabBar(this);
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->addTab(tr("Throughput"));
    m_tabs->addTab(tr("Latency"));
    m_tabs->addTab(tr("Errors"));
    m_tabs->addTab(tr("Messages"));
    m_tabs->addTab(tr("Role metrics"));
    m_tabs->setTabToolTip(0, tr("Operations completed ok per second"));
    m_tabs->setTabToolTip(1, tr("Latency of ok operations, invocation to completion: median and 99th percentile"));
    m_tabs->setTabToolTip(2, tr("Operations failed, and timed out (outcome unknown), per second"));
    m_tabs->setTabToolTip(3, tr("Messages sent, delivered and dropped per second"));
    m_tabs->setTabToolTip(4, tr("Gauges, counters and samples the roles report"));

    m_metricCombo = new QComboBox(this);
    m_metricCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metricCombo->setToolTip(tr("The role metric to plot"));

    m_scopeCombo = new QComboBox(this);
    m_scopeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_scopeCombo->setToolTip(tr("Whose metrics: every node, the node selected in any view, or one node"));
    m_scopeCombo->addItem(tr("All nodes"));
    m_scopeCombo->addItem(tr("Selected node"));
    for (const QString& node : m_timeline.nodes())
        m_scopeCombo->addItem(node, node);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addWidget(m_tabs, 1);
    bar->addWidget(m_scopeCombo);
    // On its own row, shown with the role metrics chart only, so the tabs keep their room in a narrow dock.
    m_metricRow = new QWidget(this);
    auto* metricBar = new QHBoxLayout(m_metricRow);
    metricBar->setContentsMargins(4, 2, 4, 0);
    metricBar->addWidget(m_metricCombo);
    metricBar->addStretch(1);
    m_metricRow->setVisible(false);

    m_chart = new QChart;
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 8, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_axisX = new QValueAxis(m_chart);
    m_axisY = new QValueAxis(m_chart);
    m_axisX->setTickType(QValueAxis::TicksDynamic);
    m_axisY->setTickType(QValueAxis::TicksDynamic);
    m_axisX->setTickAnchor(0);
    m_axisY->setTickAnchor(0);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    m_cursorLine = new QGraphicsLineItem(m_chart);
    m_cursorLine->setZValue(20);
    m_cursorLine->setVisible(false);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMinimumSize(320, 110);   // the bottom docks fit a 1366 x 768 screen

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_metricRow);
    layout->addWidget(m_view, 1);

    m_frameTimer.setSingleShot(true);
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &MetricsView::updateNow);
    connect(m_chart, &QChart::plotAreaChanged, this, &MetricsView::updateOverlays);
    connect(m_tabs, &QTabBar::currentChanged, this, &MetricsView::updateNow);
    connect(m_scopeCombo, &QComboBox::activated, this, &MetricsView::onScopeChosen);
    connect(m_metricCombo, &QComboBox::activated, this, &MetricsView::showRoleMetric);

    connect(&m_timeline, &RunTimeline::appended, this, &MetricsView::onAppended);
    connect(&m_timeline, &RunTimeline::cursorMoved, this, &MetricsView::onCursorMoved);
    connect(&m_timeline, &RunTimeline::cleared, this, &MetricsView::onCleared);
    connect(&m_timeline, &RunTimeline::nodeAppeared, this, &MetricsView::onNodeAppeared);
    connect(&m_timeline, &RunTimeline::nodeSelected, this, &MetricsView::onNodeSelected);

    applyTheme();
    syncToCursor();
    updateNow();
}

MetricsView::~MetricsView() = default;

MetricsView::Chart MetricsView::currentChart() const {
    return static_cast<Chart>(m_tabs->currentIndex());
}

void MetricsView::showChart(Chart chart) {
    m_tabs->setCurrentIndex(static_cast<int>(chart));
}

QString MetricsView::scopeNode() const {
    return m_scope;
}

void MetricsView::setScopeNode(const QString& node) {
    const int index = node.isEmpty() ? 0 : m_scopeCombo->findData(node);
    if (index < 0)
        m_scopeCombo->addItem(node, node);
    m_scopeCombo->setCurrentIndex(index < 0 ? m_scopeCombo->count() - 1 : index);
    onScopeChosen();
}

void MetricsView::followSelection() {
    m_scopeCombo->setCurrentIndex(1);
    onScopeChosen();
}

QStringList MetricsView::roleMetricNames() const {
    QStringList names;
    for (int i = 0; i < m_metricCombo->count(); ++i)
        names << m_metricCombo->itemText(i);
    return names;
}

QString MetricsView::currentRoleMetricName() const {
    return m_metricCombo->currentText();
}

void MetricsView::showRoleMetric(int index) {
    if (index < 0 || index >= m_metricCombo->count())
        return;
    m_chosenMetric = m_series.roleMetrics()[static_cast<std::size_t>(index)];
    m_metricCombo->setCurrentIndex(index);
    updateNow();
}

void MetricsView::onScopeChosen() {
    const int index = m_scopeCombo->currentIndex();
    m_scopeMode = index <= 0 ? ScopeMode::All : index == 1 ? ScopeMode::Selected : ScopeMode::Node;
    rebuildForScope();
}

void MetricsView::onNodeSelected() {
    if (m_scopeMode == ScopeMode::Selected)
        rebuildForScope();
}

void MetricsView::rebuildForScope() {
    switch (m_scopeMode) {
    case ScopeMode::All: m_scope.clear(); break;
    case ScopeMode::Selected: m_scope = m_timeline.selectedNode(); break;
    case ScopeMode::Node: m_scope = m_scopeCombo->currentData().toString(); break;
    }
    if (m_scope.toStdString() == m_series.scope() && m_fed > 0)
        return;
    m_series.reset(m_scope.toStdString());
    m_fed = 0;
    m_metricCombo->clear();
    syncToCursor();
    updateNow();
}

void MetricsView::onNodeAppeared(const QString& node) {
    if (m_scopeCombo->findData(node) < 0)
        m_scopeCombo->addItem(node, node);
}

void MetricsView::onAppended() {
    if (m_timeline.isLive())
        syncToCursor();
    scheduleFrame();   // even scrubbed back, the time axis and the faults grow
}

void MetricsView::onCursorMoved() {
    syncToCursor();
    scheduleFrame();
}

void MetricsView::onCleared() {
    m_series.reset();
    m_fed = 0;
    syncToCursor();
    // The next run may have other nodes; a node chosen by hand stays chosen.
    for (int i = m_scopeCombo->count() - 1; i >= 2; --i)
        if (i != m_scopeCombo->currentIndex())
            m_scopeCombo->removeItem(i);
    m_metricCombo->clear();
    scheduleFrame();
}

void MetricsView::syncToCursor() {
    const std::vector<netlab::Event>& events = m_timeline.events();
    const std::size_t target = m_timeline.visibleCount();
    if (target < m_fed || m_timeline.cursorNs() < m_series.endNs()) {
        m_series.reset();
        m_fed = 0;
    }
    if (target > m_fed)
        m_series.feed(std::span(events).subspan(m_fed, target - m_fed));
    m_fed = target;
    m_series.advanceTo(m_timeline.cursorNs());
}

void MetricsView::scheduleFrame() {
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void MetricsView::refreshMetricChooser() {
    // The chooser lists m_series.roleMetrics() in order; that list only grows until a reset.
    const std::vector<RoleMetricId>& metrics = m_series.roleMetrics();
    if (static_cast<std::size_t>(m_metricCombo->count()) > metrics.size())
        m_metricCombo->clear();
    if (static_cast<std::size_t>(m_metricCombo->count()) == metrics.size())
        return;
    for (std::size_t i = static_cast<std::size_t>(m_metricCombo->count()); i < metrics.size(); ++i) {
        const QString name = QString::fromStdString(metrics[i].name);
        switch (metrics[i].kind) {
        case RoleMetricKind::Gauge: m_metricCombo->addItem(tr("%1 (gauge)").arg(name)); break;
        case RoleMetricKind::Counter: m_metricCombo->addItem(tr("%1 per second").arg(name)); break;
        case RoleMetricKind::Sample: m_metricCombo->addItem(tr("%1 (mean)").arg(name)); break;
        }
    }
    const auto chosen = std::find(metrics.begin(), metrics.end(), m_chosenMetric);
    m_metricCombo->setCurrentIndex(chosen == metrics.end() ? 0 : static_cast<int>(chosen - metrics.begin()));
}

std::vector<MetricsView::Curve> MetricsView::curves(QString& unit) const {
    std::vector<Curve> out;
    const auto add = [&](const QString& name, Measure measure, QColor colour) {
        out.push_back({name, m_series.series(measure), colour});
    };
    switch (currentChart()) {
    case Chart::Throughput:
        unit = tr("ok ops/s");
        add(tr("ok"), Measure::Throughput, QColor(0x2e, 0x9d, 0x57));
        break;
    case Chart::Latency:
        unit = tr("ms");
        add(tr("p50"), Measure::LatencyP50, QColor(0x3a, 0x7b, 0xd5));
        add(tr("p99"), Measure::LatencyP99, QColor(0xd9, 0x6c, 0x1e));
        break;
    case Chart::Errors:
        unit = tr("ops/s");
        add(tr("failed"), Measure::FailRate, QColor(0xd6, 0x45, 0x45));
        add(tr("timed out"), Measure::TimeoutRate, QColor(0xc9, 0x9a, 0x10));
        break;
    case Chart::Messages:
        unit = tr("messages/s");
        add(tr("sent"), Measure::SentRate, QColor(0x3a, 0x7b, 0xd5));
        add(tr("delivered"), Measure::DeliveredRate, QColor(0x2e, 0x9d, 0x57));
        add(tr("dropped"), Measure::DroppedRate, QColor(0xd6, 0x45, 0x45));
        break;
    case Chart::RoleMetrics: {
        const std::vector<RoleMetricId>& metrics = m_series.roleMetrics();
        if (metrics.empty())
            break;
        // The metric chosen, or the first one until it has been reported in this scope.
        const auto chosen = std::find(metrics.begin(), metrics.end(), m_chosenMetric);
        const RoleMetricId& metric = chosen == metrics.end() ? metrics.front() : *chosen;
        const QString name = QString::fromStdString(metric.name);
        unit = metric.kind == RoleMetricKind::Counter ? tr("%1/s").arg(name) : name;
        for (const std::string& node : m_series.roleMetricNodes(metric))
            out.push_back({QString::fromStdString(node), m_series.roleMetric(metric, node), QColor()});
        break;
    }
    }
    return out;
}

void MetricsView::updateNow() {
    m_frameTimer.stop();
    refreshMetricChooser();
    m_metricRow->setVisible(currentChart() == Chart::RoleMetrics);
    QString unit;
    const std::vector<Curve> shown = curves(unit);
    setLines(shown);
    updateAxes(shown, unit);
    if (currentChart() == Chart::RoleMetrics && shown.empty())
        m_chart->setTitle(m_scope.isEmpty() ? tr("No role has reported a metric yet")
                                            : tr("%1 has reported no metric yet").arg(m_scope));
    else
        m_chart->setTitle(QString());
    updateOverlays();
}

void MetricsView::setLines(const std::vector<Curve>& shown) {
    bool same = shown.size() == m_lines.size();
    for (std::size_t i = 0; same && i < shown.size(); ++i)
        same = m_lines[i].series->name() == shown[i].name && m_lines[i].colour == shown[i].colour;
    if (!same) {
        for (const Line& line : m_lines) {
            m_chart->removeSeries(line.series);
            delete line.series;
        }
        m_lines.clear();
        for (const Curve& curve : shown) {
            auto* series = new QLineSeries;
            series->setName(curve.name);
            m_chart->addSeries(series);
            series->attachAxis(m_axisX);
            series->attachAxis(m_axisY);
            QPen pen = series->pen();
            pen.setWidthF(1.8);
            if (curve.colour.isValid())
                pen.setColor(curve.colour);
            series->setPen(pen);
            connect(series, &QLineSeries::hovered, this, [this, series](const QPointF& point, bool entered) {
                if (entered)
                    QToolTip::showText(QCursor::pos(), tr("%1: %2 at %3 s")
                                                           .arg(series->name())
                                                           .arg(point.y(), 0, 'g', 4)
                                                           .arg(point.x(), 0, 'f', 2), m_view);
                else
                    QToolTip::hideText();
            });
            // On the role metrics chart of every node a line is a node: clicking it selects that node.
            if (currentChart() == Chart::RoleMetrics && m_scope.isEmpty())
                connect(series, &QLineSeries::clicked, this,
                        [this, node = curve.name] { m_timeline.selectNode(node); });
            m_lines.push_back({series, curve.colour});
        }
        // One line is named by the axis title; more than a dozen would bury the chart.
        m_chart->legend()->setVisible(m_lines.size() > 1 && m_lines.size() <= 12);
    }
    for (std::size_t i = 0; i < shown.size(); ++i) {
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(shown[i].points.size()));
        for (const MetricPoint& p : shown[i].points)
            points.append(QPointF(p.tS, p.value));
        m_lines[i].series->replace(points);
    }
}

// Sets an axis to [0, top] with ticks every `step`. Qt Charts lays the ticks out after each of
// the two calls, so the order matters: a range that grew a thousandfold (a counter jumping from 1
// to 2000) with the old step still in force would lay out thousands of ticks, and freeze the
// window for seconds. The larger step goes first, whichever way the range moved.
void MetricsView::setRangeAndStep(QValueAxis* axis, double top, double step) {
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(0, top);
    } else {
        axis->setRange(0, top);
        axis->setTickInterval(step);
    }
}

void MetricsView::updateAxes(const std::vector<Curve>& shown, const QString& unit) {
    const double endS = std::max(1.0, static_cast<double>(m_timeline.endNs()) / 1e9);
    const double plotWidth = std::max(120.0, m_chart->plotArea().width());
    const double xStep = niceStep(endS / std::max(2.0, plotWidth / 80.0));
    setRangeAndStep(m_axisX, endS, xStep);
    m_axisX->setLabelFormat(QStringLiteral("%.") + QString::number(decimalsFor(xStep)) + QStringLiteral("f s"));

    double top = 0;
    for (const Curve& curve : shown)
        for (const MetricPoint& p : curve.points)
            top = std::max(top, p.value);
    const double plotHeight = std::max(60.0, m_chart->plotArea().height());
    const double yStep = niceStep((top > 0 ? top * 1.08 : 1.0) / std::clamp(plotHeight / 45.0, 2.0, 6.0));
    const double yTop = yStep * std::max(1.0, std::ceil(top * 1.08 / yStep));
    setRangeAndStep(m_axisY, yTop, yStep);
    m_axisY->setLabelFormat(QStringLiteral("%.") + QString::number(decimalsFor(yStep)) + QStringLiteral("f"));
    m_axisY->setTitleText(unit);
}

void MetricsView::updateOverlays() {
    const QRectF plot = m_chart->plotArea();
    const double minS = m_axisX->min();
    const double spanS = std::max(1e-9, m_axisX->max() - minS);
    const auto xOf = [&](qint64 tNs) {
        return std::clamp(plot.left() + (static_cast<double>(tNs) / 1e9 - minS) / spanS * plot.width(), plot.left(),
                          plot.right());
    };
    const qint64 cursor = m_timeline.cursorNs();

    std::size_t used = 0;
    double labelRight[3] = {-1e9, -1e9, -1e9};   // right end of the last label in each row
    const QColor text = m_axisX->labelsBrush().color();
    for (const FaultInterval& fault : m_timeline.faults()) {
        if (fault.startNs > cursor)
            break;
        if (used == m_bands.size()) {
            Band band;
            band.rect = new QGraphicsRectItem(m_chart);
            band.rect->setPen(Qt::NoPen);
            band.rect->setZValue(0.5);   // over the plot area's background, under grid and series
            band.label = new QGraphicsSimpleTextItem(m_chart);
            band.label->setZValue(21);
            m_bands.push_back(band);
        }
        Band& band = m_bands[used++];
        const bool instant = isInstant(fault.kind);
        const qint64 endNs = fault.endNs < 0 ? cursor : std::min(fault.endNs, cursor);
        const double left = xOf(fault.startNs);
        const double right = instant ? left + 2 : std::max(left + 2, xOf(endNs));
        band.rect->setRect(QRectF(left, plot.top(), right - left, plot.height()));
        QColor fill = faultColour(fault.kind, m_dark);
        if (instant)
            fill.setAlpha(160);
        band.rect->setBrush(fill);
        band.rect->setToolTip(fault.detail);
        band.rect->setVisible(true);

        QString label = faultKindName(fault.kind);
        if (!fault.node.isEmpty())
            label += QLatin1Char(' ') + (fault.node == QLatin1String("all") ? tr("all nodes") : fault.node);
        band.label->setText(label);
        QFont font = band.label->font();
        font.setPointSizeF(8);
        band.label->setFont(font);
        band.label->setBrush(text);
        const double width = band.label->boundingRect().width();
        const double height = band.label->boundingRect().height();
        int row = 0;
        while (row < 2 && labelRight[row] > left)
            ++row;
        band.label->setPos(std::min(left + 3, plot.right() - width), plot.top() + 2 + row * height);
        labelRight[row] = left + 3 + width + 4;
        band.label->setVisible(true);
    }
    for (std::size_t i = used; i < m_bands.size(); ++i) {
        m_bands[i].rect->setVisible(false);
        m_bands[i].label->setVisible(false);
    }
    while (m_bands.size() > used + 16) {   // keep a few hidden for reuse, not one per fault ever seen
        delete m_bands.back().rect;
        delete m_bands.back().label;
        m_bands.pop_back();
    }

    const bool showCursor = !m_timeline.isLive() && m_timeline.endNs() > 0;
    m_cursorLine->setVisible(showCursor);
    if (showCursor) {
        const double x = xOf(cursor);
        QPen pen(palette().color(QPalette::Highlight), 2);
        m_cursorLine->setPen(pen);
        m_cursorLine->setLine(QLineF(x, plot.top(), x, plot.bottom()));
    }
}

QStringList MetricsView::seriesNames() const {
    QStringList names;
    for (const Line& line : m_lines)
        names << line.series->name();
    return names;
}

QList<int> MetricsView::seriesPointCounts() const {
    QList<int> counts;
    for (const Line& line : m_lines)
        counts << static_cast<int>(line.series->count());
    return counts;
}

QStringList MetricsView::faultBandLabels() const {
    QStringList labels;
    for (const Band& band : m_bands)
        if (band.rect->isVisible())
            labels << band.label->text();
    return labels;
}

bool MetricsView::cursorLineShown() const {
    return m_cursorLine->isVisible();
}

void MetricsView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        updateNow();
    }
}

void MetricsView::applyTheme() {
    m_dark = palette().color(QPalette::Window).lightness() < 128;
    m_chart->setTheme(m_dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setBackgroundBrush(palette().color(QPalette::Base));
    m_chart->setBackgroundRoundness(0);
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() - 1));
    for (QValueAxis* axis : {m_axisX, m_axisY}) {
        axis->setLabelsFont(small);
        axis->setTitleFont(small);
    }
    m_chart->legend()->setFont(small);
    QColor grid = palette().color(QPalette::WindowText);
    grid.setAlpha(m_dark ? 45 : 30);
    for (QValueAxis* axis : {m_axisX, m_axisY})
        axis->setGridLineColor(grid);
    for (const Line& line : m_lines) {
        QPen pen = line.series->pen();
        pen.setWidthF(1.8);
        if (line.colour.isValid())
            pen.setColor(line.colour);
        line.series->setPen(pen);
    }
}

}  // namespace distlab::views
