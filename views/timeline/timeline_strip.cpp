#include "views/timeline/timeline_strip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include <array>

#include "views/common/phase_style.h"
#include "views/common/fault_names.h"
#include "views/common/view_colours.h"
#include "views/common/run_timeline.h"

namespace distlab::views {

namespace {

constexpr int kAxisHeight = 18;
constexpr int kRowHeight = 12;
constexpr int kStepRowHeight = 14;
constexpr int kMargin = 8;
constexpr int kMaxFaultRows = 5;
constexpr int kLaneHeight = 14;
constexpr qint64 kNsPerSecond = 1'000'000'000;
constexpr double kPauseHalfWidth = 3;   // a pause's band is 6 px wide: it takes no run time

QColor faultHue(const QString& kind);

// One colour per kind of fault, fixed so that it means the same thing on every screen; on a dark
// background a lighter shade of it (the grey of kill and restart would vanish otherwise).
QColor faultColour(const QString& kind, const ViewColours& colours) {
    const QColor base = faultHue(kind);
    if (!colours.dark)
        return base;
    if (kind == QLatin1String("kill") || kind == QLatin1String("restart"))
        return colours.fault;
    return base.lighter(130);
}

QColor faultHue(const QString& kind) {
    if (kind == QLatin1String("partition"))
        return QColor(0xe0, 0x1b, 0x24);
    if (kind == QLatin1String("kill") || kind == QLatin1String("restart"))
        return QColor(0x5e, 0x5c, 0x64);
    if (kind == QLatin1String("pause") || kind == QLatin1String("resume"))
        return QColor(0x35, 0x84, 0xe4);
    if (kind == QLatin1String("latency") || kind == QLatin1String("reorder"))
        return QColor(0xe6, 0x61, 0x00);
    if (kind == QLatin1String("loss") || kind == QLatin1String("duplicate"))
        return QColor(0xc6, 0x46, 0x00);
    if (kind == QLatin1String("hold"))
        return QColor(0x91, 0x41, 0xac);
    if (kind == QLatin1String("clock_skew"))
        return QColor(0x26, 0xa2, 0x69);
    return QColor(0x86, 0x5e, 0x3c);
}

// A tick step (in seconds) that puts roughly one label every 80 pixels.
double tickStep(double seconds, double pixels) {
    const double wanted = seconds * 80.0 / std::max(pixels, 1.0);
    for (const double step : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0})
        if (step >= wanted)
            return step;
    return 1200.0;
}

// "12 s", "12 秒": the unit follows the window's language, as in every other view.
QString secondsLabel(double seconds, double step) {
    return TimelineStrip::tr("%1 s").arg(seconds, 0, 'f', step < 1.0 ? 1 : 0);
}

}  // namespace

TimelineStrip::TimelineStrip(RunTimeline& timeline, QWidget* parent) : QWidget(parent), m_timeline(timeline) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Click or drag to move the timeline cursor"));
    m_frame.setSingleShot(true);
    m_frame.setInterval(kFrameMs);
    connect(&m_frame, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    connect(&timeline, &RunTimeline::appended, this, [this] {
        const int faultRowCount = std::min<int>(int(faultRows().size()), kMaxFaultRows);
        if (phaseLaneCount() != m_laneCount || faultRowCount != m_faultRowCount) {
            m_laneCount = phaseLaneCount();
            m_faultRowCount = faultRowCount;
            updateGeometry();   // room for one more lane or row of faults
        }
        scheduleRepaint();
    });
    connect(&timeline, &RunTimeline::cursorMoved, this, &TimelineStrip::scheduleRepaint);
    connect(&timeline, &RunTimeline::liveChanged, this, &TimelineStrip::scheduleRepaint);
    connect(&timeline, &RunTimeline::cleared, this, [this] {
        m_checks.clear();
        m_laneCount = 0;
        m_faultRowCount = 0;
        updateGeometry();
        scheduleRepaint();
    });
}

void TimelineStrip::setPlannedDuration(qint64 ns) {
    m_plannedNs = std::max<qint64>(ns, 0);
    scheduleRepaint();
}

void TimelineStrip::addCheckMark(qint64 startNs, qint64 endNs, const QString& label) {
    m_checks.push_back({startNs, std::max(startNs, endNs), label});
    scheduleRepaint();
}

void TimelineStrip::clearCheckMarks() {
    m_checks.clear();
    scheduleRepaint();
}

void TimelineStrip::setChinese(bool chinese) {
    m_chinese = chinese;
    scheduleRepaint();
}

QSize TimelineStrip::sizeHint() const {
    // As tall as the rows in use: a short window gives what the strip does not need to the canvas.
    return {600, kAxisHeight + kStepRowHeight + std::max(2, m_faultRowCount) * kRowHeight + m_laneCount * kLaneHeight +
                     2 * kMargin};
}

// The phase lanes are the strip's point for patterns with phases: never squeezed out by the
// canvas above (the fault rows may be).
QSize TimelineStrip::minimumSizeHint() const {
    return {200, kAxisHeight + kStepRowHeight + 2 * kRowHeight + m_laneCount * kLaneHeight + 2 * kMargin};
}

void TimelineStrip::scheduleRepaint() {
    if (!m_frame.isActive())
        m_frame.start();
}

qint64 TimelineStrip::axisEndNs() const {
    return std::max<qint64>({m_plannedNs, m_timeline.endNs(), kNsPerSecond});
}

QRectF TimelineStrip::plotRect() const {
    return QRectF(kMargin, kMargin, std::max(1, width() - 2 * kMargin), std::max(1, height() - 2 * kMargin));
}

double TimelineStrip::xAt(qint64 ns) const {
    const QRectF plot = plotRect();
    return plot.left() + plot.width() * double(ns) / double(axisEndNs());
}

qint64 TimelineStrip::timeAt(double x) const {
    const QRectF plot = plotRect();
    const double share = std::clamp((x - plot.left()) / plot.width(), 0.0, 1.0);
    return qint64(share * double(axisEndNs()));
}

// Rows of fault bars: one per kind, in order of first appearance, the rest sharing the last.
QStringList TimelineStrip::faultRows() const {
    QStringList rows;
    for (const FaultInterval& fault : m_timeline.faults())
        if (!rows.contains(fault.kind))
            rows << fault.kind;
    return rows;
}

int TimelineStrip::phaseLaneCount() const {
    return std::min<int>(int(m_timeline.phasedNodes().size()), kMaxPhaseLanes);
}

double TimelineStrip::phaseLanesTop() const {
    return plotRect().top() + kAxisHeight + kStepRowHeight + std::min<int>(int(faultRows().size()), kMaxFaultRows) * kRowHeight;
}

// One lane per node whose role declares phases; past kMaxPhaseLanes, the last lane shows the rest
// by the most severe tone any of them is in (Tone is declared from the mildest to the worst).
std::vector<TimelineStrip::Lane> TimelineStrip::phaseLanes() const {
    const QStringList nodes = m_timeline.phasedNodes();
    const qint64 end = m_timeline.endNs();
    const int single = int(nodes.size()) > kMaxPhaseLanes ? kMaxPhaseLanes - 1 : int(nodes.size());
    std::vector<Lane> lanes;
    for (int i = 0; i < single; ++i) {
        const core::RoleDescriptor* role = m_timeline.roleOf(nodes[i]);
        const std::vector<PhaseChange>& changes = m_timeline.phaseChanges(nodes[i]);
        Lane lane{nodes[i], {}};
        for (std::size_t c = 0; c < changes.size(); ++c) {
            if (changes[c].phase.isEmpty())
                continue;   // exited: no band until it announces a phase again
            const std::string phase = changes[c].phase.toStdString();
            lane.bands.push_back({changes[c].tNs, c + 1 < changes.size() ? changes[c + 1].tNs : end,
                                  toneColour(phaseTone(role, phase)), phaseLabel(role, phase, m_chinese), changes[c].index});
        }
        lanes.push_back(std::move(lane));
    }
    if (single == int(nodes.size()))
        return lanes;

    // The rest: every change of every remaining node in time order, swept with a count per tone.
    struct Change {
        qint64 tNs;
        int node;
        int tone;   // -1: in no phase
    };
    std::vector<Change> changes;
    for (int i = single; i < int(nodes.size()); ++i) {
        const core::RoleDescriptor* role = m_timeline.roleOf(nodes[i]);
        for (const PhaseChange& c : m_timeline.phaseChanges(nodes[i]))
            changes.push_back({c.tNs, i, c.phase.isEmpty() ? -1 : int(phaseTone(role, c.phase.toStdString()))});
    }
    std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.tNs < b.tNs; });
    std::vector<int> current(nodes.size(), -1);
    std::array<int, std::size_t(core::Tone::Down) + 1> counts{};
    Lane rest{tr("%n more", nullptr, int(nodes.size()) - single), {}};
    bool open = false;   // the last band reaches to the newest event
    for (std::size_t c = 0; c < changes.size();) {
        const qint64 t = changes[c].tNs;
        for (; c < changes.size() && changes[c].tNs == t; ++c) {
            int& tone = current[std::size_t(changes[c].node)];
            if (tone >= 0)
                --counts[std::size_t(tone)];
            tone = changes[c].tone;
            if (tone >= 0)
                ++counts[std::size_t(tone)];
        }
        int worst = -1;
        for (int tone = int(counts.size()) - 1; tone >= 0 && worst < 0; --tone)
            if (counts[std::size_t(tone)] > 0)
                worst = tone;
        if (open && worst >= 0 && rest.bands.back().colour == toneColour(core::Tone(worst)))
            continue;   // the same tone goes on
        if (open) {
            rest.bands.back().endNs = t;
            open = false;
        }
        if (worst >= 0) {
            rest.bands.push_back({t, end, toneColour(core::Tone(worst)), {}, 0});
            open = true;
        }
    }
    lanes.push_back(std::move(rest));
    return lanes;
}

void TimelineStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const ViewColours colours = viewColours(pal);
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QRectF plot = plotRect();
    const double seconds = double(axisEndNs()) / double(kNsPerSecond);

    // Axis with ticks along the top.
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    painter.setFont(small);
    const double step = tickStep(seconds, plot.width());
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(QPointF(plot.left(), plot.top() + kAxisHeight - 4), QPointF(plot.right(), plot.top() + kAxisHeight - 4));
    for (double s = 0; s <= seconds + 1e-9; s += step) {
        const double x = xAt(qint64(s * double(kNsPerSecond)));
        painter.setPen(pal.color(QPalette::Mid));
        painter.drawLine(QPointF(x, plot.top() + kAxisHeight - 8), QPointF(x, plot.bottom()));
        painter.setPen(pal.color(QPalette::Text));
        const QString label = secondsLabel(s, step);
        const double w = painter.fontMetrics().horizontalAdvance(label);
        painter.drawText(QPointF(std::min(x + 2, plot.right() - w), plot.top() + kAxisHeight - 7), label);
    }

    // What has happened so far, lightly shaded; the unseen past of a scrubbed cursor stays blank.
    const double nowX = xAt(m_timeline.endNs());
    QColor progress = pal.color(QPalette::Highlight);
    progress.setAlphaF(0.08);
    painter.fillRect(QRectF(plot.left(), plot.top() + kAxisHeight, nowX - plot.left(), plot.height() - kAxisHeight), progress);

    // Narrative flags.
    const double stepsTop = plot.top() + kAxisHeight;
    m_stepFlagsDrawn = 0;
    for (const NarrativeStep& s : m_timeline.steps()) {
        const double x = xAt(s.tNs);
        QPainterPath flag;
        flag.moveTo(x, stepsTop + kStepRowHeight - 1);
        flag.lineTo(x, stepsTop + 1);
        flag.lineTo(x + 8, stepsTop + 4);
        flag.lineTo(x, stepsTop + 7);
        painter.setPen(QPen(colours.accent, 1.5));
        painter.setBrush(s.pause ? QColor(0xf6, 0xd3, 0x2d) : colours.accent);
        painter.drawPath(flag);
        ++m_stepFlagsDrawn;
    }

    // Fault bars, one row per kind.
    const QStringList rows = faultRows();
    const double faultsTop = stepsTop + kStepRowHeight;
    m_faultBarsDrawn = 0;
    m_handFaultsDrawn = 0;
    for (const FaultInterval& fault : m_timeline.faults()) {
        const int row = std::min<int>(int(rows.indexOf(fault.kind)), kMaxFaultRows - 1);
        const double top = faultsTop + row * kRowHeight + 1;
        if (top + kRowHeight - 2 > plot.bottom())
            continue;
        const double x0 = xAt(fault.startNs);
        const double x1 = std::max(x0 + 3, xAt(fault.endNs >= 0 ? fault.endNs : m_timeline.endNs()));
        QColor colour = faultColour(fault.kind, colours);
        // A fault made by hand keeps its kind's colour, outlined dashed in the report's purple.
        if (fault.byHand)
            painter.setPen(QPen(colours.hand, 1.5, Qt::DashLine));
        else
            painter.setPen(colours.dark ? colour.lighter(120) : colour.darker(130));
        colour.setAlphaF(fault.endNs >= 0 ? (colours.dark ? 0.9f : 0.75f) : (colours.dark ? 0.75f : 0.45f));
        painter.setBrush(colour);
        painter.drawRoundedRect(QRectF(x0, top, x1 - x0, kRowHeight - 3), 2, 2);
        ++m_faultBarsDrawn;
        m_handFaultsDrawn += fault.byHand;
    }
    // Row labels at the right end of each row, readable over the bars.
    painter.setPen(pal.color(QPalette::Text));
    for (int row = 0; row < std::min<int>(int(rows.size()), kMaxFaultRows); ++row) {
        const double top = faultsTop + row * kRowHeight;
        if (top + kRowHeight - 2 > plot.bottom())
            break;
        const QString label =
            row == kMaxFaultRows - 1 && rows.size() > kMaxFaultRows ? tr("other") : faultKindName(rows[row]);
        const double w = painter.fontMetrics().horizontalAdvance(label);
        painter.drawText(QPointF(plot.right() - w - 2, top + kRowHeight - 3), label);
    }

    // Phase lanes below the faults: a band per phase in its tone, its label inside when it fits.
    m_phaseBandsDrawn = 0;
    m_phaseLanesDrawn.clear();
    m_phaseLabelsDrawn.clear();
    const std::vector<Lane> lanes = phaseLanes();
    QFont tiny = small;
    tiny.setPixelSize(kLaneHeight - 5);
    const double lanesTop = phaseLanesTop();
    for (std::size_t row = 0; row < lanes.size(); ++row) {
        const double top = lanesTop + double(row) * kLaneHeight + 1;
        if (top + kLaneHeight - 2 > plot.bottom())
            break;
        painter.setFont(tiny);
        for (const Band& band : lanes[row].bands) {
            const double x0 = xAt(band.startNs);
            const QRectF box(x0, top, std::max(1.0, xAt(band.endNs) - x0), kLaneHeight - 3);
            painter.setPen(Qt::NoPen);
            painter.setBrush(band.colour);
            painter.drawRect(box);
            ++m_phaseBandsDrawn;
            if (!band.label.isEmpty() && painter.fontMetrics().horizontalAdvance(band.label) + 4 <= box.width()) {
                painter.setPen(textOn(band.colour));
                painter.drawText(box.adjusted(2, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, band.label);
                m_phaseLabelsDrawn << band.label;
            }
        }
        // The lane's node at the right end, on a plate so that bands do not hide it.
        painter.setFont(small);
        const QString& label = lanes[row].label;
        const double w = painter.fontMetrics().horizontalAdvance(label) + 4;
        const QRectF plate(plot.right() - w - 2, top, w, kLaneHeight - 3);
        painter.setPen(Qt::NoPen);
        painter.setBrush(pal.color(QPalette::Base));
        painter.drawRect(plate);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(plate, Qt::AlignCenter, label);
        m_phaseLanesDrawn << label;
    }

    // Check failures: a red band across the whole height.
    for (const CheckMark& mark : m_checks) {
        const double x0 = xAt(mark.startNs);
        const double x1 = std::max(x0 + 2, xAt(mark.endNs));
        QColor red(0xe0, 0x1b, 0x24);
        red.setAlphaF(0.25);
        painter.fillRect(QRectF(x0, plot.top() + kAxisHeight, x1 - x0, plot.height() - kAxisHeight), red);
    }

    // Pauses of the run: a narrow band down the strip, and a pause sign left of the step row's
    // flags (a pause at a narrative step has its flag at the same time, to the right).
    m_pauseMarksDrawn = 0;
    for (const RunPause& pause : m_timeline.pauses()) {
        const double x = xAt(pause.tNs);
        QColor band = colours.pause;
        band.setAlphaF(pause.pausedMs >= 0 ? 0.3f : 0.18f);
        painter.fillRect(QRectF(x - kPauseHalfWidth, stepsTop, 2 * kPauseHalfWidth, plot.bottom() - stepsTop), band);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colours.pause);
        painter.drawRect(QRectF(x - 7, stepsTop + 2, 2, kStepRowHeight - 5));
        painter.drawRect(QRectF(x - 4, stepsTop + 2, 2, kStepRowHeight - 5));
        ++m_pauseMarksDrawn;
    }

    // The cursor: a solid line when scrubbed, the live edge otherwise.
    const double cx = xAt(m_timeline.cursorNs());
    const QColor cursorColour = m_timeline.isLive() ? QColor(0x26, 0xa2, 0x69) : colours.accent;
    painter.setPen(QPen(cursorColour, 2));
    painter.drawLine(QPointF(cx, plot.top()), QPointF(cx, plot.bottom()));
    QPainterPath knob;
    knob.moveTo(cx - 5, plot.top());
    knob.lineTo(cx + 5, plot.top());
    knob.lineTo(cx, plot.top() + 6);
    knob.closeSubpath();
    painter.setBrush(cursorColour);
    painter.drawPath(knob);
    painter.setPen(pal.color(QPalette::Mid));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
}

void TimelineStrip::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && !m_timeline.events().empty())
        m_timeline.seek(timeAt(event->position().x()));
}

void TimelineStrip::mouseMoveEvent(QMouseEvent* event) {
    if ((event->buttons() & Qt::LeftButton) && !m_timeline.events().empty())
        m_timeline.seek(timeAt(event->position().x()));
}

QString TimelineStrip::tooltipAt(const QPoint& pos) const {
    const QRectF plot = plotRect();
    const double stepsTop = plot.top() + kAxisHeight;
    const double faultsTop = stepsTop + kStepRowHeight;
    const auto seconds = [](qint64 ns) { return QString::number(double(ns) / double(kNsPerSecond), 'f', 2); };
    QStringList lines;
    if (pos.y() >= stepsTop) {
        // A pause's band and its sign (left of the band) take a few pixels on either side.
        for (const RunPause& pause : m_timeline.pauses()) {
            const double x = xAt(pause.tNs);
            if (pos.x() < x - 8 || pos.x() > x + kPauseHalfWidth + 1)
                continue;
            const QString at = seconds(pause.tNs);
            const QString length = QString::number(double(pause.pausedMs) / 1000.0, 'f', 1);
            if (pause.pausedMs < 0)
                lines << (pause.atStep ? tr("Paused at a narrative step at %1 s, still paused").arg(at)
                                       : tr("Paused by hand at %1 s, still paused").arg(at));
            else
                lines << (pause.atStep ? tr("Paused at a narrative step at %1 s for %2 s").arg(at, length)
                                       : tr("Paused by hand at %1 s for %2 s").arg(at, length));
        }
    }
    if (pos.y() >= stepsTop && pos.y() < faultsTop) {
        for (const NarrativeStep& s : m_timeline.steps())
            if (std::abs(xAt(s.tNs) + 4 - pos.x()) <= 6)
                lines << tr("%1 s: %2").arg(seconds(s.tNs), m_chinese && !s.zh.isEmpty() ? s.zh : s.en);
    }
    const QStringList rows = faultRows();
    const int row = int((pos.y() - faultsTop) / kRowHeight);
    if (pos.y() >= faultsTop && row >= 0 && row < std::min<int>(int(rows.size()), kMaxFaultRows)) {
        const qint64 t = timeAt(pos.x());
        for (const FaultInterval& fault : m_timeline.faults()) {
            if (std::min<int>(int(rows.indexOf(fault.kind)), kMaxFaultRows - 1) != row)
                continue;
            const qint64 end = fault.endNs >= 0 ? fault.endNs : m_timeline.endNs();
            const qint64 slack = timeAt(plot.left() + 3);   // three pixels, for short faults
            if (t + slack >= fault.startNs && t - slack <= end) {
                const QString target = fault.node.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(fault.node);
                const QString kind = faultKindName(fault.kind);
                const QString line = fault.endNs >= 0
                                         ? tr("%1%2: %3 s to %4 s").arg(kind, target, seconds(fault.startNs), seconds(fault.endNs))
                                         : tr("%1%2: since %3 s").arg(kind, target, seconds(fault.startNs));
                lines << (fault.byHand ? tr("%1 (by hand)").arg(line) : line);
            }
        }
    }
    const double lanesTop = phaseLanesTop();
    if (pos.y() >= lanesTop) {
        const std::vector<Lane> lanes = phaseLanes();
        const auto lane = std::size_t((pos.y() - lanesTop) / kLaneHeight);
        const qint64 t = timeAt(pos.x());
        if (lane < lanes.size())
            for (const Band& band : lanes[lane].bands)
                if (!band.label.isEmpty() && t >= band.startNs && t <= band.endNs) {
                    lines << tr("%1: %2, %3 s to %4 s").arg(lanes[lane].label, band.label, seconds(band.startNs), seconds(band.endNs));
                    // Why the node entered it, as the role said it, in the window's language.
                    const std::string reason =
                        netlab::phase_reason(m_timeline.events()[band.phaseEvent]).in(m_chinese ? "zh" : "en");
                    if (!reason.empty())
                        lines << QString::fromStdString(reason);
                }
    }
    for (const CheckMark& mark : m_checks) {
        const qint64 t = timeAt(pos.x());
        if (t >= mark.startNs && t <= mark.endNs)
            lines << mark.label;
    }
    return lines.join(QLatin1Char('\n'));
}

bool TimelineStrip::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::showText(help->globalPos(), toolTip(), this);
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

}  // namespace distlab::views
