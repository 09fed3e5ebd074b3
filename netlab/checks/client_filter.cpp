#include "netlab/checks/client_filter.h"

#include <algorithm>

namespace distlab::netlab {

namespace {

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

}  // namespace

core::ParamSpec where_param() {
    return {.name = "where",
            .type = core::ParamType::Mapping,
            .en = "only the operations of these clients",
            .zh = "只看这些客户端的操作",
            .optional = true,
            .fields = {{.name = "client",
                        .type = core::ParamType::Nodes,
                        .en = "a client node or a list of them",
                        .zh = "一个或多个客户端节点"}}};
}

ClientFilter where_of(const core::Params& args) {
    if (!args.has("where"))
        return {};
    return core::Params(args.json()["where"]).get_nodes("client");
}

std::string where_en(const ClientFilter& clients) {
    return clients.empty() ? std::string() : " of " + joined(clients, ", ");
}

std::string where_zh(const ClientFilter& clients) {
    return clients.empty() ? std::string() : joined(clients, "、") + " 的";
}

KvHistory kv_history_of(const std::vector<Event>& events, const ClientFilter& clients) {
    KvHistory history = kv_history(events);
    if (clients.empty())
        return history;
    std::erase_if(history.ops, [&](const KvOperation& op) { return !selected(clients, op.client); });
    return history;
}

}  // namespace distlab::netlab
