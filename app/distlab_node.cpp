// distlab-node: one node of a DistLab run, started by the lab's Supervisor (never by hand):
//   distlab-node --id n1 --role raft --lab-port P --data-dir DIR
//                [--seed S] [--time-scale X] [--params JSON] [--peers n2=raft,c1=kv-client]
//                [--labels {"n1":{"zone":"z1"}}]
// The per-run token comes in the environment variable DISTLAB_TOKEN, the lab's pid in DISTLAB_LAB_PID.

#include <boost/asio/io_context.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <charconv>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include "app/build_info.h"
#include "core/model/role_registry.h"
#include "core/runtime/node_runtime.h"

namespace {

using namespace distlab;

constexpr const char* kUsage =
    "usage: distlab-node --id ID --role ROLE --lab-port PORT --data-dir DIR"
    " [--seed N] [--time-scale X] [--params JSON] [--peers ID=ROLE,...] [--labels JSON]";

int usage(const std::string& problem) {
    std::cerr << "distlab-node: " << problem << "\n" << kUsage << "\n";
    return 2;
}

template <class T>
bool parse_number(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << "distlab-node " DISTLAB_VERSION " (" << distlab::build_commit() << ")\n";
        return 0;
    }
    if (argc == 2 && std::string_view(argv[1]) == "--help") {
        std::cout << "distlab-node: one node of a DistLab run, started by the lab (distlab, distlab-cli),\n"
                     "never by hand. The per-run token comes in DISTLAB_TOKEN, the lab's pid in DISTLAB_LAB_PID.\n"
                  << kUsage << "\n";
        return 0;
    }
    // Die with the lab, even if it is SIGKILLed. The lab may have died before this line: then
    // our parent is no longer the lab's pid and we leave at once.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (const char* lab_pid = std::getenv("DISTLAB_LAB_PID"); lab_pid && std::atoi(lab_pid) != ::getppid())
        return 3;

    std::map<std::string, std::string, std::less<>> args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view key = argv[i];
        if (!key.starts_with("--") || i + 1 >= argc)
            return usage("unexpected argument \"" + std::string(key) + "\"");
        args[std::string(key.substr(2))] = argv[++i];
    }
    for (const char* required : {"id", "role", "lab-port", "data-dir"})
        if (!args.contains(required))
            return usage(std::string("missing --") + required);

    core::NodeConfig config;
    config.setup.self = args["id"];
    config.setup.role = args["role"];
    config.data_dir = args["data-dir"];
    if (const char* token = std::getenv("DISTLAB_TOKEN"))
        config.token = token;
    if (!parse_number(args["lab-port"], config.lab_port))
        return usage("--lab-port must be a port number");
    if (args.contains("seed") && !parse_number(args["seed"], config.setup.seed))
        return usage("--seed must be a non-negative integer");
    if (args.contains("time-scale") &&
        (!parse_number(args["time-scale"], config.setup.time_scale) || config.setup.time_scale <= 0))
        return usage("--time-scale must be a positive number");
    if (auto it = args.find("peers"); it != args.end()) {
        std::string_view rest = it->second;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string_view peer = rest.substr(0, comma);
            const auto equals = peer.find('=');
            if (equals == std::string_view::npos)
                return usage("--peers takes ID=ROLE pairs separated by commas");
            config.setup.peers.emplace_back(peer.substr(0, equals));
            config.setup.peer_roles.emplace_back(peer.substr(equals + 1));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }

    if (auto it = args.find("labels"); it != args.end()) {
        const core::Json labels = core::Json::parse(it->second, nullptr, false);
        if (labels.is_discarded() || !labels.is_object())
            return usage("--labels must be a JSON object {NODE: {NAME: VALUE}}");
        for (const auto& [node, names] : labels.items()) {
            if (!names.is_object())
                return usage("--labels: the labels of \"" + node + "\" must be an object {NAME: VALUE}");
            for (const auto& [name, value] : names.items()) {
                if (!value.is_string())
                    return usage("--labels: label \"" + name + "\" of \"" + node + "\" must be a string");
                config.setup.labels[node][name] = value.get<std::string>();
            }
        }
    }

    const core::RoleRegistry& registry = core::RoleRegistry::builtin();
    const core::RoleDescriptor* info = registry.find(config.setup.role);
    if (!info)
        return usage("unknown role \"" + config.setup.role + "\"");
    core::Json raw = core::Json::object();
    if (auto it = args.find("params"); it != args.end()) {
        raw = core::Json::parse(it->second, nullptr, false);
        if (raw.is_discarded() || !raw.is_object())
            return usage("--params must be a JSON object");
    }
    std::vector<core::NodeId> known = config.setup.peers;
    known.push_back(config.setup.self);
    auto params = core::resolve_params(info->params, raw, &known);
    if (!params) {
        for (const auto& problem : params.error())
            std::cerr << "distlab-node: params." << problem.key << ": " << problem.message << "\n";
        return 2;
    }
    config.setup.params = std::move(*params);

    std::unique_ptr<core::Role> role = info->make(config.setup.params);
    boost::asio::io_context io;
    core::NodeRuntime runtime(io, std::move(config), std::move(role));
    return runtime.run();
}
