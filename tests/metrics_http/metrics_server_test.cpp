#include "netlab/metrics_http/metrics_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"

namespace distlab::netlab {
namespace {

using test::http_get;
using test::raw_exchange;

class MetricsServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        MetricsServer::Options options;
        options.deadline = std::chrono::milliseconds(1500);
        options.max_connections = 8;
        auto started = MetricsServer::start(options, [this] {
            ++renders_;
            return std::string("# HELP x X.\n# TYPE x gauge\nx 1\n");
        });
        ASSERT_TRUE(started.has_value()) << started.error().message;
        server_ = std::move(*started);
        ASSERT_NE(server_->port(), 0);
    }

    std::unique_ptr<MetricsServer> server_;
    std::atomic<int> renders_{0};
};

TEST_F(MetricsServerTest, ServesMetricsAsTextFormat004) {
    auto r = http_get(server_->port(), "/metrics");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status(), 200);
    EXPECT_TRUE(r->has_header("Content-Type: text/plain; version=0.0.4; charset=utf-8")) << r->text;
    EXPECT_EQ(r->body(), "# HELP x X.\n# TYPE x gauge\nx 1\n");
    EXPECT_TRUE(r->has_header("Content-Length: " + std::to_string(r->body().size())));
    EXPECT_EQ(server_->url(), "http://127.0.0.1:" + std::to_string(server_->port()) + "/metrics");
}

TEST_F(MetricsServerTest, QueryStringAndHeadAreAccepted) {
    auto q = http_get(server_->port(), "/metrics?name[]=x");
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(q->status(), 200);
    auto head = raw_exchange(server_->port(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->status(), 200);
    EXPECT_TRUE(head->body().empty());
}

TEST_F(MetricsServerTest, OtherPathsAre404) {
    for (const char* target : {"/", "/metrics/", "/metricsx", "/favicon.ico"}) {
        auto r = http_get(server_->port(), target);
        ASSERT_TRUE(r.has_value()) << target;
        EXPECT_EQ(r->status(), 404) << target;
    }
    EXPECT_EQ(renders_.load(), 0);
}

TEST_F(MetricsServerTest, OtherMethodsAre405) {
    auto r = raw_exchange(server_->port(), "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status(), 405);
    EXPECT_TRUE(r->has_header("Allow: GET, HEAD"));
}

TEST_F(MetricsServerTest, BadRequestsAre400) {
    for (const char* request : {"GARBAGE\r\n\r\n", "GET /metrics\r\n\r\n", "GET /metrics HTTP/2.0\r\n\r\n",
                                "GET  /metrics HTTP/1.1\r\n\r\n", "G\"T /metrics HTTP/1.1\r\n\r\n",
                                "GET metrics HTTP/1.1\r\n\r\n", "\r\n\r\n"}) {
        auto r = raw_exchange(server_->port(), request);
        ASSERT_TRUE(r.has_value()) << request;
        EXPECT_EQ(r->status(), 400) << request;
    }
    // Binary junk ending in an empty line.
    const char junk[] = "\x00\xff\x01 \x02 \x03\n\n";
    auto r = raw_exchange(server_->port(), std::string(junk, sizeof junk - 1));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status(), 400);
}

TEST_F(MetricsServerTest, OversizedHeadIs431) {
    const std::string request = "GET /metrics HTTP/1.1\r\nX-Long: " + std::string(20000, 'a') + "\r\n\r\n";
    auto r = raw_exchange(server_->port(), request);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status(), 431);
}

// A client that connects and never finishes its request is cut off at the deadline, and while it
// waits other scrapes are served.
TEST_F(MetricsServerTest, SlowClientDoesNotBlockOthersAndIsCutOff) {
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket slow(io);
    slow.connect({asio::ip::make_address_v4("127.0.0.1"), server_->port()});
    asio::write(slow, asio::buffer(std::string("GET /metr")));

    auto r = http_get(server_->port(), "/metrics");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status(), 200);

    // The server closes the slow connection: reading sees end of file (bounded by SO_RCVTIMEO
    // in case it did not).
    const timeval limit{10, 0};
    ASSERT_EQ(setsockopt(slow.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit), 0);
    char c;
    boost::system::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = slow.read_some(asio::buffer(&c, 1), ec);
    EXPECT_EQ(n, 0u);
    EXPECT_EQ(ec, asio::error::eof) << ec.message();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(9));
}

TEST_F(MetricsServerTest, ConcurrentScrapes) {
    constexpr int kThreads = 8;
    constexpr int kEach = 25;
    std::vector<std::future<int>> results;
    for (int t = 0; t < kThreads; ++t) {
        results.push_back(std::async(std::launch::async, [port = server_->port()] {
            int ok = 0;
            for (int i = 0; i < kEach; ++i) {
                auto r = http_get(port, "/metrics");
                ok += r && r->status() == 200 && r->body() == "# HELP x X.\n# TYPE x gauge\nx 1\n";
            }
            return ok;
        }));
    }
    int ok = 0;
    for (auto& f : results)
        ok += f.get();
    EXPECT_EQ(ok, kThreads * kEach);
    EXPECT_EQ(renders_.load(), kThreads * kEach);
}

// Beyond max_connections idle connections, a new one is closed at once; once they go away the
// server answers again.
TEST(MetricsServer, ConnectionLimitSheds) {
    namespace asio = boost::asio;
    MetricsServer::Options options;
    options.max_connections = 8;
    options.deadline = std::chrono::minutes(2);   // the idle connections outlive the test's steps
    auto started = MetricsServer::start(options, [] { return std::string("x 1\n"); });
    ASSERT_TRUE(started.has_value());
    const auto& server = *started;
    asio::io_context io;
    std::vector<std::unique_ptr<asio::ip::tcp::socket>> idle;
    for (int i = 0; i < 8; ++i) {
        idle.push_back(std::make_unique<asio::ip::tcp::socket>(io));
        idle.back()->connect({asio::ip::make_address_v4("127.0.0.1"), server->port()});
    }
    // The server accepts in order, so once this one is answered or shed all 8 are counted.
    const auto shed = http_get(server->port(), "/metrics");
    ASSERT_TRUE(shed.has_value());
    EXPECT_EQ(shed->text, "");
    idle.clear();
    // The closed idle connections are noticed asynchronously: poll with a deadline.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::optional<test::RawResponse> r;
    do {
        r = http_get(server->port(), "/metrics");
    } while (!(r && r->status() == 200) && std::chrono::steady_clock::now() < deadline);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status(), 200);
}

TEST(MetricsServer, PortInUseIsAnError) {
    auto first = MetricsServer::start({}, [] { return std::string(); });
    ASSERT_TRUE(first.has_value());
    MetricsServer::Options options;
    options.port = (*first)->port();
    auto second = MetricsServer::start(options, [] { return std::string(); });
    ASSERT_FALSE(second.has_value());
    EXPECT_NE(second.error().message.find(std::to_string(options.port)), std::string::npos);
}

TEST(MetricsServer, StopIsIdempotentAndClosesThePort) {
    auto server = MetricsServer::start({}, [] { return std::string("x 1\n"); });
    ASSERT_TRUE(server.has_value());
    const auto port = (*server)->port();
    (*server)->stop();
    (*server)->stop();
    EXPECT_FALSE(http_get(port, "/metrics", std::chrono::milliseconds(1000)).has_value());
}

}  // namespace
}  // namespace distlab::netlab
