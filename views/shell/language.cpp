#include "views/shell/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace distlab::views {

std::optional<InstalledLanguage> installLanguage(QCoreApplication& app, const QString& language) {
    InstalledLanguage installed;
    installed.language = language;
    if (installed.language.isEmpty())
        installed.language = QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    if (installed.language != QLatin1String("en") && installed.language != QLatin1String("zh_CN"))
        return std::nullopt;
    QLocale::setDefault(QLocale(installed.language));
    auto* own = new QTranslator(&app);
    installed.own = own->load(QStringLiteral(":/i18n/distlab_") + installed.language) &&
                    QCoreApplication::installTranslator(own);
    // Qt's sources are English: only the Chinese window needs Qt's catalogue.
    installed.qtTranslationsPath = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (installed.language == QLatin1String("zh_CN")) {
        auto* qt = new QTranslator(&app);
        installed.qt = qt->load(QLocale(installed.language), QStringLiteral("qtbase"), QStringLiteral("_"),
                                installed.qtTranslationsPath) &&
                       QCoreApplication::installTranslator(qt);
    }
    return installed;
}

}  // namespace distlab::views
