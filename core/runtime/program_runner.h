#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/role.h"

namespace distlab::core {

// distlab-node's ProgramPort: runs one program beside the role (the `external` role) with its
// stdin, stdout and stderr on pipes in the node's event loop.
//
// - Started with fork + execvp (argv, never a shell), in its own working directory, with the
//   node's environment plus the spec's. Before exec the child arms PR_SET_PDEATHSIG(SIGKILL),
//   so it dies with the node, which dies with the lab; it stays in the node's process group, so
//   the lab's SIGSTOP / SIGCONT / SIGKILL of the node's group reach it too. An exec that fails
//   comes back as start()'s error with the reason (errno through a close-on-exec pipe).
// - Bounded: a line longer than kMaxLine is dropped (an Oversized event); at most kMaxStdinQueue
//   bytes wait for the program's stdin, beyond which write_line() refuses.
// - Exited comes after the program's last stdout and stderr lines.
//
// Threading: the io_context's one thread. The destructor SIGKILLs and reaps a program still
// running.
class ProgramRunner final : public ProgramPort {
public:
    static constexpr std::size_t kMaxLine = 1 << 20;          // 1 MiB
    static constexpr std::size_t kMaxStdinQueue = 4 << 20;    // 4 MiB

    // `on_events` gets each batch of events (the lines of one read, an exit) from a handler of
    // its own, never from inside start(), write_line() or kill().
    ProgramRunner(boost::asio::io_context& io, std::string default_dir,
                  std::function<void(const std::vector<ProgramEvent>&)> on_events);
    ~ProgramRunner() override;
    ProgramRunner(const ProgramRunner&) = delete;
    ProgramRunner& operator=(const ProgramRunner&) = delete;

    Result<int> start(const ProgramSpec& spec) override;
    bool write_line(std::string_view line) override;
    void kill() override;

private:
    struct Output {
        explicit Output(boost::asio::io_context& io) : fd(io) {}
        boost::asio::posix::stream_descriptor fd;
        std::string partial;          // the line read so far
        bool skipping = false;        // inside an oversized line: drop up to its newline
        bool eof = false;
        std::vector<char> buffer = std::vector<char>(64 * 1024);
    };

    void read(Output& out, ProgramEvent::Kind kind);
    void watch_exit();
    void flush_stdin();
    void maybe_exited();
    void close_all();

    boost::asio::io_context& io_;
    std::string default_dir_;
    std::function<void(const std::vector<ProgramEvent>&)> on_events_;
    pid_t pid_ = -1;
    std::optional<int> wait_status_;   // set once reaped
    bool exit_reported_ = false;
    std::unique_ptr<boost::asio::posix::stream_descriptor> stdin_;
    std::unique_ptr<Output> stdout_;
    std::unique_ptr<Output> stderr_;
    std::unique_ptr<boost::asio::posix::stream_descriptor> pidfd_;
    std::string queued_;               // waiting for the write in flight
    std::string writing_;
    bool write_in_flight_ = false;
    std::shared_ptr<bool> alive_;      // handlers check it: the runner may be gone
};

}  // namespace distlab::core
