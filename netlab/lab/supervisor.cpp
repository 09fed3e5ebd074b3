#include "netlab/lab/supervisor.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace distlab::netlab {

namespace asio = boost::asio;

namespace {

int open_pidfd(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

ExitStatus decode_status(int status) {
    ExitStatus out;
    if (WIFEXITED(status))
        out.code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        out.signal = WTERMSIG(status);
    return out;
}

}  // namespace

struct Supervisor::Impl {
    struct Child {
        pid_t pid;
        std::unique_ptr<asio::posix::stream_descriptor> pidfd;
    };

    explicit Impl(asio::io_context& io_) : io(io_) {}

    void watch(const core::NodeId& node, Child& child);
    void reap(const core::NodeId& node, pid_t pid);

    asio::io_context& io;
    std::map<core::NodeId, Child, std::less<>> children;
    Supervisor* owner = nullptr;
};

Supervisor::Supervisor(asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {
    impl_->owner = this;
}

Supervisor::~Supervisor() {
    on_exit = nullptr;                               // the owner may be half destroyed by now
    kill_all();
}

core::Result<pid_t> Supervisor::spawn(const core::NodeId& node, const ProcessSpec& spec) {
    if (impl_->children.contains(node))
        return core::fail("node " + node + " is already running");

    std::vector<std::string> storage;
    storage.push_back(spec.binary);
    storage.insert(storage.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> argv;
    for (auto& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage(spec.env.begin(), spec.env.end());
    env_storage.push_back("DISTLAB_LAB_PID=" + std::to_string(::getpid()));
    std::vector<char*> envp;
    for (char** e = environ; e && *e; ++e)
        envp.push_back(*e);
    for (auto& s : env_storage)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    // posix_spawn (clone with CLONE_VFORK in glibc) costs the same for a small or a big lab;
    // fork would copy the lab's page tables per node. The child cannot run code before exec,
    // so distlab-node arms PR_SET_PDEATHSIG itself and checks DISTLAB_LAB_PID against getppid().
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);             // a terminal's Ctrl-C goes to the lab only
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
    // The node keeps stdin, stdout and stderr and nothing else: the lab opens its own descriptors
    // close-on-exec, but a descriptor another thread or library opened without it (or one the
    // lab itself inherited) must not reach the node either.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return core::fail("cannot start node " + node + " (" + spec.binary + "): " + std::strerror(rc));

    Impl::Child& child = impl_->children[node];
    child.pid = pid;
    const int fd = open_pidfd(pid);
    if (fd >= 0) {
        child.pidfd = std::make_unique<asio::posix::stream_descriptor>(impl_->io, fd);
        impl_->watch(node, child);
    }
    return pid;
}

void Supervisor::Impl::watch(const core::NodeId& node, Child& child) {
    const pid_t pid = child.pid;
    child.pidfd->async_wait(asio::posix::stream_descriptor::wait_read,
                            [this, node, pid](boost::system::error_code ec) {
                                if (ec == asio::error::operation_aborted)
                                    return;
                                reap(node, pid);
                            });
}

void Supervisor::Impl::reap(const core::NodeId& node, pid_t pid) {
    int status = 0;
    pid_t r;
    do {
        r = ::waitpid(pid, &status, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {                                    // readable but not yet reapable: wait again
        auto it = children.find(node);
        if (it != children.end() && it->second.pid == pid)
            watch(node, it->second);
        return;
    }
    auto it = children.find(node);
    if (it != children.end() && it->second.pid == pid)
        children.erase(it);
    if (owner->on_exit)
        owner->on_exit(node, pid, r == pid ? decode_status(status) : ExitStatus{});
}

bool Supervisor::signal(const core::NodeId& node, int signo) {
    auto it = impl_->children.find(node);
    if (it == impl_->children.end())
        return false;
    // The node leads its own process group (setpgroup above), which holds what it started too
    // (an external role's program): a pause, resume or kill reaches them all.
    return ::kill(-it->second.pid, signo) == 0 || ::kill(it->second.pid, signo) == 0;
}

std::optional<pid_t> Supervisor::pid(const core::NodeId& node) const {
    auto it = impl_->children.find(node);
    if (it == impl_->children.end())
        return std::nullopt;
    return it->second.pid;
}

void Supervisor::kill_all() {
    auto children = std::move(impl_->children);
    impl_->children.clear();
    for (auto& [node, child] : children) {
        ::kill(-child.pid, SIGKILL);                 // the node's group: the programs it runs too
        ::kill(child.pid, SIGKILL);
    }
    for (auto& [node, child] : children) {
        int status = 0;
        while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (child.pidfd)
            child.pidfd->close();
        if (on_exit)
            on_exit(node, child.pid, decode_status(status));
    }
}

}  // namespace distlab::netlab
