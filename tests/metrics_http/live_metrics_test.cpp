#include "netlab/metrics_http/live_metrics.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

Event ev(EventKind kind, std::string node, std::string type = {}, std::string data = {}, std::int64_t t_ns = 0) {
    Event e;
    e.kind = kind;
    e.node = std::move(node);
    e.type = std::move(type);
    e.data = std::move(data);
    e.t_ns = t_ns;
    return e;
}

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// What a strict reader of format 0.0.4 would refuse: a sample line that does not parse, a family
// typed twice, a sample of an undeclared family, a TYPE before its HELP.
std::vector<std::string> problems(const std::string& text) {
    static const std::regex sample(R"re(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (\S+)$)re");
    std::vector<std::string> out;
    std::set<std::string> typed;
    std::string last_help;
    std::string current;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (line.starts_with("# HELP ")) {
            last_help = line.substr(7, line.find(' ', 7) - 7);
        } else if (line.starts_with("# TYPE ")) {
            const std::string name = line.substr(7, line.find(' ', 7) - 7);
            if (name != last_help)
                out.push_back("TYPE without HELP: " + line);
            if (!typed.insert(name).second)
                out.push_back("typed twice: " + name);
            current = name;
        } else if (std::regex_match(line, m, sample)) {
            const std::string name = m[1];
            if (name != current && name != current + "_bucket" && name != current + "_sum" && name != current + "_count")
                out.push_back("sample outside its family: " + line);
        } else {
            out.push_back("unparsable: " + line);
        }
    }
    return out;
}

TEST(LiveMetrics, EmptyDocumentIsValid) {
    LiveMetrics m;
    const std::string text = m.render();
    EXPECT_TRUE(problems(text).empty());
    EXPECT_TRUE(has_line(text, "distlab_nodes_up 0"));
    EXPECT_TRUE(has_line(text, "distlab_run_active 0"));
}

TEST(LiveMetrics, LabSeriesFollowTheStream) {
    LiveMetrics m;
    const std::vector<Event> batch = {
        ev(EventKind::RunStarted, "", "", R"({"scenario":"demo \"x\"","seed":7,"time_scale":1,"sim":true})"),
        ev(EventKind::NodeStarted, "s1", "", R"({"pid":1,"role":"server","restart":false})"),
        ev(EventKind::NodeStarted, "c1", "", R"({"pid":2,"role":"client","restart":false})"),
        ev(EventKind::MessageSent, "c1", "echo"),
        ev(EventKind::MessageSent, "c1", "echo"),
        ev(EventKind::MessageDelivered, "c1", "echo"),
        ev(EventKind::MessageDropped, "c1", "echo", R"({"reason":"loss"})"),
        ev(EventKind::MessageDuplicated, "s1", "echo_reply"),
        ev(EventKind::OpInvoked, "c1", "call"),
        ev(EventKind::OpInvoked, "c1", "call"),
        ev(EventKind::OpCompleted, "c1", "ok"),
        ev(EventKind::OpCompleted, "c1", "info"),
        ev(EventKind::FaultInjected, "s1", "kill"),
        ev(EventKind::NodeExited, "s1", "", R"({"cause":"fault"})", 2'500'000'000),
        ev(EventKind::Violation, "c1", "", "broken"),
    };
    m.on_events(batch);
    const std::string text = m.render();
    EXPECT_TRUE(problems(text).empty()) << text;
    EXPECT_TRUE(has_line(text, R"(distlab_run_info{scenario="demo \"x\"",seed="7",sim="true"} 1)")) << text;
    EXPECT_TRUE(has_line(text, "distlab_run_active 1"));
    EXPECT_TRUE(has_line(text, "distlab_run_elapsed_seconds 2.5"));
    EXPECT_TRUE(has_line(text, "distlab_events_total 15"));
    EXPECT_TRUE(has_line(text, R"(distlab_node_up{node="s1",role="server"} 0)"));
    EXPECT_TRUE(has_line(text, R"(distlab_node_up{node="c1",role="client"} 1)"));
    EXPECT_TRUE(has_line(text, "distlab_nodes_up 1"));
    EXPECT_TRUE(has_line(text, R"(distlab_messages_sent_total{type="echo"} 2)"));
    EXPECT_TRUE(has_line(text, R"(distlab_messages_delivered_total{type="echo"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_messages_dropped_total{type="echo",reason="loss"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_messages_duplicated_total{type="echo_reply"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_ops_invoked_total{client="c1"} 2)"));
    EXPECT_TRUE(has_line(text, R"(distlab_ops_completed_total{client="c1",status="ok"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_ops_completed_total{client="c1",status="info"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_faults_injected_total{kind="kill"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_violations_total{node="c1"} 1)"));

    m.on_events(std::vector<Event>{ev(EventKind::RunEnded, "", "", R"({"reason":"completed"})")});
    EXPECT_TRUE(has_line(m.render(), "distlab_run_active 0"));
}

TEST(LiveMetrics, RoleMetricsCarryNodeAndRole) {
    LiveMetrics m;
    m.on_events(std::vector<Event>{
        ev(EventKind::NodeStarted, "c1", "", R"({"role":"client"})"),
        ev(EventKind::Metric, "c1", "",
           R"({"counters":{"requests":3},"gauges":{"in_flight":2},"samples":{"latency_ms":[0.7,3,40]}})"),
        ev(EventKind::Metric, "c1", "",
           R"({"counters":{"requests":5},"gauges":{"in_flight":0},"samples":{"latency_ms":[2000]}})"),
    });
    const std::string text = m.render();
    EXPECT_TRUE(problems(text).empty()) << text;
    EXPECT_TRUE(has_line(text, "# TYPE distlab_role_requests_total counter"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_requests_total{node="c1",role="client"} 5)"));
    EXPECT_TRUE(has_line(text, "# TYPE distlab_role_in_flight gauge"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_in_flight{node="c1",role="client"} 0)"));
    EXPECT_TRUE(has_line(text, "# TYPE distlab_role_latency_ms histogram"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_latency_ms_bucket{node="c1",role="client",le="1"} 1)"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_latency_ms_bucket{node="c1",role="client",le="50"} 3)"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_latency_ms_bucket{node="c1",role="client",le="+Inf"} 4)"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_latency_ms_count{node="c1",role="client"} 4)"));
    EXPECT_TRUE(has_line(text, R"(distlab_role_latency_ms_sum{node="c1",role="client"} 2043.7)"));
}

TEST(LiveMetrics, CountersStayMonotonicAcrossRestarts) {
    LiveMetrics m;
    m.on_events(std::vector<Event>{
        ev(EventKind::NodeStarted, "s1", "", R"({"role":"server"})"),
        ev(EventKind::Metric, "s1", "", R"({"counters":{"calls":10}})"),
        ev(EventKind::NodeExited, "s1", "", R"({"cause":"fault"})"),
        ev(EventKind::NodeStarted, "s1", "", R"({"role":"server","restart":true})"),
        ev(EventKind::Metric, "s1", "", R"({"counters":{"calls":4}})"),
    });
    EXPECT_TRUE(has_line(m.render(), R"(distlab_role_calls_total{node="s1",role="server"} 14)"));
}

TEST(LiveMetrics, BadDataAndCollidingNamesKeepTheDocumentValid) {
    LiveMetrics m;
    m.on_events(std::vector<Event>{
        ev(EventKind::Metric, "n1", "", "not json"),
        ev(EventKind::Metric, "n1", "", R"({"counters":[1,2],"gauges":{"x":"text"},"samples":{"y":"no"}})"),
        ev(EventKind::Metric, "n1", "", R"({"gauges":{"depth":1,"de-pth":2},"samples":{"depth":[1]}})"),
        ev(EventKind::MessageDropped, "n1", "m", "{"),
    });
    const std::string text = m.render();
    EXPECT_TRUE(problems(text).empty()) << text;
    EXPECT_TRUE(has_line(text, "# TYPE distlab_role_depth_histogram histogram")) << text;
    EXPECT_TRUE(has_line(text, R"(distlab_messages_dropped_total{type="m",reason=""} 1)"));
}

TEST(LiveMetrics, ANewRunStartsAfresh) {
    LiveMetrics m;
    m.on_events(std::vector<Event>{ev(EventKind::RunStarted, "", "", R"({"scenario":"a"})"),
                                   ev(EventKind::MessageSent, "c1", "echo")});
    m.on_events(std::vector<Event>{ev(EventKind::RunStarted, "", "", R"({"scenario":"b"})")});
    const std::string text = m.render();
    EXPECT_EQ(text.find("distlab_messages_sent_total{"), std::string::npos);
    EXPECT_NE(text.find(R"(scenario="b")"), std::string::npos);
}

// The shipped default scenario in the simulator: the figures match the run's own statistics.
TEST(LiveMetrics, SimulatedRunMatchesRunStats) {
    const std::string file = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/communication/request-response.yaml";
    auto scenario = load_scenario_file(file, core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(scenario.has_value());
    LiveMetrics metrics;
    RunRequest request;
    request.scenario = *scenario;
    request.simulate = true;
    request.extra_sinks.push_back(&metrics);
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    const std::string text = metrics.render();
    EXPECT_TRUE(problems(text).empty());

    // Sum a family's samples from the text.
    auto total = [&](const std::string& family) {
        double sum = 0;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            if (line.starts_with(family + "{") || line.starts_with(family + " "))
                sum += std::stod(line.substr(line.rfind(' ') + 1));
        return sum;
    };
    const core::Json& stats = outcome->summary["stats"];
    EXPECT_EQ(total("distlab_messages_sent_total"), stats["messages"]["sent"].get<double>());
    EXPECT_EQ(total("distlab_messages_delivered_total"), stats["messages"]["delivered"].get<double>());
    EXPECT_EQ(total("distlab_messages_dropped_total"), stats["messages"]["dropped"].get<double>());
    EXPECT_EQ(total("distlab_ops_invoked_total"), stats["ops"]["invoked"].get<double>());
    EXPECT_GT(total("distlab_role_latency_ms_count"), 0);
    EXPECT_TRUE(has_line(text, "distlab_run_active 0"));
}

}  // namespace
}  // namespace distlab::netlab
