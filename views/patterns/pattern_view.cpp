#include "views/patterns/pattern_view.h"

#include <QtGlobal>

#include "core/model/role_descriptor.h"

namespace distlab::views {

void PatternViewRegistry::add(PatternViewSpec spec) {
    const QByteArray id = spec.id.toUtf8();
    if (spec.id.isEmpty())
        qFatal("a pattern view is registered without an id");
    if (spec.en.isEmpty() || spec.zh.isEmpty())
        qFatal("pattern view %s: a dock title in English and Chinese is required", id.constData());
    if (spec.patterns.isEmpty() && spec.roles.isEmpty())
        qFatal("pattern view %s: it serves no pattern and no role", id.constData());
    if (!spec.make)
        qFatal("pattern view %s: no factory", id.constData());
    for (const PatternViewSpec& view : m_views)
        if (view.id == spec.id)
            qFatal("pattern view %s: registered twice", id.constData());
    m_views.push_back(std::move(spec));
}

void RoleUse::add(const core::RoleDescriptor& role) {
    patterns.insert(role.pattern);
    roles.insert(role.name);
}

bool RoleUse::servedBy(const PatternViewSpec& view) const {
    for (const QString& pattern : view.patterns)
        if (patterns.contains(pattern.toStdString()))
            return true;
    for (const QString& role : view.roles)
        if (roles.contains(role.toStdString()))
            return true;
    return false;
}

}  // namespace distlab::views
