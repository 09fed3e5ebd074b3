#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model/result.h"

namespace distlab::core {

// Durable storage of one node: survives a kill and restart of the node, as a disk would.
// Real nodes keep it in their data directory; the simulator keeps it in memory per node.
class Storage {
public:
    virtual ~Storage() = default;

    // Replaces the value of `key` atomically. With `sync`, the data is on disk before return.
    virtual Result<void> write(std::string_view key, std::string_view value, bool sync) = 0;

    // Appends to `key` (for logs). With `sync`, the data is on disk before return.
    virtual Result<void> append(std::string_view key, std::string_view value, bool sync) = 0;

    // The whole value of `key`, or nullopt when it was never written.
    virtual Result<std::optional<std::string>> read(std::string_view key) const = 0;
};

}  // namespace distlab::core
