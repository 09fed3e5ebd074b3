#include "app/cli_export.h"

#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include "app/cli_options.h"
#include "app/cli_support.h"
#include "core/runtime/tls.h"

namespace distlab::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultImage = "distlab-node:" DISTLAB_VERSION;
constexpr const char* kComposeLab = "host.docker.internal:7700";
constexpr int kNodeUid = 10001;                 // the image's user (Containerfile)
constexpr const char* kWaitSeconds = "600";     // a node waits this long for the lab to listen

constexpr CommandText kExportText{
    "write Kubernetes or Docker Compose manifests that run a scenario's nodes",
    "Writes, for the scenario FILE, what runs its nodes on other machines while the lab stays here with the "
    "window: with --k8s, a namespace, a secret and one pod per node (nodes.yaml); with --compose, compose.yaml "
    "with one service per node. Each folder also gets a Containerfile and a copy of distlab-node to build the "
    "image from, the lab's credentials (credentials/: a certificate, its key and a token; the key stays with "
    "the lab) and RUN.txt with the command that starts the lab. Every node dials the lab at --lab over TLS and "
    "presents the token; messages still go through the lab's fabric, so network faults happen there as usual, "
    "and a kill closes the node's connection (the node starts over and joins again when the lab restarts it). "
    "See docs/beyond-one-machine.md.",
    "exit codes: 0 written, 2 invalid input (bad option, scenario errors), 3 a file could not be written.\n"
    "\n"
    "examples:\n"
    "  distlab-cli export scenarios/consensus/leader-failover.yaml --compose out/compose\n"
    "  distlab-cli export big.yaml --k8s out/k8s --lab 192.168.1.20:7700 --image registry.local/distlab-node:1\n"};

// A DNS-1123 label (lowercase letters, digits and '-', at most `max` characters) for `id`; when
// `id` had to change, a hash of it keeps two ids apart.
std::string dns_label(const std::string& id, std::size_t max = 63) {
    std::string out;
    for (const char ch : id) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.push_back((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-');
    }
    while (!out.empty() && out.front() == '-')
        out.erase(out.begin());
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    if (out == id && !out.empty() && out.size() <= max)
        return out;
    std::uint32_t hash = 2166136261u;             // FNV-1a
    for (const char c : id)
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    char suffix[10];
    std::snprintf(suffix, sizeof suffix, "-%08x", hash);
    out = out.substr(0, max - 9);
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return (out.empty() ? "n" : out) + suffix;
}

std::string base64(const std::string& bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == bytes.size()) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
    }
    return out;
}

bool write_text(const fs::path& path, const std::string& text, fs::perms perms = fs::perms::owner_read | fs::perms::owner_write |
                                                                                  fs::perms::group_read | fs::perms::others_read) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    std::error_code ec;
    fs::permissions(path, perms, ec);
    if (!out || ec) {
        std::cerr << "distlab-cli: export: cannot write " << path.string() << "\n";
        return false;
    }
    return true;
}

// Whether YAML 1.1 (Kubernetes' decoder) would read this plain scalar as something other than a
// string: null, a boolean (yes, no, on, off...), an integer or a float (sexagesimal included).
bool resolves_to_non_string(const std::string& v) {
    static const std::regex kNonString(
        "|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
        "|[-+]?(0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|(0|[1-9][0-9_]*)(:[0-5]?[0-9])*)"
        "|[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
        "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    return std::regex_match(v, kNonString);
}

// The fields the API types declare as numbers or booleans; every other scalar is a string and is
// written double-quoted, so a value such as 600, "no" or "on" stays a string for any decoder.
bool typed_field(const std::string& key) {
    return key == "runAsUser" || key == "fsGroup" || key == "runAsNonRoot" || key == "readOnly";
}

void emit_node(YAML::Emitter& out, const YAML::Node& node, const std::string& key) {
    switch (node.Type()) {
    case YAML::NodeType::Map:
        out << YAML::BeginMap;
        for (const auto& kv : node) {
            const std::string k = kv.first.as<std::string>();
            out << YAML::Key;
            if (resolves_to_non_string(k))
                out << YAML::DoubleQuoted;
            out << k << YAML::Value;
            emit_node(out, kv.second, k);
        }
        out << YAML::EndMap;
        break;
    case YAML::NodeType::Sequence:
        out << YAML::BeginSeq;
        for (const auto& item : node)
            emit_node(out, item, key);
        out << YAML::EndSeq;
        break;
    case YAML::NodeType::Scalar:
        if (!typed_field(key))
            out << YAML::DoubleQuoted;
        out << node.as<std::string>();
        break;
    default:
        out << YAML::Null;
    }
}

std::string emit(const YAML::Node& node) {
    YAML::Emitter out;
    emit_node(out, node, {});
    return std::string(out.c_str()) + "\n";
}

// The node's command line in a container: where the lab is, who it is, and what it trusts.
YAML::Node node_args(const std::string& lab, const std::string& node, const std::string& credentials,
                     const std::string& data_dir) {
    YAML::Node args(YAML::NodeType::Sequence);
    for (const std::string& a : {std::string("--connect"), lab, std::string("--node"), node, std::string("--token-file"),
                                 credentials + "/token", std::string("--ca"), credentials + "/cert.pem",
                                 std::string("--data-dir"), data_dir, std::string("--wait"), std::string(kWaitSeconds)})
        args.push_back(a);
    return args;
}

// distlab-node on Debian 12, run as an unprivileged user; built from the folder (the copy of
// distlab-node next to it, which needs only the C++ runtime and OpenSSL).
std::string containerfile() {
    return "# distlab-node, to run a DistLab scenario's nodes on Kubernetes or Docker Compose\n"
           "# (docs/beyond-one-machine.md). Build it in this folder, next to the distlab-node copied here:\n"
           "#   podman build -t " +
           std::string(kDefaultImage) +
           " -f Containerfile .    (or docker build)\n"
           "FROM debian:12-slim\n"
           "RUN apt-get update && apt-get install -y --no-install-recommends libssl3 && rm -rf /var/lib/apt/lists/*\n"
           "RUN useradd --system --uid " +
           std::to_string(kNodeUid) +
           " --home-dir /var/lib/distlab --create-home distlab\n"
           "COPY distlab-node /usr/bin/distlab-node\n"
           "USER " +
           std::to_string(kNodeUid) +
           "\n"
           "WORKDIR /var/lib/distlab\n"
           "ENTRYPOINT [\"/usr/bin/distlab-node\"]\n";
}

// credentials/ (0700): cert.pem and token readable by the container's user when mounted,
// key.pem for the lab only.
bool write_common(const fs::path& dir, const core::tls::Credentials& credentials, const std::string& token,
                  const std::string& run_hint) {
    std::error_code ec;
    fs::create_directories(dir / "credentials", ec);
    if (ec) {
        std::cerr << "distlab-cli: export: cannot create " << (dir / "credentials").string() << ": " << ec.message() << "\n";
        return false;
    }
    fs::permissions(dir / "credentials", fs::perms::owner_all, ec);
    fs::copy_file(node_binary(), dir / "distlab-node", fs::copy_options::overwrite_existing, ec);
    if (ec) {
        std::cerr << "distlab-cli: export: cannot copy " << node_binary() << ": " << ec.message() << "\n";
        return false;
    }
    return write_text(dir / "credentials" / "cert.pem", credentials.cert_pem) &&
           write_text(dir / "credentials" / "key.pem", credentials.key_pem, fs::perms::owner_read | fs::perms::owner_write) &&
           write_text(dir / "credentials" / "token", token + "\n") && write_text(dir / "Containerfile", containerfile()) &&
           write_text(dir / "RUN.txt", run_hint);
}

std::string run_hint(const std::string& scenario_file, const std::string& lab, const fs::path& dir, const std::string& how) {
    const std::string port = lab.substr(lab.rfind(':') + 1);
    return "The nodes of " + scenario_file + " join the lab at " + lab +
           ". On the lab's machine, start the lab first (it waits for them):\n\n"
           "  distlab-cli run " +
           scenario_file + " --listen 0.0.0.0:" + port + " --remote all --credentials " + (dir / "credentials").string() +
           "\n\n(or --listen with the one address the nodes reach), then the nodes:\n\n  " + how +
           "\n\nThe key in credentials/key.pem stays with the lab; the token and cert.pem go to the nodes.\n";
}

bool write_k8s(const fs::path& dir, const netlab::Scenario& scenario, const ExportCommand& c, const std::string& lab,
               const core::tls::Credentials& credentials, const std::string& token) {
    const std::string ns = c.k8s_namespace.value_or("distlab");
    const std::string image = c.image.value_or(kDefaultImage);
    if (!write_common(dir, credentials, token,
                      run_hint(c.file, lab, dir,
                               "podman build -t " + image + " " + dir.string() + "   (and push it where the cluster pulls from)\n  "
                               "kubectl apply -f " + (dir / "namespace.yaml").string() + " -f " + (dir / "secret.yaml").string() +
                                   " -f " + (dir / "nodes.yaml").string())))
        return false;

    YAML::Node namespace_doc;
    namespace_doc["apiVersion"] = "v1";
    namespace_doc["kind"] = "Namespace";
    namespace_doc["metadata"]["name"] = ns;

    YAML::Node secret;
    secret["apiVersion"] = "v1";
    secret["kind"] = "Secret";
    secret["metadata"]["name"] = "distlab-credentials";
    secret["metadata"]["namespace"] = ns;
    secret["type"] = "Opaque";
    secret["data"]["token"] = base64(token);
    secret["data"]["cert.pem"] = base64(credentials.cert_pem);

    std::string pods = "# One pod per node of " + scenario.name + " (distlab-cli export). Each joins the lab at " + lab +
                       ";\n# the lab (distlab-cli run --listen ... --remote all) stays on the user's machine.\n";
    const std::string scenario_label = dns_label(scenario.name);
    for (const auto& node : scenario.nodes) {
        YAML::Node pod;
        pod["apiVersion"] = "v1";
        pod["kind"] = "Pod";
        pod["metadata"]["name"] = "distlab-" + dns_label(node.id, 55);
        pod["metadata"]["namespace"] = ns;
        pod["metadata"]["labels"]["app.kubernetes.io/name"] = "distlab-node";
        pod["metadata"]["labels"]["app.kubernetes.io/part-of"] = "distlab";
        pod["metadata"]["labels"]["distlab.org/scenario"] = scenario_label;
        pod["metadata"]["annotations"]["distlab.org/node"] = node.id;
        pod["metadata"]["annotations"]["distlab.org/role"] = node.role;
        YAML::Node spec = pod["spec"];
        // The node supervises itself (a kill by the lab: it starts over and joins again); it exits
        // 0 when the run ends, and non-zero when the lab cannot be reached or refuses it.
        spec["restartPolicy"] = "OnFailure";
        spec["securityContext"]["runAsNonRoot"] = true;
        spec["securityContext"]["runAsUser"] = kNodeUid;
        spec["securityContext"]["fsGroup"] = kNodeUid;
        YAML::Node container;
        container["name"] = "node";
        container["image"] = image;
        container["imagePullPolicy"] = "IfNotPresent";
        container["args"] = node_args(lab, node.id, "/etc/distlab", "/var/lib/distlab/data");
        container["resources"]["requests"]["cpu"] = "50m";
        container["resources"]["requests"]["memory"] = "16Mi";
        container["resources"]["limits"]["memory"] = "256Mi";
        YAML::Node credentials_mount;
        credentials_mount["name"] = "credentials";
        credentials_mount["mountPath"] = "/etc/distlab";
        credentials_mount["readOnly"] = true;
        YAML::Node data_mount;
        data_mount["name"] = "data";
        data_mount["mountPath"] = "/var/lib/distlab/data";
        container["volumeMounts"].push_back(credentials_mount);
        container["volumeMounts"].push_back(data_mount);
        spec["containers"].push_back(container);
        YAML::Node credentials_volume;
        credentials_volume["name"] = "credentials";
        credentials_volume["secret"]["secretName"] = "distlab-credentials";
        YAML::Node data_volume;
        data_volume["name"] = "data";
        data_volume["emptyDir"] = YAML::Node(YAML::NodeType::Map);
        spec["volumes"].push_back(credentials_volume);
        spec["volumes"].push_back(data_volume);
        pods += "---\n" + emit(pod);
    }
    return write_text(dir / "namespace.yaml", emit(namespace_doc)) &&
           write_text(dir / "secret.yaml", emit(secret), fs::perms::owner_read | fs::perms::owner_write) &&
           write_text(dir / "nodes.yaml", pods);
}

bool write_compose(const fs::path& dir, const netlab::Scenario& scenario, const ExportCommand& c, const std::string& lab,
                   const core::tls::Credentials& credentials, const std::string& token) {
    const std::string image = c.image.value_or(kDefaultImage);
    if (!write_common(dir, credentials, token,
                      run_hint(c.file, lab, dir, "docker compose -f " + (dir / "compose.yaml").string() + " up --build")))
        return false;
    YAML::Node compose;
    compose["name"] = "distlab-" + dns_label(scenario.name, 40);
    for (const auto& node : scenario.nodes) {
        YAML::Node service;
        service["image"] = image;
        service["build"]["context"] = ".";
        service["build"]["dockerfile"] = "Containerfile";
        service["command"] = node_args(lab, node.id, "/run/secrets", "/var/lib/distlab/" + dns_label(node.id));
        service["secrets"].push_back("token");
        service["secrets"].push_back("cert.pem");
        // The lab on the machine that runs Docker, as the containers reach it.
        service["extra_hosts"].push_back("host.docker.internal:host-gateway");
        service["restart"] = "on-failure";
        service["labels"]["org.distlab.node"] = node.id;
        service["labels"]["org.distlab.role"] = node.role;
        compose["services"][dns_label(node.id)] = service;
    }
    compose["secrets"]["token"]["file"] = "./credentials/token";
    compose["secrets"]["cert.pem"]["file"] = "./credentials/cert.pem";
    return write_text(dir / "compose.yaml",
                      "# The nodes of " + scenario.name + " as Docker Compose services (distlab-cli export); each joins the lab\n"
                      "# at " + lab + ", which stays on this machine: distlab-cli run ... --listen ... --remote all\n" +
                          emit(compose));
}

}  // namespace

CLI::App& declare_export(CLI::App& app, ExportCommand& c) {
    CLI::App& command = add_command(app, "export", kExportText);
    command.add_option("FILE", c.file, "the scenario file")->required()->type_name("FILE");
    add_parsed(command, "--k8s", "DIR", "write Kubernetes manifests (one pod per node) and the image definition into DIR",
               c.k8s_dir, non_empty("a folder"));
    add_parsed(command, "--compose", "DIR", "write a Docker Compose file (one service per node) and the image definition into DIR",
               c.compose_dir, non_empty("a folder"));
    add_parsed(command, "--lab", "HOST:PORT",
               "where the nodes reach the lab (required with --k8s; with --compose the default is " +
                   std::string(kComposeLab) + ", the machine running Docker)",
               c.lab, Parser<std::string>([](const std::string& v) -> core::Result<std::string> {
                   const auto colon = v.rfind(':');
                   unsigned port = 0;
                   const std::string digits = colon == std::string::npos ? "" : v.substr(colon + 1);
                   if (colon == std::string::npos || colon == 0 || digits.empty() ||
                       digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 5 ||
                       (port = static_cast<unsigned>(std::stoul(digits))) == 0 || port > 65535)
                       return core::fail("expected HOST:PORT with a port in [1, 65535], got \"" + v + "\"");
                   return v;
               }));
    add_parsed(command, "--image", "NAME", std::string("the node image to run (default ") + kDefaultImage + ")", c.image,
               non_empty("an image name"));
    add_parsed(command, "--namespace", "NS", "the Kubernetes namespace (default distlab)", c.k8s_namespace,
               Parser<std::string>([](const std::string& v) -> core::Result<std::string> {
                   if (v.empty() || v.size() > 63 || dns_label(v) != v)
                       return core::fail("a namespace is a DNS label (lowercase letters, digits, '-'), got \"" + v + "\"");
                   return v;
               }));
    return command;
}

int cmd_export(const ExportCommand& c) {
    if (!c.k8s_dir && !c.compose_dir)
        return usage_error("export: say where: --k8s DIR, --compose DIR or both");
    if (c.k8s_dir && !c.lab)
        return usage_error("export: --k8s needs --lab HOST:PORT, where the pods reach the lab");
    auto scenario = load(c.file);
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    // One certificate and token for both folders: one lab serves either.
    auto credentials = core::tls::generate("distlab-lab");
    if (!credentials) {
        std::cerr << "distlab-cli: export: " << credentials.error().message << "\n";
        return kLabFailed;
    }
    const std::string token = core::tls::random_token();
    if (c.k8s_dir && !write_k8s(*c.k8s_dir, *scenario, c, *c.lab, *credentials, token))
        return kLabFailed;
    if (c.compose_dir && !write_compose(*c.compose_dir, *scenario, c, c.lab.value_or(kComposeLab), *credentials, token))
        return kLabFailed;
    for (const auto& dir : {c.k8s_dir, c.compose_dir})
        if (dir)
            std::cout << "wrote " << *dir << " (see " << (fs::path(*dir) / "RUN.txt").string() << ")\n";
    return kPassed;
}

}  // namespace distlab::cli
