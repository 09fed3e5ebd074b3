#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/message.h"

// The stream-processing protocol between a stream-source, its stream-operators and a stream-sink.
//
// Data channels (source -> each operator, each operator -> the sink) are ordered: every message
// carries {attempt, seq}, seq counting from 1 within the job attempt, and the receiver handles
// them in that order whatever order the network delivers them in (OrderedInbox). Each attempt
// of the job (its first start and every restart after a failure) opens every channel again
// with a restore message.
//
//   restore   {attempt, seq: 1, checkpoint}        start from checkpoint n's state (0: empty)
//   record    {attempt, seq, offset, key, t}       source -> operator: one event; t is its
//                                                  event time in ms, offset its place in the
//                                                  source's log (from 0)
//   result    {attempt, seq, key, start, end,      operator -> sink: a window fired; count is
//              count, firing}                      what it adds (the first firing carries the
//                                                  count so far, a late firing only the events
//                                                  admitted since); firing counts from 0
//   late      {attempt, seq, key, t, offset}       operator -> sink: a late event sent to the
//                                                  side output
//   barrier   {attempt, seq, checkpoint}           checkpoint n's barrier, in line with the data
//   end_of_input {attempt, seq}                    the source's input ended
//
// Control messages (not ordered):
//
//   hello     {incarnation}                        operator or sink -> source on every start,
//                                                  repeated until a restore arrives;
//                                                  incarnation counts its starts from 1 (kept in
//                                                  its storage), so a larger one is a restart
//   checkpoint_ack {attempt, checkpoint}           sink -> source: checkpoint n's barriers
//                                                  reached the sink from every operator (each
//                                                  operator stored its state before passing its
//                                                  barrier on): the checkpoint is complete
//   checkpoint_complete {checkpoint}               source -> operators and sink
//                                                  (notifyCheckpointComplete): a transactional
//                                                  sink commits what it pre-committed up to n
namespace distlab::core {
class Context;
}

namespace distlab::core::stream {

inline constexpr std::string_view kRestore = "restore";
inline constexpr std::string_view kRecord = "record";
inline constexpr std::string_view kResult = "result";
inline constexpr std::string_view kLate = "late";
inline constexpr std::string_view kBarrier = "barrier";
inline constexpr std::string_view kEndOfInput = "end_of_input";
inline constexpr std::string_view kHello = "hello";
inline constexpr std::string_view kCheckpointAck = "checkpoint_ack";
inline constexpr std::string_view kCheckpointComplete = "checkpoint_complete";

// Counts this node's starts in its storage ("stream_incarnation"): 1 the first time, more after
// each restart. An operator and a sink say it in their hello.
std::int64_t next_incarnation(Context& ctx);

// Whether `type` is one of the ordered data-channel messages.
bool is_channel_message(std::string_view type);

// The integer field `name` of `body`, or nothing when it is missing or not an integer.
std::optional<std::int64_t> int_field(const Json& body, std::string_view name);

// One event of a source's log.
struct Event {
    std::int64_t offset = 0;
    std::string key;
    std::int64_t t = 0;    // event time, ms
    std::string id;        // the message it came from ("publisher#seq") when taken from a broker; else empty

    Json to_json() const;                                     // {offset, key, t, id?}
    static std::optional<Event> from_json(const Json& body);  // nothing when a field is wrong
};

// A data-channel message as a receiver reads it: its place {attempt, seq} checked, the rest in
// `message`. Nothing when attempt or seq is missing, attempt < 1 or seq < 1.
struct ChannelMessage {
    std::int64_t attempt = 0;
    std::int64_t seq = 0;
    Message message;

    static std::optional<ChannelMessage> from(const Message& msg);
};

}  // namespace distlab::core::stream
