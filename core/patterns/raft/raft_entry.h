#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/result.h"
#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::raft {

using Index = std::uint64_t;
using Term = std::uint64_t;

enum class EntryKind {
    Noop,      // a new leader's first entry, so it can commit its term (Raft §8)
    Command,   // a client's kv operation
    Config,    // the cluster's member list (single-server change, thesis §4.1)
};

// One log entry. `text` is the entry's canonical text: what it stores on disk, sends on the
// wire, shows in the snapshot and hashes into applied_hash. Forms (keys and values escaped by
// escape_token, so they never contain ' ', '=', ',' or '%'):
//   noop
//   config n1,n2,n3
//   put KEY=VALUE        get KEY        cas KEY FROM TO   (FROM "-" when the key must be absent)
struct Entry {
    Term term = 0;
    EntryKind kind = EntryKind::Noop;
    std::string text;
};

// Builds an entry of each kind in canonical form.
Entry make_noop(Term term);
Entry make_config(Term term, const std::vector<NodeId>& members);
Entry make_command(Term term, const kv::Request& request);

// Reads an entry's canonical text back; an error names what is wrong.
Result<Entry> parse_entry(Term term, std::string_view text);

// The parts of a Config entry / a Command entry. Requires: the entry has that kind and was
// built or parsed by the functions above.
std::vector<NodeId> config_members(const Entry& entry);
kv::Request command_request(const Entry& entry);

// Percent-escapes '%', ' ', '=', ',', control characters, and a lone "-" (the absent marker).
std::string escape_token(std::string_view raw);
std::optional<std::string> unescape_token(std::string_view token);

}  // namespace distlab::core::raft
