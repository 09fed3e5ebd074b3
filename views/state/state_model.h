#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QString>

#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "views/common/trace_bridge.h"

namespace distlab::views {

// The selected node's latest role snapshot as a tree (field, value), with the fields that the
// node's last state update changed marked (ChangedRole, and a highlighted background). Keeps
// every node's latest snapshot, so selecting another node shows its state at once.
//
// When an update keeps the tree's shape, only dataChanged is emitted, so expanded branches stay
// expanded; a new shape resets the model.
//
// Threading: GUI thread only.
class StateModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };
    enum Role { ChangedRole = Qt::UserRole + 1 };

    explicit StateModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The node whose state is shown; empty shows nothing.
    void setNode(const QString& node);
    QString node() const { return m_node; }
    // Nodes that have reported a snapshot so far.
    QStringList nodes() const;
    // The latest snapshot of `node` (null when it has sent none).
    const core::Json* snapshot(const QString& node) const;

    // "Since" mode: fields are marked changed when they differ from `baseline` (the shown node's
    // snapshot at a time the user picked) instead of by the node's last update; nullopt returns
    // to marking the last update.
    void setBaseline(std::optional<core::Json> baseline);
    bool hasBaseline() const { return m_baseline.has_value(); }

    // Slot: takes the state events of a batch.
    void append(const distlab::views::EventBatch& batch);
    // Slot: forgets every snapshot (a new run).
    void clear();

Q_SIGNALS:
    // A node reported its first snapshot.
    void nodeAppeared(const QString& node);

private:
    struct NodeState {
        core::Json snapshot;
        std::vector<std::string> changedPaths;   // JSON Pointers from the last update's patch
    };
    struct Item {
        QString key;
        QString value;
        std::string path;          // JSON Pointer of this field
        int parent = -1;
        int row = 0;
        std::vector<int> children;
        bool changed = false;
    };

    void rebuild();
    void build(const core::Json& json, int parent, const std::vector<std::string>& changed);

    QHash<QString, NodeState> m_states;
    QString m_node;
    std::optional<core::Json> m_baseline;
    std::vector<Item> m_items;     // m_items[0] is the invisible root
};

}  // namespace distlab::views
