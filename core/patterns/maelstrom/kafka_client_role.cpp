#include "core/patterns/maelstrom/kafka_client_role.h"

#include <optional>
#include <random>

namespace distlab::core::maelstrom {

const ParamList<KafkaClientConfig>& KafkaClientConfig::params() {
    using C = KafkaClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::base, WorkloadBase::params_without_final_read())
        .integer("keys", &C::keys, 3, "Logs, named k0, k1, ...; each operation picks one (a poll asks for all)",
                 "日志的数量，依次命名为 k0、k1……；每个操作随机选一个（poll 询问全部）", {.min = 1, .max = 1000})
        .probability("send_ratio", &C::send_ratio, 0.5, "Share of operations that are sends; the rest mostly polls",
                     "send 操作所占比例；其余大多为 poll")
        .probability("commit_ratio", &C::commit_ratio, 0.1,
                     "Share of operations that commit the offsets polled so far",
                     "提交目前已 poll 到的偏移量的操作所占比例")
        .probability("list_ratio", &C::list_ratio, 0.05,
                     "Share of operations that list the committed offsets and resume polling from them",
                     "列出已提交偏移量并从那里继续 poll 的操作所占比例");
    return list;
}

template <class Read>
void KafkaClientRole::request(Context& ctx, OpId op, Json body, Read read) {
    std::string ok_type = body["type"].get<std::string>() + "_ok";
    auto judge = [ok_type, read = std::move(read)](Context& c, const Json& reply) -> std::optional<Completion> {
        if (reply.value("type", std::string()) != ok_type)
            return std::nullopt;   // an error, read as every workload reads them
        std::optional<Json> value = read(c, reply);
        if (!value)
            return Completion{OpStatus::Info, {{"error", "is a " + ok_type + " that cannot be read"}}};
        return Completion{OpStatus::Ok, std::move(*value)};
    };
    WorkloadClient::request(ctx, op, std::move(body), std::move(ok_type), std::move(judge));
}

void KafkaClientRole::begin(Context& ctx) {
    std::uniform_int_distribution<std::int64_t> key_dist(0, config_.keys - 1);
    const std::string key = "k" + std::to_string(key_dist(ctx.rng()));
    const double u = std::uniform_real_distribution<double>(0, 1)(ctx.rng());
    if (u < config_.send_ratio) {
        // Messages are unique per client: its id and a sequence number.
        const std::string message = ctx.self() + "-" + std::to_string(next_message_++);
        const OpId op = ctx.op_invoke("send", {{"key", key}, {"msg", message}});
        request(ctx, op, {{"type", "send"}, {"key", key}, {"msg", message}},
                [key, message](Context&, const Json& reply) -> std::optional<Json> {
                    if (!reply.contains("offset") || !reply["offset"].is_number_integer())
                        return std::nullopt;
                    return Json{{"key", key}, {"msg", message}, {"offset", reply["offset"]}};
                });
        return;
    }
    if (u < config_.send_ratio + config_.commit_ratio) {
        Json offsets = Json::object();
        for (const auto& [k, next] : position_)
            if (next > 0)
                offsets[k] = next - 1;
        if (!offsets.empty()) {
            const OpId op = ctx.op_invoke("commit_offsets", {{"offsets", offsets}});
            request(ctx, op, {{"type", "commit_offsets"}, {"offsets", offsets}},
                    [offsets](Context&, const Json&) -> std::optional<Json> { return Json{{"offsets", offsets}}; });
            return;
        }
    } else if (u < config_.send_ratio + config_.commit_ratio + config_.list_ratio) {
        Json keys = Json::array();
        for (std::int64_t i = 0; i < config_.keys; ++i)
            keys.push_back("k" + std::to_string(i));
        const OpId op = ctx.op_invoke("list_committed_offsets", {{"keys", keys}});
        request(ctx, op, {{"type", "list_committed_offsets"}, {"keys", keys}},
                [this](Context&, const Json& reply) -> std::optional<Json> {
                    if (!reply.contains("offsets") || !reply["offsets"].is_object())
                        return std::nullopt;
                    // Resume from the committed offsets, as Jepsen's client does on assign.
                    for (const auto& [k, committed] : reply["offsets"].items())
                        if (committed.is_number_integer())
                            position_[k] = committed.get<std::int64_t>() + 1;
                    return Json{{"offsets", reply["offsets"]}};
                });
        return;
    }
    // A poll of every key from the position reached.
    Json offsets = Json::object();
    for (std::int64_t i = 0; i < config_.keys; ++i) {
        const std::string k = "k" + std::to_string(i);
        offsets[k] = position_[k];
    }
    const OpId op = ctx.op_invoke("poll", {{"offsets", offsets}});
    request(ctx, op, {{"type", "poll"}, {"offsets", offsets}},
            [this, offsets](Context&, const Json& reply) -> std::optional<Json> {
                if (!reply.contains("msgs") || !reply["msgs"].is_object())
                    return std::nullopt;
                for (const auto& [k, pairs] : reply["msgs"].items()) {
                    if (!pairs.is_array())
                        return std::nullopt;
                    for (const Json& pair : pairs)
                        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer())
                            return std::nullopt;
                }
                for (const auto& [k, pairs] : reply["msgs"].items())
                    if (!pairs.empty()) {
                        const std::int64_t last = pairs.back()[0].get<std::int64_t>();
                        if (last + 1 > position_[k])
                            position_[k] = last + 1;
                    }
                return Json{{"offsets", offsets}, {"msgs", reply["msgs"]}};
            });
}

void KafkaClientRole::write_snapshot(Json& snap) const {
    Json positions = Json::object();
    for (const auto& [k, next] : position_)
        positions[k] = next;
    snap["positions"] = std::move(positions);
}

}  // namespace distlab::core::maelstrom
