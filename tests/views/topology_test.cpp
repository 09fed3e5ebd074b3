#include <QImage>
#include <QPainter>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "views/topology/topology_scene.h"

using namespace distlab;
using views::TopologyScene;

namespace {

netlab::Scenario loadShipped(const char* relative) {
    auto loaded = netlab::load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/" + relative,
                                             core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded)
        qFatal("cannot load %s: %s", relative, loaded.error().front().str().c_str());
    return *loaded;
}

netlab::Event makeEvent(netlab::EventKind kind, std::string node, std::string data = {}, std::string peer = {}) {
    netlab::Event e;
    e.kind = kind;
    e.node = std::move(node);
    e.peer = std::move(peer);
    e.data = std::move(data);
    return e;
}

QImage render(TopologyScene& scene) {
    QImage image(640, 400, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter);
    return image;
}

int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

}  // namespace

class TopologyTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsTheShippedScenario();
    void nodesFollowTheirState();
    void selectionIsReported();
};

void TopologyTest::drawsTheShippedScenario() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    QCOMPARE(scene.nodeIds(), (QStringList{QStringLiteral("c1"), QStringLiteral("s1")}));
    QCOMPARE(scene.items().size(), 3);   // two nodes, one link
    const QImage image = render(scene);
    QVERIFY2(distinctColours(image) > 8, "the rendered topology looks blank");

    // The server sits right of the client, as their `at:` says.
    int darkLeft = 0;
    int darkRight = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 200)
                (x < image.width() / 2 ? darkLeft : darkRight)++;
    QVERIFY(darkLeft > 100 && darkRight > 100);
}

void TopologyTest::nodesFollowTheirState() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    const QImage before = render(scene);
    using netlab::EventKind;
    scene.append({makeEvent(EventKind::State, "s1", R"({"state":"down"})"),
                  makeEvent(EventKind::State, "c1", R"({"role":"leader","term":3})"),
                  makeEvent(EventKind::MessageSent, "c1", "{}", "s1")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("down"));
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("leader · term 3"));
    QVERIFY(render(scene) != before);
    scene.append({makeEvent(EventKind::NodePaused, "c1")});
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("paused"));
    scene.append({makeEvent(EventKind::NodeResumed, "c1"), makeEvent(EventKind::NodeExited, "s1", R"({"cause":"fault"})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("leader · term 3"));
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("dead"));
    scene.append({makeEvent(EventKind::NodeStarted, "s1", R"({"restart":true})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("down"));
    scene.append({makeEvent(EventKind::NodeExited, "s1", R"({"cause":"shutdown"})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("ended"));
    scene.append({makeEvent(EventKind::State, "ghost", "{}")});   // unknown nodes are ignored
    scene.resetStatus();
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QString());
}

void TopologyTest::selectionIsReported() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    QSignalSpy selected(&scene, &TopologyScene::nodeSelected);
    scene.selectNode(QStringLiteral("s1"));
    QCOMPARE(scene.selectedNode(), QStringLiteral("s1"));
    QVERIFY(!selected.isEmpty());
    QCOMPARE(selected.last().at(0).toString(), QStringLiteral("s1"));
    scene.selectNode({});
    QCOMPARE(selected.last().at(0).toString(), QString());
}

QTEST_MAIN(TopologyTest)
#include "topology_test.moc"
