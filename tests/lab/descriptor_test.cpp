// What a node process inherits from the lab: nothing but stdin, stdout and stderr. A real run
// (recorded, with the live-metrics server up, as `distlab-cli run --record --metrics-port`) is
// inspected through /proc while its distlab-node processes run.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/metrics_http/metrics_server.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

namespace fs = std::filesystem;

// fd number -> what it refers to ("socket:[123]", "pipe:[45]", "anon_inode:[eventpoll]", a path).
std::map<int, std::string> open_descriptors(const std::string& pid) {
    std::map<int, std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc/" + pid + "/fd", ec)) {
        std::error_code link_ec;
        const fs::path target = fs::read_symlink(entry.path(), link_ec);
        if (!link_ec)
            out[std::stoi(entry.path().filename().string())] = target.string();
    }
    return out;
}

// The pids of this process's distlab-node children.
std::vector<std::string> node_children() {
    std::vector<std::string> out;
    const pid_t self = ::getpid();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string pid = entry.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line))
            continue;
        // "PID (COMM) STATE PPID ...": COMM may hold spaces, so read after the last ')'.
        const auto close = line.rfind(')');
        const auto open = line.find('(');
        if (close == std::string::npos || open == std::string::npos)
            continue;
        std::istringstream rest(line.substr(close + 1));
        std::string state;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid == self && line.substr(open + 1, close - open - 1) == "distlab-node")
            out.push_back(pid);
    }
    return out;
}

// Sockets, pipes and files the lab holds (the objects a node could share with it by inheritance).
bool shareable(const std::string& target) { return !target.starts_with("anon_inode:"); }

TEST(Descriptors, ANodeHoldsOnlyWhatItNeedsAndTheLabOpensEverythingCloseOnExec) {
    const test_support::ScratchDir dir("distlab-fd-test");
    ASSERT_FALSE(dir.path().empty());
    auto scenario = load_scenario_text(R"(version: 1
name: fd-test
family: communication
title: { en: "Descriptors", zh: "描述符" }
summary: { en: "A small run.", zh: "一次小运行。" }
duration: 1500ms
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50 } }
)",
                                       "fd-test.yaml", core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(scenario);

    const std::map<int, std::string> before = open_descriptors("self");
    auto metrics = MetricsServer::start({.port = 0}, [] { return std::string(); });
    ASSERT_TRUE(metrics) << metrics.error().message;

    RunRequest request;
    request.scenario = *scenario;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.run_dir = (dir.path() / "run").string();
    request.record_path = dir.path() / "run.distlab";
    bool inspected = false;
    std::vector<std::string> problems;
    std::size_t lab_descriptors = 0;
    request.on_progress = [&](const RunProgress&) {
        const std::vector<std::string> nodes = node_children();
        if (inspected || nodes.size() < 2)
            return;
        inspected = true;
        // The lab's side: every descriptor opened since the test began (the listening socket, the
        // node connections, the recording, the metrics server, Asio's own) is close-on-exec.
        std::set<std::string> lab_objects;
        for (const auto& [fd, target] : open_descriptors("self")) {
            if (fd <= 2 || before.contains(fd))
                continue;
            ++lab_descriptors;
            const int flags = ::fcntl(fd, F_GETFD);
            if (flags >= 0 && !(flags & FD_CLOEXEC))
                problems.push_back("the lab's descriptor " + std::to_string(fd) + " (" + target +
                                   ") is not close-on-exec");
            if (shareable(target))
                lab_objects.insert(target);
        }
        // A node's side: stdin, stdout, stderr, then only its own sockets, event descriptors and
        // files in its data directory; none is an object the lab holds.
        for (const std::string& pid : nodes) {
            int sockets = 0;
            for (const auto& [fd, target] : open_descriptors(pid)) {
                if (fd <= 2)
                    continue;
                const std::string what = "node pid " + pid + " holds descriptor " + std::to_string(fd) + " (" + target + ")";
                if (lab_objects.contains(target))
                    problems.push_back(what + ", which the lab holds too");
                else if (target.starts_with("socket:"))
                    ++sockets;
                else if (!target.starts_with("anon_inode:") && !target.starts_with(request.run_dir + "/"))
                    problems.push_back(what + ", which it does not need");
            }
            if (sockets != 1)
                problems.push_back("node pid " + pid + " holds " + std::to_string(sockets) +
                                   " sockets of its own; expected its one connection to the lab");
        }
    };

    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(inspected) << "the run ended before both nodes were seen running";
    // The lab has at least its listening socket, two node connections, the recording and the
    // metrics server's socket open during the run: the check above looked at something.
    EXPECT_GE(lab_descriptors, 5u);
    for (const std::string& p : problems)
        ADD_FAILURE() << p;
}

}  // namespace
}  // namespace distlab::netlab
