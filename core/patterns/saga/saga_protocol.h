#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model/json.h"

// The saga protocol between a client, the orchestrator (or, choreographed, the first service)
// and the participant services. A saga is a sequence of local transactions, one per
// participant, each committed at once; when one fails, the ones before it are undone by
// compensations, in reverse order. A saga is named by its client and a sequence number there:
// "c1.17".
//
//   saga            {saga}                        client -> orchestrator or first service, a call
//   saga_reply      {ok: true}                    every step done (and finished)
//                 | {ok: false, error}            a step failed; every step before it compensated
//
// Orchestrated (saga-orchestrator -> saga-participant), each a call, retried until answered:
//   step            {saga}                        run the participant's local transaction
//   step_reply      {ok: true, saga, applied}     done (pending: its semantic lock is held)
//                 | {ok: false, saga, refused: true, error, applied}   a business failure, nothing changed
//   compensate      {saga}                        undo the step
//   compensate_reply {ok: true, saga, applied?}   undone (`applied` absent: nothing to undo)
//   finish          {saga}                        the saga completed: release the semantic lock
//   finish_reply    {ok: true, saga, applied?}
//
// Choreographed (saga-participant -> saga-participant, along `next` / `prev`), each event a call
// sent from the sender's outbox until acknowledged:
//   saga_event      {saga, event: "step"}         (to next) my step is done: run yours
//                   {saga, event: "done"}         (to prev) every step is done: finish yours
//                   {saga, event: "failed"}       (to prev) my step failed: compensate yours
//                   {saga, event: "compensated"}  (to prev) mine is undone: compensate yours
//   saga_event_reply {ok: true}                   logged: the sender drops it from its outbox
//
// `applied` = {action: "step" | "refuse" | "compensate" | "finish", id}: what the participant
// did to its state, with the id of that local transaction's log record ("p2#17"). A retried
// request answered from the log carries the original id; a new id means the participant changed
// its state again. The saga checks read these from the messages participants send.
namespace distlab::core::saga {

inline constexpr std::string_view kSaga = "saga";
inline constexpr std::string_view kSagaReply = "saga_reply";
inline constexpr std::string_view kStep = "step";
inline constexpr std::string_view kCompensate = "compensate";
inline constexpr std::string_view kFinish = "finish";
inline constexpr std::string_view kSagaEvent = "saga_event";

inline constexpr std::string_view kEventStep = "step";
inline constexpr std::string_view kEventDone = "done";
inline constexpr std::string_view kEventFailed = "failed";
inline constexpr std::string_view kEventCompensated = "compensated";

inline constexpr std::string_view kActionStep = "step";
inline constexpr std::string_view kActionRefuse = "refuse";
inline constexpr std::string_view kActionCompensate = "compensate";
inline constexpr std::string_view kActionFinish = "finish";

// A non-empty string field of `body`, or nothing.
std::optional<std::string> string_field(const Json& body, std::string_view name);

}  // namespace distlab::core::saga
