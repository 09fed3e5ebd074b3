#include "core/patterns/crdt/crdt_client_role.h"

#include <charconv>
#include <sstream>
#include <utility>

#include "core/patterns/crdt/crdt_replica_role.h"

namespace distlab::core::crdt {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kFinalReadTimer{2};
constexpr std::uint32_t kFirstScriptTimer = 16;

bool is_counter(Type t) { return t == Type::GCounter || t == Type::PNCounter; }
bool is_register(Type t) { return t == Type::LwwRegister || t == Type::MvRegister; }

}  // namespace

Result<std::vector<ScriptedOp>> parse_script(const std::vector<std::string>& lines, Type type) {
    std::vector<ScriptedOp> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string where = "script[" + std::to_string(i) + "] \"" + lines[i] + "\": ";
        std::istringstream in(lines[i]);
        std::string at, op, value, extra;
        in >> at >> op >> value >> extra;
        if (at.empty() || op.empty())
            return fail(where + "expected \"AT OP [VALUE]\"");
        auto when = parse_duration(at);
        if (!when)
            return fail(where + when.error().message);
        if (!extra.empty())
            return fail(where + "too many words; an element or value is one word");
        ScriptedOp s{.at = *when, .op = op, .value = nullptr};
        if (op == "read") {
            if (!value.empty())
                return fail(where + "read takes no value");
        } else if (value.empty()) {
            return fail(where + op + " needs a value");
        } else if (is_counter(type)) {
            if (op != "add")
                return fail(where + "a counter takes add and read");
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || end != value.data() + value.size())
                return fail(where + "\"" + value + "\" is not an integer");
            if (type == Type::GCounter && n < 0)
                return fail(where + "a g-counter only adds numbers from 0");
            s.value = n;
        } else if (is_register(type)) {
            if (op != "write")
                return fail(where + "a register takes write and read");
            s.value = value;
        } else {
            if (op != "add" && !(op == "remove" && type != Type::GSet))
                return fail(where + (type == Type::GSet ? "a g-set takes add and read" : "a set takes add, remove and read"));
            s.value = value;
        }
        out.push_back(std::move(s));
    }
    return out;
}

const ParamList<CrdtClientConfig>& CrdtClientConfig::params() {
    using C = CrdtClientConfig;
    std::vector<std::pair<std::string, Type>> types;
    for (Type t : all_types())
        types.emplace_back(std::string(to_string(t)), t);
    static const ParamList<C> list = ParamList<C>{}
        .node("replica", &C::replica, nullptr, "The crdt-replica this client talks to",
              "此客户端访问的 crdt-replica 节点")
        .choice("type", &C::type, "g-counter", types,
                "The object's type: g-counter, pn-counter, g-set, 2p-set, or-set, lww-register or mv-register",
                "对象的类型：g-counter、pn-counter、g-set、2p-set、or-set、lww-register 或 mv-register")
        .string("key", &C::key, "k", "The object's key at the replicas", "对象在副本上的键")
        .number("rate", nested(&C::workload, &OpenLoopWorkload::rate), 5,
                "Random operations started per second (0: only the script's)",
                "每秒发起的随机操作数（0 表示只执行脚本中的操作）", {.min = 0, .max = 100000})
        .choice<Arrival>("arrival", nested(&C::workload, &OpenLoopWorkload::arrival), "poisson",
                         {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                         "Spacing of the random operations: fixed intervals or Poisson arrivals",
                         "随机操作的间隔：固定间隔或泊松到达")
        .duration("stop_at", nested(&C::workload, &OpenLoopWorkload::stop_at), "0ms",
                  "Stop starting random operations at this time (0: never)",
                  "在此时刻停止发起随机操作（0 表示不停止）", {.min = 0})
        .probability("read_ratio", &C::read_ratio, 0.2, "Share of random operations that are reads",
                     "随机操作中读操作所占比例")
        .probability("remove_ratio", &C::remove_ratio, 0.3,
                     "2p-set and or-set: share of random updates that remove an element",
                     "2p-set 与 or-set：随机更新中删除元素所占比例")
        .probability("decrement_ratio", &C::decrement_ratio, 0.3,
                     "pn-counter: share of random adds that subtract", "pn-counter：随机加法中做减法所占比例")
        .integer("max_delta", &C::max_delta, 5, "Counters: each random add is 1 to this much",
                 "计数器：每次随机加法的增量为 1 到此值", {.min = 1, .max = 1000000})
        .integer("elements", &C::elements, 5, "Sets: random operations pick one of the elements e0, e1, ...",
                 "集合：随机操作从元素 e0、e1……中选择一个", {.min = 1, .max = 100000})
        .strings("script", &C::script, Json::array(),
                 "Operations at fixed times besides the random ones, each \"AT OP [VALUE]\": \"1500ms add milk\", "
                 "\"2s remove milk\", \"3s write v1\", \"4s add -2\", \"5s read\"",
                 "除随机操作外在固定时刻执行的操作，每条形如 \"时刻 操作 [值]\"：\"1500ms add milk\"、"
                 "\"2s remove milk\"、\"3s write v1\"、\"4s add -2\"、\"5s read\"")
        .duration("final_read_at", &C::final_read_at, "0ms",
                  "One last read at this time (0: none), after the replicas have converged: the value "
                  "crdt_values_allowed judges",
                  "在此时刻做最后一次读取（0 表示不做），应在副本收敛之后：crdt_values_allowed 检查判断的就是这个值",
                  {.min = 0})
        .duration("timeout", &C::timeout, "1s", "Time limit of one operation; past it the outcome is unknown",
                  "单个操作的时限；超过后结果未知", {.min = 1});
    return list;
}

CrdtClientRole::CrdtClientRole(CrdtClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = LoadMode::Open, .arrival_timer = kArrivalTimer, .announce_phases = false}),
      timer_ids_(kFirstScriptTimer) {}

void CrdtClientRole::start(Context& ctx) {
    auto script = parse_script(config_.script, config_.type);
    if (!script) {
        problem_ = script.error().message;
        ctx.log(LogLevel::Error, "crdt-client " + ctx.self() + ": " + problem_ + "; no operations");
        return;
    }
    script_ = std::move(*script);
    for (std::size_t i = 0; i < script_.size(); ++i) {
        const TimerId timer = timer_ids_.next();
        script_timers_.emplace(static_cast<std::uint32_t>(timer), i);
        ctx.set_timer(timer, std::max(Duration(0), script_[i].at - ctx.now()));
    }
    if (config_.final_read_at > Duration(0))
        ctx.set_timer(kFinalReadTimer, std::max(Duration(0), config_.final_read_at - ctx.now()));
    if (config_.workload.rate > 0)
        driver_.start(ctx, [this](Context& c) { begin_random(c); });
}

void CrdtClientRole::on_timer(Context& ctx, TimerId timer) {
    if (config_.workload.rate > 0 && driver_.on_timer(ctx, timer, [this](Context& c) { begin_random(c); }))
        return;
    if (timer == kFinalReadTimer) {
        begin(ctx, "read", nullptr, true);
        return;
    }
    const auto it = script_timers_.find(static_cast<std::uint32_t>(timer));
    if (it == script_timers_.end())
        return;
    const ScriptedOp& s = script_[it->second];
    script_timers_.erase(it);
    begin(ctx, s.op, s.value, false);
}

void CrdtClientRole::on_message(Context& ctx, const Message& msg) { ignore_stray_message(ctx, msg, kReplyType); }

void CrdtClientRole::begin_random(Context& ctx) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    if (u(ctx.rng()) < config_.read_ratio) {
        begin(ctx, "read", nullptr, false);
        return;
    }
    if (is_counter(config_.type)) {
        std::uniform_int_distribution<std::int64_t> delta(1, config_.max_delta);
        std::int64_t n = delta(ctx.rng());
        if (config_.type == Type::PNCounter && u(ctx.rng()) < config_.decrement_ratio)
            n = -n;
        begin(ctx, "add", n, false);
        return;
    }
    if (is_register(config_.type)) {
        begin(ctx, "write", ctx.self() + "-" + std::to_string(seq_ + 1), false);
        return;
    }
    std::uniform_int_distribution<std::int64_t> pick(0, config_.elements - 1);
    const std::string element = "e" + std::to_string(pick(ctx.rng()));
    const bool remove = config_.type != Type::GSet && u(ctx.rng()) < config_.remove_ratio;
    begin(ctx, remove ? "remove" : "add", element, false);
}

void CrdtClientRole::begin(Context& ctx, const std::string& op, Json value, bool final_read) {
    ++seq_;
    Json invoked = {{"type", to_string(config_.type)}, {"key", config_.key}};
    if (!value.is_null())
        invoked["value"] = value;
    if (final_read)
        invoked["final"] = true;
    const OpId id = ctx.op_invoke(op, std::move(invoked));
    Json request = {{"op", op}, {"type", to_string(config_.type)}, {"key", config_.key}};
    if (!value.is_null())
        request["value"] = std::move(value);
    tally_.call(ctx);
    ++in_flight_;
    const Duration sent_at = ctx.now();
    const bool read = op == "read";
    ctx.call(config_.replica, kRequestType, std::move(request), config_.timeout,
             [this, id, sent_at, read](Context& c, const CallOutcome& outcome) {
                 --in_flight_;
                 const CallResult result =
                     tally_.ended(c, outcome, sent_at, [](const Json& body) { return read_answer(body, "refused"); });
                 if (result.end != CallEnd::Ok) {
                     c.op_complete(id, result.status(), result.op_value());
                     return;
                 }
                 const Json& body = outcome.reply.body;
                 const auto v = body.find("value");
                 if (v != body.end())
                     last_value_ = *v;
                 if (!read) {
                     c.op_complete(id, OpStatus::Ok, Json::object());
                     return;
                 }
                 if (v == body.end()) {
                     c.count(client_metric::kMalformedReplies);
                     c.op_complete(id, OpStatus::Info, {{"error", "malformed reply"}});
                     return;
                 }
                 c.op_complete(id, OpStatus::Ok, {{"value", *v}});
             });
}

Json CrdtClientRole::snapshot() const {
    Json snap = {{"state", problem_.empty() ? driver_.state() : "stopped"},
                 {"replica", config_.replica},
                 {"type", to_string(config_.type)},
                 {"key", config_.key},
                 {"in_flight", in_flight_},
                 {"last_value", last_value_}};
    if (!problem_.empty())
        snap["problem"] = problem_;
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::crdt
