#include "views/editor/role_palette.h"

#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QStyledItemDelegate>

#include "core/model/role_registry.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// A role's name in bold over two lines of its description.
class RoleDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
        const int line = option.fontMetrics.height();
        return {200, 3 * line + 12};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const bool selected = option.state & QStyle::State_Selected;
        const QRect area = option.rect.adjusted(8, 4, -8, -4);
        const int line = option.fontMetrics.height();
        painter->save();
        QFont bold = option.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                          index.data(RolePaletteModel::NameRole).toString());
        painter->setFont(option.font);
        QColor grey = option.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
        painter->setPen(grey);
        painter->drawText(QRect(area.left(), area.top() + line + 2, area.width(), 2 * line),
                          Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                          index.data(RolePaletteModel::DescriptionRole).toString());
        painter->restore();
    }
};

}  // namespace

RolePaletteModel::RolePaletteModel(QObject* parent) : QAbstractListModel(parent) {
    for (const auto& [name, info] : core::RoleRegistry::builtin().all())
        m_roles.push_back(&info);
}

void RolePaletteModel::setChinese(bool chinese) {
    if (chinese == m_chinese)
        return;
    m_chinese = chinese;
    if (!m_roles.empty())
        Q_EMIT dataChanged(index(0), index(int(m_roles.size()) - 1), {Qt::ToolTipRole, DescriptionRole});
}

int RolePaletteModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_roles.size());
}

QVariant RolePaletteModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::RoleDescriptor& info = *m_roles[std::size_t(index.row())];
    const QString description = fromStd(m_chinese && !info.zh.empty() ? info.zh : info.en);
    switch (role) {
        case Qt::DisplayRole:
        case NameRole: return fromStd(info.name);
        case Qt::ToolTipRole:
            return QStringLiteral("<b>%1</b> (%2)<br>%3")
                .arg(fromStd(info.name), fromStd(info.pattern), description.toHtmlEscaped());
        case DescriptionRole: return description;
        case PatternRole: return fromStd(info.pattern);
        default: return {};
    }
}

Qt::ItemFlags RolePaletteModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
}

QStringList RolePaletteModel::mimeTypes() const {
    return {QString::fromLatin1(kMimeType)};
}

QMimeData* RolePaletteModel::mimeData(const QModelIndexList& indexes) const {
    if (indexes.isEmpty() || !indexes.front().isValid())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kMimeType), indexes.front().data(NameRole).toString().toUtf8());
    data->setText(indexes.front().data(NameRole).toString());
    return data;
}

RolePalette::RolePalette(QWidget* parent) : QListView(parent), m_model(new RolePaletteModel(this)) {
    m_model->setChinese(QLocale().language() == QLocale::Chinese);
    setModel(m_model);
    setItemDelegate(new RoleDelegate(this));
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    setToolTip(tr("Drag a role onto the canvas to add a node"));
}

}  // namespace distlab::views
