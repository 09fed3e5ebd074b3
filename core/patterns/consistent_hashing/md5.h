#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace distlab::core::consistent_hashing {

// The MD5 digest of `data` (RFC 1321). Dubbo places its ring's points and its keys with MD5, so
// the lab does too: the same construction gives the same spread. Not for security.
std::array<std::uint8_t, 16> md5(std::string_view data);

// Four digest bytes from `offset` as a little-endian number, as Dubbo cuts a digest into points.
std::uint32_t le32(const std::array<std::uint8_t, 16>& digest, std::size_t offset);
// Eight digest bytes from `offset` as a little-endian number.
std::uint64_t le64(const std::array<std::uint8_t, 16>& digest, std::size_t offset);

}  // namespace distlab::core::consistent_hashing
