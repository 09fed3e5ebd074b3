#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/model/result.h"

namespace distlab::netlab {

// A tiny HTTP/1.1 server for Prometheus scrapes, on 127.0.0.1 only, on its own thread
// (Boost.Asio). GET or HEAD /metrics (any query string) answers 200 with `render()`'s text as
// text/plain; version=0.0.4; another path 404, another method on /metrics 405, a request that
// is not HTTP/1.x 400, a request head over the size limit 431. Every response closes the
// connection. A connection that has not been answered within the deadline is closed (slow
// clients cannot hold it), and beyond max_connections new connections are closed at once.
//
// Threading: start() and stop() from one owner thread; render() is called on the server's
// thread and must be thread-safe (LiveMetrics::render is).
class MetricsServer {
public:
    using Render = std::function<std::string()>;

    struct Options {
        std::uint16_t port = 0;                             // 0: an ephemeral port, see port()
        std::size_t max_connections = 64;
        std::size_t max_request_bytes = 8192;               // the request line and headers
        std::chrono::milliseconds deadline{5000};           // per connection, read and write
    };

    // Binds 127.0.0.1:options.port and starts serving; an error if the port cannot be bound.
    static core::Result<std::unique_ptr<MetricsServer>> start(Options options, Render render);

    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;
    ~MetricsServer();

    std::uint16_t port() const;
    // "http://127.0.0.1:PORT/metrics"
    std::string url() const;
    // Closes the listener and every connection and joins the thread. Idempotent.
    void stop();

private:
    struct Impl;
    explicit MetricsServer(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

}  // namespace distlab::netlab
