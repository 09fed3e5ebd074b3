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
            // A gap, or an attempt that never opened here (a restarted receiver sees the end of
            // the old one first). The newest attempt's restore, if here, supersedes both.
            auto newest = held_.end();
            for (auto r = held_.begin(); r != held_.end(); ++r)
                if (r->first.first > attempt_ && r->first.second == 1)
                    newest = r;
            if (newest == held_.end() || newest == it)
                return std::nullopt;   // the next one has not arrived
            held_.erase(held_.begin(), newest);
            continue;
        }
        ChannelMessage out = std::move(it->second);
        held_.erase(it);
        return out;
    }
    return std::nullopt;
}

}  // namespace distlab::core::stream
