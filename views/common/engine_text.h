#pragma once

#include <string>

#include <QString>

#include "core/model/text.h"

namespace distlab::views {

// The language the window speaks, as core::Text::in and Diagnostic::str read it: "zh_CN" when
// the UI is Chinese (QLocale's default, set where the translations are installed), else "en".
std::string uiLanguage();
bool chineseUi();

// What the engine says to a person, in the window's language.
QString uiText(const core::Text& text);

}  // namespace distlab::views
