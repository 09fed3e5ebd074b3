#include "app/cli_options.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <sstream>

namespace distlab::cli {

namespace {

constexpr std::size_t kWidth = 100;        // pages wrap here
constexpr std::size_t kOptionColumn = 22;  // where an option's description starts

std::map<const CLI::App*, std::string_view>& summaries() {
    static std::map<const CLI::App*, std::string_view> map;
    return map;
}

std::vector<const CLI::Option*> named_options(const CLI::App& command) {
    return command.get_options([](const CLI::Option* o) { return o->nonpositional(); });
}

std::vector<const CLI::Option*> positionals(const CLI::App& command) {
    return command.get_options([](const CLI::Option* o) { return !o->nonpositional() && o->get_positional(); });
}

bool is_flag(const CLI::Option& o) { return o.get_type_name().empty(); }

// "--out DIR", "--json".
std::string option_words(const CLI::Option& o) {
    std::string words = o.get_name();
    if (!is_flag(o))
        words += " " + o.get_type_name();
    return words;
}

// `units` joined by spaces and wrapped to kWidth, never inside a unit; every line but the first
// indented by `indent` spaces; the first line starts at column `first`.
std::string wrap_units(const std::vector<std::string>& units, std::size_t first, std::size_t indent) {
    std::string out;
    std::size_t column = first;
    for (const std::string& unit : units) {
        if (out.empty()) {
        } else if (column > indent && column + 1 + unit.size() > kWidth) {
            out += "\n" + std::string(indent, ' ');
            column = indent;
        } else {
            out += ' ';
            ++column;
        }
        out += unit;
        column += unit.size();
    }
    return out;
}

// Prose wrapped word by word.
std::string wrap(std::string_view text, std::size_t first, std::size_t indent) {
    std::vector<std::string> words;
    std::istringstream in{std::string(text)};
    for (std::string word; in >> word;)
        words.push_back(word);
    return wrap_units(words, first, indent);
}

// "distlab-cli", "NAME", "FILE", "--out DIR" and, when `every_option`, each optional option in
// brackets; otherwise "[options]" stands for them.
std::vector<std::string> synopsis(const CLI::App& command, bool every_option) {
    std::vector<std::string> units{"distlab-cli", command.get_name()};
    for (const CLI::Option* p : positionals(command))
        units.push_back(p->get_type_name());
    bool optional = false;
    for (const CLI::Option* o : named_options(command)) {
        if (o->get_required())
            units.push_back(option_words(*o));
        else
            optional = true;
    }
    if (optional && !every_option)
        units.push_back("[options]");
    if (optional && every_option)
        for (const CLI::Option* o : named_options(command))
            if (!o->get_required())
                units.push_back("[" + option_words(*o) + "]");
    return units;
}

}  // namespace

CLI::App& add_command(CLI::App& app, std::string name, const CommandText& text) {
    CLI::App* command = app.add_subcommand(std::move(name), std::string(text.details));
    command->set_help_flag();
    command->footer(std::string(text.footer));
    summaries()[command] = text.summary;
    return *command;
}

CLI::Option* add_value(CLI::App& command, const std::string& name, std::string_view metavar, std::string help,
                       std::function<std::optional<std::string>(const std::string&)> take) {
    return command
        .add_option_function<std::string>(
            name,
            [name, take = std::move(take)](const std::string& v) {
                if (auto problem = take(v))
                    throw CLI::ValidationError(name, *problem);
            },
            std::move(help))
        ->type_name(std::string(metavar));
}

Parser<std::uint64_t> seed_value() {
    return [](const std::string& v) -> core::Result<std::uint64_t> {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || v[0] == '-')
            return core::fail("expected a non-negative integer, got \"" + v + "\"");
        return n;
    };
}

Parser<std::uint64_t> count_value(std::string_view what, std::uint64_t lo, std::uint64_t hi) {
    return [what = std::string(what), lo, hi](const std::string& v) -> core::Result<std::uint64_t> {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || v[0] == '-' || n < lo || n > hi)
            return core::fail("expected " + what + " in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got \"" +
                              v + "\"");
        return n;
    };
}

Parser<core::Duration> positive_duration() {
    return [](const std::string& v) -> core::Result<core::Duration> {
        auto d = core::parse_duration(v);
        if (!d || *d <= core::Duration::zero())
            return core::fail("expected a positive duration such as 2s or 500ms, got \"" + v + "\"");
        return *d;
    };
}

Parser<std::string> non_empty(std::string_view what) {
    return [what = std::string(what)](const std::string& v) -> core::Result<std::string> {
        if (v.empty())
            return core::fail("expected " + what + ", got \"\"");
        return v;
    };
}

CLI::Option* add_lang(CLI::App& command, std::string& target) {
    return add_value(command, "--lang", "LANG", "the language of the report: en (default) or zh_CN",
                     [&target](const std::string& v) -> std::optional<std::string> {
                         if (v == "en") {
                             target = "en";
                             return std::nullopt;
                         }
                         if (v == "zh_CN" || v == "zh") {
                             target = "zh_CN";
                             return std::nullopt;
                         }
                         return "expected en or zh_CN, got \"" + v + "\"";
                     });
}

std::string help_page(const CLI::App& command) {
    std::string page = "usage: " + wrap_units(synopsis(command, false), 7, 7) + "\n\n" + wrap(command.get_description(), 0, 0) + "\n";
    const auto options = named_options(command);
    if (!options.empty()) {
        page += "\noptions:\n";
        for (const CLI::Option* o : options) {
            std::string line = "  " + option_words(*o);
            line += line.size() + 2 <= kOptionColumn ? std::string(kOptionColumn - line.size(), ' ') : "  ";
            page += line + wrap(o->get_description(), line.size(), kOptionColumn) + "\n";
        }
    }
    const std::string footer = command.get_footer();
    if (!footer.empty())
        page += "\n" + footer;
    return page;
}

std::string usage_text(const CLI::App& app) {
    std::string text = "usage:\n";
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
        // Continuation lines start under the command's first argument.
        const std::size_t indent = 2 + std::string("distlab-cli ").size() + command->get_name().size() + 1;
        text += "  " + wrap_units(synopsis(*command, true), 2, indent) + "\n";
    }
    return text + "  distlab-cli --help | COMMAND --help | --version\n";
}

std::string command_list(const CLI::App& app) {
    const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
    // The summaries in one column, two spaces clear of the longest name (the manual page's
    // generator, cmake/DistlabManPage.cmake, splits the lines there).
    std::size_t column = 0;
    for (const CLI::App* command : commands)
        column = std::max(column, 2 + command->get_name().size() + 2);
    std::string text = "commands:\n";
    for (const CLI::App* command : commands) {
        std::string line = "  " + command->get_name();
        line += std::string(column - line.size(), ' ');
        text += line + wrap(summaries()[command], line.size(), column) + "\n";
    }
    return text;
}

std::string parse_error_text(const CLI::ParseError& error) { return error.what(); }

}  // namespace distlab::cli
