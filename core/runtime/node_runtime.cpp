#include "core/runtime/node_runtime.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
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
      driver_(std::make_unique<RoleDriver>(config_.setup, std::move(role), *this)), read_buffer_(64 * 1024), wake_(io) {
    send_before_syncs();
}

NodeRuntime::NodeRuntime(asio::io_context& io, NodeConfig config)
    : io_(io), config_(std::move(config)), socket_(io), storage_(config_.data_dir), read_buffer_(64 * 1024), wake_(io) {
    send_before_syncs();
}

// The frames of a turn leave in one write at its end, but a sync to disk is the longest wait of
// a turn: what the role sent before it leaves first (a leader's appends, a coordinator's writes
// to the other replicas), so that the peers write to their disks while this node writes to its.
void NodeRuntime::send_before_syncs() {
    storage_.before_sync([this] { flush_writes(); });
}

// Connects to the lab (a name or an address), in TLS when configured.
core::Result<void> NodeRuntime::connect() {
    boost::system::error_code ec;
    tcp::resolver resolver(io_);
    const auto endpoints = resolver.resolve(config_.lab_host, std::to_string(config_.lab_port), ec);
    if (!ec)
        asio::connect(socket_, endpoints, ec);
    if (ec)
        return fail("cannot connect to the lab on " + config_.lab_host + ":" + std::to_string(config_.lab_port) + ": " +
                    ec.message());
    socket_.set_option(tcp::no_delay(true), ec);
    if (config_.tls) {
        tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *config_.tls);
        tls_->handshake(asio::ssl::stream_base::client, ec);
        if (ec)
            return fail("the TLS handshake with the lab on " + config_.lab_host + ":" + std::to_string(config_.lab_port) +
                        " failed (is --fingerprint or --ca the lab's certificate?): " + ec.message());
    } else {
        // Writes are tried at once and never block: what the kernel does not take goes out
        // asynchronously (flush_writes).
        socket_.non_blocking(true, ec);
    }
    return {};
}

int NodeRuntime::run() {
    if (auto connected = connect(); !connected) {
        std::cerr << "distlab-node " << config_.setup.self << ": " << connected.error().message << "\n";
        return kExitNoLab;
    }

    Envelope hello;
    hello.kind = FrameKind::Control;
    hello.src = config_.setup.self;
    hello.type = "hello";
    hello.sent_ns = stamp_ns();
    Json body{{"token", config_.token}, {"pid", ::getpid()}};
    if (config_.join)
        body["join"] = true;
    hello.body = body.dump();
    transmit(std::move(hello));

    start_read();
    io_.run();
    return exit_code_;
}

ProgramPort* NodeRuntime::program() {
    if (!program_)
        program_ = std::make_unique<ProgramRunner>(io_, config_.data_dir, [this](const std::vector<ProgramEvent>& events) {
            if (stopping_ || !started_)
                return;
            turn([&] {
                for (const ProgramEvent& e : events)
                    if (!stopping_)
                        driver_->program_event(e);
            });
        });
    return program_.get();
}

std::int64_t NodeRuntime::host_now_ns() const { return monotonic_ns() - config_.run_start_ns; }

std::int64_t NodeRuntime::stamp_ns() const { return monotonic_ns(); }

void NodeRuntime::transmit(Envelope env) {
    if (stopping_)
        return;
    encode_frame(env, pending_);
    // Every frame of one turn (an op completion, the next invocation and its request; a reply
    // and a snapshot) leaves in one write at the turn's end: one syscall, one wake-up of the lab.
    if (!in_turn_)
        post_turn();
}

template <class F>
void NodeRuntime::turn(F&& f) {
    in_turn_ = true;
    f();
    if (!stopping_)
        run_due_now();
    in_turn_ = false;
    flush_writes();
}

void NodeRuntime::post_turn() {
    if (turn_posted_)
        return;
    turn_posted_ = true;
    asio::post(io_, [this] {
        turn_posted_ = false;
        if (!stopping_)
            turn([] {});
    });
}

void NodeRuntime::run_due_now() {
    // Only the timers armed before this point: one re-armed for zero by its own expiry waits
    // for the next turn, so a role cannot starve the reads.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> due;
    due.swap(due_now_);
    for (const auto& [key, generation] : due) {
        if (stopping_)
            return;
        fire_timer(key, generation);
    }
    if (!due_now_.empty()) {
        post_turn();
    } else {
        due.clear();
        due_now_.swap(due);                          // keep the capacity: no allocation per turn
    }
}

void NodeRuntime::fire_timer(std::uint64_t key, std::uint64_t generation) {
    auto it = armed_.find(key);
    if (it == armed_.end() || it->second != generation)
        return;                                      // re-armed or disarmed meanwhile
    armed_.erase(it);
    driver_->fire(key);
}

void NodeRuntime::flush_writes() {
    if (write_in_flight_ || pending_.empty() || stopping_)
        return;
    boost::system::error_code ec;
    std::size_t n = 0;
    if (!tls_) {                                     // TLS records are written asynchronously
        n = socket_.write_some(asio::buffer(pending_), ec);
        if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
            shutdown(lost_exit_code());              // the lab went away
            return;
        }
        if (n == pending_.size()) {
            pending_.clear();
            return;
        }
    }
    // The socket's buffer is full (the lab is behind): the rest goes out when it drains, and
    // everything queued meanwhile after it.
    writing_.assign(pending_.begin() + static_cast<std::ptrdiff_t>(n), pending_.end());
    pending_.clear();
    write_in_flight_ = true;
    auto done = [this](boost::system::error_code wec, std::size_t) {
        write_in_flight_ = false;
        writing_.clear();
        if (wec) {
            shutdown(lost_exit_code());
            return;
        }
        flush_writes();
    };
    if (tls_)
        asio::async_write(*tls_, asio::buffer(writing_), std::move(done));
    else
        asio::async_write(socket_, asio::buffer(writing_), std::move(done));
}

void NodeRuntime::start_read() {
    auto handler = [this](boost::system::error_code ec, std::size_t n) {
        if (ec) {
            shutdown(lost_exit_code());              // EOF or reset: the lab is gone, so are we
            return;
        }
        reader_.feed(std::span<const std::byte>(read_buffer_.data(), n));
        turn([&] {
            for (;;) {
                auto frame = reader_.next();
                if (!frame) {
                    std::cerr << "distlab-node " << config_.setup.self << ": bad frame from the lab: "
                              << frame.error().message << "\n";
                    shutdown(kExitNoLab);
                    return;
                }
                if (!*frame || stopping_)
                    return;
                handle_frame(**frame);
            }
        });
        if (!stopping_)
            start_read();
    };
    if (tls_)
        tls_->async_read_some(asio::buffer(read_buffer_), std::move(handler));
    else
        socket_.async_read_some(asio::buffer(read_buffer_), std::move(handler));
}

// A node the lab started ends quietly with the lab. A remote node tells its supervisor (its own
// loop, or the orchestrator) whether the run ended or it was cut off and should join again.
int NodeRuntime::lost_exit_code() const {
    return config_.join && !stop_received_ ? kExitLabLost : 0;
}

void NodeRuntime::handle_frame(const Envelope& env) {
    if (env.kind == FrameKind::Control) {
        handle_control(env);
        return;
    }
    if (env.kind == FrameKind::Data && started_ && driver_)
        driver_->deliver(env);
}

void NodeRuntime::handle_control(const Envelope& env) {
    const Json body = Json::parse(env.body, nullptr, false);
    if (env.type == "setup") {
        if (!config_.join || driver_ || !body.is_object())
            return;
        auto role = config_.join(config_.setup, body);
        if (!role) {
            std::cerr << "distlab-node " << config_.setup.self << ": the lab's setup: " << role.error().message << "\n";
            shutdown(2);
            return;
        }
        driver_ = std::make_unique<RoleDriver>(config_.setup, std::move(*role), *this);
    } else if (env.type == "refused") {
        const std::string reason = body.is_object() ? body.value("reason", std::string{}) : std::string{};
        if (reason != "down")
            std::cerr << "distlab-node " << config_.setup.self << ": the lab refused this node: "
                      << (reason == "token" ? "wrong or missing token" : reason) << "\n";
        shutdown(reason == "down" ? kExitNotNow : kExitRefused);
    } else if (env.type == "start") {
        if (!started_ && driver_ && body.is_object()) {
            const std::int64_t now = monotonic_ns();
            const std::int64_t origin = body.value("run_start_ns", now);
            // On another machine the lab's monotonic clock is not ours: the origin is as long ago
            // here as it was there when the lab sent this.
            config_.run_start_ns = config_.join ? now - (body.value("lab_now_ns", origin) - origin) : origin;
            started_ = true;
            driver_->start();
        }
    } else if (env.type == "stop") {
        stop_received_ = true;
        if (driver_)
            driver_->flush();
        // Let the final telemetry leave, then close: the lab reads until EOF.
        asio::post(io_, [this] {
            if (!write_in_flight_ && pending_.empty())
                shutdown(0);
            else
                asio::post(io_, [this] { shutdown(0); });
        });
    } else if (env.type == "clock_skew" && body.is_object() && driver_) {
        driver_->set_clock_skew(Duration(body.value("offset_ns", std::int64_t{0})), body.value("drift", 0.0));
    }
}

namespace {

// Heap order of deadlines: the earliest on top.
constexpr auto later = [](const auto& a, const auto& b) { return a.at > b.at; };

}  // namespace

void NodeRuntime::arm(std::uint64_t key, Duration after) {
    const std::uint64_t generation = next_generation_++;
    armed_[key] = generation;
    if (after <= Duration::zero()) {
        // Due now (a zero service time, an immediate retry): at the end of this turn, without a
        // kernel timer and its extra epoll round.
        due_now_.emplace_back(key, generation);
        if (!in_turn_)
            post_turn();
        return;
    }
    const Clock::time_point at = Clock::now() + std::chrono::duration_cast<Clock::duration>(after);
    deadlines_.push_back(Deadline{at, key, generation});
    std::push_heap(deadlines_.begin(), deadlines_.end(), later);
    if (deadlines_.size() > 2 * armed_.size() + 64) {
        std::erase_if(deadlines_, [this](const Deadline& d) { return !is_current(d); });
        std::make_heap(deadlines_.begin(), deadlines_.end(), later);
    }
    if (!wake_at_ || at < *wake_at_)
        set_wake(at);
}

void NodeRuntime::disarm(std::uint64_t key) {
    armed_.erase(key);
}

bool NodeRuntime::is_current(const Deadline& d) const {
    const auto it = armed_.find(d.key);
    return it != armed_.end() && it->second == d.generation;
}

void NodeRuntime::set_wake(Clock::time_point at) {
    wake_at_ = at;
    wake_.expires_at(at);                            // cancels the wait for a later deadline
    wake_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopping_)
            return;
        wake_at_.reset();
        turn([this] { run_expired(); });
    });
}

void NodeRuntime::run_expired() {
    const Clock::time_point now = Clock::now();
    while (!deadlines_.empty() && deadlines_.front().at <= now && !stopping_) {
        std::pop_heap(deadlines_.begin(), deadlines_.end(), later);
        const Deadline due = deadlines_.back();
        deadlines_.pop_back();
        fire_timer(due.key, due.generation);
    }
    while (!deadlines_.empty() && !is_current(deadlines_.front())) {
        std::pop_heap(deadlines_.begin(), deadlines_.end(), later);
        deadlines_.pop_back();
    }
    if (!stopping_ && !deadlines_.empty() && (!wake_at_ || deadlines_.front().at < *wake_at_))
        set_wake(deadlines_.front().at);
}

void NodeRuntime::shutdown(int exit_code) {
    if (stopping_)
        return;
    stopping_ = true;
    exit_code_ = exit_code;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    wake_.cancel();
    armed_.clear();
    deadlines_.clear();
    io_.stop();
}

}  // namespace distlab::core
