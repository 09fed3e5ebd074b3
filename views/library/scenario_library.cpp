#include "views/library/scenario_library.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include <map>
#include <set>

#include "core/model/time.h"
#include "netlab/api/scenario_files.h"
#include "views/common/units.h"
#include "views/library/recent_files.h"

namespace distlab::views {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// Family names as the catalog groups them (the loader's list of families).
QString familyTitle(const QString& family) {
    if (family == QLatin1String("communication"))
        return ScenarioLibraryModel::tr("Communication");
    if (family == QLatin1String("consensus"))
        return ScenarioLibraryModel::tr("Consensus");
    if (family == QLatin1String("resilience"))
        return ScenarioLibraryModel::tr("Resilience");
    if (family == QLatin1String("replication"))
        return ScenarioLibraryModel::tr("Replication");
    if (family == QLatin1String("partitioning"))
        return ScenarioLibraryModel::tr("Partitioning");
    if (family == QLatin1String("transactions"))
        return ScenarioLibraryModel::tr("Transactions");
    if (family == QLatin1String("caching"))
        return ScenarioLibraryModel::tr("Caching");
    if (family == QLatin1String("discovery"))
        return ScenarioLibraryModel::tr("Discovery and configuration");
    if (family == QLatin1String("scheduling"))
        return ScenarioLibraryModel::tr("Scheduling and load balancing");
    if (family == QLatin1String("testing"))
        return ScenarioLibraryModel::tr("Testing");
    if (family == QLatin1String("theory"))
        return ScenarioLibraryModel::tr("Theory");
    if (family == QLatin1String("cases"))
        return ScenarioLibraryModel::tr("Cases");
    if (family == QLatin1String("invalid"))
        return ScenarioLibraryModel::tr("Files that do not load");
    if (family.isEmpty())
        return ScenarioLibraryModel::tr("Other");
    return family;
}

QString facts(const netlab::Scenario& scenario) {
    std::set<std::string> roles;
    for (const auto& node : scenario.nodes)
        roles.insert(node.role);
    QStringList roleNames;
    for (const auto& role : roles)
        roleNames << qs(role);
    QStringList checks;
    for (const auto& check : scenario.checks)
        checks << qs(check.name);
    QString text = ScenarioLibraryModel::tr("%n node(s) (%1), %2", nullptr, int(scenario.nodes.size()))
                       .arg(roleNames.join(QStringLiteral(", ")), durationText(scenario.duration));
    text += QLatin1Char('\n') + ScenarioLibraryModel::tr("%1, %2", "faults, narrative steps")
                                    .arg(ScenarioLibraryModel::tr("%n fault(s)", nullptr, int(scenario.faults.size())),
                                         ScenarioLibraryModel::tr("%n narrative step(s)", nullptr, int(scenario.steps.size())));
    if (!checks.isEmpty())
        text += QLatin1Char('\n') + ScenarioLibraryModel::tr("Checks: %1").arg(checks.join(QStringLiteral(", ")));
    return text;
}

}  // namespace

ScenarioLibraryModel::ScenarioLibraryModel(QObject* parent) : QStandardItemModel(parent) {
    setHorizontalHeaderLabels({tr("Scenario")});
}

void ScenarioLibraryModel::scan(const QString& root, bool chinese) {
    clear();
    setHorizontalHeaderLabels({tr("Scenario")});
    m_count = 0;
    const std::string lang = chinese ? "zh" : "en";
    QStringList files;
    // Clean, so the paths shown read scenarios/x/y.yaml, not scenarios/z/../x/y.yaml.
    QDirIterator it(QDir::cleanPath(root), {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();

    std::map<QString, QStandardItem*> families;
    auto familyItem = [&](const QString& key) {
        auto found = families.find(key);
        if (found != families.end())
            return found->second;
        auto* item = new QStandardItem(familyTitle(key));
        item->setEditable(false);
        item->setSelectable(false);
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
        item->setData(familyTitle(key), SearchTextRole);
        appendRow(item);
        families.emplace(key, item);
        return item;
    };

    for (const QString& file : files) {
        auto loaded = netlab::read_scenario_file(file.toStdString());
        auto* item = new QStandardItem;
        item->setEditable(false);
        item->setData(file, PathRole);
        QStandardItem* parent = nullptr;
        QString otherLanguage;   // searched too: a Chinese term finds a scenario in the English UI
        if (loaded) {
            item->setText(qs(loaded->title.in(lang)).isEmpty() ? qs(loaded->name) : qs(loaded->title.in(lang)));
            const std::string other = chinese ? "en" : "zh";
            otherLanguage = qs(loaded->title.in(other)) + QLatin1Char(' ') + qs(loaded->summary.in(other)).simplified();
            item->setData(qs(loaded->summary.in(lang)).simplified(), SummaryRole);
            item->setData(facts(*loaded), FactsRole);
            parent = familyItem(qs(loaded->family));
        } else {
            item->setText(QFileInfo(file).fileName());
            item->setData(tr("This file does not load: %1").arg(qs(loaded.error().front().str())), SummaryRole);
            item->setForeground(QColor(0xc0, 0x1c, 0x28));
            parent = familyItem(QStringLiteral("invalid"));
        }
        item->setToolTip(item->text() + QLatin1Char('\n') + file);
        item->setData(item->text() + QLatin1Char(' ') + item->data(SummaryRole).toString() + QLatin1Char(' ') +
                          otherLanguage + QLatin1Char(' ') + QFileInfo(file).baseName(),
                      SearchTextRole);
        parent->appendRow(item);
        ++m_count;
    }
}

LibraryPage::LibraryPage(RecentFiles& recent, QWidget* parent)
    : QWidget(parent),
      m_recent(recent),
      m_model(new ScenarioLibraryModel(this)),
      m_filter(new QSortFilterProxyModel(this)),
      m_search(new QLineEdit(this)),
      m_tree(new QTreeView(this)),
      m_title(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_facts(new QLabel(this)),
      m_open(new QPushButton(tr("&Open"), this)),
      m_recentList(new QListWidget(this)) {
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(ScenarioLibraryModel::SearchTextRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setRecursiveFilteringEnabled(true);
    m_search->setPlaceholderText(tr("Search scenarios (title, summary, file name; English or Chinese)…"));
    m_search->setClearButtonEnabled(true);
    m_tree->setModel(m_filter);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* heading = new QLabel(tr("<h2>DistLab scenario library</h2>"
                                  "Every pattern of the catalog as a runnable lab. Pick one to open it, or start from an empty lab."),
                               this);
    heading->setWordWrap(true);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setWordWrap(true);
    m_facts->setForegroundRole(QPalette::PlaceholderText);
    auto* newLab = new QPushButton(tr("&New empty lab"), this);
    m_open->setDefault(true);

    // The scenario's text scrolls when the window is small (the docks take most of it); the
    // buttons and the recent files stay in view.
    auto* text = new QWidget(this);
    auto* textLayout = new QVBoxLayout(text);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->addWidget(m_title);
    textLayout->addWidget(m_summary);
    textLayout->addWidget(m_facts);
    textLayout->addStretch();
    auto* textScroll = new QScrollArea(this);
    textScroll->setWidget(text);
    textScroll->setWidgetResizable(true);
    textScroll->setFrameShape(QFrame::NoFrame);
    textScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->addWidget(textScroll, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(newLab);
    buttons->addStretch();
    detailLayout->addLayout(buttons);
    detailLayout->addSpacing(12);
    detailLayout->addWidget(new QLabel(tr("<b>Recent files</b>"), this));
    m_recentList->setMinimumHeight(m_recentList->fontMetrics().height() * 3);
    detailLayout->addWidget(m_recentList, 1);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_tree, 1);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(heading);
    layout->addWidget(splitter, 1);

    connect(m_search, &QLineEdit::textChanged, this, &LibraryPage::setSearch);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &LibraryPage::showSelected);
    connect(m_tree, &QTreeView::activated, this, &LibraryPage::openCurrent);
    connect(m_open, &QPushButton::clicked, this, &LibraryPage::openCurrent);
    connect(newLab, &QPushButton::clicked, this, &LibraryPage::newLabRequested);
    connect(m_recentList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT openRequested(item->data(Qt::UserRole).toString()); });
    connect(&m_recent, &RecentFiles::changed, this, &LibraryPage::refreshRecent);
    refreshRecent();
    showSelected();
}

void LibraryPage::setRoot(const QString& root, bool chinese) {
    m_model->scan(root, chinese);
    m_tree->expandAll();
    // Start on the first scenario, so Enter opens something sensible.
    const QModelIndex first = m_filter->index(0, 0, m_filter->index(0, 0));
    if (first.isValid())
        m_tree->setCurrentIndex(first);
    showSelected();
}

int LibraryPage::visibleScenarios() const {
    int count = 0;
    for (int f = 0; f < m_filter->rowCount(); ++f)
        count += m_filter->rowCount(m_filter->index(f, 0));
    return count;
}

void LibraryPage::setSearch(const QString& text) {
    if (m_search->text() != text)
        m_search->setText(text);
    m_filter->setFilterFixedString(text);
    m_tree->expandAll();
    // The detail pane shows a scenario the search keeps: the current one if it still matches,
    // else the first match, else none.
    if (!m_tree->currentIndex().data(ScenarioLibraryModel::PathRole).isValid()) {
        QModelIndex first;
        for (int f = 0; f < m_filter->rowCount() && !first.isValid(); ++f)
            if (m_filter->rowCount(m_filter->index(f, 0)) > 0)
                first = m_filter->index(0, 0, m_filter->index(f, 0));
        m_tree->setCurrentIndex(first);
    }
    showSelected();
}

void LibraryPage::focusSearch() {
    m_search->setFocus();
    m_search->selectAll();
}

void LibraryPage::showSelected() {
    const QModelIndex current = m_tree->currentIndex();
    const QString path = current.data(ScenarioLibraryModel::PathRole).toString();
    m_open->setEnabled(!path.isEmpty());
    if (path.isEmpty()) {
        m_title->setText(tr("No scenario selected"));
        m_summary->setText(tr("Choose a scenario on the left. Each one runs real node processes over loopback sockets "
                              "(or the deterministic simulator) and checks what happened."));
        m_facts->clear();
        return;
    }
    m_title->setText(current.data(Qt::DisplayRole).toString());
    m_summary->setText(current.data(ScenarioLibraryModel::SummaryRole).toString());
    m_facts->setText(current.data(ScenarioLibraryModel::FactsRole).toString() + QLatin1Char('\n') +
                     QDir::toNativeSeparators(path));
}

void LibraryPage::openCurrent() {
    const QString path = m_tree->currentIndex().data(ScenarioLibraryModel::PathRole).toString();
    if (!path.isEmpty())
        Q_EMIT openRequested(path);
}

void LibraryPage::refreshRecent() {
    m_recentList->clear();
    const QStringList files = m_recent.files();
    for (const QString& file : files) {
        auto* item = new QListWidgetItem(QFileInfo(file).fileName(), m_recentList);
        item->setData(Qt::UserRole, file);
        item->setToolTip(item->text() + QLatin1Char('\n') + file);
    }
    if (files.isEmpty()) {
        auto* item = new QListWidgetItem(tr("(none yet)"), m_recentList);
        item->setFlags(Qt::NoItemFlags);
    }
}

}  // namespace distlab::views
