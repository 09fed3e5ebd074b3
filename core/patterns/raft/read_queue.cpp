#include "core/patterns/raft/read_queue.h"

#include <utility>

namespace distlab::core::raft {

void ReadQueue::add(Message request, std::string key, Index read_index) {
    reads_.push_back(Read{std::move(request), std::move(key), read_index, round_ + 1});
}

void ReadQueue::confirm(std::uint64_t confirmed) {
    if (confirmed >= round_)
        in_flight_ = false;
}

bool ReadQueue::start_round_if_needed() {
    if (in_flight_ || reads_.empty() || reads_.back().seq <= round_)
        return false;
    ++round_;
    in_flight_ = true;
    return true;
}

std::vector<ReadQueue::Read> ReadQueue::take_ready(std::uint64_t confirmed, Index applied) {
    std::vector<Read> ready;
    while (!reads_.empty() && reads_.front().seq <= confirmed && reads_.front().read_index <= applied) {
        ready.push_back(std::move(reads_.front()));
        reads_.pop_front();
    }
    return ready;
}

std::vector<ReadQueue::Read> ReadQueue::reset() {
    std::vector<Read> all(std::make_move_iterator(reads_.begin()), std::make_move_iterator(reads_.end()));
    reads_.clear();
    round_ = 0;
    in_flight_ = false;
    return all;
}

}  // namespace distlab::core::raft
