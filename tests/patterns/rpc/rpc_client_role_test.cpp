#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The client is "c1"; its servers "r1" and "r2". One call a second, the first at 1 s.
std::unique_ptr<RoleHarness> client(Json params) {
    Json all = {{"target", "r1"}, {"rate", 1}, {"arrival", "fixed"}, {"method", "ReadStock"}};
    all.update(params);
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "rpc-client", .params = std::move(all), .self = "c1", .peers = {"r1", "r2"}});
    h->start();
    h->advance(1s);
    return h;
}

std::int64_t ns(core::Duration d) { return d.count(); }

Message only(RoleHarness& h) {
    auto sent = h.take_sent();
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? Message{} : sent[0];
}

const Json kOk = {{"ok", true}, {"status", "ok"}, {"code", 0}, {"reply", {{"available", 4}}}};
const Json kUnavailable = {{"ok", false}, {"status", "unavailable"}, {"code", 14}};

TEST(RpcClientRole, ACallCarriesATypedBodyItsOriginAndItsRemainingBudget) {
    auto h = client({{"deadline", "500ms"}, {"preset", "grpc"}, {"overhead", "2ms"}});
    const Message call = only(*h);
    EXPECT_EQ(call.to, "r1");
    EXPECT_EQ(call.type, "rpc");
    EXPECT_EQ(call.body["method"], "ReadStock");
    EXPECT_TRUE(call.body["args"]["item"].is_string());
    EXPECT_EQ(call.body["attempt"], 1);
    EXPECT_EQ(call.body["timeout_ns"], ns(498ms));
    EXPECT_EQ(call.body["origin"]["node"], "c1");
    EXPECT_EQ(call.body["origin"]["deadline_ns"], ns(1500ms));
    h->advance(12ms);
    h->reply_to(call, kOk);
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "ok");
    EXPECT_EQ(h->ops()[1].value, (Json{{"available", 4}}));
    EXPECT_EQ(h->counter("status_ok"), 1);
    EXPECT_EQ(h->snapshot()["statuses"]["ok"], 1);
}

TEST(RpcClientRole, DubbosPresetMakesThreeAttemptsAndSendsNoBudget) {
    auto h = client({{"preset", "dubbo"}, {"replicas", {"r2"}}});
    std::vector<std::string> targets;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const Message call = only(*h);
        EXPECT_EQ(call.body["attempt"], attempt);
        EXPECT_FALSE(call.body.contains("timeout_ns"));
        targets.push_back(call.to);
        h->reply_to(call, kUnavailable);
    }
    EXPECT_EQ(targets, (std::vector<std::string>{"r1", "r2", "r1"}));
    EXPECT_TRUE(h->take_sent().empty());
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "fail");
    EXPECT_EQ(h->ops()[1].value["error"], "unavailable");
    EXPECT_EQ(h->counter("retries"), 2);
    EXPECT_EQ(h->counter("status_unavailable"), 1);
}

TEST(RpcClientRole, DubbosTimeoutIsOneSecondPerAttempt) {
    auto h = client({{"preset", "dubbo"}, {"retries", 0}});
    only(*h);
    h->advance(999ms);
    EXPECT_EQ(h->open_ops(), 1u);
    h->advance(1ms);                                       // 2 s: the next call begins too
    ASSERT_EQ(h->ops().size(), 3u);
    EXPECT_EQ(h->ops()[1].phase, "info");                  // it may have been done
    EXPECT_EQ(h->ops()[1].value["error"], "deadline_exceeded");
    for (const Message& m : h->take_sent())                // the next second's call, no cancel:
        EXPECT_EQ(m.type, "rpc");                          // dubbo does not cancel
}

TEST(RpcClientRole, NoRetryAfterAnInvalidArgumentEvenWithRetriesLeft) {
    auto h = client({{"preset", "grpc"}, {"retries", 3}, {"bad_rate", 1.0}});
    const Message call = only(*h);
    EXPECT_NE(call.body["args"]["item"].type(), Json::value_t::string);   // the broken field
    h->reply_to(call, {{"ok", false}, {"status", "invalid_argument"}, {"code", 3}, {"message", "args.item: expected string, got int"}});
    EXPECT_TRUE(h->take_sent().empty());
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "fail");
    EXPECT_EQ(h->ops()[1].value["error"], "invalid_argument");
    EXPECT_EQ(h->ops()[1].value["message"], "r1: args.item: expected string, got int");
}

TEST(RpcClientRole, GrpcRetriesOnlyWhenConfiguredAndCancelsAnAttemptItGivesUpOn) {
    auto h = client({{"preset", "grpc"}, {"deadline", "100ms"}});
    const Message call = only(*h);
    h->reply_to(call, kUnavailable);
    EXPECT_TRUE(h->take_sent().empty());                   // no retries unless configured
    EXPECT_EQ(h->ops()[1].value["error"], "unavailable");

    h->advance(1s);                                        // the second call, at 2 s
    const Message second = only(*h);
    h->advance(98ms);                                      // its deadline less the overhead
    const Message cancel = only(*h);
    EXPECT_EQ(cancel.to, "r1");
    EXPECT_EQ(cancel.type, "rpc_cancel");
    EXPECT_EQ(cancel.body["call"], second.body["call"]);
    EXPECT_EQ(h->ops()[3].phase, "info");
    EXPECT_EQ(h->ops()[3].value["error"], "deadline_exceeded");
}

TEST(RpcClientRole, AHedgeGoesToTheOtherReplicaTheFirstAnswerWinsAndTheOtherIsCancelled) {
    auto h = client({{"replicas", {"r2"}}, {"deadline", "1s"}, {"hedge_delay", "40ms"}});
    const Message first = only(*h);
    EXPECT_EQ(first.to, "r1");
    h->advance(39ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    const Message hedge = only(*h);
    EXPECT_EQ(hedge.to, "r2");
    EXPECT_EQ(hedge.body["hedge"], true);
    EXPECT_EQ(hedge.body["attempt"], 2);
    h->advance(10ms);
    h->reply_to(hedge, kOk);
    const Message cancel = only(*h);
    EXPECT_EQ(cancel.to, "r1");
    EXPECT_EQ(cancel.type, "rpc_cancel");
    EXPECT_EQ(cancel.body["call"], first.body["call"]);
    EXPECT_EQ(h->ops()[1].phase, "ok");
    EXPECT_EQ(h->counter("hedges"), 1);
    EXPECT_EQ(h->samples("latency_ms"), (std::vector<double>{10.0}));
    h->reply_to(first, kOk);                               // the loser's answer comes for nobody
    EXPECT_EQ(h->counter("late_replies"), 1);
    EXPECT_EQ(h->ops().size(), 2u);
}

TEST(RpcClientRole, AFailedCopyIsHedgedAtOnceAndTheLastFailureEndsTheCall) {
    auto h = client({{"replicas", {"r2"}}, {"deadline", "1s"}, {"hedge_delay", "40ms"}});
    h->reply_to(only(*h), kUnavailable);
    const Message hedge = only(*h);                        // no need to wait 40 ms
    EXPECT_EQ(hedge.to, "r2");
    h->reply_to(hedge, kUnavailable);
    EXPECT_TRUE(h->take_sent().empty());                   // hedge_max 2: nothing left to send
    EXPECT_EQ(h->ops()[1].value["error"], "unavailable");
}

TEST(RpcClientRole, AUserWhoGivesUpCancelsTheCall) {
    auto h = client({{"abandon_after", "200ms"}});
    const Message call = only(*h);
    h->advance(200ms);
    const Message cancel = only(*h);
    EXPECT_EQ(cancel.type, "rpc_cancel");
    EXPECT_EQ(cancel.body["call"], call.body["call"]);
    EXPECT_EQ(h->ops()[1].phase, "fail");
    EXPECT_EQ(h->ops()[1].value["error"], "cancelled");
    EXPECT_EQ(h->counter("status_cancelled"), 1);
    h->reply_to(call, {{"ok", false}, {"status", "cancelled"}, {"code", 1}});
    EXPECT_EQ(h->ops().size(), 2u);
}

TEST(RpcClientRole, AnUnreadableAnswerFailsTheAttemptWithoutACrash) {
    auto h = client({{"preset", "grpc"}});
    h->reply_to(only(*h), Json("what"));
    EXPECT_EQ(h->ops()[1].phase, "fail");
    EXPECT_EQ(h->ops()[1].value["error"], "unavailable");
    EXPECT_EQ(h->counter("malformed_replies"), 1);
    h->deliver("r1", "rpc", Json::object());               // a client serves nothing
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
}

TEST(RpcClientRole, DubbosCountdownSendsTheAttemptTimeoutWhenTheCallHasNoDeadline) {
    auto h = client({{"preset", "dubbo"}, {"propagate", "on"}});
    const Message call = only(*h);
    EXPECT_EQ(call.body["timeout_ns"], ns(1000ms));        // its per-attempt timeout
    EXPECT_FALSE(call.body["origin"].contains("deadline_ns"));
}

TEST(RpcClientRole, GrpcWithoutADeadlineWaitsAndSendsNoBudget) {
    auto h = client({{"preset", "grpc"}, {"stop_at", "1500ms"}});
    const Message call = only(*h);
    EXPECT_FALSE(call.body.contains("timeout_ns"));
    h->advance(60s);
    EXPECT_EQ(h->open_ops(), 1u);                          // still waiting, as gRPC does
    h->reply_to(call, kOk);
    EXPECT_EQ(h->ops()[1].phase, "ok");
}

}  // namespace
}  // namespace distlab::test_support
