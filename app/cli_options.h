#pragma once

// distlab-cli's commands are declared once, with CLI11: each command's options, their values'
// validation and its --help page (usage line, options, exit codes, examples) all come from that
// declaration. This file holds what the declarations share: adding a command with its texts,
// options that parse and check their value with the same message everywhere, and the pages
// written from the declarations (`distlab-cli --help`, `COMMAND --help`, the usage after an
// error). The contract the pages describe is docs/scenario-format.md.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/result.h"
#include "core/model/time.h"

namespace CLI {
class App;
class Option;
class ParseError;
}  // namespace CLI

namespace distlab::cli {

// What a command says about itself besides its options.
struct CommandText {
    std::string_view summary;   // one line, for the overview's command list
    std::string_view details;   // the paragraph under the usage line
    std::string_view footer;    // exit codes and examples, after the options
};

// Adds `name` to `app` as a command with its texts. CLI11's own help flags are off: --help is
// answered before parsing, anywhere among a command's arguments (help_page()).
CLI::App& add_command(CLI::App& app, std::string name, const CommandText& text);

// An option whose value `parse` turns into T or an error text; the error becomes
// "OPTION: TEXT" (exit 2). `metavar` is what --help shows after the option (N, D, DIR).
template <class T>
using Parser = std::function<core::Result<T>(const std::string&)>;

CLI::Option* add_value(CLI::App& command, const std::string& name, std::string_view metavar, std::string help,
                       std::function<std::optional<std::string>(const std::string&)> take);

template <class T>
CLI::Option* add_parsed(CLI::App& command, const std::string& name, std::string_view metavar, std::string help,
                        std::optional<T>& target, Parser<T> parse) {
    return add_value(command, name, metavar, std::move(help),
                     [&target, parse = std::move(parse)](const std::string& v) -> std::optional<std::string> {
                         auto parsed = parse(v);
                         if (!parsed)
                             return parsed.error().message;
                         target = std::move(*parsed);
                         return std::nullopt;
                     });
}

// The value parsers the commands share; each error quotes the value it got.
Parser<std::uint64_t> seed_value();                                          // a non-negative integer
Parser<std::uint64_t> count_value(std::string_view what, std::uint64_t lo, std::uint64_t hi);   // in [lo, hi]
Parser<core::Duration> positive_duration();                                  // 2s, 500ms
Parser<std::string> non_empty(std::string_view what);                        // a file or folder name

// --lang LANG: the language of the reports a command writes, "en" (the default) or "zh_CN"
// ("zh" too); `target` gets "en" or "zh_CN".
CLI::Option* add_lang(CLI::App& command, std::string& target);

// The pages, written from the declarations.
std::string help_page(const CLI::App& command);
std::string usage_text(const CLI::App& app);                  // every command's synopsis
std::string command_list(const CLI::App& app);                // "commands:" with each summary

// The message of a CLI11 parse error, for "distlab-cli: error: COMMAND: MESSAGE".
std::string parse_error_text(const CLI::ParseError& error);

}  // namespace distlab::cli
