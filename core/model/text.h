#pragma once

#include <string>
#include <string_view>

namespace distlab::core {

// Something said to a person, in both of the lab's languages: a scenario's title and narrative,
// a problem with a scenario file, a check's verdict. `zh` may be empty (not translated): every
// reader then shows `en`. Pieces join with `+`; a plain string (a node id, a number, a quoted
// value) joins both languages unchanged. Units are written as symbols (ms, s) in both.
struct Text {
    std::string en;
    std::string zh;

    // The text for `lang` ("zh", "zh_CN", "zh-Hans" -> zh; anything else -> en), falling back to
    // the other when that one is empty.
    const std::string& in(std::string_view lang) const;
    // What a Chinese reader sees: zh, or en where there is no translation.
    const std::string& zh_or_en() const { return zh.empty() ? en : zh; }
    bool empty() const { return en.empty() && zh.empty(); }

    Text& operator+=(const Text& more);
    Text& operator+=(std::string_view same);

    bool operator==(const Text&) const = default;
};

// Whether `lang` names Chinese, as Text::in reads it.
bool is_chinese(std::string_view lang);

Text operator+(Text a, const Text& b);
Text operator+(Text a, std::string_view b);
Text operator+(std::string_view a, const Text& b);

}  // namespace distlab::core
