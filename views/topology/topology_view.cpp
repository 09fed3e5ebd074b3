#include "views/topology/topology_view.h"

#include <QResizeEvent>

#include "views/topology/topology_scene.h"

namespace distlab::views {

TopologyView::TopologyView(TopologyScene* scene, QWidget* parent) : QGraphicsView(scene, parent) {
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setBackgroundBrush(QColor(0xfa, 0xfa, 0xf9));
    setMinimumSize(320, 240);
}

void TopologyView::fit() {
    if (!scene())
        return;
    resetTransform();
    const QRectF rect = scene()->sceneRect();
    if (rect.isEmpty())
        return;
    const qreal scale = std::min({qreal(1.5), viewport()->width() / rect.width(), viewport()->height() / rect.height()});
    setTransform(QTransform::fromScale(scale, scale));
    centerOn(rect.center());
}

void TopologyView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    fit();
}

}  // namespace distlab::views
