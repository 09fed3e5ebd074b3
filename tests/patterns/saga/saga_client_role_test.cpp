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

std::unique_ptr<RoleHarness> client(const std::string& target) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "saga-client",
        .params = {{"target", target}, {"rate", 1}, {"arrival", "fixed"}, {"saga_timeout", "2s"}},
        .self = "c1",
        .peers = {"orc", "order"},
        .peer_roles = {"saga-orchestrator", "saga-participant"}});
    h->start();
    return h;
}

Message first_saga(RoleHarness& h) {
    h.advance(1s);
    for (const Message& m : h.take_sent())
        if (m.type == "saga")
            return m;
    ADD_FAILURE() << "no saga request";
    return {};
}

TEST(SagaClient, RecordsTheOrchestratorsAnswerAsTheOperation) {
    auto h = client("orc");
    const Message m = first_saga(*h);
    EXPECT_EQ(m.body["saga"], "c1.1");
    h->reply_to(m, {{"ok", false}, {"error", "compensated: step 3 (payment) refused: declined"}});
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "fail");
    EXPECT_EQ(h->ops()[1].value["outcome"], "compensated");
}

TEST(SagaClient, WaitsForTheChoreographysOutcomeEventAndAcknowledgesEveryCopy) {
    auto h = client("order");
    const Message m = first_saga(*h);
    h->reply_to(m, {{"ok", true}, {"saga", "c1.1"}, {"accepted", true}});
    EXPECT_EQ(h->open_ops(), 1u);
    for (int copy = 0; copy < 2; ++copy) {
        const auto id = h->deliver("order", "saga_event", {{"saga", "c1.1"}, {"event", "done"}});
        bool acked = false;
        for (const Message& s : h->take_sent())
            acked = acked || (s.reply_to == id && s.body["ok"] == true);
        EXPECT_TRUE(acked) << copy;
    }
    EXPECT_EQ(h->open_ops(), 0u);
    EXPECT_EQ(h->ops().back().phase, "ok");
    EXPECT_EQ(h->counter("successes"), 1);
}

TEST(SagaClient, AnAcceptedSagaWithoutOutcomeEndsUnknownAtItsTimeout) {
    auto h = client("order");
    const Message m = first_saga(*h);
    h->reply_to(m, {{"ok", true}, {"accepted", true}});
    h->advance(2s);
    bool info = false;
    for (const OpRecord& op : h->ops())
        info = info || (op.phase == "info" && op.value["saga"] == "c1.1");
    EXPECT_TRUE(info);
    const auto id = h->deliver("order", "saga_event", {{"event", "done"}});
    bool refused = false;
    for (const Message& s : h->take_sent())
        refused = refused || (s.reply_to == id && s.body["ok"] == false);
    EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace distlab::test_support
