#pragma once

#include <string_view>

// Subjects and subject patterns, as NATS writes them: tokens separated by dots
// ("orders.eu.created"). A pattern may use two wildcards: `*` stands for exactly one token
// ("orders.*.created"), `>` as the last token for one or more trailing tokens ("orders.>").
namespace distlab::core::pubsub {

// A subject a message is published to: one or more non-empty tokens, no wildcard.
bool valid_subject(std::string_view subject);
// A subscription's pattern: one or more non-empty tokens; `*` as a whole token anywhere, `>`
// as a whole token only at the end.
bool valid_pattern(std::string_view pattern);
// Whether `subject` matches `pattern`. Both must be valid.
bool subject_matches(std::string_view pattern, std::string_view subject);

}  // namespace distlab::core::pubsub
