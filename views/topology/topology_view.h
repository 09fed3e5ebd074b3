#pragma once

#include <QGraphicsView>

namespace distlab::views {

class TopologyScene;

// Shows a TopologyScene scaled to fit the widget (never beyond 1.5x), antialiased, raster only.
// Refits when the scene's extent changes. The background (the scene's idle links) is cached
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

    // Refits the scene after it was replaced.
    void fit();

protected:
    void resizeEvent(QResizeEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void paintEvent(QPaintEvent* event) override;

private:
    bool acceptsDrop(const QMimeData* data) const;
    TopologyScene* m_scene;
};

}  // namespace distlab::views
