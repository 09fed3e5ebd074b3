// A Maelstrom node for the workload tests, written as users write theirs (JSON lines on stdin
// and stdout, its log on stderr, a poll loop for its timers). Arguments: WORKLOAD VARIANT, then
// anything (a marker the tests find it by); or none, and a name WORKLOAD-VARIANT (a link).
//
//   unique-ids  correct: "n1-7";          broken: 7, so two nodes hand out the same ids
//   broadcast   correct: gossips to its topology neighbours until each acknowledges;
//               broken: forwards each message once, so what a partition drops is forgotten
//   g-set       the same two ways, with add / read
//   g-counter,  correct: a state-based counter (per-node totals, merged by maximum);
//   pn-counter  broken: sends each delta to every node and resends it every 40 ms until
//               acknowledged, and the receiver adds every copy: it double-adds on retry
//   lin-kv      correct: every node forwards to n1, which holds the map;
//               broken: every node keeps its own map

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/maelstrom_node_io.h"

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

class Node {
public:
    Node(std::string workload, bool correct) : workload_(std::move(workload)), correct_(correct) {}

    void run() {
        distlab::test_support::LineSplitter lines;
        auto next_tick = Clock::now();
        for (;;) {
            pollfd fd{STDIN_FILENO, POLLIN, 0};
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - Clock::now()).count();
            const int ready = ::poll(&fd, 1, static_cast<int>(std::max<long long>(0, wait)));
            if (ready > 0) {
                char chunk[65536];
                const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
                if (n <= 0)
                    return;
                lines.feed(std::string_view(chunk, static_cast<std::size_t>(n)),
                           [this](std::string_view line) { handle(line); });
            }
            if (Clock::now() >= next_tick) {
                tick();
                next_tick = Clock::now() + std::chrono::milliseconds(correct_ ? 100 : 40);
            }
        }
    }

private:
    void send(const std::string& dest, Json body) { out_.send(dest, std::move(body)); }
    void reply(const Json& msg, Json body) { out_.reply(msg, std::move(body)); }

    void handle(std::string_view line) {
        const auto parsed = distlab::test_support::parse_message(line);
        if (!parsed)
            return;
        const Json& msg = *parsed;
        const Json& body = msg["body"];
        const std::string type = body.value("type", "");
        if (type == "init") {
            out_.set_self(body["node_id"]);
            for (const auto& id : body["node_ids"])
                if (id != out_.self())
                    others_.push_back(id);
            neighbours_ = others_;
            std::cerr << "workload_node: " << workload_ << (correct_ ? " correct" : " broken") << " as " << out_.self() << std::endl;
            reply(msg, {{"type", "init_ok"}});
            return;
        }
        if (type == "topology") {
            neighbours_.clear();
            for (const auto& id : body["topology"][out_.self()])
                neighbours_.push_back(id);
            reply(msg, {{"type", "topology_ok"}});
            return;
        }
        if (workload_ == "unique-ids" && type == "generate") {
            const long n = ++generated_;
            reply(msg, {{"type", "generate_ok"}, {"id", correct_ ? Json(out_.self() + "-" + std::to_string(n)) : Json(n)}});
        } else if ((workload_ == "broadcast" && type == "broadcast") || (workload_ == "g-set" && type == "add")) {
            const std::int64_t v = body[workload_ == "broadcast" ? "message" : "element"];
            reply(msg, {{"type", type + "_ok"}});
            learn(v, "");
        } else if (type == "read" && (workload_ == "broadcast" || workload_ == "g-set")) {
            reply(msg, {{"type", "read_ok"}, {workload_ == "broadcast" ? "messages" : "value", elements_}});
        } else if (type == "gossip") {
            std::vector<std::int64_t> got;
            for (const auto& v : body["messages"]) {
                got.push_back(v);
                known_by_[msg["src"]].insert(v.get<std::int64_t>());
                learn(v, msg["src"]);
            }
            if (correct_)
                reply(msg, {{"type", "gossip_ok"}, {"messages", got}});
        } else if (type == "gossip_ok") {
            for (const auto& v : body["messages"])
                known_by_[msg["src"]].insert(v.get<std::int64_t>());
        } else if ((workload_ == "g-counter" || workload_ == "pn-counter") && type == "add") {
            const std::int64_t d = body["delta"];
            reply(msg, {{"type", "add_ok"}});
            if (correct_) {
                (d >= 0 ? up_ : down_)[out_.self()] += d >= 0 ? d : -d;
            } else {
                total_ += d;
                for (const auto& peer : others_)
                    unacked_[next_delta_++] = {peer, d};
                resend();
            }
        } else if (type == "read" && (workload_ == "g-counter" || workload_ == "pn-counter")) {
            std::int64_t value = total_;
            if (correct_) {
                for (const auto& [n, v] : up_)
                    value += v;
                for (const auto& [n, v] : down_)
                    value -= v;
            }
            reply(msg, {{"type", "read_ok"}, {"value", value}});
        } else if (type == "counter_state") {
            for (const auto& [n, v] : body["up"].items())
                up_[n] = std::max(up_[n], v.get<std::int64_t>());
            for (const auto& [n, v] : body["down"].items())
                down_[n] = std::max(down_[n], v.get<std::int64_t>());
        } else if (type == "delta") {
            total_ += body["delta"].get<std::int64_t>();   // every copy: the double-add
            reply(msg, {{"type", "delta_ok"}, {"id", body["id"]}});
        } else if (type == "delta_ok") {
            unacked_.erase(body["id"].get<std::int64_t>());
        } else if (workload_ == "lin-kv" && (type == "read" || type == "write" || type == "cas")) {
            if (correct_ && out_.self() != "n1") {
                // Forward to n1 and answer the client with n1's answer.
                Json forwarded = body;
                forwarded.erase("msg_id");
                forwarded["type"] = "fwd_" + type;
                waiting_[out_.next_id()] = msg;
                send("n1", std::move(forwarded));
            } else {
                reply(msg, apply(body, type));
            }
        } else if (type.starts_with("fwd_")) {
            Json b = body;
            reply(msg, apply(b, type.substr(4)));
        } else if (body.contains("in_reply_to") && waiting_.contains(body["in_reply_to"].get<long>())) {
            const Json client = waiting_[body["in_reply_to"].get<long>()];
            waiting_.erase(body["in_reply_to"].get<long>());
            Json answer = body;
            answer.erase("msg_id");
            reply(client, std::move(answer));
        } else if (!body.contains("in_reply_to")) {
            reply(msg, {{"type", "error"}, {"code", 10}, {"text", "not supported: " + type}});
        }
    }

    Json apply(const Json& body, const std::string& type) {
        const std::string key = body["key"].dump();
        const auto it = kv_.find(key);
        if (type == "read")
            return it == kv_.end() ? Json{{"type", "error"}, {"code", 20}, {"text", "no key " + key}}
                                   : Json{{"type", "read_ok"}, {"value", it->second}};
        if (type == "write") {
            kv_[key] = body["value"];
            return {{"type", "write_ok"}};
        }
        if (it == kv_.end())
            return {{"type", "error"}, {"code", 20}, {"text", "no key " + key}};
        if (it->second != body["from"])
            return {{"type", "error"}, {"code", 22}, {"text", "expected " + body["from"].dump() + ", was " + it->second.dump()}};
        it->second = body["to"];
        return {{"type", "cas_ok"}};
    }

    // A new element: the correct node gossips it on its ticks; the broken one forwards it once.
    void learn(std::int64_t v, const std::string& from) {
        if (!elements_.insert(v).second || correct_)
            return;
        for (const auto& peer : neighbours_)
            if (peer != from)
                send(peer, {{"type", "gossip"}, {"messages", {v}}});
    }

    void resend() {
        for (const auto& [id, pending] : unacked_)
            send(pending.first, {{"type", "delta"}, {"id", id}, {"delta", pending.second}});
    }

    void tick() {
        if (out_.self().empty())
            return;
        if (!correct_) {
            resend();
            return;
        }
        if (workload_ == "broadcast" || workload_ == "g-set") {
            for (const auto& peer : workload_ == "broadcast" ? neighbours_ : others_) {
                std::vector<std::int64_t> missing;
                for (std::int64_t v : elements_)
                    if (!known_by_[peer].contains(v))
                        missing.push_back(v);
                if (!missing.empty())
                    send(peer, {{"type", "gossip"}, {"messages", missing}});
            }
        } else if (workload_ == "g-counter" || workload_ == "pn-counter") {
            for (const auto& peer : others_)
                send(peer, {{"type", "counter_state"}, {"up", up_}, {"down", down_}});
        }
    }

    std::string workload_;
    bool correct_;
    distlab::test_support::NodeOutput out_{std::cout};
    long generated_ = 0;
    std::vector<std::string> others_, neighbours_;
    std::set<std::int64_t> elements_;
    std::map<std::string, std::set<std::int64_t>> known_by_;
    std::map<std::string, std::int64_t> up_, down_;
    std::int64_t total_ = 0;
    std::int64_t next_delta_ = 1;
    std::map<std::int64_t, std::pair<std::string, std::int64_t>> unacked_;
    std::map<std::string, Json> kv_;
    std::map<long, Json> waiting_;
};

}  // namespace

int main(int argc, char** argv) {
    // WORKLOAD VARIANT as arguments, or in the program's name (a link called g-counter-broken),
    // for `distlab-cli maelstrom test --bin`, which runs the program without arguments.
    std::string workload = argc > 1 ? argv[1] : "", variant = argc > 2 ? argv[2] : "";
    if (argc < 3) {
        const std::string name = std::filesystem::path(argv[0]).filename().string();
        const std::size_t dash = name.rfind('-');
        if (dash != std::string::npos) {
            workload = name.substr(0, dash);
            variant = name.substr(dash + 1);
        }
    }
    if (workload.empty() || (variant != "correct" && variant != "broken")) {
        std::cerr << "usage: maelstrom_workload_node WORKLOAD correct|broken [marker], or a link named WORKLOAD-VARIANT\n";
        return 2;
    }
    Node(workload, variant == "correct").run();
    return 0;
}
