#pragma once

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/message.h"
#include "core/model/result.h"
#include "core/model/storage.h"
#include "core/model/text.h"
#include "core/model/time.h"

namespace distlab::core {

enum class LogLevel { Debug, Info, Warn, Error };

std::string_view to_string(LogLevel level);

// The outcome of one client operation in the history the checkers judge (Jepsen's vocabulary):
// Ok and Fail are definite; Info means unknown (a timeout: it may or may not have happened).
enum class OpStatus { Ok, Fail, Info };

std::string_view to_string(OpStatus status);

using OpId = std::uint64_t;

// What a call() ends with: the reply, or the deadline passing first.
struct CallOutcome {
    bool timed_out = false;
    Message reply;             // valid when !timed_out
};

// A program a node runs beside its role, with its stdin and stdout as the role's wire (the
// `external` role: docs/bring-your-own-node.md). Only real hosts (distlab-node) have one:
// Context::program() is null in the simulator and the role harness unless a test gives one.
struct ProgramSpec {
    std::vector<std::string> argv;        // argv[0] is the program: a path, or a name looked up in PATH
    std::string dir;                      // working directory ("": the node's data directory)
    std::vector<std::string> env;         // NAME=VALUE added to the node's environment
};

// What a program did, as its host reports it to the role (Role::on_program), in order.
struct ProgramEvent {
    enum class Kind {
        Stdout,      // one line of its stdout (without the newline)
        Stderr,      // one line of its stderr: its log
        Oversized,   // a stdout or stderr line longer than the host's bound was dropped (`text` says which)
        Exited,      // it ended (after its last line): `code` or `signal`
    };
    Kind kind = Kind::Stdout;
    std::string text;
    int pid = 0;
    int code = -1;       // Exited: the exit code, or -1 when a signal ended it
    int signal = 0;      // Exited: the signal, or 0
};

class ProgramPort {
public:
    virtual ~ProgramPort() = default;
    // Starts the program (never through a shell; it dies with the node). An error names the
    // program and the reason (not found, not executable, no such directory).
    virtual Result<int> start(const ProgramSpec& spec) = 0;
    // Queues one line for its stdin. False when the queue is full (the program does not read):
    // the line is dropped, and counting it is the caller's business.
    virtual bool write_line(std::string_view line) = 0;
    // SIGKILLs it, if it runs; Exited follows.
    virtual void kill() = 0;
};

class Context;
using ReplyHandler = std::function<void(Context&, const CallOutcome&)>;

// Everything a role may touch. Implemented by the role driver, which both hosts (the real
// distlab-node and the simulator) share; a role never sees a socket, a thread or a clock.
class Context {
public:
    virtual ~Context() = default;

    virtual const NodeId& self() const = 0;
    // Every other node of the scenario, in declaration order (whether a route exists is the
    // fabric's business, as on a real network).
    virtual const std::vector<NodeId>& peers() const = 0;
    // The role a node runs ("raft", "kv-client"), or "" for a node the scenario does not have.
    virtual std::string_view role_of(const NodeId& node) const = 0;
    // The failure-domain labels the scenario gives a node (`labels: {zone: z1, rack: r2}`), or an
    // empty map for a node without labels or not in the scenario.
    virtual const Labels& labels_of(const NodeId& node) const {
        (void)node;
        static const Labels none;
        return none;
    }
    // The node's clock: time since run start in role time (scaled by time_scale, skewed by faults).
    virtual Duration now() const = 0;
    // Seeded per node from the scenario seed; the only randomness a role may use.
    virtual std::mt19937_64& rng() = 0;

    virtual MessageId send(const NodeId& to, std::string type, Json body) = 0;
    // Answers `request`; the reply's type is request.type + "_reply" unless given.
    virtual void reply(const Message& request, Json body, std::string type = {}) = 0;
    // Sends and waits for the reply or the deadline; `on_done` runs exactly once.
    virtual MessageId call(const NodeId& to, std::string type, Json body, Duration deadline,
                           ReplyHandler on_done) = 0;

    // Re-arming a timer replaces its earlier deadline. Durations are in role time.
    virtual void set_timer(TimerId id, Duration after) = 0;
    virtual void cancel_timer(TimerId id) = 0;

    // A line of the node's own log, in the node's own English, as a real system's stderr is.
    virtual void log(LogLevel level, std::string text) = 0;
    // "I enter phase `name` because `reason`": one of the phases the role's descriptor declares.
    // Recorded as its own event, in order with the role's messages; checks, views, narrative
    // steps and reports read phases from these events. Announcing the phase the role is already
    // in does nothing. A role with phases announces its first one in start().
    // The reason is what the lab narrates (the log view, reports), so it comes in both languages:
    // `ctx.phase("leader", Text{"won term ", "赢得任期 "} + std::to_string(term))`. A plain string
    // does not convert to a Text: an untranslated reason is written Text{"...", ""} on purpose.
    virtual void phase(std::string_view name, Text reason) = 0;
    // A broken invariant, in both languages: shown in the GUI, recorded, and fails the run's
    // no_violations check (whose detail quotes it).
    virtual void violation(Text text) = 0;

    // Metrics, named consistently across patterns (calls, successes, failures, timeouts, retries...).
    virtual void count(std::string_view name, double delta = 1) = 0;
    virtual void gauge(std::string_view name, double value) = 0;
    virtual void observe(std::string_view name, double value) = 0;   // histogram sample

    // The client-operation history: invoke, then exactly one completion.
    virtual OpId op_invoke(std::string_view function, Json value) = 0;
    virtual void op_complete(OpId op, OpStatus status, Json value) = 0;

    virtual Storage& storage() = 0;

    // The host's program runner, or null where the host runs no programs (the simulator).
    virtual ProgramPort* program() { return nullptr; }
};

// A pattern's participant: a small state machine that only talks to its Context.
class Role {
public:
    virtual ~Role() = default;
    virtual void start(Context& ctx) = 0;
    virtual void on_message(Context& ctx, const Message& msg) = 0;
    virtual void on_timer(Context& ctx, TimerId timer) { (void)ctx; (void)timer; }
    // What the program the role started through Context::program() did.
    virtual void on_program(Context& ctx, const ProgramEvent& event) { (void)ctx; (void)event; }
    // The lab skewed this node's clock (offset ahead, drift as a rate): every role reads its
    // clock through Context::now() and follows at once; a role whose work runs elsewhere (a
    // program with its own clock) says here that the fault does not reach it.
    virtual void on_clock_skew(Context& ctx, Duration offset, double drift) { (void)ctx; (void)offset; (void)drift; }
    // What the state views show and diff. Keep it small: windows of big collections plus counts.
    virtual Json snapshot() const = 0;
};

}  // namespace distlab::core
