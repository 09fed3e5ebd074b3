// The external role on a fake program port (tests/support/role_harness.h): init and init_ok,
// messages both ways, replies paired with their requests, and every misbehaviour of a program
// giving its clear, recorded error without breaking the node.

#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "core/model/role.h"
#include "core/patterns/maelstrom/external_role.h"
#include "tests/support/role_harness.h"

namespace distlab {
namespace {

using core::Json;
using core::ProgramEvent;
using test_support::HarnessSetup;
using test_support::RoleHarness;
using namespace std::chrono_literals;

// A program that records what the role asks of it.
class FakeProgram final : public core::ProgramPort {
public:
    core::Result<int> start(const core::ProgramSpec& spec) override {
        started = spec;
        if (!start_error.empty())
            return core::fail(start_error);
        return 4242;
    }
    bool write_line(std::string_view line) override {
        if (stdin_full)
            return false;
        lines.push_back(Json::parse(line));
        return true;
    }
    void kill() override { killed = true; }

    core::ProgramSpec started;
    std::string start_error;
    bool stdin_full = false;
    bool killed = false;
    std::vector<Json> lines;   // what the program read on stdin
};

class ExternalRole : public ::testing::Test {
protected:
    std::unique_ptr<RoleHarness> make(Json params = Json::object(), core::ProgramPort* port = nullptr) {
        if (!params.contains("command"))
            params["command"] = Json::array({"./my-node", "--fast"});
        return std::make_unique<RoleHarness>(HarnessSetup{.role = "external",
                                                          .params = params,
                                                          .self = "n2",
                                                          .peers = {"n1", "n10", "c1"},
                                                          .peer_roles = {"external", "external", "echo-client"},
                                                          .program = port ? port : &program_});
    }
    static ProgramEvent out(std::string line) { return {ProgramEvent::Kind::Stdout, std::move(line)}; }
    static std::string line(const Json& msg) { return msg.dump(); }
    // Answers the init the role sent.
    void ready(RoleHarness& h) {
        ASSERT_FALSE(program_.lines.empty());
        h.program_event(out(line({{"src", "n2"}, {"dest", "lab"}, {"body", {{"type", "init_ok"}, {"in_reply_to", 1}}}})));
        ASSERT_EQ(h.phase(), "ready");
    }
    static bool logged(const RoleHarness& h, std::string_view text) {
        for (const std::string& l : h.logs())
            if (l.find(text) != std::string::npos)
                return true;
        return false;
    }

    FakeProgram program_;
};

TEST_F(ExternalRole, StartsTheCommandAndSendsInitWithEveryExternalNode) {
    auto h = make({{"command", Json::array({"python3", "node.py"})}, {"dir", "/tmp"}, {"env", Json::array({"A=1"})}});
    h->start();
    EXPECT_EQ(program_.started.argv, (std::vector<std::string>{"python3", "node.py"}));
    EXPECT_EQ(program_.started.dir, "/tmp");
    EXPECT_EQ(program_.started.env, (std::vector<std::string>{"A=1"}));
    ASSERT_EQ(program_.lines.size(), 1u);
    const Json& init = program_.lines[0];
    EXPECT_EQ(init["src"], "lab");
    EXPECT_EQ(init["dest"], "n2");
    EXPECT_EQ(init["body"]["type"], "init");
    EXPECT_EQ(init["body"]["node_id"], "n2");
    EXPECT_EQ(init["body"]["node_ids"], Json::array({"n1", "n2", "n10"}));   // not the client
    EXPECT_EQ(h->phase(), "starting");
}

TEST_F(ExternalRole, HoldsMessagesUntilInitOkThenPassesBothWays) {
    auto h = make();
    h->start();
    h->deliver("c1", "echo", {{"type", "echo"}, {"echo", "hi"}, {"msg_id", 7}});
    EXPECT_EQ(program_.lines.size(), 1u);   // only init so far
    ready(*h);
    ASSERT_EQ(program_.lines.size(), 2u);
    EXPECT_EQ(program_.lines[1], (Json{{"src", "c1"}, {"dest", "n2"}, {"body", {{"type", "echo"}, {"echo", "hi"}, {"msg_id", 7}}}}));

    // The answer goes back as the fabric's reply to the request; a message of its own as a send.
    h->program_event(out(line({{"src", "n2"}, {"dest", "c1"}, {"body", {{"type", "echo_ok"}, {"echo", "hi"}, {"in_reply_to", 7}}}})));
    h->program_event(out(line({{"src", "n2"}, {"dest", "n10"}, {"body", {{"type", "gossip"}, {"msg_id", 1}}}})));
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].to, "c1");
    EXPECT_EQ(sent[0].type, "echo_ok");
    EXPECT_NE(sent[0].reply_to, 0u);
    EXPECT_EQ(sent[0].body["echo"], "hi");
    EXPECT_EQ(sent[1].to, "n10");
    EXPECT_EQ(sent[1].reply_to, 0u);
    EXPECT_EQ(h->violations(), 0u);
    EXPECT_EQ(h->snapshot()["messages_out"], 2);
}

TEST_F(ExternalRole, ALineThatIsNotJsonIsAViolationQuotingItAndTheNodeGoesOn) {
    auto h = make();
    h->start();
    ready(*h);
    h->program_event(out("hello, I am not JSON"));
    EXPECT_EQ(h->violations(), 1u);
    EXPECT_TRUE(logged(*h, "./my-node wrote a line that is not a JSON object on stdout: \"hello, I am not JSON\""));
    // After a few, the same problem is counted only.
    for (int i = 0; i < 10; ++i)
        h->program_event(out("[1, 2]"));
    EXPECT_EQ(h->violations(), core::maelstrom::ExternalRole::kReportedPerKind);
    EXPECT_EQ(h->snapshot()["problems"]["not_json"], 11);
    EXPECT_EQ(h->counter("not_json"), 11);
    // Still a node.
    h->program_event(out(line({{"src", "n2"}, {"dest", "n1"}, {"body", {{"type", "gossip"}}}})));
    EXPECT_EQ(h->take_sent().size(), 1u);
}

TEST_F(ExternalRole, MalformedMessagesAndUnknownDestinationsAreDroppedWithTheirReason) {
    auto h = make();
    h->start();
    ready(*h);
    h->program_event(out(line({{"src", "n2"}, {"dest", "n99"}, {"body", {{"type", "gossip"}}}})));
    EXPECT_TRUE(logged(*h, "sent a gossip message to n99, which is not a node of this lab: dropped"));
    h->program_event(out(line({{"src", "n2"}, {"body", {{"type", "gossip"}}}})));
    EXPECT_TRUE(logged(*h, "without a string dest"));
    h->program_event(out(line({{"src", "n2"}, {"dest", "n1"}, {"body", {{"no_type", 1}}}})));
    h->program_event(out(line({{"src", "n1"}, {"dest", "n1"}, {"body", {{"type", "gossip"}}}})));
    EXPECT_TRUE(logged(*h, "wrote a message from \"n1\", but it is node n2: dropped"));
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->violations(), 4u);
}

TEST_F(ExternalRole, NoInitOkWithinTheDeadlineFailsTheNodeClearly) {
    auto h = make({{"init_timeout", "2s"}});
    h->start();
    h->advance(1900ms);
    EXPECT_EQ(h->violations(), 0u);
    h->advance(200ms);
    EXPECT_EQ(h->phase(), "failed");
    EXPECT_TRUE(logged(*h, "./my-node did not answer init with init_ok within 2s"));
    // Messages are dropped and counted meanwhile; a late init_ok still brings it up.
    h->deliver("c1", "echo", {{"type", "echo"}, {"msg_id", 1}});
    EXPECT_EQ(h->snapshot()["dropped_in"], 1);
    ready(*h);
}

TEST_F(ExternalRole, AProgramThatCannotStartGivesThePathAndTheReason) {
    program_.start_error = "cannot start /nope/node (in /tmp): No such file or directory";
    auto h = make();
    h->start();
    EXPECT_EQ(h->phase(), "failed");
    EXPECT_TRUE(logged(*h, "cannot start /nope/node (in /tmp): No such file or directory"));
    // Messages for it are counted as dropped, nothing crashes.
    h->deliver("c1", "echo", {{"type", "echo"}, {"msg_id", 1}});
    EXPECT_EQ(h->snapshot()["dropped_in"], 1);
}

TEST_F(ExternalRole, WithoutAProgramHostItSaysToRunOnRealProcesses) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "external", .params = {{"command", Json::array({"./n"})}}});
    h->start();
    EXPECT_EQ(h->phase(), "failed");
    EXPECT_TRUE(logged(*h, "external nodes need real processes; run without --sim"));
}

TEST_F(ExternalRole, AProgramThatExitsIsRecordedWithItsCodeOrSignal) {
    auto h = make();
    h->start();
    ready(*h);
    h->program_event({ProgramEvent::Kind::Exited, "", 4242, 3, 0});
    EXPECT_EQ(h->phase(), "exited");
    EXPECT_TRUE(logged(*h, "./my-node (pid 4242) exited with code 3 while the run went on"));
    auto killed = make();
    killed->start();
    killed->program_event({ProgramEvent::Kind::Exited, "", 4242, -1, SIGSEGV});
    EXPECT_TRUE(logged(*killed, "killed by SIGSEGV"));
}

TEST_F(ExternalRole, AFloodIsBoundedAndCounted) {
    auto h = make({{"max_lines_per_s", 3}, {"max_log_lines_per_s", 2}});
    h->start();
    ready(*h);   // the init_ok is the window's first line
    for (int i = 0; i < 5; ++i)
        h->program_event(out(line({{"src", "n2"}, {"dest", "n1"}, {"body", {{"type", "gossip"}}}})));
    EXPECT_EQ(h->take_sent().size(), 2u);
    EXPECT_EQ(h->snapshot()["dropped_out"], 3);
    for (int i = 0; i < 4; ++i)
        h->program_event({ProgramEvent::Kind::Stderr, "log line " + std::to_string(i)});
    EXPECT_TRUE(logged(*h, "log line 1"));
    EXPECT_FALSE(logged(*h, "log line 2"));
    EXPECT_EQ(h->snapshot()["log_dropped"], 2);
    // The next second lets lines through again.
    h->advance(1s);
    h->program_event(out(line({{"src", "n2"}, {"dest", "n1"}, {"body", {{"type", "gossip"}}}})));
    EXPECT_EQ(h->take_sent().size(), 1u);
    // An oversized line, as the host reports it, and a full stdin.
    h->program_event({ProgramEvent::Kind::Oversized, "a line on stdout longer than 1048576 bytes was dropped"});
    EXPECT_TRUE(logged(*h, "longer than 1048576 bytes"));
    program_.stdin_full = true;
    h->deliver("c1", "echo", {{"type", "echo"}, {"msg_id", 2}});
    EXPECT_EQ(h->snapshot()["dropped_in"], 1);
    EXPECT_TRUE(logged(*h, "does not read its stdin fast enough"));
}

}  // namespace
}  // namespace distlab
