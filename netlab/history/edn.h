#pragma once

// A reader for the EDN that Jepsen and Knossos histories are written in (nil, booleans,
// numbers, strings, keywords, symbols, vectors, lists, sets, maps, tagged values, comments),
// giving each value as JSON: nil is null, a keyword keeps its colon (":read") except as a map
// key ("type"), a set and a list become arrays, a tag is dropped for its value.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/json.h"

namespace distlab::netlab {

// Where a problem is: 1-based line and column.
struct TextPosition {
    std::size_t line = 1;
    std::size_t column = 1;
};

struct EdnError {
    TextPosition at;
    std::string message;
};

// Reads one value after another from a text, tracking lines and columns.
class EdnReader {
public:
    explicit EdnReader(std::string_view text) : text_(text) {}

    // Skips whitespace, commas and comments; false at the end of the text.
    bool more();
    // The position of the next character (after more()).
    TextPosition position() const { return {line_, column_}; }
    char peek() const { return text_[pos_]; }
    void advance();

    // The next value, or the first problem in it (a truncated form names where it began).
    std::optional<core::Json> read(EdnError* error);

private:
    std::optional<core::Json> read_value(EdnError* error);
    std::optional<core::Json> read_sequence(char close, TextPosition start, EdnError* error);
    std::optional<core::Json> read_map(TextPosition start, EdnError* error);
    std::optional<core::Json> read_string(EdnError* error);
    std::optional<core::Json> read_atom(EdnError* error);

    static constexpr int kMaxDepth = 200;   // deeper nesting is refused, not recursed into

    std::string_view text_;
    int depth_ = 0;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
};

}  // namespace distlab::netlab
