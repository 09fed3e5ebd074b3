#pragma once

// Where the lab listens and which nodes join it from elsewhere (docs/beyond-one-machine.md).
// Loopback is the default; any other address serves TLS and, as always, requires the run's token.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/model/ids.h"
#include "core/model/result.h"
#include "core/model/time.h"

namespace distlab::netlab {

struct ListenOptions {
    std::string address = "127.0.0.1";    // an IPv4 or IPv6 address of this machine, or 0.0.0.0 / ::
    std::uint16_t port = 0;               // 0: any free port
    // Nodes the lab does not start: they join with `distlab-node --connect` (all, when all_remote).
    std::vector<core::NodeId> remote;
    bool all_remote = false;
    // cert.pem, key.pem and token, as `distlab-cli export` writes them; empty: a certificate and
    // a token made for this run.
    std::string credentials_dir;
    core::Duration join_timeout = std::chrono::minutes(5);   // for remote nodes to join before the start

    bool is_remote(const core::NodeId& node) const;
};

// What a node elsewhere needs to join: given to LabOptions::on_listening once the lab listens.
struct JoinInfo {
    std::string address;                  // as listened on
    std::uint16_t port = 0;
    std::string token;
    bool tls = false;
    std::string fingerprint;              // SHA-256 of the certificate, when tls
    std::string cert_pem;                 // the certificate itself, when tls
};

// ADDR, ADDR:PORT, [IPV6] or [IPV6]:PORT (an address, never a name; no port: 0, any free one)
// into `options`, or what is wrong with it.
core::Result<void> parse_listen_address(const std::string& text, ListenOptions& options);

// True for 127.0.0.0/8 and ::1 (v4-mapped included); false for anything else, names included.
bool is_loopback_address(const std::string& address);

}  // namespace distlab::netlab
