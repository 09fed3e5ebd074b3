#include "views/patterns/atomic_commit/tx_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/patterns/atomic_commit/tx_lane_history.h"

namespace distlab::views {

namespace {

constexpr int kFrameMs = 33;

// A tick step of 1, 2 or 5 times a power of ten (in ns) giving at most `maxTicks` ticks.
qint64 tickStep(qint64 spanNs, int maxTicks) {
    const double raw = double(spanNs) / std::max(1, maxTicks);
    const double power = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (power * factor >= raw)
            return std::max<qint64>(1, qint64(power * factor));
    return std::max<qint64>(1, qint64(power * 10.0));
}

QString swatch(const QColor& colour, const QString& name) {
    return QStringLiteral("<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;</span>&nbsp;%2")
        .arg(colour.name(), name.toHtmlEscaped());
}

}  // namespace

// ---- TxLanes ----

TxLanes::TxLanes(const TxLaneHistory& history, RunTimeline& timeline, QWidget* parent)
    : QWidget(parent), m_history(history), m_timeline(timeline) {
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QColor TxLanes::committedColour() { return toneColour(core::Tone::Healthy); }
QColor TxLanes::abortedColour() { return toneColour(core::Tone::Warning); }
QColor TxLanes::inDoubtColour() { return toneColour(core::Tone::Failing); }

int TxLanes::laneCount() const { return int(m_history.participants().size()); }

QSize TxLanes::sizeHint() const {
    return {600, std::max(3, laneCount()) * 56 + fontMetrics().height() + 12};
}

QSize TxLanes::minimumSizeHint() const {
    return {240, std::max(1, laneCount()) * 24 + fontMetrics().height() + 12};
}

TxLanes::Layout TxLanes::layout() const {
    Layout l;
    const QFontMetrics fm = fontMetrics();
    int nameWidth = fm.horizontalAdvance(QStringLiteral("p00"));
    for (const QString& node : m_history.participants())
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(node));
    l.left = std::min<double>(nameWidth + 14, width() / 3.0);
    l.right = width() - 10.0;
    l.top = 4;
    l.axisTop = height() - (fm.height() + 8);
    const int n = std::max(1, laneCount());
    l.gap = 6;
    l.laneHeight = std::max(12.0, (l.axisTop - l.top) / n - l.gap);
    return l;
}

qint64 TxLanes::spanNs() const {
    return std::max<qint64>(1'000'000'000, m_timeline.endNs());
}

QRectF TxLanes::laneRect(int lane) const {
    return layout().laneRect(lane);
}

double TxLanes::xOf(qint64 tNs) const {
    return layout().xOf(tNs, spanNs());
}

qint64 TxLanes::timeAt(double x) const {
    return layout().timeAt(x, spanNs(), m_timeline.endNs());
}

int TxLanes::maxLocks() const {
    // The most locks any participant held at once, over the whole run: one scale for all lanes.
    int most = 1;
    for (const QString& node : m_history.participants()) {
        std::vector<std::pair<qint64, int>> edges;
        for (const TxHold& h : m_history.holdsOf(node)) {
            edges.push_back({h.startNs, h.locks});
            if (h.endNs >= 0)
                edges.push_back({h.endNs, -h.locks});
        }
        std::sort(edges.begin(), edges.end());
        int held = 0;
        for (const auto& [t, d] : edges)
            most = std::max(most, held += d);
    }
    return most;
}

void TxLanes::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (laneCount() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No transaction participants in this run yet"));
        return;
    }
    const Layout l = layout();
    const int scale = maxLocks();
    for (int lane = 0; lane < laneCount(); ++lane)
        paintLane(painter, l, lane, scale);
    paintAxis(painter, l);
    const double cursorX = xOf(m_timeline.cursorNs());
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawLine(QPointF(cursorX, 0), QPointF(cursorX, l.axisTop + 3));
}

void TxLanes::paintLane(QPainter& painter, const Layout& l, int lane, int scale) const {
    const QString node = m_history.participants()[lane];
    const QRectF band(l.left, l.top + lane * (l.laneHeight + l.gap), l.right - l.left, l.laneHeight);
    const bool selected = node == m_timeline.selectedNode();
    const QRectF nameRect(0, band.top(), l.left - 4, band.height());
    if (selected)
        painter.fillRect(nameRect, palette().color(QPalette::Highlight));
    painter.setPen(palette().color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter.drawText(nameRect.adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, node);

    const qint64 cursor = m_timeline.cursorNs();
    const double strip = std::min(5.0, band.height() / 4);
    const QRectF bars(band.left(), band.top(), band.width(), band.height() - strip - 1);
    painter.fillRect(bars, palette().color(QPalette::AlternateBase));

    // The phase strip, up to the cursor.
    const core::RoleDescriptor* role = m_timeline.roleOf(node);
    const auto& changes = m_timeline.phaseChanges(node);
    for (std::size_t i = 0; i < changes.size() && changes[i].tNs <= cursor; ++i) {
        const qint64 to = i + 1 < changes.size() ? std::min(changes[i + 1].tNs, cursor) : cursor;
        const QColor colour = changes[i].phase.isEmpty()
                                  ? QColor(0x5e, 0x5c, 0x64)
                                  : toneColour(phaseTone(role, changes[i].phase.toStdString()));
        painter.fillRect(QRectF(QPointF(xOf(changes[i].tNs), band.bottom() - strip),
                                QPointF(std::max(xOf(to), xOf(changes[i].tNs) + 1), band.bottom())),
                         colour);
    }

    // Locks held in doubt per pixel column, split by how each transaction ended by the cursor.
    const int columns = std::max(1, int(std::ceil(bars.width())));
    std::vector<int> committed(std::size_t(columns) + 1, 0), aborted(committed), undecided(committed);
    const auto column = [&](qint64 t) {
        return std::clamp(int(std::floor(xOf(t) - bars.left())), 0, columns);
    };
    std::vector<double> splits;
    for (const TxHold& h : m_history.holdsOf(node)) {
        if (h.startNs > cursor)
            break;
        const bool decided = h.endNs >= 0 && h.endNs <= cursor;
        const qint64 end = decided ? h.endNs : cursor;
        auto& diff = !decided ? undecided : h.commit ? committed : aborted;
        const int a = column(h.startNs);
        const int b = std::max(a + 1, column(end));
        diff[std::size_t(a)] += h.locks;
        diff[std::size_t(std::min(b, columns))] -= h.locks;
        if (decided && h.split)
            splits.push_back(xOf(h.endNs));
    }
    int c = 0, a = 0, u = 0;
    for (int x = 0; x < columns; ++x) {
        c += committed[std::size_t(x)];
        a += aborted[std::size_t(x)];
        u += undecided[std::size_t(x)];
        double y = bars.bottom();
        for (const auto& [n, colour] : {std::pair{c, committedColour()}, std::pair{a, abortedColour()},
                                        std::pair{u, inDoubtColour()}}) {
            if (n <= 0)
                continue;
            const double h = bars.height() * double(n) / double(scale);
            painter.fillRect(QRectF(bars.left() + x, y - h, 1, h), colour);
            y -= h;
        }
    }
    painter.setPen(QPen(inDoubtColour().darker(140), 1.5));
    for (const double x : splits) {
        const QPolygonF mark{QPointF(x - 4, band.top()), QPointF(x + 4, band.top()), QPointF(x, band.top() + 6)};
        painter.setBrush(inDoubtColour());
        painter.drawPolygon(mark);
    }
    painter.setBrush(Qt::NoBrush);
}

void TxLanes::paintAxis(QPainter& painter, const Layout& l) const {
    const QFontMetrics fm = fontMetrics();
    const qint64 span = spanNs();
    const int maxTicks = std::max(2, int((l.right - l.left) / (fm.horizontalAdvance(QStringLiteral("00.0 s")) + 16)));
    const qint64 step = tickStep(span, maxTicks);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawLine(QPointF(l.left, l.axisTop + 1), QPointF(l.right, l.axisTop + 1));
    for (qint64 t = 0; t <= span; t += step) {
        const double x = xOf(t);
        painter.drawLine(QPointF(x, l.axisTop + 1), QPointF(x, l.axisTop + 4));
        const QString label = tr("%1 s").arg(double(t) / 1e9, 0, 'g', 4);
        const double w = fm.horizontalAdvance(label);
        painter.drawText(QRectF(std::clamp(x - w / 2, 0.0, double(width()) - w), l.axisTop + 5, w, fm.height()),
                         label);
    }
}

void TxLanes::mousePressEvent(QMouseEvent* event) {
    const QPointF p = event->position();
    const Layout l = layout();
    m_timeline.seek(timeAt(p.x()));
    const int lane = int(std::floor((p.y() - l.top) / (l.laneHeight + l.gap)));
    if (lane >= 0 && lane < laneCount())
        m_timeline.selectNode(m_history.participants()[lane]);
}

// ---- TxView ----

TxView::TxView(RunTimeline& timeline, QWidget* parent)
    : QWidget(parent), m_timeline(timeline), m_history(std::make_unique<TxLaneHistory>(timeline)) {
    m_header = new QLabel(this);
    m_header->setWordWrap(true);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    updateLegend();
    m_lanes = new TxLanes(*m_history, timeline, this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 2);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_legend);
    layout->addWidget(m_lanes, 1);

    m_frame = new QTimer(this);
    m_frame->setSingleShot(true);
    m_frame->setInterval(kFrameMs);
    connect(m_frame, &QTimer::timeout, this, &TxView::refresh);
    connect(&timeline, &RunTimeline::appended, this, [this](std::size_t first, std::size_t count) {
        m_history->ingest(first, count);
        scheduleRefresh();
    });
    connect(&timeline, &RunTimeline::cleared, this, [this] {
        m_history->clear();
        refresh();
    });
    connect(&timeline, &RunTimeline::cursorMoved, this, &TxView::scheduleRefresh);
    connect(&timeline, &RunTimeline::liveChanged, this, &TxView::scheduleRefresh);
    connect(&timeline, &RunTimeline::nodeSelected, this, &TxView::scheduleRefresh);

    if (!timeline.events().empty())
        m_history->ingest(0, timeline.events().size());
    refresh();
}

TxView::~TxView() = default;

void TxView::updateLegend() {
    m_sagaLegend = m_history->sagas();
    const QString title = m_sagaLegend
                              ? tr("Semantic locks held (from a saga's step to its finish or compensation):")
                              : tr("Locks held in doubt (from the yes vote to the decision):");
    const QStringList swatches =
        m_sagaLegend ? QStringList{swatch(TxLanes::committedColour(), tr("then finished")),
                                   swatch(TxLanes::abortedColour(), tr("then compensated")),
                                   swatch(TxLanes::inDoubtColour(), tr("still pending")),
                                   QStringLiteral("<span style=\"color:%1\">▼</span>&nbsp;")
                                           .arg(TxLanes::inDoubtColour().name()) +
                                       tr("finished here, compensated elsewhere").toHtmlEscaped()}
                     : QStringList{swatch(TxLanes::committedColour(), tr("then committed")),
                                   swatch(TxLanes::abortedColour(), tr("then aborted")),
                                   swatch(TxLanes::inDoubtColour(), tr("still undecided")),
                                   QStringLiteral("<span style=\"color:%1\">▼</span>&nbsp;")
                                           .arg(TxLanes::inDoubtColour().name()) +
                                       tr("decided the other way elsewhere").toHtmlEscaped()};
    m_legend->setText(title.toHtmlEscaped() + QStringLiteral("&nbsp;&nbsp;") +
                      swatches.join(QStringLiteral("&nbsp;&nbsp;")) + QStringLiteral("<br>") +
                      tr("The strip under each lane: the participant's phase.").toHtmlEscaped());
}

QString TxView::headerText() const { return m_header->text(); }

void TxView::scheduleRefresh() {
    if (!m_frame->isActive())
        m_frame->start();
}

void TxView::refresh() {
    m_frame->stop();
    if (m_history->sagas() != m_sagaLegend)
        updateLegend();
    const qint64 t = m_timeline.cursorNs();
    const QString at = tr("at %1 s").arg(double(t) / 1e9, 0, 'f', 3);
    if (m_history->participants().isEmpty()) {
        m_header->setText(tr("No transaction participants") + QStringLiteral(" · ") + at);
    } else {
        QStringList held;
        for (const QString& node : m_history->participants()) {
            int txs = 0;
            const int locks = m_history->locksAt(node, t, &txs);
            held << (m_sagaLegend ? tr("%1: %2 sagas").arg(node).arg(txs)
                                  : tr("%1: %2 locks in %3 transactions").arg(node).arg(locks).arg(txs));
        }
        const int split = m_history->splitCount(t);
        m_header->setText(at + QStringLiteral(" · ") + (m_sagaLegend ? tr("pending") : tr("in doubt")) +
                          QStringLiteral(" ") +
                          held.join(QStringLiteral(", ")) +
                          (split > 0 ? QStringLiteral(" · ") + tr("%n transaction(s) split between commit and abort",
                                                                  nullptr, split)
                                     : QString()));
    }
    m_lanes->update();
}

}  // namespace distlab::views
