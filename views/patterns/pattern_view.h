#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <set>
#include <string>
#include <vector>

class QWidget;

namespace distlab::core {
struct RoleDescriptor;
}

namespace distlab::views {

class RunTimeline;

// A pattern view: a dock's content that only makes sense for some pattern (Raft's terms and
// logs; tomorrow a hash ring, a queue, a transaction lane). A pattern registers its views from
// views/patterns/<pattern>/ (register_<pattern>_views(), generated into the builtin registry
// from patterns.cmake); the main window makes a dock for each and shows it only while the open
// scenario or recording uses a role the view serves. Nothing outside the pattern's folder names it.
struct PatternViewSpec {
    QString id;                 // stable, unique: "raft"; the dock is named "PatternDock:<id>"
    QString en;                 // the dock's title
    QString zh;
    // The roles the view serves: those whose descriptor's `pattern` is one of `patterns`, and
    // those named in `roles`.
    QStringList patterns;
    QStringList roles;
    // The view's widget over the run's timeline (which outlives it), parented to `parent`.
    std::function<QWidget*(RunTimeline& timeline, QWidget* parent)> make;

    // The title in the UI's language.
    QString title(bool chinese) const { return chinese && !zh.isEmpty() ? zh : en; }
    QString dockName() const { return QStringLiteral("PatternDock:") + id; }
};

// The registered pattern views, in registration order.
class PatternViewRegistry {
public:
    // Adds a view; a spec without id, title, served roles or factory, or with an id already
    // registered, is a programming error and aborts with a message saying which.
    void add(PatternViewSpec spec);
    const std::vector<PatternViewSpec>& views() const { return m_views; }

    // Every pattern's views, registered by the code generated from patterns.cmake.
    static const PatternViewRegistry& builtin();

private:
    std::vector<PatternViewSpec> m_views;
};

// The patterns (descriptors' `pattern` fields) and role names of a set of role descriptors, for
// deciding which pattern views apply.
struct RoleUse {
    std::set<std::string> patterns;
    std::set<std::string> roles;

    void add(const core::RoleDescriptor& role);
    bool servedBy(const PatternViewSpec& view) const;
};

}  // namespace distlab::views
