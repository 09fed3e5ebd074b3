#include "netlab/patterns/atomic_commit/tx_history.h"

#include <algorithm>
#include <set>

#include "core/model/json.h"

namespace distlab::netlab {

namespace {

using core::Json;

constexpr std::string_view kParticipant = "tx-participant";
constexpr std::string_view kCoordinator = "tx-coordinator";
constexpr std::string_view kClient = "tx-client";

std::string string_of(const Json& body, std::string_view name) {
    if (!body.is_object())
        return {};
    const auto it = body.find(name);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// Time within [from, to) during which `node` was running, given its down spells.
std::int64_t live_time(const std::vector<std::pair<std::int64_t, std::int64_t>>& down, std::int64_t from,
                       std::int64_t to) {
    std::int64_t total = std::max<std::int64_t>(0, to - from);
    for (const auto& [a, b] : down) {
        const std::int64_t lo = std::max(a, from), hi = std::min(b, to);
        if (hi > lo)
            total -= hi - lo;
    }
    return std::max<std::int64_t>(0, total);
}

}  // namespace

bool TxHistory::split(const Tx& tx) {
    bool commit = false, abort = false;
    for (const auto& [node, part] : tx.parts) {
        if (!part.decision)
            continue;
        commit = commit || *part.decision == "commit";
        abort = abort || *part.decision == "abort";
    }
    return commit && abort;
}

TxHistory TxHistory::read(const std::vector<Event>& events, const RoleCatalog& catalog) {
    TxHistory h;
    std::set<std::string, std::less<>> participants, coordinators, clients;
    for (const auto& [node, role] : catalog.node_roles()) {
        if (role == kParticipant)
            participants.insert(node);
        else if (role == kCoordinator)
            coordinators.insert(node);
        else if (role == kClient)
            clients.insert(node);
    }
    h.participants.assign(participants.begin(), participants.end());
    std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>, std::less<>> down;
    std::map<std::string, std::int64_t, std::less<>> exited_at;
    std::map<std::string, std::pair<std::string, std::int64_t>, std::less<>> phase;   // node -> (phase, since)
    const auto close_phase = [&](const std::string& node, std::int64_t t) {
        auto it = phase.find(node);
        if (it == phase.end())
            return;
        if (it->second.first == "blocked")
            h.blocked_ns[node] += t - it->second.second;
        phase.erase(it);
    };
    std::map<std::pair<std::string, std::uint64_t>, std::string> op_tx;   // (client, op) -> tx

    for (const Event& e : events) {
        h.end_ns = std::max(h.end_ns, e.t_ns);
        const bool participant = participants.contains(e.node);
        switch (e.kind) {
        case EventKind::NodeExited:
            if (participant) {
                exited_at[e.node] = e.t_ns;
                close_phase(e.node, e.t_ns);
            }
            break;
        case EventKind::NodeStarted:
            if (participant)
                if (auto it = exited_at.find(e.node); it != exited_at.end()) {
                    down[e.node].push_back({it->second, e.t_ns});
                    exited_at.erase(it);
                }
            break;
        case EventKind::Phase:
            if (participant) {
                close_phase(e.node, e.t_ns);
                phase[e.node] = {e.type, e.t_ns};
            }
            break;
        case EventKind::MessageSent: {
            if (e.type != "prepare" && e.type != "prepare_reply" && e.type != "outcome")
                break;
            const Json body = Json::parse(e.data, nullptr, false);
            const std::string tx = string_of(body, "tx");
            if (tx.empty())
                break;
            if (e.type == "prepare" && coordinators.contains(e.node) && participants.contains(e.peer)) {
                Tx& t = h.txs[tx];
                t.id = tx;
                const auto writes = body.find("writes");
                t.parts[e.peer].locks = writes != body.end() && writes->is_array()
                                            ? static_cast<std::int64_t>(writes->size())
                                            : 0;
            } else if (e.type == "prepare_reply" && participant) {
                Tx& t = h.txs[tx];
                t.id = tx;
                Part& p = t.parts[e.node];
                if (string_of(body, "vote") == "yes") {
                    if (!p.yes_ns)
                        p.yes_ns = e.t_ns;
                } else {
                    p.voted_no = true;
                }
            } else if (e.type == "outcome" && participant) {
                const std::string decision = string_of(body, "decision");
                if (decision != "commit" && decision != "abort")
                    break;
                Tx& t = h.txs[tx];
                t.id = tx;
                Part& p = t.parts[e.node];
                if (!p.decision) {
                    p.decision = decision;
                    p.decided_ns = e.t_ns;
                    p.by = string_of(body, "by");
                } else if (*p.decision != decision) {
                    p.flipped = true;
                }
            }
            break;
        }
        case EventKind::OpInvoked:
            if (clients.contains(e.node) && e.type == "txn") {
                const std::string tx = string_of(Json::parse(e.data, nullptr, false), "tx");
                if (!tx.empty())
                    op_tx[{e.node, e.msg_id}] = tx;
            }
            break;
        case EventKind::OpCompleted:
            if (clients.contains(e.node)) {
                const auto it = op_tx.find({e.node, e.msg_id});
                if (it == op_tx.end())
                    break;
                Tx& t = h.txs[it->second];
                t.id = it->second;
                t.client = e.node;
                t.op = e.msg_id;
                if (e.type == "ok")
                    t.client_decision = "commit";
                else if (e.type == "fail")
                    t.client_decision = "abort";
            }
            break;
        default: break;
        }
    }
    for (const auto& [node, since] : exited_at)
        down[node].push_back({since, h.end_ns});
    for (auto& [node, p] : phase)
        if (p.first == "blocked")
            h.blocked_ns[node] += h.end_ns - p.second;
    for (const std::string& node : h.participants)
        h.blocked_ns.try_emplace(node, 0);
    for (auto& [id, tx] : h.txs)
        for (auto& [node, part] : tx.parts)
            if (part.yes_ns)
                part.in_doubt_ns = live_time(down[node], *part.yes_ns, part.decision ? part.decided_ns : h.end_ns);
    return h;
}

}  // namespace distlab::netlab
