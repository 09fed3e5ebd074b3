#include "netlab/history/edn.h"

#include <cctype>
#include <charconv>

namespace distlab::netlab {

namespace {

bool is_delimiter(char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '(' || c == ')' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '"' || c == ';';
}

}  // namespace

void EdnReader::advance() {
    if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
    } else {
        ++column_;
    }
    ++pos_;
}

bool EdnReader::more() {
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == ';') {
            while (pos_ < text_.size() && text_[pos_] != '\n')
                advance();
        } else if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
            advance();
        } else {
            return true;
        }
    }
    return false;
}

std::optional<core::Json> EdnReader::read(EdnError* error) {
    if (!more()) {
        *error = {position(), "expected a value, found the end of the text"};
        return std::nullopt;
    }
    return read_value(error);
}

std::optional<core::Json> EdnReader::read_value(EdnError* error) {
    const TextPosition start = position();
    const char c = peek();
    if ((c == '[' || c == '(' || c == '{' || c == '#') && depth_ >= kMaxDepth) {
        *error = {start, "values nested more than " + std::to_string(kMaxDepth) + " deep"};
        return std::nullopt;
    }
    struct Deeper {
        int& depth;
        explicit Deeper(int& d) : depth(++d) {}
        ~Deeper() { --depth; }
    } deeper(depth_);
    switch (c) {
        case '[': advance(); return read_sequence(']', start, error);
        case '(': advance(); return read_sequence(')', start, error);
        case '{': advance(); return read_map(start, error);
        case '"': return read_string(error);
        case ']': case ')': case '}':
            *error = {start, std::string("unexpected '") + c + "'"};
            return std::nullopt;
        case '#':
            advance();
            if (pos_ < text_.size() && text_[pos_] == '{') {
                advance();
                return read_sequence('}', start, error);
            }
            if (pos_ < text_.size() && text_[pos_] == '_') {   // #_ discards the next form
                advance();
                if (!read(error))
                    return std::nullopt;
                return read(error);
            }
            // A tag (#inst, #jepsen.history.Op): the value that follows stands for itself.
            while (pos_ < text_.size() && !is_delimiter(text_[pos_]))
                advance();
            return read(error);
        default: return read_atom(error);
    }
}

std::optional<core::Json> EdnReader::read_sequence(char close, TextPosition start, EdnError* error) {
    core::Json out = core::Json::array();
    for (;;) {
        if (!more()) {
            *error = {start, std::string("the text ends before this ") + (close == ']' ? "vector" : close == ')' ? "list" : "set") +
                                 " is closed (truncated?)"};
            return std::nullopt;
        }
        if (peek() == close) {
            advance();
            return out;
        }
        auto v = read_value(error);
        if (!v)
            return std::nullopt;
        out.push_back(std::move(*v));
    }
}

std::optional<core::Json> EdnReader::read_map(TextPosition start, EdnError* error) {
    core::Json out = core::Json::object();
    for (;;) {
        if (!more()) {
            *error = {start, "the text ends before this map is closed (truncated?)"};
            return std::nullopt;
        }
        if (peek() == '}') {
            advance();
            return out;
        }
        const TextPosition key_at = position();
        auto key = read_value(error);
        if (!key)
            return std::nullopt;
        if (!more() || peek() == '}') {
            *error = {key_at, "this map key has no value"};
            if (!more())
                error->message += " (the text ends here: truncated?)";
            return std::nullopt;
        }
        auto value = read_value(error);
        if (!value)
            return std::nullopt;
        std::string name;
        if (key->is_string()) {
            name = key->get<std::string>();
            if (!name.empty() && name.front() == ':')
                name.erase(0, 1);
        } else {
            name = key->dump();
        }
        out[name] = std::move(*value);
    }
}

std::optional<core::Json> EdnReader::read_string(EdnError* error) {
    const TextPosition start = position();
    advance();   // the opening quote
    std::string out;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '"') {
            advance();
            return core::Json(out);
        }
        if (c == '\\') {
            advance();
            if (pos_ >= text_.size())
                break;
            c = text_[pos_];
            switch (c) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                default: out += c; break;
            }
            advance();
            continue;
        }
        out += c;
        advance();
    }
    *error = {start, "the text ends inside this string (truncated?)"};
    return std::nullopt;
}

std::optional<core::Json> EdnReader::read_atom(EdnError* error) {
    const TextPosition start = position();
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && !is_delimiter(text_[pos_]))
        advance();
    std::string_view word = text_.substr(begin, pos_ - begin);
    if (word.empty()) {
        *error = {start, "expected a value"};
        return std::nullopt;
    }
    if (word == "nil")
        return core::Json(nullptr);
    if (word == "true")
        return core::Json(true);
    if (word == "false")
        return core::Json(false);
    const char first = word.front();
    if (std::isdigit(static_cast<unsigned char>(first)) ||
        ((first == '-' || first == '+') && word.size() > 1 && std::isdigit(static_cast<unsigned char>(word[1])))) {
        std::string_view digits = word;
        if (digits.front() == '+')
            digits.remove_prefix(1);
        if (digits.back() == 'N')   // an arbitrary-precision integer, 3N
            digits.remove_suffix(1);
        std::int64_t integer = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), integer);
        if (ec == std::errc() && end == digits.data() + digits.size())
            return core::Json(integer);
        std::string_view decimal = word.back() == 'M' ? word.substr(0, word.size() - 1) : word;
        double number = 0;
        auto [dend, dec] = std::from_chars(decimal.data(), decimal.data() + decimal.size(), number);
        if (dec == std::errc() && dend == decimal.data() + decimal.size())
            return core::Json(number);
        *error = {start, "\"" + std::string(word) + "\" is not a number"};
        return std::nullopt;
    }
    if (first == '\\') {   // a character literal, \a
        return core::Json(std::string(word.substr(1)));
    }
    // A keyword keeps its colon, a symbol is its name.
    return core::Json(std::string(word));
}

}  // namespace distlab::netlab
