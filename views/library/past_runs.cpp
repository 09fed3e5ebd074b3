#include "views/library/past_runs.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "netlab/api/recording.h"

namespace distlab::views {

PastRunsModel::PastRunsModel(QObject* parent) : QAbstractTableModel(parent) {}

void PastRunsModel::refresh(const QString& folder, bool chinese) {
    beginResetModel();
    m_rows.clear();
    m_totalBytes = 0;
    for (const netlab::PastRun& run : netlab::list_recordings(folder.toStdString())) {
        Row row;
        row.path = QString::fromStdString(run.path.string());
        const std::string& title = chinese && !run.title_zh.empty() ? run.title_zh : run.title_en;
        row.title = QString::fromStdString(title.empty() ? run.scenario_name : title);
        if (row.title.isEmpty())
            row.title = QString::fromStdString(run.path.filename().string());
        row.started = QString::fromStdString(run.start_wall_time).replace(QLatin1Char('T'), QLatin1Char(' '));
        row.length = QString::number(double(run.duration_ns) / 1e9, 'f', 1) + tr(" s");
        row.events = qint64(run.event_count);
        row.bytes = qint64(run.size_bytes);
        m_totalBytes += row.bytes;
        if (run.problem) {
            row.problem = QString::fromStdString(*run.problem);
            row.verdict = tr("damaged");
            row.coloured = true;
        } else if (!run.finished) {
            row.verdict = tr("cut short");
            row.coloured = true;
        } else if (run.end_reason == netlab::kStoppedByUser) {
            row.verdict = tr("stopped at %1 s").arg(QLocale().toString(double(run.duration_ns) / 1e9, 'f', 1));
        } else if (run.passed) {
            row.passed = *run.passed;
            row.coloured = true;
            row.verdict = *run.passed ? tr("passed") : tr("failed");
        } else {
            row.verdict = tr("not judged");
        }
        m_rows.push_back(std::move(row));
    }
    endResetModel();
}

int PastRunsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PastRunsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PastRunsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == PathRole)
        return row.path;
    if (role == Qt::ToolTipRole)
        return row.problem.isEmpty() ? row.path : row.path + QLatin1Char('\n') + row.problem;
    if (role == Qt::ForegroundRole && index.column() == VerdictColumn && row.coloured)
        return row.passed ? QColor(0x26, 0xa2, 0x69) : QColor(0xc0, 0x1c, 0x28);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TitleColumn: return row.title;
    case StartedColumn: return row.started;
    case LengthColumn: return row.length;
    case EventsColumn: return row.events;
    case SizeColumn: return QLocale().formattedDataSize(row.bytes);
    case VerdictColumn: return row.verdict;
    default: return {};
    }
}

QVariant PastRunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn: return tr("Scenario");
    case StartedColumn: return tr("Started (UTC)");
    case LengthColumn: return tr("Length");
    case EventsColumn: return tr("Events");
    case SizeColumn: return tr("Size");
    case VerdictColumn: return tr("Verdict");
    default: return {};
    }
}

PastRunsDialog::PastRunsDialog(const QString& folder, bool chinese, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Past Runs"));
    auto* model = new PastRunsModel(this);
    model->refresh(folder, chinese);
    auto* table = new QTableView(this);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->horizontalHeader()->setSectionResizeMode(PastRunsModel::TitleColumn, QHeaderView::Stretch);
    table->resizeColumnsToContents();
    auto* where = new QLabel(tr("%n recording(s) in %1, %2 in all. The oldest are removed when the folder outgrows its cap.",
                                nullptr, model->rowCount())
                                 .arg(folder, QLocale().formattedDataSize(model->totalBytes())),
                             this);
    where->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Close, this);
    QPushButton* openButton = buttons->button(QDialogButtonBox::Open);
    QPushButton* compare = buttons->addButton(tr("Compare..."), QDialogButtonBox::ActionRole);
    compare->setToolTip(tr("Select two runs to compare them side by side"));
    auto selectedPaths = [table] {
        QStringList paths;
        // Rows are newest first: the older of two is the lower row.
        QModelIndexList rows = table->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(), [](const QModelIndex& x, const QModelIndex& y) { return x.row() > y.row(); });
        for (const QModelIndex& row : rows)
            paths << row.data(PastRunsModel::PathRole).toString();
        return paths;
    };
    auto updateButtons = [openButton, compare, selectedPaths] {
        const qsizetype n = selectedPaths().size();
        openButton->setEnabled(n == 1);
        compare->setEnabled(n == 2);
    };
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, updateButtons);
    updateButtons();
    auto open = [this, selectedPaths] {
        const QStringList paths = selectedPaths();
        if (paths.size() == 1) {
            Q_EMIT openRequested(paths.front());
            accept();
        }
    };
    connect(compare, &QPushButton::clicked, this, [this, selectedPaths] {
        const QStringList paths = selectedPaths();
        if (paths.size() == 2) {
            Q_EMIT compareRequested(paths[0], paths[1]);
            accept();
        }
    });
    connect(buttons, &QDialogButtonBox::accepted, this, open);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(table, &QTableView::activated, this, open);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(where);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
    resize(820, 460);
}

}  // namespace distlab::views
