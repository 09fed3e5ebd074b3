// distlab: the lab window. Wiring only: command line, language, the default scenario, the
// distlab-node beside this executable; the window lives in views/shell.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#include "views/shell/main_window.h"

namespace {

constexpr const char* kDefaultScenario = "scenarios/communication/request-response.yaml";

// The shipped default scenario: beside the executable (installed), else in the source tree it
// was built from.
QString defaultScenario() {
    const QDir exe(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {exe.filePath(QString::fromLatin1(kDefaultScenario)),
                                     exe.filePath(QStringLiteral("../share/distlab/") + QString::fromLatin1(kDefaultScenario)),
                                     QStringLiteral(DISTLAB_SOURCE_DIR "/") + QString::fromLatin1(kDefaultScenario)})
        if (QFileInfo::exists(candidate))
            return QFileInfo(candidate).absoluteFilePath();
    return {};
}

// Installs the translations for `language` ("en", "zh_CN"; empty: the system's). Returns false
// for a language DistLab does not have.
bool installTranslations(QApplication& app, QString language) {
    if (language.isEmpty())
        language = QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    if (language != QLatin1String("en") && language != QLatin1String("zh_CN"))
        return false;
    QLocale::setDefault(QLocale(language));
    auto* own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/distlab_") + language))
        QApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DistLab"));
    QApplication::setApplicationName(QStringLiteral("distlab"));
    QApplication::setApplicationVersion(QStringLiteral(DISTLAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("DistLab: a lab for distributed-system design patterns."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE.yaml"), QStringLiteral("The scenario to open (default: request-response)."),
                                 QStringLiteral("[FILE.yaml]"));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Start a run as soon as the window opens."));
    const QCommandLineOption sim(QStringLiteral("sim"), QStringLiteral("Run in the deterministic simulator."));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("The language of the window: en or zh_CN."),
                                  QStringLiteral("LANG"));
    parser.addOptions({run, sim, lang});
    parser.process(app);

    if (!installTranslations(app, parser.value(lang))) {
        std::fprintf(stderr, "distlab: unknown language '%s' (en, zh_CN)\n", qPrintable(parser.value(lang)));
        return 2;
    }
    const QStringList files = parser.positionalArguments();
    const QString file = files.isEmpty() ? defaultScenario() : files.front();

    distlab::views::MainWindow window;
    window.setNodeBinary(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("distlab-node")));
    if (parser.isSet(sim))
        window.setSimulate(true);
    window.show();
    const bool opened = !file.isEmpty() && window.openScenario(file);
    if (opened && parser.isSet(run))
        QTimer::singleShot(0, &window, &distlab::views::MainWindow::runScenario);
    return QApplication::exec();
}
