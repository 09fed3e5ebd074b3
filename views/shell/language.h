#pragma once

#include <QString>

#include <optional>

class QCoreApplication;

namespace distlab::views {

// What installLanguage() put in place.
struct InstalledLanguage {
    QString language;              // "en" or "zh_CN"
    bool own = false;              // DistLab's translations (compiled into the distlab executable)
    bool qt = false;               // Qt's own (qtbase_zh_CN.qm, Debian's qt6-translations-l10n):
                                   // standard buttons, the file dialog, message boxes
    QString qtTranslationsPath;    // where Qt's were looked for
};

// Makes `language` ("en", "zh_CN"; empty: Chinese when the system's language is, else English)
// the application's: sets the default locale and installs DistLab's translations and, for
// Chinese, Qt's own, so Qt's buttons and dialogs do not stay English. nullopt for a language
// DistLab does not have. The translators are children of `app`.
std::optional<InstalledLanguage> installLanguage(QCoreApplication& app, const QString& language);

}  // namespace distlab::views
