#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netlab/patterns/maelstrom/workload_ops.h"

// The judgement of Maelstrom's kafka workload history (kafka-client's send / poll /
// commit_offsets / list_committed_offsets), the anomalies Maelstrom's checker names:
//
//   lost          an acknowledged send at offset o of key k, and a poll, invoked after the send
//                 was acknowledged, that read k from at or below o past o without it;
//   duplicated    one offset of a key holding two different messages (from send_ok or polls),
//                 or one message at two offsets;
//   out-of-order  a poll whose offsets of a key do not strictly increase or begin before the
//                 offset asked for, or a client's send acknowledged with an offset not above
//                 that of its send to the same key acknowledged before it was invoked.
namespace distlab::netlab::maelstrom {

struct KafkaAnomaly {
    std::string kind;                           // lost | duplicated | out-of-order
    std::string key;
    std::string text;                           // English, naming the operations
    std::string text_zh;
    std::vector<const WorkloadOp*> ops;         // the operations involved, most telling first
};

struct KafkaJudgement {
    std::uint64_t sends_acked = 0;
    std::uint64_t polls_ok = 0;
    std::uint64_t observed = 0;                 // distinct (key, offset) pairs polls returned
    std::map<std::string, std::uint64_t> counts;   // anomalies by kind
    std::vector<KafkaAnomaly> anomalies;        // at most kShown of each kind, first found first

    static constexpr std::size_t kShown = 10;
    bool ok() const { return anomalies.empty(); }
};

// `ops` must outlive the judgement (anomalies point into it).
KafkaJudgement judge_kafka(const std::vector<WorkloadOp>& ops);

}  // namespace distlab::netlab::maelstrom
