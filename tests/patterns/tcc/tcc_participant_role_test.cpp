#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> participant(Json params = Json::object()) {
    params["accounts"] = 2;
    params["initial_balance"] = 100;
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "tcc-participant",
                                                        .params = std::move(params),
                                                        .self = "p1",
                                                        .peers = {"co", "p1"},
                                                        .peer_roles = {"tcc-coordinator", "tcc-participant"}});
    h->start();
    return h;
}

Json actions(std::int64_t a0, std::int64_t a1 = 0) {
    Json list = Json::array();
    if (a0 != 0)
        list.push_back({{"account", "a0"}, {"amount", a0}});
    if (a1 != 0)
        list.push_back({{"account", "a1"}, {"amount", a1}});
    return list;
}

// Delivers `type` from co; returns the reply's body.
Json call(RoleHarness& h, const std::string& type, Json body) {
    const auto id = h.deliver("co", type, std::move(body));
    Json reply;
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            reply = m.body;
    return reply;
}

std::int64_t balance(RoleHarness& h, const char* account) { return h.snapshot()["accounts"][account].get<std::int64_t>(); }

TEST(TccParticipant, TryFreezesConfirmAppliesCancelReleases) {
    auto h = participant();
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30, 30)}})["ok"], true);
    EXPECT_EQ(h->phase(), "holding");
    EXPECT_EQ(h->snapshot()["frozen"], 30);
    EXPECT_EQ(h->snapshot()["incoming"], 30);
    EXPECT_EQ(h->snapshot()["fence"]["tried"], 1);
    const Json confirmed = call(*h, "confirm", {{"tx", "t1"}, {"actions", actions(-30, 30)}});
    EXPECT_EQ(confirmed["ok"], true);
    EXPECT_EQ(confirmed["effect"], "applied");
    EXPECT_EQ(balance(*h, "a0"), 70);
    EXPECT_EQ(balance(*h, "a1"), 130);
    EXPECT_EQ(h->snapshot()["frozen"], 0);
    EXPECT_EQ(h->snapshot()["fence"]["committed"], 1);
    EXPECT_EQ(h->phase(), "idle");

    EXPECT_EQ(call(*h, "try", {{"tx", "t2"}, {"actions", actions(-50)}})["ok"], true);
    EXPECT_EQ(call(*h, "cancel", {{"tx", "t2"}, {"actions", actions(-50)}})["effect"], "applied");
    EXPECT_EQ(balance(*h, "a0"), 70);
    EXPECT_EQ(h->snapshot()["frozen"], 0);
    EXPECT_EQ(h->snapshot()["fence"]["rolled_back"], 1);
    EXPECT_EQ(h->snapshot()["sum"], 200);
}

TEST(TccParticipant, ATryBeyondTheAvailableBalanceIsRefusedAndRecordsNothing) {
    auto h = participant();
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", actions(-80)}})["ok"], true);
    const Json refused = call(*h, "try", {{"tx", "t2"}, {"actions", actions(-30)}});
    EXPECT_EQ(refused["ok"], false);
    EXPECT_EQ(refused["error"], "insufficient funds in a0: 20 available, 30 asked");
    EXPECT_EQ(h->counter("refused_funds"), 1);
    EXPECT_EQ(h->snapshot()["fence"]["tried"], 1);
}

TEST(TccParticipant, EmptyRollbackIsRecordedAsSuspendedWithoutTouchingAnAccount) {
    auto h = participant();
    const Json r = call(*h, "cancel", {{"tx", "t1"}, {"actions", actions(-30)}});
    EXPECT_EQ(r["ok"], true);
    EXPECT_EQ(r["effect"], "empty");
    EXPECT_EQ(h->snapshot()["fence"]["suspended"], 1);
    EXPECT_EQ(h->snapshot()["frozen"], 0);
    EXPECT_EQ(h->snapshot()["unreserved"], 0);
    EXPECT_EQ(h->counter("empty_rollbacks"), 1);
}

TEST(TccParticipant, WithoutTheGuardAnEmptyRollbackReleasesWhatWasNeverReserved) {
    auto h = participant({{"empty_rollback_guard", false}});
    EXPECT_EQ(call(*h, "cancel", {{"tx", "t1"}, {"actions", actions(-30)}})["effect"], "applied");
    EXPECT_EQ(h->snapshot()["frozen"], -30);
    EXPECT_EQ(h->snapshot()["unreserved"], 30);
    // The phantom 30 can now be spent on top of the whole balance.
    EXPECT_EQ(call(*h, "try", {{"tx", "t2"}, {"actions", actions(-130)}})["ok"], true);
    // Without the guard and without actions there is nothing to roll back: a clear error.
    const Json bare = call(*h, "cancel", {{"tx", "t3"}});
    EXPECT_EQ(bare["ok"], false);
    EXPECT_EQ(bare["error"], "cancel needs a non-empty list \"actions\"");
}

TEST(TccParticipant, ATryAfterItsCancelIsRefused) {
    auto h = participant();
    call(*h, "cancel", {{"tx", "t1"}, {"actions", actions(-30)}});
    const Json r = call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30)}});
    EXPECT_EQ(r["ok"], false);
    EXPECT_EQ(r["error"], "already suspended: a try after its cancel is refused");
    EXPECT_EQ(h->snapshot()["frozen"], 0);
    EXPECT_EQ(h->counter("suspensions_refused"), 1);
    EXPECT_EQ(h->phase(), "idle");
}

TEST(TccParticipant, WithoutAntiSuspensionALateTryHangs) {
    auto h = participant({{"anti_suspension", false}});
    call(*h, "cancel", {{"tx", "t1"}, {"actions", actions(-30)}});
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30)}})["ok"], true);
    EXPECT_EQ(h->phase(), "hanging");
    EXPECT_EQ(h->snapshot()["frozen"], 30);
    EXPECT_EQ(h->counter("hanging_reservations"), 1);
}

TEST(TccParticipant, RepeatedConfirmAndTryAreAnsweredWithoutRunningAgain) {
    auto h = participant();
    call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30, 30)}});
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30, 30)}})["ok"], true);
    EXPECT_EQ(h->snapshot()["frozen"], 30);
    call(*h, "confirm", {{"tx", "t1"}});
    const Json again = call(*h, "confirm", {{"tx", "t1"}});
    EXPECT_EQ(again["ok"], true);
    EXPECT_EQ(again["effect"], "repeat");
    EXPECT_EQ(balance(*h, "a0"), 70);
    EXPECT_EQ(h->counter("repeats_ignored"), 2);
}

TEST(TccParticipant, WithoutIdempotenceASecondConfirmDebitsAgain) {
    auto h = participant({{"idempotence", false}});
    call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30, 30)}});
    call(*h, "confirm", {{"tx", "t1"}});
    EXPECT_EQ(call(*h, "confirm", {{"tx", "t1"}})["effect"], "reapplied");
    EXPECT_EQ(balance(*h, "a0"), 40);
    EXPECT_EQ(balance(*h, "a1"), 160);
    EXPECT_EQ(h->snapshot()["unreserved"], 60);
}

TEST(TccParticipant, ConflictingDecisionsAreRefused) {
    auto h = participant();
    const Json never = call(*h, "confirm", {{"tx", "t0"}});
    EXPECT_EQ(never["ok"], false);
    EXPECT_EQ(never["error"], "confirm for a transaction never tried");
    call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30)}});
    call(*h, "cancel", {{"tx", "t1"}});
    const Json late = call(*h, "confirm", {{"tx", "t1"}});
    EXPECT_EQ(late["ok"], false);
    EXPECT_EQ(late["error"], "already rolled_back");
    EXPECT_EQ(h->counter("late_confirms"), 1);
    EXPECT_EQ(balance(*h, "a0"), 100);
}

TEST(TccParticipant, AReservationExpiresAfterItsTimeout) {
    auto h = participant({{"reservation_timeout", "2s"}});
    call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30)}});
    h->advance(1999ms);
    EXPECT_EQ(h->snapshot()["frozen"], 30);
    h->advance(1ms);
    EXPECT_EQ(h->snapshot()["frozen"], 0);
    EXPECT_EQ(h->snapshot()["fence"]["rolled_back"], 1);
    EXPECT_EQ(h->counter("expired"), 1);
    EXPECT_EQ(call(*h, "confirm", {{"tx", "t1"}})["ok"], false);
}

TEST(TccParticipant, BalancesAndTheFenceSurviveARestart) {
    auto h = participant();
    call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30, 30)}});
    call(*h, "confirm", {{"tx", "t1"}});
    call(*h, "try", {{"tx", "t2"}, {"actions", actions(-10)}});
    call(*h, "cancel", {{"tx", "t3"}});
    h->restart();
    EXPECT_EQ(balance(*h, "a0"), 70);
    EXPECT_EQ(balance(*h, "a1"), 130);
    EXPECT_EQ(h->snapshot()["frozen"], 10);
    EXPECT_EQ(h->phase(), "holding");
    EXPECT_EQ(call(*h, "confirm", {{"tx", "t1"}})["effect"], "repeat");
    EXPECT_EQ(call(*h, "try", {{"tx", "t3"}, {"actions", actions(-10)}})["ok"], false);
    EXPECT_EQ(call(*h, "confirm", {{"tx", "t2"}})["effect"], "applied");
    EXPECT_EQ(balance(*h, "a0"), 60);
}

TEST(TccParticipant, BadRequestsGetClearErrors) {
    auto h = participant();
    EXPECT_EQ(call(*h, "try", {{"actions", actions(-1)}})["error"], "try needs a non-empty string tx");
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}})["error"], "try needs a non-empty list \"actions\"");
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", Json::array({Json{{"account", "a0"}, {"amount", 0}}})}})["error"],
              "try actions[0] needs a string account and a non-zero integer amount (< 0 debits, > 0 credits)");
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", Json::array({Json{{"account", "zz"}, {"amount", 5}}})}})["error"],
              "unknown account zz");
    EXPECT_EQ(call(*h, "confirm", Json("nonsense"))["error"], "confirm needs a non-empty string tx");
    EXPECT_EQ(call(*h, "try", Json::array())["ok"], false);
    h->deliver("co", "gossip", Json::object());
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->snapshot()["sum"], 200);
}

TEST(TccParticipant, AsTwoPhaseCommitATryLocksItsAccountsUntilTheDecision) {
    auto h = participant({{"isolation", "lock"}});
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", actions(-10)}})["ok"], true);
    EXPECT_EQ(h->snapshot()["locks_held"], 1);
    // Reserve would let t2 use the other 90 of a0; a lock refuses it.
    const Json refused = call(*h, "try", {{"tx", "t2"}, {"actions", actions(-10)}});
    EXPECT_EQ(refused["ok"], false);
    EXPECT_EQ(refused["error"], "account a0 is locked by t1");
    EXPECT_EQ(h->counter("lock_conflicts"), 1);
    EXPECT_EQ(call(*h, "try", {{"tx", "t3"}, {"actions", actions(0, 5)}})["ok"], true);   // a1 is free
    call(*h, "confirm", {{"tx", "t1"}});
    EXPECT_EQ(h->snapshot()["locks_held"], 1);
    EXPECT_EQ(call(*h, "try", {{"tx", "t2"}, {"actions", actions(-10)}})["ok"], true);
    h->restart();
    EXPECT_EQ(h->snapshot()["locks_held"], 2);   // t2 and t3, taken again from the log
    EXPECT_EQ(call(*h, "try", {{"tx", "t4"}, {"actions", actions(-1)}})["error"], "account a0 is locked by t2");
}

TEST(TccParticipant, InReserveModeConcurrentTriesShareAnAccount) {
    auto h = participant();
    EXPECT_EQ(call(*h, "try", {{"tx", "t1"}, {"actions", actions(-10)}})["ok"], true);
    EXPECT_EQ(call(*h, "try", {{"tx", "t2"}, {"actions", actions(-10)}})["ok"], true);
    EXPECT_EQ(h->snapshot()["frozen"], 20);
    EXPECT_EQ(h->snapshot()["locks_held"], 0);
}

TEST(TccParticipant, AnswersItsBalances) {
    auto h = participant();
    call(*h, "try", {{"tx", "t1"}, {"actions", actions(-30)}});
    const Json b = call(*h, "balances", Json::object());
    EXPECT_EQ(b["ok"], true);
    EXPECT_EQ(b["sum"], 200);
    EXPECT_EQ(b["frozen"], 30);
    EXPECT_EQ(b["accounts"]["a0"], 100);
}

}  // namespace
}  // namespace distlab::test_support
