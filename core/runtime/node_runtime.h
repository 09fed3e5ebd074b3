#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/codec/frame.h"
#include "core/host/role_driver.h"
#include "core/runtime/file_storage.h"
#include "core/runtime/program_runner.h"

namespace distlab::core {

// Makes the role of a node that joined from elsewhere, from the lab's "setup" frame (the same
// option names as distlab-node's command line, as strings); fills `setup` and returns the role,
// or an error text.
using SetupRole = std::function<Result<std::unique_ptr<Role>>(NodeSetup& setup, const Json& options)>;

// How distlab-node was started (see app/distlab_node.cpp for the command line).
struct NodeConfig {
    NodeSetup setup;
    std::string lab_host = "127.0.0.1";
    std::uint16_t lab_port = 0;
    std::string token;                 // the per-run secret; the lab closes connections without it
    std::int64_t run_start_ns = 0;     // CLOCK_MONOTONIC when the run started (from "start")
    std::string data_dir;
    std::shared_ptr<boost::asio::ssl::context> tls;   // set: the lab is reached over TLS
    SetupRole join;                    // set: a remote node, whose role the lab's setup names
};

// distlab-node's exit codes besides 0 (the lab said stop) and 2 (bad command line).
inline constexpr int kExitNoLab = 3;           // could not connect, or a broken frame
inline constexpr int kExitRefused = 4;         // the lab refused the token or the node
inline constexpr int kExitLabLost = 5;         // the connection ended without a stop (killed by the lab)
inline constexpr int kExitNotNow = 6;          // a remote node the lab does not want yet (killed, not restarted)

// The real host of one role: one OS process, one thread, one TCP connection to the lab's
// fabric on 127.0.0.1 (or, for a node on another machine, a TLS connection to wherever the lab
// listens; its role then comes in the lab's "setup" frame). Frames from the lab are data messages for the role or control commands
// (start with the run's clock origin, stop, clock skew); everything the role emits goes back as frames, coalesced per
// write. The node ends when the lab connection closes, so a dead lab leaves no node behind.
//
// Latency: work happens in turns (a read, a timer expiry). Timers armed for zero fire at the
// end of the turn that armed them, each in its own role step, and then everything the turn
// produced leaves in one non-blocking write, before the next read: a request is answered
// without any further trip through the event loop (docs/performance.md, issue 2).
//
// Threading: everything runs on the io_context's one thread.
class NodeRuntime final : public HostPort {
public:
    NodeRuntime(boost::asio::io_context& io, NodeConfig config, std::unique_ptr<Role> role);
    // A remote node: the role comes with the lab's setup (config.join).
    NodeRuntime(boost::asio::io_context& io, NodeConfig config);

    // Connects and runs until the lab closes the connection or says stop. Returns the exit code.
    int run();

    // HostPort
    std::int64_t host_now_ns() const override;
    std::int64_t stamp_ns() const override;
    void transmit(Envelope env) override;
    void arm(std::uint64_t key, Duration after) override;
    void disarm(std::uint64_t key) override;
    Storage& storage() override { return storage_; }
    // The program runner, made on first use (only the external role asks); its events reach
    // the role as turns of their own.
    ProgramPort* program() override;

private:
    // One-shot timers live in armed_ (key -> the generation of its current arm) from arm()
    // until they fire or are disarmed. Their deadlines wait in a min-heap under one Asio timer
    // set for the earliest, so a call's deadline costs no kernel timer, no allocation and no
    // cancellation when the reply comes first (the usual case): disarm only forgets the key,
    // and its heap entry, now of a stale generation, is skipped when it comes up (or dropped
    // when stale entries outnumber live ones).
    using Clock = boost::asio::steady_timer::clock_type;
    struct Deadline {
        Clock::time_point at;
        std::uint64_t key;
        std::uint64_t generation;
    };

    core::Result<void> connect();
    void start_read();
    void handle_frame(const Envelope& env);
    void handle_control(const Envelope& env);
    // Runs f as one turn: then the zero timers it armed, then one write of what it produced.
    template <class F>
    void turn(F&& f);
    void post_turn();                     // a turn for work that arose outside one
    void run_due_now();
    void fire_timer(std::uint64_t key, std::uint64_t generation);
    bool is_current(const Deadline& d) const;
    void set_wake(Clock::time_point at);  // the Asio timer, for the earliest deadline
    void run_expired();
    void flush_writes();
    void send_before_syncs();
    int lost_exit_code() const;
    void shutdown(int exit_code);

    boost::asio::io_context& io_;
    NodeConfig config_;
    boost::asio::ip::tcp::socket socket_;
    std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;   // over socket_
    FileStorage storage_;
    std::unique_ptr<RoleDriver> driver_;  // a remote node's, once its setup came
    FrameReader reader_;
    std::vector<std::byte> read_buffer_;
    std::vector<std::byte> pending_;      // frames waiting for the current write to finish
    std::vector<std::byte> writing_;      // the buffer of the write in flight
    bool write_in_flight_ = false;
    bool in_turn_ = false;
    bool turn_posted_ = false;            // a turn runs once the current handler returns
    // Zero timers (key, generation) to fire at the end of the current turn.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> due_now_;
    bool started_ = false;
    bool stop_received_ = false;
    bool stopping_ = false;
    int exit_code_ = 0;
    std::unordered_map<std::uint64_t, std::uint64_t> armed_;
    std::vector<Deadline> deadlines_;     // a min-heap by `at`
    boost::asio::steady_timer wake_;
    std::optional<Clock::time_point> wake_at_;   // when wake_ fires, if set
    std::uint64_t next_generation_ = 1;
    std::unique_ptr<ProgramRunner> program_;   // declared last: destroyed (its program killed) first
};

// CLOCK_MONOTONIC in nanoseconds: one clock for every process on the machine.
std::int64_t monotonic_ns();

}  // namespace distlab::core
