#include "core/patterns/maelstrom/external_role.h"

#include <algorithm>
#include <csignal>
#include <cstring>

#include "core/model/role_descriptor.h"
#include "core/patterns/maelstrom/workload_client.h"   // natural_less

namespace distlab::core::maelstrom {

namespace {

constexpr std::size_t kMaxRemembered = 10000;   // requests kept for pairing replies
constexpr std::size_t kQuoted = 160;            // characters of a bad line quoted in its error

std::string quote(std::string_view line) {
    if (line.size() <= kQuoted)
        return "\"" + std::string(line) + "\"";
    return "\"" + std::string(line.substr(0, kQuoted)) + "...\" (" + std::to_string(line.size()) + " bytes)";
}

std::string signal_name(int signo) {
    const char* abbrev = ::sigabbrev_np(signo);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signo);
}

}  // namespace

const ParamList<ExternalConfig>& ExternalConfig::params() {
    using C = ExternalConfig;
    static const ParamList<C> list = ParamList<C>{}
        .strings("command", &C::command, nullptr,
                 "The program and its arguments (argv, never a shell): [\"./my-node\"], [\"python3\", \"node.py\"]. "
                 "A relative path starts from `dir`",
                 "程序及其参数（argv，从不经过 shell）：[\"./my-node\"]、[\"python3\", \"node.py\"]。相对路径从 dir 算起")
        .string("dir", &C::dir, "",
                "Working directory of the program (empty: the node's data directory, which survives a restart)",
                "程序的工作目录（留空：节点的数据目录，重启后仍在）")
        .strings("env", &C::env, Json::array(), "Environment entries NAME=VALUE added for the program",
                 "为程序额外设置的环境变量，形如 NAME=VALUE")
        .duration("init_timeout", &C::init_timeout, "5s",
                  "How long the program may take to answer init with init_ok; later, the node is marked failed",
                  "程序回复 init_ok 的最长时间；超时则节点标记为失败", {.min = 1})
        .integer("max_lines_per_s", &C::max_lines_per_s, 20000,
                 "Messages the program may write per second of role time; more are dropped and counted",
                 "程序每秒（角色时间）可写出的消息数；超出部分丢弃并计数", {.min = 1, .max = 1000000})
        .integer("max_log_lines_per_s", &C::max_log_lines_per_s, 200,
                 "stderr lines logged per second of role time; more are counted, not logged",
                 "每秒（角色时间）记录的 stderr 行数；超出部分只计数不记录", {.min = 1, .max = 100000})
        .integer("max_pending", &C::max_pending, 1000,
                 "Messages held for the program until its init_ok; more are dropped and counted",
                 "在程序回复 init_ok 之前暂存的消息数；超出部分丢弃并计数", {.min = 0, .max = 1000000});
    return list;
}

std::vector<PhaseSpec> external_phases() {
    return {{"starting", Tone::Busy, "starting", "启动中"},
            {"ready", Tone::Healthy, "ready", "就绪"},
            {"failed", Tone::Failing, "failed", "失败"},
            {"exited", Tone::Down, "exited", "已退出"}};
}

ExternalRole::ExternalRole(ExternalConfig config) : config_(std::move(config)) {}

std::vector<NodeId> ExternalRole::node_ids(Context& ctx) const {
    std::vector<NodeId> ids{ctx.self()};
    for (const NodeId& peer : ctx.peers())
        if (ctx.role_of(peer) == ctx.role_of(ctx.self()))
            ids.push_back(peer);
    std::sort(ids.begin(), ids.end(), natural_less);
    return ids;
}

void ExternalRole::start(Context& ctx) {
    phase_ = "starting";
    ctx.phase("starting", config_.command.empty() ? Text{"starting nothing", "没有要启动的程序"}
                                                  : Text{"starting ", "启动 "} + config_.command[0]);
    ProgramPort* port = ctx.program();
    if (!port) {
        phase_ = "failed";
        ctx.phase("failed", Text{"no program host", "没有程序宿主"});
        ctx.violation(Text{"external nodes need real processes; run without --sim", "外部节点需要真实进程；请不带 --sim 运行"});
        return;
    }
    auto started = port->start({config_.command, config_.dir, config_.env});
    if (!started) {
        phase_ = "failed";
        // The host's error names the program and the reason (in its English).
        const Text failed{started.error().message, "程序未能启动：" + started.error().message};
        ctx.phase("failed", failed);
        ctx.violation(failed);
        return;
    }
    pid_ = *started;
    ctx.log(LogLevel::Info, "started " + config_.command[0] + " (pid " + std::to_string(pid_) + "); sent init");
    write(ctx, Json{{"src", kInitSender},
                    {"dest", ctx.self()},
                    {"body", {{"type", "init"}, {"msg_id", init_msg_id_}, {"node_id", ctx.self()}, {"node_ids", node_ids(ctx)}}}});
    ctx.set_timer(kInitDeadline, config_.init_timeout);
}

void ExternalRole::misbehaved(Context& ctx, const std::string& kind, Text text) {
    const std::uint64_t n = ++problems_[kind];
    ctx.count(kind);
    if (n <= kReportedPerKind)
        ctx.violation(std::move(text));
    if (n == kReportedPerKind)
        ctx.log(LogLevel::Warn, "further problems of this kind (" + kind + ") are only counted");
}

void ExternalRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kInitDeadline) {
        if (phase_ != "starting")
            return;
        phase_ = "failed";
        ctx.phase("failed", Text{"no init_ok", "没有 init_ok"});
        misbehaved(ctx, "no_init_ok",
                   config_.command[0] + Text{" did not answer init with init_ok within ", " 没有在 "} + format_duration(config_.init_timeout) +
                       Text{"; messages for it are dropped until it does", " 内用 init_ok 应答 init；在它应答之前，发给它的消息都被丢弃"});
    } else if (timer == kRateWindow) {
        window_armed_ = false;
        lines_this_window_ = 0;
        log_lines_this_window_ = 0;
    }
}

void ExternalRole::on_program(Context& ctx, const ProgramEvent& event) {
    const bool over_lines = event.kind == ProgramEvent::Kind::Stdout && lines_this_window_ >= config_.max_lines_per_s;
    const bool over_logs = event.kind == ProgramEvent::Kind::Stderr && log_lines_this_window_ >= config_.max_log_lines_per_s;
    if ((event.kind == ProgramEvent::Kind::Stdout || event.kind == ProgramEvent::Kind::Stderr) && !window_armed_) {
        window_armed_ = true;
        ctx.set_timer(kRateWindow, std::chrono::seconds(1));
    }
    switch (event.kind) {
        case ProgramEvent::Kind::Stdout:
            ++lines_in_;
            if (over_lines) {
                if (dropped_out_++ == 0)
                    ctx.log(LogLevel::Warn, config_.command[0] + " writes more than " + std::to_string(config_.max_lines_per_s) +
                                                " messages per second: the rest are dropped and counted (dropped_out)");
                ctx.count("dropped_out");
                return;
            }
            ++lines_this_window_;
            line_out(ctx, event.text);
            return;
        case ProgramEvent::Kind::Stderr:
            if (over_logs) {
                if (log_dropped_++ == 0)
                    ctx.log(LogLevel::Warn, config_.command[0] + " logs more than " + std::to_string(config_.max_log_lines_per_s) +
                                                " lines per second on stderr: the rest are counted, not logged (log_dropped)");
                ctx.count("log_dropped");
                return;
            }
            ++log_lines_this_window_;
            ctx.log(LogLevel::Info, event.text);
            return;
        case ProgramEvent::Kind::Oversized:
            misbehaved(ctx, "oversized_lines", config_.command[0] + Text{": ", "："} + event.text);
            return;
        case ProgramEvent::Kind::Exited:
            exit_text_ = event.signal ? "killed by " + signal_name(event.signal) : "exited with code " + std::to_string(event.code);
            phase_ = "exited";
            const Text ended = event.signal ? Text{exit_text_, "被 " + signal_name(event.signal) + " 杀死"}
                                            : Text{exit_text_, "以退出码 " + std::to_string(event.code) + " 退出"};
            ctx.phase("exited", ended);
            misbehaved(ctx, "exited", config_.command[0] + " (pid " + std::to_string(event.pid) + ") " + ended +
                                          Text{" while the run went on", "，而运行仍在继续"});
            return;
    }
}

void ExternalRole::line_out(Context& ctx, const std::string& line) {
    const Json msg = Json::parse(line, nullptr, false);
    if (msg.is_discarded() || !msg.is_object()) {
        misbehaved(ctx, "not_json", config_.command[0] + Text{" wrote a line that is not a JSON object on stdout: ",
                                                              " 在 stdout 上写了一行不是 JSON 对象的内容："} + quote(line));
        return;
    }
    const Json* dest = msg.contains("dest") ? &msg["dest"] : nullptr;
    const Json* body = msg.contains("body") ? &msg["body"] : nullptr;
    if (!dest || !dest->is_string() || !body || !body->is_object() || !body->contains("type") ||
        !(*body)["type"].is_string()) {
        misbehaved(ctx, "malformed",
                   config_.command[0] + Text{" wrote a message without a string dest and a body with a string type: ",
                                             " 写了一条消息，缺少字符串 dest 或带字符串 type 的 body："} + quote(line));
        return;
    }
    if (msg.contains("src") && msg["src"] != ctx.self()) {
        misbehaved(ctx, "wrong_src",
                   config_.command[0] + Text{" wrote a message from ", " 写了一条来自 "} + msg["src"].dump() +
                       Text{", but it is node ", " 的消息，但它是节点 "} + ctx.self() + Text{": dropped", "：已丢弃"});
        return;
    }
    const std::string& to = dest->get_ref<const std::string&>();
    const std::string& type = (*body)["type"].get_ref<const std::string&>();
    if (to == kInitSender) {
        if (type == "init_ok" && body->value("in_reply_to", std::int64_t{-1}) == init_msg_id_) {
            const bool late = phase_ == "failed";
            ctx.cancel_timer(kInitDeadline);
            phase_ = "ready";
            ctx.phase("ready", late ? Text{"init_ok (late)", "init_ok（迟到）"} : Text{"init_ok", "init_ok"});
            std::deque<Message> held;
            held.swap(pending_);
            for (const Message& m : held)
                to_program(ctx, m);
        } else {
            misbehaved(ctx, "unexpected_to_lab", config_.command[0] + Text{" sent the lab something other than init_ok: ",
                                                                            " 发给实验室的不是 init_ok："} + quote(line));
        }
        return;
    }
    if (ctx.role_of(to).empty()) {
        misbehaved(ctx, "unknown_dest",
                   config_.command[0] + Text{" sent a " + type + " message to " + to + ", which is not a node of this lab: dropped",
                                             " 向 " + to + " 发送了 " + type + " 消息，但它不是本实验的节点：已丢弃"});
        return;
    }
    ++messages_out_;
    if (const auto it = body->find("in_reply_to"); it != body->end() && it->is_number_integer()) {
        const auto key = std::make_pair(to, it->get<std::int64_t>());
        if (const auto request = requests_.find(key); request != requests_.end()) {
            const Message asked = request->second;
            requests_.erase(request);
            ctx.reply(asked, *body, type);
            return;
        }
    }
    ctx.send(to, type, *body);
}

void ExternalRole::on_message(Context& ctx, const Message& msg) {
    if (phase_ == "ready") {
        to_program(ctx, msg);
        return;
    }
    if (phase_ == "starting" && pending_.size() < static_cast<std::size_t>(config_.max_pending)) {
        pending_.push_back(msg);
        return;
    }
    ++dropped_in_;
    ctx.count("dropped_in");
}

void ExternalRole::to_program(Context& ctx, const Message& msg) {
    Json body = msg.body.is_object() ? msg.body : Json{{"type", msg.type}, {"value", msg.body}};
    // A lab role that does not speak Maelstrom (kv-client) sends requests without a type or a
    // msg_id: the program gets the message's type, and the fabric's message id to answer.
    if (!body.contains("type"))
        body["type"] = msg.type;
    if (!body.contains("msg_id") && msg.reply_to == 0 && ctx.role_of(msg.from) != ctx.role_of(ctx.self()))
        body["msg_id"] = static_cast<std::int64_t>(msg.id);
    if (const auto it = body.find("msg_id"); it != body.end() && it->is_number_integer()) {
        const auto key = std::make_pair(msg.from, it->get<std::int64_t>());
        if (requests_.emplace(key, msg).second)
            request_order_.push_back(key);
        while (request_order_.size() > kMaxRemembered) {
            requests_.erase(request_order_.front());
            request_order_.pop_front();
        }
    }
    write(ctx, Json{{"src", msg.from}, {"dest", ctx.self()}, {"body", std::move(body)}});
    ++messages_in_;
}

void ExternalRole::write(Context& ctx, const Json& line) {
    ProgramPort* port = ctx.program();
    if (port && port->write_line(line.dump()))
        return;
    if (dropped_in_++ == 0 && phase_ != "exited")
        ctx.log(LogLevel::Warn, config_.command[0] + " does not read its stdin fast enough: messages for it are dropped "
                                                     "and counted (dropped_in)");
    ctx.count("dropped_in");
}

void ExternalRole::on_clock_skew(Context& ctx, Duration offset, double drift) {
    (void)offset;
    (void)drift;
    ctx.log(LogLevel::Warn, "clock skew is not applicable to an external node: " +
                                (config_.command.empty() ? std::string("its program") : config_.command[0]) +
                                " reads the machine's clock, which the lab does not skew");
}

Json ExternalRole::snapshot() const {
    Json problems = Json::object();
    for (const auto& [kind, n] : problems_)
        problems[kind] = n;
    return Json{{"program", config_.command.empty() ? std::string() : config_.command[0]},
                {"pid", pid_},
                {"phase", phase_},
                {"lines_in", lines_in_},
                {"messages_out", messages_out_},
                {"messages_in", messages_in_},
                {"pending", pending_.size()},
                {"dropped_out", dropped_out_},
                {"dropped_in", dropped_in_},
                {"log_dropped", log_dropped_},
                {"problems", problems},
                {"exit", exit_text_}};
}

}  // namespace distlab::core::maelstrom
