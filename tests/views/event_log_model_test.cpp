#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "views/log/event_log_filter.h"
#include "views/log/event_log_model.h"

using namespace distlab;
using views::EventBatch;
using views::EventLogModel;
using views::LogSeverity;

namespace {

netlab::Event event(netlab::EventKind kind, std::string node, std::string type, std::string data,
                    std::int64_t t_ns = 0) {
    netlab::Event e;
    e.t_ns = t_ns;
    e.kind = kind;
    e.node = std::move(node);
    e.type = std::move(type);
    e.data = std::move(data);
    return e;
}

EventBatch pauseBatch() {
    using netlab::EventKind;
    return {event(EventKind::RunPaused, "lab", "", R"({"by":"hand","continues":"timers inside the nodes"})", 5),
            event(EventKind::RunResumed, "lab", "", R"({"paused_ms":2500})", 5),
            event(EventKind::RunPaused, "lab", "", R"({"by":"step","continues":""})", 7)};
}

EventBatch mixedBatch() {
    using netlab::EventKind;
    return {
        event(EventKind::RunStarted, "", "", R"({"scenario":"x"})", 0),
        event(EventKind::NodeStarted, "s1", "", R"({"pid":1,"role":"server","restart":false})", 1),
        event(EventKind::Log, "s1", "info", "listening", 2),
        event(EventKind::MessageSent, "c1", "request", "{}", 3),
        event(EventKind::Log, "c1", "warn", "call timed out", 4),
        event(EventKind::State, "c1", "", R"({"state":"running"})", 5),
        event(EventKind::Log, "s1", "debug", "queue empty", 6),
        event(EventKind::Violation, "s1", "", "two leaders", 7),
        event(EventKind::Step, "", "", R"({"en":"Watch the pairs","zh":"观察","pause":false})", 8),
        event(EventKind::NodeExited, "s1", "", R"({"cause":"crash"})", 9),
    };
}

// A breaker client's phases, with the run's role catalog; and a phase of a role nobody knows.
EventBatch phaseBatch() {
    using netlab::EventKind;
    core::Json started = core::Json::object();
    netlab::RoleCatalog(core::RoleRegistry::builtin(), {{"c1", "breaker-client"}}).write(started);
    return {
        event(EventKind::RunStarted, "", "", started.dump(), 0),
        event(EventKind::Phase, "c1", "closed", R"({"from":"","reason":""})", 1),
        event(EventKind::Phase, "c1", "open", R"json({"from":"closed","reason":"12 of 20 calls failed (60% >= 50%)"})json", 2),
        event(EventKind::Phase, "x9", "spinning", R"({"from":"","reason":"a role no catalog knows"})", 3),
    };
}

}  // namespace

class EventLogModelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsLogRowsOnly();
    void narrativeFollowsLanguage();
    void filtersByNodeSeverityAndText();
    void clearEmptiesTheModel();
    void phasesReadAsLines();
    void pausesOfTheRunReadAsLines();
    void labLinesAndFaultNamesFollowTheUiLanguage();
    void roleReasonsAndViolationsFollowTheUiLanguage();
};

void EventLogModelTest::keepsLogRowsOnly() {
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append(mixedBatch());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 8);   // the message and the state event are no log rows
    QCOMPARE(model.index(3, EventLogModel::TextColumn).data().toString(), QStringLiteral("call timed out"));
    QCOMPARE(model.index(3, EventLogModel::NodeColumn).data().toString(), QStringLiteral("c1"));
    QCOMPARE(model.index(3, EventLogModel::LevelColumn).data().toString(), QStringLiteral("warn"));
    QCOMPARE(model.index(5, EventLogModel::TextColumn).data(EventLogModel::SeverityRole).toInt(),
             int(LogSeverity::Violation));
    QCOMPARE(model.index(7, EventLogModel::TextColumn).data(EventLogModel::SeverityRole).toInt(),
             int(LogSeverity::Error));   // a crash
    QCOMPARE(model.index(1, EventLogModel::TimeColumn).data().toString(), QStringLiteral("0.000"));
    model.append({});
    QCOMPARE(inserted.count(), 1);
}

void EventLogModelTest::narrativeFollowsLanguage() {
    EventLogModel english;
    english.append(mixedBatch());
    QCOMPARE(english.index(6, EventLogModel::TextColumn).data().toString(), QStringLiteral("Watch the pairs"));
    EventLogModel chinese;
    chinese.setChinese(true);
    chinese.append(mixedBatch());
    QCOMPARE(chinese.index(6, EventLogModel::TextColumn).data().toString(), QStringLiteral("观察"));
}

void EventLogModelTest::filtersByNodeSeverityAndText() {
    EventLogModel model;
    views::EventLogFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(mixedBatch());
    QCOMPARE(filter.rowCount(), 8);

    filter.setNode(QStringLiteral("s1"));
    QCOMPARE(filter.rowCount(), 5);
    filter.setMinimumSeverity(LogSeverity::Warn);
    QCOMPARE(filter.rowCount(), 2);   // the violation and the crash
    filter.setText(QStringLiteral("LEADERS"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, EventLogModel::TextColumn).data().toString(), QStringLiteral("two leaders"));

    filter.setNode({});
    filter.setText({});
    filter.setMinimumSeverity(LogSeverity::Debug);
    QCOMPARE(filter.rowCount(), 8);
    model.append(mixedBatch());   // rows arriving while filtered
    filter.setMinimumSeverity(LogSeverity::Info);
    QCOMPARE(filter.rowCount(), 14);
}

void EventLogModelTest::clearEmptiesTheModel() {
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(mixedBatch());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void EventLogModelTest::phasesReadAsLines() {
    const EventBatch batch = phaseBatch();
    EventLogModel model;
    model.append(batch);
    QCOMPARE(model.rowCount(), 4);
    const auto text = [&](int row) { return model.index(row, EventLogModel::TextColumn).data().toString(); };
    QCOMPARE(model.index(2, EventLogModel::NodeColumn).data().toString(), QStringLiteral("c1"));
    QCOMPARE(text(1), QStringLiteral("enters closed"));
    QCOMPARE(text(2), QStringLiteral("enters open: 12 of 20 calls failed (60% >= 50%)"));
    QCOMPARE(text(3), QStringLiteral("enters spinning: a role no catalog knows"));   // its own name
    QCOMPARE(model.index(2, 0).data(EventLogModel::SeverityRole).toInt(), int(LogSeverity::Info));
    // Labels from the descriptor in the UI language; replayed from the start after a clear.
    model.clear();
    model.setChinese(true);
    model.append(batch);
    QVERIFY2(text(2).contains(QStringLiteral("断开")), qPrintable(text(2)));
}

// A pause of the run (RunPaused / RunResumed) is a log line, saying what a pause could not stop.
void EventLogModelTest::pausesOfTheRunReadAsLines() {
    EventLogModel model;
    model.append(pauseBatch());
    QCOMPARE(model.rowCount(), 3);
    const auto text = [&](int row) { return model.index(row, EventLogModel::TextColumn).data().toString(); };
    QCOMPARE(text(0), QStringLiteral("run paused by hand; still running: the timers inside the node processes"));
    QCOMPARE(text(1), QStringLiteral("run resumed after a pause of %1 s").arg(QLocale().toString(2.5, 'f', 1)));
    QCOMPARE(text(2), QStringLiteral("run paused at a narrative step"));
}

void EventLogModelTest::labLinesAndFaultNamesFollowTheUiLanguage() {
    using netlab::EventKind;
    const EventBatch batch = {
        netlab::lab_log(1, "c1", "warn",
                        core::Text{"message 'ping' to unknown node \"n9\" dropped", "发往未知节点“n9”的消息“ping”已丢弃"}),
        ::event(EventKind::Log, "s1", "info", "listening", 2),   // a node's own line, as old recordings hold
        ::event(EventKind::FaultInjected, "", "partition", R"({"kind":"partition","groups":[["n1"],["n2"]]})", 3),
        ::event(EventKind::FaultHealed, "", "partition", R"({"kind":"partition"})", 4),
    };
    const auto textsOf = [&](const EventLogModel& model) {
        QStringList texts;
        for (int row = 0; row < model.rowCount(); ++row)
            texts << model.index(row, EventLogModel::TextColumn).data().toString();
        return texts;
    };

    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    EventLogModel chinese;   // speaks as the window does
    chinese.append(batch);
    const QStringList zh = textsOf(chinese);
    QLocale::setDefault(before);
    QCOMPARE(zh.size(), 4);
    QCOMPARE(zh[0], QStringLiteral("发往未知节点“n9”的消息“ping”已丢弃"));
    QCOMPARE(zh[1], QStringLiteral("listening"));
    QVERIFY2(zh[2].contains(QStringLiteral("网络分区")) && !zh[2].contains(QStringLiteral("partition")), qPrintable(zh[2]));
    QVERIFY2(zh[3].contains(QStringLiteral("网络分区")), qPrintable(zh[3]));

    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    EventLogModel english;
    english.append(batch);
    const QStringList en = textsOf(english);
    QLocale::setDefault(before);
    QCOMPARE(en[0], QStringLiteral("message 'ping' to unknown node \"n9\" dropped"));
    QVERIFY2(en[2].startsWith(QStringLiteral("fault partition: ")), qPrintable(en[2]));
    QCOMPARE(en[3], QStringLiteral("healed partition"));
}

// What a role narrates (why it enters a phase, a broken invariant) reads in the window's
// language; a recording made before roles said it in Chinese reads in English in both.
void EventLogModelTest::roleReasonsAndViolationsFollowTheUiLanguage() {
    using netlab::EventKind;
    core::Json started = core::Json::object();
    netlab::RoleCatalog(core::RoleRegistry::builtin(), {{"c1", "breaker-client"}, {"n1", "raft"}}).write(started);
    netlab::Event violation = ::event(EventKind::Violation, "n1", "", "two leaders in term 2: n1 and n2", 4);
    violation.aux = R"({"zh":"任期 2 有两个领导者：n1 和 n2"})";
    const EventBatch batch = {
        ::event(EventKind::RunStarted, "", "", started.dump(), 0),
        ::event(EventKind::Phase, "c1", "open",
                R"json({"from":"closed","reason":"12 of 20 calls failed (60% >= 50%)","reason_zh":"20 次调用中 12 次失败（60% >= 50%）"})json", 1),
        ::event(EventKind::Phase, "n1", "leader", R"({"from":"candidate","reason":"votes from n2, n3 in term 2"})", 2),
        violation,
        ::event(EventKind::Violation, "n1", "", "entry 3 differs", 5),
    };
    const auto textsOf = [&](bool chinese) {
        EventLogModel model;
        model.setChinese(chinese);
        model.append(batch);
        QStringList texts;
        for (int row = 0; row < model.rowCount(); ++row)
            texts << model.index(row, EventLogModel::TextColumn).data().toString();
        return texts;
    };
    const QStringList zh = textsOf(true);
    QCOMPARE(zh.size(), 5);
    QVERIFY2(zh[1].endsWith(QStringLiteral("20 次调用中 12 次失败（60% >= 50%）")) && zh[1].contains(QStringLiteral("断开")),
             qPrintable(zh[1]));
    QVERIFY2(zh[2].endsWith(QStringLiteral("votes from n2, n3 in term 2")), qPrintable(zh[2]));   // an older recording
    QCOMPARE(zh[3], QStringLiteral("任期 2 有两个领导者：n1 和 n2"));
    QCOMPARE(zh[4], QStringLiteral("entry 3 differs"));

    const QStringList en = textsOf(false);
    QCOMPARE(en[1], QStringLiteral("enters open: 12 of 20 calls failed (60% >= 50%)"));
    QCOMPARE(en[2], QStringLiteral("enters leader: votes from n2, n3 in term 2"));
    QCOMPARE(en[3], QStringLiteral("two leaders in term 2: n1 and n2"));
}

QTEST_MAIN(EventLogModelTest)
#include "event_log_model_test.moc"
