// Run > Chaos (issue 22): a campaign on the open scenario through the dialog, off the GUI thread,
// its summary, Stop, and the shrunk scenario opened and replayed in the window.

#include <QAction>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

#include <algorithm>

#include "netlab/api/scenario_entries.h"
#include "netlab/api/scenario_files.h"
#include "views/common/lab_session.h"
#include "views/editor/editor_controller.h"
#include "views/editor/lab_document.h"
#include "views/shell/chaos_dialog.h"
#include "views/shell/main_window.h"

using namespace distlab;
using views::ChaosDialog;
using views::MainWindow;

namespace {

const QString kUnsafe = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/unsafe-skip-log-check.yaml");
const QString kSafe = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml");
const QString kShipped = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml");

QAction* chaosAction(MainWindow& window) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == QStringLiteral("&Chaos..."))
            return action;
    return nullptr;
}

// Only the fault kinds `kinds` ticked.
void chooseFaults(ChaosDialog& dialog, const QStringList& kinds) {
    for (QCheckBox* box : dialog.findChildren<QCheckBox*>())
        if (box->objectName().startsWith(QStringLiteral("fault-")))
            box->setChecked(kinds.contains(box->objectName().mid(6)));
}

QPushButton* button(ChaosDialog& dialog, const char* name) {
    return dialog.findChild<QPushButton*>(QString::fromLatin1(name));
}

}  // namespace

class ChaosDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void campaignFindsShrinksAndReplays();
    void stopEndsTheCampaignPromptly();
    void nothingToJudgeCannotStart();
};

void ChaosDialogTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("chaos-dialog-test"));
    QSettings().clear();
}

void ChaosDialogTest::campaignFindsShrinksAndReplays() {
    MainWindow window;
    window.show();
    QAction* action = chaosAction(window);
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::Key_F8));
    QVERIFY(window.openScenario(kUnsafe));
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* dialog = window.findChild<ChaosDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("seed"))->value(), 12);   // the scenario's seed
    dialog->findChild<QSpinBox*>(QStringLiteral("runs"))->setValue(4);
    dialog->findChild<QDoubleSpinBox*>(QStringLiteral("interval"))->setValue(1);
    chooseFaults(*dialog, {QStringLiteral("kill"), QStringLiteral("partition")});
    QPushButton* start = button(*dialog, "start");
    QPushButton* replay = button(*dialog, "replay");
    QVERIFY(start->isEnabled());
    QVERIFY(!replay->isEnabled());

    QSignalSpy finished(dialog, &ChaosDialog::finished);
    start->click();
    // Off the GUI thread: the dialog answers while the campaign runs.
    QVERIFY(dialog->isRunning());
    QCOMPARE(start->text(), QStringLiteral("S&top"));
    QVERIFY(!dialog->findChild<QSpinBox*>(QStringLiteral("runs"))->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);

    QVERIFY(dialog->result() && dialog->result()->has_value());
    const netlab::ChaosOutcome& outcome = **dialog->result();
    QCOMPARE(outcome.runs, 4);
    QVERIFY(!outcome.stopped);
    QVERIFY(!outcome.failures.empty());
    QCOMPARE(outcome.passed + int(outcome.failures.size()), 4);
    QVERIFY(outcome.failures_by_check.contains("leader_completeness"));
    QVERIFY(outcome.shrunk);
    QCOMPARE(outcome.shrunk->seed, outcome.failures.front().seed);
    QVERIFY(!outcome.shrunk->scenario.faults.empty());
    QVERIFY(outcome.shrunk->scenario.faults.size() <= outcome.shrunk->faults_before);

    const QString summary = dialog->findChild<QTextBrowser*>(QStringLiteral("summary"))->toPlainText();
    // "4 run(s)" until the English translation gives the plural its forms.
    QVERIFY2(summary.contains(QRegularExpression(
                 QStringLiteral("^4 run(s|\\(s\\)): %1 passed, %2 failed$").arg(outcome.passed).arg(outcome.failures.size()),
                 QRegularExpression::MultilineOption)),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("leader_completeness: failed in ")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("Failing seeds: %1").arg(outcome.failures.front().seed)), qPrintable(summary));
    for (const std::string& fault : netlab::scenario_entries(outcome.shrunk->scenario, netlab::ScenarioList::Faults))
        QVERIFY2(summary.contains(QString::fromStdString(fault)), qPrintable(summary));   // the shrunk schedule
    QCOMPARE(start->text(), QStringLiteral("&Start"));
    QVERIFY(replay->isEnabled());

    // Open and Replay: the shrunk scenario is the window's, and its run fails the same check.
    QSignalSpy ran(&window.session(), &views::LabSession::runFinished);
    replay->click();
    const QString file = dialog->shrunkFile();
    QVERIFY(QFile::exists(file));
    QCOMPARE(window.session().scenarioPath(), file);
    QVERIFY(!dialog->isVisible());   // out of the way of the replay
    QCOMPARE(window.editor().document().scenario().name,
             "raft-unsafe-skip-log-check-chaos-" + std::to_string(outcome.shrunk->seed));
    QCOMPARE(window.editor().document().scenario().faults.size(), outcome.shrunk->scenario.faults.size());
    QTRY_COMPARE_WITH_TIMEOUT(ran.count(), 1, 120000);
    QCOMPARE(ran.front().at(0).toBool(), false);
    const auto verdicts = ran.front().at(1).value<QList<views::CheckVerdict>>();
    const QString failing = QString::fromStdString(outcome.shrunk->check);
    QVERIFY(std::any_of(verdicts.begin(), verdicts.end(),
                        [&](const views::CheckVerdict& v) { return v.name == failing && !v.passed && v.windowStartNs >= 0; }));
    QFile::remove(file);
}

void ChaosDialogTest::stopEndsTheCampaignPromptly() {
    MainWindow window;
    QVERIFY(window.openScenario(kSafe));
    ChaosDialog* dialog = window.openChaos();
    QVERIFY(dialog);
    dialog->findChild<QSpinBox*>(QStringLiteral("runs"))->setValue(100000);
    QSignalSpy finished(dialog, &ChaosDialog::finished);
    dialog->start();
    auto* progress = dialog->findChild<QProgressBar*>();
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 1, 60000);
    QCOMPARE(progress->maximum(), 100000);
    button(*dialog, "start")->click();   // Stop
    QVERIFY(!button(*dialog, "start")->isEnabled());   // stopping
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QVERIFY(dialog->result() && dialog->result()->has_value());
    QVERIFY((*dialog->result())->stopped);
    QVERIFY((*dialog->result())->runs < 100000);
    QVERIFY(dialog->findChild<QSpinBox*>(QStringLiteral("runs"))->isEnabled());
}

void ChaosDialogTest::nothingToJudgeCannotStart() {
    auto loaded = netlab::read_scenario_file(kShipped.toStdString());
    QVERIFY(loaded);
    // Its only check timed against the story: chaos leaves it out.
    netlab::Scenario scenario = *loaded;
    scenario.checks = {netlab::CheckSpec{"recovers", {{"within", "2s"}, {"after", "1s"}}, {}}};
    ChaosDialog dialog(scenario, QString());
    QVERIFY(!button(dialog, "start")->isEnabled());
    dialog.start();
    QVERIFY(!dialog.isRunning());
    // Without a fault kind chosen, neither.
    ChaosDialog judged(*loaded, kShipped);
    QVERIFY(button(judged, "start")->isEnabled());
    chooseFaults(judged, {});
    QVERIFY(!button(judged, "start")->isEnabled());
}

QTEST_MAIN(ChaosDialogTest)
#include "chaos_dialog_test.moc"
