#pragma once

#include <QAbstractListModel>
#include <QListView>

#include <vector>

namespace distlab::core {
struct RoleDescriptor;
}

namespace distlab::views {

// Every role of core::RoleRegistry::builtin(), one row each: its name, its one-line description
// (Chinese when the UI is), its pattern, and drag data of kMimeType carrying the role's name.
//
// Threading: GUI thread only. The registry outlives the model.
class RolePaletteModel final : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr const char* kMimeType = "application/x-distlab-role";
    enum Roles { NameRole = Qt::UserRole + 1, DescriptionRole, PatternRole };

    explicit RolePaletteModel(QObject* parent = nullptr);

    void setChinese(bool chinese);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

private:
    std::vector<const core::RoleDescriptor*> m_roles;
    bool m_chinese = false;
};

// The palette dock's list: each role's name over its description; drag a row onto the canvas to
// add a node of that role.
//
// Threading: GUI thread only.
class RolePalette final : public QListView {
    Q_OBJECT
public:
    explicit RolePalette(QWidget* parent = nullptr);
    RolePaletteModel* paletteModel() const { return m_model; }

private:
    RolePaletteModel* m_model;
};

}  // namespace distlab::views
