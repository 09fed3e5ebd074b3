#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/model/json.h"

namespace distlab::core::replication {

// The writes a node holds, named by the values the kv-client writes ("c1-17": client c1, its
// operation 17), kept compactly for the snapshot: per client, the operation numbers as ranges
// ("1-40,43,45-50"). A value not of that form is kept whole. Checks read the snapshot's form back
// to tell which acknowledged writes a node holds.
class WriteIds {
public:
    void add(std::string_view value);
    bool contains(std::string_view value) const;
    std::size_t size() const { return size_; }

    // {"by_client": {"c1": "1-40,43"}, "other": ["x", ...]}
    Json to_json() const;
    // Reads to_json()'s form; nullopt when it is not that form.
    static std::optional<WriteIds> from_json(const Json& json);

private:
    // client -> its operation numbers as closed ranges, first -> last
    std::map<std::string, std::map<std::int64_t, std::int64_t>, std::less<>> ranges_;
    std::set<std::string, std::less<>> other_;
    std::size_t size_ = 0;

    void add_number(const std::string& client, std::int64_t n);
};

// "c1-17" -> {"c1", 17}; nullopt for any other form.
std::optional<std::pair<std::string, std::int64_t>> split_write_id(std::string_view value);

}  // namespace distlab::core::replication
