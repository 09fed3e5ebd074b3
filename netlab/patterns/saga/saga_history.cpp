#include "netlab/patterns/saga/saga_history.h"

#include <algorithm>
#include <set>

#include "core/model/json.h"

namespace distlab::netlab {

namespace {

using core::Json;

constexpr std::string_view kParticipant = "saga-participant";
constexpr std::string_view kClient = "saga-client";

std::string string_of(const Json& body, std::string_view name) {
    if (!body.is_object())
        return {};
    const auto it = body.find(name);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::int64_t int_of(const Json& body, std::string_view name) {
    const auto it = body.find(name);
    return it != body.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

void record(SagaHistory::Part& part, const std::string& action, const std::string& id, std::int64_t t) {
    const SagaHistory::Action a{id, t};
    if (action == "step") {
        if (!part.step)
            part.step = a;
    } else if (action == "refuse") {
        if (!part.refusal)
            part.refusal = a;
    } else if (action == "finish") {
        if (!part.finish)
            part.finish = a;
    } else if (action == "compensate") {
        if (std::none_of(part.compensations.begin(), part.compensations.end(),
                         [&](const SagaHistory::Action& c) { return c.id == id; }))
            part.compensations.push_back(a);
    }
}

}  // namespace

bool SagaHistory::Saga::failed() const {
    return std::any_of(parts.begin(), parts.end(),
                       [](const auto& entry) { return entry.second.refusal || !entry.second.compensations.empty(); });
}

SagaHistory SagaHistory::read(const std::vector<Event>& events, const RoleCatalog& catalog) {
    SagaHistory h;
    std::set<std::string, std::less<>> participants, clients;
    for (const auto& [node, role] : catalog.node_roles()) {
        if (role == kParticipant)
            participants.insert(node);
        else if (role == kClient)
            clients.insert(node);
    }
    h.participants.assign(participants.begin(), participants.end());
    std::map<std::pair<std::string, std::uint64_t>, std::string> op_saga;   // (client, op) -> saga

    for (const Event& e : events) {
        h.end_ns = std::max(h.end_ns, e.t_ns);
        switch (e.kind) {
        case EventKind::MessageSent: {
            if (!participants.contains(e.node))
                break;
            const Json body = Json::parse(e.data, nullptr, false);
            const std::string saga = string_of(body, "saga");
            const auto applied = body.is_object() ? body.find("applied") : body.end();
            if (saga.empty() || !body.is_object() || applied == body.end())
                break;
            Saga& s = h.sagas[saga];
            s.id = saga;
            Part& part = s.parts[e.node];
            const auto take = [&](const Json& entry) {
                const std::string action = string_of(entry, "action"), id = string_of(entry, "id");
                if (!action.empty() && !id.empty())
                    record(part, action, id, e.t_ns);
            };
            if (applied->is_array())
                for (const Json& entry : *applied)
                    take(entry);
            else
                take(*applied);
            break;
        }
        case EventKind::State: {
            if (!participants.contains(e.node))
                break;
            const Json snap = Json::parse(e.data, nullptr, false);
            if (!snap.is_object() || !snap.contains("initial"))
                break;
            h.balances[e.node].push_back({.t_ns = e.t_ns,
                                          .initial = int_of(snap, "initial"),
                                          .available = int_of(snap, "available"),
                                          .held = int_of(snap, "held"),
                                          .consumed = int_of(snap, "consumed"),
                                          .pending = int_of(snap, "pending")});
            break;
        }
        case EventKind::OpInvoked:
            if (clients.contains(e.node) && e.type == "saga") {
                const std::string saga = string_of(Json::parse(e.data, nullptr, false), "saga");
                if (!saga.empty())
                    op_saga[{e.node, e.msg_id}] = saga;
            }
            break;
        case EventKind::OpCompleted:
            if (clients.contains(e.node)) {
                const auto it = op_saga.find({e.node, e.msg_id});
                if (it == op_saga.end())
                    break;
                Saga& s = h.sagas[it->second];
                s.id = it->second;
                s.client = e.node;
                s.op = e.msg_id;
                s.outcome = e.type == "ok" ? "completed" : e.type == "fail" ? "compensated" : "";
            }
            break;
        default: break;
        }
    }
    return h;
}

}  // namespace distlab::netlab
