#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"

// The `external` role: a program that speaks Maelstrom's protocol (JSON lines {"src", "dest",
// "body"} on stdin and stdout, its log on stderr) runs as a node of the lab. The role is the
// bridge: it starts the program through the host's ProgramPort, sends it `init` and waits for
// `init_ok`, hands it every message the fabric delivers and puts every line it writes on the
// fabric, so every fault of the lab applies to it. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

struct ExternalConfig {
    std::vector<std::string> command;     // argv; argv[0] a path or a name in PATH
    std::string dir;                      // working directory ("": the node's data directory)
    std::vector<std::string> env;         // NAME=VALUE added to the environment
    Duration init_timeout{};              // init_ok must come within this
    std::int64_t max_lines_per_s = 0;     // stdout lines put on the fabric per second; the rest dropped
    std::int64_t max_log_lines_per_s = 0; // stderr lines logged per second; the rest counted only
    std::int64_t max_pending = 0;         // messages held for the program until its init_ok

    static const ParamList<ExternalConfig>& params();
    static ExternalConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The phases the role announces.
std::vector<PhaseSpec> external_phases();

class ExternalRole final : public Role {
public:
    // The sender the lab's `init` comes from, as the program sees it.
    static constexpr std::string_view kInitSender = "lab";
    // Problems of one kind recorded as violations before the rest are only counted.
    static constexpr std::uint64_t kReportedPerKind = 5;

    explicit ExternalRole(ExternalConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    void on_program(Context& ctx, const ProgramEvent& event) override;
    void on_clock_skew(Context& ctx, Duration offset, double drift) override;
    Json snapshot() const override;

private:
    static constexpr TimerId kInitDeadline{1};
    static constexpr TimerId kRateWindow{2};

    void line_out(Context& ctx, const std::string& line);
    void to_program(Context& ctx, const Message& msg);
    void write(Context& ctx, const Json& line);
    // A misbehaviour: a violation (recorded, fails no_violations) for the first few of its kind,
    // then only counted under `kind`.
    void misbehaved(Context& ctx, const std::string& kind, Text text);
    std::vector<NodeId> node_ids(Context& ctx) const;

    ExternalConfig config_;
    std::string phase_;
    int pid_ = 0;
    std::int64_t init_msg_id_ = 1;
    std::deque<Message> pending_;         // delivered before init_ok
    // Requests the program got, by (sender, body msg_id): its answer (in_reply_to) goes back as
    // the fabric's reply to that message, so the diagrams pair them. Bounded, oldest forgotten.
    std::map<std::pair<NodeId, std::int64_t>, Message> requests_;
    std::deque<std::pair<NodeId, std::int64_t>> request_order_;
    std::int64_t lines_this_window_ = 0;
    std::int64_t log_lines_this_window_ = 0;
    bool window_armed_ = false;
    std::map<std::string, std::uint64_t, std::less<>> problems_;   // misbehaviours by kind
    std::uint64_t lines_in_ = 0;          // stdout lines read
    std::uint64_t messages_out_ = 0;      // put on the fabric
    std::uint64_t messages_in_ = 0;       // written to the program's stdin
    std::uint64_t dropped_out_ = 0;       // stdout lines over the rate
    std::uint64_t dropped_in_ = 0;        // messages the program's full stdin could not take
    std::uint64_t log_dropped_ = 0;       // stderr lines over the log rate
    std::string exit_text_;               // how the program ended
};

}  // namespace distlab::core::maelstrom
