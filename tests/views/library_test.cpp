#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "views/library/recent_files.h"
#include "views/library/scenario_library.h"

using namespace distlab;

namespace {

int yamlFilesUnder(const QString& root) {
    int count = 0;
    QDir dir(root);
    for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        count += yamlFilesUnder(dir.filePath(sub));
    return count + int(dir.entryList({QStringLiteral("*.yaml")}, QDir::Files).size());
}

const QString kScenarios = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios");

}  // namespace

class LibraryTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsEveryShippedScenarioByFamily();
    void searchFilters();
    void searchFindsEitherLanguage();
    void detailFollowsTheSearch();
    void badFileIsListedWithItsProblem();
    void openAndRecentFiles();
    void rendersSomething();
};

void LibraryTest::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("distlab-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("library_test"));
    QSettings().clear();
}

void LibraryTest::listsEveryShippedScenarioByFamily() {
    views::ScenarioLibraryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.scan(kScenarios, false);
    QCOMPARE(model.scenarioCount(), yamlFilesUnder(kScenarios));
    QVERIFY(model.scenarioCount() >= 20);
    QStringList families;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex family = model.index(row, 0);
        families << family.data().toString();
        for (int child = 0; child < model.rowCount(family); ++child) {
            const QModelIndex scenario = model.index(child, 0, family);
            QVERIFY(QFile::exists(scenario.data(views::ScenarioLibraryModel::PathRole).toString()));
            QVERIFY(!scenario.data(views::ScenarioLibraryModel::SummaryRole).toString().isEmpty());
        }
    }
    QVERIFY(families.contains(QStringLiteral("Consensus")));
    QVERIFY(families.contains(QStringLiteral("Resilience")));
    QVERIFY(!families.contains(QStringLiteral("Files that do not load")));
    // Chinese titles when asked.
    model.scan(kScenarios, true);
    bool chinese = false;
    const QModelIndex first = model.index(0, 0);
    for (int child = 0; child < model.rowCount(first); ++child)
        chinese |= model.index(child, 0, first).data().toString().contains(QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]")));
    QVERIFY(chinese);
}

void LibraryTest::searchFilters() {
    views::RecentFiles recent;
    views::LibraryPage page(recent);
    page.setRoot(kScenarios, false);
    const int all = page.visibleScenarios();
    QCOMPARE(all, page.model().scenarioCount());
    page.setSearch(QStringLiteral("pre-vote"));
    QVERIFY(page.visibleScenarios() >= 1);
    QVERIFY(page.visibleScenarios() < all);
    page.setSearch(QStringLiteral("no scenario says zzqqxx"));
    QCOMPARE(page.visibleScenarios(), 0);
    page.setSearch(QString());
    QCOMPARE(page.visibleScenarios(), all);
}

void LibraryTest::searchFindsEitherLanguage() {
    views::RecentFiles recent;
    views::LibraryPage page(recent);
    page.setRoot(kScenarios, false);   // the English UI
    page.setSearch(QStringLiteral("熔断器"));
    QVERIFY(page.visibleScenarios() >= 1);
    page.setSearch(QStringLiteral("circuit breaker"));
    const int english = page.visibleScenarios();
    QVERIFY(english >= 1);
    page.setRoot(kScenarios, true);    // and English terms in the Chinese UI
    page.setSearch(QStringLiteral("circuit breaker"));
    QCOMPARE(page.visibleScenarios(), english);
}

void LibraryTest::detailFollowsTheSearch() {
    views::RecentFiles recent;
    views::LibraryPage page(recent);
    page.setRoot(kScenarios, false);
    auto* tree = page.findChild<QTreeView*>();
    QLabel* title = nullptr;
    const QString first = tree->currentIndex().data().toString();
    for (QLabel* label : page.findChildren<QLabel*>())
        if (label->text() == first)
            title = label;
    QVERIFY(title);
    // A search that filters the shown scenario out: the detail shows the first match instead.
    page.setSearch(QStringLiteral("pre-vote"));
    QVERIFY(page.visibleScenarios() >= 1);
    QVERIFY(title->text() != first);
    QCOMPARE(title->text(), tree->currentIndex().data().toString());
    QVERIFY(!tree->currentIndex().data(views::ScenarioLibraryModel::PathRole).toString().isEmpty());
    // Nothing matches: nothing is shown as if it did.
    page.setSearch(QStringLiteral("no scenario says zzqqxx"));
    QCOMPARE(title->text(), QStringLiteral("No scenario selected"));
}

void LibraryTest::badFileIsListedWithItsProblem() {
    QTemporaryDir dir;
    QFile bad(dir.filePath(QStringLiteral("broken.yaml")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("version: 1\nname: [unclosed\n");
    bad.close();
    views::ScenarioLibraryModel model;
    model.scan(dir.path(), false);
    QCOMPARE(model.scenarioCount(), 1);
    const QModelIndex family = model.index(0, 0);
    QCOMPARE(family.data().toString(), QStringLiteral("Files that do not load"));
    const QString summary = model.index(0, 0, family).data(views::ScenarioLibraryModel::SummaryRole).toString();
    QVERIFY2(summary.contains(QStringLiteral("broken.yaml")), qPrintable(summary));
}

void LibraryTest::openAndRecentFiles() {
    views::RecentFiles recent;
    recent.clear();
    views::LibraryPage page(recent);
    page.setRoot(kScenarios, false);
    QSignalSpy open(&page, &views::LibraryPage::openRequested);
    auto* tree = page.findChild<QTreeView*>();
    QVERIFY(tree);
    QVERIFY(tree->currentIndex().isValid());
    Q_EMIT tree->activated(tree->currentIndex());
    QCOMPARE(open.count(), 1);
    const QString path = open.first().first().toString();
    QVERIFY(path.endsWith(QStringLiteral(".yaml")));

    recent.add(path);
    recent.add(kScenarios + QStringLiteral("/does-not-exist.yaml"));
    recent.add(path);
    QCOMPARE(recent.files(), QStringList{QFileInfo(path).absoluteFilePath()});
}

void LibraryTest::rendersSomething() {
    views::RecentFiles recent;
    views::LibraryPage page(recent);
    page.setRoot(kScenarios, false);
    page.resize(1100, 650);
    const QImage image = page.grab().toImage();
    QVERIFY(!image.isNull());
    image.save(QStringLiteral("library_page.png"));
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 5);
}

QTEST_MAIN(LibraryTest)
#include "library_test.moc"
