#pragma once

#include <QAbstractTableModel>
#include <QDialog>

#include <vector>

namespace distlab::views {

// The recordings in the runs folder, newest first: scenario title, when, length, events, size,
// verdict; a damaged file shows its problem instead of failing the list.
//
// Threading: GUI thread only; refresh() reads every recording's meta table (fast: no events).
class PastRunsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TitleColumn, StartedColumn, LengthColumn, EventsColumn, SizeColumn, VerdictColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1 };

    explicit PastRunsModel(QObject* parent = nullptr);

    void refresh(const QString& folder, bool chinese);
    qint64 totalBytes() const { return m_totalBytes; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString path;
        QString title;
        QString started;
        QString length;
        qint64 events = 0;
        qint64 bytes = 0;
        QString verdict;
        QString problem;
        bool passed = false;
        bool coloured = false;   // passed (green); failed, damaged or cut short (red)
    };
    std::vector<Row> m_rows;
    qint64 m_totalBytes = 0;
};

// File > Past Runs: the runs folder as a table; Open plays one recording back, Compare... (with
// exactly two selected) asks for their side-by-side comparison.
class PastRunsDialog final : public QDialog {
    Q_OBJECT
public:
    PastRunsDialog(const QString& folder, bool chinese, QWidget* parent = nullptr);

Q_SIGNALS:
    void openRequested(const QString& path);
    // The two selected recordings, the older as A and the newer as B (a change's before and
    // after); the dialog closes after it.
    void compareRequested(const QString& a, const QString& b);
};

}  // namespace distlab::views
