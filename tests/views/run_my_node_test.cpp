// File > Run My Node...: the dialog's fields become the test `distlab-cli maelstrom test` would
// run (arguments split as a command line, no shell), OK only once a program is named; and the
// window runs it: a Maelstrom echo node of one's own on real processes, judged, with the services
// beside it; a path that is not a program is refused with the reason.

#include <QApplication>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include "views/common/lab_session.h"
#include "views/shell/main_window.h"
#include "views/shell/run_my_node_dialog.h"
#include "views/topology/topology_scene.h"

using namespace distlab;
using views::MainWindow;
using views::RunMyNodeDialog;

class RunMyNodeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theFieldsBecomeTheTest();
    void theWindowRunsTheProgram();
    void aPathThatIsNotAProgramIsRefused();
};

void RunMyNodeTest::theFieldsBecomeTheTest() {
    RunMyNodeDialog dialog;
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    dialog.findChild<QLineEdit*>(QStringLiteral("program"))->setText(QStringLiteral("/opt/my node"));
    dialog.findChild<QLineEdit*>(QStringLiteral("arguments"))->setText(QStringLiteral("--mode fast \"two words\""));
    QVERIFY(ok->isEnabled());
    auto test = dialog.test();
    QCOMPARE(test.command, (std::vector<std::string>{"/opt/my node", "--mode", "fast", "two words"}));
    QCOMPARE(test.workload, std::string("echo"));
    QCOMPARE(test.node_count, 1u);
    test.workload = "kafka";
    test.node_count = 3;
    test.rate = 42;
    RunMyNodeDialog again;
    again.setTest(test);
    QCOMPARE(again.test().command, test.command);
    QCOMPARE(again.test().workload, std::string("kafka"));
    QCOMPARE(again.test().node_count, 3u);
    QCOMPARE(again.test().rate, 42.0);
}

void RunMyNodeTest::theWindowRunsTheProgram() {
    MainWindow window;
    window.setNodeBinary(QStringLiteral(DISTLAB_NODE_BINARY));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    QVERIFY(window.runMyNode({.command = {MAELSTROM_ECHO_NODE, "correct"},
                              .workload = "echo",
                              .node_count = 2,
                              .time_limit_s = 2,
                              .rate = 20}));
    const QStringList nodes = window.topology().nodeIds();
    for (const char* id : {"n1", "n2", "c1", "c2", "lin-kv", "seq-kv", "lww-kv", "lin-tso"})
        QVERIFY2(nodes.contains(QString::fromLatin1(id)), id);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(window.session().lastVerdict(), QStringLiteral("passed"));
}

void RunMyNodeTest::aPathThatIsNotAProgramIsRefused() {
    MainWindow window;
    // The warning box is modal: close it as soon as it shows.
    QTimer::singleShot(0, &window, [] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w)) {
                QVERIFY(box->text().contains(QStringLiteral("/nonexistent/my-node is not a file")));
                box->accept();
            }
    });
    QVERIFY(!window.runMyNode({.command = {"/nonexistent/my-node"}, .workload = "echo"}));
}

QTEST_MAIN(RunMyNodeTest)
#include "run_my_node_test.moc"
