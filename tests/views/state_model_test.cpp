#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "views/state/state_model.h"

using namespace distlab;
using views::EventBatch;
using views::StateModel;

namespace {

netlab::Event state(std::string node, std::string snapshot, std::string patch = {}) {
    netlab::Event e;
    e.kind = netlab::EventKind::State;
    e.node = std::move(node);
    e.data = std::move(snapshot);
    e.aux = std::move(patch);
    return e;
}

// The row of `key` under `parent`, or an invalid index.
QModelIndex find(const StateModel& model, const QString& key, const QModelIndex& parent = {}) {
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, StateModel::FieldColumn, parent);
        if (index.data().toString() == key)
            return index;
    }
    return {};
}

QString valueOf(const StateModel& model, const QModelIndex& field) {
    return model.index(field.row(), StateModel::ValueColumn, field.parent()).data().toString();
}

const char* kFirst = R"({"role":"follower","term":1,"log":{"last_index":3,"entries":[[1,1,"a"],[2,1,"b"]]}})";
const char* kSecond = R"({"role":"leader","term":2,"log":{"last_index":3,"entries":[[1,1,"a"],[2,1,"b"]]}})";
const char* kSecondPatch = R"([{"op":"replace","path":"/role","value":"leader"},{"op":"replace","path":"/term","value":2}])";
const char* kGrown = R"({"role":"leader","term":2,"log":{"last_index":4,"entries":[[1,1,"a"],[2,1,"b"],[3,2,"c"]]}})";
const char* kGrownPatch = R"([{"op":"replace","path":"/log/last_index","value":4},{"op":"add","path":"/log/entries/2","value":[3,2,"c"]}])";

}  // namespace

class StateModelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheSelectedNodesSnapshotAsATree();
    void marksFieldsTheLastUpdateChanged();
    void sameShapeUpdatesWithoutReset();
    void switchingNodesShowsTheirState();
    void sinceModeMarksDifferencesFromTheBaseline();
};

void StateModelTest::showsTheSelectedNodesSnapshotAsATree() {
    StateModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy appeared(&model, &StateModel::nodeAppeared);
    model.append({state("n1", kFirst)});
    QCOMPARE(appeared.count(), 1);
    QCOMPARE(model.rowCount(), 0);   // nothing selected yet
    model.setNode(QStringLiteral("n1"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(valueOf(model, find(model, QStringLiteral("role"))), QStringLiteral("follower"));
    const QModelIndex log = find(model, QStringLiteral("log"));
    QVERIFY(log.isValid());
    QCOMPARE(model.rowCount(log), 2);
    const QModelIndex entries = find(model, QStringLiteral("entries"), log);
    QCOMPARE(model.rowCount(entries), 2);
    QCOMPARE(model.parent(entries), log);
    const QModelIndex second = model.index(1, 0, entries);
    QCOMPARE(valueOf(model, model.index(2, 0, second)), QStringLiteral("b"));
    QCOMPARE(find(model, QStringLiteral("role")).data(StateModel::ChangedRole).toBool(), false);
}

void StateModelTest::marksFieldsTheLastUpdateChanged() {
    StateModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNode(QStringLiteral("n1"));
    model.append({state("n1", kFirst), state("n1", kSecond, kSecondPatch)});
    QCOMPARE(valueOf(model, find(model, QStringLiteral("role"))), QStringLiteral("leader"));
    QVERIFY(find(model, QStringLiteral("role")).data(StateModel::ChangedRole).toBool());
    QVERIFY(find(model, QStringLiteral("term")).data(StateModel::ChangedRole).toBool());
    QVERIFY(!find(model, QStringLiteral("log")).data(StateModel::ChangedRole).toBool());
    QVERIFY(find(model, QStringLiteral("term")).data(Qt::BackgroundRole).isValid());

    model.append({state("n1", kGrown, kGrownPatch)});
    const QModelIndex log = find(model, QStringLiteral("log"));
    QVERIFY(log.data(StateModel::ChangedRole).toBool());   // something inside changed
    QVERIFY(find(model, QStringLiteral("last_index"), log).data(StateModel::ChangedRole).toBool());
    const QModelIndex entries = find(model, QStringLiteral("entries"), log);
    QVERIFY(model.index(2, 0, entries).data(StateModel::ChangedRole).toBool());
    QVERIFY(!model.index(0, 0, entries).data(StateModel::ChangedRole).toBool());
    QVERIFY(!find(model, QStringLiteral("role")).data(StateModel::ChangedRole).toBool());
}

void StateModelTest::sinceModeMarksDifferencesFromTheBaseline() {
    StateModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNode(QStringLiteral("n1"));
    model.append({state("n1", kFirst), state("n1", kSecond, kSecondPatch), state("n1", kGrown, kGrownPatch)});
    // The last update changed only the log; since the first snapshot, role and term changed too.
    QVERIFY(!find(model, QStringLiteral("role")).data(StateModel::ChangedRole).toBool());
    model.setBaseline(core::Json::parse(kFirst));
    QVERIFY(model.hasBaseline());
    QVERIFY(find(model, QStringLiteral("role")).data(StateModel::ChangedRole).toBool());
    QVERIFY(find(model, QStringLiteral("term")).data(StateModel::ChangedRole).toBool());
    const QModelIndex log = find(model, QStringLiteral("log"));
    QVERIFY(find(model, QStringLiteral("last_index"), log).data(StateModel::ChangedRole).toBool());
    const QModelIndex entries = find(model, QStringLiteral("entries"), log);
    QVERIFY(!model.index(0, 0, entries).data(StateModel::ChangedRole).toBool());
    // A baseline equal to now: nothing differs.
    model.setBaseline(core::Json::parse(kGrown));
    QVERIFY(!find(model, QStringLiteral("role")).data(StateModel::ChangedRole).toBool());
    QVERIFY(!find(model, QStringLiteral("log")).data(StateModel::ChangedRole).toBool());
    model.setBaseline(std::nullopt);
    QVERIFY(!model.hasBaseline());
    QVERIFY(find(model, QStringLiteral("log")).data(StateModel::ChangedRole).toBool());
}

void StateModelTest::sameShapeUpdatesWithoutReset() {
    StateModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNode(QStringLiteral("n1"));
    model.append({state("n1", kFirst)});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.append({state("n1", kSecond, kSecondPatch)});
    QCOMPARE(reset.count(), 0);
    QVERIFY(changed.count() > 0);
    model.append({state("n1", kGrown, kGrownPatch)});   // a new entry: a new shape
    QCOMPARE(reset.count(), 1);
}

void StateModelTest::switchingNodesShowsTheirState() {
    StateModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({state("s1", R"({"state":"up","boots":1})"), state("c1", R"({"state":"running","calls":3,"target":"s1"})")});
    QCOMPARE(model.nodes(), (QStringList{QStringLiteral("c1"), QStringLiteral("s1")}));
    model.setNode(QStringLiteral("s1"));
    QCOMPARE(model.rowCount(), 2);
    model.setNode(QStringLiteral("c1"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(valueOf(model, find(model, QStringLiteral("calls"))), QStringLiteral("3"));
    model.setNode(QStringLiteral("nobody"));
    QCOMPARE(model.rowCount(), 0);
    model.append({state("c1", "not json")});   // ignored, never a crash
    model.clear();
    QVERIFY(model.nodes().isEmpty());
}

QTEST_MAIN(StateModelTest)
#include "state_model_test.moc"
