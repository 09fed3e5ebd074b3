#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "core/model/message.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/model/time.h"

// What every client role shares besides its workload (workload.h): the metric names, the
// phases, the counting of attempts and the reading of their outcomes, so a client role writes
// only its own logic.
namespace distlab::core {

// The metric names clients count under, the same in every pattern, so checks, reports and the
// metrics endpoint read the clients of every pattern alike.
namespace client_metric {
inline constexpr std::string_view kCalls = "calls";                   // attempts sent, awaiting an answer
inline constexpr std::string_view kSuccesses = "successes";           // answered ok
inline constexpr std::string_view kFailures = "failures";             // answered with a definite failure
inline constexpr std::string_view kTimeouts = "timeouts";             // not answered in time: unknown
inline constexpr std::string_view kRetries = "retries";               // attempts after an operation's first
inline constexpr std::string_view kMalformedReplies = "malformed_replies";   // answers nobody can read
inline constexpr std::string_view kLateReplies = "late_replies";      // answers after their call timed out
inline constexpr std::string_view kUnexpectedMessages = "unexpected_messages";
inline constexpr std::string_view kLatency = "latency_ms";            // histogram of answered calls
// Whole operations, from their intended start to their end however they ended
// (WorkloadDriver::record_latency): what `distlab-cli stress` measures.
inline constexpr std::string_view kOpLatency = "op_latency_ms";
}  // namespace client_metric

// The phases of a client role: "running" while it begins operations, "stopped" once its
// workload stopped (stop_at) and it begins no more. WorkloadDriver announces them.
std::vector<PhaseSpec> client_phases();

// How one call ended.
enum class CallEnd {
    Ok,          // answered ok
    Failed,      // answered with a definite failure: the request was not served
    TimedOut,    // no answer in time: it may or may not have been served
    Malformed,   // an answer nobody can read: nothing can be concluded
};

// One call's end in the terms of the client-operation history (Jepsen): ok and fail are
// definite; a timeout or an unreadable answer is info, since the request may have been served.
struct CallResult {
    CallEnd end = CallEnd::Malformed;
    std::string error;            // Failed: the server's reason; TimedOut: "timeout";
                                  // Malformed: "malformed reply"; Ok: empty

    OpStatus status() const;
    // The history value of an operation that ends with this call: null when ok, else {"error"}.
    Json op_value() const;
    bool definite() const { return end == CallEnd::Ok || end == CallEnd::Failed; }
};

// The answer convention of the lab's protocols: {ok: true, ...} or {ok: false, error?: "..."};
// a body without a boolean "ok" is malformed. `default_error` names a failure without a reason.
CallResult read_answer(const Json& body, std::string_view default_error);

// The standard counters of a client's calls: each kept for the snapshot and counted as the
// metric of the same name.
//
// Owned by its role; single-threaded like every role.
class CallTally {
public:
    void call(Context& ctx);
    void success(Context& ctx);
    void failure(Context& ctx);
    void timeout(Context& ctx);
    void retry(Context& ctx);

    // Records how an attempt sent at `sent_at` ended: counts it (successes, failures, timeouts or
    // malformed_replies), samples latency_ms when it was answered, logs an unreadable answer.
    // `read` reads an answer's body (the protocol's: read_answer with its default error).
    template <class Read>
    CallResult ended(Context& ctx, const CallOutcome& outcome, Duration sent_at, Read&& read) {
        if (outcome.timed_out) {
            timeout(ctx);
            return {CallEnd::TimedOut, "timeout"};
        }
        // Latency is sampled for answered calls only: a timeout says nothing about the server's
        // speed beyond "at least the timeout", and would cap the histogram at that value.
        ctx.observe(client_metric::kLatency, to_ms(ctx.now() - sent_at));
        CallResult result = read(outcome.reply.body);
        count_answer(ctx, outcome.reply, result);
        return result;
    }

    std::uint64_t calls() const { return calls_; }
    std::uint64_t successes() const { return successes_; }
    std::uint64_t failures() const { return failures_; }
    std::uint64_t timeouts() const { return timeouts_; }
    std::uint64_t retries() const { return retries_; }

    // Adds calls, successes, failures and timeouts to a snapshot.
    void write(Json& snapshot) const;

private:
    void count_answer(Context& ctx, const Message& reply, const CallResult& result);

    std::uint64_t calls_ = 0;
    std::uint64_t successes_ = 0;
    std::uint64_t failures_ = 0;
    std::uint64_t timeouts_ = 0;
    std::uint64_t retries_ = 0;
};

// A message a client does not expect: the answer to a call that already timed out (`reply_type`)
// is counted late_replies (its operation was recorded already, and a late answer cannot change
// the history); anything else is counted unexpected_messages and logged.
void ignore_stray_message(Context& ctx, const Message& msg, std::string_view reply_type);

}  // namespace distlab::core
