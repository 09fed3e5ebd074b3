// The hash ring view over simulated runs of the shipped scenarios: the ring at a time, the keys
// a join moves, the legend's selection, and a render that is not blank.

#include <QMouseEvent>
#include <QTest>

#include <vector>

#include "tests/views/view_test_support.h"
#include "views/common/run_timeline.h"
#include "views/patterns/consistent_hashing/ring_history.h"
#include "views/patterns/consistent_hashing/ring_view.h"

using namespace distlab;
using views::RingView;
using views::RunTimeline;

namespace {

constexpr qint64 kSecond = 1'000'000'000;

}  // namespace

class RingViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheRingAtTheCursorAndTheKeysAJoinMoves();
    void hashModNMovesMostKeys();
    void aLeaveLeavesTheNodeOffTheRing();
    void aClickOnTheLegendSelectsTheNode();
    void anEmptyTimelineSaysSo();
};

void RingViewTest::showsTheRingAtTheCursorAndTheKeysAJoinMoves() {
    RunTimeline timeline;
    timeline.append(views::test::simulatedRun("scenarios/partitioning/hash-ring-join.yaml"));
    RingView view(timeline);
    view.resize(640, 480);
    view.refresh();
    QCOMPARE(view.members().size(), 11);
    QCOMPARE(view.movedKeys(), 182);   // what the client and the nodes counted (hash-ring-join)
    QVERIFY(view.headerText().contains(QStringLiteral("n11 joined")));
    QVERIFY(view.headerText().contains(QStringLiteral("182 keys change owner")));
    QCOMPARE(view.history().nodes().size(), 11);
    const QImage after = view.grab().toImage();
    QVERIFY(views::test::distinctColours(after) > 12);
    views::test::keepScreenshot(after, QStringLiteral("hash-ring-after-join"));

    timeline.seek(3 * kSecond);   // before the join
    view.refresh();
    QCOMPARE(view.members().size(), 10);
    QCOMPARE(view.movedKeys(), 0);
    QVERIFY(!view.headerText().contains(QStringLiteral("joined")));
    // n11 is not on the ring: drawn in its colour nowhere, but listed as off the ring.
    QVERIFY(view.nodeColour(QStringLiteral("n11")).isValid());
}

void RingViewTest::hashModNMovesMostKeys() {
    RunTimeline timeline;
    timeline.append(views::test::simulatedRun("scenarios/partitioning/hash-modn-join.yaml"));
    RingView view(timeline);
    view.resize(640, 480);
    view.refresh();
    QCOMPARE(view.movedKeys(), 1809);
    QVERIFY(view.headerText().contains(QStringLiteral("hash mod N")));
    QVERIFY(views::test::distinctColours(view.grab().toImage()) > 12);
}

void RingViewTest::aLeaveLeavesTheNodeOffTheRing() {
    RunTimeline timeline;
    timeline.append(views::test::simulatedRun("scenarios/partitioning/hash-ring-leave.yaml"));
    RingView view(timeline);
    view.refresh();
    QCOMPARE(view.members().size(), 9);
    QVERIFY(!view.members().contains(QStringLiteral("n4")));
    QVERIFY(view.headerText().contains(QStringLiteral("n4 left")));
    QCOMPARE(view.movedKeys(), 209);
}

void RingViewTest::aClickOnTheLegendSelectsTheNode() {
    RunTimeline timeline;
    timeline.append(views::test::simulatedRun("scenarios/partitioning/hash-vnodes-few.yaml"));
    RingView view(timeline);
    view.resize(640, 480);
    view.refresh();
    const QImage before = view.grab().toImage();
    // The legend's first line is n1, at the top right under the header.
    const QFontMetrics fm = view.fontMetrics();
    const int legendWidth = fm.horizontalAdvance(QStringLiteral("n100 2000 (+2000)")) + 28;
    const QPoint n1(view.width() - legendWidth - 8 + legendWidth / 2, 4 + fm.height() * 2 + 4 + 8 + fm.height() / 2);
    QTest::mouseClick(&view, Qt::LeftButton, {}, n1);
    QCOMPARE(timeline.selectedNode(), QStringLiteral("n1"));
    QVERIFY(view.grab().toImage() != before);   // the other nodes fade
    QTest::mouseClick(&view, Qt::LeftButton, {}, n1);
    QCOMPARE(timeline.selectedNode(), QString());
}

void RingViewTest::anEmptyTimelineSaysSo() {
    RunTimeline timeline;
    RingView view(timeline);
    view.refresh();
    QCOMPARE(view.headerText(), QStringLiteral("No ring nodes"));
    QCOMPARE(view.members().size(), 0);
    QVERIFY(!view.grab().isNull());
}

QTEST_MAIN(RingViewTest)
#include "ring_view_test.moc"
