#pragma once

// The line I/O of the Maelstrom test nodes (tests/patterns/maelstrom/*_node.cpp), done as a
// user's node does it: one JSON message {"src", "dest", "body"} a line on stdin and on stdout,
// the log on stderr. Standard library and nlohmann only: the nodes are built as users build
// theirs, without the lab's libraries.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace distlab::test_support {

// `line` as a message: a JSON object, or nullopt for anything else.
inline std::optional<nlohmann::json> parse_message(std::string_view line) {
    nlohmann::json msg = nlohmann::json::parse(line, nullptr, false);
    if (msg.is_discarded() || !msg.is_object())
        return std::nullopt;
    return msg;
}

// A node's output: its messages a line each, flushed at once (the lab reads them as they come),
// each body given the node's next msg_id.
class NodeOutput {
public:
    explicit NodeOutput(std::ostream& out) : out_(out) {}

    // The node's id, as init named it: the `src` of what it sends.
    void set_self(std::string self) { self_ = std::move(self); }
    const std::string& self() const { return self_; }

    // Sends `body` to `dest` with the next msg_id.
    void send(const std::string& dest, nlohmann::json body) {
        body["msg_id"] = next_id_++;
        out_ << nlohmann::json{{"src", self_}, {"dest", dest}, {"body", std::move(body)}}.dump() << "\n" << std::flush;
    }
    // Answers `request` (a message read): `body` sent to its src, naming its msg_id in in_reply_to.
    void reply(const nlohmann::json& request, nlohmann::json body) {
        body["in_reply_to"] = request["body"]["msg_id"];
        send(request["src"], std::move(body));
    }
    // The msg_id the next message gets.
    std::int64_t next_id() const { return next_id_; }

private:
    std::ostream& out_;
    std::string self_;
    std::int64_t next_id_ = 1;
};

// Bytes read in chunks (a node that polls stdin between its timers) split into lines.
class LineSplitter {
public:
    // Appends `chunk` and calls `on_line` with every line it completes, without its newline.
    template <class OnLine>
    void feed(std::string_view chunk, OnLine&& on_line) {
        buffer_.append(chunk);
        std::size_t start = 0;
        for (std::size_t eol; (eol = buffer_.find('\n', start)) != std::string::npos; start = eol + 1)
            on_line(std::string_view(buffer_).substr(start, eol - start));
        buffer_.erase(0, start);
    }

private:
    std::string buffer_;
};

}  // namespace distlab::test_support
