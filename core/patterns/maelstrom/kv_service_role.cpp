#include "core/patterns/maelstrom/kv_service_role.h"

#include <algorithm>
#include <random>

#include "core/patterns/maelstrom/maelstrom_errors.h"

namespace distlab::core::maelstrom {

namespace {

constexpr std::size_t kShownKeys = 20;      // keys the snapshot shows
constexpr std::int64_t kPruneEvery = 256;   // updates between prunings of seq-kv's past states

Json ok_body(std::string type, const Json& request) {
    Json body{{"type", std::move(type)}};
    if (const auto id = request.find("msg_id"); id != request.end() && id->is_number_integer())
        body["in_reply_to"] = *id;
    return body;
}

std::string shown(const std::string& key) {
    return key.size() <= 40 ? key : key.substr(0, 40) + "...";
}

}  // namespace

const ParamList<KvServiceConfig>& KvServiceConfig::seq_params() {
    using C = KvServiceConfig;
    static const ParamList<C> list = ParamList<C>{}
        .probability("stale_read_ratio", &C::stale_read_ratio, 0.5,
                     "Share of reads served from a past state (one at random between the newest state the caller "
                     "has already seen and the newest); updates always act on the newest",
                     "从过去的状态读取的比例（在调用方已见过的最新状态与当前最新状态之间随机选一个）；更新总是作用于最新状态")
        .integer("history", &C::history, 1000, "Past states kept for stale reads",
                 "为过期读保留的过去状态数", {.min = 1, .max = 1000000});
    return list;
}

const ParamList<KvServiceConfig>& KvServiceConfig::lww_params() {
    using C = KvServiceConfig;
    static const ParamList<C> list = ParamList<C>{}
        .integer("replicas", &C::replicas, 5,
                 "Independent copies of the store; each request is served by one of them at random",
                 "存储的独立副本数；每个请求随机由其中一个处理", {.min = 1, .max = 100})
        .duration("gossip_interval", &C::gossip_interval, "500ms",
                  "How often each copy merges another's values, the later write winning",
                  "每个副本合并另一个副本数据的间隔，以较晚的写入为准", {.min = 1});
    return list;
}

KvServiceRole::KvServiceRole(KvConsistency consistency, KvServiceConfig config)
    : consistency_(consistency), config_(config) {}

void KvServiceRole::start(Context& ctx) {
    if (consistency_ == KvConsistency::LastWriteWins) {
        replicas_.assign(static_cast<std::size_t>(config_.replicas), {});
        ctx.set_timer(kGossipTimer, config_.gossip_interval);
    }
}

void KvServiceRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kGossipTimer || replicas_.size() < 2)
        return;
    // Each copy pulls every value of one other copy at random and keeps the later write.
    std::uniform_int_distribution<std::size_t> other(0, replicas_.size() - 2);
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
        std::size_t j = other(ctx.rng());
        if (j >= i)
            ++j;
        for (const auto& [key, theirs] : replicas_[j]) {
            auto [it, fresh] = replicas_[i].try_emplace(key, theirs);
            if (!fresh && std::tie(theirs.stamp, theirs.tiebreak) > std::tie(it->second.stamp, it->second.tiebreak))
                it->second = theirs;
        }
    }
    ctx.set_timer(kGossipTimer, config_.gossip_interval);
}

void KvServiceRole::on_message(Context& ctx, const Message& msg) {
    if (!msg.body.is_object()) {
        ++refused_;
        ctx.reply(msg, error_body(ErrorCode::MalformedRequest, "the body is not a JSON object", msg.body), "error");
        return;
    }
    serve(ctx, msg);
}

std::optional<Json> KvServiceRole::read_at(const std::string& key, std::int64_t version) const {
    const auto it = keys_.find(key);
    if (it == keys_.end())
        return std::nullopt;
    const auto& values = it->second;
    auto at = std::upper_bound(values.begin(), values.end(), version,
                               [](std::int64_t v, const Versioned& x) { return v < x.version; });
    if (at == values.begin())
        return std::nullopt;
    return std::prev(at)->value;
}

void KvServiceRole::apply(const std::string& key, Json value) {
    keys_[key].push_back({++version_, std::move(value)});
    if (consistency_ == KvConsistency::Sequential && version_ % kPruneEvery == 0)
        prune();
}

void KvServiceRole::prune() {
    // Keep, for every key, the values of the last `history` states and the one before them.
    const std::int64_t floor = version_ - config_.history;
    for (auto& [key, values] : keys_) {
        auto first_kept = std::upper_bound(values.begin(), values.end(), floor,
                                           [](std::int64_t v, const Versioned& x) { return v < x.version; });
        if (first_kept != values.begin())
            --first_kept;
        values.erase(values.begin(), first_kept);
    }
}

void KvServiceRole::serve(Context& ctx, const Message& msg) {
    const Json& body = msg.body;
    const std::string type = body.value("type", msg.type);
    if (type != "read" && type != "write" && type != "cas") {
        ++refused_;
        ctx.count("refused");
        ctx.reply(msg, error_body(ErrorCode::NotSupported, ctx.self() + " serves read, write and cas, not " + type, body),
                  "error");
        return;
    }
    const auto key_it = body.find("key");
    const auto value_it = body.find(type == "cas" ? "to" : "value");
    if (key_it == body.end() || (type == "write" && value_it == body.end()) ||
        (type == "cas" && (value_it == body.end() || !body.contains("from")))) {
        ++refused_;
        ctx.count("refused");
        ctx.reply(msg, error_body(ErrorCode::MalformedRequest,
                                  type == "read"    ? "read needs a key"
                                  : type == "write" ? "write needs a key and a value"
                                                    : "cas needs a key, from and to",
                                  body),
                  "error");
        return;
    }
    const std::string key = key_it->dump();

    // Where the request is served: the store's state it sees and, for lww-kv, which copy.
    Replica* replica = nullptr;
    std::int64_t at = version_;
    if (consistency_ == KvConsistency::LastWriteWins) {
        std::uniform_int_distribution<std::size_t> pick(0, replicas_.size() - 1);
        replica = &replicas_[pick(ctx.rng())];
    } else if (consistency_ == KvConsistency::Sequential && type == "read") {
        std::int64_t& seen = seen_[msg.from];
        const std::int64_t oldest = std::max<std::int64_t>(seen, version_ - config_.history);
        if (oldest < version_ && std::uniform_real_distribution<double>(0, 1)(ctx.rng()) < config_.stale_read_ratio) {
            at = std::uniform_int_distribution<std::int64_t>(oldest, version_ - 1)(ctx.rng());
        }
        seen = at;
    }
    std::optional<Json> current;
    if (replica) {
        if (const auto it = replica->find(key); it != replica->end())
            current = it->second.value;
    } else {
        current = read_at(key, at);
    }
    const auto update = [&](Json value) {
        ++updates_;
        if (replica) {
            (*replica)[key] = {std::move(value), ctx.now().count(), ++writes_};
            return;
        }
        apply(key, std::move(value));
        if (consistency_ == KvConsistency::Sequential)
            seen_[msg.from] = version_;
    };

    if (type == "read") {
        ++reads_;
        if (at < version_ && consistency_ == KvConsistency::Sequential) {
            ++stale_reads_;
            ctx.count("stale_reads");
        }
        if (!current) {
            ++missing_;
            ctx.reply(msg, error_body(ErrorCode::KeyDoesNotExist, "key " + shown(key) + " does not exist", body), "error");
            return;
        }
        Json reply = ok_body("read_ok", body);
        reply["value"] = *current;
        ctx.reply(msg, std::move(reply), "read_ok");
        return;
    }
    if (type == "write") {
        update(*value_it);
        ctx.reply(msg, ok_body("write_ok", body), "write_ok");
        return;
    }
    // cas
    const bool create = body.value("create_if_not_exists", false);
    if (!current && !create) {
        ++missing_;
        ++cas_failed_;
        ctx.reply(msg, error_body(ErrorCode::KeyDoesNotExist, "key " + shown(key) + " does not exist", body), "error");
        return;
    }
    if (current && *current != body["from"]) {
        ++cas_failed_;
        ctx.reply(msg, error_body(ErrorCode::PreconditionFailed,
                                  "expected " + shown(body["from"].dump()) + ", but key " + shown(key) + " is " +
                                      shown(current->dump()),
                                  body),
                  "error");
        return;
    }
    update(*value_it);
    ctx.reply(msg, ok_body("cas_ok", body), "cas_ok");
}

Json KvServiceRole::snapshot() const {
    Json values = Json::object();
    std::size_t n = 0;
    if (consistency_ == KvConsistency::LastWriteWins) {
        // Copy 0's view, and how many keys the copies disagree on.
        std::uint64_t divergent = 0;
        for (const auto& [key, mine] : replicas_.empty() ? Replica{} : replicas_[0]) {
            if (n++ < kShownKeys)
                values[key] = mine.value;
        }
        std::map<std::string, Json> first;
        std::map<std::string, bool> differs;
        for (const Replica& r : replicas_)
            for (const auto& [key, v] : r) {
                auto [it, fresh] = first.try_emplace(key, v.value);
                if (!fresh && it->second != v.value)
                    differs[key] = true;
            }
        for (const auto& [key, copies_differ] : differs)
            divergent += copies_differ ? 1 : 0;
        return Json{{"keys", first.size()}, {"values", values},      {"divergent_keys", divergent},
                    {"reads", reads_},      {"updates", updates_},   {"cas_failed", cas_failed_},
                    {"missing", missing_},  {"refused", refused_}};
    }
    for (const auto& [key, versions] : keys_) {
        if (n++ >= kShownKeys)
            break;
        values[key] = versions.back().value;
    }
    Json snap{{"keys", keys_.size()}, {"values", values},       {"version", version_},
              {"reads", reads_},      {"updates", updates_},    {"cas_failed", cas_failed_},
              {"missing", missing_},  {"refused", refused_}};
    if (consistency_ == KvConsistency::Sequential)
        snap["stale_reads"] = stale_reads_;
    return snap;
}

void TsoServiceRole::start(Context& ctx) {
    (void)ctx;
}

void TsoServiceRole::on_message(Context& ctx, const Message& msg) {
    if (!msg.body.is_object() || msg.body.value("type", std::string()) != "ts") {
        ++refused_;
        ctx.count("refused");
        ctx.reply(msg, error_body(ErrorCode::NotSupported, ctx.self() + " serves ts only", msg.body), "error");
        return;
    }
    Json reply = ok_body("ts_ok", msg.body);
    reply["ts"] = next_++;
    ctx.reply(msg, std::move(reply), "ts_ok");
}

Json TsoServiceRole::snapshot() const {
    return {{"next_ts", next_}, {"refused", refused_}};
}

}  // namespace distlab::core::maelstrom
