#include "core/model/text.h"

namespace distlab::core {

bool is_chinese(std::string_view lang) {
    return lang == "zh" || lang.starts_with("zh_") || lang.starts_with("zh-");
}

const std::string& Text::in(std::string_view lang) const {
    const bool chinese = is_chinese(lang);
    const std::string& wanted = chinese ? zh : en;
    const std::string& other = chinese ? en : zh;
    return wanted.empty() ? other : wanted;
}

Text& Text::operator+=(const Text& more) {
    // An untranslated side reads as English in Chinese too, so the joined zh stays whole.
    if (zh.empty() && more.zh.empty()) {
        en += more.en;
        return *this;
    }
    zh = zh_or_en() + more.zh_or_en();
    en += more.en;
    return *this;
}

Text& Text::operator+=(std::string_view same) {
    en += same;
    if (!zh.empty())
        zh += same;
    return *this;
}

Text operator+(Text a, const Text& b) {
    a += b;
    return a;
}

Text operator+(Text a, std::string_view b) {
    a += b;
    return a;
}

Text operator+(std::string_view a, const Text& b) {
    Text joined{std::string(a), b.zh.empty() ? std::string() : std::string(a)};
    joined += b;
    return joined;
}

}  // namespace distlab::core
