#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The server is "b"; its caller "a" and its downstream (when it has one) "c".
std::unique_ptr<RoleHarness> server(Json params) {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "rpc-server", .params = std::move(params), .self = "b", .peers = {"a", "c", "x"}});
    h->start();
    return h;
}

Json read_stock(std::int64_t call, Json extra = Json::object()) {
    Json body = {{"call", call}, {"method", "ReadStock"}, {"args", {{"item", "tea"}}}, {"attempt", 1}};
    body.update(extra);
    return body;
}

std::int64_t ns(core::Duration d) { return d.count(); }

// The one message sent since the last take.
Message only(RoleHarness& h) {
    auto sent = h.take_sent();
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? Message{} : sent[0];
}

TEST(RpcServerRole, ServesACallAfterItsServiceTimeWithTheMethodsReplyFields) {
    auto h = server({{"service_time", "20ms"}});
    const auto id = h->deliver("a", "rpc", read_stock(1));
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(20ms);
    const Message r = only(*h);
    EXPECT_EQ(r.to, "a");
    EXPECT_EQ(r.type, "rpc_reply");
    EXPECT_EQ(r.reply_to, id);
    EXPECT_EQ(r.body["status"], "ok");
    EXPECT_EQ(r.body["code"], 0);
    EXPECT_TRUE(r.body["reply"]["available"].is_number_integer());
    EXPECT_EQ(r.body["started_ns"], 0);
    EXPECT_EQ(r.body["ended_ns"], ns(20ms));
    EXPECT_EQ(h->counter("requests"), 1);
    EXPECT_EQ(h->counter("leaf_requests"), 1);
    EXPECT_EQ(h->counter("work_started"), 1);
    EXPECT_EQ(h->counter("status_ok"), 1);
}

TEST(RpcServerRole, AWrongBodyIsAnsweredAtOnceWithAStatusNamingTheField) {
    auto h = server({});
    struct Case {
        Json body;
        const char* status;
        const char* message;
    };
    const std::vector<Case> cases = {
        {Json{{"call", 1}, {"method", "ReadStock"}, {"args", {{"item", 3}}}}, "invalid_argument",
         "args.item: expected string, got int (ReadStock(item: string) -> (available: int))"},
        {Json{{"call", 2}, {"method", "ReadStock"}, {"args", Json::object()}}, "invalid_argument",
         "args.item: missing (expected string) (ReadStock(item: string) -> (available: int))"},
        {Json{{"call", 3}, {"method", "ReadStock"}}, "invalid_argument",
         "args: expected a mapping, got null (ReadStock(item: string) -> (available: int))"},
        {Json{{"call", 4}, {"method", "GetPrice"}, {"args", {{"item", "tea"}}}}, "unimplemented",
         "method GetPrice is not served here; this server serves ReadStock(item: string) -> (available: int)"},
        {Json{{"call", 5}}, "invalid_argument", "method: missing"},
        {Json{{"method", "ReadStock"}}, "invalid_argument", "call: missing"},
        {Json("garbage"), "invalid_argument", "body: expected a mapping, got string"},
        {Json{{"call", 6}, {"method", "ReadStock"}, {"args", {{"item", "tea"}}}, {"timeout_ns", "soon"}},
         "invalid_argument", "timeout_ns: expected a non-negative int, got string"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.body.dump());
        h->deliver("a", "rpc", c.body);
        const Message r = only(*h);
        EXPECT_EQ(r.body["status"], c.status);
        EXPECT_EQ(r.body["message"], c.message);
        EXPECT_FALSE(r.body.contains("started_ns"));
    }
    EXPECT_EQ(h->counter("work_started"), 0);
    EXPECT_EQ(h->counter("invalid"), 7);
    EXPECT_EQ(h->counter("status_unimplemented"), 1);
    // Anything else is ignored without an answer, and the server goes on serving.
    h->deliver("a", "hello", Json::array());
    h->deliver("a", "rpc_cancel", Json("x"));
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("malformed_cancels"), 1);
    h->deliver("a", "rpc", read_stock(9));
    h->advance(20ms);
    EXPECT_EQ(only(*h).body["status"], "ok");
}

TEST(RpcServerRole, APropagatedDeadlineDropsAQueuedCallWithoutStartingWork) {
    auto h = server({{"service_time", "50ms"}, {"capacity", 1}});
    h->deliver("a", "rpc", read_stock(1));                                  // takes the only worker
    h->deliver("a", "rpc", read_stock(2, {{"timeout_ns", ns(5ms)}}));       // queued
    h->advance(5ms);
    const Message r = only(*h);
    EXPECT_EQ(r.body["status"], "deadline_exceeded");
    EXPECT_EQ(r.body["code"], 4);
    EXPECT_FALSE(r.body.contains("started_ns"));
    h->advance(45ms);
    EXPECT_EQ(only(*h).body["status"], "ok");
    EXPECT_EQ(h->counter("work_started"), 1);
    EXPECT_EQ(h->counter("expired"), 1);
}

TEST(RpcServerRole, APropagatedDeadlineStopsWorkInProgress) {
    auto h = server({{"service_time", "50ms"}});
    h->deliver("a", "rpc", read_stock(1, {{"timeout_ns", ns(10ms)}}));
    h->advance(10ms);
    const Message r = only(*h);
    EXPECT_EQ(r.body["status"], "deadline_exceeded");
    EXPECT_EQ(r.body["started_ns"], 0);
    EXPECT_EQ(r.body["ended_ns"], ns(10ms));
    h->advance(100ms);
    EXPECT_TRUE(h->take_sent().empty());   // the work's own end does not answer again
    EXPECT_EQ(h->snapshot()["busy"], 0);
    // A call that arrives with no budget at all is answered at once.
    h->deliver("a", "rpc", read_stock(2, {{"timeout_ns", 0}}));
    EXPECT_EQ(only(*h).body["status"], "deadline_exceeded");
}

TEST(RpcServerRole, ACancelFromItsCallerStopsTheCallAndFreesTheWorker) {
    auto h = server({{"service_time", "50ms"}, {"capacity", 1}});
    h->deliver("a", "rpc", read_stock(1));
    h->deliver("a", "rpc", read_stock(2));
    h->advance(5ms);
    h->deliver("x", "rpc_cancel", {{"call", 1}});      // not its caller: call 1 of x is unknown
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("cancels_too_late"), 1);
    h->deliver("a", "rpc_cancel", {{"call", 1}});
    const Message r = only(*h);
    EXPECT_EQ(r.body["status"], "cancelled");
    EXPECT_EQ(r.body["code"], 1);
    EXPECT_EQ(r.body["ended_ns"], ns(5ms));
    h->advance(50ms);                                   // call 2 got the worker at 5 ms
    const Message second = only(*h);
    EXPECT_EQ(second.body["status"], "ok");
    EXPECT_EQ(second.body["started_ns"], ns(5ms));
    h->deliver("a", "rpc_cancel", {{"call", 1}});      // answered already
    EXPECT_EQ(h->counter("cancels_too_late"), 2);
}

TEST(RpcServerRole, AFullQueueAnswersUnavailable) {
    auto h = server({{"service_time", "50ms"}, {"capacity", 1}, {"queue_limit", 1}});
    h->deliver("a", "rpc", read_stock(1));
    h->deliver("a", "rpc", read_stock(2));
    h->deliver("a", "rpc", read_stock(3));
    const Message r = only(*h);
    EXPECT_EQ(r.body["status"], "unavailable");
    EXPECT_EQ(r.body["code"], 14);
    EXPECT_EQ(r.body["message"], "overloaded: 1 calls in work and 1 queued");
    EXPECT_EQ(h->counter("rejected"), 1);
}

Json reserve(std::int64_t call, Json extra = Json::object()) {
    Json body = {{"call", call}, {"method", "ReserveStock"}, {"args", {{"item", "tea"}, {"qty", 2}}}};
    body.update(extra);
    return body;
}

Json chain(Json extra) {
    Json params = {{"method", "ReserveStock"}, {"service_time", "10ms"}, {"downstream", {"c"}},
                   {"downstream_method", "ReadStock"}};
    params.update(extra);
    return params;
}

TEST(RpcServerRole, AMiddleTierPassesTheRemainingBudgetAndTheOriginDownstream) {
    auto h = server(chain({{"preset", "grpc"}, {"overhead", "2ms"}}));
    const Json origin = {{"node", "client"}, {"op", 4}, {"deadline_ns", ns(150ms)}};
    h->deliver("a", "rpc", reserve(1, {{"timeout_ns", ns(100ms)}, {"origin", origin}}));
    h->advance(10ms);
    const Message down = only(*h);
    EXPECT_EQ(down.to, "c");
    EXPECT_EQ(down.type, "rpc");
    EXPECT_EQ(down.body["method"], "ReadStock");
    EXPECT_TRUE(down.body["args"]["item"].is_string());
    EXPECT_EQ(down.body["timeout_ns"], ns(88ms));       // 100 ms - 10 ms of work - 2 ms overhead
    EXPECT_EQ(down.body["origin"], origin);
    EXPECT_EQ(h->counter("leaf_requests"), 0);
    h->advance(5ms);
    h->reply_to(down, {{"ok", true}, {"status", "ok"}, {"code", 0}, {"reply", {{"available", 5}}}});
    const Message up = only(*h);
    EXPECT_EQ(up.to, "a");
    EXPECT_EQ(up.body["status"], "ok");
    EXPECT_TRUE(up.body["reply"]["reserved"].is_number_integer());
    EXPECT_EQ(up.body["origin"], origin);
    EXPECT_EQ(up.body["ended_ns"], ns(15ms));
}

TEST(RpcServerRole, ADownstreamFailurePassesUpWithItsStatus) {
    auto h = server(chain({{"preset", "grpc"}}));
    h->deliver("a", "rpc", reserve(1, {{"timeout_ns", ns(100ms)}}));
    h->advance(10ms);
    const Message down = only(*h);
    h->reply_to(down, {{"ok", false}, {"status", "invalid_argument"}, {"code", 3}, {"message", "args.item: missing"}});
    const Message up = only(*h);
    EXPECT_EQ(up.body["status"], "invalid_argument");
    EXPECT_EQ(up.body["message"], "ReadStock downstream: c: args.item: missing");
}

TEST(RpcServerRole, CancellationWalksDownTheChainWhenThePolicyCancels) {
    auto h = server(chain({{"preset", "grpc"}}));
    h->deliver("a", "rpc", reserve(1));
    h->advance(10ms);
    const Message down = only(*h);
    h->deliver("a", "rpc_cancel", {{"call", 1}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].to, "c");
    EXPECT_EQ(sent[0].type, "rpc_cancel");
    EXPECT_EQ(sent[0].body["call"], down.body["call"]);
    EXPECT_EQ(sent[1].to, "a");
    EXPECT_EQ(sent[1].body["status"], "cancelled");
    // C's answer to the cancelled call comes for nobody.
    h->reply_to(down, {{"ok", false}, {"status", "cancelled"}, {"code", 1}});
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("late_replies"), 1);
}

TEST(RpcServerRole, DubbosPresetNeitherPropagatesNorCancels) {
    auto h = server(chain({{"preset", "dubbo"}}));
    h->deliver("a", "rpc", reserve(1, {{"timeout_ns", ns(100ms)}}));
    h->advance(10ms);
    const Message down = only(*h);
    EXPECT_FALSE(down.body.contains("timeout_ns"));
    h->deliver("a", "rpc_cancel", {{"call", 1}});
    const Message up = only(*h);                      // only the answer upstream: C is not told
    EXPECT_EQ(up.to, "a");
    EXPECT_EQ(up.body["status"], "cancelled");
}

TEST(RpcServerRole, DubbosPresetRetriesTwiceOnTheNextServerAfterUnavailable) {
    auto h = server(chain({{"preset", "dubbo"}, {"downstream", {"c", "x"}}}));
    h->deliver("a", "rpc", reserve(1));
    h->advance(10ms);
    std::vector<std::string> targets;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const Message down = only(*h);
        EXPECT_EQ(down.body["attempt"], attempt);
        targets.push_back(down.to);
        h->reply_to(down, {{"ok", false}, {"status", "unavailable"}, {"code", 14}});
    }
    EXPECT_EQ(targets, (std::vector<std::string>{"c", "x", "c"}));
    const Message up = only(*h);
    EXPECT_EQ(up.body["status"], "unavailable");
    EXPECT_EQ(h->counter("retries"), 2);
}

}  // namespace
}  // namespace distlab::test_support
