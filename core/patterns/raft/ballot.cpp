#include "core/patterns/raft/ballot.h"

#include <algorithm>

namespace distlab::core::raft {

void Ballot::reset(std::vector<NodeId> members) {
    members_ = std::move(members);
    granted_.clear();
}

void Ballot::grant(const NodeId& voter) {
    if (std::ranges::find(members_, voter) == members_.end())
        return;
    if (std::ranges::find(granted_, voter) == granted_.end())
        granted_.push_back(voter);
}

}  // namespace distlab::core::raft
