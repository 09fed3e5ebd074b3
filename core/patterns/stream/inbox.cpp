#include "core/patterns/stream/inbox.h"

namespace distlab::core::stream {

bool OrderedInbox::push(ChannelMessage msg) {
    if (msg.attempt < attempt_ || (msg.attempt == attempt_ && msg.seq < next_seq_))
        return false;
    const auto place = std::make_pair(msg.attempt, msg.seq);
    return held_.try_emplace(place, std::move(msg)).second;
}

std::optional<ChannelMessage> OrderedInbox::pop(std::int64_t min_attempt) {
    while (!held_.empty()) {
        auto it = held_.begin();
        const auto [attempt, seq] = it->first;
        if (attempt < attempt_ || attempt < min_attempt || (attempt == attempt_ && seq < next_seq_)) {
            held_.erase(it);
            continue;
        }
        if (attempt == attempt_ && seq == next_seq_) {
            ++next_seq_;
        } else if (attempt > attempt_ && seq == 1) {
            attempt_ = attempt;
            next_seq_ = 2;
        } else {
            return std::nullopt;   // a gap: the next one has not arrived
        }
        ChannelMessage out = std::move(it->second);
        held_.erase(it);
        return out;
    }
    return std::nullopt;
}

}  // namespace distlab::core::stream
