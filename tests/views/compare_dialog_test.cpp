// The Compare dialog with scenarios and recordings on either side (the distlab-cli arguments it
// builds, what it enables, what it says about each side), Past Runs' Compare... with two runs
// selected, and the window pre-filling A with the recording in playback.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QTimer>

#include <filesystem>

#include "views/library/past_runs.h"
#include "views/shell/compare_dialog.h"
#include "views/shell/main_window.h"
#include "view_test_support.h"

using namespace distlab;
using views::CompareDialog;

namespace {

const QString kScenarioA = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml");
const QString kScenarioB = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/resilience/circuit-breaker.yaml");

QPushButton* buttonNamed(QWidget& parent, const QString& text) {
    for (QPushButton* button : parent.findChildren<QPushButton*>())
        if (button->text() == text)
            return button;
    return nullptr;
}

// The dialog's three controls that only scenario sides use.
struct ScenarioControls {
    QSpinBox* runs = nullptr;
    QSpinBox* seed = nullptr;
    QCheckBox* sim = nullptr;
};

ScenarioControls controlsOf(CompareDialog& dialog) {
    const auto spins = dialog.findChildren<QSpinBox*>();
    ScenarioControls c;
    for (QSpinBox* spin : spins)
        (spin->minimum() < 0 ? c.seed : c.runs) = spin;
    c.sim = dialog.findChild<QCheckBox*>();
    return c;
}

QString statusOf(CompareDialog& dialog) {
    for (QLabel* label : dialog.findChildren<QLabel*>())
        if (label->text().startsWith(QStringLiteral("A: ")))
            return label->text();
    return {};
}

}  // namespace

class CompareDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoScenarios();
    void twoRecordings();
    void oneRecordingAndOneScenario();
    void badSidesAreNamed();
    void noiseThresholdIsPassedWhenChanged();
    void pastRunsOffersCompareForTwoRuns();
    void playbackRecordingIsSideA();

private:
    // A simulated run of `scenario` recorded as `name` in the scratch folder.
    QString record(const QString& scenario, const QString& name);

    QTemporaryDir m_dir;
    QString m_older;
    QString m_newer;
};

void CompareDialogTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("distlab-compare-test"));
    QVERIFY(m_dir.isValid());
    m_older = record(QStringLiteral("scenarios/communication/request-response.yaml"), QStringLiteral("older.distlab"));
    m_newer = record(QStringLiteral("scenarios/resilience/circuit-breaker.yaml"), QStringLiteral("newer.distlab"));
    QVERIFY(!m_older.isEmpty() && !m_newer.isEmpty());
    // Recorded within the same second, the two differ by file time: make that unambiguous.
    const std::filesystem::path older = m_older.toStdString();
    std::filesystem::last_write_time(older, std::filesystem::last_write_time(older) - std::chrono::hours(1));
}

QString CompareDialogTest::record(const QString& scenario, const QString& name) {
    netlab::RunRequest request;
    request.scenario = views::test::loadShipped(scenario.toUtf8().constData());
    request.simulate = true;
    request.record_path = m_dir.filePath(name).toStdString();
    request.command_line = "test";
    auto outcome = netlab::run_scenario(request);
    if (!outcome || !outcome->recording)
        return {};
    return m_dir.filePath(name);
}

void CompareDialogTest::twoScenarios() {
    CompareDialog dialog(kScenarioA, kScenarioB);
    const ScenarioControls c = controlsOf(dialog);
    QVERIFY(c.runs && c.seed && c.sim);
    QVERIFY(c.runs->isEnabled() && c.seed->isEnabled() && c.sim->isEnabled());
    QVERIFY(buttonNamed(dialog, QStringLiteral("Compare"))->isEnabled());
    QCOMPARE(dialog.arguments(), (QStringList{QStringLiteral("compare"), kScenarioA, kScenarioB, QStringLiteral("--runs"),
                                              QStringLiteral("1"), QStringLiteral("--sim"), QStringLiteral("--report"),
                                              dialog.reportDir()}));
    c.runs->setValue(3);
    c.seed->setValue(42);
    c.sim->setChecked(false);
    QCOMPARE(dialog.arguments(), (QStringList{QStringLiteral("compare"), kScenarioA, kScenarioB, QStringLiteral("--runs"),
                                              QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("42"),
                                              QStringLiteral("--report"), dialog.reportDir()}));
    QCOMPARE(c.seed->specialValueText(), QStringLiteral("each scenario's own"));
    QVERIFY(statusOf(dialog).contains(QStringLiteral("A: scenario request-response.yaml")));
}

void CompareDialogTest::twoRecordings() {
    CompareDialog dialog(m_older, m_newer);
    const ScenarioControls c = controlsOf(dialog);
    QVERIFY(!c.runs->isEnabled());
    QVERIFY(!c.seed->isEnabled());
    QVERIFY(!c.sim->isEnabled());
    QVERIFY(buttonNamed(dialog, QStringLiteral("Compare"))->isEnabled());
    // Nothing runs: no runs, seed or simulator options, which distlab-cli would refuse.
    QCOMPARE(dialog.arguments(),
             (QStringList{QStringLiteral("compare"), m_older, m_newer, QStringLiteral("--report"), dialog.reportDir()}));
    const QString status = statusOf(dialog);
    QVERIFY2(status.contains(QStringLiteral("A: recording of request-response, seed")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("B: recording of circuit-breaker, seed 7, recorded")), qPrintable(status));
    QVERIFY(status.contains(QStringLiteral("Both are recordings")));
    views::test::keepScreenshot(dialog.grab().toImage(), QStringLiteral("compare-two-recordings"));

    // Making B a scenario enables them again.
    dialog.findChildren<QLineEdit*>(QString(), Qt::FindDirectChildrenOnly)[1]->setText(kScenarioB);
    QVERIFY(c.runs->isEnabled() && c.seed->isEnabled() && c.sim->isEnabled());
}

void CompareDialogTest::oneRecordingAndOneScenario() {
    CompareDialog dialog(m_newer, kScenarioB);
    const ScenarioControls c = controlsOf(dialog);
    QVERIFY(c.runs->isEnabled() && c.seed->isEnabled() && c.sim->isEnabled());
    // The scenario's run 1 takes the recording's seed unless one is given.
    QCOMPARE(c.seed->specialValueText(), QStringLiteral("the recording's"));
    c.runs->setValue(2);
    QCOMPARE(dialog.arguments(), (QStringList{QStringLiteral("compare"), m_newer, kScenarioB, QStringLiteral("--runs"),
                                              QStringLiteral("2"), QStringLiteral("--sim"), QStringLiteral("--report"),
                                              dialog.reportDir()}));
    const QString status = statusOf(dialog);
    QVERIFY(status.contains(QStringLiteral("A: recording of circuit-breaker")));
    QVERIFY(status.contains(QStringLiteral("B: scenario circuit-breaker.yaml")));
    views::test::keepScreenshot(dialog.grab().toImage(), QStringLiteral("compare-recording-and-scenario"));
}

void CompareDialogTest::badSidesAreNamed() {
    QFile junk(m_dir.filePath(QStringLiteral("junk.distlab")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not SQLite");
    junk.close();
    CompareDialog dialog(junk.fileName(), m_dir.filePath(QStringLiteral("gone.yaml")));
    QVERIFY(!buttonNamed(dialog, QStringLiteral("Compare"))->isEnabled());
    const QString status = statusOf(dialog);
    QVERIFY2(status.contains(QStringLiteral("A: not a recording DistLab can read")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("B: ")) && status.contains(QStringLiteral("gone.yaml does not exist")),
             qPrintable(status));
    QVERIFY(CompareDialog::isRecording(junk.fileName()));
    QVERIFY(!CompareDialog::isRecording(kScenarioA));
    // A recording under another name is still one: recordings are SQLite files.
    const QString renamed = m_dir.filePath(QStringLiteral("renamed.bin"));
    QVERIFY(QFile::copy(m_newer, renamed));
    QVERIFY(CompareDialog::isRecording(renamed));
}

void CompareDialogTest::noiseThresholdIsPassedWhenChanged() {
    CompareDialog dialog(m_older, m_newer);
    auto* threshold = dialog.findChild<QDoubleSpinBox*>();
    QVERIFY(threshold);
    // distlab-cli's default, shown as a percentage, left out of the command while unchanged.
    QCOMPARE(threshold->text(), QStringLiteral("5 %"));
    QVERIFY(threshold->isEnabled());
    QVERIFY(!dialog.arguments().contains(QStringLiteral("--threshold")));
    QTemporaryDir out;
    QVERIFY(out.isValid());
    dialog.findChildren<QLineEdit*>(QString(), Qt::FindDirectChildrenOnly)[2]->setText(out.path());
    threshold->findChild<QLineEdit*>()->setText(QStringLiteral("12.5"));
    threshold->interpretText();
    QCOMPARE(threshold->value(), 0.125);
    // Recordings are judged by it too: it is passed for two recordings.
    QCOMPARE(dialog.arguments(), (QStringList{QStringLiteral("compare"), m_older, m_newer, QStringLiteral("--threshold"),
                                              QStringLiteral("12.5"), QStringLiteral("--report"), out.path()}));

    // distlab-cli takes the command and compares with that threshold.
    QProcess cli;
    cli.start(QFileInfo(QStringLiteral(DISTLAB_NODE_BINARY)).dir().filePath(QStringLiteral("distlab-cli")), dialog.arguments());
    QVERIFY(cli.waitForFinished(120'000));
    QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() <= 1, cli.readAllStandardError().constData());
    QFile json(QDir(out.path()).filePath(QStringLiteral("compare.json")));
    QVERIFY2(json.open(QIODevice::ReadOnly), qPrintable(json.fileName()));
    const QJsonObject compare = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(compare.value(QStringLiteral("noise_threshold")).toDouble(), 0.125);

    // Back to 5 %: left out again.
    threshold->setValue(CompareDialog::kDefaultThreshold);
    QVERIFY(!dialog.arguments().contains(QStringLiteral("--threshold")));
}

void CompareDialogTest::pastRunsOffersCompareForTwoRuns() {
    views::PastRunsDialog dialog(m_dir.path(), false);
    auto* table = dialog.findChild<QTableView*>();
    QVERIFY(table);
    const int rows = table->model()->rowCount();
    int older = -1;
    int newer = -1;
    for (int row = 0; row < rows; ++row) {
        const QString path = table->model()->index(row, 0).data(views::PastRunsModel::PathRole).toString();
        if (path == m_older)
            older = row;
        else if (path == m_newer)
            newer = row;
    }
    QVERIFY(older >= 0 && newer >= 0);
    QVERIFY(newer < older);   // newest first
    QPushButton* compare = buttonNamed(dialog, QStringLiteral("Compare..."));
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QPushButton* open = buttons->button(QDialogButtonBox::Open);
    QVERIFY(compare && open);
    QVERIFY(!compare->isEnabled());
    auto* selection = table->selectionModel();
    selection->select(table->model()->index(newer, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(open->isEnabled());
    QVERIFY(!compare->isEnabled());
    selection->select(table->model()->index(older, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(compare->isEnabled());
    QVERIFY(!open->isEnabled());
    views::test::keepScreenshot(dialog.grab().toImage(), QStringLiteral("past-runs-two-selected"));

    QSignalSpy requested(&dialog, &views::PastRunsDialog::compareRequested);
    compare->click();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.front().at(0).toString(), m_older);   // A: the older run
    QCOMPARE(requested.front().at(1).toString(), m_newer);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void CompareDialogTest::playbackRecordingIsSideA() {
    views::MainWindow window;
    QSignalSpy opened(&window, &views::MainWindow::recordingOpened);
    QVERIFY(window.openRecording(m_newer));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    // Its checks are judged again from its events and listed.
    auto* checks = window.findChild<QTreeWidget*>();
    QVERIFY(checks);
    QTRY_VERIFY_WITH_TIMEOUT(checks->topLevelItemCount() > 0, 30000);
    QAction* compare = nullptr;
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == QStringLiteral("&Compare..."))
            compare = action;
    QVERIFY(compare);
    QStringList arguments;
    QTimer::singleShot(0, this, [&arguments] {
        if (auto* dialog = qobject_cast<CompareDialog*>(QApplication::activeModalWidget())) {
            arguments = dialog->arguments();
            dialog->reject();
        }
    });
    compare->trigger();
    QVERIFY(arguments.size() >= 3);
    QCOMPARE(arguments.at(1), m_newer);
    QVERIFY(arguments.at(2).isEmpty());
}

QTEST_MAIN(CompareDialogTest)
#include "compare_dialog_test.moc"
