#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/checks/check.h"
#include "netlab/report/report_data.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab::test {

constexpr std::int64_t kMs = 1'000'000;

// A hand-built 6-second run of three Raft servers and a client whose figures are known:
//   - n1 leads term 1 from 0.2 s; a kill of n1 from 2.0 s to 4.0 s; n2 leads term 2 at 2.75 s
//     (failover 0.75 s);
//   - ops: ok 10 ms (1.0 s), ok 40 ms (1.5 s), fail (2.5 s), pending (3.0 s), ok 20 ms (4.5 s),
//     info (5.0 s): availability before 2/2, during 0/2, after 1/2; p50 20, p90 40 ms;
//   - messages: append_entries sent 2, delivered 1, dropped 1; request_vote sent 1, delivered 2,
//     duplicated 1;
//   - two narrative steps (0 s, 2 s), one passing and one failing check.
struct KnownRun {
    Scenario scenario;
    std::vector<Event> events;
    std::vector<CheckResult> checks;

    KnownRun() {
        scenario.name = "known-run";
        scenario.family = "consensus";
        scenario.title = {"Known run: a leader dies", "已知运行：领导者宕机"};
        scenario.summary = {"Three servers & a client <test>.", "三个服务器和一个客户端。"};
        for (const char* id : {"n1", "n2", "n3"}) {
            NodeSpec n;
            n.id = id;
            n.role = "raft";
            scenario.nodes.push_back(n);
        }
        NodeSpec c;
        c.id = "c1";
        c.role = "kv-client";
        scenario.nodes.push_back(c);
        scenario.full_mesh = true;

        add(0, EventKind::RunStarted, "", "", 0, "", R"({"scenario":"known-run","seed":9})");
        add(0, EventKind::Step, "", "", 0, "", R"({"en":"Start","zh":"开始","pause":false})");
        for (const char* n : {"n1", "n2", "n3"})
            add(0, EventKind::NodeStarted, n, "", 0, "", R"({"role":"raft"})");
        add(100 * kMs, EventKind::State, "n1", "", 0, "", R"({"role":"follower","term":0})");
        add(200 * kMs, EventKind::State, "n1", "", 0, "", R"({"role":"leader","term":1})");
        add(300 * kMs, EventKind::MessageSent, "n1", "n2", 1, "append_entries", "{}");
        add(300 * kMs, EventKind::MessageSent, "n1", "n3", 2, "append_entries", "{}");
        add(300 * kMs, EventKind::MessageSent, "n2", "n1", 1, "request_vote", "{}");
        add(301 * kMs, EventKind::MessageDuplicated, "n2", "n1", 1, "request_vote", "");
        add(305 * kMs, EventKind::MessageDropped, "n1", "n3", 2, "append_entries", R"({"reason":"loss"})");
        add(310 * kMs, EventKind::MessageDelivered, "n1", "n2", 1, "append_entries", "");
        add(311 * kMs, EventKind::MessageDelivered, "n2", "n1", 1, "request_vote", "");
        add(312 * kMs, EventKind::MessageDelivered, "n2", "n1", 1, "request_vote", "");
        op(1000, 1010, 1, "ok");
        op(1500, 1540, 2, "ok");
        add(2000 * kMs, EventKind::FaultInjected, "n1", "", 0, "kill", R"({"kind":"kill","id":7,"targets":["n1"]})");
        add(2000 * kMs, EventKind::NodeExited, "n1", "", 0, "", R"({"cause":"fault"})");
        add(2000 * kMs, EventKind::Step, "", "", 0, "", R"({"en":"The leader dies","zh":"领导者宕机","pause":true})");
        op(2500, 2800, 3, "fail");
        add(2600 * kMs, EventKind::State, "n2", "", 0, "", R"({"role":"candidate","term":2})");
        add(2750 * kMs, EventKind::State, "n2", "", 0, "", R"({"role":"leader","term":2})");
        add(3000 * kMs, EventKind::OpInvoked, "c1", "", 4, "write", R"({"key":"k"})");
        add(4000 * kMs, EventKind::FaultHealed, "n1", "", 0, "kill", R"({"kind":"kill","id":7,"targets":["n1"]})");
        add(4000 * kMs, EventKind::NodeStarted, "n1", "", 0, "", R"({"restart":true})");
        add(4100 * kMs, EventKind::Log, "n1", "", 0, "warn", "behind the leader");
        op(4500, 4520, 5, "ok");
        op(5000, 5100, 6, "info");
        add(6000 * kMs, EventKind::RunEnded, "", "", 0, "", R"({"reason":"duration"})");
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });

        checks.push_back({"single_leader_per_term", Verdict::Pass, "2 terms, one leader each", std::nullopt});
        checks.push_back({"availability", Verdict::Fail, "0.50 < 0.95 after 1s", std::make_pair(2000 * kMs, 4000 * kMs)});
        checks.back().nodes = {"c1", "n<1>"};
    }

    ReportData data() const {
        return build_report_data({scenario, events, checks, 9, "distlab-cli run known.yaml --seed 9", "", {}});
    }

private:
    void add(std::int64_t t, EventKind kind, std::string node, std::string peer, std::uint64_t id, std::string type,
             std::string data) {
        events.push_back({t, kind, std::move(node), std::move(peer), id, std::move(type), std::move(data), ""});
    }
    void op(std::int64_t invoke_ms, std::int64_t complete_ms, std::uint64_t id, const char* status) {
        add(invoke_ms * kMs, EventKind::OpInvoked, "c1", "", id, "write", R"({"key":"k"})");
        add(complete_ms * kMs, EventKind::OpCompleted, "c1", "", id, status, "");
    }
};

}  // namespace distlab::netlab::test
