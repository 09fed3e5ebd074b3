#pragma once

#include <QStandardItemModel>
#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace distlab::views {

class RecentFiles;

// Every shipped scenario, grouped by family: a two-level model (family rows holding one row per
// scenario) whose scenario rows carry the file path, bilingual title and summary and a one-line
// description of the lab (nodes, roles, duration, faults, checks). Files that do not load are
// listed too, under "Invalid", with the loader's first diagnostic as their summary.
//
// Threading: GUI thread only; scan() reads and parses the files (tens of small YAML files).
class ScenarioLibraryModel final : public QStandardItemModel {
    Q_OBJECT
public:
    enum Role { PathRole = Qt::UserRole + 1, SummaryRole, FactsRole, SearchTextRole };

    explicit ScenarioLibraryModel(QObject* parent = nullptr);

    // Lists every *.yaml under `root` (recursively). `chinese`: titles and summaries in Chinese.
    void scan(const QString& root, bool chinese);
    int scenarioCount() const { return m_count; }

private:
    int m_count = 0;
};

// The start page: the scenario library with a search box, what the selected scenario is about,
// "Open" and "New empty lab", and the recent files. Double-click or Enter opens a scenario.
//
// Threading: GUI thread only.
class LibraryPage final : public QWidget {
    Q_OBJECT
public:
    LibraryPage(RecentFiles& recent, QWidget* parent = nullptr);

    // Scans `root` for scenarios (see ScenarioLibraryModel::scan).
    void setRoot(const QString& root, bool chinese);
    ScenarioLibraryModel& model() { return *m_model; }
    // Rows visible under the current search, scenarios only.
    int visibleScenarios() const;
    void setSearch(const QString& text);
    void focusSearch();

Q_SIGNALS:
    void openRequested(const QString& path);
    void newLabRequested();

private:
    void showSelected();
    void openCurrent();
    void refreshRecent();

    RecentFiles& m_recent;
    ScenarioLibraryModel* m_model;
    QSortFilterProxyModel* m_filter;
    QLineEdit* m_search;
    QTreeView* m_tree;
    QLabel* m_title;
    QLabel* m_summary;
    QLabel* m_facts;
    QPushButton* m_open;
    QListWidget* m_recentList;
};

}  // namespace distlab::views
