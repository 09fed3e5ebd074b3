#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "core/model/ids.h"
#include "core/model/result.h"

namespace boost::asio {
class io_context;
}

namespace distlab::netlab {

// How to start one node process: the binary, its arguments (argv[1..]) and extra environment.
struct ProcessSpec {
    std::string binary;
    std::vector<std::string> args;
    std::vector<std::string> env;      // "NAME=value", added to the lab's environment
};

// How a process ended.
struct ExitStatus {
    int code = -1;                     // exit code, or -1 when killed by a signal
    int signal = 0;                    // the signal that killed it, or 0
};

// Starts, signals and reaps node processes. Children are started with posix_spawn and an argv
// (never a shell) and inherit only stdin, stdout and stderr; each is told the lab's pid (DISTLAB_LAB_PID) and arms PR_SET_PDEATHSIG(SIGKILL)
// itself, so it dies with the lab. Exits are watched through a pidfd on the lab's io_context,
// so they are reported without a SIGCHLD handler.
//
// Threading: all calls and callbacks on the io_context's thread.
class Supervisor {
public:
    explicit Supervisor(boost::asio::io_context& io);
    ~Supervisor();                     // SIGKILLs and reaps every child still running
    Supervisor(const Supervisor&) = delete;
    Supervisor& operator=(const Supervisor&) = delete;

    // Starts `node`. Requires: no process of that node is running.
    core::Result<pid_t> spawn(const core::NodeId& node, const ProcessSpec& spec);
    bool signal(const core::NodeId& node, int signo);    // SIGKILL, SIGSTOP, SIGCONT, ... to the node's process group
    std::optional<pid_t> pid(const core::NodeId& node) const;
    bool running(const core::NodeId& node) const { return pid(node).has_value(); }
    // SIGKILLs every child and reaps them (blocking, bounded: the kernel reaps killed children fast).
    void kill_all();

    // Called once per process when it has exited (already reaped).
    std::function<void(const core::NodeId&, pid_t, ExitStatus)> on_exit;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace distlab::netlab
