#include "views/patterns/raft/raft_log_delegate.h"

#include <QAbstractItemView>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>

#include "views/patterns/raft/raft_log_model.h"

namespace distlab::views {

RaftLogDelegate::RaftLogDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QColor RaftLogDelegate::nextColor() {
    return QColor(0xe6, 0x61, 0x00);
}

QColor RaftLogDelegate::matchColor() {
    return QColor(0x26, 0xa2, 0x69);
}

QSize RaftLogDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const int height = option.fontMetrics.height() + 8;
    return {std::max(26, option.fontMetrics.horizontalAdvance(QStringLiteral("888")) + 8), height};
}

void RaftLogDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const QPalette& palette = option.palette;
    const QRectF cell = QRectF(option.rect).adjusted(2, 2, -2, -2);
    if (option.state & QStyle::State_Selected) {
        QColor selected = palette.color(QPalette::Highlight);
        selected.setAlpha(70);
        painter->fillRect(option.rect, selected);
    }

    const QVariant term = index.data(RaftLogModel::TermRole);
    const QString text = index.data(Qt::DisplayRole).toString();
    if (index.data(RaftLogModel::CompactedRole).toBool()) {
        painter->setPen(QPen(palette.color(QPalette::Mid), 1));
        painter->setBrush(palette.color(QPalette::AlternateBase));
        painter->drawRoundedRect(cell, 3, 3);
        painter->setBrush(QBrush(palette.color(QPalette::Mid), Qt::BDiagPattern));
        painter->drawRoundedRect(cell, 3, 3);
        if (!text.isEmpty()) {
            // A long compacted prefix spans many columns, most scrolled away: the label goes in
            // the part of the span that is on screen.
            QRectF label = cell;
            if (const auto* view = qobject_cast<const QAbstractItemView*>(option.widget))
                label = cell.intersected(QRectF(view->viewport()->rect()));
            painter->setPen(palette.color(QPalette::Text));
            const QString shown = option.fontMetrics.elidedText(text, Qt::ElideRight, int(label.width()) - 4);
            painter->drawText(label, Qt::AlignCenter, shown);
        }
    } else if (term.isValid()) {
        const QColor fill = raftTermColor(term.toLongLong());
        const bool committed = index.data(RaftLogModel::CommittedRole).toBool();
        // RaftScope's convention: committed entries have a solid border, uncommitted a dashed one.
        QPen border(fill.darker(committed ? 220 : 160), committed ? 2.0 : 1.2, committed ? Qt::SolidLine : Qt::DashLine);
        painter->setPen(border);
        painter->setBrush(fill);
        painter->drawRoundedRect(cell, 3, 3);
        QFont font = option.font;
        font.setBold(committed);
        font.setUnderline(index.data(RaftLogModel::AppliedRole).toBool());
        painter->setFont(font);
        painter->setPen(Qt::black);
        painter->drawText(cell, Qt::AlignCenter, text);
    } else if (!text.isEmpty()) {
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(cell, Qt::AlignCenter, text);
    }

    if (index.data(RaftLogModel::NextIndexRole).toBool()) {
        const QPointF top(option.rect.left() + 1.0, option.rect.top() + 1.0);
        const QPolygonF mark{top, top + QPointF(9, 0), top + QPointF(0, 9)};
        painter->setPen(QPen(Qt::black, 0.8));
        painter->setBrush(nextColor());
        painter->drawPolygon(mark);
    }
    if (index.data(RaftLogModel::MatchIndexRole).toBool()) {
        const QPointF corner(option.rect.right(), option.rect.bottom());
        const QPolygonF mark{corner, corner - QPointF(9, 0), corner - QPointF(0, 9)};
        painter->setPen(QPen(Qt::black, 0.8));
        painter->setBrush(matchColor());
        painter->drawPolygon(mark);
    }
    if (index.data(RaftLogModel::DownRole).toBool()) {
        painter->setPen(Qt::NoPen);
        QColor hatch = palette.color(QPalette::Text);
        hatch.setAlpha(90);
        painter->setBrush(QBrush(hatch, Qt::BDiagPattern));
        painter->drawRect(option.rect);
    }
    painter->restore();
}

}  // namespace distlab::views
