#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace distlab::core {

// A node's id as written in the scenario ("n1", "c1"); [a-z][a-z0-9_-]*.
using NodeId = std::string;

// Unique per sending node; the lab pairs (source, id) to follow one message.
using MessageId = std::uint64_t;

// A role's own timer name; roles pick small constants (kElectionTimer = 1).
enum class TimerId : std::uint32_t {};

bool is_valid_node_id(std::string_view id);

// A node's failure-domain labels, as the scenario gives them: name -> value ("zone" -> "z1",
// "rack" -> "r2"). Names follow the node id rule.
using Labels = std::map<std::string, std::string, std::less<>>;

}  // namespace distlab::core
