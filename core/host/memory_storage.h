#pragma once

#include <map>
#include <string>

#include "core/model/storage.h"

namespace distlab::core {

// A node's "disk" in memory: a map from key to value. The simulator keeps one per node for the
// whole run, so it survives the node's kill and restart as a data directory would; role tests
// use one per harness. Writes are atomic and durable at once (there is no page cache to lose).
//
// Threading: not thread-safe; its one owner's thread.
class MemoryStorage final : public Storage {
public:
    Result<void> write(std::string_view key, std::string_view value, bool sync) override;
    Result<void> append(std::string_view key, std::string_view value, bool sync) override;
    Result<std::optional<std::string>> read(std::string_view key) const override;

    std::size_t bytes() const;

private:
    std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace distlab::core
