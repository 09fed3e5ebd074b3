// Maelstrom's services: each store's read / write / cas with Maelstrom's bodies and error codes in
// RoleHarness, seq-kv's stale reads that never go back for one caller, lww-kv's copies diverging
// and merging, lin-tso; and the shipped pair of scenarios in the simulator: a store on lin-kv is
// linearizable, on seq-kv it is sequential but not linearizable.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/patterns/maelstrom/maelstrom_errors.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/role_harness.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using core::Json;
using test_support::HarnessSetup;
using test_support::RoleHarness;
using namespace std::chrono_literals;

HarnessSetup service(const std::string& role, Json params = Json::object()) {
    return HarnessSetup{.role = role, .params = std::move(params), .self = role, .peers = {"n1", "n2"},
                        .peer_roles = {"external", "external"}};
}

// Sends one request from `from` and returns the one answer.
Json ask(RoleHarness& h, const std::string& from, Json body) {
    static std::int64_t msg_id = 100;
    body["msg_id"] = ++msg_id;
    h.deliver(from, body["type"], body);
    const auto sent = h.take_sent();
    EXPECT_EQ(sent.size(), 1u) << body.dump();
    if (sent.size() != 1)
        return Json();
    EXPECT_EQ(sent[0].to, from);
    EXPECT_EQ(sent[0].body["in_reply_to"], msg_id) << sent[0].body.dump();
    EXPECT_EQ(sent[0].type, sent[0].body["type"]);
    return sent[0].body;
}

TEST(MaelstromErrors, CodesAreNamedAndDefiniteAsMaelstromSays) {
    using core::maelstrom::error_code_definite;
    using core::maelstrom::error_code_name;
    EXPECT_EQ(error_code_name(20), "key-does-not-exist");
    EXPECT_EQ(error_code_name(22), "precondition-failed");
    EXPECT_EQ(error_code_name(30), "txn-conflict");
    EXPECT_EQ(error_code_name(999), "");
    EXPECT_FALSE(error_code_definite(0)) << "timeout";
    EXPECT_FALSE(error_code_definite(13)) << "crash";
    EXPECT_TRUE(error_code_definite(11));
    EXPECT_TRUE(error_code_definite(22));
    EXPECT_FALSE(error_code_definite(1234)) << "a code of the user's own";
    // Every code the lab writes has its name, and only timeout and crash leave the outcome open.
    using core::maelstrom::ErrorCode;
    for (const ErrorCode code :
         {ErrorCode::Timeout, ErrorCode::NodeNotFound, ErrorCode::NotSupported, ErrorCode::TemporarilyUnavailable,
          ErrorCode::MalformedRequest, ErrorCode::Crash, ErrorCode::Abort, ErrorCode::KeyDoesNotExist,
          ErrorCode::KeyAlreadyExists, ErrorCode::PreconditionFailed, ErrorCode::TxnConflict}) {
        const auto n = static_cast<std::int64_t>(code);
        EXPECT_FALSE(error_code_name(n).empty()) << n;
        EXPECT_EQ(error_code_definite(n), code != ErrorCode::Timeout && code != ErrorCode::Crash) << n;
    }
    EXPECT_EQ(error_code_name(0), "timeout");
    EXPECT_EQ(error_code_name(13), "crash");
}

TEST(KvServices, LinKvReadsWritesAndCasWithMaelstromsErrors) {
    RoleHarness h(service("lin-kv"));
    h.start();
    Json r = ask(h, "n1", {{"type", "read"}, {"key", "x"}});
    EXPECT_EQ(r["type"], "error");
    EXPECT_EQ(r["code"], 20);
    r = ask(h, "n1", {{"type", "cas"}, {"key", "x"}, {"from", 1}, {"to", 2}});
    EXPECT_EQ(r["code"], 20) << "cas on a missing key";
    r = ask(h, "n1", {{"type", "cas"}, {"key", "x"}, {"from", 1}, {"to", 2}, {"create_if_not_exists", true}});
    EXPECT_EQ(r["type"], "cas_ok");
    r = ask(h, "n2", {{"type", "read"}, {"key", "x"}});
    EXPECT_EQ(r["type"], "read_ok");
    EXPECT_EQ(r["value"], 2);
    r = ask(h, "n2", {{"type", "cas"}, {"key", "x"}, {"from", 1}, {"to", 3}});
    EXPECT_EQ(r["code"], 22);
    EXPECT_NE(r["text"].get<std::string>().find("expected 1"), std::string::npos) << r.dump();
    r = ask(h, "n2", {{"type", "cas"}, {"key", "x"}, {"from", 2}, {"to", 3}});
    EXPECT_EQ(r["type"], "cas_ok");
    r = ask(h, "n1", {{"type", "write"}, {"key", 7}, {"value", Json::array({1, 2})}});
    EXPECT_EQ(r["type"], "write_ok");
    r = ask(h, "n1", {{"type", "read"}, {"key", 7}});
    EXPECT_EQ(r["value"], Json::array({1, 2})) << "keys and values are any JSON";
    r = ask(h, "n1", {{"type", "read"}, {"key", "7"}});
    EXPECT_EQ(r["code"], 20) << "the string \"7\" is another key than the number 7";
    // Bad requests: definite refusals naming what is wrong.
    r = ask(h, "n1", {{"type", "write"}, {"key", "y"}});
    EXPECT_EQ(r["code"], 12);
    EXPECT_EQ(r["text"], "write needs a key and a value");
    r = ask(h, "n1", {{"type", "delete"}, {"key", "y"}});
    EXPECT_EQ(r["code"], 10);
    h.deliver("n1", "read", "not an object");
    const auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["code"], 12);
    EXPECT_EQ(h.snapshot()["keys"], 2);
}

TEST(KvServices, SeqKvReadsGoStaleButNeverBackForOneCaller) {
    RoleHarness h(service("seq-kv", {{"stale_read_ratio", 0.9}}));
    h.start();
    int stale = 0;
    for (int i = 1; i <= 200; ++i) {
        ASSERT_EQ(ask(h, "n1", {{"type", "write"}, {"key", "x"}, {"value", i}})["type"], "write_ok");
        const Json mine = ask(h, "n1", {{"type", "read"}, {"key", "x"}});
        EXPECT_EQ(mine["value"], i) << "a caller always sees its own write";
    }
    // n2 has seen nothing: its reads may come from any past state, but never one before the last
    // it read.
    std::int64_t last = 0;
    for (int i = 0; i < 200; ++i) {
        const Json r = ask(h, "n2", {{"type", "read"}, {"key", "x"}});
        if (r["type"] == "error") {
            EXPECT_EQ(r["code"], 20) << "the state before the first write";
            EXPECT_EQ(last, 0);
            continue;
        }
        const std::int64_t v = r["value"];
        EXPECT_GE(v, last) << "n2's reads went back";
        stale += v < 200 ? 1 : 0;
        last = v;
    }
    EXPECT_GT(stale, 0);
    EXPECT_EQ(last, 200) << "reads catch up";
    EXPECT_GT(h.snapshot()["stale_reads"].get<int>(), 0);
    // A cas acts on the newest state whatever the caller saw.
    EXPECT_EQ(ask(h, "n2", {{"type", "cas"}, {"key", "x"}, {"from", 200}, {"to", 201}})["type"], "cas_ok");
}

TEST(KvServices, LwwKvCopiesDivergeThenMergeByLastWrite) {
    RoleHarness h(service("lww-kv", {{"replicas", 3}, {"gossip_interval", "100ms"}}));
    h.start();
    std::set<Json> seen;
    for (int i = 1; i <= 30; ++i) {
        h.advance(1ms);
        ask(h, "n1", {{"type", "write"}, {"key", "x"}, {"value", i}});
    }
    for (int i = 0; i < 30; ++i) {
        const Json r = ask(h, "n2", {{"type", "read"}, {"key", "x"}});
        seen.insert(r.contains("value") ? r["value"] : Json("missing"));
    }
    EXPECT_GT(seen.size(), 1u) << "each copy answers on its own";
    // Concurrent cas on different copies can both succeed.
    // After enough gossip every copy holds the last write.
    h.advance(3s);
    EXPECT_EQ(h.snapshot()["divergent_keys"], 0);
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(ask(h, "n2", {{"type", "read"}, {"key", "x"}})["value"], 30);
}

TEST(KvServices, LinTsoHandsOutStrictlyIncreasingTimestamps) {
    RoleHarness h(service("lin-tso"));
    h.start();
    std::int64_t last = -1;
    for (int i = 0; i < 10; ++i) {
        const Json r = ask(h, i % 2 ? "n1" : "n2", {{"type", "ts"}});
        ASSERT_EQ(r["type"], "ts_ok");
        EXPECT_GT(r["ts"].get<std::int64_t>(), last);
        last = r["ts"];
    }
    EXPECT_EQ(ask(h, "n1", {{"type", "read"}, {"key", "x"}})["code"], 10);
}

TEST(KvProxy, TranslatesKvClientOperationsIntoServiceCalls) {
    RoleHarness h(HarnessSetup{.role = "kv-proxy", .params = {{"service", "lin-kv"}}, .self = "n1",
                               .peers = {"c1", "lin-kv"}, .peer_roles = {"kv-client", "lin-kv"}});
    h.start();
    h.deliver("c1", "kv", {{"op", "cas"}, {"key", "k0"}, {"from", nullptr}, {"to", "a"}});
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "lin-kv");
    EXPECT_EQ(sent[0].body["type"], "cas");
    EXPECT_EQ(sent[0].body["create_if_not_exists"], true) << "expecting the key absent creates it";
    h.reply_to(sent[0], {{"type", "error"}, {"code", 22}, {"in_reply_to", sent[0].body["msg_id"]}});
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "c1");
    EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"error", "cas_mismatch"}}));
    // A missing key reads as absent.
    h.deliver("c1", "kv", {{"op", "get"}, {"key", "k0"}});
    sent = h.take_sent();
    h.reply_to(sent[0], {{"type", "error"}, {"code", 20}});
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"value", nullptr}}));
    // An indefinite error or no answer: the client gets none (its outcome is unknown).
    h.deliver("c1", "kv", {{"op", "put"}, {"key", "k0"}, {"value", "b"}});
    sent = h.take_sent();
    h.reply_to(sent[0], {{"type", "error"}, {"code", 13}});
    h.deliver("c1", "kv", {{"op", "put"}, {"key", "k0"}, {"value", "c"}});
    h.advance(1s);
    EXPECT_TRUE(h.take_sent().size() == 1u) << "only the second call went out";
    EXPECT_EQ(h.snapshot()["unanswered"], 2);
}

// The shipped service scenarios, over the pattern seeds: lin-kv linearizable, seq-kv only
// sequential, lww-kv not linearizable (their checks say so); and the kafka and transaction
// scenarios with their partners.
TEST(ServiceScenarios, EachLessonHoldsForEverySeed) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        for (const char* name : {"testing/maelstrom-service-lin-kv.yaml", "testing/maelstrom-service-seq-kv.yaml",
                                 "testing/maelstrom-service-lww-kv.yaml", "testing/maelstrom-kafka.yaml",
                                 "testing/maelstrom-kafka-memory-only.yaml", "testing/maelstrom-txn.yaml",
                                 "testing/maelstrom-txn-async-replicas.yaml"}) {
            const auto run = test_support::simulate_shipped(name, seed);
            ASSERT_TRUE(run.loaded);
            int ok = 0;
            for (const auto& e : run.events)
                ok += e.kind == netlab::EventKind::OpCompleted && e.type == "ok" ? 1 : 0;
            EXPECT_GT(ok, 150) << name << " seed " << seed;
            for (const auto& check : run.checks)
                EXPECT_EQ(check.verdict, netlab::Verdict::Pass)
                    << name << " seed " << seed << ": " << check.name << ": " << check.detail;
        }
    }
}

}  // namespace
}  // namespace distlab
