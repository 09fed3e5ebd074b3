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

std::unique_ptr<RoleHarness> participant(Json params = Json::object(), std::string self = "stock") {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "saga-participant",
                                                        .params = std::move(params),
                                                        .self = std::move(self),
                                                        .peers = {"orc", "c1", "order", "payment"},
                                                        .peer_roles = {"saga-orchestrator", "saga-client",
                                                                       "saga-participant", "saga-participant"}});
    h->start();
    return h;
}

const Message* answer_to(const std::vector<Message>& sent, core::MessageId id) {
    for (const Message& m : sent)
        if (m.reply_to == id)
            return &m;
    return nullptr;
}

std::vector<Message> of_type(const std::vector<Message>& sent, const std::string& type) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == type)
            out.push_back(m);
    return out;
}

// Delivers `type` {saga} from `from` and returns the role's answer to it.
Json ask(RoleHarness& h, const std::string& type, const std::string& saga, const std::string& from = "orc") {
    const auto id = h.deliver(from, type, {{"saga", saga}});
    const auto sent = h.take_sent();
    const Message* answer = answer_to(sent, id);
    EXPECT_NE(answer, nullptr) << type;
    return answer ? answer->body : Json();
}

std::int64_t sum(const Json& snap) {
    return snap["available"].get<std::int64_t>() + snap["held"].get<std::int64_t>() +
           snap["consumed"].get<std::int64_t>();
}

TEST(SagaParticipant, AStepHoldsUnitsAsAPendingSagaAndARetryIsAnsweredFromTheLog) {
    auto h = participant({{"initial", 10}, {"amount", 3}});
    EXPECT_EQ(h->phase(), "idle");
    const Json first = ask(*h, "step", "c1.1");
    EXPECT_EQ(first["ok"], true);
    EXPECT_EQ(first["applied"]["action"], "step");
    EXPECT_EQ(h->phase(), "pending");
    Json snap = h->snapshot();
    EXPECT_EQ(snap["available"], 7);
    EXPECT_EQ(snap["held"], 3);
    EXPECT_EQ(snap["pending"], 1);
    const Json again = ask(*h, "step", "c1.1");
    EXPECT_EQ(again["applied"]["id"], first["applied"]["id"]);   // the same record: not run twice
    EXPECT_EQ(h->snapshot()["available"], 7);
    EXPECT_EQ(h->counter("answered_from_log"), 1);
    const Json fin = ask(*h, "finish", "c1.1");
    EXPECT_EQ(fin["ok"], true);
    EXPECT_EQ(fin["applied"]["action"], "finish");
    snap = h->snapshot();
    EXPECT_EQ(snap["held"], 0);
    EXPECT_EQ(snap["consumed"], 3);
    EXPECT_EQ(sum(snap), 10);
    EXPECT_EQ(h->phase(), "done");
}

TEST(SagaParticipant, ACompensationGivesTheUnitsBackOnceEvenWhenDeliveredAgain) {
    auto h = participant({{"initial", 10}, {"amount", 3}});
    ask(*h, "step", "c1.1");
    const Json first = ask(*h, "compensate", "c1.1");
    EXPECT_EQ(first["ok"], true);
    EXPECT_EQ(first["applied"]["action"], "compensate");
    EXPECT_EQ(h->phase(), "compensated");
    const Json again = ask(*h, "compensate", "c1.1");
    EXPECT_EQ(again["applied"]["id"], first["applied"]["id"]);
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["available"], 10);
    EXPECT_EQ(sum(snap), 10);
    EXPECT_EQ(h->counter("compensations"), 1);
}

TEST(SagaParticipant, WithoutIdempotenceARetriedCompensationRefundsTwice) {
    auto h = participant({{"initial", 10}, {"amount", 3}, {"idempotent", false}});
    ask(*h, "step", "c1.1");
    const Json first = ask(*h, "compensate", "c1.1");
    const Json again = ask(*h, "compensate", "c1.1");
    EXPECT_NE(again["applied"]["id"], first["applied"]["id"]);   // a second change of state
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["available"], 13);
    EXPECT_EQ(sum(snap), 13);
    EXPECT_EQ(snap["double_compensations"], 1);
    EXPECT_EQ(h->counter("double_compensations"), 1);
}

TEST(SagaParticipant, ACompensationBeforeItsStepIsRecordedAndTheLateStepIsRefused) {
    auto h = participant({{"initial", 10}});
    const Json empty = ask(*h, "compensate", "c1.1");
    EXPECT_EQ(empty["ok"], true);
    EXPECT_FALSE(empty.contains("applied"));   // nothing was undone
    EXPECT_EQ(h->counter("empty_compensations"), 1);
    const Json late = ask(*h, "step", "c1.1");
    EXPECT_EQ(late["ok"], false);
    EXPECT_EQ(late["refused"], true);
    EXPECT_EQ(h->snapshot()["available"], 10);
}

TEST(SagaParticipant, RefusesByTheBusinessRuleAndWhenUnitsRunOut) {
    auto declined = participant({{"fail_rate", 1.0}});
    const Json no = ask(*declined, "step", "c1.1");
    EXPECT_EQ(no["ok"], false);
    EXPECT_EQ(no["refused"], true);
    EXPECT_EQ(no["applied"]["action"], "refuse");
    EXPECT_EQ(declined->phase(), "refused");
    EXPECT_EQ(ask(*declined, "step", "c1.1")["applied"]["id"], no["applied"]["id"]);   // the same answer
    EXPECT_EQ(ask(*declined, "compensate", "c1.1")["ok"], true);                        // nothing to undo
    EXPECT_EQ(declined->snapshot()["available"], 1000);

    auto scarce = participant({{"initial", 4}, {"amount", 3}});
    EXPECT_EQ(ask(*scarce, "step", "c1.1")["ok"], true);
    const Json out = ask(*scarce, "step", "c1.2");
    EXPECT_EQ(out["refused"], true);
    EXPECT_NE(out["error"].get<std::string>().find("insufficient"), std::string::npos);
}

TEST(SagaParticipant, AFinishedStepCannotBeCompensatedAndAnUnknownOneCannotFinish) {
    auto h = participant();
    ask(*h, "step", "c1.1");
    ask(*h, "finish", "c1.1");
    const Json late = ask(*h, "compensate", "c1.1");
    EXPECT_EQ(late["ok"], false);
    EXPECT_NE(late["error"].get<std::string>().find("finished"), std::string::npos);
    EXPECT_EQ(ask(*h, "finish", "c9.9")["ok"], false);
}

TEST(SagaParticipant, ItsStateSurvivesARestart) {
    auto h = participant({{"initial", 10}, {"amount", 2}});
    const Json step = ask(*h, "step", "c1.1");
    ask(*h, "step", "c1.2");
    ask(*h, "compensate", "c1.2");
    h->restart();
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["available"], 8);
    EXPECT_EQ(snap["held"], 2);
    EXPECT_EQ(snap["pending"], 1);
    EXPECT_EQ(h->phase(), "pending");
    EXPECT_EQ(ask(*h, "step", "c1.1")["applied"]["id"], step["applied"]["id"]);
    EXPECT_EQ(h->snapshot()["available"], 8);
}

TEST(SagaParticipant, BadRequestsGetClearErrors) {
    auto h = participant();
    for (const std::string type : {"step", "compensate", "finish", "saga"}) {
        const auto id = h->deliver("orc", type, {{"saga", 7}});
        const auto sent1 = h->take_sent();
        const Message* a = answer_to(sent1, id);
        ASSERT_NE(a, nullptr) << type;
        EXPECT_EQ(a->body["ok"], false);
        EXPECT_NE(a->body["error"].get<std::string>().find("saga"), std::string::npos);
    }
    auto id = h->deliver("order", "saga_event", {{"saga", "c1.1"}, {"event", "explode"}});
    const auto sent2 = h->take_sent();
    const Message* a = answer_to(sent2, id);
    ASSERT_NE(a, nullptr);
    EXPECT_NE(a->body["error"].get<std::string>().find("explode"), std::string::npos);
    id = h->deliver("order", "saga_event", Json::array());
    const auto sent3 = h->take_sent();
    a = answer_to(sent3, id);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->body["ok"], false);
    h->deliver("order", "gossip", Json::object());
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->snapshot()["available"], 1000);
}

TEST(SagaParticipant, ChoreographedFirstServiceSendsItsEventFromTheOutboxUntilAcknowledged) {
    auto h = participant({{"next", "payment"}, {"retry_interval", "200ms"}}, "order");
    const auto id = h->deliver("c1", "saga", {{"saga", "c1.1"}});
    auto sent = h->take_sent();
    const Message* accepted = answer_to(sent, id);
    ASSERT_NE(accepted, nullptr);
    EXPECT_EQ(accepted->body["accepted"], true);
    auto events = of_type(sent, "saga_event");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].to, "payment");
    EXPECT_EQ(events[0].body["event"], "step");
    EXPECT_EQ(events[0].body["applied"][0]["action"], "step");
    // No acknowledgement: the relay sends it again.
    h->advance(250ms);
    events = of_type(h->take_sent(), "saga_event");
    ASSERT_GE(events.size(), 1u);
    EXPECT_EQ(events[0].body, (of_type(sent, "saga_event")[0].body));   // the same event, the same record id
    EXPECT_GE(h->counter("events_resent"), 1);
    h->reply_to(events[0], {{"ok", true}});
    h->advance(1s);
    EXPECT_TRUE(of_type(h->take_sent(), "saga_event").empty());
    EXPECT_EQ(h->snapshot()["outbox"], 0);
}

TEST(SagaParticipant, ChoreographedFailureIsCompensatedAndPassedUpstreamToTheClient) {
    auto h = participant({{"next", "payment"}, {"initial", 5}}, "order");
    h->deliver("c1", "saga", {{"saga", "c1.1"}});
    auto step = of_type(h->take_sent(), "saga_event");
    ASSERT_EQ(step.size(), 1u);
    h->reply_to(step[0], {{"ok", true}});
    const auto id = h->deliver("payment", "saga_event",
                               {{"saga", "c1.1"}, {"event", "failed"}, {"applied", Json::array()}});
    const auto sent = h->take_sent();
    const Message* ack = answer_to(sent, id);
    ASSERT_NE(ack, nullptr);
    EXPECT_EQ(ack->body["ok"], true);
    const auto up = of_type(sent, "saga_event");
    ASSERT_EQ(up.size(), 1u);
    EXPECT_EQ(up[0].to, "c1");
    EXPECT_EQ(up[0].body["event"], "compensated");
    EXPECT_EQ(up[0].body["applied"][0]["action"], "compensate");
    EXPECT_EQ(h->snapshot()["available"], 5);
    // The same failure again (our acknowledgement was lost): nothing changes, nothing new is sent.
    h->deliver("payment", "saga_event", {{"saga", "c1.1"}, {"event", "failed"}});
    EXPECT_TRUE(of_type(h->take_sent(), "saga_event").empty());
    EXPECT_EQ(h->snapshot()["available"], 5);
}

TEST(SagaParticipant, ChoreographedLastServiceFinishesAndSendsDoneBack) {
    auto h = participant({{"initial", 5}}, "payment");
    h->deliver("stock", "saga_event", {{"saga", "c1.1"}, {"event", "step"}});
    const auto done = of_type(h->take_sent(), "saga_event");
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].to, "stock");
    EXPECT_EQ(done[0].body["event"], "done");
    ASSERT_EQ(done[0].body["applied"].size(), 2u);
    EXPECT_EQ(done[0].body["applied"][0]["action"], "step");
    EXPECT_EQ(done[0].body["applied"][1]["action"], "finish");
    EXPECT_EQ(h->snapshot()["consumed"], 1);
    EXPECT_EQ(h->phase(), "done");
}

TEST(SagaParticipant, AnEventForASagaItNeverRanIsAcknowledgedSoItIsNotResentForever) {
    auto h = participant({}, "order");
    for (const std::string event : {"done", "failed", "compensated"}) {
        const auto id = h->deliver("stock", "saga_event", {{"saga", "c7.7"}, {"event", event}});
        const auto sent = h->take_sent();
        const Message* ack = answer_to(sent, id);
        ASSERT_NE(ack, nullptr) << event;
        EXPECT_EQ(ack->body["ok"], true) << event;
        EXPECT_TRUE(of_type(sent, "saga_event").empty()) << event;
    }
    EXPECT_EQ(h->counter("unknown_saga_events"), 1);
    EXPECT_EQ(h->snapshot()["available"], 1000);
}

TEST(SagaParticipant, TheOutboxSurvivesARestart) {
    auto h = participant({{"next", "payment"}}, "order");
    h->deliver("c1", "saga", {{"saga", "c1.1"}});
    h->take_sent();
    h->restart();
    const auto again = of_type(h->take_sent(), "saga_event");
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].body["event"], "step");
    EXPECT_EQ(h->snapshot()["outbox"], 1);
}

}  // namespace
}  // namespace distlab::test_support
