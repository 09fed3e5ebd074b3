// The editor's drawing tools (issue 21): a toolbar with Select, Add Node (with its role), Link
// and the Partition brush, and a hint line for the active tool; each tool does on the canvas what
// its hint says.

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolBar>

#include "views/editor/editor_controller.h"
#include "views/editor/lab_document.h"
#include "views/shell/main_window.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"

using namespace distlab;
using views::MainWindow;
using Tool = views::TopologyScene::Tool;

namespace {

QAction* toolAction(MainWindow& window, Tool tool) {
    return window.findChild<QAction*>(QStringLiteral("Tool:%1").arg(int(tool)));
}

QPoint onCanvas(MainWindow& window, QPointF scenePos) {
    return window.canvas().mapFromScene(scenePos);
}

bool linked(const views::LabDocument& document, const QString& a, const QString& b) {
    for (const auto& link : document.scenario().links)
        if ((link.from == a.toStdString() && link.to == b.toStdString()) ||
            (link.from == b.toStdString() && link.to == a.toStdString()))
            return true;
    return false;
}

}  // namespace

class DrawingToolsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void toolbarOffersEveryToolWithAHint();
    void addNodeAndLinkDrawTheLab();
    void partitionBrushCutsDuringARun();
};

void DrawingToolsTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("drawing-tools-test"));
    QSettings().clear();
}

void DrawingToolsTest::toolbarOffersEveryToolWithAHint() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QToolBar* tools = window.findChild<QToolBar*>(QStringLiteral("ToolsToolBar"));
    QVERIFY(tools);
    QVERIFY(tools->isVisible());
    auto* hint = window.findChild<QLabel*>(QStringLiteral("ToolHint"));
    auto* role = window.findChild<QComboBox*>(QStringLiteral("ToolRole"));
    QVERIFY(hint && role);
    QVERIFY(role->count() > 3);   // every built-in role
    QVERIFY(toolAction(window, Tool::Select)->isChecked());
    QSet<QString> hints;
    for (const Tool tool : {Tool::Select, Tool::AddNode, Tool::Link, Tool::Partition}) {
        QAction* action = toolAction(window, tool);
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        QVERIFY(action->isChecked());
        QCOMPARE(window.topology().tool(), tool);
        QVERIFY(!hint->text().isEmpty());
        hints.insert(hint->text());
    }
    QCOMPARE(hints.size(), 4);   // one hint per tool
    // The Add Node hint names the role it places; choosing a role picks the tool.
    toolAction(window, Tool::Select)->trigger();
    role->setCurrentIndex(role->count() - 1);
    Q_EMIT role->activated(role->count() - 1);
    QCOMPARE(window.topology().tool(), Tool::AddNode);
    QCOMPARE(window.topology().toolRole(), role->currentText());
    QVERIFY(hint->text().contains(role->currentText()));
}

void DrawingToolsTest::addNodeAndLinkDrawTheLab() {
    MainWindow window;
    window.resize(1200, 780);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor().newLab();
    views::LabDocument& document = window.editor().document();
    QCOMPARE(document.nodeIds().size(), 0);
    auto* role = window.findChild<QComboBox*>(QStringLiteral("ToolRole"));
    const int raft = role->findText(QStringLiteral("raft"));
    QVERIFY(raft >= 0);
    role->setCurrentIndex(raft);
    Q_EMIT role->activated(raft);
    QWidget* viewport = window.canvas().viewport();
    // Two clicks on empty canvas: two raft nodes where they were clicked.
    QTest::mouseClick(viewport, Qt::LeftButton, {}, onCanvas(window, QPointF(-150, 0)));
    QCOMPARE(document.nodeIds().size(), 1);
    QTest::mouseClick(viewport, Qt::LeftButton, {}, onCanvas(window, QPointF(150, 0)));
    const QStringList nodes = document.nodeIds();
    QCOMPARE(nodes.size(), 2);
    QCOMPARE(QString::fromStdString(document.scenario().nodes.front().role), QStringLiteral("raft"));
    // Zoom to fit may have followed the new nodes: positions are read back from the scene.
    const QPointF a = window.topology().nodePosition(nodes[0]);
    const QPointF b = window.topology().nodePosition(nodes[1]);
    // The Select tool on a node adds nothing.
    toolAction(window, Tool::Select)->trigger();
    QTest::mouseClick(viewport, Qt::LeftButton, {}, onCanvas(window, a));
    QCOMPARE(document.nodeIds().size(), 2);
    // The Link tool: a plain drag from one node to the other links them.
    toolAction(window, Tool::Link)->trigger();
    QVERIFY(!linked(document, nodes[0], nodes[1]));
    QTest::mousePress(viewport, Qt::LeftButton, {}, onCanvas(window, a));
    QTest::mouseMove(viewport, onCanvas(window, (a + b) / 2));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, onCanvas(window, b));
    QVERIFY(linked(document, nodes[0], nodes[1]));
    QCOMPARE(document.nodeIds().size(), 2);
}

void DrawingToolsTest::partitionBrushCutsDuringARun() {
    MainWindow window;
    window.resize(1200, 780);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor().newLab();
    views::LabDocument& document = window.editor().document();
    for (const QPointF at : {QPointF(0, 0), QPointF(200, 0), QPointF(0, 200)})
        QVERIFY(document.addNode(QStringLiteral("raft"), at).isEmpty());
    const QStringList nodes = document.nodeIds();
    QCOMPARE(nodes.size(), 3);
    // A run: the tools that draw wait, Select and the brush stay; Link falls back to Select.
    toolAction(window, Tool::Link)->trigger();
    window.editor().setRunning(true);
    window.topology().setFaultMode(true);
    QVERIFY(!toolAction(window, Tool::AddNode)->isEnabled());
    QVERIFY(!toolAction(window, Tool::Link)->isEnabled());
    QVERIFY(toolAction(window, Tool::Partition)->isEnabled());
    QCOMPARE(window.topology().tool(), Tool::Select);
    // The brush cuts from anywhere, a node included: from the first node past the other two.
    toolAction(window, Tool::Partition)->trigger();
    QSignalSpy cut(&window.topology(), &views::TopologyScene::partitionDrawn);
    QWidget* viewport = window.canvas().viewport();
    const QPointF from = window.topology().nodePosition(nodes[0]);
    const QPointF to = from + QPointF(200, 200);
    QTest::mousePress(viewport, Qt::LeftButton, {}, onCanvas(window, from));
    QTest::mouseMove(viewport, onCanvas(window, to));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, onCanvas(window, to));
    QCOMPARE(cut.size(), 1);
    const QStringList sideA = cut.front().at(0).toStringList();
    const QStringList sideB = cut.front().at(1).toStringList();
    QCOMPARE(sideA.size() + sideB.size(), 3);
    QVERIFY(!sideA.isEmpty() && !sideB.isEmpty());
    window.topology().setFaultMode(false);
    window.editor().setRunning(false);
    QVERIFY(toolAction(window, Tool::AddNode)->isEnabled());
    // A recording's lab is read only: nothing to draw on it either.
    window.editor().setDrawingEnabled(false);
    QVERIFY(!toolAction(window, Tool::Link)->isEnabled());
    QVERIFY(toolAction(window, Tool::Select)->isEnabled());
}

QTEST_MAIN(DrawingToolsTest)
#include "drawing_tools_test.moc"
