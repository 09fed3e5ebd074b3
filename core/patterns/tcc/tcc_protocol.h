#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"

// TCC (Try-Confirm-Cancel) between a client, the coordinator and the participants, which hold
// bank accounts. A transfer is a global transaction whose actions move money between accounts:
//
//   begin          {tx, actions: [{participant, account, amount}]}   client -> coordinator, a call;
//                                                                    amount < 0 debits, > 0 credits
//   begin_reply    {ok: true, decision: "confirm"} | {ok: false, error}
//   try            {tx, actions: [{account, amount}]}                coordinator -> participant, a call:
//   try_reply      {ok: true, tx} | {ok: false, tx?, error}          reserve (freeze a debit, note a credit)
//   confirm        {tx, actions}                                     coordinator -> participant, calls;
//   cancel         {tx, actions}                                     the actions travel with them, as the
//   confirm_reply, cancel_reply                                      business parameters do in Seata
//                  {ok: true, tx, effect: applied|repeat|empty|reapplied}
//                | {ok: false, tx?, error}
//   balances       {}                                                anyone -> participant, a call
//   balances_reply {ok: true, accounts: {a0: n, ...}, sum, frozen, incoming}
//   read           {}                                                client -> coordinator, a call: all
//   read_reply     {ok: true, sum, by_participant: {p1: n, ...}}     balances at one cut (no confirm in
//                | {ok: false, error}                                flight meanwhile)
//
// A transaction is named by its client and a sequence number there: "c1.17".
namespace distlab::core::tcc {

inline constexpr std::string_view kBegin = "begin";
inline constexpr std::string_view kBeginReply = "begin_reply";
inline constexpr std::string_view kTry = "try";
inline constexpr std::string_view kConfirm = "confirm";
inline constexpr std::string_view kCancel = "cancel";
inline constexpr std::string_view kBalances = "balances";
inline constexpr std::string_view kRead = "read";
inline constexpr std::string_view kReadReply = "read_reply";

// The fence table's statuses, as Seata's tcc_fence_log numbers them (1 tried, 2 committed,
// 3 rolled back, 4 suspended).
enum class FenceStatus { Tried = 1, Committed = 2, RolledBack = 3, Suspended = 4 };

std::string_view to_string(FenceStatus status);
std::optional<FenceStatus> fence_status_from_string(std::string_view name);

// One account movement at a participant.
struct Action {
    std::string account;
    std::int64_t amount = 0;   // < 0 debit, > 0 credit
};

// One participant's share of a transaction.
struct Share {
    NodeId participant;
    std::vector<Action> actions;
};

// A non-empty string field of `body`, or nothing.
std::optional<std::string> string_field(const Json& body, std::string_view name);

// [{account, amount}] with non-empty accounts and non-zero integer amounts; an error naming the
// first problem otherwise (an empty list is one).
std::optional<std::vector<Action>> actions_from_json(const Json& list, std::string* error);
Json to_json(const std::vector<Action>& actions);

// The begin request: its actions grouped by participant in first-seen order; an error naming
// the first problem (no tx, no actions, an action without participant, account or amount).
struct BeginRequest {
    std::string tx;
    std::vector<Share> shares;
};
std::optional<BeginRequest> begin_from_json(const Json& body, std::string* error);
Json to_json(const std::vector<Share>& shares);

}  // namespace distlab::core::tcc
