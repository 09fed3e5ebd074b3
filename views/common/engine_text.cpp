#include "views/common/engine_text.h"

#include <QLocale>

namespace distlab::views {

bool chineseUi() {
    return QLocale().language() == QLocale::Chinese;
}

std::string uiLanguage() {
    return chineseUi() ? "zh_CN" : "en";
}

QString uiText(const core::Text& text) {
    const std::string& chosen = text.in(uiLanguage());
    return QString::fromUtf8(chosen.data(), qsizetype(chosen.size()));
}

}  // namespace distlab::views
