#include "views/topology/topology_scene.h"

#include <QGraphicsSceneHelpEvent>
#include <QGraphicsView>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <iterator>

#include "views/common/colour_scheme.h"
#include "views/common/run_timeline.h"
#include "views/topology/topology_items.h"
#include "views/topology/topology_live.h"

// The topology scene's flight painter: where each recent message's dot is at the frame's lab time,
// busy links drawn thick instead of dots, painting the dots, and finding the dot under the mouse.

namespace distlab::views {

namespace {


constexpr std::array<QRgb, 8> kTypeColours = {
    0x1c71d8, 0x2ec27e, 0x9141ac, 0xe5a50a, 0x986a44, 0x26a269, 0xc64600, 0x337d9b,
};

}  // namespace

// A stable colour per message type (FNV-1a), the same in every run.
quint8 typeColour(const std::string& type) {
    quint32 hash = 2166136261u;
    for (const char c : type)
        hash = (hash ^ quint8(c)) * 16777619u;
    return quint8(hash % std::size(kTypeColours));
}

quint64 flightKey(const NodeItem* sender, std::uint64_t msgId) {
    return quint64(reinterpret_cast<quintptr>(sender)) * 0x9e3779b97f4a7c15ull ^ msgId;
}

QColor flightColour(quint8 index) {
    return messageTypeColour(index, kTypeColours);
}

qint64 TopologyScene::frameNow() {
    if (m_timeline && !m_timeline->isLive())
        return m_timeline->cursorNs();
    // Live: lab time goes on between batches; never further than the longest a dot can move.
    const qint64 since = m_live->sinceEvent.isValid() ? qint64(double(m_live->sinceEvent.nsecsElapsed()) * m_livePace) : 0;
    const qint64 now = std::max(m_live->lastNow, m_live->endNs + std::min(since, kMinFlightNs));
    m_live->lastNow = now;
    return now;
}

void TopologyScene::wake() {
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void TopologyScene::advanceFrame() {
    Live& live = *m_live;
    const qint64 now = frameNow();
    for (LinkItem* link : m_links) {
        link->dots = 0;
        link->sentLastSecond = 0;
    }
    // Where a flight's dot is at `now`, from 0 (sender) to 1 (receiver); < 0: not drawn.
    const auto progress = [now](const Flight& f) -> double {
        if (f.sentNs > now)
            return -1;
        if (f.endNs < 0 || f.endNs > now)   // still in flight: waits near the receiver
            return std::min(0.95, double(now - f.sentNs) / double(kMinFlightNs));
        const qint64 span = std::max(f.endNs - f.sentNs, kMinFlightNs);
        if (now >= f.sentNs + span)
            return -1;
        const double p = double(now - f.sentNs) / double(span);
        return f.dropped ? std::min(0.5, p) : p;   // a dropped message stops halfway, crossed
    };
    std::size_t from = 0;
    while (from < live.flights.size() && live.flights[from].sentNs < now - kKeepNs)
        ++from;
    for (std::size_t i = from; i < live.flights.size(); ++i) {
        const Flight& f = live.flights[i];
        if (f.sentNs > now - kSecondNs && f.sentNs <= now)
            ++f.link->sentLastSecond;
        if (progress(f) >= 0)
            ++f.link->dots;
    }
    for (LinkItem* link : m_links) {
        link->rate = link->sentLastSecond;
        link->busy = link->dots > kMaxDotsPerLink;
        if (link->busy)
            link->dots = 0;
    }
    batchIdleLinks();
    live.dots.clear();
    live.frameNs = now;
    for (std::size_t i = from; i < live.flights.size(); ++i) {
        const Flight& f = live.flights[i];
        const double p = f.link->busy ? -1 : progress(f);
        if (p < 0)
            continue;
        // Along the route between the discs' edges, each direction on its own side of it.
        if (f.link->travelLength() <= 0)
            continue;
        QPointF normal;
        const QPointF at = f.link->travel(p, f.forward, &normal) + normal * 4;
        const bool crossed = f.dropped && f.endNs >= 0 && f.endNs <= now && p >= 0.5;
        live.dots.push_back({at, f.colour, crossed, live.firstSeq + i});
    }
    update();
    // Nothing moves any more: scrubbed to a time, or live with no event for longer than a flight.
    const bool live_ = !m_timeline || m_timeline->isLive();
    if (!live_ || now >= live.endNs + kMinFlightNs)
        m_frameTimer.stop();
}

void TopologyScene::paintFlights(QPainter* painter, const QRectF& rect) const {
if (!m_live->dots.empty()) {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    for (const Live::Dot& dot : m_live->dots) {
        if (!rect.adjusted(-6, -6, 6, 6).contains(dot.at))
            continue;
        if (dot.dropped) {
            painter->setPen(QPen(QColor(0xe0, 0x1b, 0x24), 2.2, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(dot.at + QPointF(-4, -4), dot.at + QPointF(4, 4));
            painter->drawLine(dot.at + QPointF(-4, 4), dot.at + QPointF(4, -4));
        } else {
            painter->setPen(QPen(Qt::white, 1.2));
            painter->setBrush(flightColour(dot.colour));
            painter->drawEllipse(dot.at, 4.5, 4.5);
        }
    }
    painter->restore();
}
}

std::vector<TopologyScene::DrawnMessage> TopologyScene::drawnMessages() const {
    const Live& live = *m_live;
    std::vector<DrawnMessage> out;
    out.reserve(live.dots.size());
    for (const Live::Dot& dot : live.dots) {
        if (dot.seq < live.firstSeq || dot.seq - live.firstSeq >= live.flights.size())
            continue;   // forgotten since the frame
        const Flight& f = live.flights[dot.seq - live.firstSeq];
        DrawnMessage message;
        message.at = dot.at;
        message.from = (f.forward ? f.link->from() : f.link->to())->id();
        message.to = (f.forward ? f.link->to() : f.link->from())->id();
        message.id = f.msgId;
        if (live.held.count(f.key) > 0)
            message.state = MessageState::Held;
        else if (f.endNs >= 0 && f.endNs <= live.frameNs)
            message.state = f.dropped ? MessageState::Dropped : MessageState::Delivered;
        out.push_back(std::move(message));
    }
    return out;
}

std::optional<TopologyScene::DrawnMessage> TopologyScene::messageAt(QPointF scenePos) const {
    // A dot is 9 units wide; zoomed out, a few pixels around it still count.
    const qreal scale = views().isEmpty() ? 1.0 : std::max(views().front()->transform().m11(), 0.01);
    const qreal reach = std::max(6.0, 7.0 / scale);
    std::optional<DrawnMessage> best;
    qreal bestDistance = reach;
    for (DrawnMessage& message : drawnMessages()) {
        const qreal distance = QLineF(message.at, scenePos).length();
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = std::move(message);
        }
    }
    return best;
}

void TopologyScene::helpEvent(QGraphicsSceneHelpEvent* event) {
    const auto dot = messageAt(event->scenePos());
    if (!dot) {
        QGraphicsScene::helpEvent(event);
        return;
    }
    QString tip;
    switch (dot->state) {
    case MessageState::InFlight:
        tip = tr("Message %1 from %2 to %3, on its way.").arg(dot->id).arg(dot->from, dot->to);
        if (m_faultMode && (!m_timeline || m_timeline->isLive()))
            tip += QLatin1Char('\n') + tr("Click to hold it.");
        break;
    case MessageState::Held:
        tip = tr("Message %1 from %2 to %3, held: deliver or drop it in Held Messages.").arg(dot->id).arg(dot->from, dot->to);
        break;
    case MessageState::Delivered:
        tip = tr("Message %1 from %2 to %3, already delivered.").arg(dot->id).arg(dot->from, dot->to);
        break;
    case MessageState::Dropped:
        tip = tr("Message %1 from %2 to %3, dropped.").arg(dot->id).arg(dot->from, dot->to);
        break;
    }
    QToolTip::showText(event->screenPos(), tip, event->widget());
    event->accept();
}

}  // namespace distlab::views
