#pragma once

#include <QGraphicsView>

namespace distlab::views {

class TopologyScene;

// Shows a TopologyScene scaled to fit the widget (never beyond 1.5x), antialiased, raster only.
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
};

}  // namespace distlab::views
