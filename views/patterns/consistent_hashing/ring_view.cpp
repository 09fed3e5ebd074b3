#include "views/patterns/consistent_hashing/ring_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/patterns/consistent_hashing/md5.h"
#include "views/common/run_timeline.h"
#include "views/patterns/consistent_hashing/ring_history.h"

namespace distlab::views {

namespace {

namespace ch = core::consistent_hashing;

constexpr int kFrameMs = 33;                       // at most ~30 repaints a second
constexpr qint64 kMoveNs = 1'500'000'000;          // how long moved keys are drawn moving
constexpr double kRingSpan = 4294967296.0;         // 2^32 positions on the ring

// Degrees for QPainter (counter-clockwise from 3 o'clock) of a ring position drawn clockwise
// from 12 o'clock.
double qtDegrees(double position) { return 90.0 - 360.0 * position / kRingSpan; }

QPointF polar(QPointF centre, double radius, double position) {
    const double rad = qtDegrees(position) * M_PI / 180.0;
    return {centre.x() + radius * std::cos(rad), centre.y() - radius * std::sin(rad)};
}

QColor blend(const QColor& from, const QColor& to, double f) {
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * f),
                            float(from.greenF() + (to.greenF() - from.greenF()) * f),
                            float(from.blueF() + (to.blueF() - from.blueF()) * f));
}

}  // namespace

RingView::RingView(RunTimeline& timeline, QWidget* parent)
    : QWidget(parent), m_timeline(timeline), m_history(std::make_unique<RingHistory>(timeline)) {
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_frame = new QTimer(this);
    m_frame->setSingleShot(true);
    m_frame->setInterval(kFrameMs);
    connect(m_frame, &QTimer::timeout, this, &RingView::refresh);
    connect(&timeline, &RunTimeline::appended, this, [this](std::size_t first, std::size_t count) {
        m_history->ingest(first, count);
        scheduleRefresh();
    });
    connect(&timeline, &RunTimeline::cleared, this, [this] {
        m_history->clear();
        m_ownersCache.clear();
        refresh();
    });
    connect(&timeline, &RunTimeline::cursorMoved, this, &RingView::scheduleRefresh);
    connect(&timeline, &RunTimeline::liveChanged, this, &RingView::scheduleRefresh);
    connect(&timeline, &RunTimeline::nodeSelected, this, [this](const QString&) { update(); });
    if (!timeline.events().empty())
        m_history->ingest(0, timeline.events().size());
    refresh();
}

RingView::~RingView() = default;

void RingView::scheduleRefresh() {
    if (!m_frame->isActive())
        m_frame->start();
}

QColor RingView::nodeColour(const QString& node) const {
    static const QColor palette[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f),
                                     QColor(0xb0, 0x7a, 0xa1), QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48),
                                     QColor(0x9c, 0x75, 0x5f), QColor(0xff, 0x9d, 0xa7), QColor(0x86, 0xbc, 0xb6),
                                     QColor(0x8c, 0x8c, 0x8c), QColor(0xe1, 0x57, 0x59), QColor(0x1f, 0x4e, 0x99)};
    const int index = int(m_history->nodes().indexOf(node));
    if (index < 0)
        return QColor(0x80, 0x80, 0x80);
    if (index < int(std::size(palette)))
        return palette[index];
    return QColor::fromHsv((index * 137) % 360, 160, 200);   // golden-angle hues beyond the palette
}

QStringList RingView::members() const {
    QStringList out;
    if (m_epoch >= 0)
        for (const auto& m : m_history->epochs()[std::size_t(m_epoch)].placement.members)
            out.append(QString::fromStdString(m));
    return out;
}

const std::vector<core::NodeId>& RingView::ownersOf(int index) {
    if (m_ownersCache.size() < m_history->epochs().size())
        m_ownersCache.resize(m_history->epochs().size());
    auto& cached = m_ownersCache[std::size_t(index)];
    const auto& placement = m_history->epochs()[std::size_t(index)].placement;
    if (cached.empty() && !placement.members.empty())
        cached = ch::owners(placement, placement.members);
    return cached;
}

void RingView::refresh() {
    m_frame->stop();
    const qint64 t = m_timeline.cursorNs();
    m_epoch = m_history->epochAt(t);
    m_moved = 0;
    m_points.clear();
    m_owner.clear();
    m_previousOwner.clear();
    m_sinceChangeNs = -1;
    if (m_epoch < 0) {
        m_header = m_history->nodes().isEmpty() ? tr("No ring nodes") : tr("No ring yet");
        update();
        return;
    }
    const RingHistory::Epoch& epoch = m_history->epochs()[std::size_t(m_epoch)];
    const ch::PlacementSettings& p = epoch.placement;
    if (std::int64_t(m_keyPoints.size()) != p.keys) {
        m_keyPoints.assign(std::size_t(p.keys), 0);
        m_keyRadius.assign(std::size_t(p.keys), 0);
        for (std::int64_t i = 0; i < p.keys; ++i) {
            const auto digest = ch::md5(ch::key_name(i));
            m_keyPoints[std::size_t(i)] = ch::le32(digest, 0);
            m_keyRadius[std::size_t(i)] = double(ch::le32(digest, 4)) / kRingSpan;
        }
    }
    const QStringList& nodes = m_history->nodes();
    if (p.strategy == ch::Strategy::Ring || p.strategy == ch::Strategy::Bounded)
        m_points = ch::ring_points(p.members, p.vnodes);
    const auto& owners = ownersOf(m_epoch);
    m_owner.resize(owners.size());
    for (std::size_t i = 0; i < owners.size(); ++i)
        m_owner[i] = int(nodes.indexOf(QString::fromStdString(owners[i])));

    QString strategy;
    switch (p.strategy) {
    case ch::Strategy::Ring: strategy = tr("ring, %1 virtual nodes each").arg(p.vnodes); break;
    case ch::Strategy::Bounded:
        strategy = tr("bounded loads (factor %1), %2 virtual nodes each").arg(p.load_factor).arg(p.vnodes);
        break;
    case ch::Strategy::Rendezvous: strategy = tr("rendezvous hashing: no ring, the highest score wins"); break;
    case ch::Strategy::Jump: strategy = tr("jump consistent hash: no ring, buckets in member order"); break;
    case ch::Strategy::ModN: strategy = tr("hash mod N: no ring"); break;
    }
    m_header = tr("%1 nodes · %2 keys · %3").arg(p.members.size()).arg(p.keys).arg(strategy);

    if (m_epoch > 0) {
        const auto& before = m_history->epochs()[std::size_t(m_epoch - 1)].placement;
        const auto& previous = ownersOf(m_epoch - 1);
        if (previous.size() == owners.size()) {
            m_previousOwner.assign(owners.size(), -1);
            for (std::size_t i = 0; i < owners.size(); ++i)
                if (previous[i] != owners[i]) {
                    m_previousOwner[i] = int(nodes.indexOf(QString::fromStdString(previous[i])));
                    ++m_moved;
                }
        }
        m_sinceChangeNs = t - epoch.tNs;
        QStringList joined, left;
        for (const auto& m : p.members)
            if (std::find(before.members.begin(), before.members.end(), m) == before.members.end())
                joined.append(QString::fromStdString(m));
        for (const auto& m : before.members)
            if (std::find(p.members.begin(), p.members.end(), m) == p.members.end())
                left.append(QString::fromStdString(m));
        QString change = !joined.isEmpty() ? tr("%1 joined").arg(joined.join(QStringLiteral(", ")))
                         : !left.isEmpty() ? tr("%1 left").arg(left.join(QStringLiteral(", ")))
                                           : tr("the placement changed");
        const double keys = double(std::max<std::int64_t>(p.keys, 1));
        const double fewest = ch::ideal_moved_fraction(before.members.size(), p.members.size());
        m_header += QStringLiteral("\n") +
                    tr("%1 at %2 s: %3 keys change owner (%4 %; the fewest possible %5 %)")
                        .arg(change)
                        .arg(double(epoch.tNs) / 1e9, 0, 'f', 3)
                        .arg(m_moved)
                        .arg(100.0 * m_moved / keys, 0, 'f', 1)
                        .arg(100.0 * fewest, 0, 'f', 1);
    }
    update();
}

void RingView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QFontMetrics fm = fontMetrics();
    m_legendHits.clear();

    const QRectF headerRect(8, 4, width() - 16, fm.height() * 2 + 4);
    painter.setPen(text);
    painter.drawText(headerRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_header);
    if (m_epoch < 0)
        return;

    const RingHistory::Epoch& epoch = m_history->epochs()[std::size_t(m_epoch)];
    const QStringList& nodes = m_history->nodes();
    const QString selected = m_timeline.selectedNode();
    const bool focus = nodes.contains(selected);
    const int selectedIndex = int(nodes.indexOf(selected));

    // The legend: one line per ring node ever seen, members first.
    std::map<int, int> owned, before;
    for (int o : m_owner)
        ++owned[o];
    if (!m_previousOwner.empty())
        for (std::size_t i = 0; i < m_owner.size(); ++i)
            ++before[m_previousOwner[i] >= 0 ? m_previousOwner[i] : m_owner[i]];
    const int legendWidth = fm.horizontalAdvance(QStringLiteral("n100 2000 (+2000)")) + 28;
    const double legendX = width() - legendWidth - 8;
    double y = headerRect.bottom() + 8;
    for (int i = 0; i < nodes.size(); ++i) {
        const QString& node = nodes[i];
        const bool member = std::find(epoch.placement.members.begin(), epoch.placement.members.end(),
                                      node.toStdString()) != epoch.placement.members.end();
        const QRectF swatch(legendX, y + 2, fm.height() - 4, fm.height() - 4);
        QColor colour = nodeColour(node);
        if (!member)
            colour.setAlpha(70);
        painter.fillRect(swatch, colour);
        QString label = node + QStringLiteral("  ") + (member ? QString::number(owned[i]) : tr("off the ring"));
        if (!before.empty() && owned[i] != before[i])
            label += QStringLiteral(" (%1%2)").arg(owned[i] > before[i] ? QStringLiteral("+") : QString()).arg(owned[i] - before[i]);
        QFont f = font();
        f.setBold(node == selected);
        painter.setFont(f);
        painter.setPen(member ? text : pal.color(QPalette::PlaceholderText));
        painter.drawText(QPointF(swatch.right() + 6, y + fm.ascent()), label);
        m_legendHits.push_back({QRectF(legendX, y, legendWidth, fm.height()), node});
        y += fm.height() + 2;
    }
    painter.setFont(font());

    // The circle.
    const QRectF area(8, headerRect.bottom() + 4, legendX - 16, height() - headerRect.bottom() - 12);
    const double radius = std::max(20.0, std::min(area.width(), area.height()) / 2 - 16);
    const QPointF centre = area.center();
    const double band = std::clamp(radius / 14, 4.0, 12.0);
    painter.setPen(QPen(pal.color(QPalette::Mid), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(centre, radius, radius);

    const auto faded = [&](QColor c, int index) {
        if (focus && index != selectedIndex)
            c.setAlpha(60);
        return c;
    };
    // Ownership arcs: each token owns the arc from the token before it.
    if (!m_points.empty()) {
        const QRectF box(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius);
        for (std::size_t i = 0; i < m_points.size(); ++i) {
            const double to = m_points[i].point;
            const double from = i == 0 ? double(m_points.back().point) - kRingSpan : double(m_points[i - 1].point);
            const int index = int(nodes.indexOf(QString::fromStdString(epoch.placement.members[m_points[i].member])));
            QPen pen(faded(nodeColour(nodes.value(index)), index), band);
            pen.setCapStyle(Qt::FlatCap);
            painter.setPen(pen);
            painter.drawArc(box, int(std::lround(qtDegrees(from) * 16)),
                            int(std::lround(-360.0 * (to - from) / kRingSpan * 16)));
        }
        // Tokens: a tick outside the band at each virtual node.
        for (const auto& point : m_points) {
            const int index = int(nodes.indexOf(QString::fromStdString(epoch.placement.members[point.member])));
            painter.setPen(QPen(faded(nodeColour(nodes.value(index)).darker(140), index), 1.2));
            painter.drawLine(polar(centre, radius + band / 2, point.point), polar(centre, radius + band / 2 + 6, point.point));
        }
    }

    // Keys: a dot at the key's angle, spread inward so they do not all sit on one line.
    const double dot = m_owner.size() > 5000 ? 1.6 : 2.4;
    const bool moving = m_sinceChangeNs >= 0 && m_sinceChangeNs < kMoveNs;
    const double f = moving ? double(m_sinceChangeNs) / double(kMoveNs) : 1.0;
    painter.setPen(Qt::NoPen);
    for (int pass = 0; pass < 2; ++pass) {   // unmoved keys first, moved keys on top
        for (std::size_t i = 0; i < m_owner.size() && i < m_keyPoints.size(); ++i) {
            const bool moved = !m_previousOwner.empty() && m_previousOwner[i] >= 0;
            if (moved != (pass == 1))
                continue;
            const QPointF at = polar(centre, radius * (0.35 + 0.57 * m_keyRadius[i]) - band / 2, m_keyPoints[i]);
            const QColor now = nodeColour(nodes.value(m_owner[i]));
            if (!moved) {
                painter.setBrush(faded(now, m_owner[i]));
                painter.drawEllipse(at, dot, dot);
                continue;
            }
            const QColor was = nodeColour(nodes.value(m_previousOwner[i]));
            if (moving) {
                QColor halo = now;
                halo.setAlphaF(float(0.6 * (1.0 - f)));
                painter.setBrush(Qt::NoBrush);
                painter.setPen(QPen(halo, 1.5));
                painter.drawEllipse(at, dot + 2 + 10 * f, dot + 2 + 10 * f);
            }
            QColor outline = text;
            outline.setAlphaF(focus && m_owner[i] != selectedIndex ? 0.25f : 0.8f);
            painter.setPen(QPen(outline, 0.9));
            painter.setBrush(faded(moving ? blend(was, now, f) : now, m_owner[i]));
            painter.drawEllipse(at, dot + 1.2, dot + 1.2);
            painter.setPen(Qt::NoPen);
        }
    }
}

void RingView::mousePressEvent(QMouseEvent* event) {
    for (const auto& [rect, node] : m_legendHits)
        if (rect.contains(event->position())) {
            m_timeline.selectNode(m_timeline.selectedNode() == node ? QString() : node);
            return;
        }
    QWidget::mousePressEvent(event);
}

}  // namespace distlab::views
