#include "netlab/patterns/pubsub/pubsub_history.h"

#include <algorithm>
#include <set>

#include "core/model/json.h"
#include "core/patterns/pubsub/subject.h"

namespace distlab::netlab::pubsub {

namespace {

using core::Json;

struct Published {
    MessageId id;
    std::string subject;
    std::string broker;
    std::int64_t invoked_ns = 0;
    std::vector<std::size_t> subscribed;   // the subscriptions subscribed when it was invoked
    std::optional<std::int64_t> acked_ns;
};

struct Receipts {
    std::map<MessageId, std::int64_t> count;
    // Per member and publisher: the highest seq it received (first receipts at that member).
    std::map<std::pair<std::string, std::string>, std::int64_t> highest;
    std::set<std::pair<std::string, MessageId>> seen_by_member;
};

std::optional<MessageId> message_of(const std::string& data) {
    const Json v = Json::parse(data, nullptr, false);
    if (!v.is_object())
        return std::nullopt;
    const auto publisher = v.find("publisher");
    const auto seq = v.find("seq");
    if (publisher == v.end() || !publisher->is_string() || seq == v.end() || !seq->is_number_integer())
        return std::nullopt;
    return MessageId{publisher->get<std::string>(), seq->get<std::int64_t>()};
}

}  // namespace

std::string ids_text(const std::vector<MessageId>& ids, std::size_t at_most) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < at_most; ++i) {
        if (i > 0)
            out += ", ";
        out += ids[i].first + "#" + std::to_string(ids[i].second);
    }
    if (ids.size() > at_most)
        out += ", ...";
    return out;
}

Participants participants_of(const std::vector<Event>& events) {
    Participants out;
    for (const Event& e : events) {
        if (e.kind != EventKind::MessageSent)
            continue;
        if (e.type == core::pubsub::kPublish) {
            out.publishers.try_emplace(e.node, e.peer);
            continue;
        }
        if (e.type != core::pubsub::kSubscribe)
            continue;
        const Json body = Json::parse(e.data, nullptr, false);
        if (!body.is_object() || !body.contains("pattern") || !body["pattern"].is_string() ||
            !body.contains("delivery") || !body["delivery"].is_string())
            continue;
        const auto delivery = core::pubsub::delivery_from_string(body["delivery"].get<std::string>());
        const auto queue = body.find("queue");
        if (delivery)
            out.subscribers[e.node] = {e.peer, body["pattern"].get<std::string>(),
                                       queue != body.end() && queue->is_string() ? queue->get<std::string>() : "",
                                       *delivery, false};
    }
    for (const Event& e : events)
        if (e.kind == EventKind::Phase && e.type == "subscribing")
            if (const auto it = out.subscribers.find(e.node); it != out.subscribers.end())
                it->second.announces_phase = true;
    return out;
}

History read_history(const std::vector<Event>& events, const Participants& participants, std::int64_t settle_ns) {
    History history;
    const auto& subscribers = participants.subscribers;

    // The subscriptions: one per plain subscriber, one per queue group.
    std::map<std::string, std::size_t> unit_of_node;
    std::map<std::string, std::size_t> unit_of_key;
    for (const auto& [node, info] : subscribers) {
        const std::string key =
            info.queue.empty() ? "node " + node : "queue " + info.broker + " " + info.queue + " " + info.pattern;
        auto [it, fresh] = unit_of_key.try_emplace(key, history.subscriptions.size());
        if (fresh) {
            SubscriptionResult unit;
            unit.info = info;
            history.subscriptions.push_back(std::move(unit));
        }
        history.subscriptions[it->second].members.push_back(node);
        unit_of_node[node] = it->second;
    }
    for (SubscriptionResult& unit : history.subscriptions) {
        if (unit.info.queue.empty()) {
            unit.name = unit.members.front();
            continue;
        }
        std::string members;
        for (const std::string& m : unit.members)
            members += (members.empty() ? "" : ", ") + m;
        unit.name = unit.info.queue + " (" + members + ")";
    }

    std::map<std::string, bool> subscribed;                 // per member: since its first subscription
    std::map<std::string, std::map<std::uint64_t, std::size_t>> publish_ops;   // per publisher: op -> index
    std::vector<Published> published;
    std::map<MessageId, std::int64_t> invoked_at;
    std::vector<Receipts> receipts(history.subscriptions.size());
    std::vector<std::map<MessageId, std::int64_t>> second_receipt_ns(history.subscriptions.size());
    std::vector<std::vector<std::int64_t>> ages(history.subscriptions.size());
    std::int64_t end_ns = 0;

    const auto unit_subscribed = [&](std::size_t unit) {
        return std::any_of(history.subscriptions[unit].members.begin(), history.subscriptions[unit].members.end(),
                           [&](const std::string& m) { return subscribed[m]; });
    };

    for (const Event& e : events) {
        end_ns = std::max(end_ns, e.t_ns);
        const auto member = unit_of_node.find(e.node);
        const auto publisher = participants.publishers.find(e.node);
        const bool is_publisher = publisher != participants.publishers.end();
        switch (e.kind) {
        case EventKind::MessageDelivered:
            if (e.type == core::pubsub::kSubscribeReply)
                if (const auto to = subscribers.find(e.peer); to != subscribers.end() && !to->second.announces_phase)
                    subscribed[e.peer] = true;
            break;
        case EventKind::Phase:
            if (member != unit_of_node.end() && e.type == "subscribed")
                subscribed[e.node] = true;
            else if (member != unit_of_node.end() && e.type == "disconnected")
                ++history.subscriptions[member->second].disconnects;
            break;
        case EventKind::NodeStarted:
            if (is_publisher)
                publish_ops[e.node].clear();   // a new process counts its operations from 1 again
            break;
        case EventKind::OpInvoked:
            if (is_publisher && e.type == "publish") {
                const Json v = Json::parse(e.data, nullptr, false);
                if (!v.is_object() || !v.contains("seq") || !v["seq"].is_number_integer() || !v.contains("subject") ||
                    !v["subject"].is_string())
                    break;
                Published p{{e.node, v["seq"].get<std::int64_t>()}, v["subject"].get<std::string>(), {}, e.t_ns, {}, {}};
                p.broker = publisher->second;
                for (std::size_t u = 0; u < history.subscriptions.size(); ++u)
                    if (history.subscriptions[u].info.broker == p.broker &&
                        core::pubsub::subject_matches(history.subscriptions[u].info.pattern, p.subject) &&
                        unit_subscribed(u))
                        p.subscribed.push_back(u);
                invoked_at.emplace(p.id, e.t_ns);
                publish_ops[e.node][e.msg_id] = published.size();
                published.push_back(std::move(p));
            }
            break;
        case EventKind::OpCompleted:
            if (is_publisher) {
                auto& ops = publish_ops[e.node];
                const auto op = ops.find(e.msg_id);
                if (op == ops.end())
                    break;
                if (e.type == "ok")
                    published[op->second].acked_ns = e.t_ns;
                ops.erase(op);
            } else if (member != unit_of_node.end() && e.type == "ok") {
                const std::optional<MessageId> id = message_of(e.data);
                if (!id)
                    break;
                const std::size_t u = member->second;
                SubscriptionResult& unit = history.subscriptions[u];
                Receipts& r = receipts[u];
                ++unit.deliveries;
                ++unit.received_by[e.node];
                const std::int64_t times = ++r.count[*id];
                if (times == 2)
                    second_receipt_ns[u][*id] = e.t_ns;
                if (const auto at = invoked_at.find(*id); times == 1 && at != invoked_at.end())
                    ages[u].push_back(e.t_ns - at->second);
                if (!r.seen_by_member.insert({e.node, *id}).second)
                    break;   // this member had it before: a duplicate, not an order question
                auto [highest, first] = r.highest.try_emplace({e.node, id->first}, id->second);
                if (first)
                    break;
                if (id->second < highest->second) {
                    unit.reordered.push_back(*id);
                    if (!unit.first_reorder_ns)
                        unit.first_reorder_ns = e.t_ns;
                } else {
                    highest->second = id->second;
                }
            }
            break;
        default: break;
        }
    }

    for (const Published& p : published) {
        if (p.acked_ns)
            ++history.publishes_acked;
        else
            ++history.publishes_unacked;
    }
    for (std::size_t u = 0; u < history.subscriptions.size(); ++u) {
        SubscriptionResult& unit = history.subscriptions[u];
        const Receipts& r = receipts[u];
        for (const Published& p : published) {
            if (!p.acked_ns || p.broker != unit.info.broker ||
                !core::pubsub::subject_matches(unit.info.pattern, p.subject))
                continue;
            ++unit.published;
            const bool got = r.count.contains(p.id);
            // Counted from the first message it received (which may have been published just
            // before its subscribed phase was seen) to the first it lost.
            if (got && unit.lost.empty())
                ++unit.received_before_first_loss;
            if (std::find(p.subscribed.begin(), p.subscribed.end(), u) == p.subscribed.end())
                continue;
            if (*p.acked_ns > end_ns - settle_ns) {
                unit.pending += got ? 0 : 1;
                continue;
            }
            ++unit.expected;
            unit.newest_received = got;
            if (got)
                continue;
            unit.lost.push_back(p.id);
            if (!unit.first_lost_ns || *p.acked_ns < *unit.first_lost_ns)
                unit.first_lost_ns = *p.acked_ns;
        }
        std::sort(unit.lost.begin(), unit.lost.end());
        std::int64_t run = 0;
        for (std::size_t i = 0; i < unit.lost.size(); ++i) {
            const bool continues = i > 0 && unit.lost[i - 1].first == unit.lost[i].first &&
                                   unit.lost[i - 1].second + 1 == unit.lost[i].second;
            if (!continues) {
                ++unit.lost_runs;
                run = 0;
            }
            unit.longest_lost_run = std::max(unit.longest_lost_run, ++run);
        }
        unit.received = std::ssize(r.count);
        for (const auto& [id, n] : r.count) {
            if (n > 1)
                unit.duplicated.push_back(id);
            if (!invoked_at.contains(id))
                unit.unexpected.push_back(id);
        }
        if (!ages[u].empty()) {
            auto middle = ages[u].begin() + std::ssize(ages[u]) / 2;
            std::nth_element(ages[u].begin(), middle, ages[u].end());
            unit.median_age_ns = *middle;
        }
        for (const auto& [id, t] : second_receipt_ns[u])
            if (!unit.first_duplicate_ns || t < *unit.first_duplicate_ns)
                unit.first_duplicate_ns = t;
    }
    std::sort(history.subscriptions.begin(), history.subscriptions.end(),
              [](const SubscriptionResult& a, const SubscriptionResult& b) { return a.name < b.name; });
    return history;
}

}  // namespace distlab::netlab::pubsub
