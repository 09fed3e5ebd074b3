#pragma once

#include <QObject>
#include <QStringList>

namespace distlab::views {

// The files the user opened last (scenarios and recordings), newest first, kept in QSettings
// under "recentFiles" and capped; files that no longer exist drop out when listed.
//
// Threading: GUI thread only.
class RecentFiles final : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QObject* parent = nullptr);

    QStringList files() const;
    void add(const QString& path);
    void clear();

Q_SIGNALS:
    void changed();
};

}  // namespace distlab::views
