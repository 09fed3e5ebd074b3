#include "netlab/lab/lab.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "core/codec/frame.h"
#include "core/runtime/tls.h"
#include "netlab/api/role_catalog.h"
#include "netlab/lab/cloexec_socket.h"
#include "netlab/lab/poll_window.h"
#include "netlab/lab/seeds.h"
#include "netlab/lab/supervisor.h"

namespace distlab::netlab {

namespace asio = boost::asio;
using asio::ip::tcp;
using core::Envelope;
using core::FrameKind;

namespace {

std::int64_t monotonic_ns() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string make_token() {
    std::random_device rd;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 32; ++i)
        token.push_back(kHex[rd() % 16]);
    return token;
}

// Whether more tasks are runnable on this machine than it has processors, from the kernel's
// count in /proc/loadavg (its fourth field is "runnable/total", the reader included). The lab
// polls for work only while this is false. Unreadable counts as busy.
class ProcessorLoad {
public:
    ProcessorLoad()
        : fd_(::open("/proc/loadavg", O_RDONLY | O_CLOEXEC)), processors_(::sysconf(_SC_NPROCESSORS_ONLN)) {}
    ~ProcessorLoad() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    ProcessorLoad(const ProcessorLoad&) = delete;
    ProcessorLoad& operator=(const ProcessorLoad&) = delete;

    bool all_busy() const {
        char buf[128];
        const ssize_t n = fd_ < 0 ? -1 : ::pread(fd_, buf, sizeof buf, 0);
        if (n <= 0)
            return true;
        const std::string_view text(buf, static_cast<std::size_t>(n));
        std::size_t from = 0;   // past the third space: the fourth field
        for (int field = 0; field < 3; ++field) {
            const std::size_t space = text.find(' ', from);
            if (space == std::string_view::npos)
                return true;
            from = space + 1;
        }
        long runnable = 0;
        if (std::from_chars(text.data() + from, text.data() + text.size(), runnable).ec != std::errc{})
            return true;
        return runnable > processors_;
    }

private:
    int fd_;
    long processors_;
};

constexpr Duration kTickInterval = std::chrono::milliseconds(20);   // telemetry flush: 50 per second
constexpr int kTicksPerProgress = 5;                                // on_tick every 100 ms
constexpr Duration kHelloTimeout = std::chrono::seconds(5);

}  // namespace

// One node's TCP connection, in TLS when the lab listens beyond loopback. Owned by shared_ptr
// so that pending handlers keep it alive.
struct Connection : std::enable_shared_from_this<Connection> {
    explicit Connection(asio::io_context& io) : socket(io), hello_timer(io), buffer(64 * 1024) {}

    tcp::socket socket;
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;   // over `socket`, when the lab serves TLS
    std::string peer;                         // "address:port", for the log
    asio::steady_timer hello_timer;
    core::FrameReader reader;
    std::vector<std::byte> buffer;
    std::vector<std::byte> pending;
    std::vector<std::byte> writing;
    bool write_in_flight = false;
    bool closed = false;
    bool queued = false;                      // in Lab::Impl::unflushed
    bool close_when_flushed = false;          // a refusal on its way out
    core::NodeId node;                        // empty until a valid hello

    void send(const Envelope& env) {
        if (closed)
            return;
        core::encode_frame(env, pending);
        flush();
    }

    // Encodes without writing: the caller flushes once it has routed every frame of a read.
    void queue(const Envelope& env) {
        if (!closed)
            core::encode_frame(env, pending);
    }

    // Writes at once without blocking (the socket is non-blocking): the frame leaves in the loop
    // turn it was read in. Only what the kernel does not take goes out asynchronously. A TLS
    // stream always writes asynchronously (its records are encrypted as the write proceeds).
    void flush() {
        if (write_in_flight || closed)
            return;
        if (pending.empty()) {
            if (close_when_flushed)
                close();
            return;
        }
        std::size_t n = 0;
        if (!tls) {
            boost::system::error_code ec;
            n = socket.write_some(asio::buffer(pending), ec);
            if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
                close();
                return;
            }
            if (n == pending.size()) {
                pending.clear();
                if (close_when_flushed)
                    close();
                return;
            }
        }
        writing.assign(pending.begin() + static_cast<std::ptrdiff_t>(n), pending.end());
        pending.clear();
        write_in_flight = true;
        auto done = [self = shared_from_this()](boost::system::error_code wec, std::size_t) {
            self->write_in_flight = false;
            self->writing.clear();
            if (wec) {
                self->close();
                return;
            }
            self->flush();
        };
        if (tls)
            asio::async_write(*tls, asio::buffer(writing), std::move(done));
        else
            asio::async_write(socket, asio::buffer(writing), std::move(done));
    }

    void close() {
        if (closed)
            return;
        closed = true;
        boost::system::error_code ignored;
        hello_timer.cancel();
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }
};

struct Lab::Impl {
    struct NodeState {
        const NodeSpec* spec = nullptr;
        std::shared_ptr<Connection> conn;
        bool running = false;                 // a process exists
        bool paused = false;
        bool restart_pending = false;         // restart once the current process has exited
        bool exit_expected = false;           // killed by a fault or stopped by the lab
        bool remote = false;                  // joins with --connect; the lab starts no process
        bool down = false;                    // remote and killed: refused until restarted
        int restarts = 0;
        Duration skew_offset{0};
        double skew_drift = 0.0;
        pid_t pid = 0;
    };

    struct Scheduled {
        Duration at;
        std::uint64_t seq;
        std::function<void()> fn;
    };
    static bool later(const Scheduled& a, const Scheduled& b) {
        return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }

    Impl(Lab& owner_, Scenario scenario_, const core::RoleRegistry& roles_, LabOptions options_)
        : owner(owner_), scenario(std::move(scenario_)), roles(roles_), options(std::move(options_)),
          seed(options.seed.value_or(scenario.seed)), acceptor(io), schedule_timer(io), tick_timer(io),
          supervisor(io), network(scenario, derive_seed(seed, "network")), rng(derive_seed(seed, "nemesis")),
          fabric(owner, network, telemetry, [this](const Envelope& env) { return deliver(env); }),
          nemesis(owner, scenario, roles) {
        for (const NodeSpec& spec : scenario.nodes) {
            nodes[spec.id].spec = &spec;
            nodes[spec.id].remote = options.listen.is_remote(spec.id);
        }
        supervisor.on_exit = [this](const core::NodeId& node, pid_t pid, ExitStatus status) {
            on_exit(node, pid, status);
        };
    }

    // Run time: the monotonic clock since the start, less the time the timeline was frozen.
    Duration now() const {
        return Duration((frozen_since_ns ? *frozen_since_ns : monotonic_ns()) - run_start_ns - frozen_total_ns);
    }

    core::Result<void> listen();
    void accept();
    void read(const std::shared_ptr<Connection>& conn);
    void drain(const std::shared_ptr<Connection>& conn);
    bool consume(const std::shared_ptr<Connection>& conn, std::span<const std::byte> bytes);
    void on_frame(const std::shared_ptr<Connection>& conn, Envelope env);
    void on_hello(const std::shared_ptr<Connection>& conn, const Envelope& env);
    void drop_connection(const std::shared_ptr<Connection>& conn, const core::Text& why);
    void refuse(const std::shared_ptr<Connection>& conn, const std::string& reason, const core::Text& why);
    void remote_gone(NodeState& state);
    std::vector<std::pair<std::string, std::string>> node_args(const core::NodeId& node) const;
    bool deliver(const Envelope& env);
    void flush_routed();
    core::Result<void> spawn(const core::NodeId& node);
    void send_start(NodeState& state);
    void on_exit(const core::NodeId& node, pid_t pid, ExitStatus status);
    void schedule(Duration at, std::function<void()> fn);
    void arm_schedule_timer();
    void run_due();
    void tick();
    void run_loop();
    void begin_shutdown(const std::string& reason);
    void finish();
    // A line of the lab's own in the log, about `node` (or the lab itself when empty).
    void log_event(const core::NodeId& node, std::string_view level, const core::Text& text);
    void control(NodeState& state, std::string type, core::Json body);
    bool all_connected() const;
    bool all_exited() const;

    Lab& owner;
    Scenario scenario;
    const core::RoleRegistry& roles;
    LabOptions options;
    std::uint64_t seed;
    std::string token = make_token();
    std::string join_cert_pem;
    std::unique_ptr<asio::ssl::context> tls;  // when listening beyond loopback; outlives io's connections
    asio::io_context io;
    tcp::acceptor acceptor;
    std::string fingerprint;                  // of the lab's certificate, when tls
    std::string connect_host = "127.0.0.1";   // where the nodes the lab starts connect
    asio::steady_timer schedule_timer;
    asio::steady_timer tick_timer;
    Supervisor supervisor;
    Telemetry telemetry;
    NetworkModel network;
    std::mt19937_64 rng;
    Fabric fabric;
    Nemesis nemesis;
    std::map<core::NodeId, NodeState, std::less<>> nodes;
    std::vector<Scheduled> queue;             // a min-heap by (at, seq)
    std::uint64_t next_seq = 0;
    std::uint64_t commands_sent = 0;          // message ids of the lab's own commands
    std::optional<Duration> timer_at;         // when schedule_timer fires, if armed
    bool routing = false;                     // inside fabric.submit of a frame just read
    std::size_t posted_due = 0;               // due work posted by schedule() and not yet run
    std::vector<std::shared_ptr<Connection>> unflushed;   // written to while routing a read
    std::int64_t run_start_ns = monotonic_ns();
    std::optional<std::int64_t> frozen_since_ns;   // the timeline stands still since then
    std::int64_t frozen_total_ns = 0;             // earlier frozen spans, summed
    bool started = false;
    bool shutting_down = false;
    bool finished = false;
    int ticks = 0;
    std::string end_reason;
};

// Loopback by default. Any other address serves TLS with the given certificate or one made for
// this run; the token is required either way (docs/beyond-one-machine.md).
core::Result<void> Lab::Impl::listen() {
    const ListenOptions& lo = options.listen;
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(lo.address, ec);
    if (ec)
        return core::fail("cannot listen on \"" + lo.address + "\": not an IP address");
    if (!lo.credentials_dir.empty()) {
        std::ifstream in(lo.credentials_dir + "/token");
        std::string given;
        std::getline(in, given);
        if (given.size() < 16)
            return core::fail("the token in " + lo.credentials_dir + "/token is missing or shorter than 16 characters");
        token = given;
    }
    if (!is_loopback_address(lo.address)) {
        auto credentials = lo.credentials_dir.empty() ? core::tls::generate("distlab-lab")
                                                      : core::tls::load(lo.credentials_dir);
        if (!credentials)
            return core::fail("TLS for the lab: " + credentials.error().message);
        auto context = core::tls::server_context(*credentials);
        if (!context)
            return std::unexpected(context.error());
        auto fp = core::tls::fingerprint(credentials->cert_pem);
        if (!fp)
            return std::unexpected(fp.error());
        tls = std::move(*context);
        fingerprint = *fp;
        join_cert_pem = credentials->cert_pem;
        if (!address.is_unspecified())
            connect_host = lo.address;
        else if (address.is_v6())
            connect_host = "::1";
    }
    const tcp::endpoint endpoint(address, lo.port);
    open_cloexec(acceptor, endpoint.protocol(), ec);   // no node inherits the lab's port
    if (!ec)
        acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return core::fail("cannot listen on " + lo.address + ":" + std::to_string(lo.port) + ": " + ec.message());
    accept();
    if (tls)
        log_event({}, "info",
                  core::Text{"listening on " + lo.address + ":" + std::to_string(owner.port()) +
                                 " with TLS (certificate SHA-256 " + fingerprint + "); remote nodes join with "
                                 "distlab-node --connect HOST:PORT --token T --fingerprint F --node ID",
                             "在 " + lo.address + ":" + std::to_string(owner.port()) + " 上以 TLS 监听（证书 SHA-256 " +
                                 fingerprint + "）；远程节点用 distlab-node --connect HOST:PORT --token T --fingerprint F --node ID 加入"});
    return {};
}

void Lab::Impl::accept() {
    async_accept_cloexec(acceptor, [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            return;
        if (!ec) {
            auto conn = std::make_shared<Connection>(io);
            conn->socket = std::move(socket);
            boost::system::error_code ignored;
            conn->socket.set_option(tcp::no_delay(true), ignored);
            const auto remote = conn->socket.remote_endpoint(ignored);
            conn->peer = remote.address().to_string() + ":" + std::to_string(remote.port());
            conn->hello_timer.expires_after(kHelloTimeout);
            conn->hello_timer.async_wait([conn](boost::system::error_code tec) {
                if (!tec && conn->node.empty())
                    conn->close();                   // no handshake or hello in time
            });
            if (tls) {
                conn->tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(conn->socket, *tls);
                conn->tls->async_handshake(asio::ssl::stream_base::server, [this, conn](boost::system::error_code hec) {
                    if (hec) {
                        if (!conn->closed)
                            log_event({}, "warn",
                                      core::Text{"a connection from " + conn->peer + " failed the TLS handshake: " + hec.message(),
                                                 "来自 " + conn->peer + " 的连接未通过 TLS 握手：" + hec.message()});
                        conn->close();
                        return;
                    }
                    read(conn);
                });
            } else {
                conn->socket.non_blocking(true, ignored);
                read(conn);
            }
        }
        accept();
    });
}

void Lab::Impl::read(const std::shared_ptr<Connection>& conn) {
    auto handler = [this, conn](boost::system::error_code ec, std::size_t n) {
        if (ec || conn->closed) {
            drop_connection(conn, {});
            return;
        }
        if (consume(conn, std::span<const std::byte>(conn->buffer.data(), n)))
            read(conn);
    };
    if (conn->tls)
        conn->tls->async_read_some(asio::buffer(conn->buffer), std::move(handler));
    else
        conn->socket.async_read_some(asio::buffer(conn->buffer), std::move(handler));
}

// Feeds bytes from `conn` and handles every whole frame. False when the connection was closed.
// The data frames among them are routed first, each destination getting what they carry for
// it in one write, so a message is on its way before the lab parses the JSON of the log, state,
// metric and op frames that came with it (phase frames keep their place among the data frames) (an op's completion and the next invocation arrive
// with its request); those follow in their order, stamped after.
bool Lab::Impl::consume(const std::shared_ptr<Connection>& conn, std::span<const std::byte> bytes) {
    conn->reader.feed(bytes);
    std::vector<Envelope> later;
    std::string malformed;
    for (;;) {
        auto frame = conn->reader.next();
        if (!frame) {
            malformed = frame.error().message;
            break;
        }
        if (!*frame)
            break;
        // Phase frames are small and rare: handled in order with the data frames, so a phase
        // event precedes the messages the role sent after entering the phase.
        if ((**frame).kind != FrameKind::Data && (**frame).kind != FrameKind::Phase && !conn->node.empty()) {
            later.push_back(std::move(**frame));
            continue;
        }
        on_frame(conn, std::move(**frame));
        if (conn->closed || conn->close_when_flushed) {   // refused: nothing more is read from it
            flush_routed();
            return false;
        }
    }
    flush_routed();
    for (Envelope& env : later) {
        on_frame(conn, std::move(env));
        if (conn->closed)
            return false;
    }
    if (!malformed.empty()) {
        drop_connection(conn, core::Text{"malformed frame: ", "格式错误的帧："} + malformed);
        return false;
    }
    return true;
}

// Reads, without waiting, whatever `conn` has already sent (the pending async read then finds
// nothing and waits again).
void Lab::Impl::drain(const std::shared_ptr<Connection>& conn) {
    if (conn->tls)
        return;                                      // a remote node: never paused by a signal
    boost::system::error_code ec;                    // the socket is non-blocking (accept)
    std::vector<std::byte> chunk(64 * 1024);
    while (!ec && !conn->closed) {
        const std::size_t n = conn->socket.read_some(asio::buffer(chunk), ec);
        if (ec || n == 0 || !consume(conn, std::span<const std::byte>(chunk.data(), n)))
            break;
    }
}

void Lab::Impl::drop_connection(const std::shared_ptr<Connection>& conn, const core::Text& why) {
    if (!why.empty())
        log_event(conn->node, "error",
                  (conn->node.empty() ? core::Text{"a connection disconnected: ", "一个连接断开了："}
                                      : core::Text{"node " + conn->node + " disconnected: ", "节点 " + conn->node + " 断开了连接："}) +
                      why);
    conn->close();
    if (!conn->node.empty()) {
        auto it = nodes.find(conn->node);
        if (it != nodes.end() && it->second.conn == conn) {
            it->second.conn.reset();
            if (it->second.remote)
                remote_gone(it->second);
        }
    }
}

// Says why in a "refused" frame (the node prints it), then closes once it is written.
void Lab::Impl::refuse(const std::shared_ptr<Connection>& conn, const std::string& reason, const core::Text& why) {
    if (!why.empty())
        log_event({}, "warn", why);
    Envelope env;
    env.kind = FrameKind::Control;
    env.type = "refused";
    env.sent_ns = monotonic_ns();
    env.body = core::Json{{"reason", reason}}.dump();
    conn->hello_timer.cancel();
    conn->close_when_flushed = true;
    conn->send(env);
}

// A remote node's connection ended: for the lab, its process did (its own supervisor, or the
// orchestrator, starts it again; it joins once the lab wants it back).
void Lab::Impl::remote_gone(NodeState& state) {
    if (!state.running)
        return;
    state.running = false;
    telemetry.forget_state(state.spec->id);
    const char* cause = shutting_down ? "shutdown" : state.exit_expected ? "fault" : "crash";
    Event e;
    e.t_ns = started ? now().count() : 0;
    e.kind = EventKind::NodeExited;
    e.node = state.spec->id;
    e.data = core::Json{{"pid", state.pid}, {"code", -1}, {"signal", 0}, {"cause", cause}, {"remote", true}}.dump();
    telemetry.emit(std::move(e));
    if (shutting_down && all_exited())
        finish();
}

void Lab::Impl::on_frame(const std::shared_ptr<Connection>& conn, Envelope env) {
    if (conn->node.empty()) {
        on_hello(conn, env);
        return;
    }
    if (env.src != conn->node) {
        drop_connection(conn, core::Text{"frame claims to come from \"" + env.src + "\"", "帧声称来自“" + env.src + "”"});
        return;
    }
    if (env.kind == FrameKind::Data) {
        if (!scenario.find_node(env.dst)) {
            log_event(conn->node, "warn",
                      core::Text{"message '" + env.type + "' to unknown node \"" + env.dst + "\" dropped",
                                 "发往未知节点“" + env.dst + "”的消息“" + env.type + "”已丢弃"});
            return;
        }
        routing = true;
        fabric.submit(std::move(env));
        routing = false;
        return;
    }
    telemetry.on_node_frame(conn->node, env, now().count());
}

// The first frame of a connection. A wrong or missing token is refused and logged (with the
// peer's address, never the token it sent). A node the lab started presents the token it was
// given; a remote node ("join") is sent its setup (role, parameters, peers) before the start.
void Lab::Impl::on_hello(const std::shared_ptr<Connection>& conn, const Envelope& env) {
    const core::Json body = core::Json::parse(env.body, nullptr, false);
    const bool is_hello = env.kind == FrameKind::Control && env.type == "hello" && body.is_object();
    const std::string who = "a connection from " + conn->peer + (env.src.empty() ? "" : " (node \"" + env.src + "\")");
    const std::string who_zh = "来自 " + conn->peer + " 的连接" + (env.src.empty() ? "" : "（节点“" + env.src + "”）");
    const auto given_it = is_hello ? body.find("token") : body.end();
    const std::string given = is_hello && given_it != body.end() && given_it->is_string() ? given_it->get<std::string>() : std::string{};
    if (given != token) {
        refuse(conn, "token",
               core::Text{who + " was refused: " + (given.empty() ? "no token" : "wrong token"),
                          who_zh + "被拒绝：" + (given.empty() ? "没有令牌" : "令牌错误")});
        return;
    }
    auto it = nodes.find(env.src);
    const bool join = body.contains("join") && body["join"].is_boolean() && body["join"].get<bool>();
    if (it == nodes.end()) {
        refuse(conn, "unknown-node",
               core::Text{who + " was refused: the scenario has no such node", who_zh + "被拒绝：场景中没有这个节点"});
        return;
    }
    NodeState& state = it->second;
    if (join != state.remote) {
        refuse(conn, "not-remote",
               join ? core::Text{who + " was refused: the lab starts this node itself (it is not remote)",
                                 who_zh + "被拒绝：这个节点由实验室自己启动（不是远程节点）"}
                    : core::Text{});
        return;
    }
    if (state.conn) {
        refuse(conn, "connected", core::Text{who + " was refused: the node is connected already", who_zh + "被拒绝：该节点已经连接"});
        return;
    }
    if (join && (state.down || shutting_down)) {
        refuse(conn, "down", {});                    // killed by a fault: it retries until restarted
        return;
    }
    if (!join && !state.running) {
        conn->close();                               // a process of ours that was killed meanwhile
        return;
    }
    conn->node = env.src;
    conn->hello_timer.cancel();
    state.conn = conn;
    if (join) {
        state.running = true;
        state.exit_expected = false;
        state.pid = body.contains("pid") && body["pid"].is_number_integer() ? body["pid"].get<int>() : 0;
        core::Json setup = core::Json::object();
        for (auto& [key, value] : node_args(env.src))
            setup[key] = value;
        control(state, "setup", std::move(setup));
        log_event(env.src, "info",
                  core::Text{"node " + env.src + " joined from " + conn->peer, "节点 " + env.src + " 从 " + conn->peer + " 加入"});
    }
    if (started)
        send_start(state);
}

void Lab::Impl::send_start(NodeState& state) {
    // A node on another machine has another monotonic clock: it places the origin by how long
    // ago it was on the lab's (lab_now_ns - run_start_ns), off by the transit time.
    control(state, "start", {{"run_start_ns", run_start_ns}, {"lab_now_ns", monotonic_ns()}});
    if (state.skew_offset.count() != 0 || state.skew_drift != 0.0)
        control(state, "clock_skew", {{"offset_ns", state.skew_offset.count()}, {"drift", state.skew_drift}});
    Event e;
    e.t_ns = now().count();
    e.kind = EventKind::NodeStarted;
    e.node = state.spec->id;
    core::Json data{{"pid", state.pid}, {"role", state.spec->role}, {"restart", state.restarts > 0}};
    if (state.remote && state.conn)
        data["remote"] = state.conn->peer;
    e.data = data.dump();
    telemetry.emit(std::move(e));
}

void Lab::Impl::control(NodeState& state, std::string type, core::Json body) {
    if (!state.conn)
        return;
    Envelope env;
    env.kind = FrameKind::Control;
    env.dst = state.spec->id;
    env.type = std::move(type);
    env.sent_ns = monotonic_ns();
    env.body = body.dump();
    state.conn->send(env);
}

bool Lab::Impl::deliver(const Envelope& env) {
    auto it = nodes.find(env.dst);
    if (it == nodes.end() || !it->second.running || !it->second.conn || it->second.conn->closed)
        return false;
    const std::shared_ptr<Connection>& conn = it->second.conn;
    if (!routing) {
        conn->send(env);
        return true;
    }
    // Routed from a read: one write per destination once the read's data frames are all routed.
    conn->queue(env);
    if (!conn->queued) {
        conn->queued = true;
        unflushed.push_back(conn);
    }
    return true;
}

void Lab::Impl::flush_routed() {
    for (const auto& conn : unflushed) {
        conn->queued = false;
        conn->flush();
    }
    unflushed.clear();
}

// What a node is told of its role, as option names and values: the command line of a node the
// lab starts, the "setup" frame of a remote one.
std::vector<std::pair<std::string, std::string>> Lab::Impl::node_args(const core::NodeId& node) const {
    const NodeSpec& spec = *nodes.at(node).spec;
    std::vector<std::pair<std::string, std::string>> args = {
        {"role", spec.role},
        {"seed", std::to_string(derive_seed(seed, "node:" + node))},
        {"time-scale", std::to_string(scenario.time_scale)},
        {"params", spec.params.dump()}};
    std::string peers;
    for (const NodeSpec& other : scenario.nodes)
        if (other.id != node)
            peers += (peers.empty() ? "" : ",") + other.id + "=" + other.role;
    if (!peers.empty())
        args.emplace_back("peers", peers);
    core::Json labels = core::Json::object();
    for (const NodeSpec& n : scenario.nodes)
        if (!n.labels.empty())
            labels[n.id] = n.labels;
    if (!labels.empty())
        args.emplace_back("labels", labels.dump());
    return args;
}

core::Result<void> Lab::Impl::spawn(const core::NodeId& node) {
    NodeState& state = nodes.at(node);
    const std::string data_dir = options.run_dir + "/nodes/" + node;
    std::error_code fs_ec;
    std::filesystem::create_directories(data_dir, fs_ec);
    if (fs_ec)
        return core::fail(core::Text{"cannot create the data directory " + data_dir + ": ",
                                     "无法创建数据目录 " + data_dir + "："} +
                          fs_ec.message());

    ProcessSpec process;
    process.binary = options.node_binary;
    process.args = {"--id", node,
                    "--lab-port", std::to_string(acceptor.local_endpoint().port()),
                    "--data-dir", data_dir};
    if (tls) {
        process.args.insert(process.args.end(), {"--lab-host", connect_host, "--fingerprint", fingerprint});
    }
    for (auto& [key, value] : node_args(node)) {
        process.args.push_back("--" + key);
        process.args.push_back(std::move(value));
    }
    process.env = {"DISTLAB_TOKEN=" + token};
    auto pid = supervisor.spawn(node, process);
    if (!pid)
        return std::unexpected(pid.error());
    state.running = true;
    state.paused = false;
    state.exit_expected = false;
    state.pid = *pid;
    return {};
}

void Lab::Impl::on_exit(const core::NodeId& node, pid_t pid, ExitStatus status) {
    auto it = nodes.find(node);
    if (it == nodes.end() || it->second.pid != pid)
        return;
    NodeState& state = it->second;
    state.running = false;
    state.paused = false;
    if (state.conn) {
        state.conn->close();
        state.conn.reset();
    }
    telemetry.forget_state(node);
    const char* cause = shutting_down ? "shutdown" : state.exit_expected ? "fault" : "crash";
    Event e;
    e.t_ns = started ? now().count() : 0;
    e.kind = EventKind::NodeExited;
    e.node = node;
    e.data = core::Json{{"pid", pid}, {"code", status.code}, {"signal", status.signal}, {"cause", cause}}.dump();
    telemetry.emit(std::move(e));
    if (!shutting_down && !started)
        log_event(node, "error",
                  core::Text{"node " + node + " exited before it connected (exit code " + std::to_string(status.code) +
                                 ", signal " + std::to_string(status.signal) + ")",
                             "节点 " + node + " 在连接前就退出了（退出码 " + std::to_string(status.code) + "，信号 " +
                                 std::to_string(status.signal) + "）"});
    if (state.restart_pending && !shutting_down) {
        state.restart_pending = false;
        ++state.restarts;
        if (auto spawned = spawn(node); !spawned)
            log_event(node, "error", spawned.error().text());
    }
    if (shutting_down && all_exited())
        finish();
}

void Lab::Impl::schedule(Duration at, std::function<void()> fn) {
    const Duration t = now();
    if (at <= t && (queue.empty() || queue.front().at > t)) {
        // Due already and nothing in the queue is due yet (the run's end and the nemesis's
        // later faults always wait there): skip the timer, its syscalls and its extra wake-up
        // (most deliveries on an ideal or lan link). A delivery of a frame being routed, with
        // nothing posted still waiting, is written right here, in the loop turn that read it;
        // anything else is posted, keeping FIFO order with what was posted before.
        if (routing && posted_due == 0) {
            fn();
            return;
        }
        ++posted_due;
        asio::post(io, [this, fn = std::move(fn)] {
            --posted_due;
            if (!finished)
                fn();
        });
        return;
    }
    queue.push_back(Scheduled{at, next_seq++, std::move(fn)});
    std::push_heap(queue.begin(), queue.end(), later);
    arm_schedule_timer();
}

void Lab::Impl::arm_schedule_timer() {
    if (queue.empty() || frozen_since_ns)
        return;
    const Duration next = queue.front().at;
    if (timer_at && *timer_at <= next)
        return;
    timer_at = next;
    schedule_timer.expires_at(asio::steady_timer::time_point(
        std::chrono::duration_cast<asio::steady_timer::duration>(std::chrono::nanoseconds(run_start_ns + frozen_total_ns) + next)));
    schedule_timer.async_wait([this](boost::system::error_code ec) {
        if (ec)
            return;                                  // re-armed earlier or shutting down
        timer_at.reset();
        run_due();
    });
}

void Lab::Impl::run_due() {
    const Duration t = now();
    while (!queue.empty() && queue.front().at <= t && !finished && !frozen_since_ns) {
        std::pop_heap(queue.begin(), queue.end(), later);
        Scheduled item = std::move(queue.back());
        queue.pop_back();
        item.fn();
    }
    arm_schedule_timer();
}

// Runs the event loop until it stops. With busy_poll, after its last piece of work the lab
// keeps polling for the PollWindow before it sleeps in epoll. It stops polling and sleeps at
// once when another task wants a processor: a gap between two polls (the lab was preempted) or
// more runnable tasks than processors in two load checks in a row (one every
// kPollsPerLoadCheck polls; a single one is often a kernel worker passing by).
void Lab::Impl::run_loop() {
    if (!options.busy_poll) {
        io.run();
        return;
    }
    constexpr int kPollsPerLoadCheck = 16;
    const ProcessorLoad load;
    PollWindow window;
    while (!io.stopped()) {
        if (io.poll() > 0)
            continue;
        const std::int64_t idle_from = monotonic_ns();
        std::int64_t last_poll = idle_from;
        bool contended = false;
        int busy_checks = 0;
        std::size_t ran = 0;
        for (int polls = 0; ran == 0 && !io.stopped(); ++polls) {
            const std::int64_t t = monotonic_ns();
            if (t - idle_from >= window.ns())
                break;
            if (polls % kPollsPerLoadCheck == 0)
                busy_checks = load.all_busy() ? busy_checks + 1 : 0;
            if (t - last_poll > PollWindow::kPreemptedGapNs || busy_checks == 2) {
                contended = true;
                break;
            }
            last_poll = t;
            ran = io.poll();
        }
        if (ran == 0 && io.run_one() == 0)
            break;
        window.update(monotonic_ns() - idle_from, contended);
    }
}

void Lab::Impl::tick() {
    tick_timer.expires_after(kTickInterval);
    tick_timer.async_wait([this](boost::system::error_code ec) {
        if (ec || finished)
            return;
        telemetry.flush();
        if (++ticks % kTicksPerProgress == 0 && owner.on_tick)
            owner.on_tick();
        tick();
    });
}

void Lab::Impl::begin_shutdown(const std::string& reason) {
    if (shutting_down)
        return;
    shutting_down = true;
    end_reason = reason;
    fabric.release_all(false);
    for (auto& [id, state] : nodes) {
        if (state.paused)
            supervisor.signal(id, SIGCONT);          // a stopped process cannot exit gracefully
        control(state, "stop", core::Json::object());
    }
    if (all_exited()) {
        finish();
        return;
    }
    auto grace = std::make_shared<asio::steady_timer>(io, options.stop_grace);
    grace->async_wait([this, grace](boost::system::error_code) {
        if (!finished)
            supervisor.kill_all();                   // reaps synchronously, so on_exit finishes
        if (!finished)
            finish();
    });
}

void Lab::Impl::finish() {
    if (finished)
        return;
    finished = true;
    Event e;
    e.t_ns = now().count();
    e.kind = EventKind::RunEnded;
    e.data = core::Json{{"reason", end_reason}}.dump();
    telemetry.emit(std::move(e));
    telemetry.flush();
    boost::system::error_code ignored;
    acceptor.close(ignored);
    schedule_timer.cancel();
    tick_timer.cancel();
    for (auto& [id, state] : nodes)
        if (state.conn)
            state.conn->close();
    io.stop();
}

void Lab::Impl::log_event(const core::NodeId& node, std::string_view level, const core::Text& text) {
    telemetry.emit(lab_log(started ? now().count() : 0, node.empty() ? "lab" : node, std::string(level), text));
}

bool Lab::Impl::all_connected() const {
    return std::all_of(nodes.begin(), nodes.end(), [](const auto& kv) { return kv.second.conn != nullptr; });
}

bool Lab::Impl::all_exited() const {
    return std::none_of(nodes.begin(), nodes.end(), [](const auto& kv) { return kv.second.running; });
}

Lab::Lab(Scenario scenario, const core::RoleRegistry& roles, LabOptions options)
    : impl_(std::make_unique<Impl>(*this, std::move(scenario), roles, std::move(options))) {}

Lab::~Lab() {
    impl_->supervisor.on_exit = nullptr;
    impl_->supervisor.kill_all();
}

core::Result<void> Lab::start() {
    Impl& m = *impl_;
    std::error_code fs_ec;
    std::filesystem::create_directories(m.options.run_dir, fs_ec);
    if (fs_ec)
        return core::fail("cannot create the run directory " + m.options.run_dir + ": " + fs_ec.message());
    if (auto listening = m.listen(); !listening)
        return listening;
    if (m.options.on_listening)
        m.options.on_listening(JoinInfo{m.options.listen.address, port(), m.token, m.tls != nullptr, m.fingerprint,
                                        m.join_cert_pem});
    bool any_remote = false;
    for (const NodeSpec& spec : m.scenario.nodes) {
        if (m.nodes.at(spec.id).remote) {
            any_remote = true;
            continue;                                // it joins with distlab-node --connect
        }
        if (auto spawned = m.spawn(spec.id); !spawned)
            return spawned;
    }

    // Wait for every node's hello: the run's clock starts when all are there.
    const Duration timeout = any_remote ? std::max(m.options.connect_timeout, m.options.listen.join_timeout)
                                        : m.options.connect_timeout;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m.all_connected()) {
        for (const auto& [id, state] : m.nodes)
            if (!state.running && !state.remote)
                return core::fail("node " + id + " (role " + state.spec->role + ") exited before it connected to the lab");
        if (std::chrono::steady_clock::now() >= deadline) {
            std::string missing;
            for (const auto& [id, state] : m.nodes)
                if (!state.conn)
                    missing += (missing.empty() ? "" : ", ") + id + (state.remote ? " (remote)" : "");
            return core::fail("nodes did not connect within " + core::format_duration(timeout) + ": " + missing);
        }
        m.io.run_one_until(deadline);
    }

    m.run_start_ns = monotonic_ns();
    m.started = true;
    Event e;
    e.kind = EventKind::RunStarted;
    core::Json data = {{"scenario", m.scenario.name}, {"seed", m.seed}, {"time_scale", m.scenario.time_scale},
                       {"sim", false}, {"port", port()}};
    RoleCatalog(m.roles, m.scenario.node_roles()).write(data);
    e.data = data.dump();
    m.telemetry.emit(std::move(e));
    for (auto& [id, state] : m.nodes)
        m.send_start(state);
    m.nemesis.arm();
    const Duration end = Duration(static_cast<std::int64_t>(
        static_cast<double>(m.scenario.duration.count()) * m.scenario.time_scale));
    m.schedule(end, [&m] { m.begin_shutdown("duration reached"); });
    m.tick();
    return {};
}

core::Result<void> Lab::run() {
    Impl& m = *impl_;
    if (!m.started)
        return core::fail("the lab was not started");
    m.io.restart();
    m.run_loop();
    if (!m.finished)
        return core::fail("the lab stopped unexpectedly");
    return {};
}

void Lab::request_stop() {
    asio::post(impl_->io, [this] { impl_->begin_shutdown(std::string(kStoppedByUser)); });
}

void Lab::post(std::function<void()> fn) {
    asio::post(impl_->io, std::move(fn));
}

std::uint16_t Lab::port() const {
    boost::system::error_code ec;
    const auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

const Scenario& Lab::scenario() const { return impl_->scenario; }
Fabric& Lab::fabric() { return impl_->fabric; }
Nemesis& Lab::nemesis() { return impl_->nemesis; }
std::uint64_t Lab::seed() const { return impl_->seed; }
Duration Lab::now() const { return impl_->now(); }
void Lab::schedule(Duration at, std::function<void()> fn) { impl_->schedule(at, std::move(fn)); }
NetworkModel& Lab::network() { return impl_->network; }
Telemetry& Lab::telemetry() { return impl_->telemetry; }
std::mt19937_64& Lab::rng() { return impl_->rng; }

bool Lab::is_alive(const core::NodeId& node) const {
    auto it = impl_->nodes.find(node);
    return it != impl_->nodes.end() && it->second.running;
}

void Lab::kill(const core::NodeId& node) {
    auto it = impl_->nodes.find(node);
    if (it == impl_->nodes.end() || !it->second.running)
        return;
    it->second.exit_expected = true;
    if (it->second.remote) {
        // The lab cannot signal a process on another machine: it closes the connection, which
        // ends the node's process (it forgets its memory and asks to join again), and refuses it
        // until a restart.
        it->second.down = true;
        if (auto conn = it->second.conn)
            impl_->drop_connection(conn, {});
        return;
    }
    impl_->supervisor.signal(node, SIGKILL);
}

void Lab::restart(const core::NodeId& node) {
    auto it = impl_->nodes.find(node);
    if (it == impl_->nodes.end() || impl_->shutting_down)
        return;
    Impl::NodeState& state = it->second;
    if (state.remote) {
        kill(node);                                  // a crash-restart: the node joins again at once
        state.down = false;
        ++state.restarts;
        return;
    }
    if (state.running) {
        // Crash-restart: the old process dies first, the new one starts when it is reaped.
        state.restart_pending = true;
        state.exit_expected = true;
        impl_->supervisor.signal(node, SIGKILL);
        return;
    }
    ++state.restarts;
    if (auto spawned = impl_->spawn(node); !spawned)
        impl_->log_event(node, "error", spawned.error().text());
}

bool Lab::is_paused(const core::NodeId& node) const {
    const auto it = impl_->nodes.find(node);
    return it != impl_->nodes.end() && it->second.running && it->second.paused;
}

void Lab::pause(const core::NodeId& node) {
    auto it = impl_->nodes.find(node);
    if (it == impl_->nodes.end() || !it->second.running || it->second.paused)
        return;
    if (it->second.remote) {
        impl_->log_event(node, "warn",
                         core::Text{"node " + node + " runs on another machine: pausing it needs its orchestrator "
                                    "(docker compose pause); the lab did not pause it",
                                    "节点 " + node + " 运行在另一台机器上：暂停它需要其编排器（docker compose pause）；实验室没有暂停它"});
        return;
    }
    if (!impl_->supervisor.signal(node, SIGSTOP))
        return;
    it->second.paused = true;
    // "Paused" means stopped: wait until the kernel has stopped it (or it died), then take in
    // every frame it wrote before that, so nothing it sent appears after NodePaused.
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(it->second.pid), &info, WSTOPPED | WEXITED | WNOWAIT) < 0 &&
           errno == EINTR) {
    }
    if (it->second.conn)
        impl_->drain(it->second.conn);
    Event e;
    e.t_ns = now().count();
    e.kind = EventKind::NodePaused;
    e.node = node;
    impl_->telemetry.emit(std::move(e));
}

void Lab::resume(const core::NodeId& node) {
    auto it = impl_->nodes.find(node);
    if (it == impl_->nodes.end() || !it->second.paused)
        return;
    impl_->supervisor.signal(node, SIGCONT);
    it->second.paused = false;
    Event e;
    e.t_ns = now().count();
    e.kind = EventKind::NodeResumed;
    e.node = node;
    impl_->telemetry.emit(std::move(e));
}

void Lab::set_clock_skew(const core::NodeId& node, Duration offset, double drift) {
    auto it = impl_->nodes.find(node);
    if (it == impl_->nodes.end())
        return;
    it->second.skew_offset = offset;
    it->second.skew_drift = drift;
    impl_->control(it->second, "clock_skew", {{"offset_ns", offset.count()}, {"drift", drift}});
}

void Lab::set_timeline_frozen(bool frozen) {
    Impl& m = *impl_;
    if (frozen == m.frozen_since_ns.has_value() || m.finished)
        return;
    if (frozen) {
        m.frozen_since_ns = monotonic_ns();
        m.schedule_timer.cancel();
        m.timer_at.reset();
        return;
    }
    m.frozen_total_ns += monotonic_ns() - *m.frozen_since_ns;
    m.frozen_since_ns.reset();
    m.run_due();                                  // re-arms the timer for what is next
}

std::string Lab::pause_limits() const {
    return "timers inside the node processes keep running on the wall clock: a timeout that falls due "
           "during the pause fires when the run resumes";
}

bool Lab::send_command(const core::NodeId& node, const std::string& type, const Json& body) {
    Envelope env;
    env.kind = FrameKind::Data;
    env.src = "lab";
    env.dst = node;
    env.id = ++impl_->commands_sent;
    env.sent_ns = monotonic_ns();
    env.type = type;
    env.body = body.dump();
    return impl_->deliver(env);
}

bool Lab::release_held(const core::NodeId& from, core::MessageId id, bool deliver) {
    return impl_->fabric.release(from, id, deliver);
}

std::optional<core::NodeId> Lab::hold_message(const core::NodeId& from, core::MessageId id) {
    return impl_->fabric.hold_in_flight(from, id);
}

}  // namespace distlab::netlab
