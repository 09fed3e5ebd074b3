#pragma once

// TLS between the lab and nodes on other machines (docs/beyond-one-machine.md). A lab that
// listens beyond loopback serves TLS with a certificate made for the run (or given); a node
// trusts exactly that certificate, named by its SHA-256 fingerprint or given as a PEM file.
// OpenSSL through Boost.Asio's ssl.

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "core/model/result.h"

namespace distlab::core::tls {

// A certificate and its private key, PEM.
struct Credentials {
    std::string cert_pem;
    std::string key_pem;
};

// A new self-signed certificate (ECDSA P-256, valid for 30 days) named `common_name`.
Result<Credentials> generate(const std::string& common_name);

// Reads cert.pem and key.pem from `dir` (what `distlab-cli export` writes).
Result<Credentials> load(const std::string& dir);

// The SHA-256 of the certificate's DER encoding: 64 lowercase hex digits.
Result<std::string> fingerprint(const std::string& cert_pem);

// The lab's side: serves these credentials, TLS 1.2 or later.
Result<std::unique_ptr<boost::asio::ssl::context>> server_context(const Credentials& credentials);

// What a node trusts: the certificate with this fingerprint, and/or the certificates in ca_file
// (the lab's own certificate, self-signed, is its own anchor). At least one must be given. The
// host name is not checked: the pin names the one certificate.
struct Trust {
    std::string fingerprint;
    std::string ca_file;
};
Result<std::unique_ptr<boost::asio::ssl::context>> client_context(const Trust& trust);

// 32 hex digits from OpenSSL's random generator.
std::string random_token();

}  // namespace distlab::core::tls
