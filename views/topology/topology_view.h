#pragma once

#include <QGraphicsView>

namespace distlab::views {

class TopologyScene;

// Shows a TopologyScene scaled to fit the widget (never beyond 1.5x; while presenting, the nodes
// alone, without the editor's room around them, up to 4x), antialiased, raster only. Refits when the widget is resized or the
// scene's extent changes, until the user zooms (the wheel, View > Zoom In / Out): a manual zoom is
// kept through resizes and edits until fit() (View > Zoom to Fit, a new lab). The background (the scene's idle links) is cached
// until the scene invalidates it. While the scene is editable it offers a rubber band
// on empty space and accepts roles dragged from the palette (RolePaletteModel::kMimeType). The
// background is the theme's canvas colour (viewColours()), repainted in the new
// colours the first time it paints after the theme changed.
//
// Threading: GUI thread only.
class TopologyView final : public QGraphicsView {
    Q_OBJECT
public:
    explicit TopologyView(TopologyScene* scene, QWidget* parent = nullptr);

    // Fits the whole scene into the widget and follows it from now on (drops a manual zoom).
    void fit();
    // The user's zoom by `factor` (> 1 closer), around `anchor` in viewport coordinates (the
    // centre when null); kept until fit(). Between 0.2x and 6x.
    void zoomBy(double factor, QPoint anchor = {});
    bool isManualZoom() const { return m_manualZoom; }
    double zoom() const { return transform().m11(); }
    // Presentation mode: fit the nodes tightly, up to 4x.
    void setPresenting(bool presenting);
    bool isPresenting() const { return m_presenting; }
    // The canvas asks for a large area whatever the scene's size, so a short window takes its
    // pixels from the timeline and the docks first (QGraphicsView's own hint is the scene's size).
    QSize sizeHint() const override { return {900, 600}; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void paintEvent(QPaintEvent* event) override;

private:
    bool acceptsDrop(const QMimeData* data) const;
    // fit() unless the user zoomed.
    void refit();

    TopologyScene* m_scene;
    bool m_presenting = false;
    bool m_manualZoom = false;
};

}  // namespace distlab::views
