#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace distlab::test {

// What a raw HTTP exchange returned: the whole response text (status line, headers, body).
struct RawResponse {
    std::string text;
    int status() const { return text.size() > 12 ? std::stoi(text.substr(9, 3)) : 0; }
    // The body, de-chunked when the server used chunked transfer coding.
    std::string body() const {
        const auto at = text.find("\r\n\r\n");
        if (at == std::string::npos)
            return {};
        std::string raw = text.substr(at + 4);
        if (text.substr(0, at).find("Transfer-Encoding: chunked") == std::string::npos)
            return raw;
        std::string out;
        std::size_t pos = 0;
        while (pos < raw.size()) {
            const auto eol = raw.find("\r\n", pos);
            if (eol == std::string::npos)
                break;
            const std::size_t size = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
            if (size == 0)
                break;
            out += raw.substr(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        return out;
    }
    bool has_header(const std::string& line) const { return text.find(line + "\r\n") != std::string::npos; }
};

// Sends `request` verbatim to 127.0.0.1:port and reads until the server closes the connection.
// nullopt when connecting fails or the exchange does not finish within `timeout`.
inline std::optional<RawResponse> raw_exchange(std::uint16_t port, const std::string& request,
                                               std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    namespace asio = boost::asio;
    using tcp = asio::ip::tcp;
    asio::io_context io;
    tcp::socket socket(io);
    std::string response;
    bool done = false;
    char chunk[4096];
    std::function<void()> read_more = [&] {
        socket.async_read_some(asio::buffer(chunk), [&](const boost::system::error_code& ec, std::size_t n) {
            response.append(chunk, n);
            if (ec) {
                done = ec == asio::error::eof || ec == asio::error::connection_reset;
                return;
            }
            read_more();
        });
    };
    socket.async_connect(tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), port),
                         [&](const boost::system::error_code& ec) {
                             if (ec)
                                 return;
                             asio::async_write(socket, asio::buffer(request),
                                               [&](const boost::system::error_code& wec, std::size_t) {
                                                   // A write refused by a server that closed at once
                                                   // (connection limit) ends the exchange empty.
                                                   if (wec)
                                                       done = true;
                                                   else
                                                       read_more();
                                               });
                         });
    io.run_for(timeout);
    if (!done)
        return std::nullopt;
    return RawResponse{response};
}

inline std::optional<RawResponse> http_get(std::uint16_t port, const std::string& target,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return raw_exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout);
}

}  // namespace distlab::test
