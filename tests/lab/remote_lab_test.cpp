// Nodes beyond one machine (docs/beyond-one-machine.md), on real processes: the lab listens on
// a non-loopback address of this machine with TLS, and every node is started by hand with
// `distlab-node --connect`, as on a remote host (no parent lab, no inherited token). The shipped
// leader-failover scenario runs and passes over it, its kill and restart included; a node with a
// wrong token, and one that trusts another certificate, are refused and the lab logs why.

#include <gtest/gtest.h>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "core/runtime/node_runtime.h"
#include "core/runtime/tls.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/run_program.h"
#include "tests/support/scratch_dir.h"

extern char** environ;

namespace distlab::netlab {
namespace {

// An IPv4 address of an interface that is up and not loopback, if the machine has one.
std::optional<std::string> non_loopback_ipv4() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0)
        return std::nullopt;
    std::optional<std::string> found;
    for (const ifaddrs* a = list; a && !found; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || !(a->ifa_flags & IFF_UP) || (a->ifa_flags & IFF_LOOPBACK))
            continue;
        char text[INET_ADDRSTRLEN];
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text))
            found = text;
    }
    ::freeifaddrs(list);
    return found;
}

constexpr const char* kNoAddress =
    "this machine has no non-loopback IPv4 address (only lo is up); 127.0.0.2 and the rest of 127/8 are still "
    "loopback, where the lab serves no TLS, so the test would not show what it claims and is skipped";

// Nodes started by hand with an argv (never a shell), killed and reaped when the test ends.
class HandStartedNodes {
public:
    ~HandStartedNodes() {
        for (const pid_t pid : pids_) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
    pid_t start(std::vector<std::string> args) {
        args.insert(args.begin(), DISTLAB_NODE_BINARY);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        if (::posix_spawn(&pid, DISTLAB_NODE_BINARY, nullptr, nullptr, argv.data(), environ) != 0)
            return 0;
        pids_.push_back(pid);
        return pid;
    }
    // The exit code of `pid` once it has exited, within `deadline`; nullopt if it did not.
    std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds deadline) {
        const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
        if (fd < 0)
            return std::nullopt;
        pollfd p{fd, POLLIN, 0};
        const bool exited = ::poll(&p, 1, static_cast<int>(deadline.count())) == 1;
        ::close(fd);
        int status = 0;
        if (!exited || ::waitpid(pid, &status, 0) != pid)
            return std::nullopt;
        std::erase(pids_, pid);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    const std::vector<pid_t>& pids() const { return pids_; }

private:
    std::vector<pid_t> pids_;
};

Scenario load_shipped(const std::string& relative) {
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative, core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << relative;
    return loaded ? *loaded : Scenario{};
}

std::vector<std::string> lab_log(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events)
        if (e.kind == EventKind::Log && e.node == "lab")
            out.push_back(e.data);
    return out;
}

bool logged(const std::vector<Event>& events, std::string_view text) {
    for (const std::string& line : lab_log(events))
        if (line.find(text) != std::string::npos)
            return true;
    return false;
}

TEST(RemoteNodes, HandStartedNodesJoinOverTlsOnANonLoopbackAddressAndTheScenarioPasses) {
    const auto address = non_loopback_ipv4();
    if (!address)
        GTEST_SKIP() << kNoAddress;
    const Scenario scenario = load_shipped("consensus/leader-failover.yaml");
    ASSERT_FALSE(scenario.nodes.empty());
    const test_support::ScratchDir dir("distlab-remote-test");
    HandStartedNodes nodes;

    RunRequest request;
    request.scenario = scenario;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.listen.address = *address;
    request.listen.all_remote = true;
    request.listen.join_timeout = std::chrono::seconds(20);
    bool tls = false;
    request.on_listening = [&](const JoinInfo& join) {
        tls = join.tls;
        for (const NodeSpec& node : scenario.nodes)
            nodes.start({"--connect", join.address + ":" + std::to_string(join.port), "--token", join.token,
                         "--fingerprint", join.fingerprint, "--node", node.id, "--data-dir",
                         (dir.path() / node.id).string(), "--wait", "20"});
    };
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(tls) << "a lab on " << *address << " must serve TLS";
    for (const CheckResult& check : outcome->checks)
        EXPECT_EQ(check.verdict, Verdict::Pass) << check.name << ": " << check.detail;
    EXPECT_TRUE(outcome->passed);

    // Every node joined from the address, over the network stack rather than 127.0.0.1; the
    // killed leader was cut off, and joined again after the restart.
    int joins = 0;
    int started_remote = 0;
    for (const Event& e : outcome->events) {
        if (e.kind == EventKind::Log && e.node != "lab" && e.data.find("joined from " + *address) != std::string::npos)
            ++joins;
        if (e.kind == EventKind::NodeStarted && core::Json::parse(e.data).value("remote", std::string{}).starts_with(*address))
            ++started_remote;
    }
    EXPECT_EQ(joins, static_cast<int>(scenario.nodes.size()) + 1) << "one join per node, and the killed leader's rejoin";
    EXPECT_EQ(started_remote, static_cast<int>(scenario.nodes.size()) + 1);
    bool killed_remote = false;
    for (const Event& e : outcome->events)
        if (e.kind == EventKind::NodeExited) {
            const auto data = core::Json::parse(e.data);
            killed_remote = killed_remote || (data.value("cause", std::string{}) == "fault" && data.value("remote", false));
        }
    EXPECT_TRUE(killed_remote);

    // The run's end is a stop: every node exits 0 (none is left retrying).
    for (const pid_t pid : std::vector<pid_t>(nodes.pids()))
        EXPECT_EQ(nodes.wait_exit(pid, std::chrono::seconds(10)), 0);
}

TEST(RemoteNodes, AWrongTokenOrAnotherCertificateIsRefusedAndLogged) {
    const auto address = non_loopback_ipv4();
    if (!address)
        GTEST_SKIP() << kNoAddress;
    auto loaded = load_scenario_text(R"(version: 1
name: remote-refusals
family: testing
title: { en: "Refusals", zh: "拒绝" }
summary: { en: "A node with a wrong token is refused.", zh: "令牌错误的节点被拒绝。" }
duration: 1s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50 } }
links: full
)",
                                     "refusals.yaml", core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded);
    const test_support::ScratchDir dir("distlab-remote-test");
    HandStartedNodes nodes;
    RunRequest request;
    request.scenario = *loaded;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.listen.address = *address;
    request.listen.remote = {"s1"};                  // c1 is started by the lab, over TLS too
    request.listen.join_timeout = std::chrono::seconds(20);
    pid_t wrong = 0, empty = 0, other = 0;
    request.on_listening = [&](const JoinInfo& join) {
        const std::string target = join.address + ":" + std::to_string(join.port);
        const std::string data = (dir.path() / "s1").string();
        // Whichever comes first, the impostors cannot take the real s1's place: the token is
        // checked before the node id.
        wrong = nodes.start({"--connect", target, "--token", std::string(join.token.size(), '0'), "--fingerprint",
                             join.fingerprint, "--node", "s1", "--data-dir", data, "--wait", "0"});
        empty = nodes.start({"--connect", target, "--token", "", "--fingerprint", join.fingerprint, "--node", "s1",
                             "--data-dir", data, "--wait", "0"});
        other = nodes.start({"--connect", target, "--token", join.token, "--fingerprint", std::string(64, 'a'), "--node",
                             "s1", "--data-dir", data, "--wait", "0"});
        nodes.start({"--connect", target, "--token", join.token, "--fingerprint", join.fingerprint, "--node", "s1",
                     "--data-dir", data, "--wait", "20"});
    };
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(nodes.wait_exit(wrong, std::chrono::seconds(10)), core::kExitRefused);
    EXPECT_EQ(nodes.wait_exit(empty, std::chrono::seconds(10)), core::kExitRefused);
    EXPECT_EQ(nodes.wait_exit(other, std::chrono::seconds(10)), core::kExitNoLab) << "the node does not trust a certificate it was not told of";
    EXPECT_TRUE(logged(outcome->events, "(node \"s1\") was refused: wrong token"));
    EXPECT_TRUE(logged(outcome->events, "(node \"s1\") was refused: no token"));
    EXPECT_TRUE(logged(outcome->events, "failed the TLS handshake"));
    // The real s1 joined after them and served c1 (started by the lab, also over TLS).
    int replies = 0;
    for (const Event& e : outcome->events)
        if (e.kind == EventKind::MessageDelivered && e.node == "c1")
            ++replies;
    EXPECT_GT(replies, 5);
}

// On loopback (the default) a node may still join by hand: no TLS there, the token as always.
TEST(RemoteNodes, ANodeJoinsALoopbackLabWithTheTokenAndNoTls) {
    auto loaded = load_scenario_text(R"(version: 1
name: remote-loopback
family: testing
title: { en: "Loopback", zh: "回环" }
summary: { en: "A node joins by hand on loopback.", zh: "一个节点在回环上手动加入。" }
duration: 1s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50 } }
links: full
)",
                                     "loopback.yaml", core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded);
    const test_support::ScratchDir dir("distlab-remote-test");
    HandStartedNodes nodes;
    RunRequest request;
    request.scenario = *loaded;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.listen.remote = {"s1"};
    request.listen.join_timeout = std::chrono::seconds(20);
    std::optional<JoinInfo> joined;
    pid_t s1 = 0;
    request.on_listening = [&](const JoinInfo& join) {
        joined = join;
        s1 = nodes.start({"--connect", "127.0.0.1:" + std::to_string(join.port), "--token", join.token, "--node", "s1",
                          "--data-dir", (dir.path() / "s1").string(), "--wait", "20"});
    };
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->address, "127.0.0.1");
    EXPECT_FALSE(joined->tls);
    EXPECT_TRUE(joined->fingerprint.empty());
    int replies = 0;
    for (const Event& e : outcome->events)
        if (e.kind == EventKind::MessageDelivered && e.node == "c1")
            ++replies;
    EXPECT_GT(replies, 5);
    EXPECT_EQ(nodes.wait_exit(s1, std::chrono::seconds(10)), 0);
}

// What `distlab-cli export` writes is what a lab and a container use: the lab serves the exported
// certificate and token (--credentials), a node started as the manifests start it (--token-file,
// --ca: the files the Secret mounts) joins, over TLS on a non-loopback address.
TEST(RemoteNodes, ANodeJoinsWithTheExportedCredentialsAsTheManifestsStartIt) {
    const auto address = non_loopback_ipv4();
    if (!address)
        GTEST_SKIP() << kNoAddress;
    const test_support::ScratchDir dir("distlab-remote-test");
    const std::string scenario_file = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/consensus/leader-failover.yaml";
    const std::string cli = (std::filesystem::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();
    const auto exported = test_support::run_program(
        cli, {"export", scenario_file, "--compose", (dir.path() / "compose").string(), "--lab", *address + ":7700"}, dir.path());
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    const std::filesystem::path credentials = dir.path() / "compose" / "credentials";

    Scenario scenario = load_shipped("consensus/leader-failover.yaml");
    scenario.duration = std::chrono::seconds(2);     // joining is the point here, not the failover
    scenario.faults.clear();
    scenario.checks.clear();
    HandStartedNodes nodes;
    RunRequest request;
    request.scenario = scenario;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.listen.address = *address;
    request.listen.remote = {"n1"};
    request.listen.credentials_dir = credentials.string();
    request.listen.join_timeout = std::chrono::seconds(20);
    std::optional<JoinInfo> joined;
    pid_t n1 = 0;
    request.on_listening = [&](const JoinInfo& join) {
        joined = join;
        n1 = nodes.start({"--connect", join.address + ":" + std::to_string(join.port), "--node", "n1", "--token-file",
                          (credentials / "token").string(), "--ca", (credentials / "cert.pem").string(), "--data-dir",
                          (dir.path() / "n1").string(), "--wait", "20"});
    };
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(joined);
    EXPECT_TRUE(joined->tls);
    std::ifstream token_file(credentials / "token");
    std::string token;
    std::getline(token_file, token);
    EXPECT_EQ(joined->token, token) << "the lab serves the exported token, not one of its own";
    EXPECT_EQ(core::tls::fingerprint(joined->cert_pem).value_or(""), joined->fingerprint);
    bool n1_joined = false;
    for (const Event& e : outcome->events)
        n1_joined = n1_joined || (e.kind == EventKind::NodeStarted && e.node == "n1" &&
                                  core::Json::parse(e.data).contains("remote"));
    EXPECT_TRUE(n1_joined);
    EXPECT_EQ(nodes.wait_exit(n1, std::chrono::seconds(10)), 0);
}

}  // namespace
}  // namespace distlab::netlab
