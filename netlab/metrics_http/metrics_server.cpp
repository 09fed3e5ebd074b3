#include "netlab/metrics_http/metrics_server.h"

#include <boost/asio/buffers_iterator.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <exception>
#include <set>
#include <string_view>
#include <thread>
#include <utility>

#include "netlab/lab/cloexec_socket.h"
#include "netlab/metrics_http/exposition.h"

namespace distlab::netlab {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

using HeadIterator = asio::buffers_iterator<asio::streambuf::const_buffers_type>;

// The end of a request head: an empty line (CRLF CRLF, or bare LF LF from lenient clients).
std::pair<HeadIterator, bool> end_of_head(HeadIterator begin, HeadIterator end) {
    for (HeadIterator i = begin; i != end; ++i) {
        if (*i != '\n')
            continue;
        HeadIterator j = i + 1;
        if (j != end && *j == '\r')
            ++j;
        if (j != end && *j == '\n')
            return {j + 1, true};
    }
    return {begin, false};
}

bool token(std::string_view s) {
    if (s.empty())
        return false;
    for (const char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

struct Response {
    int status = 200;
    std::string_view reason = "OK";
    std::string_view content_type = "text/plain; charset=utf-8";
    std::string body;
    bool head_only = false;
    std::string_view extra_header;
};

std::string serialize(const Response& r) {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + std::string(r.reason) + "\r\n";
    out += "Content-Type: " + std::string(r.content_type) + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    out += r.extra_header;
    out += "Connection: close\r\n\r\n";
    if (!r.head_only)
        out += r.body;
    return out;
}

Response error_response(int status, std::string_view reason) {
    Response r;
    r.status = status;
    r.reason = reason;
    r.body = std::string(reason) + "\n";
    return r;
}

}  // namespace

struct MetricsServer::Impl {
    struct Connection;

    Impl(Options o, Render r) : options(o), render(std::move(r)) {}

    void accept();
    void shut_down();
    Response answer(std::string_view head) const;

    Options options;
    Render render;
    asio::io_context io;
    tcp::acceptor acceptor{io};
    asio::steady_timer accept_retry{io};
    std::uint16_t port = 0;
    std::set<Connection*> live;   // server thread only
    std::thread thread;
};

// One accepted connection: read the head, answer, close. Owned by the handlers that hold it.
struct MetricsServer::Impl::Connection : std::enable_shared_from_this<Connection> {
    Connection(Impl& s, tcp::socket sock)
        : server(s), socket(std::move(sock)), timer(s.io), buffer(s.options.max_request_bytes) {
        server.live.insert(this);
    }
    ~Connection() { server.live.erase(this); }

    void start() {
        timer.expires_after(server.options.deadline);
        timer.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec)
                self->close();
        });
        asio::async_read_until(socket, buffer, &end_of_head,
                               [self = shared_from_this()](const error_code& ec, std::size_t n) { self->on_head(ec, n); });
    }

    void on_head(const error_code& ec, std::size_t n) {
        if (ec == asio::error::not_found) {
            respond(error_response(431, "Request Header Fields Too Large"));
            return;
        }
        if (ec) {
            close();
            return;
        }
        const auto data = buffer.data();
        const std::string head(asio::buffers_begin(data), asio::buffers_begin(data) + static_cast<std::ptrdiff_t>(n));
        respond(server.answer(head));
    }

    void respond(const Response& r) {
        response = serialize(r);
        asio::async_write(socket, asio::buffer(response),
                          [self = shared_from_this()](const error_code&, std::size_t) { self->close(); });
    }

    // Also stops counting against max_connections at once, before the handlers let go of it.
    void close() {
        server.live.erase(this);
        error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
        timer.cancel();
    }

    Impl& server;
    tcp::socket socket;
    asio::steady_timer timer;   // the connection's deadline
    asio::streambuf buffer;
    std::string response;
};

Response MetricsServer::Impl::answer(std::string_view head) const {
    const std::string_view line = head.substr(0, head.find('\n'));
    const std::string_view request = line.ends_with('\r') ? line.substr(0, line.size() - 1) : line;
    const auto sp1 = request.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : request.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || request.find(' ', sp2 + 1) != std::string_view::npos)
        return error_response(400, "Bad Request");
    const std::string_view method = request.substr(0, sp1);
    const std::string_view target = request.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = request.substr(sp2 + 1);
    if (!token(method) || !target.starts_with('/') || (version != "HTTP/1.1" && version != "HTTP/1.0"))
        return error_response(400, "Bad Request");
    if (target.substr(0, target.find('?')) != "/metrics")
        return error_response(404, "Not Found");
    if (method != "GET" && method != "HEAD") {
        Response r = error_response(405, "Method Not Allowed");
        r.extra_header = "Allow: GET, HEAD\r\n";
        return r;
    }
    Response r;
    r.content_type = kExpositionContentType;
    r.head_only = method == "HEAD";
    try {
        r.body = render();
    } catch (const std::exception&) {
        return error_response(500, "Internal Server Error");
    }
    return r;
}

void MetricsServer::Impl::accept() {
    async_accept_cloexec(acceptor, [this](const error_code& ec, tcp::socket socket) {
        if (!acceptor.is_open())
            return;
        if (ec) {
            // Out of descriptors or similar: try again shortly rather than spinning.
            accept_retry.expires_after(std::chrono::milliseconds(100));
            accept_retry.async_wait([this](const error_code& wait_ec) {
                if (!wait_ec)
                    accept();
            });
            return;
        }
        if (live.size() >= options.max_connections) {
            error_code ignored;
            socket.close(ignored);
        } else {
            std::make_shared<Connection>(*this, std::move(socket))->start();
        }
        accept();
    });
}

void MetricsServer::Impl::shut_down() {
    error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
    const std::set<Connection*> open = live;
    for (Connection* c : open)
        c->close();
}

core::Result<std::unique_ptr<MetricsServer>> MetricsServer::start(Options options, Render render) {
    auto impl = std::make_unique<Impl>(options, std::move(render));
    const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), options.port);
    error_code ec;
    open_cloexec(impl->acceptor, endpoint.protocol(), ec);   // processes the lab starts never hold it
    if (!ec)
        impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(endpoint, ec);
    if (!ec)
        impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return core::fail("metrics: cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": " + ec.message());
    impl->port = impl->acceptor.local_endpoint(ec).port();
    impl->accept();
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->io.run(); });
    return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(impl)));
}

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MetricsServer::~MetricsServer() { stop(); }

std::uint16_t MetricsServer::port() const { return impl_->port; }

std::string MetricsServer::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port) + "/metrics"; }

void MetricsServer::stop() {
    if (!impl_->thread.joinable())
        return;
    asio::post(impl_->io, [impl = impl_.get()] { impl->shut_down(); });
    impl_->thread.join();
}

}  // namespace distlab::netlab
