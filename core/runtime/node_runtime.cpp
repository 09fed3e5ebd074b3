#include "core/runtime/node_runtime.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include <ctime>
#include <iostream>
#include <unistd.h>

namespace distlab::core {

namespace asio = boost::asio;
using asio::ip::tcp;

std::int64_t monotonic_ns() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

NodeRuntime::NodeRuntime(asio::io_context& io, NodeConfig config, std::unique_ptr<Role> role)
    : io_(io), config_(std::move(config)), socket_(io), storage_(config_.data_dir),
      driver_(config_.setup, std::move(role), *this), read_buffer_(64 * 1024) {}

int NodeRuntime::run() {
    boost::system::error_code ec;
    socket_.connect(tcp::endpoint(asio::ip::address_v4::loopback(), config_.lab_port), ec);
    if (ec) {
        std::cerr << "distlab-node " << config_.setup.self << ": cannot connect to the lab on 127.0.0.1:"
                  << config_.lab_port << ": " << ec.message() << "\n";
        return 3;
    }
    socket_.set_option(tcp::no_delay(true), ec);

    Envelope hello;
    hello.kind = FrameKind::Control;
    hello.src = config_.setup.self;
    hello.type = "hello";
    hello.sent_ns = stamp_ns();
    hello.body = Json{{"token", config_.token}, {"pid", ::getpid()}}.dump();
    transmit(std::move(hello));

    start_read();
    io_.run();
    return exit_code_;
}

std::int64_t NodeRuntime::host_now_ns() const { return monotonic_ns() - config_.run_start_ns; }

std::int64_t NodeRuntime::stamp_ns() const { return monotonic_ns(); }

void NodeRuntime::transmit(Envelope env) {
    if (stopping_)
        return;
    encode_frame(env, pending_);
    // Every frame one handler produces (an op completion, the next invocation and its request;
    // a reply and a snapshot) leaves in one write: one syscall, and one wake-up of the lab.
    if (flush_posted_ || write_in_flight_)
        return;
    flush_posted_ = true;
    asio::post(io_, [this] {
        flush_posted_ = false;
        flush_writes();
    });
}

void NodeRuntime::flush_writes() {
    if (write_in_flight_ || pending_.empty() || stopping_)
        return;
    // Everything queued since the last write leaves in one write: batching for free under load.
    writing_.swap(pending_);
    pending_.clear();
    write_in_flight_ = true;
    asio::async_write(socket_, asio::buffer(writing_), [this](boost::system::error_code ec, std::size_t) {
        write_in_flight_ = false;
        writing_.clear();
        if (ec) {
            shutdown(0);                             // the lab went away
            return;
        }
        flush_writes();
    });
}

void NodeRuntime::start_read() {
    socket_.async_read_some(asio::buffer(read_buffer_), [this](boost::system::error_code ec, std::size_t n) {
        if (ec) {
            shutdown(0);                             // EOF or reset: the lab is gone, so are we
            return;
        }
        reader_.feed(std::span<const std::byte>(read_buffer_.data(), n));
        for (;;) {
            auto frame = reader_.next();
            if (!frame) {
                std::cerr << "distlab-node " << config_.setup.self << ": bad frame from the lab: "
                          << frame.error().message << "\n";
                shutdown(3);
                return;
            }
            if (!*frame)
                break;
            handle_frame(**frame);
            if (stopping_)
                return;
        }
        start_read();
    });
}

void NodeRuntime::handle_frame(const Envelope& env) {
    if (env.kind == FrameKind::Control) {
        handle_control(env);
        return;
    }
    if (env.kind == FrameKind::Data && started_)
        driver_.deliver(env);
}

void NodeRuntime::handle_control(const Envelope& env) {
    const Json body = Json::parse(env.body, nullptr, false);
    if (env.type == "start") {
        if (!started_ && body.is_object()) {
            config_.run_start_ns = body.value("run_start_ns", monotonic_ns());
            started_ = true;
            driver_.start();
        }
    } else if (env.type == "stop") {
        driver_.flush();
        // Let the final telemetry leave, then close: the lab reads until EOF.
        asio::post(io_, [this] {
            if (!write_in_flight_ && pending_.empty())
                shutdown(0);
            else
                asio::post(io_, [this] { shutdown(0); });
        });
    } else if (env.type == "clock_skew" && body.is_object()) {
        driver_.set_clock_skew(Duration(body.value("offset_ns", std::int64_t{0})), body.value("drift", 0.0));
    }
}

void NodeRuntime::arm(std::uint64_t key, Duration after) {
    Timer& t = timers_[key];
    const std::uint64_t generation = next_generation_++;
    t.generation = generation;
    auto fire = [this, key, generation](boost::system::error_code ec) {
        if (ec || stopping_)
            return;
        auto it = timers_.find(key);
        if (it == timers_.end() || it->second.generation != generation)
            return;                                  // re-armed or disarmed after it expired
        timers_.erase(it);
        driver_.fire(key);
    };
    if (after <= Duration::zero()) {
        // Due now (a zero service time, an immediate retry): the next loop turn, without a
        // kernel timer and its extra epoll round. An earlier wait on t.timer is now stale.
        asio::post(io_, [fire] { fire({}); });
        return;
    }
    if (!t.timer)
        t.timer = std::make_unique<asio::steady_timer>(io_);
    t.timer->expires_after(after);
    t.timer->async_wait(fire);
}

void NodeRuntime::disarm(std::uint64_t key) {
    timers_.erase(key);                              // destroying the timer cancels its wait
}

void NodeRuntime::shutdown(int exit_code) {
    if (stopping_)
        return;
    stopping_ = true;
    exit_code_ = exit_code;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    timers_.clear();
    io_.stop();
}

}  // namespace distlab::core
