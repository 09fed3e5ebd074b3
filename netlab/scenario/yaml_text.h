#pragma once

#include <string>
#include <string_view>

#include "core/model/json.h"

// Scalar typing shared by the loader and the writer, so that whatever the writer prints without
// quotes reads back as the same value. Internal to distlab::scenario.
namespace distlab::netlab::yaml_text {

// The value of a plain (unquoted) YAML scalar under the YAML 1.2 core schema: null (~, null),
// true / false, an integer, a decimal number, or else the text itself as a string.
core::Json plain_scalar(std::string_view text);

// `text` as a YAML scalar: plain when it reads back as this same string, else double-quoted.
std::string quoted_if_needed(std::string_view text);

// `value` in YAML flow style: { a: 1, b: [x, "y z"] }.
std::string flow(const core::Json& value);

}  // namespace distlab::netlab::yaml_text
