#include "views/log/event_log_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QThread>

#include "core/model/json.h"
#include "views/common/fault_names.h"
#include "views/common/phase_style.h"
#include "views/common/engine_text.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

core::Json parseObject(const std::string& text) {
    core::Json json = core::Json::parse(text, nullptr, /*allow_exceptions=*/false);
    return json.is_object() ? json : core::Json::object();
}

QString stringField(const core::Json& json, const char* key) {
    const auto it = json.find(key);
    if (it == json.end())
        return {};
    return fromStd(it->is_string() ? it->get<std::string>() : it->dump());
}

// A fault's field as people read it in the window's language ("nodes" / "节点"); a field this
// build does not know (a newer recording's) as written.
QString faultField(const std::string& key) {
    static const std::pair<const char*, const char*> kFields[] = {
        {"nodes", QT_TRANSLATE_NOOP("EventLogModel", "nodes")},
        {"from", QT_TRANSLATE_NOOP("EventLogModel", "from")},
        {"to", QT_TRANSLATE_NOOP("EventLogModel", "to")},
        {"both_ways", QT_TRANSLATE_NOOP("EventLogModel", "both ways")},
        {"add", QT_TRANSLATE_NOOP("EventLogModel", "added delay")},
        {"jitter", QT_TRANSLATE_NOOP("EventLogModel", "jitter")},
        {"rate", QT_TRANSLATE_NOOP("EventLogModel", "rate")},
        {"window", QT_TRANSLATE_NOOP("EventLogModel", "window")},
        {"groups", QT_TRANSLATE_NOOP("EventLogModel", "groups")},
        {"grudge", QT_TRANSLATE_NOOP("EventLogModel", "grudge")},
        {"offset", QT_TRANSLATE_NOOP("EventLogModel", "offset")},
        {"drift", QT_TRANSLATE_NOOP("EventLogModel", "drift")},
        {"command", QT_TRANSLATE_NOOP("EventLogModel", "command")},
        {"body", QT_TRANSLATE_NOOP("EventLogModel", "body")},
        {"until", QT_TRANSLATE_NOOP("EventLogModel", "until")},
        {"may_miss", QT_TRANSLATE_NOOP("EventLogModel", "may miss")},
        {"by", QT_TRANSLATE_NOOP("EventLogModel", "by")},
        {"targets", QT_TRANSLATE_NOOP("EventLogModel", "targets")},
        {"cut", QT_TRANSLATE_NOOP("EventLogModel", "links cut")},
        {"links", QT_TRANSLATE_NOOP("EventLogModel", "links")},
        {"sides", QT_TRANSLATE_NOOP("EventLogModel", "sides")},
        {"ring", QT_TRANSLATE_NOOP("EventLogModel", "ring")},
        {"sees", QT_TRANSLATE_NOOP("EventLogModel", "sees")},
        {"missed", QT_TRANSLATE_NOOP("EventLogModel", "missed")},
        {"fails_run", QT_TRANSLATE_NOOP("EventLogModel", "fails the run")},
        {"message", QT_TRANSLATE_NOOP("EventLogModel", "message")},
    };
    for (const auto& [field, label] : kFields)
        if (key == field)
            return EventLogModel::tr(label);
    return fromStd(key);
}

// A fault as "field=value, ..." in the window's language, without the bookkeeping fields the
// nemesis adds.
QString describeFault(const std::string& data) {
    const core::Json fault = parseObject(data);
    QStringList parts;
    for (const auto& [key, value] : fault.items()) {
        if (key == "at" || key == "at_ns" || key == "until_ns" || key == "id" || key == "kind")
            continue;
        parts << faultField(key) + QLatin1Char('=') + fromStd(value.is_string() ? value.get<std::string>() : value.dump());
    }
    return parts.join(QStringLiteral(", "));
}

// The engine's words for why a run ended and why a node exited, in the window's language; a
// word this build does not know (a newer recording's) is shown as written.
QString endReason(const QString& reason) {
    if (reason == QLatin1String("duration reached"))
        return EventLogModel::tr("duration reached");
    if (reason == QLatin1String(netlab::kStoppedByUser.data(), qsizetype(netlab::kStoppedByUser.size())))
        return EventLogModel::tr("stopped by the user");
    return reason;
}

QString exitCause(const QString& cause) {
    if (cause == QLatin1String("shutdown"))
        return EventLogModel::tr("shutdown");
    if (cause == QLatin1String("fault"))
        return EventLogModel::tr("by a fault");
    if (cause == QLatin1String("crash"))
        return EventLogModel::tr("crash");
    return cause;
}

LogSeverity severityOfLevel(const std::string& level) {
    if (level == "debug")
        return LogSeverity::Debug;
    if (level == "warn")
        return LogSeverity::Warn;
    if (level == "error")
        return LogSeverity::Error;
    return LogSeverity::Info;
}

}  // namespace

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent), m_chinese(chineseUi()) {}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::severityName(LogSeverity severity) {
    switch (severity) {
    case LogSeverity::Debug: return tr("debug");
    case LogSeverity::Info: return tr("info");
    case LogSeverity::Lab: return tr("lab");
    case LogSeverity::Warn: return tr("warn");
    case LogSeverity::Error: return tr("error");
    case LogSeverity::Violation: return tr("violation");
    }
    return {};
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QString::number(double(row.tNs) / 1e9, 'f', 3);
        case NodeColumn: return row.node;
        case LevelColumn: return severityName(row.severity);
        case TextColumn: return row.text;
        default: return {};
        }
    case Qt::ForegroundRole:
        switch (row.severity) {
        case LogSeverity::Debug: return QBrush(QColor(0x80, 0x80, 0x80));
        case LogSeverity::Lab: return QBrush(QColor(0x1f, 0x5f, 0xa8));
        case LogSeverity::Warn: return QBrush(QColor(0xa8, 0x6a, 0x00));
        case LogSeverity::Error:
        case LogSeverity::Violation: return QBrush(QColor(0xc0, 0x1c, 0x28));
        default: return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SeverityRole: return int(row.severity);
    case TimeRole: return row.tNs;
    default: return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time (s)");
    case NodeColumn: return tr("Node");
    case LevelColumn: return tr("Level");
    case TextColumn: return tr("Message");
    default: return {};
    }
}

bool EventLogModel::toRow(const netlab::Event& event, Row& row) const {
    using netlab::EventKind;
    row.tNs = event.t_ns;
    row.node = fromStd(event.node);
    row.severity = LogSeverity::Lab;
    switch (event.kind) {
    case EventKind::Log: {
        row.severity = severityOfLevel(event.type);
        row.text = fromStd(netlab::log_text(event, m_chinese ? "zh" : "en"));   // the lab's lines in both
        return true;
    }
    case EventKind::Violation:
        row.severity = LogSeverity::Violation;
        row.text = fromStd(netlab::log_text(event, m_chinese ? "zh" : "en"));   // roles say them in both
        return true;
    case EventKind::RunStarted:
        row.text = tr("run started");
        return true;
    case EventKind::RunEnded:
        row.text = tr("run ended: %1").arg(endReason(stringField(parseObject(event.data), "reason")));
        return true;
    case EventKind::NodeStarted: {
        const core::Json data = parseObject(event.data);
        const bool restart = data.value("restart", false);
        row.text = (restart ? tr("restarted as %1") : tr("started as %1")).arg(stringField(data, "role"));
        return true;
    }
    case EventKind::NodeExited: {
        const QString cause = stringField(parseObject(event.data), "cause");
        if (cause == QLatin1String("crash"))
            row.severity = LogSeverity::Error;
        row.text = tr("exited (%1)").arg(exitCause(cause));
        return true;
    }
    case EventKind::RunPaused: {
        const core::Json data = parseObject(event.data);
        row.text = stringField(data, "by") == QLatin1String("step") ? tr("run paused at a narrative step")
                                                                     : tr("run paused by hand");
        // Only real processes have something a pause cannot stop (the engine's English text
        // names it; the log says it in the UI's language).
        if (!stringField(data, "continues").isEmpty())
            row.text += tr("; still running: the timers inside the node processes");
        return true;
    }
    case EventKind::RunResumed: {
        const core::Json data = parseObject(event.data);
        const double seconds = double(data.value("paused_ms", std::int64_t{0})) / 1000.0;
        row.text = tr("run resumed after a pause of %1 s").arg(QLocale().toString(seconds, 'f', 1));
        return true;
    }
    case EventKind::NodePaused: row.text = tr("paused"); return true;
    case EventKind::NodeResumed: row.text = tr("resumed"); return true;
    case EventKind::FaultInjected:
        row.severity = LogSeverity::Warn;
        row.text = tr("fault %1: %2").arg(faultKindName(fromStd(event.type)), describeFault(event.data));
        return true;
    case EventKind::FaultHealed:
        row.text = tr("healed %1").arg(faultKindName(fromStd(event.type)));
        return true;
    case EventKind::Phase: {
        row.severity = LogSeverity::Info;
        const QString phase = phaseLabel(m_catalog.role_of_node(event.node), event.type, m_chinese);
        const QString reason = fromStd(netlab::phase_reason(event).in(m_chinese ? "zh" : "en"));
        row.text = reason.isEmpty() ? tr("enters %1").arg(phase) : tr("enters %1: %2").arg(phase, reason);
        return true;
    }
    case EventKind::Step: {
        const core::Json data = parseObject(event.data);
        QString text = stringField(data, m_chinese ? "zh" : "en");
        if (text.isEmpty())
            text = stringField(data, "en");
        row.text = text;
        return true;
    }
    default: return false;
    }
}

void EventLogModel::append(const EventBatch& batch) {
    Q_ASSERT(thread() == QThread::currentThread());
    std::vector<Row> rows;
    for (const auto& event : batch) {
        foldRoleEvent(m_catalog, event);
        Row row;
        if (toRow(event, row))
            rows.push_back(std::move(row));
    }
    if (rows.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    m_rows.insert(m_rows.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    endInsertRows();
}

void EventLogModel::clear() {
    m_catalog = netlab::RoleCatalog{};
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

}  // namespace distlab::views
