#include "core/patterns/rpc/rpc_protocol.h"

#include <algorithm>

namespace distlab::core::rpc {

namespace {

const char* kItems[] = {"apple", "bread", "coffee", "milk", "rice", "tea"};

std::string json_kind(const Json& value) {
    if (value.is_null())
        return "null";
    if (value.is_boolean())
        return "bool";
    if (value.is_number_integer())
        return "int";
    if (value.is_number())
        return "number";
    if (value.is_string())
        return "string";
    if (value.is_array())
        return "a list";
    return "a mapping";
}

bool fits(FieldType type, const Json& value) {
    switch (type) {
    case FieldType::Int: return value.is_number_integer();
    case FieldType::Number: return value.is_number();
    case FieldType::String: return value.is_string();
    case FieldType::Bool: return value.is_boolean();
    }
    return false;
}

Json sample(FieldType type, std::string_view name, std::mt19937_64& rng) {
    switch (type) {
    case FieldType::Int: return static_cast<std::int64_t>(std::uniform_int_distribution<int>(1, 9)(rng));
    case FieldType::Number: return std::uniform_int_distribution<int>(100, 9999)(rng) / 100.0;
    case FieldType::String:
        if (name == "item")
            return kItems[std::uniform_int_distribution<std::size_t>(0, std::size(kItems) - 1)(rng)];
        return "r" + std::to_string(std::uniform_int_distribution<int>(1000, 9999)(rng));
    case FieldType::Bool: return true;
    }
    return nullptr;
}

// A value of another type than `type`.
Json wrong_value(FieldType type) {
    switch (type) {
    case FieldType::Int:
    case FieldType::Number:
    case FieldType::Bool: return "three";
    case FieldType::String: return 3;
    }
    return nullptr;
}

std::optional<std::int64_t> integer(const Json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

}  // namespace

std::string_view to_string(Status status) {
    switch (status) {
    case Status::Ok: return "ok";
    case Status::Cancelled: return "cancelled";
    case Status::InvalidArgument: return "invalid_argument";
    case Status::DeadlineExceeded: return "deadline_exceeded";
    case Status::Unimplemented: return "unimplemented";
    case Status::Unavailable: return "unavailable";
    }
    return "unavailable";
}

std::optional<Status> status_from_string(std::string_view name) {
    for (Status status : kAllStatuses)
        if (to_string(status) == name)
            return status;
    return std::nullopt;
}

int grpc_code(Status status) {
    switch (status) {
    case Status::Ok: return 0;
    case Status::Cancelled: return 1;
    case Status::InvalidArgument: return 3;
    case Status::DeadlineExceeded: return 4;
    case Status::Unimplemented: return 12;
    case Status::Unavailable: return 14;
    }
    return 14;
}

std::string_view to_string(FieldType type) {
    switch (type) {
    case FieldType::Int: return "int";
    case FieldType::Number: return "number";
    case FieldType::String: return "string";
    case FieldType::Bool: return "bool";
    }
    return "int";
}

const std::vector<Method>& methods() {
    using F = FieldType;
    static const std::vector<Method> all = {
        {"PlaceOrder",
         {{"order_id", F::Int}, {"item", F::String}, {"qty", F::Int}},
         {{"confirmed", F::Bool}, {"total", F::Number}}},
        {"ReserveStock", {{"item", F::String}, {"qty", F::Int}}, {{"reserved", F::Int}}},
        {"ReadStock", {{"item", F::String}}, {{"available", F::Int}}},
        {"GetPrice", {{"item", F::String}}, {{"price", F::Number}}},
    };
    return all;
}

const Method* find_method(std::string_view name) {
    const auto& all = methods();
    auto it = std::find_if(all.begin(), all.end(), [&](const Method& m) { return m.name == name; });
    return it == all.end() ? nullptr : &*it;
}

std::vector<std::string> method_names() {
    std::vector<std::string> names;
    for (const Method& m : methods())
        names.push_back(m.name);
    return names;
}

std::string signature(const Method& method) {
    const auto list = [](const std::vector<Field>& fields) {
        std::string out;
        for (const Field& f : fields) {
            if (!out.empty())
                out += ", ";
            out += f.name + ": " + std::string(to_string(f.type));
        }
        return out;
    };
    return method.name + "(" + list(method.request) + ") -> (" + list(method.reply) + ")";
}

std::optional<std::string> check_fields(const std::vector<Field>& fields, const Json& value, std::string_view where) {
    const std::string prefix = std::string(where) + (where.empty() ? "" : ".");
    if (!value.is_object())
        return std::string(where) + ": expected a mapping, got " + json_kind(value);
    for (const Field& f : fields) {
        auto it = value.find(f.name);
        if (it == value.end())
            return prefix + f.name + ": missing (expected " + std::string(to_string(f.type)) + ")";
        if (!fits(f.type, *it))
            return prefix + f.name + ": expected " + std::string(to_string(f.type)) + ", got " + json_kind(*it);
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        const bool declared =
            std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.name == it.key(); });
        if (!declared)
            return prefix + it.key() + ": not a field of this method";
    }
    return std::nullopt;
}

Json make_args(const Method& method, std::mt19937_64& rng) {
    Json args = Json::object();
    for (const Field& f : method.request)
        args[f.name] = sample(f.type, f.name, rng);
    return args;
}

Json make_bad_args(const Method& method, std::mt19937_64& rng) {
    Json args = make_args(method, rng);
    if (method.request.empty())
        return args;
    const Field& f = method.request[std::uniform_int_distribution<std::size_t>(0, method.request.size() - 1)(rng)];
    args[f.name] = wrong_value(f.type);
    return args;
}

Json make_reply(const Method& method, std::mt19937_64& rng) {
    Json reply = Json::object();
    for (const Field& f : method.reply)
        reply[f.name] = sample(f.type, f.name, rng);
    return reply;
}

Json Origin::to_json() const {
    Json out = {{"node", node}, {"op", op}};
    if (deadline)
        out["deadline_ns"] = deadline->count();
    return out;
}

std::optional<Origin> Origin::from_json(const Json& value) {
    if (!value.is_object())
        return std::nullopt;
    auto node = value.find("node");
    const auto op = integer(value, "op");
    const auto deadline = integer(value, "deadline_ns");
    if (node == value.end() || !node->is_string() || !op || (value.contains("deadline_ns") && !deadline))
        return std::nullopt;
    Origin origin{node->get<std::string>(), *op, std::nullopt};
    if (deadline)
        origin.deadline = Duration(*deadline);
    return origin;
}

CallFields decode_call(const Json& body) {
    CallFields f;
    if (!body.is_object()) {
        f.problem = "body: expected a mapping, got " + json_kind(body);
        return f;
    }
    const auto call = integer(body, "call");
    if (!call) {
        f.problem = body.contains("call") ? "call: expected int, got " + json_kind(body["call"]) : "call: missing";
        return f;
    }
    f.call = *call;
    if (auto origin = body.find("origin"); origin != body.end())
        f.origin = Origin::from_json(*origin);
    auto method = body.find("method");
    if (method == body.end() || !method->is_string()) {
        f.problem = method == body.end() ? "method: missing" : "method: expected string, got " + json_kind(*method);
        return f;
    }
    f.method = method->get<std::string>();
    if (auto attempt = integer(body, "attempt"))
        f.attempt = *attempt;
    if (auto hedge = body.find("hedge"); hedge != body.end() && hedge->is_boolean())
        f.hedge = hedge->get<bool>();
    if (body.contains("timeout_ns")) {
        const auto timeout = integer(body, "timeout_ns");
        if (!timeout || *timeout < 0) {
            f.problem = "timeout_ns: expected a non-negative int, got " + json_kind(body["timeout_ns"]);
            return f;
        }
        f.timeout = Duration(*timeout);
    }
    auto args = body.find("args");
    f.args = args == body.end() ? Json() : *args;
    return f;
}

ReplyFields decode_reply(const Json& body) {
    ReplyFields f;
    auto status = body.is_object() ? body.find("status") : body.end();
    const auto known = status != body.end() && status->is_string()
                           ? status_from_string(status->get<std::string>())
                           : std::nullopt;
    if (!known) {
        f.malformed = true;
        return f;
    }
    f.status = *known;
    if (auto message = body.find("message"); message != body.end() && message->is_string())
        f.message = message->get<std::string>();
    if (auto reply = body.find("reply"); reply != body.end())
        f.reply = *reply;
    return f;
}

Json reply_body(Status status, std::string_view message) {
    Json body = {{"ok", status == Status::Ok}, {"status", to_string(status)}, {"code", grpc_code(status)}};
    if (!message.empty())
        body["message"] = message;
    return body;
}

bool retryable(Status status) {
    return status == Status::Unavailable || status == Status::DeadlineExceeded;
}

}  // namespace distlab::core::rpc
