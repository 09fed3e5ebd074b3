#include "core/patterns/raft/client_table.h"

namespace distlab::core::raft {

std::optional<Json> ClientTable::duplicate(const Message& request, Duration now) {
    expire(now);
    const auto it = seen_.find({request.from, request.id});
    if (it == seen_.end())
        return std::nullopt;
    return it->second.reply ? *it->second.reply : Json();
}

void ClientTable::proposed(Index index, const Message& request, Duration now) {
    Key key{request.from, request.id};
    pending_.insert_or_assign(index, Pending{request, now});
    seen_.insert_or_assign(key, Seen{now, std::nullopt});
    order_.emplace_back(now, std::move(key));
}

std::optional<ClientTable::Pending> ClientTable::applied(Index index, const Json& reply) {
    const auto it = pending_.find(index);
    if (it == pending_.end())
        return std::nullopt;
    Pending done = std::move(it->second);
    pending_.erase(it);
    if (auto seen = seen_.find({done.request.from, done.request.id}); seen != seen_.end())
        seen->second.reply = reply;
    return done;
}

void ClientTable::expire(Duration now) {
    while (!order_.empty() && now - order_.front().first > kDuplicateWindow) {
        const auto it = seen_.find(order_.front().second);
        if (it != seen_.end() && it->second.at == order_.front().first)
            seen_.erase(it);
        order_.pop_front();
    }
}

}  // namespace distlab::core::raft
