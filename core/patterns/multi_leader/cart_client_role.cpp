#include "core/patterns/multi_leader/cart_client_role.h"

#include <sstream>
#include <utility>

#include "core/patterns/multi_leader/mm_node_role.h"

namespace distlab::core::multi_leader {

namespace {

constexpr TimerId kFinalReadTimer{1};
constexpr std::uint32_t kFirstScriptTimer = 16;

Json items_json(const std::set<std::string>& items) {
    Json out = Json::array();
    for (const std::string& i : items)
        out.push_back(i);
    return out;
}

}  // namespace

Result<std::vector<CartStep>> parse_cart_script(const std::vector<std::string>& lines) {
    std::vector<CartStep> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string where = "script[" + std::to_string(i) + "] \"" + lines[i] + "\": ";
        std::istringstream in(lines[i]);
        std::string at, op, item, extra;
        in >> at >> op >> item >> extra;
        if (at.empty() || op.empty())
            return fail(where + "expected \"AT add ITEM\", \"AT remove ITEM\" or \"AT read\"");
        auto when = parse_duration(at);
        if (!when)
            return fail(where + when.error().message);
        if (op != "add" && op != "remove" && op != "read")
            return fail(where + "\"" + op + "\" is not add, remove or read");
        if (op == "read" ? !item.empty() : item.empty() || !extra.empty())
            return fail(where + (op == "read" ? "read takes no item" : op + " takes one item (one word)"));
        out.push_back(CartStep{.at = *when, .op = op, .item = item});
    }
    return out;
}

const ParamList<CartClientConfig>& CartClientConfig::params() {
    using C = CartClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("node", &C::node, nullptr, "The mm-node of this client's region", "此客户端所在区域的 mm-node 节点")
        .string("key", &C::key, "cart", "The cart's key", "购物车的键")
        .strings("script", &C::script, Json::array(),
                 "The shopper's edits, each \"AT add ITEM\", \"AT remove ITEM\" or \"AT read\": \"1s add milk\"",
                 "购物者的操作，每条形如 \"时刻 add 商品\"、\"时刻 remove 商品\" 或 \"时刻 read\"：\"1s add milk\"")
        .duration("final_read_at", &C::final_read_at, "0ms",
                  "One last read of the cart at this time (0: none), after the regions have converged: what "
                  "cart_updates_lost judges",
                  "在此时刻最后读取一次购物车（0 表示不读），应在各区域收敛之后：cart_updates_lost 检查判断的就是它",
                  {.min = 0})
        .duration("timeout", &C::timeout, "1s", "Time limit of one edit (its read and its write)",
                  "单次操作（读取加写入）的时限", {.min = 1});
    return list;
}

CartClientRole::CartClientRole(CartClientConfig config)
    : config_(std::move(config)), timer_ids_(kFirstScriptTimer) {}

void CartClientRole::start(Context& ctx) {
    auto script = parse_cart_script(config_.script);
    if (!script) {
        problem_ = script.error().message;
        ctx.log(LogLevel::Error, "cart-client " + ctx.self() + ": " + problem_ + "; no operations");
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
}

void CartClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kFinalReadTimer) {
        begin(ctx, CartStep{.at = ctx.now(), .op = "read", .item = {}}, true);
        return;
    }
    const auto it = script_timers_.find(static_cast<std::uint32_t>(timer));
    if (it == script_timers_.end())
        return;
    const CartStep step = script_[it->second];
    script_timers_.erase(it);
    begin(ctx, step, false);
}

void CartClientRole::on_message(Context& ctx, const Message& msg) {
    // An answer to a call that timed out is a late reply; anything else is unexpected.
    const bool reply = msg.type == std::string(kGetType) + "_reply" || msg.type == std::string(kPutType) + "_reply" ||
                       msg.type == std::string(kOpType) + "_reply";
    ignore_stray_message(ctx, msg, reply ? msg.type : std::string(kGetType) + "_reply");
}

void CartClientRole::begin(Context& ctx, CartStep step, bool final_read) {
    Json invoked = {{"key", config_.key}};
    if (step.op != "read")
        invoked["item"] = step.item;
    if (final_read)
        invoked["final"] = true;
    const std::uint64_t seq = ++seq_;
    Pending p{.op = ctx.op_invoke(step.op, std::move(invoked)),
              .step = std::move(step),
              .deadline = ctx.now() + config_.timeout,
              .started = ctx.now()};
    pending_.emplace(seq, std::move(p));
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.node, kGetType, {{"key", config_.key}}, config_.timeout,
             [this, seq, sent_at](Context& c, const CallOutcome& outcome) {
                 const CallResult r =
                     tally_.ended(c, outcome, sent_at, [](const Json& body) { return read_answer(body, "refused"); });
                 if (r.end != CallEnd::Ok) {
                     done(c, seq, r.status(), r.op_value());
                     return;
                 }
                 got(c, seq, outcome);
             });
}

void CartClientRole::got(Context& ctx, std::uint64_t seq, const CallOutcome& outcome) {
    const auto it = pending_.find(seq);
    if (it == pending_.end())
        return;
    const Pending& p = it->second;
    const Json& body = outcome.reply.body;
    // The cart as this shopper sees it: the crdt node's items, or the union of the siblings.
    std::set<std::string> cart;
    std::size_t versions = 1;
    const bool crdt = body.value("merge", "") == "crdt";
    bool readable = true;
    if (crdt) {
        readable = body.contains("items") && body["items"].is_array();
        if (readable)
            for (const Json& i : body["items"])
                if ((readable = readable && i.is_string()))
                    cart.insert(i.get<std::string>());
    } else {
        readable = body.contains("versions") && body["versions"].is_array() && body.contains("context");
        if (readable) {
            versions = body["versions"].size();
            for (const Json& v : body["versions"]) {
                readable = readable && v.is_object() && v.contains("items") && v["items"].is_array();
                if (readable)
                    for (const Json& i : v["items"])
                        if (i.is_string())
                            cart.insert(i.get<std::string>());
            }
        }
    }
    if (!readable) {
        ctx.count(client_metric::kMalformedReplies);
        done(ctx, seq, OpStatus::Info, {{"error", "malformed reply"}});
        return;
    }
    cart_ = cart;
    siblings_ = versions;
    if (p.step.op == "read") {
        done(ctx, seq, OpStatus::Ok, {{"value", items_json(cart)}, {"siblings", versions}});
        return;
    }
    const Duration left = p.deadline - ctx.now();
    if (left <= Duration(0)) {
        done(ctx, seq, OpStatus::Fail, {{"error", "no time left to write"}});
        return;
    }
    Json request;
    std::string type;
    if (crdt) {
        type = kOpType;
        request = {{"key", config_.key}, {"op", p.step.op}, {"item", p.step.item}};
    } else {
        if (p.step.op == "add")
            cart.insert(p.step.item);
        else
            cart.erase(p.step.item);
        type = kPutType;
        request = {{"key", config_.key}, {"items", items_json(cart)}, {"context", body["context"]}};
    }
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.node, type, std::move(request), left, [this, seq, sent_at](Context& c, const CallOutcome& o) {
        const CallResult r = tally_.ended(c, o, sent_at, [](const Json& b) { return read_answer(b, "refused"); });
        done(c, seq, r.status(), r.end == CallEnd::Ok ? Json::object() : r.op_value());
    });
}

void CartClientRole::done(Context& ctx, std::uint64_t seq, OpStatus status, Json value) {
    const auto it = pending_.find(seq);
    if (it == pending_.end())
        return;
    ctx.op_complete(it->second.op, status, std::move(value));
    pending_.erase(it);
}

Json CartClientRole::snapshot() const {
    Json snap = {{"node", config_.node},
                 {"key", config_.key},
                 {"cart", items_json(cart_)},
                 {"siblings", siblings_},
                 {"in_flight", pending_.size()}};
    if (!problem_.empty())
        snap["problem"] = problem_;
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::multi_leader
