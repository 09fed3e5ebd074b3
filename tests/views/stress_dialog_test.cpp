// Run > Stress (issue 22): a ramp on the open scenario through the dialog, off the GUI thread,
// its table with the knee, the report written and announced, Stop.

#include <QAction>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

#include "netlab/api/scenario_files.h"
#include "views/shell/main_window.h"
#include "views/shell/stress_dialog.h"

using namespace distlab;
using views::MainWindow;
using views::StressDialog;

namespace {

const QString kServer = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml");
const QString kNoClient = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/unsafe-vote-without-persist.yaml");

QAction* stressAction(MainWindow& window) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == QStringLiteral("&Stress..."))
            return action;
    return nullptr;
}

QPushButton* button(StressDialog& dialog, const char* name) {
    return dialog.findChild<QPushButton*>(QString::fromLatin1(name));
}

void setRamp(StressDialog& dialog, double from, double to, double step, double hold) {
    dialog.findChild<QDoubleSpinBox*>(QStringLiteral("from"))->setValue(from);
    dialog.findChild<QDoubleSpinBox*>(QStringLiteral("to"))->setValue(to);
    dialog.findChild<QDoubleSpinBox*>(QStringLiteral("step"))->setValue(step);
    dialog.findChild<QDoubleSpinBox*>(QStringLiteral("hold"))->setValue(hold);
}

}  // namespace

class StressDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rampRunsOffTheGuiThreadAndWritesTheReport();
    void stopEndsTheRampPromptly();
    void noClientCannotStart();
    void aChineseWindowWritesAChineseReport();
};

void StressDialogTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("stress-dialog-test"));
}

void StressDialogTest::rampRunsOffTheGuiThreadAndWritesTheReport() {
    MainWindow window;
    QAction* action = stressAction(window);
    QVERIFY(action);
    QVERIFY(window.openScenario(kServer));
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* dialog = window.findChild<StressDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    // The window opens the report in a browser; here the signal is enough.
    QObject::disconnect(dialog, &StressDialog::reportReady, &window, nullptr);
    setRamp(*dialog, 100, 300, 100, 1);
    dialog->findChild<QCheckBox*>(QStringLiteral("closed"))->setChecked(false);
    QPushButton* start = button(*dialog, "start");
    QPushButton* report = button(*dialog, "report");
    QVERIFY(start->isEnabled());
    QVERIFY(!report->isEnabled());

    QSignalSpy finished(dialog, &StressDialog::finished);
    QSignalSpy ready(dialog, &StressDialog::reportReady);
    start->click();
    // Off the GUI thread: the dialog answers while the steps run.
    QVERIFY(dialog->isRunning());
    QCOMPARE(start->text(), QStringLiteral("S&top"));
    QVERIFY(!dialog->findChild<QDoubleSpinBox*>(QStringLiteral("from"))->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);

    QVERIFY(dialog->result() && dialog->result()->has_value());
    const netlab::StressOutcome& outcome = **dialog->result();
    QCOMPARE(outcome.steps.size(), std::size_t(3));
    QCOMPARE(outcome.steps.front().offered, 100.0);
    QCOMPARE(outcome.steps.back().offered, 300.0);
    QVERIFY(outcome.steps.front().throughput > 50);
    QVERIFY(!outcome.stopped);
    // The report, announced once, leads with the campaign's charts.
    QCOMPARE(ready.count(), 1);
    const QString path = ready.front().at(0).toString();
    QCOMPARE(path, QString::fromStdString(outcome.report.string()));
    QFile html(path);
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QByteArray content = html.readAll();
    QVERIFY(content.contains("Throughput against offered load"));
    QVERIFY(content.contains("Topology"));   // then the knee's run

    const QString summary = dialog->findChild<QTextBrowser*>(QStringLiteral("summary"))->toPlainText();
    QVERIFY2(summary.contains(QStringLiteral("offered /s")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("300.0")), qPrintable(summary));
    QCOMPARE(start->text(), QStringLiteral("&Start"));
    QVERIFY(report->isEnabled());
    report->click();   // says where the report is again
    QCOMPARE(ready.count(), 2);
    QCOMPARE(ready.back().at(0).toString(), path);
}

void StressDialogTest::stopEndsTheRampPromptly() {
    MainWindow window;
    QVERIFY(window.openScenario(kServer));
    StressDialog* dialog = window.openStress();
    QVERIFY(dialog);
    QObject::disconnect(dialog, &StressDialog::reportReady, &window, nullptr);
    setRamp(*dialog, 100, 20000, 100, 60);   // 200 steps of a minute each
    QSignalSpy finished(dialog, &StressDialog::finished);
    QSignalSpy ready(dialog, &StressDialog::reportReady);
    dialog->start();
    QVERIFY(dialog->isRunning());
    button(*dialog, "start")->click();   // Stop
    QVERIFY(!button(*dialog, "start")->isEnabled());   // stopping
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(dialog->result() && dialog->result()->has_value());
    QVERIFY((*dialog->result())->stopped);
    QVERIFY((*dialog->result())->steps.size() < 200);
    QCOMPARE(ready.count(), 0);   // no report of a ramp cut short
    QVERIFY(dialog->findChild<QDoubleSpinBox*>(QStringLiteral("from"))->isEnabled());
}

void StressDialogTest::noClientCannotStart() {
    auto loaded = netlab::read_scenario_file(kNoClient.toStdString());
    QVERIFY(loaded);
    StressDialog dialog(*loaded);
    QVERIFY(!button(dialog, "start")->isEnabled());
    dialog.start();
    QVERIFY(!dialog.isRunning());
    // A ramp that goes down cannot start either.
    auto served = netlab::read_scenario_file(kServer.toStdString());
    QVERIFY(served);
    StressDialog backwards(*served);
    QVERIFY(button(backwards, "start")->isEnabled());
    setRamp(backwards, 200, 100, 10, 1);
    QVERIFY(!button(backwards, "start")->isEnabled());
}

// The report speaks the window's language, as Export Report and Compare do: its stress section
// and the knee's run in Chinese, and the saturation's reason in the dialog too.
void StressDialogTest::aChineseWindowWritesAChineseReport() {
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    auto served = netlab::read_scenario_file(kServer.toStdString());
    QVERIFY(served);
    StressDialog dialog(*served);
    setRamp(dialog, 100, 600, 250, 1);   // 100, 350 and 600 /s: the last beyond the server's capacity
    dialog.findChild<QCheckBox*>(QStringLiteral("closed"))->setChecked(false);
    QSignalSpy finished(&dialog, &StressDialog::finished);
    QSignalSpy ready(&dialog, &StressDialog::reportReady);
    dialog.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);
    QLocale::setDefault(before);
    QVERIFY(dialog.result() && dialog.result()->has_value());
    const netlab::StressOutcome& outcome = **dialog.result();
    QCOMPARE(ready.count(), 1);
    QFile html(ready.front().at(0).toString());
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QString content = QString::fromUtf8(html.readAll());
    for (const char* text : {"lang=\"zh-CN\"", "<h2>压力测试：逐步加压直到饱和</h2>", "吞吐量随提供负载的变化", "<h2>拓扑</h2>"})
        QVERIFY2(content.contains(QString::fromUtf8(text)), text);
    QVERIFY(!content.contains(QStringLiteral("Throughput against offered load")));
    QVERIFY(!content.contains(QStringLiteral("Topology")));
    QVERIFY(outcome.saturation);
    const QString summary = dialog.findChild<QTextBrowser*>(QStringLiteral("summary"))->toPlainText();
    QVERIFY2(summary.contains(QString::fromStdString(outcome.saturation_reason.zh)), qPrintable(summary));
}

QTEST_MAIN(StressDialogTest)
#include "stress_dialog_test.moc"
