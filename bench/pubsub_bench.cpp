// pubsub_bench: our publish-subscribe broker against NATS on this machine, side by side
// (docs/performance.md). One publisher, one broker and 1, 4 and 16 subscribers, every message to
// every subscriber (fan-out, at most once), the publisher offering `--rate` messages a second for
// `--seconds`. Printed per shape: messages published and delivered per second, p50 / p99 of
// the delivery latency (publish to receipt) and messages lost (acknowledged, never delivered).
// Ours runs as distlab-node processes behind the lab's fabric, on the `ideal` network, its
// figures read from the run's operations; NATS (if a `nats-server` binary is on PATH: Debian's
// nats-server, also looked for in /usr/sbin) runs on loopback, driven over its text protocol by one publisher connection and
// one connection per subscriber, each message carrying its send time.
// Usage: pubsub_bench [--rate N] [--seconds S] [--subscribers 1,4,16] [--ours-only]

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <latch>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/pubsub/pubsub_history.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "bench/bench_support.h"

extern char** environ;

namespace {

using namespace distlab;
using Clock = std::chrono::steady_clock;

struct Options {
    int rate = 5000;
    int seconds = 5;
    std::vector<int> subscribers{1, 4, 16};
    bool ours_only = false;
};

struct Figures {
    double published_per_s = 0;
    double delivered_per_s = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    std::int64_t lost = 0;
};

using bench::percentile;

// ---- ours ----

std::string node_binary() { return bench::beside_me("distlab-node"); }

Figures run_ours(const Options& o, int subscribers) {
    std::string yaml = "version: 1\nname: pubsub-bench\nfamily: communication\n"
                       "title: { en: \"Publish-subscribe bench\", zh: \"发布订阅基准\" }\n"
                       "summary: { en: \"Benchmark.\", zh: \"基准测试。\" }\n"
                       "seed: 1\nnetwork: { preset: ideal }\nlinks: full\n"
                       "duration: " + std::to_string(o.seconds + 2) + "s\nnodes:\n"
                       "  - {id: b, role: broker, params: {buffer_limit: 10000000, max_in_flight: 1000000}}\n"
                       "  - {id: p1, role: publisher, params: {target: b, rate: " + std::to_string(o.rate) +
                       ", arrival: fixed, subject: bench.x, stop_at: " + std::to_string(o.seconds) + "s}}\n";
    for (int i = 1; i <= subscribers; ++i)
        yaml += "  - {id: s" + std::to_string(i) + ", role: subscriber, params: {broker: b, pattern: \"bench.>\"}}\n";
    auto loaded = netlab::load_scenario_text(yaml, "pubsub-bench.yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded) {
        for (const auto& d : loaded.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(2);
    }
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = "pubsub_bench";
    request.node_binary = node_binary();
    auto outcome = netlab::run_scenario(request);
    if (!outcome) {
        std::fprintf(stderr, "pubsub_bench: the lab failed: %s\n", outcome.error().message.c_str());
        std::exit(3);
    }
    const auto& events = outcome->events;

    // Publish times by seq, then every receipt's latency.
    std::map<std::int64_t, std::int64_t> invoked_ns;
    std::int64_t acked = 0, received = 0;
    std::vector<double> latencies_ms;
    for (const netlab::Event& e : events) {
        if (e.node == "p1" && e.kind == netlab::EventKind::OpInvoked) {
            const auto v = core::Json::parse(e.data, nullptr, false);
            if (v.is_object() && v.contains("seq"))
                invoked_ns[v["seq"].get<std::int64_t>()] = e.t_ns;
        } else if (e.node == "p1" && e.kind == netlab::EventKind::OpCompleted) {
            acked += e.type == "ok";
        } else if (e.kind == netlab::EventKind::OpCompleted && e.type == "ok" && e.node != "p1") {
            const auto v = core::Json::parse(e.data, nullptr, false);
            if (!v.is_object() || !v.contains("seq"))
                continue;
            ++received;
            if (const auto it = invoked_ns.find(v["seq"].get<std::int64_t>()); it != invoked_ns.end())
                latencies_ms.push_back(static_cast<double>(e.t_ns - it->second) / 1e6);
        }
    }
    const netlab::pubsub::History history =
        netlab::pubsub::read_history(events, netlab::pubsub::participants_of(events), 0);
    Figures f;
    f.published_per_s = static_cast<double>(acked) / o.seconds;
    f.delivered_per_s = static_cast<double>(received) / o.seconds;
    f.p50_ms = percentile(latencies_ms, 0.50);
    f.p99_ms = percentile(latencies_ms, 0.99);
    for (const auto& s : history.subscriptions)
        f.lost += std::ssize(s.lost);
    return f;
}

// ---- NATS ----

std::optional<std::string> find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string candidate = dirs.substr(start, end - start) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// One client connection speaking the NATS text protocol: INFO, CONNECT, SUB, PUB, MSG, PING/PONG.
class NatsConnection {
public:
    explicit NatsConnection(int port) {
        for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
            fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
            const int one = 1;
            ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(static_cast<std::uint16_t>(port));
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
                ::close(fd_);
                fd_ = -1;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));   // the server is starting
            }
        }
        if (fd_ < 0)
            return;
        const timeval tv{2, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        line();   // INFO {...}
        write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n");
    }
    ~NatsConnection() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    NatsConnection(const NatsConnection&) = delete;
    NatsConnection& operator=(const NatsConnection&) = delete;

    bool ok() const { return fd_ >= 0; }
    void write(const std::string& text) { ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL); }

    // Sends PING and reads up to the PONG: everything sent before has reached the server.
    bool flush() {
        write("PING\r\n");
        for (;;) {
            const auto l = line();
            if (!l)
                return false;
            if (*l == "PONG")
                return true;
        }
    }

    // The next protocol line without its CRLF; nothing on a timeout or a closed connection.
    std::optional<std::string> line() {
        for (;;) {
            const std::size_t end = in_.find("\r\n", pos_);
            if (end != std::string::npos) {
                std::string l = in_.substr(pos_, end - pos_);
                pos_ = end + 2;
                if (pos_ > 65536) {
                    in_.erase(0, pos_);
                    pos_ = 0;
                }
                if (l == "PING") {
                    write("PONG\r\n");
                    continue;
                }
                return l;
            }
            char buf[65536];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0)
                return std::nullopt;
            in_.append(buf, static_cast<std::size_t>(n));
        }
    }

private:
    int fd_ = -1;
    std::string in_;
    std::size_t pos_ = 0;
};

Figures run_nats(const std::string& binary, const Options& o, int subscribers) {
    const int port = free_port();
    const std::string port_text = std::to_string(port);
    std::vector<char*> argv{const_cast<char*>(binary.c_str()), const_cast<char*>("-a"), const_cast<char*>("127.0.0.1"),
                            const_cast<char*>("-p"), const_cast<char*>(port_text.c_str()), nullptr};
    pid_t pid = 0;
    posix_spawn_file_actions_t quiet;   // its log lines would bury the figures
    ::posix_spawn_file_actions_init(&quiet);
    ::posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    const int spawned = ::posix_spawn(&pid, binary.c_str(), &quiet, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&quiet);
    if (spawned != 0) {
        std::fprintf(stderr, "pubsub_bench: cannot start %s\n", binary.c_str());
        return {};
    }
    const std::int64_t total = static_cast<std::int64_t>(o.rate) * o.seconds;
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(subscribers));
    std::vector<std::int64_t> counts(static_cast<std::size_t>(subscribers), 0);
    std::latch subscribed(subscribers);
    std::vector<std::thread> threads;
    for (int i = 0; i < subscribers; ++i) {
        threads.emplace_back([&, i] {
            NatsConnection c(port);
            if (c.ok()) {
                c.write("SUB bench.x 1\r\n");
                c.flush();
            }
            subscribed.count_down();
            if (!c.ok())
                return;
            auto& mine = latencies[static_cast<std::size_t>(i)];
            while (counts[static_cast<std::size_t>(i)] < total) {
                const auto header = c.line();   // MSG bench.x 1 <bytes>
                if (!header)
                    return;
                const auto payload = c.line();  // <seq> <send ns>
                if (!payload || !header->starts_with("MSG"))
                    continue;
                const std::int64_t sent = std::strtoll(payload->c_str() + payload->find(' ') + 1, nullptr, 10);
                mine.push_back(static_cast<double>(now_ns() - sent) / 1e6);
                ++counts[static_cast<std::size_t>(i)];
            }
        });
    }
    subscribed.wait();

    NatsConnection pub(port);
    const auto start = Clock::now();
    const auto interval = std::chrono::nanoseconds(1'000'000'000 / o.rate);
    std::int64_t published = 0;
    for (std::int64_t seq = 1; seq <= total; ++seq) {
        std::this_thread::sleep_until(start + interval * (seq - 1));
        const std::string payload = std::to_string(seq) + " " + std::to_string(now_ns());
        pub.write("PUB bench.x " + std::to_string(payload.size()) + "\r\n" + payload + "\r\n");
        ++published;
    }
    pub.flush();
    for (std::thread& t : threads)
        t.join();
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);

    Figures f;
    std::vector<double> all;
    std::int64_t delivered = 0;
    for (std::size_t i = 0; i < latencies.size(); ++i) {
        delivered += counts[i];
        f.lost += published - counts[i];
        all.insert(all.end(), latencies[i].begin(), latencies[i].end());
    }
    f.published_per_s = static_cast<double>(published) / o.seconds;
    f.delivered_per_s = static_cast<double>(delivered) / o.seconds;
    f.p50_ms = percentile(all, 0.50);
    f.p99_ms = percentile(all, 0.99);
    return f;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "pubsub_bench: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--rate")
            o.rate = std::max(1, std::atoi(value().c_str()));
        else if (a == "--seconds")
            o.seconds = std::max(1, std::atoi(value().c_str()));
        else if (a == "--subscribers") {
            o.subscribers.clear();
            const std::string list = value();
            for (std::size_t p = 0; p < list.size();) {
                const std::size_t comma = std::min(list.find(',', p), list.size());
                o.subscribers.push_back(std::max(1, std::atoi(list.substr(p, comma - p).c_str())));
                p = comma + 1;
            }
        } else if (a == "--ours-only")
            o.ours_only = true;
        else {
            std::fprintf(stderr,
                         "usage: pubsub_bench [--rate N] [--seconds S] [--subscribers 1,4,16] [--ours-only]\n");
            std::exit(a == "--help" ? 0 : 2);
        }
    }
    return o;
}

void print(const char* who, int subscribers, const Figures& f) {
    std::printf("%-6s %4d subs  published %9.0f msg/s  delivered %9.0f msg/s  p50 %8.3f ms  p99 %8.3f ms  lost %lld\n",
                who, subscribers, f.published_per_s, f.delivered_per_s, f.p50_ms, f.p99_ms,
                static_cast<long long>(f.lost));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    // Debian installs it in /usr/sbin, which a user's PATH may lack.
    std::optional<std::string> nats = o.ours_only ? std::nullopt : find_on_path("nats-server");
    if (!o.ours_only && !nats && ::access("/usr/sbin/nats-server", X_OK) == 0)
        nats = "/usr/sbin/nats-server";
    std::printf("pubsub_bench: 1 publisher offering %d msg/s for %d s, fan-out to every subscriber, at most once\n",
                o.rate, o.seconds);
    if (!o.ours_only && !nats)
        std::printf("(no nats-server on PATH: ours only)\n");
    for (const int n : o.subscribers) {
        const Figures ours = run_ours(o, n);
        print("ours", n, ours);
        if (nats) {
            const Figures theirs = run_nats(*nats, o, n);
            print("nats", n, theirs);
            if (theirs.delivered_per_s > 0)
                std::printf("       delivered: ours / nats = %.2f\n", ours.delivered_per_s / theirs.delivered_per_s);
        }
    }
    return 0;
}
