#include "views/topology/topology_view.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QResizeEvent>

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
    setMinimumSize(320, 240);
    setDragMode(QGraphicsView::RubberBandDrag);
    setAcceptDrops(true);
    connect(scene, &QGraphicsScene::sceneRectChanged, this, &TopologyView::fit);
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
