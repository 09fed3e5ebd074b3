// The window's language: DistLab's translations and, in Chinese, Qt's own (qtbase_zh_CN.qm from
// Debian's qt6-translations-l10n, which packaging/install-deps.sh installs), so that the standard
// buttons and dialogs do not stay English in a Chinese window.

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QPushButton>
#include <QTest>
#include <QTranslator>

#include "views/common/units.h"
#include "views/shell/language.h"

using distlab::views::installLanguage;

class LanguageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() {
        // Each test starts English: no translator left from the one before.
        for (QTranslator* t : qApp->findChildren<QTranslator*>(Qt::FindDirectChildrenOnly)) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }

    void chineseInstallsQtsOwnTranslations() {
        const QString catalogue = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm");
        QVERIFY2(QFileInfo::exists(catalogue),
                 qPrintable(catalogue + QStringLiteral(" is missing: install qt6-translations-l10n "
                                                       "(packaging/install-deps.sh does)")));
        const auto installed = installLanguage(*qApp, QStringLiteral("zh_CN"));
        QVERIFY(installed);
        QCOMPARE(installed->language, QStringLiteral("zh_CN"));
        QVERIFY(installed->qt);
        QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
        // What a user sees: a dialog's standard buttons in Chinese.
        QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Open);
        QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("取消"));
        QCOMPARE(buttons.button(QDialogButtonBox::Open)->text(), QStringLiteral("打开"));
    }

    void englishLeavesQtEnglish() {
        const auto installed = installLanguage(*qApp, QStringLiteral("en"));
        QVERIFY(installed);
        QVERIFY(!installed->qt);
        QDialogButtonBox buttons(QDialogButtonBox::Cancel);
        QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
    }

    void anUnknownLanguageIsRefused() { QVERIFY(!installLanguage(*qApp, QStringLiteral("fr"))); }

    // Durations for people: a number, a space and the unit the language writes (translated in
    // the context distlab::views::Units: 秒, 毫秒 in Chinese).
    void durationsForPeople() {
        using namespace std::chrono_literals;
        QCOMPARE(distlab::views::durationText(1500ms), QStringLiteral("1.5 s"));
        QCOMPARE(distlab::views::durationText(10s), QStringLiteral("10 s"));
        QCOMPARE(distlab::views::durationText(150ms), QStringLiteral("150 ms"));
        QCOMPARE(distlab::views::durationText(0ms), QStringLiteral("0 ms"));
        QCOMPARE(distlab::views::durationText(250us), QStringLiteral("250 µs"));
    }
};

QTEST_MAIN(LanguageTest)
#include "language_test.moc"
