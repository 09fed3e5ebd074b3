#include <gtest/gtest.h>

#include <algorithm>

#include "core/host/memory_storage.h"
#include "core/patterns/raft/raft_log.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// n1 is the node under test; n2 and n3 are played by the test. Timeouts are fixed ranges so
// each step is exact.
std::unique_ptr<RoleHarness> node(Json params = Json::object(), std::vector<core::NodeId> peers = {"n2", "n3"}) {
    if (!params.contains("election_timeout"))
        params["election_timeout"] = Json::array({"150ms", "300ms"});
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "raft", .params = std::move(params), .self = "n1", .peers = std::move(peers)});
    h->start();
    return h;
}

std::vector<Message> of_type(const std::vector<Message>& sent, std::string_view type) {
    std::vector<Message> out;
    for (const auto& m : sent)
        if (m.type == type)
            out.push_back(m);
    return out;
}

// The term and vote in effect on n1's disk: the last record of raft/meta.
Json meta(RoleHarness& h) {
    auto stored = h.storage().read("raft/meta");
    if (!stored || !*stored)
        return nullptr;
    const std::string& text = **stored;
    if (!text.ends_with('\n'))
        return nullptr;
    const std::size_t start = text.rfind('\n', text.size() - 2);
    return Json::parse(text.substr(start == std::string::npos ? 0 : start + 1));
}

Json vote_request(std::uint64_t term, std::uint64_t last_index, std::uint64_t last_term, bool pre_vote = false) {
    return {{"term", term}, {"last_index", last_index}, {"last_term", last_term}, {"pre_vote", pre_vote}};
}

Json append(std::uint64_t term, std::uint64_t prev_index, std::uint64_t prev_term, std::uint64_t commit,
            Json entries = Json::array(), std::uint64_t seq = 0) {
    return {{"term", term}, {"prev_index", prev_index}, {"prev_term", prev_term}, {"commit", commit},
            {"seq", seq}, {"sent", 0}, {"entries", std::move(entries)}};
}

Json append_reply(std::uint64_t term, bool success, std::uint64_t match, std::uint64_t hint, std::uint64_t n,
                  std::uint64_t seq = 0) {
    return {{"term", term}, {"success", success}, {"match", match}, {"hint", hint}, {"n", n}, {"seq", seq}, {"sent", 0}};
}

// Makes n1 the leader of term 1 (pre-vote off): it times out, n2 grants its vote.
void elect(RoleHarness& h) {
    h.advance(300ms);
    auto votes = of_type(h.take_sent(), "request_vote");
    ASSERT_FALSE(votes.empty());
    h.reply_to(votes[0], {{"term", votes[0].body["term"]}, {"granted", true}, {"pre_vote", false}});
    h.advance(0ms);                              // the flush: the no-op on the leader's disk
    ASSERT_EQ(h.snapshot()["role"], "leader");
}

TEST(RaftRole, FollowerStartsAnElectionAfterItsTimeoutAndPersistsTermAndVoteFirst) {
    auto h = node({{"pre_vote", false}});
    EXPECT_EQ(h->snapshot()["role"], "follower");
    h->advance(149ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(151ms);
    auto votes = of_type(h->take_sent(), "request_vote");
    ASSERT_EQ(votes.size(), 2u);
    EXPECT_EQ(votes[0].body, vote_request(1, 0, 0));
    EXPECT_EQ(h->snapshot()["role"], "candidate");
    EXPECT_EQ(h->snapshot()["term"], 1);
    EXPECT_EQ(meta(*h), (Json{{"term", 1}, {"voted_for", "n1"}}));
    EXPECT_EQ(h->counter("elections"), 1);
}

TEST(RaftRole, PreVoteAsksWithoutRaisingTheTerm) {
    auto h = node();
    h->advance(300ms);
    auto votes = of_type(h->take_sent(), "request_vote");
    ASSERT_EQ(votes.size(), 2u);
    EXPECT_EQ(votes[0].body, vote_request(1, 0, 0, true));
    EXPECT_EQ(h->snapshot()["role"], "pre-candidate");
    EXPECT_EQ(h->snapshot()["term"], 0);
    EXPECT_EQ(meta(*h), nullptr);
    // Winning the pre-vote starts the real election.
    h->reply_to(votes[0], {{"term", 1}, {"granted", true}, {"pre_vote", true}});
    auto real = of_type(h->take_sent(), "request_vote");
    ASSERT_EQ(real.size(), 2u);
    EXPECT_EQ(real[0].body, vote_request(1, 0, 0, false));
    EXPECT_EQ(h->snapshot()["term"], 1);
}

TEST(RaftRole, GrantingAPreVoteChangesNothing) {
    auto h = node();
    h->deliver("n2", "request_vote", vote_request(4, 0, 0, true));
    auto replies = h->take_sent();
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].body["granted"], true);
    EXPECT_EQ(h->snapshot()["term"], 0);
    EXPECT_EQ(h->snapshot()["voted_for"], nullptr);
}

TEST(RaftRole, VotesOncePerTermAndPersistsTheVoteBeforeReplying) {
    auto h = node();
    h->deliver("n2", "request_vote", vote_request(2, 0, 0));
    auto first = h->take_sent();
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].body, (Json{{"term", 2}, {"granted", true}, {"pre_vote", false}}));
    EXPECT_EQ(meta(*h), (Json{{"term", 2}, {"voted_for", "n2"}}));
    h->deliver("n3", "request_vote", vote_request(2, 0, 0));
    auto second = h->take_sent();
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].body["granted"], false);
    // The same candidate asking again (a duplicate) is granted again.
    h->deliver("n2", "request_vote", vote_request(2, 0, 0));
    EXPECT_EQ(h->take_sent()[0].body["granted"], true);
}

std::size_t records(RoleHarness& h, std::string_view key) {
    auto stored = h.storage().read(key);
    if (!stored || !*stored)
        return 0;
    return static_cast<std::size_t>(std::ranges::count(**stored, '\n'));
}

TEST(RaftRole, AVoteInANewerTermStoresTermAndVoteInOneRecord) {
    auto h = node();
    h->deliver("n2", "request_vote", vote_request(2, 0, 0));
    EXPECT_EQ(records(*h, "raft/meta"), 1u);
    EXPECT_EQ(meta(*h), (Json{{"term", 2}, {"voted_for", "n2"}}));
    // A refused vote in a newer term still stores the term before answering.
    h->deliver("n3", "request_vote", vote_request(3, 0, 0, false));
    EXPECT_EQ(records(*h, "raft/meta"), 2u);
    EXPECT_EQ(meta(*h), (Json{{"term", 3}, {"voted_for", "n3"}}));
    h->deliver("n2", "append_entries", append(4, 0, 0, 0, Json::array({Json::array({4, "put a=1"})})));
    EXPECT_EQ(records(*h, "raft/meta"), 3u);
    h->take_sent();
    h->advance(160ms);                           // past the minimum timeout: check-quorum lets votes in
    h->deliver("n3", "request_vote", vote_request(5, 0, 0));
    auto replies = of_type(h->take_sent(), "request_vote_reply");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].body["granted"], false);  // n3's log is behind
    EXPECT_EQ(records(*h, "raft/meta"), 4u);
    EXPECT_EQ(meta(*h), (Json{{"term", 5}, {"voted_for", nullptr}}));
}

TEST(RaftRole, RefusesAVoteToALessUpToDateLog) {
    auto h = node({{"pre_vote", false}, {"check_quorum", false}});
    h->deliver("n2", "append_entries", append(3, 0, 0, 0, Json::array({Json::array({3, "put a=1"})})));
    h->take_sent();
    h->advance(10ms);
    // Same last term, shorter log: refused. Older last term: refused. Newer term: granted.
    h->deliver("n3", "request_vote", vote_request(4, 0, 0));
    EXPECT_EQ(h->take_sent()[0].body["granted"], false);
    h->deliver("n3", "request_vote", vote_request(5, 5, 2));
    EXPECT_EQ(h->take_sent()[0].body["granted"], false);
    h->deliver("n3", "request_vote", vote_request(6, 1, 3));
    EXPECT_EQ(h->take_sent()[0].body["granted"], true);
}

TEST(RaftRole, UnsafeSkipLogCheckGrantsAStaleLog) {
    auto h = node({{"pre_vote", false}, {"check_quorum", false}, {"unsafe_skip_log_check", true}});
    h->deliver("n2", "append_entries", append(3, 0, 0, 0, Json::array({Json::array({3, "put a=1"})})));
    h->take_sent();
    h->deliver("n3", "request_vote", vote_request(4, 0, 0));
    EXPECT_EQ(h->take_sent()[0].body["granted"], true);
}

TEST(RaftRole, CheckQuorumFollowerIgnoresVotesWhileItHearsALeader) {
    auto h = node();
    h->deliver("n2", "append_entries", append(1, 0, 0, 0));
    h->take_sent();
    h->advance(50ms);
    h->deliver("n3", "request_vote", vote_request(2, 0, 0));
    EXPECT_EQ(h->take_sent()[0].body["granted"], false);
    EXPECT_EQ(h->snapshot()["term"], 1);
    auto off = node({{"check_quorum", false}});
    off->deliver("n2", "append_entries", append(1, 0, 0, 0));
    off->take_sent();
    off->advance(50ms);
    off->deliver("n3", "request_vote", vote_request(2, 0, 0));
    EXPECT_EQ(off->take_sent()[0].body["granted"], true);
}

TEST(RaftRole, UnsafeVoteWithoutPersistVotesTwiceInATermAfterARestart) {
    for (const bool unsafe : {false, true}) {
        auto h = node({{"unsafe_vote_without_persist", unsafe}});
        h->deliver("n2", "request_vote", vote_request(5, 0, 0));
        EXPECT_EQ(h->take_sent()[0].body["granted"], true);
        h->restart();
        h->deliver("n3", "request_vote", vote_request(5, 0, 0));
        EXPECT_EQ(h->take_sent()[0].body["granted"], unsafe) << "unsafe=" << unsafe;
    }
}

TEST(RaftRole, LeaderStepsDownOnAHigherTerm) {
    auto h = node({{"pre_vote", false}});
    elect(*h);
    h->take_sent();
    h->deliver("n3", "append_entries_reply", append_reply(7, false, 0, 0, 0));
    EXPECT_EQ(h->snapshot()["role"], "follower");
    EXPECT_EQ(h->snapshot()["term"], 7);
    EXPECT_EQ(meta(*h), (Json{{"term", 7}, {"voted_for", nullptr}}));
    EXPECT_EQ(h->counter("step_downs"), 1);
}

TEST(RaftRole, AppendEntriesChecksTheLogAndTruncatesOnlyOnConflict) {
    auto h = node();
    const Json three = Json::array({Json::array({1, "put a=1"}), Json::array({1, "put b=2"}), Json::array({1, "put c=3"})});
    h->deliver("n2", "append_entries", append(1, 0, 0, 0, three));
    auto r = h->take_sent();
    EXPECT_EQ(r[0].body, append_reply(1, true, 3, 0, 3));
    // A gap: refused with where to resume.
    h->deliver("n2", "append_entries", append(1, 5, 1, 0));
    EXPECT_EQ(h->take_sent()[0].body, append_reply(1, false, 0, 4, 0));
    // A late, shorter message does not truncate.
    h->deliver("n2", "append_entries", append(1, 0, 0, 0, Json::array({Json::array({1, "put a=1"})})));
    EXPECT_EQ(h->take_sent()[0].body, append_reply(1, true, 1, 0, 1));
    EXPECT_EQ(h->snapshot()["log"]["last_index"], 3);
    // A new leader's conflicting entry at 2 replaces 2 and 3, on disk too.
    h->deliver("n3", "append_entries", append(2, 1, 1, 1, Json::array({Json::array({2, "put x=9"})})));
    EXPECT_EQ(h->take_sent()[0].body, append_reply(2, true, 2, 0, 1));
    EXPECT_EQ(h->snapshot()["log"]["entries"], Json::parse(R"([[1,1,"put a=1"],[2,2,"put x=9"]])"));
    EXPECT_EQ(h->snapshot()["commit"], 1);
    EXPECT_EQ(**h->storage().read("raft/log"), "1 1 7 put a=1\n2 2 7 put x=9\n");
    // A mismatching previous term: refused, the hint skips the whole conflicting term.
    h->deliver("n3", "append_entries", append(2, 2, 5, 1));
    EXPECT_EQ(h->take_sent()[0].body, append_reply(2, false, 0, 2, 0));
    EXPECT_EQ(h->violations(), 0u);
}

TEST(RaftRole, OverwritingAnAppliedEntryIsAViolation) {
    auto h = node();
    h->deliver("n2", "append_entries", append(1, 0, 0, 1, Json::array({Json::array({1, "put a=1"})})));
    h->take_sent();
    EXPECT_EQ(h->snapshot()["applied"], 1);
    h->deliver("n3", "append_entries", append(2, 0, 0, 0, Json::array({Json::array({2, "put a=2"})})));
    EXPECT_GE(h->violations(), 1u);
}

TEST(RaftRole, CommitsOnlyEntriesOfItsOwnTermByCounting) {
    for (const bool unsafe : {false, true}) {
        SCOPED_TRACE(unsafe ? "unsafe_commit_old_term" : "safe");
        auto h = node({{"pre_vote", false}, {"unsafe_commit_old_term", unsafe}});
        // An entry of term 1 from a leader that then vanished, not committed.
        h->deliver("n2", "append_entries", append(1, 0, 0, 0, Json::array({Json::array({1, "put a=1"})})));
        h->take_sent();
        h->advance(300ms);
        auto votes = of_type(h->take_sent(), "request_vote");
        h->reply_to(votes[0], {{"term", 2}, {"granted", true}, {"pre_vote", false}});
        ASSERT_EQ(h->snapshot()["role"], "leader");
        EXPECT_EQ(h->snapshot()["log"]["entries"].back(), Json::parse(R"([2,2,"noop"])"));
        h->advance(0ms);
        auto appends = of_type(h->take_sent(), "append_entries");
        ASSERT_FALSE(appends.empty());
        // n3 now holds entry 1 (term 1) but not yet the no-op: a majority has entry 1.
        h->deliver("n3", "append_entries_reply", append_reply(2, true, 1, 0, 1));
        EXPECT_EQ(h->snapshot()["commit"], unsafe ? 1 : 0);
        // Once the no-op of term 2 is on a majority, both commit (Raft §5.4.2).
        h->deliver("n3", "append_entries_reply", append_reply(2, true, 2, 0, 1));
        EXPECT_EQ(h->snapshot()["commit"], 2);
    }
}

TEST(RaftRole, WithoutTheNoOpALeaderProbesAndItsFirstWriteCommitsOlderEntries) {
    for (const bool unsafe : {false, true}) {
        SCOPED_TRACE(unsafe ? "unsafe_commit_old_term" : "safe");
        auto h = node({{"pre_vote", false}, {"leader_noop", false}, {"unsafe_commit_old_term", unsafe}});
        h->deliver("n2", "append_entries", append(1, 0, 0, 0, Json::array({Json::array({1, "put a=1"})})));
        h->take_sent();
        h->advance(300ms);
        auto votes = of_type(h->take_sent(), "request_vote");
        h->reply_to(votes[0], {{"term", 2}, {"granted", true}, {"pre_vote", false}});
        ASSERT_EQ(h->snapshot()["role"], "leader");
        EXPECT_EQ(h->snapshot()["log"]["last_index"], 1);
        // Raft Figure 2: an empty AppendEntries at nextIndex - 1 to every follower.
        auto probes = of_type(h->take_sent(), "append_entries");
        ASSERT_EQ(probes.size(), 2u);
        for (const auto& m : probes) {
            EXPECT_EQ(m.body["prev_index"], 1);
            EXPECT_EQ(m.body["prev_term"], 1);
            EXPECT_TRUE(m.body["entries"].empty());
        }
        // n3 lacks entry 1: it refuses, and the leader sends it from its hint.
        h->deliver("n3", "append_entries_reply", append_reply(2, false, 0, 1, 0));
        auto resent = of_type(h->take_sent(), "append_entries");
        ASSERT_EQ(resent.size(), 1u);
        EXPECT_EQ(resent[0].to, "n3");
        EXPECT_EQ(resent[0].body["prev_index"], 0);
        EXPECT_EQ(resent[0].body["entries"].size(), 1u);
        // A majority holds entry 1 of term 1; only the teaching bug commits it by counting.
        h->deliver("n3", "append_entries_reply", append_reply(2, true, 1, 0, 1));
        EXPECT_EQ(h->snapshot()["commit"], unsafe ? 1 : 0);
        // The first write of term 2 on a majority commits both (Raft §5.4.2).
        h->deliver("c1", "kv", {{"op", "put"}, {"key", "b"}, {"value", "2"}});
        h->advance(0ms);
        h->take_sent();
        h->deliver("n3", "append_entries_reply", append_reply(2, true, 2, 0, 1));
        EXPECT_EQ(h->snapshot()["commit"], 2);
        EXPECT_EQ(of_type(h->take_sent(), "kv_reply").size(), 1u);
    }
}

TEST(RaftRole, LeaderBatchesAndPipelinesUpToItsWindow) {
    auto h = node({{"pre_vote", false}, {"max_batch", 2}, {"max_inflight", 2}});
    elect(*h);
    h->take_sent();
    for (int i = 0; i < 10; ++i)
        h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", std::to_string(i)}});
    // Nothing leaves before the flush, which sends what the window allows in batches of 2 (the
    // no-op went alone at election and fills one place).
    EXPECT_TRUE(of_type(h->take_sent(), "append_entries").empty());
    h->advance(0ms);
    auto to_n2 = of_type(h->take_sent(), "append_entries");
    std::erase_if(to_n2, [](const Message& m) { return m.to != "n2"; });
    ASSERT_EQ(to_n2.size(), 1u);
    EXPECT_EQ(to_n2[0].body["entries"].size(), 2u);
    EXPECT_EQ(h->snapshot()["peers"]["n2"]["inflight"], 2);
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 1, 0, 1));
    auto next = of_type(h->take_sent(), "append_entries");
    std::erase_if(next, [](const Message& m) { return m.to != "n2"; });
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].body["entries"].size(), 2u);
}

TEST(RaftRole, AnswersClientsOnApplyAndFollowersPointToTheLeader) {
    auto f = node();
    f->deliver("n2", "append_entries", append(1, 0, 0, 0));
    f->take_sent();
    f->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "v"}});
    EXPECT_EQ(f->take_sent()[0].body, (Json{{"ok", false}, {"error", "not_leader"}, {"leader", "n2"}}));

    auto h = node({{"pre_vote", false}});
    elect(*h);
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 1, 0, 1));
    h->take_sent();
    h->deliver("c1", "kv", {{"op", "cas"}, {"key", "k"}, {"from", nullptr}, {"to", "v"}});
    h->advance(0ms);
    EXPECT_TRUE(of_type(h->take_sent(), "kv_reply").empty());
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 2, 0, 1));
    auto replies = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].body, (Json{{"ok", true}}));
    EXPECT_EQ(h->snapshot()["kv_size"], 1);
    // A leader that loses its term before commit does not answer: the outcome is unknown.
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "w"}});
    h->deliver("n2", "append_entries_reply", append_reply(9, false, 0, 0, 0));
    EXPECT_TRUE(of_type(h->take_sent(), "kv_reply").empty());
}

TEST(RaftRole, TheLeaderCountsItselfOnlyForEntriesOnItsDisk) {
    auto h = node({{"pre_vote", false}});
    elect(*h);
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 1, 0, 1));
    h->take_sent();
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "v"}});
    // A follower's acknowledgement of entry 2 before the leader's own sync is not a majority.
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 2, 0, 1));
    EXPECT_TRUE(of_type(h->take_sent(), "kv_reply").empty());
    EXPECT_EQ(h->snapshot()["commit"], 1);
    EXPECT_EQ(records(*h, "raft/log"), 1u);
    // The flush sends the entry and syncs it; n2's acknowledgement and the leader's disk commit it.
    h->advance(0ms);
    EXPECT_EQ(records(*h, "raft/log"), 2u);
    EXPECT_EQ(h->snapshot()["commit"], 2);
    auto replies = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].body, (Json{{"ok", true}}));
}

TEST(RaftRole, AFollowerThatLostItsLeaderHoldsRequestsAndPointsThemToTheNextLeader) {
    auto h = node({{"election_timeout", Json::array({"300ms", "600ms"})}});
    h->deliver("n2", "append_entries", append(1, 0, 0, 0));
    h->take_sent();
    h->advance(100ms);                           // two heartbeats: n2 may still be alive
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "v"}});
    EXPECT_EQ(h->take_sent()[0].body, (Json{{"ok", false}, {"error", "not_leader"}, {"leader", "n2"}}));
    h->advance(1ms);                             // silent longer than that: probably gone
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "w"}});
    h->deliver("c2", "kv", {{"op", "get"}, {"key", "k"}});
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["held_requests"], 2);
    EXPECT_EQ(h->counter("requests_held"), 2);
    // The next leader speaks: both requests are pointed at it, in the order they came.
    h->deliver("n3", "append_entries", append(2, 0, 0, 0));
    auto replies = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].to, "c1");
    EXPECT_EQ(replies[1].to, "c2");
    EXPECT_EQ(replies[1].body, (Json{{"ok", false}, {"error", "not_leader"}, {"leader", "n3"}}));
    EXPECT_EQ(h->snapshot()["held_requests"], 0);
}

TEST(RaftRole, ACandidateThatWinsServesTheRequestsItHeld) {
    auto h = node({{"pre_vote", false}});
    h->advance(300ms);
    auto votes = of_type(h->take_sent(), "request_vote");
    ASSERT_FALSE(votes.empty());
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "v"}});
    EXPECT_TRUE(h->take_sent().empty());
    h->reply_to(votes[0], {{"term", 1}, {"granted", true}, {"pre_vote", false}});
    h->advance(0ms);
    // The no-op and the held write go out in one batch and commit together.
    EXPECT_EQ(h->snapshot()["log"]["entries"], Json::parse(R"([[1,1,"noop"],[2,1,"put k=v"]])"));
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 2, 0, 2));
    auto replies = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].to, "c1");
    EXPECT_EQ(replies[0].body, (Json{{"ok", true}}));
}

TEST(RaftRole, HeldRequestsAreRefusedAfterAnElectionTimeout) {
    auto h = node({{"pre_vote", false}, {"election_timeout", Json::array({"300ms", "300ms"})}});
    h->advance(300ms);                           // a candidate: no leader known
    h->take_sent();
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k"}, {"value", "v"}});
    h->advance(150ms);
    h->deliver("c2", "kv", {{"op", "put"}, {"key", "k"}, {"value", "w"}});
    h->advance(149ms);
    EXPECT_TRUE(of_type(h->take_sent(), "kv_reply").empty());
    h->advance(1ms);
    auto first = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].to, "c1");
    EXPECT_EQ(first[0].body, (Json{{"ok", false}, {"error", "not_leader"}, {"leader", nullptr}}));
    h->advance(150ms);
    auto second = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].to, "c2");
}

TEST(RaftRole, ReadIndexWaitsForAHeartbeatRoundOfAMajority) {
    auto h = node({{"pre_vote", false}});
    elect(*h);
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 1, 0, 1));   // no-op committed
    h->take_sent();
    h->deliver("c1", "kv", {{"op", "get"}, {"key", "k"}});
    auto sent = h->take_sent();
    EXPECT_TRUE(of_type(sent, "kv_reply").empty());
    auto round = of_type(sent, "append_entries");
    ASSERT_EQ(round.size(), 2u);
    const auto seq = round[0].body["seq"].get<std::uint64_t>();
    EXPECT_GE(seq, 1u);
    // An answer to an older round does not confirm this read; this round's does.
    h->deliver("n3", "append_entries_reply", append_reply(1, true, 1, 0, 0, seq - 1));
    EXPECT_TRUE(of_type(h->take_sent(), "kv_reply").empty());
    h->deliver("n3", "append_entries_reply", append_reply(1, true, 1, 0, 0, seq));
    auto replies = of_type(h->take_sent(), "kv_reply");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].body, (Json{{"ok", true}, {"value", nullptr}}));
    EXPECT_EQ(h->counter("reads"), 1);
}

TEST(RaftRole, LeaseReadsAnswerAtOnceWithinTheLease) {
    auto h = node({{"pre_vote", false}, {"read_mode", "lease"}});
    elect(*h);
    auto noop = of_type(h->take_sent(), "append_entries");
    ASSERT_FALSE(noop.empty());
    Json ack = append_reply(1, true, 1, 0, 1);
    ack["sent"] = noop[0].body["sent"];
    h->reply_to(noop[0], ack);
    h->take_sent();
    h->deliver("c1", "kv", {{"op", "get"}, {"key", "k"}});
    EXPECT_EQ(of_type(h->take_sent(), "kv_reply").size(), 1u);
    EXPECT_EQ(h->counter("lease_reads"), 1);
    // Long after the last answer the lease has run out: the read needs a round again.
    h->advance(140ms);
    h->take_sent();
    h->deliver("c1", "kv", {{"op", "get"}, {"key", "k"}});
    EXPECT_TRUE(of_type(h->take_sent(), "kv_reply").empty());
}

TEST(RaftRole, CheckQuorumLeaderStepsDownWithoutAMajority) {
    auto h = node({{"pre_vote", false}});
    elect(*h);
    h->advance(299ms);
    EXPECT_EQ(h->snapshot()["role"], "leader");
    h->advance(2ms);
    EXPECT_EQ(h->snapshot()["role"], "follower");
    auto off = node({{"pre_vote", false}, {"check_quorum", false}});
    elect(*off);
    off->advance(2s);
    EXPECT_EQ(off->snapshot()["role"], "leader");
}

TEST(RaftRole, RestartRecoversTermVoteLogAndSnapshot) {
    auto h = node({{"snapshot_threshold", 2}, {"check_quorum", false}});
    const Json entries = Json::array({Json::array({1, "put a=1"}), Json::array({1, "put b=2"}), Json::array({1, "put c=3"})});
    h->deliver("n2", "append_entries", append(1, 0, 0, 2, entries));
    h->deliver("n3", "request_vote", vote_request(2, 3, 1));
    const Json before = h->snapshot();
    EXPECT_EQ(before["snapshot"]["index"], 2);
    h->restart();
    const Json after = h->snapshot();
    EXPECT_EQ(after["term"], 2);
    EXPECT_EQ(after["voted_for"], "n3");
    EXPECT_EQ(after["log"], before["log"]);
    EXPECT_EQ(after["snapshot"], before["snapshot"]);
    EXPECT_EQ(after["applied_hash"], before["applied_hash"]);
    EXPECT_EQ(after["kv_size"], 2);
    EXPECT_EQ(after["commit"], 2);
}

TEST(RaftRole, CompactionKeepsTheLogFileUntilItHoldsFourSnapshotsOfRecords) {
    auto h = node({{"snapshot_threshold", 2}, {"check_quorum", false}});
    for (std::uint64_t i = 1; i <= 7; ++i)
        h->deliver("n2", "append_entries",
                   append(1, i - 1, i == 1 ? 0 : 1, i, Json::array({Json::array({1, "put k" + std::to_string(i) + "=v"})})));
    // Snapshots at 2, 4 and 6; the covered records stay in the file until there are 8 of them.
    EXPECT_EQ(h->snapshot()["snapshot"]["index"], 6);
    EXPECT_EQ(records(*h, "raft/log"), 7u);
    EXPECT_EQ(records(*h, "raft/snapshot"), 3u);
    const Json before = h->snapshot();
    h->restart();
    const Json after = h->snapshot();
    EXPECT_EQ(after["log"], before["log"]);
    EXPECT_EQ(after["snapshot"], before["snapshot"]);
    EXPECT_EQ(after["applied"], 6);              // entry 7 applies again once the leader's commit comes
    h->deliver("n2", "append_entries", append(1, 7, 1, 8, Json::array({Json::array({1, "put k8=v"})})));
    EXPECT_EQ(h->snapshot()["snapshot"]["index"], 8);
    EXPECT_EQ(records(*h, "raft/log"), 0u);       // 8 records: replaced by the live ones (none)
    EXPECT_EQ(records(*h, "raft/snapshot"), 4u);
    h->restart();
    EXPECT_EQ(h->snapshot()["kv_size"], 8);
    EXPECT_EQ(h->snapshot()["log"]["last_index"], 8);
}

TEST(RaftRole, InstallsASnapshotAndKeepsAMatchingSuffix) {
    auto h = node();
    h->deliver("n2", "append_entries", append(1, 0, 0, 0, Json::array({Json::array({1, "put a=1"})})));
    h->take_sent();
    const Json snapshot = {{"index", 10}, {"term", 1}, {"members", {"n1", "n2", "n3"}},
                           {"state", {{"data", {{"a", "1"}, {"b", "2"}}}, {"hash", "00000000000000ff"}}}};
    h->deliver("n2", "install_snapshot", {{"term", 1}, {"seq", 3}, {"sent", 0}, {"snapshot", snapshot}});
    auto r = h->take_sent();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].body, (Json{{"term", 1}, {"index", 10}, {"seq", 3}, {"sent", 0}}));
    const Json s = h->snapshot();
    EXPECT_EQ(s["commit"], 10);
    EXPECT_EQ(s["applied"], 10);
    EXPECT_EQ(s["kv_size"], 2);
    EXPECT_EQ(s["log"]["first_index"], 11);
    EXPECT_EQ(s["applied_hash"]["hash"], "00000000000000ff");
    // Entries right after the snapshot append normally.
    h->deliver("n2", "append_entries", append(1, 10, 1, 11, Json::array({Json::array({1, "put c=3"})})));
    EXPECT_EQ(h->take_sent()[0].body["success"], true);
    EXPECT_EQ(h->snapshot()["kv_size"], 3);
    EXPECT_EQ(h->counter("snapshots_installed"), 1);
}

TEST(RaftRole, LeaderSendsASnapshotToAFollowerBehindItsLog) {
    auto h = node({{"pre_vote", false}, {"snapshot_threshold", 3}});
    elect(*h);
    for (int i = 0; i < 4; ++i) {
        h->deliver("c1", "kv", {{"op", "put"}, {"key", "k" + std::to_string(i)}, {"value", "v"}});
        h->advance(0ms);
        h->deliver("n2", "append_entries_reply", append_reply(1, true, static_cast<std::uint64_t>(i + 2), 0, 1));
    }
    EXPECT_EQ(h->snapshot()["snapshot"]["index"], 3);
    h->take_sent();
    // n3 has nothing: it refuses, asks for entry 1, which is compacted.
    h->deliver("n3", "append_entries_reply", append_reply(1, false, 0, 1, 1));
    auto snaps = of_type(h->take_sent(), "install_snapshot");
    ASSERT_EQ(snaps.size(), 1u);
    EXPECT_EQ(snaps[0].to, "n3");
    EXPECT_EQ(snaps[0].body["snapshot"]["index"], 3);
    h->reply_to(snaps[0], {{"term", 1}, {"index", 3}, {"seq", 0}, {"sent", 0}});
    EXPECT_EQ(h->snapshot()["peers"]["n3"]["match"], 3);
    EXPECT_EQ(h->counter("snapshots_sent"), 1);
}

TEST(RaftRole, AddsAServerOneChangeAtATime) {
    auto h = node({{"pre_vote", false}, {"members", {"n1", "n2", "n3"}}}, {"n2", "n3", "n4", "n5"});
    auto logged = [&](std::string_view text) {
        return std::ranges::any_of(h->logs(), [&](const std::string& line) { return line.find(text) != std::string::npos; });
    };
    h->deliver("lab", "add_server", {{"id", "n4"}});
    EXPECT_TRUE(logged("cannot add n4: it is not the leader"));
    elect(*h);
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 1, 0, 1));
    h->take_sent();
    h->deliver("lab", "add_server", {{"id", "n4"}});
    h->advance(0ms);
    auto sent = h->take_sent();
    // Thesis §4.1: the configuration is in effect once appended, and n4 gets entries at once.
    EXPECT_EQ(h->snapshot()["members"], (Json{"n1", "n2", "n3", "n4"}));
    EXPECT_EQ(h->snapshot()["log"]["entries"].back(), Json::parse(R"([2,1,"config n1,n2,n3,n4"])"));
    EXPECT_EQ(std::ranges::count_if(sent, [](const Message& m) { return m.to == "n4"; }), 1);
    h->deliver("lab", "remove_server", {{"id", "n2"}});
    EXPECT_TRUE(logged("cannot remove n2: entry 2 is not committed yet"));
    EXPECT_EQ(h->snapshot()["members"], (Json{"n1", "n2", "n3", "n4"}));
    // Committed by n2 and n3 (3 of 4): the next change may start.
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 2, 0, 1));
    h->deliver("n3", "append_entries_reply", append_reply(1, true, 2, 0, 1));
    EXPECT_EQ(h->snapshot()["commit"], 2);
    h->deliver("lab", "remove_server", {{"id", "n1"}});
    EXPECT_EQ(h->snapshot()["members"], (Json{"n2", "n3", "n4"}));
    EXPECT_EQ(h->snapshot()["role"], "leader");
    // The removed leader steps down once its removal is committed (by n2 and n3 of n2..n4).
    h->deliver("n2", "append_entries_reply", append_reply(1, true, 3, 0, 1));
    h->deliver("n3", "append_entries_reply", append_reply(1, true, 3, 0, 1));
    EXPECT_EQ(h->snapshot()["role"], "non-member");
}

TEST(RaftRole, ANodeOutsideTheMembersWaitsUntilAConfigurationListsIt) {
    auto h = node({{"members", {"n2", "n3"}}});
    EXPECT_EQ(h->snapshot()["role"], "non-member");
    h->advance(2s);
    EXPECT_TRUE(h->take_sent().empty());
    h->deliver("n2", "append_entries", append(1, 0, 0, 0, Json::array({Json::array({1, "config n1,n2,n3"})})));
    EXPECT_EQ(h->snapshot()["role"], "follower");
    EXPECT_EQ(h->snapshot()["members"], (Json{"n1", "n2", "n3"}));
}

TEST(RaftRole, MalformedMessagesAreDroppedNotFatal) {
    auto h = node();
    h->deliver("n2", "append_entries", {{"term", "x"}});
    h->deliver("n2", "append_entries", append(1, 0, 0, 0, Json::array({Json::array({1, "frobnicate"})})));
    h->deliver("n2", "request_vote", Json::array());
    h->deliver("c1", "kv", {{"op", "put"}});
    EXPECT_EQ(h->counter("malformed"), 3);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(RaftStorage, ATornTailIsIgnoredAndALowerIndexReplacesTheRest) {
    core::MemoryStorage disk;
    ASSERT_TRUE(disk.write("raft/log", "1 1 7 put a=1\n2 1 7 put b=2\n3 1 7 put c=3\n2 2 4 noop\n4 2 9 put d", true));
    auto loaded = core::raft::RaftStorage(disk, true).load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->log.last_index(), 2u);
    EXPECT_EQ(loaded->log.at(2).text, "noop");
    EXPECT_EQ(loaded->log.at(2).term, 2u);
    EXPECT_EQ(loaded->problems.size(), 1u);
}

TEST(RaftStorage, MetaAndSnapshotRecordsAreAppendedAndTheLastWholeOneCounts) {
    core::MemoryStorage disk;
    // The one-record format without a newline reads back, and the next save replaces it.
    ASSERT_TRUE(disk.write("raft/meta", R"({"term":3,"voted_for":"n2"})", true));
    core::raft::RaftStorage storage(disk, true);
    auto loaded = storage.load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->term, 3u);
    EXPECT_EQ(loaded->voted_for, "n2");
    ASSERT_TRUE(storage.save_meta(4, std::nullopt));
    ASSERT_TRUE(storage.save_meta(4, "n3"));
    EXPECT_EQ(**disk.read("raft/meta"), "{\"term\":4,\"voted_for\":null}\n{\"term\":4,\"voted_for\":\"n3\"}\n");
    // A torn last record is ignored; the one before it counts, and the next save replaces the file.
    ASSERT_TRUE(disk.append("raft/meta", R"({"term":5,"vot)", true));
    loaded = storage.load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->term, 4u);
    EXPECT_EQ(loaded->voted_for, "n3");
    EXPECT_EQ(loaded->problems.size(), 1u);
    ASSERT_TRUE(storage.save_meta(5, std::nullopt));
    EXPECT_EQ(**disk.read("raft/meta"), "{\"term\":5,\"voted_for\":null}\n");
    // A whole record that does not parse is not a torn tail: the state is unusable.
    ASSERT_TRUE(disk.write("raft/meta", "garbage\n{\"term\":1}\n", true));
    EXPECT_FALSE(storage.load());

    // Snapshots: appended until the file holds kSnapshotFileFactor of them, then replaced.
    core::MemoryStorage disk2;
    core::raft::RaftStorage snaps(disk2, true);
    ASSERT_TRUE(snaps.load());
    for (std::uint64_t i = 1; i <= core::raft::RaftStorage::kSnapshotFileFactor + 1; ++i)
        ASSERT_TRUE(snaps.save_snapshot({.index = 10 * i, .term = 1, .members = {"n1"}, .state = Json::object()}));
    EXPECT_EQ(std::ranges::count(**disk2.read("raft/snapshot"), '\n'), 1);
    ASSERT_TRUE(disk2.append("raft/snapshot", R"({"index":99,"te)", true));
    loaded = snaps.load();
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(loaded->snapshot);
    EXPECT_EQ(loaded->snapshot->index, 10 * (core::raft::RaftStorage::kSnapshotFileFactor + 1));
    EXPECT_EQ(loaded->log.snapshot_index(), loaded->snapshot->index);
}

TEST(RaftEntry, CanonicalTextRoundTripsAwkwardKeysAndValues) {
    core::kv::Request r{.op = core::kv::Op::Cas, .key = "a b=c%", .value = "-", .from = std::nullopt};
    const auto entry = core::raft::make_command(3, r);
    EXPECT_EQ(entry.text, "cas a%20b%3Dc%25 - %2D");
    auto parsed = core::raft::parse_entry(3, entry.text);
    ASSERT_TRUE(parsed);
    const auto back = core::raft::command_request(*parsed);
    EXPECT_EQ(back.key, "a b=c%");
    EXPECT_EQ(back.value, "-");
    EXPECT_FALSE(back.from.has_value());
    EXPECT_EQ(core::raft::make_command(1, {.op = core::kv::Op::Put, .key = "k1", .value = "v"}).text, "put k1=v");
    EXPECT_FALSE(core::raft::parse_entry(1, "put %zz=1"));
}

}  // namespace
}  // namespace distlab::test_support
