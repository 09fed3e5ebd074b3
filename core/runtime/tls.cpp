#include "core/runtime/tls.h"

#include <boost/asio/ssl/verify_context.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>

namespace distlab::core::tls {

namespace ssl = boost::asio::ssl;

namespace {

// The last OpenSSL error, for a message.
std::string openssl_error(const std::string& what) {
    const unsigned long code = ERR_get_error();
    char text[256] = "unknown error";
    if (code != 0)
        ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return what + ": " + text;
}

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertDeleter {
    void operator()(X509* c) const { X509_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using CertPtr = std::unique_ptr<X509, CertDeleter>;

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string{};
}

bool add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

std::string hex(const unsigned char* bytes, unsigned int n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * n);
    for (unsigned int i = 0; i < n; ++i) {
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 0xf]);
    }
    return out;
}

std::string cert_fingerprint(X509* cert) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (X509_digest(cert, EVP_sha256(), md, &n) != 1)
        return {};
    return hex(md, n);
}

// "AB:CD:..." or "abcd..." as the 64 lowercase hex digits, or empty when it is not a SHA-256.
std::string normalise_fingerprint(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == ':')
            continue;
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return {};
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out.size() == 64 ? out : std::string{};
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

Result<Credentials> generate(const std::string& common_name) {
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return fail(openssl_error("cannot make a key"));
    CertPtr cert(X509_new());
    if (!cert)
        return fail(openssl_error("cannot make a certificate"));
    X509_set_version(cert.get(), 2);   // v3, for the extensions
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return fail(openssl_error("no random serial number"));
    serial[0] &= 0x7f;                  // a positive number
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);            // another host's clock may lag
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("DistLab"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_set_pubkey(cert.get(), key.get());
    if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") ||
        !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
        !add_extension(cert.get(), NID_subject_key_identifier, "hash"))
        return fail(openssl_error("cannot add the certificate's extensions"));
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return fail(openssl_error("cannot sign the certificate"));

    Credentials out;
    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(openssl_error("cannot write the certificate"));
    out.cert_pem = bio_text(cert_bio.get());
    out.key_pem = bio_text(key_bio.get());
    return out;
}

Result<Credentials> load(const std::string& dir) {
    auto cert = read_file(dir + "/cert.pem");
    if (!cert)
        return std::unexpected(cert.error());
    auto key = read_file(dir + "/key.pem");
    if (!key)
        return std::unexpected(key.error());
    return Credentials{std::move(*cert), std::move(*key)};
}

Result<std::string> fingerprint(const std::string& cert_pem) {
    BioPtr bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
    CertPtr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert)
        return fail(openssl_error("not a PEM certificate"));
    std::string fp = cert_fingerprint(cert.get());
    if (fp.empty())
        return fail(openssl_error("cannot digest the certificate"));
    return fp;
}

Result<std::unique_ptr<ssl::context>> server_context(const Credentials& credentials) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    boost::system::error_code ec;
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                     ec);
    if (!ec)
        ctx->use_certificate_chain(boost::asio::buffer(credentials.cert_pem), ec);
    if (ec)
        return fail("the lab's certificate: " + ec.message());
    ctx->use_private_key(boost::asio::buffer(credentials.key_pem), ssl::context::pem, ec);
    if (ec)
        return fail("the lab's private key: " + ec.message());
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
        return fail("the lab's private key does not belong to its certificate");
    return ctx;
}

Result<std::unique_ptr<ssl::context>> client_context(const Trust& trust) {
    if (trust.fingerprint.empty() && trust.ca_file.empty())
        return fail("a TLS connection needs the lab's certificate fingerprint (--fingerprint) or its certificate (--ca)");
    std::string pinned;
    if (!trust.fingerprint.empty()) {
        pinned = normalise_fingerprint(trust.fingerprint);
        if (pinned.empty())
            return fail("--fingerprint \"" + trust.fingerprint + "\" is not a SHA-256 fingerprint (64 hex digits)");
    }
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    boost::system::error_code ec;
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                     ec);
    if (!trust.ca_file.empty()) {
        ctx->load_verify_file(trust.ca_file, ec);
        if (ec)
            return fail("--ca " + trust.ca_file + ": " + ec.message());
        // The lab's certificate is self-signed: it is its own anchor, whatever its chain.
        X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx->native_handle()), X509_V_FLAG_PARTIAL_CHAIN);
    }
    ctx->set_verify_mode(ssl::verify_peer, ec);
    const bool need_chain = !trust.ca_file.empty();
    ctx->set_verify_callback(
        [pinned, need_chain](bool preverified, ssl::verify_context& vc) {
            X509_STORE_CTX* store = vc.native_handle();
            if (X509_STORE_CTX_get_error_depth(store) != 0)
                return preverified || !need_chain;
            if (need_chain && !preverified)
                return false;
            if (!pinned.empty())
                return cert_fingerprint(X509_STORE_CTX_get_current_cert(store)) == pinned;
            return preverified;
        },
        ec);
    if (ec)
        return fail("cannot set up TLS verification: " + ec.message());
    return ctx;
}

std::string random_token() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        std::random_device rd;                       // OpenSSL's generator failed: the kernel's
        for (unsigned char& b : bytes)
            b = static_cast<unsigned char>(rd());
    }
    return hex(bytes, sizeof bytes);
}

}  // namespace distlab::core::tls
