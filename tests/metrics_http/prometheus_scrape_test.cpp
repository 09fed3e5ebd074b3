// Debian's real Prometheus server scrapes a live MetricsServer on loopback and its query API
// returns our series. Skipped with a message when the `prometheus` package is not installed
// (packaging/install-deps.sh installs it).

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "core/model/json.h"
#include "http_client.h"
#include "netlab/metrics_http/live_metrics.h"
#include "netlab/metrics_http/metrics_server.h"

namespace distlab::netlab {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::optional<fs::path> find_in_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}

// A loopback port nobody listens on right now (Prometheus cannot report an ephemeral one).
std::uint16_t free_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address_v4("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

class PrometheusScrape : public ::testing::Test {
protected:
    void SetUp() override {
        binary_ = find_in_path("prometheus");
        if (!binary_)
            GTEST_SKIP() << "prometheus is not installed: apt-get install prometheus (packaging/install-deps.sh "
                            "installs it); skipping the real-Prometheus scrape test";
        char tmpl[] = "/tmp/distlab-prom-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;

        metrics_.on_events(std::vector<Event>{
            make(EventKind::RunStarted, "", "", R"({"scenario":"prom-test","seed":3,"sim":false})"),
            make(EventKind::NodeStarted, "s1", "", R"({"role":"server"})"),
            make(EventKind::NodeStarted, "c1", "", R"({"role":"client"})"),
            make(EventKind::MessageSent, "c1", "echo", ""),
            make(EventKind::Metric, "c1", "", R"({"counters":{"calls":9},"samples":{"latency_ms":[1.5,3,7,12]}})"),
        });
        auto server = MetricsServer::start({}, [this] { return metrics_.render(); });
        ASSERT_TRUE(server.has_value()) << server.error().message;
        server_ = std::move(*server);
    }

    void TearDown() override {
        stop_prometheus();
        server_.reset();
        if (!dir_.empty()) {
            std::error_code ec;
            fs::remove_all(dir_, ec);
        }
    }

    static Event make(EventKind kind, std::string node, std::string type, std::string data) {
        Event e;
        e.kind = kind;
        e.node = std::move(node);
        e.type = std::move(type);
        e.data = std::move(data);
        return e;
    }

    // Starts Prometheus on `web_port` with argv (no shell); the child gets SIGKILL if this
    // process dies before TearDown runs.
    void spawn_prometheus(std::uint16_t web_port) {
        const fs::path config = dir_ / "prometheus.yml";
        std::ofstream(config) << "global:\n"
                                 "  scrape_interval: 1s\n"
                                 "  evaluation_interval: 1s\n"
                                 "scrape_configs:\n"
                                 "  - job_name: distlab\n"
                                 "    scrape_interval: 1s\n"
                                 "    scrape_timeout: 1s\n"
                                 "    static_configs:\n"
                                 "      - targets: ['127.0.0.1:"
                              << server_->port() << "']\n";
        std::vector<std::string> args = {
            binary_->string(),
            "--config.file=" + config.string(),
            "--storage.tsdb.path=" + (dir_ / "tsdb").string(),
            "--web.listen-address=127.0.0.1:" + std::to_string(web_port),
            "--log.level=info",
        };
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const std::string log = (dir_ / "prometheus.log").string();
        const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        ASSERT_GE(log_fd, 0);
        const pid_t parent = ::getpid();
        const pid_t pid = ::fork();
        if (pid == 0) {
            // Only async-signal-safe calls between fork and exec.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)
                ::_exit(127);
            ::dup2(log_fd, STDOUT_FILENO);
            ::dup2(log_fd, STDERR_FILENO);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(log_fd);
        ASSERT_GT(pid, 0) << "fork failed";
        pid_ = pid;
    }

    bool prometheus_running() {
        if (pid_ <= 0)
            return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        return true;
    }

    void stop_prometheus() {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGTERM);
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        int status = 0;
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (Clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));   // pacing the reap poll
        }
        pid_ = -1;
    }

    std::string log_tail() const {
        std::ifstream in(dir_ / "prometheus.log");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
    }

    // The result vector of an instant query, or nullopt if Prometheus did not answer.
    std::optional<core::Json> query(const std::string& promql) {
        auto r = test::http_get(web_port_, "/api/v1/query?query=" + url_encode(promql), std::chrono::seconds(3));
        if (!r || r->status() != 200)
            return std::nullopt;
        const core::Json body = core::Json::parse(r->body(), nullptr, false);
        if (body.is_discarded() || body.value("status", "") != "success")
            return std::nullopt;
        return body["data"]["result"];
    }

    // Polls `promql` until its result is non-empty or the deadline passes.
    std::optional<core::Json> await_series(const std::string& promql, Clock::time_point deadline) {
        while (Clock::now() < deadline && prometheus_running()) {
            if (auto result = query(promql); result && result->is_array() && !result->empty())
                return result;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));   // pacing the poll
        }
        return std::nullopt;
    }

    std::optional<fs::path> binary_;
    fs::path dir_;
    LiveMetrics metrics_;
    std::unique_ptr<MetricsServer> server_;
    pid_t pid_ = -1;
    std::uint16_t web_port_ = 0;
};

TEST_F(PrometheusScrape, SeriesArrive) {
    // Prometheus is up once /-/ready answers 200; a port taken in between makes it exit, and
    // then another port is tried.
    bool ready = false;
    for (int attempt = 0; attempt < 3 && !ready; ++attempt) {
        web_port_ = free_port();
        spawn_prometheus(web_port_);
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (!ready && Clock::now() < deadline && prometheus_running()) {
            auto r = test::http_get(web_port_, "/-/ready", std::chrono::seconds(2));
            ready = r && r->status() == 200;
            if (!ready)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));   // pacing the poll
        }
        if (!ready)
            stop_prometheus();
    }
    ASSERT_TRUE(ready) << "prometheus did not become ready; its log:\n" << log_tail();

    const auto deadline = Clock::now() + std::chrono::seconds(30);
    auto nodes = await_series("distlab_nodes_up", deadline);
    ASSERT_TRUE(nodes.has_value()) << "no distlab series arrived; prometheus log:\n" << log_tail();
    EXPECT_EQ((*nodes)[0]["value"][1], "2");
    EXPECT_EQ((*nodes)[0]["metric"]["job"], "distlab");

    auto calls = await_series(R"(distlab_role_calls_total{node="c1",role="client"})", deadline);
    ASSERT_TRUE(calls.has_value());
    EXPECT_EQ((*calls)[0]["value"][1], "9");

    // The histogram is read as one: its buckets feed histogram_quantile (the median of
    // 1.5, 3, 7, 12 lies in the (2.5, 5] bucket).
    auto median = await_series("histogram_quantile(0.5, distlab_role_latency_ms_bucket)", deadline);
    ASSERT_TRUE(median.has_value());
    const double p50 = std::stod((*median)[0]["value"][1].get<std::string>());
    EXPECT_GT(p50, 2.5);
    EXPECT_LE(p50, 5.0);

    // The scrape itself is healthy (no parse errors): up == 1.
    auto up = await_series(R"(up{job="distlab"})", deadline);
    ASSERT_TRUE(up.has_value());
    EXPECT_EQ((*up)[0]["value"][1], "1");
}

}  // namespace
}  // namespace distlab::netlab
