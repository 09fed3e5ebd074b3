#pragma once

#include <expected>
#include <string>
#include <utility>

namespace distlab::core {

// An expected failure with a human-readable message (what and where).
struct Error {
    std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected<Error>(Error{std::move(message)});
}

}  // namespace distlab::core
