#include "netlab/lab/listen.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <charconv>

namespace distlab::netlab {

bool ListenOptions::is_remote(const core::NodeId& node) const {
    return all_remote || std::find(remote.begin(), remote.end(), node) != remote.end();
}

core::Result<void> parse_listen_address(const std::string& text, ListenOptions& options) {
    std::string address = text;
    std::string port;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string::npos || (close + 1 < text.size() && text[close + 1] != ':'))
            return core::fail("expected ADDR, ADDR:PORT or [IPV6]:PORT, got \"" + text + "\"");
        address = text.substr(1, close - 1);
        port = close + 2 <= text.size() ? text.substr(close + 2) : "";
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        address = text.substr(0, text.find(':'));
        port = text.substr(text.find(':') + 1);
    }
    boost::system::error_code ec;
    boost::asio::ip::make_address(address, ec);
    if (ec)
        return core::fail("\"" + address + "\" is not an IP address");
    unsigned number = 0;
    if (!port.empty()) {
        const auto [end, pec] = std::from_chars(port.data(), port.data() + port.size(), number);
        if (pec != std::errc{} || end != port.data() + port.size() || number > 65535)
            return core::fail("\"" + port + "\" is not a port number");
    }
    options.address = address;
    options.port = static_cast<std::uint16_t>(number);
    return {};
}

bool is_loopback_address(const std::string& address) {
    boost::system::error_code ec;
    const auto ip = boost::asio::ip::make_address(address, ec);
    if (ec)
        return false;
    if (ip.is_v6() && ip.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, ip.to_v6()).is_loopback();
    return ip.is_loopback();
}

}  // namespace distlab::netlab
