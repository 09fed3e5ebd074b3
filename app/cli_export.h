#pragma once

// distlab-cli export: the manifests that run a scenario's nodes on Kubernetes (one pod per node)
// or Docker Compose, a container image definition for distlab-node, and the lab's credentials.
// The lab stays on the user's machine (docs/beyond-one-machine.md).

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace distlab::cli {

struct ExportCommand {
    std::string file;
    std::optional<std::string> k8s_dir;
    std::optional<std::string> compose_dir;
    std::optional<std::string> lab;          // HOST:PORT the nodes dial
    std::optional<std::string> image;
    std::optional<std::string> k8s_namespace;
};

// export FILE (--k8s DIR | --compose DIR)... [--lab HOST:PORT] [--image NAME] [--namespace NS]
CLI::App& declare_export(CLI::App& app, ExportCommand& c);
int cmd_export(const ExportCommand& c);

}  // namespace distlab::cli
