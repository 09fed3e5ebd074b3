#include "core/patterns/message_queue/mq_protocol.h"

#include <algorithm>

namespace distlab::core::message_queue {

std::string_view to_string(Reason reason) {
    switch (reason) {
    case Reason::First: return "first";
    case Reason::Retry: return "retry";
    case Reason::Timeout: return "timeout";
    case Reason::Recovered: return "recovered";
    }
    return "first";
}

std::optional<Reason> reason_from_string(std::string_view name) {
    for (Reason r : {Reason::First, Reason::Retry, Reason::Timeout, Reason::Recovered})
        if (to_string(r) == name)
            return r;
    return std::nullopt;
}

Json MqMessage::to_json() const {
    return {{"producer", producer}, {"seq", seq}, {"poison", poison}};
}

std::optional<MqMessage> MqMessage::from_json(const Json& body) {
    const std::optional<MessageKey> key = key_from_json(body);
    if (!key)
        return std::nullopt;
    const auto poison = body.find("poison");
    if (poison != body.end() && !poison->is_boolean())
        return std::nullopt;
    return MqMessage{key->first, key->second, poison != body.end() && poison->get<bool>()};
}

std::optional<MessageKey> key_from_json(const Json& body) {
    if (!body.is_object())
        return std::nullopt;
    const auto producer = body.find("producer");
    const auto seq = body.find("seq");
    if (producer == body.end() || !producer->is_string() || producer->get<std::string>().empty() ||
        seq == body.end() || !seq->is_number_integer() || seq->get<std::int64_t>() < 1)
        return std::nullopt;
    const std::string name = producer->get<std::string>();
    if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c <= ' '; }))
        return std::nullopt;
    return MessageKey{name, seq->get<std::int64_t>()};
}

bool valid_group(std::string_view group) {
    return !group.empty() && group.size() <= 64 && std::all_of(group.begin(), group.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::vector<Duration> rocketmq_ladder() {
    using std::chrono::hours;
    using std::chrono::minutes;
    using std::chrono::seconds;
    return {seconds(10), seconds(30), minutes(1), minutes(2),  minutes(3),  minutes(4),  minutes(5), minutes(6),
            minutes(7),  minutes(8),  minutes(9), minutes(10), minutes(20), minutes(30), hours(1),   hours(2)};
}

}  // namespace distlab::core::message_queue
