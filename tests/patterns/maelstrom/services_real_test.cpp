// Maelstrom's services on real processes: two nodes written in Python as users write theirs
// (tests/patterns/maelstrom/kv_proxy_node.py) keep nothing themselves and serve kv-clients by
// calling the service by its name. On lin-kv the history is linearizable; on seq-kv the stale
// reads show: linearizable fails, sequential holds.

#include <gtest/gtest.h>

#include <string>

#include "netlab/checks/check.h"
#include "tests/support/real_run.h"

namespace distlab {
namespace {

using netlab::EventKind;

class ServicesReal : public ::testing::Test {
protected:
    std::string scenario(const std::string& service, const std::string& service_params) {
        std::string yaml = R"(version: 1
name: services-real
family: testing
title: { en: "A store on a service", zh: "基于服务的存储" }
summary: { en: "Python nodes on a Maelstrom service.", zh: "基于 Maelstrom 服务的 Python 节点。" }
duration: 4s
seed: 2
nodes:
  - { id: SERVICE, role: SERVICE, params: { SERVICE_PARAMS } }
)";
        for (const char* n : {"n1", "n2"})
            yaml += std::string("  - { id: ") + n + R"(, role: external, params: { command: ["python3", ")" +
                    KV_PROXY_NODE + R"(", "SERVICE", "distlab-services-test"] } }
)";
        for (const char* c : {"1", "2"})
            yaml += std::string("  - { id: c") + c + ", role: kv-client, params: { targets: [n" + c +
                    "], keys: 1, mode: closed, concurrency: 1, read_ratio: 0.6, cas_ratio: 0.1, timeout: 2s, stop_at: 2500ms } }\n";
        yaml += "checks:\n  - no_violations: true\n  - linearizable: kv\n  - sequential: kv\n";
        for (std::size_t at; (at = yaml.find("SERVICE_PARAMS")) != std::string::npos;)
            yaml.replace(at, 14, service_params);
        for (std::size_t at; (at = yaml.find("SERVICE")) != std::string::npos;)
            yaml.replace(at, 7, service);
        return yaml;
    }

    netlab::RunOutcome run(const std::string& yaml) {
        return test_support::run_real_text(yaml, "services.yaml").value_or(netlab::RunOutcome{});
    }

    static const netlab::CheckResult* check(const netlab::RunOutcome& o, const std::string& name) {
        for (const auto& c : o.checks)
            if (c.name == name)
                return &c;
        return nullptr;
    }
    static int ops(const netlab::RunOutcome& o, const std::string& type) {
        int n = 0;
        for (const auto& e : o.events)
            n += e.kind == EventKind::OpCompleted && e.type == type ? 1 : 0;
        return n;
    }
};

TEST_F(ServicesReal, AStoreOnLinKvIsLinearizable) {
    const auto o = run(scenario("lin-kv", ""));
    EXPECT_TRUE(o.passed);
    for (const auto& c : o.checks)
        EXPECT_EQ(c.verdict, netlab::Verdict::Pass) << c.name << ": " << c.detail;
    EXPECT_GT(ops(o, "ok"), 60) << "the python nodes answered through the service";
}

TEST_F(ServicesReal, TheSameStoreOnSeqKvShowsStaleReads) {
    const auto o = run(scenario("seq-kv", "stale_read_ratio: 0.8"));
    EXPECT_FALSE(o.passed);
    const auto* lin = check(o, "linearizable");
    const auto* seq = check(o, "sequential");
    ASSERT_TRUE(lin && seq);
    EXPECT_EQ(lin->verdict, netlab::Verdict::Fail) << "a read returned a value overwritten before it began";
    EXPECT_EQ(seq->verdict, netlab::Verdict::Pass) << seq->detail;
    EXPECT_EQ(check(o, "no_violations")->verdict, netlab::Verdict::Pass);
    EXPECT_GT(ops(o, "ok"), 60);
}

}  // namespace
}  // namespace distlab
