#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"

// The atomic commitment protocol (two-phase and three-phase commit) between a client, the
// coordinator and the participants:
//
//   begin          {tx, writes: [{participant, key, value}]}      client -> coordinator, a call
//   begin_reply    {ok: true, decision: "commit"}                  committed everywhere (the decision
//                | {ok: false, error}                              is durable); aborted, or refused
//   prepare        {tx, protocol, participants, writes: [{key, value}]}   coordinator -> participant, a call
//   prepare_reply  {ok: true, tx, vote: "yes" | "no", reason?}     the vote; yes = prepared, locks held
//                | {ok: false, error}                              a malformed request
//   precommit      {tx}                                            3PC only, a call
//   precommit_reply {ok: true} | {ok: false, error}                acknowledged | it has aborted
//   commit, abort  {tx}                                            coordinator -> participant
//   outcome        {tx, decision, by}                              participant -> coordinator, each time it
//                                                                  decides (or is told again): the commit
//                                                                  acknowledgement; `by` says who decided
//   inquire        {tx}                                            participant -> coordinator, a call, while
//   inquire_reply  {ok: true, decision: commit|abort|pending}      in doubt; unknown = abort (presumed abort)
//   tx_state       {tx}                                            participant -> participant, a call
//   tx_state_reply {ok: true, state}                               (cooperative termination)
//
// A transaction is named by its client and a sequence number there: "c1.17".
namespace distlab::core::atomic_commit {

inline constexpr std::string_view kBegin = "begin";
inline constexpr std::string_view kBeginReply = "begin_reply";
inline constexpr std::string_view kPrepare = "prepare";
inline constexpr std::string_view kPrecommit = "precommit";
inline constexpr std::string_view kCommit = "commit";
inline constexpr std::string_view kAbort = "abort";
inline constexpr std::string_view kOutcome = "outcome";
inline constexpr std::string_view kInquire = "inquire";
inline constexpr std::string_view kTxState = "tx_state";

enum class Protocol { TwoPhase, ThreePhase };

std::string_view to_string(Protocol protocol);
std::optional<Protocol> protocol_from_string(std::string_view name);

enum class Decision { Commit, Abort };

std::string_view to_string(Decision decision);
std::optional<Decision> decision_from_string(std::string_view name);

// Who made a participant's decision, as `outcome` reports it.
inline constexpr std::string_view kByCoordinator = "coordinator";   // told commit or abort
inline constexpr std::string_view kByRefusal = "refused";           // it voted no
inline constexpr std::string_view kByTimeout = "timeout";           // 3PC: decided alone
inline constexpr std::string_view kByPeers = "peers";               // learned it from another participant

struct Write {
    std::string key;
    std::string value;
};

// One participant's share of a transaction, as the client asks it of the coordinator.
struct ParticipantWrites {
    NodeId participant;
    std::vector<Write> writes;
};

// A non-empty string field of `body`, or nothing.
std::optional<std::string> string_field(const Json& body, std::string_view name);

// [{key, value}] with non-empty keys; nothing when malformed or empty.
std::optional<std::vector<Write>> writes_from_json(const Json& list);
Json to_json(const std::vector<Write>& writes);

// The begin request's writes grouped by participant, in first-seen order; an error naming the
// first problem (no writes, a write without participant, key or value).
struct BeginRequest {
    std::string tx;
    std::vector<ParticipantWrites> shares;
};
std::optional<BeginRequest> begin_from_json(const Json& body, std::string* error);

}  // namespace distlab::core::atomic_commit
