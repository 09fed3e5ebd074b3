// `distlab-cli run FILE --metrics-port N` on the real binary: the URL line on stderr, a live
// scrape while real node processes run, and the flag's errors.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "netlab/metrics_http/metrics_server.h"

extern char** environ;

namespace distlab {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kScenario = R"(version: 1
name: metrics-cli
family: communication
title: { en: "Metrics over HTTP", zh: "通过 HTTP 的指标" }
summary: { en: "A client calls a server.", zh: "客户端调用服务器。" }
duration: 6s
seed: 3
network: { preset: lan }
nodes:
  - id: s1
    role: server
    params: { service_time: 5ms }
  - id: c1
    role: client
    params: { target: s1, rate: 20, timeout: 500ms, stop_at: 5s }
checks:
  - no_violations: true
)";

class MetricsCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "distlab-metrics-cli-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        std::ofstream(dir_ / "s.yaml") << kScenario;
    }
    void TearDown() override {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    void spawn(const std::vector<std::string>& args) {
        const std::string cli = (fs::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();
        std::vector<std::string> storage{cli};
        storage.insert(storage.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& s : storage)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir_ / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir_ / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int rc = posix_spawn(&pid_, cli.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ASSERT_EQ(rc, 0);
    }

    // The exit code, waiting at most `limit`; -1 if the process is still running then.
    int wait_exit(std::chrono::seconds limit) {
        const auto deadline = Clock::now() + limit;
        int status = 0;
        while (Clock::now() < deadline) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));   // pacing the reap poll
        }
        return -1;
    }

    std::string err() const {
        std::ostringstream s;
        s << std::ifstream(dir_ / "err").rdbuf();
        return s.str();
    }

    fs::path dir_;
    pid_t pid_ = -1;
};

TEST_F(MetricsCli, ServesALiveRealProcessRun) {
    spawn({"run", (dir_ / "s.yaml").string(), "--metrics-port", "0"});
    static const std::regex url_line(R"(metrics: http://127\.0\.0\.1:(\d+)/metrics)");
    std::smatch m;
    std::string text;
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline && !std::regex_search(text = err(), m, url_line))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));   // pacing the poll
    ASSERT_FALSE(m.empty()) << "no metrics line on stderr: " << text;
    const auto port = static_cast<std::uint16_t>(std::stoi(m[1]));

    // While the run goes on, both nodes are up and the client's latency histogram fills.
    bool seen = false;
    std::string body;
    while (!seen && Clock::now() < deadline + std::chrono::seconds(10)) {
        auto r = test::http_get(port, "/metrics");
        if (r && r->status() == 200) {
            body = r->body();
            seen = body.find("\ndistlab_nodes_up 2\n") != std::string::npos &&
                   body.find("\ndistlab_run_active 1\n") != std::string::npos &&
                   std::regex_search(body, std::regex(R"(\ndistlab_role_latency_ms_count\{node="c1",role="client"\} [1-9])"));
        }
        if (!seen)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));   // pacing the poll
    }
    EXPECT_TRUE(seen) << body;
    EXPECT_EQ(wait_exit(std::chrono::seconds(60)), 0) << err();
    // The server is gone with the process.
    EXPECT_FALSE(test::http_get(port, "/metrics", std::chrono::milliseconds(1000)).has_value());
}

TEST_F(MetricsCli, BadPortValuesAreUsageErrors) {
    for (const char* value : {"70000", "-1", "abc", ""}) {
        spawn({"run", (dir_ / "s.yaml").string(), "--sim", "--metrics-port", value});
        EXPECT_EQ(wait_exit(std::chrono::seconds(30)), 2) << value;
        EXPECT_NE(err().find("--metrics-port"), std::string::npos) << err();
    }
}

TEST_F(MetricsCli, APortInUseIsALabFailure) {
    auto taken = netlab::MetricsServer::start({}, [] { return std::string(); });
    ASSERT_TRUE(taken.has_value());
    spawn({"run", (dir_ / "s.yaml").string(), "--sim", "--metrics-port", std::to_string((*taken)->port())});
    EXPECT_EQ(wait_exit(std::chrono::seconds(30)), 3);
    EXPECT_NE(err().find("cannot listen on 127.0.0.1:" + std::to_string((*taken)->port())), std::string::npos) << err();
}

}  // namespace
}  // namespace distlab
