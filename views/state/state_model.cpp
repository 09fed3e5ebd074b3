#include "views/state/state_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QThread>

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// RFC 6901: '~' and '/' in a key are escaped.
std::string pointerToken(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

bool isPrefixPath(const std::string& prefix, const std::string& path) {
    return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
}

QString valueText(const core::Json& value) {
    if (value.is_object())
        return StateModel::tr("{%n field(s)}", nullptr, int(value.size()));
    if (value.is_array())
        return StateModel::tr("[%n item(s)]", nullptr, int(value.size()));
    if (value.is_string())
        return fromStd(value.get<std::string>());
    return fromStd(value.dump());
}

std::vector<std::string> patchPaths(const std::string& aux) {
    std::vector<std::string> paths;
    const core::Json patch = core::Json::parse(aux, nullptr, /*allow_exceptions=*/false);
    if (!patch.is_array())
        return paths;
    for (const auto& op : patch)
        if (op.is_object() && op.contains("path") && op["path"].is_string())
            paths.push_back(op["path"].get<std::string>());
    return paths;
}

}  // namespace

StateModel::StateModel(QObject* parent) : QAbstractItemModel(parent) {
    m_items.push_back(Item{});
}

QModelIndex StateModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const int parentItem = parent.isValid() ? int(parent.internalId()) : 0;
    if (parent.isValid() && parent.column() != 0)
        return {};
    const auto& children = m_items[std::size_t(parentItem)].children;
    if (row >= int(children.size()))
        return {};
    return createIndex(row, column, quintptr(children[std::size_t(row)]));
}

QModelIndex StateModel::parent(const QModelIndex& child) const {
    if (!child.isValid())
        return {};
    const int parentItem = m_items[std::size_t(child.internalId())].parent;
    if (parentItem <= 0)
        return {};
    return createIndex(m_items[std::size_t(parentItem)].row, 0, quintptr(parentItem));
}

int StateModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const int item = parent.isValid() ? int(parent.internalId()) : 0;
    return int(m_items[std::size_t(item)].children.size());
}

int StateModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant StateModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Item& item = m_items[std::size_t(index.internalId())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: return index.column() == FieldColumn ? item.key : item.value;
    case Qt::BackgroundRole:
        if (item.changed)
            return QBrush(QColor(0xff, 0xec, 0x99));
        return {};
    case Qt::FontRole:
        if (item.changed) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case ChangedRole: return item.changed;
    default: return {};
    }
}

QVariant StateModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    return section == FieldColumn ? tr("Field") : tr("Value");
}

void StateModel::setNode(const QString& node) {
    if (node == m_node)
        return;
    m_node = node;
    rebuild();
}

QStringList StateModel::nodes() const {
    QStringList list = m_states.keys();
    list.sort();
    return list;
}

const core::Json* StateModel::snapshot(const QString& node) const {
    const auto it = m_states.constFind(node);
    return it == m_states.constEnd() ? nullptr : &it->snapshot;
}

void StateModel::append(const EventBatch& batch) {
    Q_ASSERT(thread() == QThread::currentThread());
    bool selectedChanged = false;
    for (const auto& event : batch) {
        if (event.kind != netlab::EventKind::State)
            continue;
        core::Json snapshot = core::Json::parse(event.data, nullptr, /*allow_exceptions=*/false);
        if (snapshot.is_discarded())
            continue;
        const QString node = fromStd(event.node);
        const bool isNew = !m_states.contains(node);
        NodeState& state = m_states[node];
        state.changedPaths = isNew ? std::vector<std::string>{} : patchPaths(event.aux);
        state.snapshot = std::move(snapshot);
        if (isNew)
            Q_EMIT nodeAppeared(node);
        selectedChanged = selectedChanged || node == m_node;
    }
    if (selectedChanged)
        rebuild();
}

void StateModel::clear() {
    beginResetModel();
    m_states.clear();
    m_items.resize(1);
    m_items[0].children.clear();
    endResetModel();
}

void StateModel::build(const core::Json& json, int parent, const std::vector<std::string>& changed) {
    auto add = [&](const std::string& key, const core::Json& value) {
        Item item;
        item.key = fromStd(key);
        item.value = valueText(value);
        item.path = m_items[std::size_t(parent)].path + "/" + pointerToken(key);
        item.parent = parent;
        item.row = int(m_items[std::size_t(parent)].children.size());
        for (const auto& path : changed)
            if (isPrefixPath(item.path, path) || isPrefixPath(path, item.path))
                item.changed = true;
        const int id = int(m_items.size());
        m_items.push_back(std::move(item));
        m_items[std::size_t(parent)].children.push_back(id);
        if (value.is_structured())
            build(value, id, changed);
    };
    if (json.is_object()) {
        for (const auto& [key, value] : json.items())
            add(key, value);
    } else if (json.is_array()) {
        for (std::size_t i = 0; i < json.size(); ++i)
            add(std::to_string(i), json[i]);
    }
}

void StateModel::setBaseline(std::optional<core::Json> baseline) {
    m_baseline = std::move(baseline);
    rebuild();
}

void StateModel::rebuild() {
    const auto it = m_states.constFind(m_node);
    std::vector<Item> old;
    old.swap(m_items);
    m_items.push_back(Item{});
    if (it != m_states.constEnd()) {
        if (m_baseline) {
            // RFC 6902 diff from the baseline: every path it touches differs since then.
            std::vector<std::string> since;
            for (const auto& op : core::Json::diff(*m_baseline, it->snapshot))
                since.push_back(op.value("path", std::string()));
            build(it->snapshot, 0, since);
        } else {
            build(it->snapshot, 0, it->changedPaths);
        }
    }

    bool sameShape = old.size() == m_items.size();
    for (std::size_t i = 0; sameShape && i < old.size(); ++i)
        sameShape = old[i].path == m_items[i].path && old[i].children == m_items[i].children;
    if (sameShape) {
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            const auto& children = m_items[i].children;
            if (children.empty())
                continue;
            const QModelIndex parentIndex = i == 0 ? QModelIndex() : createIndex(m_items[i].row, 0, quintptr(i));
            Q_EMIT dataChanged(index(0, 0, parentIndex), index(int(children.size()) - 1, ColumnCount - 1, parentIndex));
        }
        return;
    }
    // The new items are already in place; a reset tells views that nothing they held is valid.
    std::vector<Item> fresh;
    fresh.swap(m_items);
    m_items.swap(old);
    beginResetModel();
    m_items.swap(fresh);
    endResetModel();
}

}  // namespace distlab::views
