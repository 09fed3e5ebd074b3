#include "views/shell/picture_export.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace distlab::views {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("PictureExport", text);
}

}  // namespace

QString exportPicture(const QString& path, QWidget* widget, QGraphicsScene* scene) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        if (!widget->grab().save(path, "PNG"))
            return tr("Cannot write %1.").arg(path);
        return {};
    }
    if (suffix != QLatin1String("svg"))
        return tr("Choose a file name ending in .svg or .png.");
    const QRectF source = scene ? scene->itemsBoundingRect().adjusted(-20, -20, 20, 20) : QRectF(widget->rect());
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(source.size().toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
    svg.setTitle(QStringLiteral("DistLab"));
    QPainter painter;
    if (!painter.begin(&svg))
        return tr("Cannot write %1.").arg(path);
    if (scene)
        scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    else
        widget->render(&painter);
    painter.end();
    return {};
}

}  // namespace distlab::views
