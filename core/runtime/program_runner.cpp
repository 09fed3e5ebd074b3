#include "core/runtime/program_runner.h"

#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

namespace distlab::core {

namespace asio = boost::asio;

namespace {

struct Pipe {
    int read = -1;
    int write = -1;
};

bool make_pipe(Pipe& p) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    p.read = fds[0];
    p.write = fds[1];
    return true;
}

void close_fd(int& fd) {
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

std::string quoted(const std::vector<std::string>& argv) {
    std::string text;
    for (const std::string& a : argv)
        text += (text.empty() ? "" : " ") + a;
    return text;
}

}  // namespace

ProgramRunner::ProgramRunner(asio::io_context& io, std::string default_dir,
                             std::function<void(const std::vector<ProgramEvent>&)> on_events)
    : io_(io), default_dir_(std::move(default_dir)), on_events_(std::move(on_events)),
      alive_(std::make_shared<bool>(true)) {
    // A write to a program that died must be an error (EPIPE), not the node's death.
    std::signal(SIGPIPE, SIG_IGN);
}

ProgramRunner::~ProgramRunner() {
    *alive_ = false;
    if (pid_ > 0 && !wait_status_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    close_all();
}

void ProgramRunner::close_all() {
    boost::system::error_code ignored;
    if (stdin_)
        stdin_->close(ignored);
    if (stdout_)
        stdout_->fd.close(ignored);
    if (stderr_)
        stderr_->fd.close(ignored);
    if (pidfd_)
        pidfd_->close(ignored);
}

Result<int> ProgramRunner::start(const ProgramSpec& spec) {
    if (pid_ > 0)
        return fail("the program was started already (pid " + std::to_string(pid_) +
                    "); a restart of the node starts it again");
    if (spec.argv.empty() || spec.argv[0].empty())
        return fail("no program to start: the command is empty");
    const std::string dir = spec.dir.empty() ? default_dir_ : spec.dir;
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
        return fail("cannot start " + spec.argv[0] + ": the working directory " + dir + " does not exist");
    for (const std::string& e : spec.env)
        if (e.find('=') == std::string::npos || e.front() == '=')
            return fail("cannot start " + spec.argv[0] + ": the environment entry \"" + e + "\" is not NAME=VALUE");

    Pipe in, out, err, exec_error;
    if (!make_pipe(in) || !make_pipe(out) || !make_pipe(err) || !make_pipe(exec_error)) {
        const int saved = errno;
        for (Pipe* p : {&in, &out, &err, &exec_error}) {
            close_fd(p->read);
            close_fd(p->write);
        }
        return fail("cannot start " + spec.argv[0] + ": no pipes: " + std::strerror(saved));
    }
    std::vector<std::string> args = spec.argv;
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env = spec.env;
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid == 0) {
        // The child: die with the node (and so with the lab), then become the program.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        ::dup2(in.read, STDIN_FILENO);
        ::dup2(out.write, STDOUT_FILENO);
        ::dup2(err.write, STDERR_FILENO);
        // Everything else closes: the pipes above are close-on-exec, the lab connection too,
        // and nothing the node inherited reaches the program.
        ::syscall(SYS_close_range, STDERR_FILENO + 1, exec_error.write - 1, 0);
        ::syscall(SYS_close_range, exec_error.write + 1, ~0U, 0);
        std::signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (std::string& e : env)
            ::putenv(e.data());
        int failure = 0;
        if (!dir.empty() && ::chdir(dir.c_str()) != 0)
            failure = errno;
        if (failure == 0) {
            ::execvp(argv[0], argv.data());
            failure = errno;
        }
        [[maybe_unused]] const auto n = ::write(exec_error.write, &failure, sizeof failure);
        ::_exit(127);
    }
    const int fork_errno = errno;
    close_fd(in.read);
    close_fd(out.write);
    close_fd(err.write);
    close_fd(exec_error.write);
    if (pid < 0) {
        for (int* fd : {&in.write, &out.read, &err.read, &exec_error.read})
            close_fd(*fd);
        return fail("cannot start " + spec.argv[0] + ": fork failed: " + std::strerror(fork_errno));
    }
    // The exec either happened (the pipe closes empty) or failed (its errno arrives).
    int failure = 0;
    ssize_t n;
    do {
        n = ::read(exec_error.read, &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    close_fd(exec_error.read);
    if (n == static_cast<ssize_t>(sizeof failure)) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        for (int* fd : {&in.write, &out.read, &err.read})
            close_fd(*fd);
        return fail("cannot start " + quoted(spec.argv) + " (in " + (dir.empty() ? std::string(".") : dir) + "): " +
                    std::strerror(failure));
    }

    pid_ = pid;
    for (int fd : {in.write, out.read, err.read})
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    stdin_ = std::make_unique<asio::posix::stream_descriptor>(io_, in.write);
    stdout_ = std::make_unique<Output>(io_);
    stdout_->fd.assign(out.read);
    stderr_ = std::make_unique<Output>(io_);
    stderr_->fd.assign(err.read);
    read(*stdout_, ProgramEvent::Kind::Stdout);
    read(*stderr_, ProgramEvent::Kind::Stderr);
    watch_exit();
    return static_cast<int>(pid);
}

void ProgramRunner::read(Output& out, ProgramEvent::Kind kind) {
    out.fd.async_read_some(asio::buffer(out.buffer), [this, &out, kind, alive = alive_](boost::system::error_code ec,
                                                                                         std::size_t n) {
        if (!*alive || ec == asio::error::operation_aborted)
            return;
        std::vector<ProgramEvent> events;
        const auto line_event = [&](std::string text) {
            ProgramEvent e;
            e.kind = kind;
            e.text = std::move(text);
            e.pid = pid_;
            events.push_back(std::move(e));
        };
        const std::string_view stream = kind == ProgramEvent::Kind::Stdout ? "stdout" : "stderr";
        std::string_view data(out.buffer.data(), ec ? 0 : n);
        while (!data.empty()) {
            const auto newline = data.find('\n');
            const std::string_view piece = data.substr(0, newline);
            if (!out.skipping) {
                if (out.partial.size() + piece.size() > kMaxLine) {
                    ProgramEvent e;
                    e.kind = ProgramEvent::Kind::Oversized;
                    e.text = "a line on " + std::string(stream) + " longer than " + std::to_string(kMaxLine) +
                             " bytes was dropped";
                    e.pid = pid_;
                    events.push_back(std::move(e));
                    out.partial.clear();
                    out.skipping = true;
                } else {
                    out.partial.append(piece);
                }
            }
            if (newline == std::string_view::npos)
                break;
            if (!out.skipping)
                line_event(std::exchange(out.partial, {}));
            out.skipping = false;
            data.remove_prefix(newline + 1);
        }
        if (ec) {
            // EOF (or a broken pipe): a last line without its newline still counts.
            if (!out.partial.empty() && !out.skipping)
                line_event(std::exchange(out.partial, {}));
            out.eof = true;
        }
        if (!events.empty())
            on_events_(events);
        if (!*alive)
            return;
        if (out.eof)
            maybe_exited();
        else
            read(out, kind);
    });
}

void ProgramRunner::watch_exit() {
    const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (fd < 0) {
        // No pidfd (an old kernel): the program's exit shows as its pipes closing.
        return;
    }
    pidfd_ = std::make_unique<asio::posix::stream_descriptor>(io_, fd);
    pidfd_->async_wait(asio::posix::stream_descriptor::wait_read, [this, alive = alive_](boost::system::error_code ec) {
        if (!*alive || ec == asio::error::operation_aborted)
            return;
        int status = 0;
        pid_t r;
        do {
            r = ::waitpid(pid_, &status, WNOHANG);
        } while (r < 0 && errno == EINTR);
        if (r == 0) {
            watch_exit();
            return;
        }
        wait_status_ = status;
        maybe_exited();
    });
}

void ProgramRunner::maybe_exited() {
    if (exit_reported_ || !stdout_->eof || !stderr_->eof)
        return;
    if (!wait_status_) {
        if (pidfd_)
            return;                                  // the pidfd's handler comes back here
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        wait_status_ = status;
    }
    exit_reported_ = true;
    ProgramEvent e;
    e.kind = ProgramEvent::Kind::Exited;
    e.pid = pid_;
    if (WIFEXITED(*wait_status_))
        e.code = WEXITSTATUS(*wait_status_);
    else if (WIFSIGNALED(*wait_status_))
        e.signal = WTERMSIG(*wait_status_);
    close_all();
    on_events_({e});
}

bool ProgramRunner::write_line(std::string_view line) {
    if (!stdin_ || !stdin_->is_open() || pid_ <= 0 || wait_status_)
        return false;
    if (queued_.size() + writing_.size() + line.size() + 1 > kMaxStdinQueue)
        return false;
    queued_.append(line);
    queued_.push_back('\n');
    flush_stdin();
    return true;
}

void ProgramRunner::flush_stdin() {
    if (write_in_flight_ || queued_.empty() || !stdin_ || !stdin_->is_open())
        return;
    writing_.swap(queued_);
    queued_.clear();
    write_in_flight_ = true;
    asio::async_write(*stdin_, asio::buffer(writing_), [this, alive = alive_](boost::system::error_code ec, std::size_t) {
        if (!*alive)
            return;
        write_in_flight_ = false;
        writing_.clear();
        if (ec) {
            // The program closed its stdin or ended: what waits is lost with it.
            queued_.clear();
            return;
        }
        flush_stdin();
    });
}

void ProgramRunner::kill() {
    if (pid_ > 0 && !wait_status_)
        ::kill(pid_, SIGKILL);
}

}  // namespace distlab::core
