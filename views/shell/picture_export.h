#pragma once

#include <QString>

class QGraphicsScene;
class QWidget;

namespace distlab::views {

// Writes a picture of a view: SVG (vector, from the scene when there is one, else from the
// widget's own painting) or PNG (what is on screen), by the file's extension. Returns an empty
// string, or what went wrong.
QString exportPicture(const QString& path, QWidget* widget, QGraphicsScene* scene = nullptr);

}  // namespace distlab::views
