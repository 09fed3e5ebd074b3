// resources/distlab-mime.xml as a desktop reads it (through Qt's shared-mime-info database): a
// recording and a scenario get DistLab's types, so they open in the window by double-click,
// while a YAML file that is not a scenario stays plain YAML.

#include <QFile>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTest>

class MimeTest final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        // The types installed where a package puts them: DATA_DIR/mime/packages/. Set before the
        // first QMimeDatabase reads XDG_DATA_DIRS.
        QVERIFY(m_data.isValid());
        QVERIFY(QDir(m_data.path()).mkpath(QStringLiteral("mime/packages")));
        QVERIFY(QFile::copy(QStringLiteral(DISTLAB_SOURCE_DIR "/resources/distlab-mime.xml"),
                            m_data.filePath(QStringLiteral("mime/packages/org.distlab.DistLab.xml"))));
        qputenv("XDG_DATA_DIRS", (m_data.path() + QStringLiteral(":/usr/local/share:/usr/share")).toUtf8());
    }

    // A scenario named *.distlab.yaml (what the window names a new lab), or whose name says
    // nothing, is a DistLab scenario; one named plain *.yaml is YAML (the desktop's own glob).
    void scenariosAreScenarios() {
        const QByteArray scenario = read(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/resilience/bulkhead.yaml"));
        QVERIFY(!scenario.isEmpty());
        const QMimeDatabase db;
        for (const char* name : {"lab.distlab.yaml", "lab.distlab.yml", "attachment"})
            QCOMPARE(db.mimeTypeForFile(write(QLatin1String(name), scenario)).name(),
                     QStringLiteral("application/x-distlab-scenario"));
        QVERIFY(db.mimeTypeForName(QStringLiteral("application/x-distlab-scenario")).inherits(QStringLiteral("application/x-yaml")));
        QCOMPARE(db.mimeTypeForFile(write(QStringLiteral("bulkhead.yaml"), scenario)).name(), QStringLiteral("application/x-yaml"));
    }

    void otherYamlStaysYaml() {
        const QMimeDatabase db;
        for (const char* name : {"config.yaml", "config.yml"}) {
            const QMimeType type = db.mimeTypeForFile(write(QLatin1String(name), "version: 1\nservers:\n  - a\n"));
            QCOMPARE(type.name(), QStringLiteral("application/x-yaml"));
        }
        // Content that starts like a scenario but has no nodes is not one.
        QVERIFY(db.mimeTypeForFile(write(QStringLiteral("other"), "version: 1\nservers:\n  - a\n")).name() !=
                QStringLiteral("application/x-distlab-scenario"));
    }

    void recordingsAreRecordings() {
        const QString path = write(QStringLiteral("run.distlab"), QByteArray("SQLite format 3\0", 16) + QByteArray(84, '\0'));
        const QMimeType type = QMimeDatabase().mimeTypeForFile(path);
        QCOMPARE(type.name(), QStringLiteral("application/x-distlab-recording"));
        QVERIFY(type.inherits(QStringLiteral("application/vnd.sqlite3")));
    }

private:
    QString write(const QString& name, const QByteArray& content) {
        const QString path = m_data.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        return path;
    }
    static QByteArray read(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QTemporaryDir m_data;
};

QTEST_GUILESS_MAIN(MimeTest)
#include "mime_test.moc"
