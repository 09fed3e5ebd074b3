// distlab-node: one node of a DistLab run. Started by the lab's Supervisor:
//   distlab-node --id n1 --role raft --lab-port P --data-dir DIR
//                [--seed S] [--time-scale X] [--params JSON] [--peers n2=raft,c1=kv-client]
//                [--labels {"n1":{"zone":"z1"}}] [--lab-host ADDR --fingerprint SHA256]
// The per-run token comes in the environment variable DISTLAB_TOKEN, the lab's pid in DISTLAB_LAB_PID.
//
// Or by hand (or by an orchestrator) on another machine, joining a lab that listens beyond
// loopback (docs/beyond-one-machine.md); the lab sends the role, parameters and peers:
//   distlab-node --connect HOST:PORT --node ID (--token T | --token-file FILE)
//                (--fingerprint SHA256 | --ca CERT.pem) [--data-dir DIR] [--wait SECONDS]
// (no certificate for a lab on 127.0.0.1, which serves no TLS)

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <thread>

#include "app/build_info.h"
#include "core/model/role_registry.h"
#include "core/runtime/node_runtime.h"
#include "core/runtime/tls.h"

namespace {

using namespace distlab;
using Options = std::map<std::string, std::string, std::less<>>;

constexpr const char* kUsage =
    "usage: distlab-node --id ID --role ROLE --lab-port PORT --data-dir DIR"
    " [--seed N] [--time-scale X] [--params JSON] [--peers ID=ROLE,...] [--labels JSON]"
    " [--lab-host ADDR --fingerprint SHA256]\n"
    "       distlab-node --connect HOST:PORT --node ID (--token T | --token-file FILE)"
    " (--fingerprint SHA256 | --ca CERT.pem) [--data-dir DIR] [--wait SECONDS]";

int usage(const std::string& problem) {
    std::cerr << "distlab-node: " << problem << "\n" << kUsage << "\n";
    return 2;
}

template <class T>
bool parse_number(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

// The role's options (role, seed, time-scale, params, peers, labels), from the command line or
// the lab's setup frame: fills `setup` and makes the role, or says what is wrong.
core::Result<std::unique_ptr<core::Role>> make_role(core::NodeSetup& setup, const Options& args) {
    const auto arg = [&](std::string_view key) -> const std::string* {
        const auto it = args.find(key);
        return it == args.end() ? nullptr : &it->second;
    };
    const std::string* role = arg("role");
    if (!role)
        return core::fail("missing --role");
    setup.role = *role;
    if (const std::string* seed = arg("seed"); seed && !parse_number(*seed, setup.seed))
        return core::fail("--seed must be a non-negative integer");
    if (const std::string* scale = arg("time-scale");
        scale && (!parse_number(*scale, setup.time_scale) || setup.time_scale <= 0))
        return core::fail("--time-scale must be a positive number");
    setup.peers.clear();
    setup.peer_roles.clear();
    if (const std::string* peers = arg("peers")) {
        std::string_view rest = *peers;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string_view peer = rest.substr(0, comma);
            const auto equals = peer.find('=');
            if (equals == std::string_view::npos)
                return core::fail("--peers takes ID=ROLE pairs separated by commas");
            setup.peers.emplace_back(peer.substr(0, equals));
            setup.peer_roles.emplace_back(peer.substr(equals + 1));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    if (const std::string* text = arg("labels")) {
        const core::Json labels = core::Json::parse(*text, nullptr, false);
        if (labels.is_discarded() || !labels.is_object())
            return core::fail("--labels must be a JSON object {NODE: {NAME: VALUE}}");
        for (const auto& [node, names] : labels.items()) {
            if (!names.is_object())
                return core::fail("--labels: the labels of \"" + node + "\" must be an object {NAME: VALUE}");
            for (const auto& [name, value] : names.items()) {
                if (!value.is_string())
                    return core::fail("--labels: label \"" + name + "\" of \"" + node + "\" must be a string");
                setup.labels[node][name] = value.get<std::string>();
            }
        }
    }

    const core::RoleRegistry& registry = core::RoleRegistry::builtin();
    const core::RoleDescriptor* info = registry.find(setup.role);
    if (!info)
        return core::fail("unknown role \"" + setup.role + "\"");
    core::Json raw = core::Json::object();
    if (const std::string* params = arg("params")) {
        raw = core::Json::parse(*params, nullptr, false);
        if (raw.is_discarded() || !raw.is_object())
            return core::fail("--params must be a JSON object");
    }
    std::vector<core::NodeId> known = setup.peers;
    known.push_back(setup.self);
    auto params = core::resolve_params(info->params, raw, &known);
    if (!params) {
        std::string problems;
        for (const auto& problem : params.error())
            problems += (problems.empty() ? "" : "; ") + ("params." + problem.key + ": " + problem.message);
        return core::fail(problems);
    }
    setup.params = std::move(*params);
    return info->make(setup.params);
}

// The lab's certificate trust, from --fingerprint and --ca.
core::Result<std::shared_ptr<boost::asio::ssl::context>> client_tls(const Options& args) {
    core::tls::Trust trust;
    if (auto it = args.find("fingerprint"); it != args.end())
        trust.fingerprint = it->second;
    if (auto it = args.find("ca"); it != args.end())
        trust.ca_file = it->second;
    auto ctx = core::tls::client_context(trust);
    if (!ctx)
        return std::unexpected(ctx.error());
    return std::shared_ptr<boost::asio::ssl::context>(std::move(*ctx));
}

// A node on another machine: joins, runs while the lab wants it, and is its own supervisor. Cut
// off by the lab (a kill), it starts over as a fresh process (exec: nothing of its memory
// survives, its data directory does) and asks to join again; it is let back in once the lab
// restarts it. Until `--wait` has passed it retries a lab that is not there yet.
int join(char** argv, Options& args) {
    const std::string& target = args["connect"];
    const auto colon = target.rfind(':');
    core::NodeConfig config;
    if (colon == std::string::npos || colon == 0 || !parse_number(std::string_view(target).substr(colon + 1), config.lab_port))
        return usage("--connect takes HOST:PORT, got \"" + target + "\"");
    config.lab_host = target.substr(0, colon);
    if (config.lab_host.size() > 2 && config.lab_host.front() == '[' && config.lab_host.back() == ']')
        config.lab_host = config.lab_host.substr(1, config.lab_host.size() - 2);   // [::1]:7700
    if (!args.contains("node"))
        return usage("missing --node");
    config.setup.self = args["node"];
    if (auto it = args.find("token"); it != args.end()) {
        config.token = it->second;
    } else if (auto file = args.find("token-file"); file != args.end()) {
        std::ifstream in(file->second);
        if (!std::getline(in, config.token))
            return usage("--token-file: cannot read " + file->second);
    } else if (const char* token = std::getenv("DISTLAB_TOKEN")) {
        config.token = token;
    } else {
        return usage("missing --token (or --token-file, or DISTLAB_TOKEN in the environment)");
    }
    config.data_dir = args.contains("data-dir") ? args["data-dir"] : "distlab-data/" + config.setup.self;
    std::error_code fs_ec;
    std::filesystem::create_directories(config.data_dir, fs_ec);
    if (fs_ec)
        return usage("--data-dir: cannot create " + config.data_dir + ": " + fs_ec.message());
    int wait_s = 120;
    if (args.contains("wait") && !parse_number(args["wait"], wait_s))
        return usage("--wait must be a number of seconds");
    // A lab on loopback serves plain TCP (the token still required); anywhere else, TLS with the
    // certificate the node is told to trust.
    boost::system::error_code address_ec;
    const auto address = boost::asio::ip::make_address(config.lab_host, address_ec);
    const bool loopback = !address_ec && address.is_loopback();
    if (!loopback || args.contains("fingerprint") || args.contains("ca")) {
        auto tls = client_tls(args);
        if (!tls)
            return usage(tls.error().message);
        config.tls = std::move(*tls);
    }
    config.join = [](core::NodeSetup& setup, const core::Json& options) -> core::Result<std::unique_ptr<core::Role>> {
        Options given;
        for (const auto& [key, value] : options.items())
            if (value.is_string())
                given[key] = value.get<std::string>();
        return make_role(setup, given);
    };

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
    for (;;) {
        boost::asio::io_context io;
        core::NodeRuntime runtime(io, config);
        const int code = runtime.run();
        if (code == core::kExitLabLost) {
            ::execv("/proc/self/exe", argv);          // a fresh process, as after a crash
            std::cerr << "distlab-node: cannot start again: " << std::strerror(errno) << "\n";
            return code;
        }
        if ((code != core::kExitNoLab && code != core::kExitNotNow) || std::chrono::steady_clock::now() >= deadline)
            return code;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));   // retry: the lab is not there, or not ready for us
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << "distlab-node " DISTLAB_VERSION " (" << distlab::build_commit() << ")\n";
        return 0;
    }
    if (argc == 2 && std::string_view(argv[1]) == "--help") {
        std::cout << "distlab-node: one node of a DistLab run, started by the lab (distlab, distlab-cli).\n"
                     "The per-run token comes in DISTLAB_TOKEN, the lab's pid in DISTLAB_LAB_PID.\n"
                     "On another machine, --connect joins a lab that listens beyond loopback: the lab sends\n"
                     "the node's role and peers; --fingerprint or --ca names the lab's TLS certificate.\n"
                  << kUsage << "\n";
        return 0;
    }

    Options args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view key = argv[i];
        if (!key.starts_with("--") || i + 1 >= argc)
            return usage("unexpected argument \"" + std::string(key) + "\"");
        args[std::string(key.substr(2))] = argv[++i];
    }
    if (args.contains("connect"))
        return join(argv, args);

    // Die with the lab, even if it is SIGKILLed. The lab may have died before this line: then
    // our parent is no longer the lab's pid and we leave at once.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (const char* lab_pid = std::getenv("DISTLAB_LAB_PID"); lab_pid && std::atoi(lab_pid) != ::getppid())
        return 3;

    for (const char* required : {"id", "role", "lab-port", "data-dir"})
        if (!args.contains(required))
            return usage(std::string("missing --") + required);

    core::NodeConfig config;
    config.setup.self = args["id"];
    config.data_dir = args["data-dir"];
    if (const char* token = std::getenv("DISTLAB_TOKEN"))
        config.token = token;
    if (!parse_number(args["lab-port"], config.lab_port))
        return usage("--lab-port must be a port number");
    if (auto it = args.find("lab-host"); it != args.end()) {
        config.lab_host = it->second;
        auto tls = client_tls(args);
        if (!tls)
            return usage(tls.error().message);
        config.tls = std::move(*tls);
    }
    auto role = make_role(config.setup, args);
    if (!role)
        return usage(role.error().message);

    boost::asio::io_context io;
    core::NodeRuntime runtime(io, std::move(config), std::move(*role));
    return runtime.run();
}
