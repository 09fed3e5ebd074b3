#include "core/patterns/pubsub/subject.h"

#include <vector>

namespace distlab::core::pubsub {

namespace {

std::vector<std::string_view> tokens(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t begin = 0;
    while (true) {
        const std::size_t dot = text.find('.', begin);
        out.push_back(text.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin));
        if (dot == std::string_view::npos)
            return out;
        begin = dot + 1;
    }
}

bool has_wildcard_char(std::string_view token) {
    return token.find_first_of("*>") != std::string_view::npos;
}

}  // namespace

bool valid_subject(std::string_view subject) {
    for (std::string_view token : tokens(subject))
        if (token.empty() || has_wildcard_char(token) || token.find(' ') != std::string_view::npos)
            return false;
    return true;
}

bool valid_pattern(std::string_view pattern) {
    const std::vector<std::string_view> parts = tokens(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string_view token = parts[i];
        if (token == "*")
            continue;
        if (token == ">") {
            if (i + 1 != parts.size())
                return false;
            continue;
        }
        if (token.empty() || has_wildcard_char(token) || token.find(' ') != std::string_view::npos)
            return false;
    }
    return true;
}

bool subject_matches(std::string_view pattern, std::string_view subject) {
    const std::vector<std::string_view> want = tokens(pattern);
    const std::vector<std::string_view> have = tokens(subject);
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i] == ">")
            return have.size() > i;        // one or more tokens left
        if (i >= have.size())
            return false;
        if (want[i] != "*" && want[i] != have[i])
            return false;
    }
    return want.size() == have.size();
}

}  // namespace distlab::core::pubsub
