#pragma once

#include <QStyledItemDelegate>

namespace distlab::views {

// Paints a RaftLogModel cell: the entry's term on the term's colour, a bold border when
// committed and a dashed one when not, the term underlined when applied, the compacted snapshot prefix
// hatched, and the leader's nextIndex (triangle on top) and matchIndex (triangle below) marks.
// Dead or paused nodes' rows are hatched over.
//
// Threading: GUI thread only.
class RaftLogDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RaftLogDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The colours of the next / match marks (the legend uses them too).
    static QColor nextColor();
    static QColor matchColor();
};

}  // namespace distlab::views
