// distlab: the lab window. Wiring only: command line, language (views/shell/language.h), the
// default scenario, the distlab-node beside this executable; the window lives in views/shell.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QSettings>
#include <QTimer>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "app/build_info.h"
#include "netlab/telemetry/runs_folder.h"
#include "views/common/lab_session.h"
#include "views/shell/language.h"
#include "views/shell/main_window.h"
#include "views/shell/presentation.h"
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

// The window's icons: the application icon, and DistLab's own action icons (a small icon theme
// compiled in from resources/) wherever the desktop's icon theme lacks them: a bare X session, a
// container, a desktop without a freedesktop theme.
void installIcons(QApplication& app) {
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/distlab.svg")));
    QIcon::setThemeSearchPaths(QIcon::themeSearchPaths() << QStringLiteral(":/icons"));
    QIcon::setFallbackThemeName(QStringLiteral("distlab"));
    if (!QIcon::hasThemeIcon(QStringLiteral("media-playback-start")))
        QIcon::setThemeName(QStringLiteral("distlab"));
}

// The options of the window's command line.
struct CommandLine {
    QCommandLineOption run{QStringLiteral("run"), QStringLiteral("Start a run as soon as the window opens.")};
    QCommandLineOption sim{QStringLiteral("sim"), QStringLiteral("Run in the deterministic simulator.")};
    QCommandLineOption present{QStringLiteral("present"),
                               QStringLiteral("Open in presentation mode (full screen for a projector; Esc leaves).")};
    QCommandLineOption lang{QStringLiteral("lang"), QStringLiteral("The language of the window: en or zh_CN."),
                            QStringLiteral("LANG")};
    QCommandLineOption listen{QStringLiteral("listen"),
                              QStringLiteral("Real runs listen for nodes on ADDR[:PORT] instead of 127.0.0.1; any address "
                                             "but loopback serves TLS (docs/beyond-one-machine.md)."),
                              QStringLiteral("ADDR[:PORT]")};
    QCommandLineOption remote{QStringLiteral("remote"),
                              QStringLiteral("These nodes (comma-separated, or all) join from other machines with "
                                             "distlab-node --connect; the status bar shows the command."),
                              QStringLiteral("IDS")};
    QCommandLineOption credentials{QStringLiteral("credentials"),
                                   QStringLiteral("The lab's cert.pem, key.pem and token for --listen (distlab-cli "
                                                  "export writes them; default: made for each run)."),
                                   QStringLiteral("DIR")};

    void describe(QCommandLineParser& parser) const {
        parser.setApplicationDescription(
            QStringLiteral("DistLab: a lab for distributed-system design patterns. The window opens FILE, or the "
                           "scenario library.\nHeadless runs, reports and scripts: distlab-cli --help."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(QStringLiteral("FILE"),
                                     QStringLiteral("A scenario (.yaml) or a recording (.distlab) to open; without one, "
                                                    "the window starts on the scenario library."),
                                     QStringLiteral("[FILE]"));
        parser.addOptions({run, sim, present, lang, listen, remote, credentials});
    }
};

// --help and --version print and exit; they must work without a display (over ssh, in CI), where
// a QApplication cannot start.
bool asksForHelpOrVersion(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    ensureRuntimeDir();
    QCoreApplication::setOrganizationName(QStringLiteral("DistLab"));
    QCoreApplication::setApplicationName(QStringLiteral("distlab"));
    QCoreApplication::setApplicationVersion(
        QStringLiteral("%1 (%2)").arg(QStringLiteral(DISTLAB_VERSION), QString::fromLatin1(distlab::build_commit())));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.distlab.DistLab"));
    const CommandLine options;
    QCommandLineParser parser;
    options.describe(parser);
    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        parser.process(app);                         // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    parser.process(app);
    installIcons(app);

    // --lang wins; else the language chosen in the window (View > Language); else the system's.
    const QString language = parser.isSet(options.lang) ? parser.value(options.lang) : QSettings().value(QStringLiteral("ui/language")).toString();
    const auto installed = distlab::views::installLanguage(app, language);
    if (!installed) {
        std::fprintf(stderr, "distlab: unknown language '%s' (en, zh_CN)\n", qPrintable(language));
        return 2;
    }
    if (installed->language == QLatin1String("zh_CN") && !installed->qt)
        std::fprintf(stderr,
                     "distlab: Qt's Chinese translations (qtbase_zh_CN.qm) are not in %s: Qt's own buttons and "
                     "dialogs stay English (install Debian's qt6-translations-l10n, or run packaging/install-deps.sh)\n",
                     qPrintable(installed->qtTranslationsPath));
    distlab::views::applyTheme(distlab::views::savedTheme());
    const QStringList files = parser.positionalArguments();
    // --run without a file runs the default scenario.
    const QString file = !files.isEmpty() ? files.front() : parser.isSet(options.run) ? defaultScenario() : QString();

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
    if (parser.isSet(options.listen) || parser.isSet(options.remote)) {
        const QString address = parser.isSet(options.listen) ? parser.value(options.listen) : QStringLiteral("127.0.0.1");
        if (const QString problem = window.setListen(address, parser.value(options.remote), parser.value(options.credentials));
            !problem.isEmpty()) {
            std::fprintf(stderr, "distlab: --listen: %s\n", qPrintable(problem));
            return 2;
        }
    }
    if (parser.isSet(options.sim))
        window.setSimulate(true);
    if (const QString scenario = defaultScenario(); !scenario.isEmpty())
        window.setLibraryRoot(QFileInfo(scenario).dir().absoluteFilePath(QStringLiteral("..")));
    window.show();
    if (file.isEmpty())
        window.showLibrary();
    const bool opened = !file.isEmpty() && window.openFile(file);
    if (parser.isSet(options.present))
        window.presentation().enter();
    if (opened && parser.isSet(options.run))
        QTimer::singleShot(0, &window, &distlab::views::MainWindow::runScenario);
    return QApplication::exec();
}
