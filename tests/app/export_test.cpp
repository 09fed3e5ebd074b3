// distlab-cli export, on the real binary: the Kubernetes manifests are checked, without a
// cluster, against the fields the core/v1 API types define for what they use (Namespace, Secret,
// Pod: the required fields, their types, the enumerations and name syntaxes, and that every
// reference resolves), and the Compose file against the Compose specification's service fields.
// yaml-cpp parses both. Each node of the scenario gets exactly one pod and one service, whose
// command joins the lab as that node.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/run_program.h"

namespace {

namespace fs = std::filesystem;
using Problems = std::vector<std::string>;

const std::regex kDnsLabel("[a-z0-9]([-a-z0-9]*[a-z0-9])?");                        // RFC 1123 label, <= 63
const std::regex kDnsSubdomain("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");   // <= 253
const std::regex kLabelName("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");           // <= 63
const std::regex kQuantity("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");
const std::regex kBase64("([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
const std::regex kSecretKey("[-._a-zA-Z0-9]+");

bool is_label(const std::string& s) { return s.size() <= 63 && std::regex_match(s, kDnsLabel); }
bool is_subdomain(const std::string& s) { return s.size() <= 253 && std::regex_match(s, kDnsSubdomain); }

std::string scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.as<std::string>() : std::string{}; }

// Fields of `node` not among `allowed` (a misspelt field is an error for the API server's
// strict decoding, and silently dropped otherwise).
void only_fields(const YAML::Node& node, const std::set<std::string>& allowed, const std::string& where, Problems& p) {
    if (!node.IsMap()) {
        p.push_back(where + ": not a map");
        return;
    }
    for (const auto& kv : node)
        if (!allowed.contains(kv.first.as<std::string>()))
            p.push_back(where + ": unknown field " + kv.first.as<std::string>());
}

void check_string_map(const YAML::Node& m, const std::string& where, bool label_values, Problems& p) {
    if (!m)
        return;
    if (!m.IsMap()) {
        p.push_back(where + ": not a map");
        return;
    }
    for (const auto& kv : m) {
        const std::string key = kv.first.as<std::string>();
        const auto slash = key.find('/');
        const std::string prefix = slash == std::string::npos ? "" : key.substr(0, slash);
        const std::string name = slash == std::string::npos ? key : key.substr(slash + 1);
        if ((!prefix.empty() && !is_subdomain(prefix)) || name.size() > 63 || !std::regex_match(name, kLabelName))
            p.push_back(where + ": invalid key " + key);
        if (!kv.second.IsScalar())
            p.push_back(where + "." + key + ": not a string");
        else if (label_values) {
            const std::string v = kv.second.as<std::string>();
            if (!v.empty() && (v.size() > 63 || !std::regex_match(v, kLabelName)))
                p.push_back(where + "." + key + ": invalid label value " + v);
        }
    }
}

// ObjectMeta: name (and namespace) as the kind requires, labels and annotations.
void check_metadata(const YAML::Node& meta, bool name_is_label, bool namespaced, const std::string& where, Problems& p) {
    only_fields(meta, {"name", "namespace", "labels", "annotations"}, where + ".metadata", p);
    const std::string name = scalar(meta["name"]);
    if (name_is_label ? !is_label(name) : !is_subdomain(name))
        p.push_back(where + ".metadata.name: invalid name \"" + name + "\"");
    if (namespaced && !is_label(scalar(meta["namespace"])))
        p.push_back(where + ".metadata.namespace: invalid or missing");
    check_string_map(meta["labels"], where + ".metadata.labels", true, p);
    check_string_map(meta["annotations"], where + ".metadata.annotations", false, p);
}

// YAML 1.1, as Kubernetes' decoder reads a plain (unquoted) scalar: null, booleans (yes, no, on,
// off...), integers and floats are not strings.
bool plain_non_string(const YAML::Node& n) {
    static const std::regex kNonString(
        "|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
        "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])*|[-+]?0x[0-9a-fA-F_]+|[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?"
        "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    return n.Tag() == "?" && std::regex_match(n.Scalar(), kNonString);
}

// Every scalar of `node` has the type its field has in the API types: the integer and boolean
// fields used here are plain integers and booleans, every other field a string (a plain 600 or
// "no" would be refused: "cannot unmarshal number into ... of type string").
void check_scalar_types(const YAML::Node& node, const std::string& key, const std::string& where, Problems& p) {
    if (node.IsMap()) {
        for (const auto& kv : node) {
            if (plain_non_string(kv.first))
                p.push_back(where + ": a key that is not a string: " + kv.first.Scalar());
            check_scalar_types(kv.second, kv.first.Scalar(), where + "." + kv.first.Scalar(), p);
        }
    } else if (node.IsSequence()) {
        for (const auto& item : node)
            check_scalar_types(item, key, where + "[]", p);
    } else if (node.IsScalar()) {
        if (key == "runAsUser" || key == "fsGroup") {
            if (node.Tag() != "?" || !std::regex_match(node.Scalar(), std::regex("[0-9]+")))
                p.push_back(where + ": not an integer");
        } else if (key == "runAsNonRoot" || key == "readOnly") {
            if (node.Tag() != "?" || (node.Scalar() != "true" && node.Scalar() != "false"))
                p.push_back(where + ": not a boolean");
        } else if (plain_non_string(node)) {
            p.push_back(where + ": \"" + node.Scalar() + "\" would be read as a number, boolean or null, not a string");
        }
    }
}

struct Cluster {
    std::set<std::string> namespaces;
    std::map<std::string, std::set<std::string>> secrets;   // name -> keys
    std::map<std::string, YAML::Node> pods;                 // name -> object
};

void check_pod(const YAML::Node& pod, const std::string& where, const Cluster& cluster, Problems& p) {
    only_fields(pod, {"apiVersion", "kind", "metadata", "spec"}, where, p);
    const YAML::Node spec = pod["spec"];
    only_fields(spec, {"restartPolicy", "securityContext", "containers", "volumes"}, where + ".spec", p);
    const std::string restart = scalar(spec["restartPolicy"]);
    if (restart != "Always" && restart != "OnFailure" && restart != "Never")
        p.push_back(where + ".spec.restartPolicy: " + restart);
    if (const YAML::Node sc = spec["securityContext"]) {
        only_fields(sc, {"runAsNonRoot", "runAsUser", "fsGroup"}, where + ".spec.securityContext", p);
        for (const char* f : {"runAsUser", "fsGroup"})
            if (sc[f] && !std::regex_match(scalar(sc[f]), std::regex("[0-9]+")))
                p.push_back(where + ".spec.securityContext." + f + ": not an integer");
        if (sc["runAsNonRoot"] && scalar(sc["runAsNonRoot"]) != "true" && scalar(sc["runAsNonRoot"]) != "false")
            p.push_back(where + ".spec.securityContext.runAsNonRoot: not a boolean");
    }
    std::set<std::string> volumes;
    for (const YAML::Node& v : spec["volumes"]) {
        const std::string name = scalar(v["name"]);
        if (!is_label(name) || !volumes.insert(name).second)
            p.push_back(where + ".spec.volumes: invalid or repeated name " + name);
        only_fields(v, {"name", "secret", "emptyDir"}, where + ".spec.volumes." + name, p);
        if (v["secret"].IsDefined() == v["emptyDir"].IsDefined())
            p.push_back(where + ".spec.volumes." + name + ": exactly one volume source");
        if (v["secret"] && !cluster.secrets.contains(scalar(v["secret"]["secretName"])))
            p.push_back(where + ".spec.volumes." + name + ": no secret " + scalar(v["secret"]["secretName"]));
        if (v["emptyDir"] && !v["emptyDir"].IsMap())
            p.push_back(where + ".spec.volumes." + name + ".emptyDir: not an EmptyDirVolumeSource");
    }
    if (!spec["containers"].IsSequence() || spec["containers"].size() == 0) {
        p.push_back(where + ".spec.containers: required, at least one");
        return;
    }
    std::set<std::string> containers;
    for (const YAML::Node& c : spec["containers"]) {
        const std::string name = scalar(c["name"]);
        const std::string at = where + ".spec.containers." + name;
        if (!is_label(name) || !containers.insert(name).second)
            p.push_back(at + ": invalid or repeated name");
        only_fields(c, {"name", "image", "imagePullPolicy", "args", "resources", "volumeMounts"}, at, p);
        if (scalar(c["image"]).empty())
            p.push_back(at + ".image: required");
        const std::string pull = scalar(c["imagePullPolicy"]);
        if (pull != "Always" && pull != "IfNotPresent" && pull != "Never")
            p.push_back(at + ".imagePullPolicy: " + pull);
        if (!c["args"].IsSequence())
            p.push_back(at + ".args: not a list");
        for (const YAML::Node& a : c["args"])
            if (!a.IsScalar())
                p.push_back(at + ".args: not a string");
        for (const char* kind : {"requests", "limits"})
            for (const auto& kv : c["resources"][kind]) {
                const std::string resource = kv.first.as<std::string>();
                if ((resource != "cpu" && resource != "memory") || !std::regex_match(scalar(kv.second), kQuantity))
                    p.push_back(at + ".resources." + kind + "." + resource + ": invalid");
            }
        for (const YAML::Node& m : c["volumeMounts"]) {
            only_fields(m, {"name", "mountPath", "readOnly"}, at + ".volumeMounts", p);
            if (!volumes.contains(scalar(m["name"])))
                p.push_back(at + ".volumeMounts: no volume " + scalar(m["name"]));
            if (!scalar(m["mountPath"]).starts_with("/"))
                p.push_back(at + ".volumeMounts.mountPath: not absolute");
        }
    }
}

// Parses every document of the folder's YAML files as core/v1 objects; their problems.
Problems check_k8s(const fs::path& dir, Cluster& cluster) {
    Problems p;
    std::vector<std::pair<std::string, YAML::Node>> docs;
    for (const char* file : {"namespace.yaml", "secret.yaml", "nodes.yaml"}) {
        if (!fs::exists(dir / file)) {
            p.push_back(std::string(file) + ": missing");
            continue;
        }
        int i = 0;
        for (const YAML::Node& doc : YAML::LoadAllFromFile((dir / file).string()))
            docs.emplace_back(std::string(file) + "#" + std::to_string(i++), doc);
    }
    for (const auto& [where, doc] : docs) {
        check_scalar_types(doc, {}, where, p);
        if (scalar(doc["apiVersion"]) != "v1")
            p.push_back(where + ": apiVersion " + scalar(doc["apiVersion"]));
        const std::string kind = scalar(doc["kind"]);
        if (kind == "Namespace") {
            only_fields(doc, {"apiVersion", "kind", "metadata"}, where, p);
            check_metadata(doc["metadata"], true, false, where, p);
            cluster.namespaces.insert(scalar(doc["metadata"]["name"]));
        } else if (kind == "Secret") {
            only_fields(doc, {"apiVersion", "kind", "metadata", "type", "data"}, where, p);
            check_metadata(doc["metadata"], false, true, where, p);
            auto& keys = cluster.secrets[scalar(doc["metadata"]["name"])];
            for (const auto& kv : doc["data"]) {
                keys.insert(kv.first.as<std::string>());
                if (!std::regex_match(kv.first.as<std::string>(), kSecretKey) || !std::regex_match(scalar(kv.second), kBase64))
                    p.push_back(where + ".data." + kv.first.as<std::string>() + ": invalid key or not base64");
            }
        } else if (kind != "Pod") {
            p.push_back(where + ": unexpected kind " + kind);
        }
    }
    for (const auto& [where, doc] : docs) {
        if (scalar(doc["kind"]) != "Pod")
            continue;
        check_metadata(doc["metadata"], false, true, where, p);
        if (!cluster.namespaces.contains(scalar(doc["metadata"]["namespace"])))
            p.push_back(where + ": namespace not in the manifests");
        check_pod(doc, where, cluster, p);
        if (!cluster.pods.emplace(scalar(doc["metadata"]["name"]), doc).second)
            p.push_back(where + ": repeated pod name");
    }
    return p;
}

Problems check_compose(const fs::path& dir) {
    Problems p;
    const YAML::Node compose = YAML::LoadFile((dir / "compose.yaml").string());
    only_fields(compose, {"name", "services", "secrets", "volumes", "networks"}, "compose", p);
    check_scalar_types(compose, {}, "compose", p);
    if (!std::regex_match(scalar(compose["name"]), std::regex("[a-z0-9][a-z0-9_-]*")))
        p.push_back("name: invalid project name");
    for (const auto& kv : compose["secrets"]) {
        const std::string file = scalar(kv.second["file"]);
        if (file.empty() || !fs::exists(dir / file))
            p.push_back("secrets." + kv.first.as<std::string>() + ": no file " + file);
    }
    if (!compose["services"].IsMap() || compose["services"].size() == 0)
        p.push_back("services: required");
    for (const auto& kv : compose["services"]) {
        const std::string name = kv.first.as<std::string>();
        const YAML::Node s = kv.second;
        if (!std::regex_match(name, std::regex("[a-zA-Z0-9._-]+")))
            p.push_back("services: invalid name " + name);
        only_fields(s, {"image", "build", "command", "secrets", "extra_hosts", "restart", "labels"}, "services." + name, p);
        if (scalar(s["image"]).empty())
            p.push_back("services." + name + ".image: required");
        if (!fs::exists(dir / scalar(s["build"]["context"]) / scalar(s["build"]["dockerfile"])))
            p.push_back("services." + name + ".build: no such Containerfile");
        if (!s["command"].IsSequence())
            p.push_back("services." + name + ".command: not a list");
        for (const YAML::Node& secret : s["secrets"])
            if (!compose["secrets"][scalar(secret)])
                p.push_back("services." + name + ".secrets: undefined " + scalar(secret));
        for (const YAML::Node& host : s["extra_hosts"])
            if (!std::regex_match(scalar(host), std::regex("[A-Za-z0-9.-]+:([0-9.]+|host-gateway)")))
                p.push_back("services." + name + ".extra_hosts: " + scalar(host));
        const std::string restart = scalar(s["restart"]);
        if (restart != "no" && restart != "always" && restart != "on-failure" && restart != "unless-stopped")
            p.push_back("services." + name + ".restart: " + restart);
        check_string_map(s["labels"], "services." + name + ".labels", false, p);
    }
    return p;
}

// The node id after --node in a command line.
std::string node_of(const YAML::Node& args) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (scalar(args[i]) == "--node")
            return scalar(args[i + 1]);
    return {};
}

class Export : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "distlab-export-test-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
    }
    void TearDown() override { fs::remove_all(dir_); }

    distlab::test_support::ProgramResult cli(const std::vector<std::string>& args) {
        return distlab::test_support::run_program((fs::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string(),
                                                  args, dir_);
    }
    fs::path dir_;
};

// Node ids that are not DNS labels (underscore), two that would collide once mapped, and one
// that YAML 1.1 reads as a boolean.
constexpr const char* kScenario = R"(version: 1
name: export-test
family: testing
title: { en: "Export", zh: "导出" }
summary: { en: "Nodes for an orchestrator.", zh: "交给编排器的节点。" }
duration: 2s
nodes:
  - { id: kv_server, role: server }
  - { id: kv-server, role: server }
  - { id: c1, role: client, params: { target: kv_server, rate: 10 } }
  - { id: "no", role: server }
links: full
)";

TEST_F(Export, KubernetesManifestsAreValidCoreV1ObjectsWithOnePodPerNode) {
    std::ofstream(dir_ / "s.yaml") << kScenario;
    const auto ran = cli({"export", (dir_ / "s.yaml").string(), "--k8s", (dir_ / "k8s").string(), "--lab", "192.0.2.1:7700"});
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    Cluster cluster;
    const Problems problems = check_k8s(dir_ / "k8s", cluster);
    for (const auto& problem : problems)
        ADD_FAILURE() << problem;
    EXPECT_EQ(cluster.namespaces, std::set<std::string>{"distlab"});
    ASSERT_TRUE(cluster.secrets.contains("distlab-credentials"));
    EXPECT_EQ(cluster.secrets["distlab-credentials"], (std::set<std::string>{"cert.pem", "token"}))
        << "the lab's private key never goes to the cluster";
    std::multiset<std::string> nodes;
    for (const auto& [name, pod] : cluster.pods) {
        const YAML::Node args = pod["spec"]["containers"][0]["args"];
        nodes.insert(node_of(args));
        EXPECT_EQ(scalar(args[0]), "--connect");
        EXPECT_EQ(scalar(args[1]), "192.0.2.1:7700");
    }
    EXPECT_EQ(nodes, (std::multiset<std::string>{"c1", "kv-server", "kv_server", "no"}));
    EXPECT_TRUE(fs::exists(dir_ / "k8s" / "Containerfile"));
    EXPECT_EQ(::access((dir_ / "k8s" / "distlab-node").c_str(), X_OK), 0);
    EXPECT_EQ(fs::status(dir_ / "k8s" / "credentials" / "key.pem").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(Export, TheComposeFileHasOneServicePerNodeAndSharesTheCredentials) {
    std::ofstream(dir_ / "s.yaml") << kScenario;
    const auto ran = cli({"export", (dir_ / "s.yaml").string(), "--compose", (dir_ / "compose").string(), "--k8s",
                          (dir_ / "k8s").string(), "--lab", "lab.example:7700"});
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    for (const auto& problem : check_compose(dir_ / "compose"))
        ADD_FAILURE() << problem;
    const YAML::Node compose = YAML::LoadFile((dir_ / "compose" / "compose.yaml").string());
    std::multiset<std::string> nodes;
    for (const auto& kv : compose["services"])
        nodes.insert(node_of(kv.second["command"]));
    EXPECT_EQ(nodes, (std::multiset<std::string>{"c1", "kv-server", "kv_server", "no"}));
    const auto slurp = [](const fs::path& p) {
        std::ostringstream s;
        s << std::ifstream(p).rdbuf();
        return s.str();
    };
    // One lab serves both: the same token and certificate in each folder.
    EXPECT_EQ(slurp(dir_ / "compose" / "credentials" / "token"), slurp(dir_ / "k8s" / "credentials" / "token"));
    EXPECT_EQ(slurp(dir_ / "compose" / "credentials" / "cert.pem"), slurp(dir_ / "k8s" / "credentials" / "cert.pem"));
    EXPECT_NE(slurp(dir_ / "compose" / "Containerfile").find("ENTRYPOINT [\"/usr/bin/distlab-node\"]"), std::string::npos);
}

TEST_F(Export, MissingDestinationsAndLabAddressesAreRefused) {
    std::ofstream(dir_ / "s.yaml") << kScenario;
    EXPECT_EQ(cli({"export", (dir_ / "s.yaml").string()}).exit_code, 2);
    const auto no_lab = cli({"export", (dir_ / "s.yaml").string(), "--k8s", (dir_ / "k8s").string()});
    EXPECT_EQ(no_lab.exit_code, 2);
    EXPECT_NE(no_lab.err.find("--lab"), std::string::npos) << no_lab.err;
    EXPECT_EQ(cli({"export", (dir_ / "s.yaml").string(), "--compose", (dir_ / "c").string(), "--lab", "nohost"}).exit_code, 2);
    EXPECT_FALSE(fs::exists(dir_ / "k8s"));
}

}  // namespace
