#include "netlab/lab/listen.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace distlab::netlab {

bool ListenOptions::is_remote(const core::NodeId& node) const {
    return all_remote || std::find(remote.begin(), remote.end(), node) != remote.end();
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
