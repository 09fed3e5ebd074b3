#include <gtest/gtest.h>

#include <vector>

#include "core/patterns/stream/inbox.h"
#include "core/patterns/stream/windows.h"

namespace distlab::core::stream {
namespace {

using R = WindowResult;

TEST(KeyedWindows, TumblingWindowFiresWhenTheWatermarkPassesItsEnd) {
    KeyedWindows w({.size_ms = 1000, .slide_ms = 1000, .bound_ms = 500, .lateness_ms = 0});
    std::vector<R> out;
    EXPECT_EQ(w.add("a", 100, out), Arrival::OnTime);
    EXPECT_EQ(w.add("a", 900, out), Arrival::OnTime);
    EXPECT_EQ(w.add("b", 950, out), Arrival::OnTime);
    EXPECT_EQ(*w.watermark(), 450);
    EXPECT_EQ(w.add("a", 1400, out), Arrival::OnTime);   // watermark 900: [0, 1000) not yet
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(w.buffered(), 4);
    EXPECT_EQ(w.add("a", 1499, out), Arrival::OnTime);   // watermark 999 = end - 1: fires
    EXPECT_EQ(out, (std::vector<R>{{"a", 0, 1000, 2, 0}, {"b", 0, 1000, 1, 0}}));
    EXPECT_EQ(w.buffered(), 2);
}

TEST(KeyedWindows, AnEventWithinTheBoundIsNeverLate) {
    KeyedWindows w({.size_ms = 1000, .slide_ms = 1000, .bound_ms = 500, .lateness_ms = 0});
    std::vector<R> out;
    w.add("a", 2000, out);                               // watermark 1500
    EXPECT_EQ(w.add("a", 1501, out), Arrival::OnTime);   // window [1000, 2000) ends at 1999 > 1500
    EXPECT_EQ(w.add("a", 999, out), Arrival::Late);      // [0, 1000) fired and is gone
}

TEST(KeyedWindows, AllowedLatenessAdmitsALateEventAndFiresAgainWithIt) {
    KeyedWindows w({.size_ms = 1000, .slide_ms = 1000, .bound_ms = 0, .lateness_ms = 2000});
    std::vector<R> out;
    w.add("a", 500, out);
    w.add("a", 1500, out);                               // watermark 1500: [0, 1000) fires with 1
    ASSERT_EQ(out, (std::vector<R>{{"a", 0, 1000, 1, 0}}));
    out.clear();
    EXPECT_EQ(w.add("a", 200, out), Arrival::LateAdmitted);   // 999 + 2000 > 1500: still kept
    EXPECT_EQ(out, (std::vector<R>{{"a", 0, 1000, 1, 1}}));   // a late firing adds only the new one
    out.clear();
    w.add("a", 3000, out);                               // watermark 3000 >= 999 + 2000: state dropped
    EXPECT_EQ(w.add("a", 300, out), Arrival::Late);
}

TEST(KeyedWindows, SlidingWindowsCountAnEventInEachWindowThatHoldsIt) {
    KeyedWindows w({.size_ms = 2000, .slide_ms = 1000, .bound_ms = 0, .lateness_ms = 0});
    EXPECT_EQ(w.windows_of(1500), (std::vector<std::int64_t>{0, 1000}));
    EXPECT_EQ(w.windows_of(0), (std::vector<std::int64_t>{-1000, 0}));
    std::vector<R> out;
    w.add("a", 1500, out);
    w.end_of_input(out);
    EXPECT_EQ(out, (std::vector<R>{{"a", 0, 2000, 1, 0}, {"a", 1000, 3000, 1, 0}}));
    EXPECT_FALSE(w.watermark());
    EXPECT_EQ(w.add("a", 5000, out), Arrival::Late);     // nothing after the end of input
}

TEST(KeyedWindows, StateRoundTripsThroughJsonAndReplaysTheSameResults) {
    const WindowSpec spec{.size_ms = 1000, .slide_ms = 1000, .bound_ms = 300, .lateness_ms = 500};
    KeyedWindows first(spec);
    std::vector<R> ignored;
    for (std::int64_t t : {100, 700, 1200, 400, 1800})
        first.add(t % 200 == 0 ? "a" : "b", t, ignored);
    auto restored = KeyedWindows::from_json(spec, first.to_json());
    ASSERT_TRUE(restored);
    std::vector<R> a, b;
    for (std::int64_t t : {2600, 900, 3900}) {
        first.add("a", t, a);
        restored->add("a", t, b);
    }
    first.end_of_input(a);
    restored->end_of_input(b);
    EXPECT_EQ(a, b);
    EXPECT_FALSE(a.empty());
    EXPECT_FALSE(KeyedWindows::from_json(spec, core::Json{{"panes", 3}}));
    EXPECT_FALSE(KeyedWindows::from_json(spec, core::Json{{"panes", {{1, "a"}}}, {"ended", false}, {"max_seen", 1}}));
}

TEST(KeyedWindows, SpecRefusesNonsense) {
    EXPECT_TRUE(WindowSpec::from_json(WindowSpec{}.to_json()));
    EXPECT_FALSE(WindowSpec::from_json({{"size_ms", 1000}, {"slide_ms", 2000}, {"bound_ms", 0}, {"lateness_ms", 0}}));
    EXPECT_FALSE(WindowSpec::from_json({{"size_ms", 1000}}));
}

ChannelMessage msg(std::int64_t attempt, std::int64_t seq, const char* type = "record") {
    return {attempt, seq, Message{.type = type}};
}

TEST(OrderedInbox, HandsMessagesOutInOrderWhateverOrderTheyCameIn) {
    OrderedInbox in;
    EXPECT_TRUE(in.push(msg(1, 3)));
    EXPECT_TRUE(in.push(msg(1, 2)));
    EXPECT_FALSE(in.pop());                              // the restore (seq 1) has not come
    EXPECT_TRUE(in.push(msg(1, 1, "restore")));
    EXPECT_FALSE(in.push(msg(1, 1, "restore")));         // a duplicate
    std::vector<std::int64_t> seqs;
    while (auto m = in.pop())
        seqs.push_back(m->seq);
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_FALSE(in.push(msg(1, 2)));                    // already taken
    EXPECT_EQ(in.attempt(), 1);
}

TEST(OrderedInbox, ANewAttemptsRestoreSupersedesAGapInTheOldOne) {
    OrderedInbox in;
    in.push(msg(1, 1, "restore"));
    ASSERT_TRUE(in.pop());
    in.push(msg(1, 3));                                  // waits for 2, which never comes
    EXPECT_FALSE(in.pop());
    in.push(msg(2, 2));
    EXPECT_FALSE(in.pop());                              // attempt 2 has not opened yet
    in.push(msg(2, 1, "restore"));
    auto m = in.pop();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->attempt, 2);
    EXPECT_EQ(m->seq, 1);
    m = in.pop();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->seq, 2);
    EXPECT_EQ(in.held(), 0);
}

TEST(OrderedInbox, ARestartedReceiverSkipsTheEndOfAnAttemptItNeverSawOpen) {
    OrderedInbox in;                                     // fresh: the receiver just restarted
    in.push(msg(1, 437));                                // sent before the sender heard of the restart
    in.push(msg(2, 2));
    EXPECT_FALSE(in.pop());
    in.push(msg(2, 1, "restore"));
    auto m = in.pop();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->attempt, 2);
    EXPECT_EQ(m->seq, 1);
    EXPECT_EQ(in.pop()->seq, 2);
}

TEST(OrderedInbox, TheReceiversAttemptDropsWhatIsOlder) {
    OrderedInbox in;
    in.push(msg(1, 1, "restore"));
    in.pop();
    in.push(msg(1, 3));
    in.push(msg(2, 1, "restore"));
    auto m = in.pop(2);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->attempt, 2);
    EXPECT_EQ(in.held(), 0);
    EXPECT_FALSE(in.push(msg(1, 4)));                    // stale
}

}  // namespace
}  // namespace distlab::core::stream
