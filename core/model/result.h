#pragma once

#include <expected>
#include <string>
#include <utility>

#include "core/model/text.h"

namespace distlab::core {

// An expected failure with a human-readable message (what and where): `message` in English,
// `zh` its Chinese, empty where not translated.
struct Error {
    std::string message;
    std::string zh;

    Text text() const { return {message, zh}; }
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected<Error>(Error{std::move(message), {}});
}

inline std::unexpected<Error> fail(Text message) {
    return std::unexpected<Error>(Error{std::move(message.en), std::move(message.zh)});
}

}  // namespace distlab::core
