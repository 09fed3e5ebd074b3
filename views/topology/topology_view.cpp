#include "views/topology/topology_view.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QResizeEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "views/common/view_colours.h"
#include "views/editor/role_palette.h"
#include "views/topology/topology_scene.h"

namespace distlab::views {

TopologyView::TopologyView(TopologyScene* scene, QWidget* parent) : QGraphicsView(scene, parent), m_scene(scene) {
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
    setCacheMode(QGraphicsView::CacheBackground);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setBackgroundBrush(viewColours().canvas);
    setMinimumSize(320, 160);   // a 1366 x 768 screen has room for it beside the docks
    setDragMode(QGraphicsView::RubberBandDrag);
    setAcceptDrops(true);
    connect(scene, &QGraphicsScene::sceneRectChanged, this, &TopologyView::refit);
}

void TopologyView::fit() {
    m_manualZoom = false;
    if (!scene())
        return;
    resetTransform();
    // The scene's rect keeps room around the nodes to drop new ones on; a projector needs none.
    const QRectF rect = m_presenting && !scene()->items().isEmpty() ? scene()->itemsBoundingRect().adjusted(-12, -12, 12, 12)
                                                                   : scene()->sceneRect();
    if (rect.isEmpty())
        return;
    const qreal maxScale = m_presenting ? 4.0 : 1.5;
    const qreal scale = std::min({maxScale, viewport()->width() / rect.width(), viewport()->height() / rect.height()});
    setTransform(QTransform::fromScale(scale, scale));
    centerOn(rect.center());
}

void TopologyView::refit() {
    if (!m_manualZoom)
        fit();
}

void TopologyView::setPresenting(bool presenting) {
    m_presenting = presenting;
    refit();
}

void TopologyView::zoomBy(double factor, QPoint anchor) {
    if (!(factor > 0))
        return;
    const double target = std::clamp(zoom() * factor, 0.2, 6.0);
    if (anchor.isNull())
        anchor = viewport()->rect().center();
    // The scene point under the anchor stays under it.
    const QPointF fixed = mapToScene(anchor);
    setTransform(QTransform::fromScale(target, target));
    const QPointF moved = mapFromScene(fixed);
    const QPointF centre = mapToScene(viewport()->rect().center() + (moved - QPointF(anchor)).toPoint());
    centerOn(centre);
    m_manualZoom = true;
}

void TopologyView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    refit();
}

void TopologyView::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        event->ignore();
        return;
    }
    zoomBy(std::pow(1.0015, double(delta)), event->position().toPoint());
    event->accept();
}

void TopologyView::paintEvent(QPaintEvent* event) {
    // The theme changed since the last paint: the canvas, the cached idle links and every item
    // repaint in it.
    const QColor canvas = viewColours().canvas;
    if (backgroundBrush().color() != canvas) {
        setBackgroundBrush(canvas);
        resetCachedContent();
    }
    QGraphicsView::paintEvent(event);
}

void TopologyView::drawBackground(QPainter* painter, const QRectF& rect) {
    QGraphicsView::drawBackground(painter, rect);
    // A brush of the view's own replaces the scene's background, idle links included.
    if (backgroundBrush().style() != Qt::NoBrush)
        m_scene->drawIdleLinks(painter, rect);
}

bool TopologyView::acceptsDrop(const QMimeData* data) const {
    return m_scene->isEditable() && data && data->hasFormat(QString::fromLatin1(RolePaletteModel::kMimeType));
}

void TopologyView::dragEnterEvent(QDragEnterEvent* event) {
    if (acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void TopologyView::dragMoveEvent(QDragMoveEvent* event) {
    if (acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void TopologyView::dropEvent(QDropEvent* event) {
    if (!acceptsDrop(event->mimeData())) {
        event->ignore();
        return;
    }
    const QString role = QString::fromUtf8(event->mimeData()->data(QString::fromLatin1(RolePaletteModel::kMimeType)));
    if (m_scene->dropRole(role, mapToScene(event->position().toPoint())))
        event->acceptProposedAction();
    else
        event->ignore();
}

}  // namespace distlab::views
