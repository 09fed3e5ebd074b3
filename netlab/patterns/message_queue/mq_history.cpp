#include "netlab/patterns/message_queue/mq_history.h"

namespace distlab::netlab::mq {

namespace {

using core::Json;

std::optional<Key> read_key(const Json& value) { return core::message_queue::key_from_json(value); }

std::string read_string(const Json& value, const char* field) {
    const auto it = value.find(field);
    return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t read_int(const Json& value, const char* field) {
    const auto it = value.find(field);
    return it != value.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

bool MqHistory::in_dlq(const std::string& group, const Key& key) const {
    for (const FinalQueue& q : final_queues)
        if (q.dlq.contains({group, key}))
            return true;
    return false;
}

std::int64_t MqHistory::dlq_depth() const {
    std::int64_t n = 0;
    for (const FinalQueue& q : final_queues)
        n += q.dlq_depth;
    return n;
}

bool MqHistory::dlq_complete() const {
    for (const FinalQueue& q : final_queues)
        if (!q.dlq_complete)
            return false;
    return true;
}

std::int64_t MqHistory::acked() const {
    std::int64_t n = 0;
    for (const auto& [key, e] : enqueues)
        n += e.acked;
    return n;
}

MqHistory read_mq_history(const std::vector<Event>& events, const RoleCatalog& roles) {
    MqHistory h;
    std::map<std::string, std::string, std::less<>> role_of;
    for (const auto& [node, role] : roles.node_roles()) {
        role_of[node] = role;
        if (role == kQueueRole)
            h.queues.push_back(node);
    }
    const auto is = [&role_of](const std::string& node, std::string_view role) {
        const auto it = role_of.find(node);
        return it != role_of.end() && it->second == role;
    };
    std::map<std::pair<std::string, std::uint64_t>, Key> producer_ops;
    std::map<std::pair<std::string, std::uint64_t>, std::pair<std::string, Key>> consumer_ops;
    std::map<std::string, const Event*> last_state;
    std::set<std::string> dead;
    for (const Event& e : events) {
        switch (e.kind) {
        case EventKind::OpInvoked: {
            const Json value = Json::parse(e.data, nullptr, false);
            if (is(e.node, kProducerRole)) {
                const std::int64_t seq = read_int(value, "seq");
                if (seq < 1)
                    break;
                const Key key{e.node, seq};
                producer_ops[{e.node, e.msg_id}] = key;
                Enqueue& enq = h.enqueues[key];
                enq.t_ns = e.t_ns;
                enq.op = e.msg_id;
                enq.producer = e.node;
                const auto poison = value.find("poison");
                enq.poison = poison != value.end() && poison->is_boolean() && poison->get<bool>();
            } else if (is(e.node, kConsumerRole)) {
                const std::optional<Key> key = read_key(value);
                const std::string group = read_string(value, "group");
                if (!key || group.empty())
                    break;
                consumer_ops[{e.node, e.msg_id}] = {group, *key};
                Track& t = h.groups[group][*key];
                if (++t.received > 1) {
                    std::string reason = read_string(value, "reason");
                    if (reason.empty() || reason == "first")
                        reason = "network";
                    ++t.extra[reason];
                }
            }
            break;
        }
        case EventKind::OpCompleted: {
            if (is(e.node, kProducerRole)) {
                const auto it = producer_ops.find({e.node, e.msg_id});
                if (it != producer_ops.end() && e.type == "ok") {
                    Enqueue& enq = h.enqueues[it->second];
                    enq.acked = true;
                    enq.t_ns = e.t_ns;
                }
            } else if (is(e.node, kConsumerRole)) {
                const auto it = consumer_ops.find({e.node, e.msg_id});
                if (it == consumer_ops.end())
                    break;
                Track& t = h.groups[it->second.first][it->second.second];
                if (e.type == "ok")
                    ++t.consumed;
                else if (e.type == "fail")
                    ++t.failed;
            }
            break;
        }
        case EventKind::MessageSent: {
            if (e.type != core::message_queue::kDeliver || !is(e.node, kQueueRole))
                break;
            const Json body = Json::parse(e.data, nullptr, false);
            const std::optional<Key> key = read_key(body);
            const std::string group = read_string(body, "group");
            if (!key || group.empty())
                break;
            Delivery d{e.t_ns, read_int(body, "attempt"), read_string(body, "reason"), e.peer};
            ++h.deliveries;
            if (d.attempt > 1) {
                ++h.redeliveries;
                ++h.redeliveries_by_reason[d.reason];
            }
            h.groups[group][*key].deliveries.push_back(std::move(d));
            break;
        }
        case EventKind::State:
            if (is(e.node, kQueueRole))
                last_state[e.node] = &e;
            break;
        case EventKind::NodeStarted: dead.erase(e.node); break;
        case EventKind::NodeExited: {
            const Json data = Json::parse(e.data, nullptr, false);
            // A node stopped at the end of the run still holds what its last state shows.
            if (!data.is_object() || data.value("cause", "") != "shutdown")
                dead.insert(e.node);
            break;
        }
        default: break;
        }
    }
    for (const std::string& node : h.queues) {
        const auto it = last_state.find(node);
        if (dead.contains(node) || it == last_state.end()) {
            h.dead_queues.push_back(node);
            continue;
        }
        const Json snap = Json::parse(it->second->data, nullptr, false);
        if (!snap.is_object()) {
            h.dead_queues.push_back(node);
            continue;
        }
        FinalQueue q{.node = node,
                     .depth = read_int(snap, "depth"),
                     .in_flight = read_int(snap, "in_flight"),
                     .retrying = read_int(snap, "retrying"),
                     .dlq_depth = read_int(snap, "dlq_depth"),
                     .max_retries = read_int(snap, "max_retries")};
        if (const auto dlq = snap.find("dlq"); dlq != snap.end() && dlq->is_array())
            for (const Json& entry : *dlq)
                if (const std::optional<Key> key = read_key(entry))
                    q.dlq.insert({read_string(entry, "group"), *key});
        q.dlq_complete = std::ssize(q.dlq) >= q.dlq_depth;
        h.final_queues.push_back(std::move(q));
    }
    return h;
}

std::string key_name(const Key& key) { return key.first + "#" + std::to_string(key.second); }

core::Text reason_text(const std::string& reason) {
    if (reason == "retry")
        return {"after a failure (nack)", "处理失败（nack）后"};
    if (reason == "timeout")
        return {"after the visibility timeout (its consumer died or was too slow)",
                "可见性超时后（消费者宕机或处理太慢）"};
    if (reason == "recovered")
        return {"after the queue restarted (in flight when it died)", "队列重启后（宕机时正在投递）"};
    if (reason == "network")
        return {"duplicated by the network (the queue sent it once)", "被网络复制（队列只发送了一次）"};
    return {reason, reason};
}

}  // namespace distlab::netlab::mq
