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

std::unique_ptr<RoleHarness> orchestrator(Json params = Json::object()) {
    if (!params.contains("steps"))
        params["steps"] = Json{"order", "stock", "payment"};
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "saga-orchestrator",
                     .params = std::move(params),
                     .self = "orc",
                     .peers = {"c1", "order", "stock", "payment"},
                     .peer_roles = {"saga-client", "saga-participant", "saga-participant", "saga-participant"}});
    h->start();
    return h;
}

const Message* answer_to(const std::vector<Message>& sent, core::MessageId id) {
    for (const Message& m : sent)
        if (m.reply_to == id)
            return &m;
    return nullptr;
}

// The one call the orchestrator sent since the last take.
Message only(RoleHarness& h) {
    auto sent = h.take_sent();
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? Message{} : sent[0];
}

Json ok(const std::string& saga) { return {{"ok", true}, {"saga", saga}}; }

TEST(SagaOrchestrator, RunsTheStepsInOrderThenFinishesEachAndAnswersTheClient) {
    auto h = orchestrator();
    EXPECT_EQ(h->phase(), "idle");
    const auto id = h->deliver("c1", "saga", {{"saga", "c1.1"}});
    EXPECT_EQ(h->phase(), "running");
    for (const std::string p : {"order", "stock", "payment"}) {
        const Message m = only(*h);
        EXPECT_EQ(m.to, p);
        EXPECT_EQ(m.type, "step");
        h->reply_to(m, ok("c1.1"));
    }
    for (const std::string p : {"order", "stock", "payment"}) {
        const Message m = only(*h);
        EXPECT_EQ(m.to, p);
        EXPECT_EQ(m.type, "finish");
        h->reply_to(m, ok("c1.1"));
    }
    const auto final_sent = h->take_sent();
    const Message* answer = answer_to(final_sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], true);
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_EQ(h->counter("sagas_completed"), 1);
}

TEST(SagaOrchestrator, ARefusedThirdStepCompensatesTheSecondThenTheFirst) {
    auto h = orchestrator();
    const auto id = h->deliver("c1", "saga", {{"saga", "c1.1"}});
    h->reply_to(only(*h), ok("c1.1"));
    h->reply_to(only(*h), ok("c1.1"));
    const Message pay = only(*h);
    h->reply_to(pay, {{"ok", false}, {"saga", "c1.1"}, {"refused", true}, {"error", "declined"}});
    EXPECT_EQ(h->phase(), "compensating");
    Message m = only(*h);
    EXPECT_EQ(m.type, "compensate");
    EXPECT_EQ(m.to, "stock");
    h->reply_to(m, ok("c1.1"));
    m = only(*h);
    EXPECT_EQ(m.type, "compensate");
    EXPECT_EQ(m.to, "order");
    h->reply_to(m, ok("c1.1"));
    const auto final_sent = h->take_sent();
    const Message* answer = answer_to(final_sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], false);
    EXPECT_NE(answer->body["error"].get<std::string>().find("step 3 (payment) refused: declined"), std::string::npos);
    EXPECT_EQ(h->counter("sagas_compensated"), 1);
}

TEST(SagaOrchestrator, RetriesAnUnansweredCallWithExponentialBackoff) {
    auto h = orchestrator({{"call_timeout", "300ms"}, {"retry_initial", "100ms"}, {"retry_backoff", 2.0}});
    h->deliver("c1", "saga", {{"saga", "c1.1"}});
    only(*h);
    h->advance(300ms);                       // the first attempt times out
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(100ms);                       // first retry after 100 ms
    EXPECT_EQ(only(*h).type, "step");
    h->advance(300ms + 199ms);               // times out; the second retry waits 200 ms
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    const Message m = only(*h);
    EXPECT_EQ(m.to, "order");
    EXPECT_EQ(h->counter("retries"), 2);
    // A failure that is not a business refusal is retried too, not compensated.
    h->reply_to(m, {{"ok", false}, {"error", "cannot write its log"}});
    EXPECT_EQ(h->phase(), "running");
}

TEST(SagaOrchestrator, ResumesEverySagaFromItsLogAfterARestart) {
    auto h = orchestrator();
    h->deliver("c1", "saga", {{"saga", "c1.1"}});
    h->reply_to(only(*h), ok("c1.1"));    // order done
    only(*h);                               // stock asked, no answer yet
    h->deliver("c1", "saga", {{"saga", "c1.2"}});
    h->reply_to(only(*h), ok("c1.2"));
    h->reply_to(only(*h), ok("c1.2"));
    h->reply_to(only(*h), {{"ok", false}, {"refused", true}, {"error", "declined"}});
    only(*h);                               // compensating stock for c1.2, no answer yet
    h->restart();
    EXPECT_EQ(h->phase(), "recovering");
    EXPECT_EQ(h->counter("resumed"), 2);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    for (const Message& m : sent) {
        EXPECT_EQ(m.to, "stock");
        EXPECT_EQ(m.type, m.body["saga"] == "c1.1" ? "step" : "compensate");
    }
}

TEST(SagaOrchestrator, InMemoryItForgetsItsSagasInARestart) {
    auto h = orchestrator({{"durable", false}});
    h->deliver("c1", "saga", {{"saga", "c1.1"}});
    h->reply_to(only(*h), ok("c1.1"));
    only(*h);
    EXPECT_FALSE(h->storage().read("saga_state").value().has_value());
    h->restart();
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(SagaOrchestrator, BadRequestsGetClearErrors) {
    auto h = orchestrator();
    auto id = h->deliver("c1", "saga", {{"id", "c1.1"}});
    const auto sent1 = h->take_sent();
    const Message* a = answer_to(sent1, id);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->body["ok"], false);
    EXPECT_NE(a->body["error"].get<std::string>().find("saga"), std::string::npos);
    h->deliver("c1", "step", {{"saga", "c1.1"}});
    EXPECT_EQ(h->counter("unexpected_messages"), 1);

    auto none = orchestrator({{"steps", Json::array()}});
    id = none->deliver("c1", "saga", {{"saga", "c1.1"}});
    const auto sent2 = none->take_sent();
    a = answer_to(sent2, id);
    ASSERT_NE(a, nullptr);
    EXPECT_NE(a->body["error"].get<std::string>().find("no steps"), std::string::npos);

    auto small = orchestrator({{"max_in_flight", 1}});
    small->deliver("c1", "saga", {{"saga", "c1.1"}});
    small->take_sent();
    id = small->deliver("c1", "saga", {{"saga", "c1.2"}});
    const auto sent3 = small->take_sent();
    a = answer_to(sent3, id);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->body["error"], "busy");
}

}  // namespace
}  // namespace distlab::test_support
