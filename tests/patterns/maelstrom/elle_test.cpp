// The Elle-style transaction checker on hand-written histories, one per anomaly it names, in both
// of Maelstrom's transactional models; a serializable history passes; and the cycle it reports
// is the one that is there, step by step.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "netlab/patterns/maelstrom/elle.h"

namespace distlab {
namespace {

using core::Json;
using netlab::maelstrom::check_txns;
using netlab::maelstrom::MicroOp;
using netlab::maelstrom::Txn;
using netlab::maelstrom::TxnJudgement;
using netlab::maelstrom::TxnModel;

// A transaction named `name` from its micro-ops written as Maelstrom writes them.
Txn txn(std::string name, const Json& micro, std::string status = "ok") {
    Txn t{std::move(name), std::move(status), {}, 0};
    for (const Json& m : micro)
        t.ops.push_back(MicroOp{m[0], m[1], m[2]});
    return t;
}

std::vector<std::string> names(const TxnJudgement& j) {
    std::vector<std::string> out;
    for (const auto& a : j.anomalies)
        out.push_back(a.name);
    return out;
}

const netlab::maelstrom::TxnAnomaly* find(const TxnJudgement& j, const std::string& name) {
    for (const auto& a : j.anomalies)
        if (a.name == name)
            return &a;
    return nullptr;
}

// ---- rw-register ----

TEST(ElleRwRegister, ASerialHistoryPasses) {
    const auto j = check_txns(TxnModel::RwRegister,
                              {txn("T1", R"([["w", "x", 1]])"_json), txn("T2", R"([["r", "x", 1], ["w", "x", 2]])"_json),
                               txn("T3", R"([["r", "x", 2], ["r", "y", null]])"_json)});
    EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.anomalies[0].text);
    EXPECT_EQ(j.committed, 3u);
    EXPECT_GE(j.edges, 2u);
}

TEST(ElleRwRegister, G0IsACycleOfOverwrites) {
    // Each overwrote the other's value of a different key.
    const auto j = check_txns(TxnModel::RwRegister, {txn("T1", R"([["w", "x", 1], ["r", "y", 2], ["w", "y", 1]])"_json),
                                                     txn("T2", R"([["r", "x", 1], ["w", "x", 2], ["w", "y", 2]])"_json)});
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.anomalies[0].name, "G0");
    ASSERT_EQ(j.anomalies[0].cycle.size(), 2u);
    EXPECT_EQ(j.anomalies[0].cycle[0].kind, netlab::maelstrom::DepKind::WW);
    EXPECT_EQ(j.anomalies[0].cycle[1].kind, netlab::maelstrom::DepKind::WW);
    EXPECT_NE(j.anomalies[0].text.find("G0: T"), std::string::npos) << j.anomalies[0].text;
}

TEST(ElleRwRegister, G1aIsAReadOfAFailedWrite) {
    const auto j = check_txns(TxnModel::RwRegister,
                              {txn("T1", R"([["w", "x", 1]])"_json, "fail"), txn("T2", R"([["r", "x", 1]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G1a"});
    EXPECT_EQ(j.anomalies[0].text, "G1a (aborted read): T2 read 1 of key x, written by T1, which failed");
}

TEST(ElleRwRegister, G1bIsAReadOfAnIntermediateWrite) {
    const auto j = check_txns(TxnModel::RwRegister,
                              {txn("T1", R"([["w", "x", 1], ["w", "x", 2]])"_json), txn("T2", R"([["r", "x", 1]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G1b"});
    EXPECT_NE(j.anomalies[0].text.find("which T1 overwrote later in the same transaction"), std::string::npos);
}

TEST(ElleRwRegister, G1cIsACycleOfWritesAndReads) {
    const auto j = check_txns(TxnModel::RwRegister, {txn("T1", R"([["w", "x", 1], ["r", "y", 1]])"_json),
                                                     txn("T2", R"([["w", "y", 1], ["r", "x", 1]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G1c"});
    EXPECT_EQ(j.anomalies[0].text,
              "G1c: T1 -wr (x: T2 read 1)-> T2 -wr (y: T1 read 1)-> T1");
}

TEST(ElleRwRegister, GSingleIsReadSkew) {
    // T1 sees T2's y but the x from before T2.
    const auto j = check_txns(TxnModel::RwRegister,
                              {txn("T0", R"([["w", "x", 0], ["w", "y", 0]])"_json),
                               txn("T2", R"([["r", "x", 0], ["w", "x", 1], ["w", "y", 1]])"_json),
                               txn("T1", R"([["r", "x", 0], ["r", "y", 1]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G-single"});
    const auto& cycle = j.anomalies[0].cycle;
    ASSERT_EQ(cycle.size(), 2u);
    EXPECT_EQ(cycle[0].kind, netlab::maelstrom::DepKind::RW);
    EXPECT_EQ(cycle[1].kind, netlab::maelstrom::DepKind::WR);
    EXPECT_EQ(j.anomalies[0].text, "G-single: T1 -rw (x: T1 read 0, older than 1)-> T2 -wr (y: T1 read 1)-> T1");
}

TEST(ElleRwRegister, G2IsWriteSkew) {
    // Each read both keys empty and wrote one of them.
    const auto j = check_txns(TxnModel::RwRegister,
                              {txn("T1", R"([["r", "x", null], ["r", "y", null], ["w", "y", 1]])"_json),
                               txn("T2", R"([["r", "x", null], ["r", "y", null], ["w", "x", 1]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G2"});
    ASSERT_EQ(j.anomalies[0].cycle.size(), 2u);
    for (const auto& step : j.anomalies[0].cycle)
        EXPECT_EQ(step.kind, netlab::maelstrom::DepKind::RW);
}

TEST(ElleRwRegister, AnUnknownTransactionsWriteMayBeRead) {
    const auto j = check_txns(TxnModel::RwRegister,
                              {txn("T1", R"([["w", "x", 1]])"_json, "info"), txn("T2", R"([["r", "x", 1]])"_json)});
    EXPECT_TRUE(j.ok());
    EXPECT_EQ(j.committed, 1u);
}

// ---- list-append ----

TEST(ElleListAppend, ASerialHistoryPasses) {
    const auto j = check_txns(TxnModel::ListAppend,
                              {txn("T1", R"([["append", "x", 1]])"_json),
                               txn("T2", R"([["r", "x", [1]], ["append", "x", 2]])"_json),
                               txn("T3", R"([["r", "x", [1, 2]], ["r", "y", null]])"_json)});
    EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.anomalies[0].text);
}

TEST(ElleListAppend, G0IsACycleOfAppends) {
    const auto j = check_txns(TxnModel::ListAppend, {txn("T1", R"([["append", "x", 1], ["append", "y", 2]])"_json),
                                                     txn("T2", R"([["append", "x", 2], ["append", "y", 1]])"_json),
                                                     txn("T3", R"([["r", "x", [1, 2]], ["r", "y", [1, 2]]])"_json)});
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.anomalies[0].name, "G0");
    EXPECT_NE(j.anomalies[0].text.find("appended 1 then 2"), std::string::npos) << j.anomalies[0].text;
}

TEST(ElleListAppend, G1aAndG1b) {
    auto j = check_txns(TxnModel::ListAppend,
                        {txn("T1", R"([["append", "x", 1]])"_json, "fail"), txn("T2", R"([["r", "x", [1]]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G1a"});
    j = check_txns(TxnModel::ListAppend, {txn("T1", R"([["append", "x", 1], ["append", "x", 2]])"_json),
                                          txn("T2", R"([["r", "x", [1]]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G1b"});
}

TEST(ElleListAppend, G1cGSingleAndG2) {
    auto j = check_txns(TxnModel::ListAppend, {txn("T1", R"([["append", "x", 1], ["r", "y", [1]]])"_json),
                                               txn("T2", R"([["append", "y", 1], ["r", "x", [1]]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G1c"});
    // Read skew: T2 sees y after T1 but x before it.
    j = check_txns(TxnModel::ListAppend, {txn("T1", R"([["append", "x", 1], ["append", "y", 1]])"_json),
                                          txn("T2", R"([["r", "x", []], ["r", "y", [1]]])"_json),
                                          txn("T3", R"([["r", "x", [1]]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G-single"});
    EXPECT_NE(j.anomalies[0].text.find("read nothing, before 1 was appended"), std::string::npos) << j.anomalies[0].text;
    // Write skew.
    j = check_txns(TxnModel::ListAppend, {txn("T1", R"([["r", "x", []], ["append", "y", 1]])"_json),
                                          txn("T2", R"([["r", "y", []], ["append", "x", 1]])"_json),
                                          txn("T3", R"([["r", "x", [1]], ["r", "y", [1]]])"_json)});
    EXPECT_EQ(names(j), std::vector<std::string>{"G2"});
}

TEST(ElleListAppend, ReadsThatAreNotPrefixesOfOneAnotherHaveNoOrder) {
    const auto j = check_txns(TxnModel::ListAppend,
                              {txn("T1", R"([["append", "x", 1]])"_json), txn("T2", R"([["append", "x", 2]])"_json),
                               txn("T3", R"([["r", "x", [1, 2]]])"_json), txn("T4", R"([["r", "x", [2, 1]]])"_json)});
    ASSERT_NE(find(j, "incompatible-order"), nullptr);
    EXPECT_NE(find(j, "incompatible-order")->text.find("neither list is a prefix of the other"), std::string::npos);
}

TEST(Elle, ABigSerialHistoryIsJudgedQuickly) {
    // 3000 transactions in one serial order over 10 keys: no anomaly, many dependencies.
    std::vector<Txn> txns;
    std::map<int, Json> lists;
    for (int i = 0; i < 3000; ++i) {
        const int k = i % 10, k2 = (i * 7) % 10;
        Json micro = Json::array();
        micro.push_back(Json::array({"r", k2, lists.count(k2) ? lists[k2] : Json()}));
        micro.push_back(Json::array({"append", k, i}));
        if (!lists[k].is_array())
            lists[k] = Json::array();
        lists[k].push_back(i);
        txns.push_back(txn("T" + std::to_string(i), micro));
    }
    const auto j = check_txns(TxnModel::ListAppend, txns);
    EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.anomalies[0].text);
    EXPECT_TRUE(j.complete);
    EXPECT_GT(j.edges, 3000u);
}

}  // namespace
}  // namespace distlab
