#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "core/model/result.h"

namespace distlab::core::replication {

// Leader-follower replication between lf-node roles, and the monitor's questions.
//
//   primary -> replica  "lf_append"        {"epoch", "prev_index", "prev_epoch", "entries": [Entry...],
//                                           "head": the primary's log length, "sent_at_ms"}
//   replica -> primary  "lf_append_reply"  {"ok": true, "epoch", "length", "sent_at_ms"}
//                                          {"ok": false, "epoch", "length", "sent_at_ms"}   gap or
//                                                      conflict: resend from length + 1
//                                          ("sent_at_ms" echoes the append's: the primary's lease
//                                          runs from when it sent what was answered)
//                                          {"ok": false, "epoch": E}          E is newer: step down
//   monitor -> node     "lf_status"        {"epoch": the monitor's}
//   node -> monitor     "lf_status_reply"  {"mode": "primary"|"replica", "epoch", "length",
//                                           "last_epoch", "primary": ID|null,
//                                           "sync_replicas": [ID...] (a sync primary) | null}
//   monitor -> node     "lf_promote"       {"epoch", "sync_replicas": [ID...]}   become primary
//   monitor -> node     "lf_follow"        {"epoch", "primary": ID}              follow it
//
// Indexes count from 1; index 0 is the empty log. Epochs only grow: a node that hears of a newer
// epoch adopts it, and a message of an older epoch is refused.
inline constexpr const char* kAppend = "lf_append";
inline constexpr const char* kAppendReply = "lf_append_reply";
inline constexpr const char* kStatus = "lf_status";
inline constexpr const char* kPromote = "lf_promote";
inline constexpr const char* kFollow = "lf_follow";
inline constexpr std::string_view kPromoteReply = "lf_promote_reply";
inline constexpr std::string_view kFollowReply = "lf_follow_reply";

inline constexpr const char* kNodeRole = "lf-node";
inline constexpr const char* kMonitorRole = "lf-monitor";

// One write in the replicated log.
struct Entry {
    std::int64_t epoch = 0;     // the primary's epoch when it took the write
    std::string key;
    std::string value;
    std::int64_t at_ms = 0;     // the primary's role time when it took the write

    Json to_json() const;
    // An error names the field that is missing or of the wrong type. Never throws.
    static Result<Entry> from_json(const Json& json);
};

// An integer field of `body` at least `min`, or an error naming it.
Result<std::int64_t> int_field(const Json& body, const char* name, std::int64_t min = 0);

}  // namespace distlab::core::replication
