#include "core/patterns/maelstrom/reference_nodes.h"

#include <algorithm>
#include <sstream>

#include "core/patterns/maelstrom/maelstrom_errors.h"

namespace distlab::core::maelstrom {

namespace {

constexpr std::string_view kLogKey = "kafka-log";
constexpr std::size_t kMaxPolled = 20;   // pairs of one key in one poll_ok

Json answer(std::string type, const Message& msg, std::int64_t& next_msg_id) {
    Json body{{"type", std::move(type)}, {"msg_id", next_msg_id++}};
    if (const auto id = msg.body.find("msg_id"); id != msg.body.end())
        body["in_reply_to"] = *id;
    return body;
}

}  // namespace

const ParamList<KafkaServerConfig>& KafkaServerConfig::params() {
    static const ParamList<KafkaServerConfig> list = ParamList<KafkaServerConfig>{}.boolean(
        "durable", &KafkaServerConfig::durable, true,
        "Keep the logs in the node's storage, so a restart finds them; off: a restart forgets them and offsets start "
        "again at 0",
        "把日志保存在节点的存储中，重启后仍在；关闭时重启会丢失日志，偏移量从 0 重新开始");
    return list;
}

KafkaServerRole::KafkaServerRole(KafkaServerConfig config) : config_(config) {}

void KafkaServerRole::start(Context& ctx) {
    if (!config_.durable)
        return;
    const auto stored = ctx.storage().read(kLogKey);
    if (!stored || !*stored)
        return;
    std::istringstream lines(**stored);
    for (std::string line; std::getline(lines, line);) {
        const Json entry = Json::parse(line, nullptr, false);
        if (!entry.is_object())
            continue;
        if (entry.contains("commit")) {
            for (const auto& [key, offset] : entry["commit"].items())
                committed_[key] = std::max(committed_[key], offset.get<std::int64_t>());
        } else {
            logs_[entry.value("key", "")].emplace_back(entry.value("offset", std::int64_t{0}), entry["msg"]);
            ++recovered_;
        }
    }
    ctx.log(LogLevel::Info, "recovered " + std::to_string(recovered_) + " messages from storage");
}

void KafkaServerRole::persist(Context& ctx, const Json& entry) {
    if (!config_.durable)
        return;
    if (auto written = ctx.storage().append(kLogKey, entry.dump() + "\n", false); !written)
        ctx.log(LogLevel::Error, "cannot store the log: " + written.error().message);
}

void KafkaServerRole::on_message(Context& ctx, const Message& msg) {
    const Json& body = msg.body;
    const std::string type = body.is_object() ? body.value("type", std::string()) : std::string();
    if (type == "send" && body.contains("key") && body["key"].is_string() && body.contains("msg")) {
        const std::string key = body["key"];
        auto& log = logs_[key];
        const std::int64_t offset = log.empty() ? 0 : log.back().first + 1;
        log.emplace_back(offset, body["msg"]);
        persist(ctx, {{"key", key}, {"offset", offset}, {"msg", body["msg"]}});
        ++sends_;
        Json reply = answer("send_ok", msg, next_msg_id_);
        reply["offset"] = offset;
        ctx.reply(msg, std::move(reply), "send_ok");
    } else if (type == "poll" && body.contains("offsets") && body["offsets"].is_object()) {
        Json msgs = Json::object();
        for (const auto& [key, from] : body["offsets"].items()) {
            if (!from.is_number_integer())
                continue;
            Json pairs = Json::array();
            for (const auto& [offset, message] : logs_[key])
                if (offset >= from.get<std::int64_t>() && pairs.size() < kMaxPolled)
                    pairs.push_back(Json::array({offset, message}));
            if (!pairs.empty())
                msgs[key] = std::move(pairs);
        }
        ++polls_;
        Json reply = answer("poll_ok", msg, next_msg_id_);
        reply["msgs"] = std::move(msgs);
        ctx.reply(msg, std::move(reply), "poll_ok");
    } else if (type == "commit_offsets" && body.contains("offsets") && body["offsets"].is_object()) {
        Json kept = Json::object();
        for (const auto& [key, offset] : body["offsets"].items())
            if (offset.is_number_integer()) {
                committed_[key] = std::max(committed_[key], offset.get<std::int64_t>());
                kept[key] = committed_[key];
            }
        persist(ctx, {{"commit", kept}});
        ctx.reply(msg, answer("commit_offsets_ok", msg, next_msg_id_), "commit_offsets_ok");
    } else if (type == "list_committed_offsets" && body.contains("keys") && body["keys"].is_array()) {
        Json offsets = Json::object();
        for (const Json& key : body["keys"])
            if (key.is_string())
                if (const auto it = committed_.find(key.get<std::string>()); it != committed_.end())
                    offsets[it->first] = it->second;
        Json reply = answer("list_committed_offsets_ok", msg, next_msg_id_);
        reply["offsets"] = std::move(offsets);
        ctx.reply(msg, std::move(reply), "list_committed_offsets_ok");
    } else {
        ctx.reply(msg, error_body(ErrorCode::NotSupported, "kafka-server: not a well-formed kafka request: " + type, body),
                  "error");
    }
}

Json KafkaServerRole::snapshot() const {
    Json lengths = Json::object();
    for (const auto& [key, log] : logs_)
        lengths[key] = log.size();
    Json committed = Json::object();
    for (const auto& [key, offset] : committed_)
        committed[key] = offset;
    return {{"durable", config_.durable}, {"log_lengths", lengths}, {"committed", committed},
            {"sends", sends_},            {"polls", polls_},        {"recovered", recovered_}};
}

const ParamList<TxnServerConfig>& TxnServerConfig::params() {
    static const ParamList<TxnServerConfig> list = ParamList<TxnServerConfig>{}.nodes(
        "peers", &TxnServerConfig::peers, Json::array(),
        "Other txn-servers this one sends its writes to after answering (asynchronous replicas); empty: the only copy",
        "本节点在回复之后把写入发送给的其他 txn-server（异步副本）；留空：唯一的副本");
    return list;
}

TxnServerRole::TxnServerRole(TxnServerConfig config) : config_(std::move(config)) {}

void TxnServerRole::start(Context& ctx) {
    (void)ctx;
}

void TxnServerRole::apply(const Json& micro) {
    Json& value = state_[micro[1].dump()];
    if (micro[0] == "append") {
        if (!value.is_array())
            value = Json::array();
        value.push_back(micro[2]);
    } else {
        value = micro[2];
    }
}

void TxnServerRole::on_message(Context& ctx, const Message& msg) {
    const Json& body = msg.body;
    const std::string type = body.is_object() ? body.value("type", std::string()) : std::string();
    if (type == "replicate" && body.contains("writes") && body["writes"].is_array()) {
        for (const Json& micro : body["writes"])
            if (micro.is_array() && micro.size() == 3)
                apply(micro);
        ++replicated_;
        return;
    }
    if (type != "txn" || !body.contains("txn") || !body["txn"].is_array()) {
        ctx.reply(msg, error_body(ErrorCode::NotSupported, "txn-server: not a txn request: " + type, body), "error");
        return;
    }
    for (const Json& micro : body["txn"])
        if (!micro.is_array() || micro.size() != 3 || !micro[0].is_string() ||
            (micro[0] != "r" && micro[0] != "w" && micro[0] != "append")) {
            ctx.reply(msg, error_body(ErrorCode::MalformedRequest, "txn-server: a micro-op is not [f, k, v]: " + micro.dump(), body),
                      "error");
            return;
        }
    Json done = Json::array();
    Json writes = Json::array();
    for (const Json& micro : body["txn"]) {
        if (micro[0] == "r") {
            const auto it = state_.find(micro[1].dump());
            done.push_back(Json::array({"r", micro[1], it == state_.end() ? Json() : it->second}));
        } else {
            apply(micro);
            done.push_back(micro);
            writes.push_back(micro);
        }
    }
    ++committed_;
    Json reply = answer("txn_ok", msg, next_msg_id_);
    reply["txn"] = std::move(done);
    ctx.reply(msg, std::move(reply), "txn_ok");
    if (!writes.empty())
        for (const NodeId& peer : config_.peers)
            ctx.send(peer, "replicate", {{"type", "replicate"}, {"writes", writes}});
}

Json TxnServerRole::snapshot() const {
    return {{"keys", state_.size()}, {"committed", committed_}, {"replicated", replicated_}, {"peers", config_.peers}};
}

}  // namespace distlab::core::maelstrom
