#pragma once

// Listening and accepted TCP sockets opened close-on-exec. Boost.Asio 1.74 opens them with plain
// socket() and accept(), so every process the lab starts (a node, the window's distlab-cli)
// would inherit them: the lab's port stayed open in every distlab-node. Used by the lab and the
// live-metrics server.

#include <boost/asio/ip/tcp.hpp>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

namespace distlab::netlab {

// Opens `acceptor` on a new close-on-exec, non-blocking socket of `protocol`.
inline void open_cloexec(boost::asio::ip::tcp::acceptor& acceptor, const boost::asio::ip::tcp& protocol,
                         boost::system::error_code& ec) {
    const int fd = ::socket(protocol.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol.protocol());
    if (fd < 0) {
        ec.assign(errno, boost::system::system_category());
        return;
    }
    acceptor.assign(protocol, fd, ec);
    if (ec)
        ::close(fd);
    else
        acceptor.non_blocking(true, ec);
}

// Accepts one connection on an acceptor opened by open_cloexec, as a close-on-exec socket
// (accept4): handler(error_code, tcp::socket). A connection gone between readiness and accept
// is skipped and the wait goes on.
template <class Handler>
void async_accept_cloexec(boost::asio::ip::tcp::acceptor& acceptor, Handler handler) {
    using boost::asio::ip::tcp;
    acceptor.async_wait(tcp::acceptor::wait_read, [&acceptor, handler = std::move(handler)](
                                                      boost::system::error_code ec) mutable {
        tcp::socket socket(acceptor.get_executor());
        if (ec) {
            handler(ec, std::move(socket));
            return;
        }
        const int fd = ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            if (error == EAGAIN || error == EWOULDBLOCK || error == ECONNABORTED || error == EINTR) {
                async_accept_cloexec(acceptor, std::move(handler));
                return;
            }
            handler(boost::system::error_code(error, boost::system::system_category()), std::move(socket));
            return;
        }
        const tcp protocol = acceptor.local_endpoint(ec).protocol();
        if (!ec)
            socket.assign(protocol, fd, ec);
        if (ec)
            ::close(fd);
        handler(ec, std::move(socket));
    });
}

}  // namespace distlab::netlab
