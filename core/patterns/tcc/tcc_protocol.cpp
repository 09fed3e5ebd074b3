#include "core/patterns/tcc/tcc_protocol.h"

#include <algorithm>

namespace distlab::core::tcc {

std::string_view to_string(FenceStatus status) {
    switch (status) {
    case FenceStatus::Tried: return "tried";
    case FenceStatus::Committed: return "committed";
    case FenceStatus::RolledBack: return "rolled_back";
    case FenceStatus::Suspended: return "suspended";
    }
    return "tried";
}

std::optional<FenceStatus> fence_status_from_string(std::string_view name) {
    for (FenceStatus s : {FenceStatus::Tried, FenceStatus::Committed, FenceStatus::RolledBack, FenceStatus::Suspended})
        if (to_string(s) == name)
            return s;
    return std::nullopt;
}

std::optional<std::string> string_field(const Json& body, std::string_view name) {
    if (!body.is_object())
        return std::nullopt;
    const auto it = body.find(name);
    if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        return std::nullopt;
    return it->get<std::string>();
}

namespace {

// The amount of an action: a non-zero integer.
std::optional<std::int64_t> amount_field(const Json& action) {
    if (!action.is_object())
        return std::nullopt;
    const auto it = action.find("amount");
    if (it == action.end() || !it->is_number_integer() || it->get<std::int64_t>() == 0)
        return std::nullopt;
    return it->get<std::int64_t>();
}

}  // namespace

std::optional<std::vector<Action>> actions_from_json(const Json& list, std::string* error) {
    const auto fail = [&](std::string why) -> std::optional<std::vector<Action>> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    if (!list.is_array() || list.empty())
        return fail("needs a non-empty list \"actions\"");
    std::vector<Action> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto account = string_field(list[i], "account");
        const auto amount = amount_field(list[i]);
        if (!account || !amount)
            return fail("actions[" + std::to_string(i) +
                        "] needs a string account and a non-zero integer amount (< 0 debits, > 0 credits)");
        out.push_back({std::move(*account), *amount});
    }
    return out;
}

Json to_json(const std::vector<Action>& actions) {
    Json list = Json::array();
    for (const Action& a : actions)
        list.push_back({{"account", a.account}, {"amount", a.amount}});
    return list;
}

std::optional<BeginRequest> begin_from_json(const Json& body, std::string* error) {
    const auto fail = [&](std::string why) -> std::optional<BeginRequest> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    BeginRequest request;
    auto tx = string_field(body, "tx");
    if (!tx)
        return fail("begin needs a non-empty string \"tx\"");
    request.tx = std::move(*tx);
    const auto actions = body.find("actions");
    if (actions == body.end() || !actions->is_array() || actions->empty())
        return fail("begin needs a non-empty list \"actions\"");
    for (std::size_t i = 0; i < actions->size(); ++i) {
        const Json& a = (*actions)[i];
        auto participant = string_field(a, "participant");
        auto account = string_field(a, "account");
        const auto amount = amount_field(a);
        if (!participant || !account || !amount)
            return fail("actions[" + std::to_string(i) +
                        "] needs string fields participant and account and a non-zero integer amount");
        auto share = std::find_if(request.shares.begin(), request.shares.end(),
                                  [&](const Share& s) { return s.participant == *participant; });
        if (share == request.shares.end()) {
            request.shares.push_back({*participant, {}});
            share = request.shares.end() - 1;
        }
        share->actions.push_back({std::move(*account), *amount});
    }
    return request;
}

Json to_json(const std::vector<Share>& shares) {
    Json list = Json::array();
    for (const Share& s : shares)
        for (const Action& a : s.actions)
            list.push_back({{"participant", s.participant}, {"account", a.account}, {"amount", a.amount}});
    return list;
}

}  // namespace distlab::core::tcc
