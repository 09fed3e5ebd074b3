#include "netlab/patterns/leaderless/leaderless_history.h"

#include <algorithm>
#include <limits>

#include "core/model/json.h"
#include "core/patterns/leaderless/dynamo_protocol.h"

namespace distlab::netlab::leaderless {

namespace {

using core::Json;

bool is_write(const KvOperation& op) { return op.kind != KvOperation::Kind::Get; }

std::int64_t int_of(const Json& j, const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

StaleReads stale_reads(const std::vector<KvOperation>& ops) {
    StaleReads out;
    // key -> indexes of its writes that were acknowledged, and value -> its write
    std::map<std::string_view, std::vector<std::size_t>> acked;
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> writer;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const KvOperation& op = ops[i];
        if (!is_write(op) || !op.value)
            continue;
        writer.emplace(std::make_pair(std::string_view(op.key), std::string_view(*op.value)), i);
        if (op.outcome == KvOperation::Outcome::Ok && op.completed_ns)
            acked[op.key].push_back(i);
    }
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const KvOperation& r = ops[i];
        if (r.kind != KvOperation::Kind::Get || r.outcome != KvOperation::Outcome::Ok)
            continue;
        ++out.reads;
        // When the write it read was acknowledged (absent: before everything).
        std::int64_t seen_acked = std::numeric_limits<std::int64_t>::min();
        if (r.value) {
            const auto w = writer.find({r.key, *r.value});
            if (w == writer.end() || ops[w->second].outcome != KvOperation::Outcome::Ok)
                continue;
            seen_acked = *ops[w->second].completed_ns;
        }
        const auto a = acked.find(r.key);
        if (a == acked.end())
            continue;
        std::optional<std::size_t> latest;
        std::optional<std::int64_t> first_missed;
        bool missed = false;
        for (const std::size_t x : a->second) {
            const KvOperation& w = ops[x];
            if (*w.completed_ns >= r.invoked_ns)
                continue;
            if (!latest || *w.completed_ns > *ops[*latest].completed_ns)
                latest = x;
            if (w.invoked_ns > seen_acked) {
                missed = true;
                first_missed = std::min(first_missed.value_or(*w.completed_ns), *w.completed_ns);
            }
        }
        if (!missed)
            continue;
        const std::int64_t behind = r.invoked_ns - *first_missed;
        out.max_behind_ns = std::max(out.max_behind_ns, behind);
        out.stale.push_back({i, *latest, behind});
    }
    return out;
}

Convergence convergence(const std::vector<Event>& events,
                        const std::map<std::string, std::string, std::less<>>& node_roles) {
    const auto is_node = [&node_roles](const std::string& node) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && it->second == core::leaderless::kNodeRole;
    };
    struct Track {
        std::map<std::string, std::string> digests;
        std::int64_t hints = 0;
        bool down = false;
        Json last;
    };
    std::map<std::string, Track> nodes;
    Convergence c;
    std::string why, why_zh;
    const auto converged_now = [&]() {
        for (const auto& [name, t] : nodes) {
            if (t.down) {
                why = name + " is down";
                why_zh = name + " 已宕机";
                return false;
            }
            if (t.hints > 0) {
                why = name + " still holds " + std::to_string(t.hints) + " hints";
                why_zh = name + " 仍保存着 " + std::to_string(t.hints) + " 个提示";
                return false;
            }
        }
        for (const auto& [a, ta] : nodes)
            for (const auto& [b, tb] : nodes) {
                if (a >= b)
                    continue;
                const auto ab = ta.digests.find(b);
                const auto ba = tb.digests.find(a);
                if (ab == ta.digests.end() || ba == tb.digests.end() || ab->second != ba->second) {
                    why = a + " and " + b + " differ on the keys they share";
                    why_zh = a + " 与 " + b + " 在共享的键上不一致";
                    return false;
                }
            }
        return true;
    };
    for (const Event& e : events) {
        if (!is_node(e.node))
            continue;
        if (e.kind == EventKind::State) {
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                continue;
            Track& t = nodes[e.node];
            t.digests.clear();
            if (const auto d = s.find("digests"); d != s.end() && d->is_object())
                for (const auto& [peer, hash] : d->items())
                    if (hash.is_string())
                        t.digests[peer] = hash.get<std::string>();
            t.hints = int_of(s, "hints");
            c.max_hints = std::max(c.max_hints, t.hints);
            t.last = s;
        } else if (e.kind == EventKind::NodeExited) {
            const Json data = Json::parse(e.data, nullptr, false);
            // A node stopped at the end of the run still holds what its last state shows.
            if (!data.is_object() || data.value("cause", "") != "shutdown")
                nodes[e.node].down = true;
        } else if (e.kind == EventKind::NodeStarted) {
            if (auto it = nodes.find(e.node); it != nodes.end())
                it->second.down = false;
        } else {
            continue;
        }
        if (converged_now()) {
            if (!c.since_ns)
                c.since_ns = e.t_ns;
        } else {
            c.since_ns.reset();
        }
    }
    c.converged_at_end = !nodes.empty() && converged_now();
    if (!c.converged_at_end) {
        c.since_ns.reset();
        c.why_not = nodes.empty() ? "no dynamo-node reported its state" : why;
        c.why_not_zh = nodes.empty() ? "没有 dynamo-node 报告其状态" : why_zh;
    }
    for (const auto& [name, t] : nodes) {
        c.nodes.push_back(name);
        if (!t.last.is_object())
            continue;
        c.hints_stored += int_of(t.last, "hints_stored");
        c.hints_delivered += int_of(t.last, "hints_delivered");
        c.read_repairs += int_of(t.last, "read_repairs");
        c.ae_exchanges += int_of(t.last, "ae_exchanges");
        c.ae_keys_repaired += int_of(t.last, "ae_keys_repaired");
        c.unavailable += int_of(t.last, "unavailable");
        c.hints_at_end += t.hints;
    }
    return c;
}

}  // namespace distlab::netlab::leaderless
