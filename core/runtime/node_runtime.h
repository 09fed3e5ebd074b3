#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/codec/frame.h"
#include "core/host/role_driver.h"
#include "core/runtime/file_storage.h"

namespace distlab::core {

// How distlab-node was started (see app/distlab_node.cpp for the command line).
struct NodeConfig {
    NodeSetup setup;
    std::uint16_t lab_port = 0;
    std::string token;                 // the per-run secret; the lab closes connections without it
    std::int64_t run_start_ns = 0;     // CLOCK_MONOTONIC when the run started (from "start")
    std::string data_dir;
};

// The real host of one role: one OS process, one thread, one TCP connection to the lab's
// fabric on 127.0.0.1. Frames from the lab are data messages for the role or control commands
// (start with the run's clock origin, stop, clock skew); everything the role emits goes back as frames, coalesced per
// write. The node ends when the lab connection closes, so a dead lab leaves no node behind.
//
// Threading: everything runs on the io_context's one thread.
class NodeRuntime final : public HostPort {
public:
    NodeRuntime(boost::asio::io_context& io, NodeConfig config, std::unique_ptr<Role> role);

    // Connects and runs until the lab closes the connection or says stop. Returns the exit code.
    int run();

    // HostPort
    std::int64_t host_now_ns() const override;
    std::int64_t stamp_ns() const override;
    void transmit(Envelope env) override;
    void arm(std::uint64_t key, Duration after) override;
    void disarm(std::uint64_t key) override;
    Storage& storage() override { return storage_; }

private:
    // One-shot timers: an entry lives from arm() until it fires or is disarmed. Every arm gets
    // a fresh generation, so an expiry queued before a re-arm or disarm is recognised as stale.
    struct Timer {
        std::unique_ptr<boost::asio::steady_timer> timer;
        std::uint64_t generation = 0;
    };

    void start_read();
    void handle_frame(const Envelope& env);
    void handle_control(const Envelope& env);
    void flush_writes();
    void shutdown(int exit_code);

    boost::asio::io_context& io_;
    NodeConfig config_;
    boost::asio::ip::tcp::socket socket_;
    FileStorage storage_;
    RoleDriver driver_;
    FrameReader reader_;
    std::vector<std::byte> read_buffer_;
    std::vector<std::byte> pending_;      // frames waiting for the current write to finish
    std::vector<std::byte> writing_;      // the buffer of the write in flight
    bool write_in_flight_ = false;
    bool flush_posted_ = false;           // a flush_writes runs once the current handler returns
    bool started_ = false;
    bool stopping_ = false;
    int exit_code_ = 0;
    std::unordered_map<std::uint64_t, Timer> timers_;
    std::uint64_t next_generation_ = 1;
};

// CLOCK_MONOTONIC in nanoseconds: one clock for every process on the machine.
std::int64_t monotonic_ns();

}  // namespace distlab::core
