// raft_bench: our Raft against etcd on this machine, side by side (docs/performance.md).
//   1. failover: kill -9 the leader of a 3-server cluster; the time until a write succeeds
//      again (and, for ours, until a new leader reports itself), over several trials;
//   2. write throughput and latency with 1, 16 and 64 concurrent closed-loop writers, every
//      write synced to disk before it is acknowledged.
// Ours runs as distlab-node processes behind the lab's fabric, on the `ideal` network; etcd (if
// an `etcd` binary is on PATH: Debian's etcd-server) runs as three members on loopback with the
// same heartbeat and election timeout, driven through its JSON gateway (POST /v3/kv/put).
// Usage: raft_bench [--trials N] [--seconds S] [--heartbeat MS] [--election MS] [--ours-only]
//                   [--only failover|throughput] [--explain]
// --explain prints, for each failover trial of ours, the events from the kill to the first write,
// and for each throughput point of ours the latency ladder of the client and of the leaders.

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
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "bench/bench_support.h"

extern char** environ;

namespace {

using namespace distlab;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Options {
    int trials = 7;
    int seconds = 5;
    int heartbeat_ms = 50;
    int election_ms = 300;
    bool ours_only = false;
    bool explain = false;
    std::string only;                 // "failover" or "throughput": run just that part
};

using bench::percentile;

struct Failover {
    std::vector<double> write_ms;     // kill -> first successful write
    std::vector<double> leader_ms;    // kill -> a new leader reports itself (ours only)
};

struct Throughput {
    int clients = 0;
    double ops_per_s = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

std::string range_text(const std::vector<double>& v) {
    if (v.empty())
        return "-";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.0f ms (%.0f to %.0f, n=%zu)", percentile(v, 0.5),
                  *std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end()), v.size());
    return buf;
}

// ---------------------------------------------------------------------------------------------
// Ours: scenarios run on real processes by the same runner as `distlab-cli run`.

std::string node_binary() { return bench::beside_me("distlab-node"); }

std::string servers_yaml(const Options& o) {
    std::string out;
    for (const char* id : {"n1", "n2", "n3"})
        out += std::string("  - {id: ") + id + ", role: raft, params: {heartbeat: " + std::to_string(o.heartbeat_ms) +
               "ms, election_timeout: [" + std::to_string(o.election_ms) + "ms, " + std::to_string(2 * o.election_ms) +
               "ms]}}\n";
    return out;
}

std::vector<netlab::Event> run_ours(const std::string& body) {
    const std::string yaml = std::string(R"(version: 1
name: raft-bench
family: consensus
title: { en: "Raft bench", zh: "Raft 基准" }
summary: { en: "Benchmark.", zh: "基准测试。" }
seed: 1
network: { preset: ideal }
links: full
)") + body;
    auto loaded = netlab::load_scenario_text(yaml, "raft-bench.yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded) {
        for (const auto& d : loaded.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(2);
    }
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = "raft_bench";
    request.node_binary = node_binary();
    // On the disk, as etcd's data: the run's default directory is on a memory file system, where
    // a sync costs nothing (docs/engine-decisions.md).
    std::string pattern = (std::filesystem::temp_directory_path() / "raft-bench-ours-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::fprintf(stderr, "raft_bench: cannot create a directory under %s\n",
                     std::filesystem::temp_directory_path().c_str());
        std::exit(3);
    }
    request.run_dir = pattern;
    auto outcome = netlab::run_scenario(request);
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
    if (!outcome) {
        std::fprintf(stderr, "raft_bench: the lab failed: %s\n", outcome.error().message.c_str());
        std::exit(3);
    }
    return std::move(outcome->events);
}

double ms_of(std::int64_t ns) {
    return static_cast<double>(ns) / 1e6;
}

// --explain: what happened between a kill and the first successful write, in ms after the kill
// (the servers' log lines, the client's operations, messages dropped), to see where time goes.
void explain_trial(const std::vector<netlab::Event>& events, std::int64_t t_kill, std::int64_t t_end) {
    std::printf("  -- kill at %.1f s\n", ms_of(t_kill) / 1000);
    for (const auto& e : events) {
        if (e.t_ns < t_kill || e.t_ns > t_end)
            continue;
        const double at = ms_of(e.t_ns - t_kill);
        if (e.kind == netlab::EventKind::Log && e.type != "debug")
            std::printf("  %8.1f %-3s %s\n", at, e.node.c_str(), e.data.c_str());
        else if (e.kind == netlab::EventKind::NodeExited)
            std::printf("  %8.1f %-3s exited\n", at, e.node.c_str());
        else if (e.kind == netlab::EventKind::OpInvoked || e.kind == netlab::EventKind::OpCompleted)
            std::printf("  %8.1f %-3s op %llu %s\n", at, e.node.c_str(), static_cast<unsigned long long>(e.msg_id),
                        e.kind == netlab::EventKind::OpInvoked ? "invoked" : e.type.c_str());
        else if (e.kind == netlab::EventKind::MessageDropped || (e.kind == netlab::EventKind::MessageSent &&
                                                                 e.type != "append_entries" &&
                                                                 e.type != "append_entries_reply"))
            std::printf("  %8.1f %-3s %s %s -> %s %s\n", at, e.node.c_str(),
                        e.kind == netlab::EventKind::MessageDropped ? "dropped" : "sent", e.type.c_str(), e.peer.c_str(),
                        e.kind == netlab::EventKind::MessageSent && e.type.starts_with("kv") ? e.data.c_str() : "");
    }
}

// Kills the leader every 3 s (restarted 1.5 s later) under one closed-loop writer whose
// operations time out after 100 ms, so it notices a dead leader quickly.
Failover ours_failover(const Options& o) {
    std::string body = "duration: " + std::to_string(2 + 3 * o.trials + 1) + "s\nnodes:\n" + servers_yaml(o) +
                       "  - {id: c1, role: kv-client, params: {targets: [n1, n2, n3], mode: closed, concurrency: 1, "
                       "read_ratio: 0, cas_ratio: 0, keys: 10, timeout: 100ms}}\nfaults:\n";
    for (int i = 0; i < o.trials; ++i) {
        const int at = 2000 + 3000 * i;
        body += "  - {at: " + std::to_string(at) + "ms, until: " + std::to_string(at + 1500) + "ms, kill: leader}\n";
    }
    const auto events = run_ours(body);
    std::map<std::uint64_t, std::int64_t> invoked;
    std::vector<std::pair<std::int64_t, std::string>> kills;
    for (const auto& e : events) {
        if (e.kind == netlab::EventKind::FaultInjected && e.type == "kill" && !e.node.empty())
            kills.emplace_back(e.t_ns, e.node);
        if (e.kind == netlab::EventKind::OpInvoked)
            invoked[e.msg_id] = e.t_ns;
    }
    Failover f;
    for (const auto& [t_kill, victim] : kills) {
        std::optional<std::int64_t> leader, write;
        for (const auto& e : events) {
            if (e.t_ns <= t_kill)
                continue;
            if (!leader && e.kind == netlab::EventKind::State && e.node != victim && e.node.starts_with("n") &&
                e.data.find("\"role\":\"leader\"") != std::string::npos)
                leader = e.t_ns;
            if (!write && e.kind == netlab::EventKind::OpCompleted && e.type == "ok" && invoked.contains(e.msg_id) &&
                invoked[e.msg_id] >= t_kill)
                write = e.t_ns;
            if (leader && write)
                break;
        }
        if (o.explain)
            explain_trial(events, t_kill, write.value_or(t_kill + 2'000'000'000));
        if (leader)
            f.leader_ms.push_back(ms_of(*leader - t_kill));
        if (write)
            f.write_ms.push_back(ms_of(*write - t_kill));
    }
    return f;
}

// --explain: the client's latency ladder, and the leaders' own part of it (proposal to apply).
void explain_latencies(const std::vector<netlab::Event>& events, const std::vector<double>& client) {
    std::vector<double> commit;
    for (const auto& e : events) {
        if (e.kind != netlab::EventKind::Metric)
            continue;
        const auto j = core::Json::parse(e.data, nullptr, false);
        if (j.is_object() && j.contains("samples") && j["samples"].contains("commit_latency_ms"))
            for (const auto& v : j["samples"]["commit_latency_ms"])
                if (v.is_number())
                    commit.push_back(v.get<double>());
    }
    double sum = 0;
    for (double v : client)
        sum += v;
    for (const auto& [name, v] : {std::pair<const char*, const std::vector<double>*>{"client", &client}, {"leader", &commit}})
        std::printf("    %-6s p10 %.2f  p50 %.2f  p75 %.2f  p90 %.2f  p95 %.2f  p99 %.2f  p99.9 %.2f ms (n=%zu)\n", name,
                    percentile(*v, 0.1), percentile(*v, 0.5), percentile(*v, 0.75), percentile(*v, 0.9),
                    percentile(*v, 0.95), percentile(*v, 0.99), percentile(*v, 0.999), v->size());
    std::printf("    client mean %.2f ms\n", client.empty() ? 0.0 : sum / static_cast<double>(client.size()));
}

Throughput ours_throughput(const Options& o, int clients) {
    const int warmup = 1;
    const std::string body = "duration: " + std::to_string(warmup + o.seconds) + "s\nnodes:\n" + servers_yaml(o) +
                             "  - {id: c1, role: kv-client, params: {targets: [n1, n2, n3], mode: closed, concurrency: " +
                             std::to_string(clients) + ", read_ratio: 0, cas_ratio: 0, keys: 1000, timeout: 2s}}\n";
    const auto events = run_ours(body);
    std::map<std::uint64_t, std::int64_t> invoked;
    std::vector<double> latencies;
    const std::int64_t from = std::int64_t{warmup} * 1'000'000'000;
    const std::int64_t to = from + std::int64_t{o.seconds} * 1'000'000'000;
    for (const auto& e : events) {
        if (e.kind == netlab::EventKind::OpInvoked)
            invoked[e.msg_id] = e.t_ns;
        if (e.kind == netlab::EventKind::OpCompleted && e.type == "ok" && e.t_ns >= from && e.t_ns < to &&
            invoked.contains(e.msg_id))
            latencies.push_back(ms_of(e.t_ns - invoked[e.msg_id]));
    }
    if (o.explain)
        explain_latencies(events, latencies);
    return {clients, static_cast<double>(latencies.size()) / o.seconds, percentile(latencies, 0.5),
            percentile(latencies, 0.99)};
}

// ---------------------------------------------------------------------------------------------
// etcd: three members on loopback, spawned from argv, data in a temporary directory.

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

std::string base64(const std::string& in) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
    }
    return out;
}

// One keep-alive HTTP/1.1 connection to a member's client port. Not thread-safe: one per thread.
class HttpConnection {
public:
    explicit HttpConnection(int port) : port_(port) {}
    ~HttpConnection() { close_fd(); }
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // POSTs a JSON body; the response body on status 200, nothing on any failure or timeout.
    std::optional<std::string> post(const std::string& path, const std::string& body, std::chrono::milliseconds timeout) {
        if (fd_ < 0 && !open_fd(timeout))
            return std::nullopt;
        const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
            close_fd();
            return std::nullopt;
        }
        std::string in;
        char buf[4096];
        for (;;) {
            const std::size_t head_end = in.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                const std::size_t cl = in.find("Content-Length: ");
                const std::size_t length = cl < head_end ? std::strtoul(in.c_str() + cl + 16, nullptr, 10) : 0;
                if (in.size() >= head_end + 4 + length) {
                    const bool ok = in.starts_with("HTTP/1.1 200");
                    std::string response = in.substr(head_end + 4, length);
                    if (!ok)
                        return std::nullopt;
                    return response;
                }
            }
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                close_fd();
                return std::nullopt;
            }
            in.append(buf, static_cast<std::size_t>(n));
        }
    }

private:
    bool open_fd(std::chrono::milliseconds timeout) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        const timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close_fd();
            return false;
        }
        return true;
    }
    void close_fd() {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

    int port_;
    int fd_ = -1;
};

std::string put_body(const std::string& key, const std::string& value) {
    return R"({"key":")" + base64(key) + R"(","value":")" + base64(value) + R"("})";
}

// Three etcd members; the destructor kills whatever is still running and removes the data.
class EtcdCluster {
public:
    EtcdCluster(std::string binary, const Options& o) : binary_(std::move(binary)), options_(o) {
        std::string pattern = (std::filesystem::temp_directory_path() / "raft-bench-etcd-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
        for (int i = 0; i < 3; ++i)
            start(i, true);
    }
    ~EtcdCluster() {
        for (int i = 0; i < 3; ++i)
            kill9(i);
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    EtcdCluster(const EtcdCluster&) = delete;
    EtcdCluster& operator=(const EtcdCluster&) = delete;

    static int client_port(int i) { return 23790 + i; }

    void start(int i, bool fresh) {
        const std::string name = "e" + std::to_string(i);
        std::string cluster;
        for (int j = 0; j < 3; ++j)
            cluster += (j ? "," : "") + std::string("e") + std::to_string(j) + "=http://127.0.0.1:" + std::to_string(peer_port(j));
        const std::string client_url = "http://127.0.0.1:" + std::to_string(client_port(i));
        const std::string peer_url = "http://127.0.0.1:" + std::to_string(peer_port(i));
        std::vector<std::string> args = {binary_,
                                         "--name", name,
                                         "--data-dir", (dir_ / name).string(),
                                         "--listen-client-urls", client_url,
                                         "--advertise-client-urls", client_url,
                                         "--listen-peer-urls", peer_url,
                                         "--initial-advertise-peer-urls", peer_url,
                                         "--initial-cluster", cluster,
                                         "--initial-cluster-state", fresh ? "new" : "existing",
                                         "--heartbeat-interval", std::to_string(options_.heartbeat_ms),
                                         "--election-timeout", std::to_string(options_.election_ms),
                                         "--logger", "zap",
                                         "--log-outputs", (dir_ / (name + ".log")).string()};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        pid_t pid = -1;
        if (posix_spawn(&pid, binary_.c_str(), &actions, nullptr, argv.data(), environ) != 0)
            pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        pids_[i] = pid;
    }

    void kill9(int i) {
        if (pids_[i] <= 0)
            return;
        ::kill(pids_[i], SIGKILL);
        ::waitpid(pids_[i], nullptr, 0);
        pids_[i] = -1;
    }

    // The member that leads, according to the members' own status; nullopt before a deadline.
    std::optional<int> leader(std::chrono::milliseconds within) {
        const auto deadline = Clock::now() + within;
        while (Clock::now() < deadline) {
            for (int i = 0; i < 3; ++i) {
                if (pids_[i] <= 0)
                    continue;
                HttpConnection c(client_port(i));
                auto r = c.post("/v3/maintenance/status", "{}", 200ms);
                if (!r)
                    continue;
                const auto j = core::Json::parse(*r, nullptr, false);
                if (!j.is_object() || !j.contains("leader") || !j.contains("header"))
                    continue;
                if (j["leader"] == j["header"]["member_id"])
                    return i;
            }
            std::this_thread::sleep_for(20ms);
        }
        return std::nullopt;
    }

    // Every member answers its status and agrees on a leader.
    bool healthy(std::chrono::milliseconds within) {
        const auto deadline = Clock::now() + within;
        while (Clock::now() < deadline) {
            int answered = 0;
            for (int i = 0; i < 3; ++i) {
                HttpConnection c(client_port(i));
                auto r = c.post("/v3/maintenance/status", "{}", 200ms);
                const auto j = r ? core::Json::parse(*r, nullptr, false) : core::Json();
                answered += j.is_object() && j.contains("leader") && j["leader"] != "0" ? 1 : 0;
            }
            if (answered == 3)
                return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

private:
    static int peer_port(int i) { return 23800 + i; }

    std::string binary_;
    Options options_;
    std::filesystem::path dir_;
    pid_t pids_[3] = {-1, -1, -1};
};

Failover etcd_failover(EtcdCluster& etcd, const Options& o) {
    Failover f;
    for (int t = 0; t < o.trials; ++t) {
        if (!etcd.healthy(20s)) {
            std::fprintf(stderr, "raft_bench: the etcd cluster is not healthy; trial %d skipped\n", t);
            continue;
        }
        std::this_thread::sleep_for(1s);
        const auto leader = etcd.leader(5s);
        if (!leader)
            continue;
        const auto killed_at = Clock::now();
        etcd.kill9(*leader);
        // Like our client: 100 ms per attempt, the surviving members in turn.
        std::vector<std::unique_ptr<HttpConnection>> conns;
        for (int i = 0; i < 3; ++i)
            conns.push_back(std::make_unique<HttpConnection>(EtcdCluster::client_port(i)));
        for (int attempt = 0; Clock::now() - killed_at < 20s; ++attempt) {
            const int target = attempt % 3;
            if (target == *leader)
                continue;
            if (conns[target]->post("/v3/kv/put", put_body("failover", std::to_string(t)), 100ms)) {
                f.write_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - killed_at).count());
                break;
            }
        }
        etcd.start(*leader, false);
    }
    return f;
}

Throughput etcd_throughput(EtcdCluster& etcd, const Options& o, int clients) {
    etcd.healthy(20s);
    const auto leader = etcd.leader(5s).value_or(0);
    std::atomic<bool> measuring{false}, stop{false};
    std::vector<std::vector<double>> lat(static_cast<std::size_t>(clients));
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            HttpConnection conn(EtcdCluster::client_port(leader));
            for (std::uint64_t i = 0; !stop; ++i) {
                // Appended rather than "k" + ..., which GCC 12 at -O3 warns about (-Wrestrict, a false positive).
                std::string key = "k", value = "v";
                key += std::to_string((c * 7919 + i) % 1000);
                value += std::to_string(i);
                const auto start = Clock::now();
                const auto ok = conn.post("/v3/kv/put", put_body(key, value), 2s);
                if (ok && measuring)
                    lat[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            }
        });
    std::this_thread::sleep_for(1s);
    measuring = true;
    std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
    measuring = false;
    stop = true;
    for (auto& t : threads)
        t.join();
    std::vector<double> all;
    for (const auto& l : lat)
        all.insert(all.end(), l.begin(), l.end());
    return {clients, static_cast<double>(all.size()) / o.seconds, percentile(all, 0.5), percentile(all, 0.99)};
}

// ---------------------------------------------------------------------------------------------

void print_failover(const char* who, const Failover& f) {
    std::printf("  %-6s write after kill -9: %s\n", who, range_text(f.write_ms).c_str());
    if (!f.leader_ms.empty())
        std::printf("  %-6s new leader reported: %s\n", who, range_text(f.leader_ms).c_str());
}

void print_throughput(const char* who, const Throughput& t) {
    std::printf("  %-6s %2d clients: %8.0f writes/s   p50 %7.2f ms   p99 %7.2f ms\n", who, t.clients, t.ops_per_s, t.p50_ms,
                t.p99_ms);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
        if (a == "--trials")
            o.trials = std::max(1, next());
        else if (a == "--seconds")
            o.seconds = std::max(1, next());
        else if (a == "--heartbeat")
            o.heartbeat_ms = std::max(1, next());
        else if (a == "--election")
            o.election_ms = std::max(1, next());
        else if (a == "--ours-only")
            o.ours_only = true;
        else if (a == "--explain")
            o.explain = true;
        else if (a == "--only" && i + 1 < argc && (std::string(argv[i + 1]) == "failover" || std::string(argv[i + 1]) == "throughput"))
            o.only = argv[++i];
        else {
            std::fprintf(stderr, "usage: raft_bench [--trials N] [--seconds S] [--heartbeat MS] [--election MS] "
                                 "[--ours-only] [--only failover|throughput] [--explain]\n");
            return 2;
        }
    }
    const auto etcd_binary = o.ours_only ? std::nullopt : find_on_path("etcd");
    std::printf("raft_bench: 3 servers, heartbeat %d ms, election timeout %d ms (randomized up to %d ms), fsync on; "
                "%d failover trials, %d s per throughput point; etcd: %s\n",
                o.heartbeat_ms, o.election_ms, 2 * o.election_ms, o.trials, o.seconds,
                etcd_binary ? etcd_binary->c_str() : "not run");

    // etcd starts after our failover trials, so it does not run beside them.
    std::optional<EtcdCluster> etcd;
    auto start_etcd = [&] {
        if (etcd_binary && !etcd)
            etcd.emplace(*etcd_binary, o);
    };
    if (o.only != "throughput") {
        std::printf("\nfailover (median, range)\n");
        print_failover("ours", ours_failover(o));
        start_etcd();
        if (etcd)
            print_failover("etcd", etcd_failover(*etcd, o));
    }
    if (o.only == "failover")
        return 0;
    start_etcd();
    std::printf("\nwrite throughput (closed loop, every write synced)\n");
    for (int clients : {1, 16, 64}) {
        print_throughput("ours", ours_throughput(o, clients));
        if (etcd)
            print_throughput("etcd", etcd_throughput(*etcd, o, clients));
    }
    return 0;
}
