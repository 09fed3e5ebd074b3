#include "core/patterns/raft/raft_entry.h"

namespace distlab::core::raft {

namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(sep, start);
        if (at == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, at - start));
        start = at + 1;
    }
}

}  // namespace

std::string escape_token(std::string_view raw) {
    if (raw == "-")
        return "%2D";
    std::string out;
    out.reserve(raw.size());
    for (const char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '%' || c == ' ' || c == '=' || c == ',' || u < 0x20 || u == 0x7F) {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> unescape_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '%') {
            out += token[i];
            continue;
        }
        if (i + 2 >= token.size())
            return std::nullopt;
        const int hi = hex_value(token[i + 1]);
        const int lo = hex_value(token[i + 2]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

Entry make_noop(Term term) {
    return {term, EntryKind::Noop, "noop"};
}

Entry make_config(Term term, const std::vector<NodeId>& members) {
    std::string text = "config ";
    for (std::size_t i = 0; i < members.size(); ++i)
        text += (i ? "," : "") + members[i];
    return {term, EntryKind::Config, std::move(text)};
}

Entry make_command(Term term, const kv::Request& request) {
    std::string text;
    switch (request.op) {
    case kv::Op::Put:
        text = "put " + escape_token(request.key) + "=" + escape_token(request.value.value_or(""));
        break;
    case kv::Op::Get:
        text = "get " + escape_token(request.key);
        break;
    case kv::Op::Cas:
        text = "cas " + escape_token(request.key) + " " +
               (request.from ? escape_token(*request.from) : std::string("-")) + " " +
               escape_token(request.value.value_or(""));
        break;
    }
    return {term, EntryKind::Command, std::move(text)};
}

Result<Entry> parse_entry(Term term, std::string_view text) {
    if (text == "noop")
        return make_noop(term);
    if (text.starts_with("config ")) {
        std::vector<NodeId> members;
        for (auto id : split(text.substr(7), ','))
            if (!id.empty())
                members.emplace_back(id);
        if (members.empty())
            return fail("a config entry lists no member");
        return Entry{term, EntryKind::Config, std::string(text)};
    }
    kv::Request r;
    if (text.starts_with("put ")) {
        const std::string_view rest = text.substr(4);
        const std::size_t eq = rest.find('=');
        if (eq == std::string_view::npos)
            return fail("a put entry needs KEY=VALUE");
        auto key = unescape_token(rest.substr(0, eq));
        auto value = unescape_token(rest.substr(eq + 1));
        if (!key || !value)
            return fail("bad escape in a put entry");
        r.op = kv::Op::Put;
        r.key = std::move(*key);
        r.value = std::move(*value);
    } else if (text.starts_with("get ")) {
        auto key = unescape_token(text.substr(4));
        if (!key)
            return fail("bad escape in a get entry");
        r.op = kv::Op::Get;
        r.key = std::move(*key);
    } else if (text.starts_with("cas ")) {
        const auto parts = split(text.substr(4), ' ');
        if (parts.size() != 3)
            return fail("a cas entry needs KEY FROM TO");
        auto key = unescape_token(parts[0]);
        auto to = unescape_token(parts[2]);
        if (!key || !to)
            return fail("bad escape in a cas entry");
        r.op = kv::Op::Cas;
        r.key = std::move(*key);
        r.value = std::move(*to);
        if (parts[1] != "-") {
            auto from = unescape_token(parts[1]);
            if (!from)
                return fail("bad escape in a cas entry");
            r.from = std::move(*from);
        }
    } else {
        return fail("unknown entry \"" + std::string(text.substr(0, 16)) + "\"");
    }
    return Entry{term, EntryKind::Command, std::string(text)};
}

std::vector<NodeId> config_members(const Entry& entry) {
    std::vector<NodeId> members;
    for (auto id : split(std::string_view(entry.text).substr(7), ','))
        if (!id.empty())
            members.emplace_back(id);
    return members;
}

kv::Request command_request(const Entry& entry) {
    kv::Request r;
    const std::string_view text = entry.text;
    if (text.starts_with("put ")) {
        const std::string_view rest = text.substr(4);
        const std::size_t eq = rest.find('=');
        r.op = kv::Op::Put;
        r.key = unescape_token(rest.substr(0, eq)).value_or("");
        r.value = unescape_token(rest.substr(eq + 1)).value_or("");
    } else if (text.starts_with("get ")) {
        r.op = kv::Op::Get;
        r.key = unescape_token(text.substr(4)).value_or("");
    } else {
        const auto parts = split(text.substr(4), ' ');
        r.op = kv::Op::Cas;
        r.key = unescape_token(parts.at(0)).value_or("");
        r.value = unescape_token(parts.at(2)).value_or("");
        if (parts.at(1) != "-")
            r.from = unescape_token(parts.at(1)).value_or("");
    }
    return r;
}

}  // namespace distlab::core::raft
