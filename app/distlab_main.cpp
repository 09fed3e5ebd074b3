// distlab: the lab window. Wiring only: command line, language, the default scenario, the
// distlab-node beside this executable; the window lives in views/shell.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "netlab/telemetry/runs_folder.h"
#include "views/common/lab_session.h"
#include "views/shell/main_window.h"
#include "views/shell/theme.h"

namespace {

constexpr const char* kDefaultScenario = "scenarios/consensus/leader-failover.yaml";

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

// Without a login session (a root shell in a container, xvfb-run over ssh) XDG_RUNTIME_DIR is
// unset and Qt warns on every start while it picks /tmp/runtime-USER itself. Gives it the same
// private 0700 directory the PDF report uses instead, before QApplication reads it.
void ensureRuntimeDir() {
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const auto dir = std::filesystem::temp_directory_path() / ("runtime-" + std::to_string(::getuid()));
    ::mkdir(dir.c_str(), 0700);
    qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir.string()));
}

}  // namespace

int main(int argc, char** argv) {
    ensureRuntimeDir();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DistLab"));
    QApplication::setApplicationName(QStringLiteral("distlab"));
    QApplication::setApplicationVersion(QStringLiteral(DISTLAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("DistLab: a lab for distributed-system design patterns."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A scenario (.yaml) or a recording (.distlab) to open; without one, the "
                                                "window starts on the scenario library."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Start a run as soon as the window opens."));
    const QCommandLineOption sim(QStringLiteral("sim"), QStringLiteral("Run in the deterministic simulator."));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("The language of the window: en or zh_CN."),
                                  QStringLiteral("LANG"));
    parser.addOptions({run, sim, lang});
    parser.process(app);

    // --lang wins; else the language chosen in the window (View > Language); else the system's.
    const QString language = parser.isSet(lang) ? parser.value(lang) : QSettings().value(QStringLiteral("ui/language")).toString();
    if (!installTranslations(app, language)) {
        std::fprintf(stderr, "distlab: unknown language '%s' (en, zh_CN)\n", qPrintable(language));
        return 2;
    }
    distlab::views::applyTheme(distlab::views::savedTheme());
    const QStringList files = parser.positionalArguments();
    // --run without a file runs the default scenario.
    const QString file = !files.isEmpty() ? files.front() : parser.isSet(run) ? defaultScenario() : QString();

    distlab::views::MainWindow window;
    // Every run is recorded into the runs folder (~/.local/share/distlab/runs, 2 GiB by default),
    // and the live metrics are served for Prometheus.
    QSettings settings;
    const QString runs = settings.value(QStringLiteral("runs/folder"),
                                        QString::fromStdString(distlab::netlab::RunsFolder::default_path().string())).toString();
    const qint64 cap = settings.value(QStringLiteral("runs/capBytes"), qint64(distlab::netlab::RunsFolder::kDefaultSizeCap)).toLongLong();
    window.session().setRunsFolder(runs, cap);
    window.serveMetrics(quint16(settings.value(QStringLiteral("metrics/port"), 0).toUInt()));
    window.setNodeBinary(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("distlab-node")));
    if (parser.isSet(sim))
        window.setSimulate(true);
    if (const QString scenario = defaultScenario(); !scenario.isEmpty())
        window.setLibraryRoot(QFileInfo(scenario).dir().absoluteFilePath(QStringLiteral("..")));
    window.show();
    if (file.isEmpty())
        window.showLibrary();
    const bool opened = !file.isEmpty() && window.openFile(file);
    if (opened && parser.isSet(run))
        QTimer::singleShot(0, &window, &distlab::views::MainWindow::runScenario);
    return QApplication::exec();
}
