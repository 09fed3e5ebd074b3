#include <QAbstractItemModelTester>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPainter>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"
#include "views/editor/commands/link_commands.h"
#include "views/editor/inspector.h"
#include "views/editor/lab_document.h"
#include "views/editor/role_palette.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"
#include "view_test_support.h"

using namespace distlab;
using views::GeneratedTopology;
using views::LabDocument;
using views::LinkProperty;

namespace {

using views::test::distinctColours;
using views::test::keepScreenshot;
using views::test::loadShipped;
using views::test::simulatedRun;

const QString kFirstElection = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/first-election.yaml");
const QString kSnapshotCatchUp = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/follower-snapshot-catch-up.yaml");

// The whole document as it would be saved: equal texts are equal documents.
std::string text(const LabDocument& document) {
    return netlab::write_scenario(document.scenario());
}

std::vector<std::string> targetsOf(const LabDocument& document, const char* node, const char* param) {
    std::vector<std::string> out;
    for (const auto& id : document.node(QString::fromLatin1(node))->params.at(param))
        out.push_back(id.get<std::string>());
    return out;
}

QImage render(QGraphicsScene& scene) {
    QImage image(640, 480, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter);
    return image;
}

}  // namespace

class EditorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyCommandUndoesAndRedoesExactly();
    void movesOfOneGestureMerge();
    void renameFollowsLinksAndNodeParameters();
    void renameAndRemoveAreRefusedWhileAFaultNamesTheNode();
    void invalidParametersAreRefused();
    void linkEditsOnAFullMeshSpellItOut();
    void generatorsAreOneUndoStep();
    void saveLoadRoundTripIsIdentical();
    void validateAcceptsTheSavedFile();
    void anInvalidLabIsNotSaved();
    void paletteModel();
    void canvasFollowsTheDocument();
    void canvasDragIsOneUndoStep();
    void canvasShowsAGeneratedRing();
    void inspectorEditsThroughTheDocument();
    void labSettingsAreUndoableEdits();
    void listEntriesAreEditedOneByOne();
    void savingElsewhereNamesTheLabAfterItsFile();
    void inspectorShowsLabSettingsWhenNothingIsSelected();
    void inspectorOffersTheChecksThatApply();
    void refusedValuesAreNamedUntilCorrected();
    void linkProbabilitiesReadAsPercent();
};

void EditorTest::everyCommandUndoesAndRedoesExactly() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    QUndoStack& stack = *document.undoStack();
    QVERIFY(!document.isDirty());

    // Each edit, then undo and redo: the document before and after, to the byte.
    const std::vector<std::pair<const char*, std::function<QString()>>> edits = {
        {"add node", [&] { return document.addNode(QStringLiteral("server"), {500, 400}); }},
        {"remove node", [&] { return document.removeNodes({QStringLiteral("n3")}); }},
        {"move nodes", [&] { return document.moveNodes({{QStringLiteral("n1"), {10, 10}}, {QStringLiteral("c1"), {20, 30}}}); }},
        {"rename node", [&] { return document.renameNode(QStringLiteral("n2"), QStringLiteral("second")); }},
        {"set parameter", [&] { return document.setParameter(QStringLiteral("c1"), QStringLiteral("rate"), 50); }},
        {"reset parameter", [&] { return document.setParameter(QStringLiteral("c1"), QStringLiteral("rate"), nullptr); }},
        {"remove link", [&] { return document.removeLink(QStringLiteral("n1"), QStringLiteral("c1")); }},
        {"add link", [&] { return document.addLink(QStringLiteral("n1"), QStringLiteral("c1")); }},
        {"set link property", [&] { return document.setLinkProperty(QStringLiteral("n1"), QStringLiteral("c1"), LinkProperty::Loss, 0.25); }},
    };
    for (const auto& [name, edit] : edits) {
        const std::string before = text(document);
        const int count = stack.count();
        QCOMPARE(edit(), QString());
        QVERIFY2(stack.count() == count + 1, name);
        const std::string after = text(document);
        QVERIFY2(after != before, name);
        QVERIFY(document.isDirty());
        stack.undo();
        QVERIFY2(text(document) == before, name);
        stack.redo();
        QVERIFY2(text(document) == after, name);
    }
    while (stack.canUndo())
        stack.undo();
    QVERIFY(!document.isDirty());
    LabDocument fresh;
    QCOMPARE(fresh.load(kFirstElection), QString());
    QCOMPARE(text(document), text(fresh));
}

void EditorTest::movesOfOneGestureMerge() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    const std::string start = text(document);
    const int gesture = document.nextGesture();
    for (int step = 1; step <= 5; ++step)
        QCOMPARE(document.moveNodes({{QStringLiteral("n1"), QPointF(300 + step * 10, 80)}}, gesture), QString());
    QCOMPARE(document.undoStack()->count(), 1);
    QCOMPARE(document.position(QStringLiteral("n1")), QPointF(350, 80));
    // Another gesture, or other nodes, is another step.
    QCOMPARE(document.moveNodes({{QStringLiteral("n1"), QPointF(0, 0)}}, document.nextGesture()), QString());
    QCOMPARE(document.moveNodes({{QStringLiteral("n2"), QPointF(0, 0)}}, gesture), QString());
    QCOMPARE(document.undoStack()->count(), 3);
    document.undoStack()->undo();
    document.undoStack()->undo();
    QCOMPARE(document.position(QStringLiteral("n1")), QPointF(350, 80));
    document.undoStack()->undo();
    QCOMPARE(text(document), start);
}

void EditorTest::renameFollowsLinksAndNodeParameters() {
    LabDocument document;
    QCOMPARE(document.generate(GeneratedTopology::Cluster, QStringLiteral("raft"), 3, {}), QString());
    QCOMPARE(document.addNode(QStringLiteral("kv-client"), {300, 0}), QString());
    QCOMPARE(document.setParameter(QStringLiteral("c1"), QStringLiteral("targets"), core::Json::array({"n1", "n2", "n3"})),
             QString());
    QSignalSpy renamed(&document, &LabDocument::nodeRenamed);
    QCOMPARE(document.renameNode(QStringLiteral("n1"), QStringLiteral("alpha")), QString());
    QCOMPARE(renamed.count(), 1);
    QCOMPARE(document.nodeIds(), (QStringList{"alpha", "n2", "n3", "c1"}));
    QVERIFY(document.link(QStringLiteral("alpha"), QStringLiteral("n2")));
    QVERIFY(!document.link(QStringLiteral("n1"), QStringLiteral("n2")));
    QCOMPARE(targetsOf(document, "c1", "targets"), (std::vector<std::string>{"alpha", "n2", "n3"}));
    QCOMPARE(targetsOf(document, "n2", "members"), (std::vector<std::string>{"alpha", "n2", "n3"}));
    QCOMPARE(document.validate(), QString());
    // Refused: a taken id, an invalid one, a reserved word.
    QVERIFY(!document.renameNode(QStringLiteral("alpha"), QStringLiteral("n2")).isEmpty());
    QVERIFY(!document.renameNode(QStringLiteral("alpha"), QStringLiteral("Bad Id")).isEmpty());
    QVERIFY(!document.renameNode(QStringLiteral("alpha"), QStringLiteral("leader")).isEmpty());
    document.undoStack()->undo();
    QCOMPARE(targetsOf(document, "c1", "targets"), (std::vector<std::string>{"n1", "n2", "n3"}));
}

void EditorTest::renameAndRemoveAreRefusedWhileAFaultNamesTheNode() {
    LabDocument document;
    QCOMPARE(document.load(kSnapshotCatchUp), QString());
    const QString renamed = document.renameNode(QStringLiteral("n3"), QStringLiteral("x3"));
    QVERIFY2(renamed.contains(QStringLiteral("fault")), qPrintable(renamed));
    QVERIFY(!document.removeNodes({QStringLiteral("n3")}).isEmpty());
    QCOMPARE(document.undoStack()->count(), 0);
    QVERIFY(document.node(QStringLiteral("n3")));
    // A node no fault names is free to go.
    QCOMPARE(document.renameNode(QStringLiteral("n1"), QStringLiteral("x1")), QString());
}

void EditorTest::invalidParametersAreRefused() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    const std::string before = text(document);
    const QString c1 = QStringLiteral("c1");
    QVERIFY(document.setParameter(c1, QStringLiteral("rate"), -5).contains(QStringLiteral("rate")));
    QVERIFY(!document.setParameter(c1, QStringLiteral("rate"), "fast").isEmpty());
    QVERIFY(!document.setParameter(c1, QStringLiteral("timeout"), "soon").isEmpty());
    QVERIFY(!document.setParameter(c1, QStringLiteral("targets"), core::Json::array({"n1", "ghost"})).isEmpty());
    QVERIFY(!document.setParameter(c1, QStringLiteral("no_such"), 1).isEmpty());
    QCOMPARE(document.undoStack()->count(), 0);
    QVERIFY(text(document) == before);
    QCOMPARE(document.setParameter(c1, QStringLiteral("timeout"), "250ms"), QString());
    QCOMPARE(document.node(c1)->resolved.get_duration("timeout"), core::Duration(std::chrono::milliseconds(250)));
}

void EditorTest::linkEditsOnAFullMeshSpellItOut() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    QVERIFY(document.scenario().full_mesh);
    QVERIFY(!document.addLink(QStringLiteral("n1"), QStringLiteral("n2")).isEmpty());   // linked already
    QSignalSpy removed(&document, &LabDocument::linkRemoved);
    QCOMPARE(document.removeLink(QStringLiteral("n1"), QStringLiteral("n2")), QString());
    QCOMPARE(removed.count(), 1);
    QVERIFY(!document.scenario().full_mesh);
    QCOMPARE(int(document.scenario().links.size()), 5);
    QVERIFY(!document.setLinkProperty(QStringLiteral("n1"), QStringLiteral("n3"), LinkProperty::Loss, 1.5).isEmpty());
    QVERIFY(!document.setLinkProperty(QStringLiteral("n1"), QStringLiteral("n3"), LinkProperty::Latency, -1).isEmpty());
    QCOMPARE(document.setLinkProperty(QStringLiteral("n1"), QStringLiteral("n3"), LinkProperty::Latency, 20), QString());
    QCOMPARE(document.link(QStringLiteral("n3"), QStringLiteral("n1"))->overrides.latency,
             std::optional<core::Duration>(std::chrono::milliseconds(20)));
    document.undoStack()->undo();
    document.undoStack()->undo();
    QVERIFY(document.scenario().full_mesh);
    QVERIFY(document.scenario().links.empty());
}

void EditorTest::generatorsAreOneUndoStep() {
    struct Case {
        GeneratedTopology shape;
        int links;
    };
    for (const Case& c : {Case{GeneratedTopology::Ring, 5}, Case{GeneratedTopology::Star, 4},
                          Case{GeneratedTopology::Mesh, 10}, Case{GeneratedTopology::Cluster, 10}}) {
        LabDocument document;
        QCOMPARE(document.generate(c.shape, QStringLiteral("raft"), 5, {}), QString());
        QCOMPARE(document.nodeIds().size(), 5);
        QCOMPARE(int(document.effectiveLinks().size()), c.links);
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.validate(), QString());
        if (c.shape == GeneratedTopology::Cluster)
            QCOMPARE(targetsOf(document, "n4", "members").size(), std::size_t(5));
        document.undoStack()->undo();
        QVERIFY(document.nodeIds().isEmpty());
    }
    LabDocument document;
    QVERIFY(!document.generate(GeneratedTopology::Ring, QStringLiteral("raft"), 1, {}).isEmpty());
    QVERIFY(!document.generate(GeneratedTopology::Ring, QStringLiteral("nope"), 3, {}).isEmpty());
    // A second ring takes the next free ids.
    QCOMPARE(document.generate(GeneratedTopology::Ring, QStringLiteral("raft"), 3, {}), QString());
    QCOMPARE(document.generate(GeneratedTopology::Ring, QStringLiteral("raft"), 3, {500, 0}), QString());
    QCOMPARE(document.nodeIds(), (QStringList{"n1", "n2", "n3", "n4", "n5", "n6"}));
    QCOMPARE(int(document.effectiveLinks().size()), 6);
}

void EditorTest::saveLoadRoundTripIsIdentical() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LabDocument document;
    QCOMPARE(document.generate(GeneratedTopology::Ring, QStringLiteral("raft"), 5, {}), QString());
    QCOMPARE(document.addNode(QStringLiteral("kv-client"), {400.4, -120.6}), QString());
    QCOMPARE(document.setParameter(QStringLiteral("c1"), QStringLiteral("targets"), core::Json::array({"n1", "n3"})), QString());
    QCOMPARE(document.setParameter(QStringLiteral("c1"), QStringLiteral("timeout"), "1500ms"), QString());
    QCOMPARE(document.addLink(QStringLiteral("c1"), QStringLiteral("n1")), QString());
    QCOMPARE(document.setLinkProperty(QStringLiteral("n1"), QStringLiteral("n2"), LinkProperty::Latency, 12.5), QString());
    QCOMPARE(document.setLinkProperty(QStringLiteral("n2"), QStringLiteral("n3"), LinkProperty::Loss, 0.1), QString());
    QCOMPARE(document.setLinkProperty(QStringLiteral("n3"), QStringLiteral("n4"), LinkProperty::Bandwidth, 125000), QString());
    const QString path = dir.filePath(QStringLiteral("ring.yaml"));
    QSignalSpy dirty(&document, &LabDocument::dirtyChanged);
    QCOMPARE(document.save(path), QString());
    QVERIFY(!document.isDirty());
    QCOMPARE(dirty.count(), 1);
    QCOMPARE(document.filePath(), path);

    LabDocument reloaded;
    QCOMPARE(reloaded.load(path), QString());
    QCOMPARE(reloaded.nodeIds(), document.nodeIds());
    // The file moves the drawing to the origin (no negative offsets): every node by the same amount.
    const QPointF shift = reloaded.position(QStringLiteral("c1")) - document.position(QStringLiteral("c1"));
    QVERIFY(shift.y() > 0);
    std::vector<std::pair<QString, QPointF>> back;
    for (const QString& id : reloaded.nodeIds()) {
        QVERIFY(reloaded.position(id).x() >= 0 && reloaded.position(id).y() >= 0);
        back.emplace_back(id, reloaded.position(id) - shift);
    }
    QCOMPARE(reloaded.moveNodes(back), QString());
    QVERIFY(text(reloaded) == text(document));
    for (const QString& id : document.nodeIds()) {
        QCOMPARE(reloaded.position(id), document.position(id));
        QVERIFY(reloaded.node(id)->params == document.node(id)->params);
        QVERIFY(reloaded.node(id)->resolved.json() == document.node(id)->resolved.json());
    }
    const auto link = reloaded.link(QStringLiteral("n2"), QStringLiteral("n1"));
    QVERIFY(link);
    QCOMPARE(link->overrides.latency, std::optional<core::Duration>(std::chrono::microseconds(12500)));
    QCOMPARE(reloaded.link(QStringLiteral("n4"), QStringLiteral("n3"))->overrides.bandwidth_bytes_per_s,
             std::optional<std::uint64_t>(125000));
}

void EditorTest::validateAcceptsTheSavedFile() {
    QTemporaryDir dir;
    LabDocument document;
    QCOMPARE(document.generate(GeneratedTopology::Star, QStringLiteral("server"), 4, {}), QString());
    const QString path = dir.filePath(QStringLiteral("star.yaml"));
    QCOMPARE(document.save(path), QString());
    const QString cli = QFileInfo(QStringLiteral(DISTLAB_NODE_BINARY)).dir().filePath(QStringLiteral("distlab-cli"));
    QVERIFY2(QFileInfo::exists(cli), qPrintable(cli));
    QProcess process;
    process.start(cli, {QStringLiteral("validate"), path});
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
}

void EditorTest::anInvalidLabIsNotSaved() {
    QTemporaryDir dir;
    LabDocument document;   // no nodes: not a valid scenario
    const QString path = dir.filePath(QStringLiteral("empty.yaml"));
    QVERIFY(!document.save(path).isEmpty());
    QVERIFY(!QFileInfo::exists(path));
    // A client without its required target is named in the refusal.
    QCOMPARE(document.addNode(QStringLiteral("kv-client"), {}), QString());
    const QString problem = document.save(path);
    QVERIFY2(problem.contains(QStringLiteral("targets")), qPrintable(problem));
    QVERIFY(!document.parameterProblems(QStringLiteral("c1")).empty());
}

void EditorTest::paletteModel() {
    views::RolePaletteModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto names = core::RoleRegistry::builtin().names();
    QCOMPARE(model.rowCount(), int(names.size()));
    const QModelIndex raft = model.match(model.index(0), views::RolePaletteModel::NameRole, QStringLiteral("raft"), 1,
                                         Qt::MatchExactly).value(0);
    QVERIFY(raft.isValid());
    QVERIFY(!raft.data(views::RolePaletteModel::DescriptionRole).toString().isEmpty());
    QVERIFY(model.flags(raft) & Qt::ItemIsDragEnabled);
    std::unique_ptr<QMimeData> data(model.mimeData({raft}));
    QCOMPARE(data->data(QString::fromLatin1(views::RolePaletteModel::kMimeType)), QByteArray("raft"));
    const QString english = raft.data(views::RolePaletteModel::DescriptionRole).toString();
    model.setChinese(true);
    QVERIFY(raft.data(views::RolePaletteModel::DescriptionRole).toString() != english);
}

void EditorTest::canvasFollowsTheDocument() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    views::TopologyScene scene;
    scene.setDocument(&document);
    QCOMPARE(scene.nodeIds().size(), 4);
    QCOMPARE(scene.linkCount(), 6);
    QCOMPARE(document.removeNodes({QStringLiteral("n3")}), QString());
    QCOMPARE(scene.nodeIds().size(), 3);
    QCOMPARE(scene.linkCount(), 3);
    document.undoStack()->undo();
    QCOMPARE(scene.linkCount(), 6);
    QCOMPARE(document.renameNode(QStringLiteral("c1"), QStringLiteral("client")), QString());
    QVERIFY(scene.nodeIds().contains(QStringLiteral("client")));
    QCOMPARE(scene.linkCount(), 6);
    QCOMPARE(document.moveNodes({{QStringLiteral("client"), {700, 300}}}), QString());
    QCOMPARE(scene.nodePosition(QStringLiteral("client")), QPointF(700, 300));
    QVERIFY(scene.dropRole(QStringLiteral("server"), {0, 400}));
    QCOMPARE(scene.selectedNode(), QStringLiteral("n4"));
    scene.deleteSelection();
    QVERIFY(!document.node(QStringLiteral("n4")));
    // A live run: nothing can be edited.
    scene.setEditable(false);
    QVERIFY(!scene.dropRole(QStringLiteral("server"), {0, 400}));
    scene.selectNode(QStringLiteral("n1"));
    scene.deleteSelection();
    QVERIFY(document.node(QStringLiteral("n1")));
}

void EditorTest::canvasDragIsOneUndoStep() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    views::TopologyScene scene;
    scene.setDocument(&document);
    views::TopologyView view(&scene);
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QPoint start = view.mapFromScene(document.position(QStringLiteral("n1")));
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, start);
    for (int step = 1; step <= 4; ++step)
        QTest::mouseMove(view.viewport(), start + QPoint(10 * step, 5 * step));
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, start + QPoint(40, 20));
    QCOMPARE(document.undoStack()->count(), 1);
    QVERIFY(document.position(QStringLiteral("n1")) != QPointF(300, 80));
    document.undoStack()->undo();
    QCOMPARE(document.position(QStringLiteral("n1")), QPointF(300, 80));

    // Shift-drag from n1 onto c1 links them (after the mesh is spelt out by removing that link).
    QCOMPARE(document.removeLink(QStringLiteral("n1"), QStringLiteral("c1")), QString());
    const QPoint n1 = view.mapFromScene(document.position(QStringLiteral("n1")));
    const QPoint c1 = view.mapFromScene(document.position(QStringLiteral("c1")));
    QTest::mousePress(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, n1);
    QTest::mouseMove(view.viewport(), (n1 + c1) / 2);
    QTest::mouseMove(view.viewport(), c1);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, c1);
    QVERIFY(document.link(QStringLiteral("n1"), QStringLiteral("c1")));
}

void EditorTest::canvasShowsAGeneratedRing() {
    LabDocument document;
    views::TopologyScene scene;
    scene.setDocument(&document);
    QCOMPARE(document.generate(GeneratedTopology::Ring, QStringLiteral("raft"), 5, {}), QString());
    QCOMPARE(scene.nodeIds().size(), 5);
    QCOMPARE(scene.linkCount(), 5);
    const QImage image = render(scene);
    image.save(QDir::temp().filePath(QStringLiteral("distlab-editor-ring.png")));
    QVERIFY2(distinctColours(image) > 8, "the generated ring renders blank");
    int dark = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            dark += qGray(image.pixel(x, y)) < 200;
    QVERIFY(dark > 2000);
}

void EditorTest::inspectorEditsThroughTheDocument() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    views::Inspector inspector;
    inspector.setDocument(&document);
    inspector.showNode(QStringLiteral("c1"));
    auto* keys = qobject_cast<QSpinBox*>(inspector.field(QStringLiteral("keys")));
    QVERIFY(keys);
    QCOMPARE(keys->value(), 3);
    keys->setValue(7);
    QCOMPARE(document.node(QStringLiteral("c1"))->params.at("keys").get<int>(), 7);
    QCOMPARE(document.undoStack()->count(), 1);

    auto* targets = qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("targets")));
    QVERIFY(targets);
    QCOMPARE(targets->text(), QStringLiteral("n1, n2, n3"));
    targets->setText(QStringLiteral("n1, ghost"));
    Q_EMIT targets->editingFinished();
    QVERIFY(!inspector.problemOf(QStringLiteral("targets")).isEmpty());
    QCOMPARE(document.undoStack()->count(), 1);
    targets->setText(QStringLiteral("n1, n2"));
    Q_EMIT targets->editingFinished();
    QVERIFY(inspector.problemOf(QStringLiteral("targets")).isEmpty());
    QCOMPARE(document.undoStack()->count(), 2);

    auto* id = qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("id")));
    id->setText(QStringLiteral("client"));
    Q_EMIT id->editingFinished();
    QVERIFY(document.node(QStringLiteral("client")));
    QCOMPARE(inspector.shownNode(), QStringLiteral("client"));
    document.undoStack()->undo();
    QCOMPARE(inspector.shownNode(), QStringLiteral("c1"));
    QCOMPARE(qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("id")))->text(), QStringLiteral("c1"));
}

void EditorTest::labSettingsAreUndoableEdits() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    QUndoStack& stack = *document.undoStack();
    QSignalSpy changed(&document, &LabDocument::settingsChanged);
    const std::vector<std::pair<const char*, std::function<QString()>>> edits = {
        {"name", [&] { return document.setName(QStringLiteral("my-election")); }},
        {"title", [&] { return document.setTitle(QStringLiteral("Mine"), QStringLiteral("我的")); }},
        {"duration", [&] { return document.setDuration(QStringLiteral("45s")); }},
        {"seed", [&] { return document.setSeed(QStringLiteral("101")); }},
        {"network", [&] { return document.setNetworkPreset(QStringLiteral("wan")); }},
    };
    for (const auto& [name, edit] : edits) {
        const std::string before = text(document);
        const int count = stack.count();
        QCOMPARE(edit(), QString());
        QVERIFY2(stack.count() == count + 1, name);
        const std::string after = text(document);
        QVERIFY2(after != before, name);
        stack.undo();
        QVERIFY2(text(document) == before, name);
        stack.redo();
        QVERIFY2(text(document) == after, name);
    }
    QVERIFY(changed.count() >= 15);
    QCOMPARE(document.scenario().duration, core::Duration(std::chrono::seconds(45)));
    QCOMPARE(document.scenario().seed, std::uint64_t(101));
    QCOMPARE(document.scenario().network.preset, std::string("wan"));
    QCOMPARE(document.validate(), QString());
    // The same value again is no edit.
    QCOMPARE(document.setSeed(QStringLiteral("101")), QString());
    QCOMPARE(stack.count(), 5);

    // Refusals say why and change nothing.
    const std::string before = text(document);
    const QString negative = document.setDuration(QStringLiteral("-5ms"));
    QVERIFY2(negative.contains(QStringLiteral("must not be negative")), qPrintable(negative));
    QVERIFY(document.setDuration(QStringLiteral("30")).contains(QStringLiteral("unit")));
    QVERIFY(!document.setDuration(QStringLiteral("0s")).isEmpty());
    QVERIFY(document.setSeed(QStringLiteral("-1")).contains(QStringLiteral("must not be negative")));
    QVERIFY(!document.setSeed(QStringLiteral("many")).isEmpty());
    QVERIFY(!document.setName(QStringLiteral("My Lab")).isEmpty());
    QVERIFY(!document.setNetworkPreset(QStringLiteral("moon")).isEmpty());
    QVERIFY(!document.setTitle(QString(), QStringLiteral(" ")).isEmpty());
    QCOMPARE(stack.count(), 5);
    QVERIFY(text(document) == before);
}

void EditorTest::listEntriesAreEditedOneByOne() {
    LabDocument document;
    QCOMPARE(document.load(kSnapshotCatchUp), QString());
    using netlab::ScenarioList;
    QUndoStack& stack = *document.undoStack();
    const QStringList faults = document.entries(ScenarioList::Faults);
    QVERIFY(!faults.isEmpty());
    QCOMPARE(faults.size(), int(document.scenario().faults.size()));
    const std::string start = text(document);

    // Add, change and remove a fault, a step and a check: each one undo step, exactly undone.
    QCOMPARE(document.setEntry(ScenarioList::Faults, int(faults.size()), QStringLiteral("{ at: 9s, pause: n1 }")), QString());
    QCOMPARE(document.entries(ScenarioList::Faults).size(), faults.size() + 1);
    QCOMPARE(document.scenario().faults.back().kind, netlab::FaultKind::Pause);
    QCOMPARE(document.setEntry(ScenarioList::Steps, int(document.scenario().steps.size()),
                               QStringLiteral("at: 11s\nsay: { en: \"Look\", zh: \"看\" }\npause: true")),
             QString());
    QVERIFY(document.scenario().steps.back().pause);
    QCOMPARE(document.scenario().steps.back().say.zh, std::string("看"));
    const int checks = int(document.scenario().checks.size());
    QCOMPARE(document.setEntry(ScenarioList::Checks, checks, QStringLiteral("availability: { min: 0.5 }")), QString());
    QCOMPARE(int(document.scenario().checks.size()), checks + 1);
    QCOMPARE(document.setEntry(ScenarioList::Faults, 0, QStringLiteral("{ at: 1s, kill: n2 }")), QString());
    QCOMPARE(document.scenario().faults.front().nodes.ids, std::vector<core::NodeId>{"n2"});
    QCOMPARE(document.removeEntry(ScenarioList::Checks, checks), QString());
    QCOMPARE(stack.count(), 5);
    QCOMPARE(document.validate(), QString());
    while (stack.canUndo())
        stack.undo();
    QVERIFY(text(document) == start);

    // What the loader refuses is refused, naming the entry; nothing changes.
    const QString unknownNode = document.setEntry(ScenarioList::Faults, 0, QStringLiteral("{ at: 1s, kill: ghost }"));
    QVERIFY2(unknownNode.contains(QStringLiteral("entry 1")) && unknownNode.contains(QStringLiteral("ghost")),
             qPrintable(unknownNode));
    QVERIFY(!document.setEntry(ScenarioList::Checks, 0, QStringLiteral("no_such_check: true")).isEmpty());
    QVERIFY(!document.setEntry(ScenarioList::Steps, 0, QStringLiteral("at: [")).isEmpty());
    QVERIFY(!document.setEntry(ScenarioList::Faults, 99, QStringLiteral("{ at: 1s, kill: n1 }")).isEmpty());
    QVERIFY(!document.removeEntry(ScenarioList::Faults, 99).isEmpty());
    QCOMPARE(stack.index(), 0);
    QCOMPARE(stack.count(), 5);   // the undone edits, still there to redo
    QVERIFY(text(document) == start);

    // Renaming a node a fault names is refused until the fault goes, here in the lab settings.
    QVERIFY(document.renameNode(QStringLiteral("n3"), QStringLiteral("x3")).contains(QStringLiteral("lab settings")));
}

void EditorTest::savingElsewhereNamesTheLabAfterItsFile() {
    QTemporaryDir dir;
    LabDocument document;
    QCOMPARE(document.generate(GeneratedTopology::Ring, QStringLiteral("raft"), 3, {}), QString());
    QCOMPARE(document.setSeed(QStringLiteral("5")), QString());
    QCOMPARE(document.scenario().name, std::string("new-lab"));
    const QString path = dir.filePath(QStringLiteral("My Ring 2.yaml"));
    QCOMPARE(document.save(path), QString());
    QCOMPARE(document.scenario().name, std::string("my-ring-2"));
    LabDocument reloaded;
    QCOMPARE(reloaded.load(path), QString());
    QCOMPARE(reloaded.scenario().name, std::string("my-ring-2"));
    // Undoing an edit made before the save keeps the file's name.
    document.undoStack()->undo();
    QCOMPARE(document.scenario().seed, std::uint64_t(1));
    QCOMPARE(document.scenario().name, std::string("my-ring-2"));
    // A name set by hand stays when the lab is saved again to its own file.
    QCOMPARE(document.setName(QStringLiteral("ring-by-hand")), QString());
    QCOMPARE(document.save(path), QString());
    QCOMPARE(document.scenario().name, std::string("ring-by-hand"));
}

void EditorTest::inspectorShowsLabSettingsWhenNothingIsSelected() {
    LabDocument document;
    QCOMPARE(document.load(kSnapshotCatchUp), QString());
    views::Inspector inspector;
    inspector.setDocument(&document);
    QVERIFY(inspector.showsLabSettings());
    auto* duration = qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("duration")));
    QVERIFY(duration);
    QCOMPARE(duration->text(), QString::fromStdString(core::format_duration(document.scenario().duration)));
    duration->setText(QStringLiteral("40s"));
    Q_EMIT duration->editingFinished();
    QCOMPARE(document.scenario().duration, core::Duration(std::chrono::seconds(40)));
    auto* preset = qobject_cast<QComboBox*>(inspector.field(QStringLiteral("network")));
    QVERIFY(preset);
    preset->setCurrentText(QStringLiteral("teaching"));
    Q_EMIT preset->activated(preset->currentIndex());
    QCOMPARE(document.scenario().network.preset, std::string("teaching"));
    QCOMPARE(document.undoStack()->count(), 2);
    document.undoStack()->undo();
    QCOMPARE(preset->currentText(), QString::fromStdString(document.scenario().network.preset));

    // The lists show the entries, and follow undo.
    QListWidget* faults = inspector.entryList(netlab::ScenarioList::Faults);
    QVERIFY(faults);
    QCOMPARE(faults->count(), int(document.scenario().faults.size()));
    QCOMPARE(faults->item(0)->toolTip(), document.entries(netlab::ScenarioList::Faults).front());
    QCOMPARE(document.removeEntry(netlab::ScenarioList::Faults, 0), QString());
    QCOMPARE(faults->count(), int(document.scenario().faults.size()));
    document.undoStack()->undo();
    QCOMPARE(faults->count(), int(document.scenario().faults.size()));

    // A node selected: its form; nothing selected again: the settings.
    inspector.showNode(QStringLiteral("n1"));
    QVERIFY(!inspector.showsLabSettings());
    QVERIFY(!inspector.entryList(netlab::ScenarioList::Faults));
    inspector.showNode({});
    QVERIFY(inspector.showsLabSettings());
}

void EditorTest::inspectorOffersTheChecksThatApply() {
    LabDocument document;
    views::Inspector inspector;
    inspector.setDocument(&document);
    QVERIFY(inspector.offeredChecks().isEmpty());   // nothing on the canvas, nothing applies
    QCOMPARE(document.generate(GeneratedTopology::Cluster, QStringLiteral("raft"), 3, {}), QString());
    QStringList offered = inspector.offeredChecks();
    QVERIFY2(offered.contains(QStringLiteral("phase_reached")), qPrintable(offered.join(u',')));
    QVERIFY(offered.contains(QStringLiteral("no_violations")));
    QVERIFY(!offered.contains(QStringLiteral("linearizable")));   // no client records operations
    QVERIFY(!offered.contains(QStringLiteral("expect_fail")));
    QCOMPARE(document.addNode(QStringLiteral("kv-client"), {300, 0}), QString());
    QCOMPARE(document.setParameter(QStringLiteral("c1"), QStringLiteral("targets"), core::Json::array({"n1", "n2", "n3"})),
             QString());
    offered = inspector.offeredChecks();
    QVERIFY(offered.contains(QStringLiteral("linearizable")));
    QVERIFY(offered.contains(QStringLiteral("availability")));

    // Offered with example arguments the lab accepts: added at once, one undo step.
    const int steps = document.undoStack()->count();
    QCOMPARE(inspector.addCheck(QStringLiteral("linearizable")), QString());
    QCOMPARE(inspector.addCheck(QStringLiteral("phase_reached")), QString());
    QCOMPARE(document.entries(netlab::ScenarioList::Checks),
             (QStringList{QStringLiteral("linearizable: kv"),
                          QStringLiteral("phase_reached: { phase: follower, within: 1s }")}));
    QCOMPARE(inspector.entryList(netlab::ScenarioList::Checks)->count(), 2);
    QCOMPARE(document.validate(), QString());
    QCOMPARE(document.undoStack()->count(), steps + 2);
    QVERIFY(!inspector.addCheck(QStringLiteral("no_such_check")).isEmpty());
}

void EditorTest::refusedValuesAreNamedUntilCorrected() {
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    views::Inspector inspector;
    inspector.setDocument(&document);
    QVERIFY(inspector.unappliedEdits().isEmpty());

    // A node's duration parameter.
    inspector.showNode(QStringLiteral("c1"));
    auto* timeout = qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("timeout")));
    QVERIFY(timeout);
    const QString before = timeout->text();
    timeout->setText(QStringLiteral("-5ms"));
    Q_EMIT timeout->editingFinished();
    QVERIFY2(inspector.problemOf(QStringLiteral("timeout")).contains(QStringLiteral("must not be negative")),
             qPrintable(inspector.problemOf(QStringLiteral("timeout"))));
    QStringList unapplied = inspector.unappliedEdits();
    QCOMPARE(unapplied.size(), 1);
    QVERIFY2(unapplied.front().contains(QStringLiteral("c1")) && unapplied.front().contains(QStringLiteral("timeout")),
             qPrintable(unapplied.front()));
    // Another edit of the node keeps the refused text on screen, and its reason.
    auto* keys = qobject_cast<QSpinBox*>(inspector.field(QStringLiteral("keys")));
    keys->setValue(keys->value() + 1);
    QCOMPARE(timeout->text(), QStringLiteral("-5ms"));
    QCOMPARE(inspector.unappliedEdits().size(), 1);
    timeout->setText(QStringLiteral("750ms"));
    Q_EMIT timeout->editingFinished();
    QVERIFY(inspector.unappliedEdits().isEmpty());
    QVERIFY(timeout->text() != before);

    // A link's delay, written with its unit or without.
    inspector.showLink(QStringLiteral("n1"), QStringLiteral("n2"));
    auto* latency = qobject_cast<QLineEdit*>(inspector.field(views::linkPropertyName(LinkProperty::Latency)));
    QVERIFY(latency);
    latency->setText(QStringLiteral("-5ms"));
    Q_EMIT latency->editingFinished();
    QVERIFY2(inspector.problemOf(views::linkPropertyName(LinkProperty::Latency)).contains(QStringLiteral("must not be negative")),
             qPrintable(inspector.problemOf(views::linkPropertyName(LinkProperty::Latency))));
    QCOMPARE(inspector.unappliedEdits().size(), 1);
    latency->setText(QStringLiteral("-5"));
    Q_EMIT latency->editingFinished();
    QVERIFY(inspector.problemOf(views::linkPropertyName(LinkProperty::Latency)).contains(QStringLiteral("must not be negative")));
    latency->setText(QStringLiteral("1.5s"));
    Q_EMIT latency->editingFinished();
    QVERIFY(inspector.unappliedEdits().isEmpty());
    QCOMPARE(document.link(QStringLiteral("n1"), QStringLiteral("n2"))->overrides.latency,
             std::optional<core::Duration>(std::chrono::milliseconds(1500)));

    // The lab's duration, on the settings page.
    inspector.showNode({});
    auto* duration = qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("duration")));
    duration->setText(QStringLiteral("-5ms"));
    Q_EMIT duration->editingFinished();
    QVERIFY(inspector.problemOf(QStringLiteral("duration")).contains(QStringLiteral("must not be negative")));
    unapplied = inspector.unappliedEdits();
    QCOMPARE(unapplied.size(), 1);
    QVERIFY2(unapplied.front().contains(QStringLiteral("Duration")), qPrintable(unapplied.front()));
}

void EditorTest::linkProbabilitiesReadAsPercent() {
    // A link's loss and duplication read and are typed as the parameter fields' probabilities
    // ("50 %"), while the link keeps the fraction.
    LabDocument document;
    QCOMPARE(document.load(kFirstElection), QString());
    QCOMPARE(document.setLinkProperty(QStringLiteral("n1"), QStringLiteral("n2"), LinkProperty::Loss, 0.25), QString());
    views::Inspector inspector;
    inspector.setDocument(&document);
    inspector.showLink(QStringLiteral("n1"), QStringLiteral("n2"));
    const QString lossName = views::linkPropertyName(LinkProperty::Loss);
    auto* loss = qobject_cast<QLineEdit*>(inspector.field(lossName));
    auto* duplicate = qobject_cast<QLineEdit*>(inspector.field(views::linkPropertyName(LinkProperty::Duplicate)));
    QVERIFY(loss && duplicate);
    QCOMPARE(loss->text(), QStringLiteral("25 %"));
    QCOMPARE(duplicate->text(), QString());
    QVERIFY2(duplicate->placeholderText().endsWith(QStringLiteral(" % (default)")), qPrintable(duplicate->placeholderText()));

    const auto lossOf = [&] { return document.link(QStringLiteral("n1"), QStringLiteral("n2"))->overrides.loss; };
    loss->setText(QStringLiteral("50"));
    Q_EMIT loss->editingFinished();
    QCOMPARE(lossOf(), std::optional(0.5));
    QCOMPARE(loss->text(), QStringLiteral("50 %"));
    loss->setText(QStringLiteral("12.5 %"));
    Q_EMIT loss->editingFinished();
    QCOMPARE(lossOf(), std::optional(0.125));
    QCOMPARE(loss->text(), QStringLiteral("12.5 %"));
    duplicate->setText(QStringLiteral("5"));
    Q_EMIT duplicate->editingFinished();
    QCOMPARE(document.link(QStringLiteral("n1"), QStringLiteral("n2"))->overrides.duplicate, std::optional(0.05));

    // Past 100 % or not a number: refused, saying so in percent; the link keeps its loss.
    loss->setText(QStringLiteral("150"));
    Q_EMIT loss->editingFinished();
    QVERIFY2(inspector.problemOf(lossName).contains(QStringLiteral("100 %")), qPrintable(inspector.problemOf(lossName)));
    QCOMPARE(lossOf(), std::optional(0.125));
    loss->setText(QStringLiteral("half"));
    Q_EMIT loss->editingFinished();
    QVERIFY2(inspector.problemOf(lossName).contains(QStringLiteral("percentage")), qPrintable(inspector.problemOf(lossName)));
    // Empty: the network's default again.
    loss->setText(QString());
    Q_EMIT loss->editingFinished();
    QVERIFY(inspector.problemOf(lossName).isEmpty());
    QCOMPARE(lossOf(), std::nullopt);
}

QTEST_MAIN(EditorTest)
#include "editor_test.moc"
