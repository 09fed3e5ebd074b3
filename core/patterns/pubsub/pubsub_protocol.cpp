#include "core/patterns/pubsub/pubsub_protocol.h"

namespace distlab::core::pubsub {

std::string_view to_string(Delivery delivery) {
    switch (delivery) {
    case Delivery::AtMostOnce: return "at_most_once";
    case Delivery::AtLeastOnce: return "at_least_once";
    }
    return "at_most_once";
}

std::optional<Delivery> delivery_from_string(std::string_view name) {
    if (name == "at_most_once")
        return Delivery::AtMostOnce;
    if (name == "at_least_once")
        return Delivery::AtLeastOnce;
    return std::nullopt;
}

Json PubMessage::to_json() const {
    return {{"subject", subject}, {"publisher", publisher}, {"seq", seq}};
}

std::optional<PubMessage> PubMessage::from_json(const Json& body) {
    if (!body.is_object())
        return std::nullopt;
    auto subject = body.find("subject");
    auto publisher = body.find("publisher");
    auto seq = body.find("seq");
    if (subject == body.end() || !subject->is_string() || publisher == body.end() || !publisher->is_string() ||
        seq == body.end() || !seq->is_number_integer())
        return std::nullopt;
    return PubMessage{subject->get<std::string>(), publisher->get<std::string>(), seq->get<std::int64_t>()};
}

}  // namespace distlab::core::pubsub
