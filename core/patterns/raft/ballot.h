#pragma once

#include <string>
#include <vector>

#include "core/model/ids.h"

namespace distlab::core::raft {

// Counts the votes of one election (or pre-vote) among the current members: a majority of them
// wins (Raft §5.2). Votes from non-members and repeated votes count once or not at all.
//
// Owned by RaftRole; single-threaded.
class Ballot {
public:
    void reset(std::vector<NodeId> members);
    void grant(const NodeId& voter);
    bool won() const { return granted_.size() * 2 > members_.size(); }
    const std::vector<NodeId>& granted() const { return granted_; }

private:
    std::vector<NodeId> members_;
    std::vector<NodeId> granted_;
};

}  // namespace distlab::core::raft
