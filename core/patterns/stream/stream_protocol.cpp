#include "core/patterns/stream/stream_protocol.h"

#include "core/model/role.h"

namespace distlab::core::stream {

namespace {

constexpr std::string_view kIncarnationKey = "stream_incarnation";

}  // namespace

// Counts this node's starts in its storage: 1 the first time, more after a restart.
std::int64_t next_incarnation(Context& ctx) {
    std::int64_t incarnation = 1;
    if (auto text = ctx.storage().read(kIncarnationKey); text && *text) {
        const Json parsed = Json::parse(**text, nullptr, false);
        if (parsed.is_number_integer())
            incarnation = parsed.get<std::int64_t>() + 1;
    }
    if (auto written = ctx.storage().write(kIncarnationKey, std::to_string(incarnation), true); !written)
        ctx.log(LogLevel::Error, "could not write stream_incarnation: " + written.error().message);
    return incarnation;
}


bool is_channel_message(std::string_view type) {
    return type == kRestore || type == kRecord || type == kResult || type == kLate || type == kBarrier ||
           type == kEndOfInput;
}

std::optional<std::int64_t> int_field(const Json& body, std::string_view name) {
    if (!body.is_object())
        return std::nullopt;
    const auto it = body.find(name);
    if (it == body.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

Json Event::to_json() const {
    Json out = {{"offset", offset}, {"key", key}, {"t", t}};
    if (!id.empty())
        out["id"] = id;
    return out;
}

std::optional<Event> Event::from_json(const Json& body) {
    const auto offset = int_field(body, "offset");
    const auto t = int_field(body, "t");
    if (!offset || !t || *offset < 0)
        return std::nullopt;
    const auto key = body.find("key");
    if (key == body.end() || !key->is_string() || key->get<std::string>().empty())
        return std::nullopt;
    const auto id = body.find("id");
    if (id != body.end() && !id->is_string())
        return std::nullopt;
    return Event{*offset, key->get<std::string>(), *t, id != body.end() ? id->get<std::string>() : std::string()};
}

std::optional<ChannelMessage> ChannelMessage::from(const Message& msg) {
    const auto attempt = int_field(msg.body, "attempt");
    const auto seq = int_field(msg.body, "seq");
    if (!attempt || !seq || *attempt < 1 || *seq < 1)
        return std::nullopt;
    return ChannelMessage{*attempt, *seq, msg};
}

}  // namespace distlab::core::stream
