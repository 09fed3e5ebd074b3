#include "views/editor/inspector.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

#include "core/model/param_bounds.h"
#include "core/model/role_registry.h"
#include "views/common/number_box.h"
#include "views/common/engine_text.h"
#include "views/editor/commands/link_commands.h"
#include "views/editor/lab_document.h"

namespace distlab::views {

namespace {

constexpr int kIdRow = -2;

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool chinese() {
    return QLocale().language() == QLocale::Chinese;
}

// A written duration for a line edit: "150ms" stays, an integer of milliseconds gains its unit.
QString durationText(const core::Json& value) {
    if (value.is_string())
        return fromStd(value.get<std::string>());
    if (value.is_number_integer())
        return QString::number(value.get<std::int64_t>()) + QStringLiteral("ms");
    return {};
}

// Text typed for a duration, as a scenario writes it: bare digits are milliseconds.
core::Json durationValue(const QString& text) {
    const QString t = text.trimmed();
    bool digits = false;
    const qlonglong ms = t.toLongLong(&digits);
    if (digits)
        return core::Json(ms);
    return core::Json(t.toStdString());
}

QStringList items(QString text) {
    text.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
}

QString displayed(const core::ParamSpec& spec, const core::Json& value) {
    switch (spec.type) {
        case core::ParamType::Duration: return durationText(value);
        case core::ParamType::DurationRange:
            return value.is_array() && value.size() == 2
                       ? QStringLiteral("[%1, %2]").arg(durationText(value[0]), durationText(value[1]))
                       : QString();
        case core::ParamType::NodeList: {
            QStringList ids;
            if (value.is_array())
                for (const auto& item : value)
                    ids << (item.is_string() ? fromStd(item.get<std::string>()) : fromStd(item.dump()));
            return ids.join(QStringLiteral(", "));
        }
        // Items may hold spaces and commas (an argv): written as JSON, as the YAML can.
        case core::ParamType::StringList: return value.is_array() ? fromStd(value.dump()) : QString();
        default: return value.is_string() ? fromStd(value.get<std::string>()) : QString();
    }
}

// What a line edit's text means for `spec`; null (an empty field) goes back to the default.
core::Json parsed(const core::ParamSpec& spec, const QString& text) {
    if (text.trimmed().isEmpty())
        return nullptr;
    switch (spec.type) {
        case core::ParamType::Duration: return durationValue(text);
        case core::ParamType::DurationRange: {
            core::Json range = core::Json::array();
            for (const QString& item : items(text))
                range.push_back(durationValue(item));
            return range;
        }
        case core::ParamType::NodeList: {
            core::Json list = core::Json::array();
            for (const QString& item : items(text))
                list.push_back(item.toStdString());
            return list;
        }
        case core::ParamType::StringList: {
            // Not a JSON list: the text itself, which the schema check marks invalid.
            const core::Json list = core::Json::parse(text.trimmed().toStdString(), nullptr, false);
            return list.is_discarded() ? core::Json(text.trimmed().toStdString()) : list;
        }
        default: return text.trimmed().toStdString();
    }
}

// The allowed range as the CLI and YAML write it: "[1, 1000000]", ">= 1", "<= 10".
QString rangeText(const core::ParamSpec& spec) {
    return fromStd(core::bounds_text(spec));
}

void markInvalid(QWidget* editor, bool invalid) {
    editor->setStyleSheet(invalid ? QStringLiteral("background-color: #fcd8d8; border: 1px solid #e01b24;") : QString());
}

double durationMs(core::Duration d) {
    return core::to_ms(d);
}

}  // namespace

Inspector::Inspector(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_formHost(new QWidget), m_form(nullptr) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_subtitle->setWordWrap(true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new QFormLayout(m_formHost);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setContentsMargins(0, 4, 0, 0);
    scroll->setWidget(m_formHost);
    layout->addWidget(scroll, 1);
    rebuild();
}

void Inspector::setDocument(LabDocument* document) {
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_node.clear();
    m_linkFrom.clear();
    m_linkTo.clear();
    if (m_document) {
        connect(m_document, &LabDocument::documentReset, this, [this] {
            m_node.clear();
            m_linkFrom.clear();
            rebuild();
        });
        connect(m_document, &LabDocument::nodeChanged, this, [this](const QString& id) {
            if (id == m_node || !m_node.isEmpty())
                refreshValues();   // another node's id may have made a node parameter valid
        });
        connect(m_document, &LabDocument::nodeRemoved, this, [this](const QString& id) {
            if (id == m_node || id == m_linkFrom || id == m_linkTo || m_settings)
                rebuild();
            else
                refreshValues();
        });
        connect(m_document, &LabDocument::nodeAdded, this, [this] {
            if (m_settings)
                rebuild();   // another role may bring other checks to offer
            else
                refreshValues();
        });
        connect(m_document, &LabDocument::settingsChanged, this, [this] {
            if (m_settings)
                refreshValues();
        });
        connect(m_document, &LabDocument::nodeRenamed, this, &Inspector::onNodeRenamed);
        connect(m_document, &LabDocument::linkChanged, this, [this](const QString& from, const QString& to) {
            if (from == m_linkFrom && to == m_linkTo)
                refreshValues();
        });
        connect(m_document, &LabDocument::linkRemoved, this, [this](const QString& from, const QString& to) {
            if (from == m_linkFrom && to == m_linkTo)
                showNode({});
        });
    }
    rebuild();
}

void Inspector::showNode(const QString& node) {
    if (node == m_node && m_linkFrom.isEmpty() && (node.isEmpty() ? m_settings || !m_document : !m_rows.empty()))
        return;
    m_node = node;
    m_linkFrom.clear();
    m_linkTo.clear();
    rebuild();
}

void Inspector::showLink(const QString& from, const QString& to) {
    if (from.isEmpty())
        return;
    m_node.clear();
    m_linkFrom = from;
    m_linkTo = to;
    rebuild();
}

void Inspector::setEditable(bool editable) {
    m_editable = editable;
    m_formHost->setEnabled(editable);
}

void Inspector::beginRename() {
    if (!m_id)
        return;
    m_id->setFocus(Qt::OtherFocusReason);
    m_id->selectAll();
}

QWidget* Inspector::field(const QString& name) const {
    for (const Row& row : m_rows)
        if (row.name == name)
            return row.editor;
    return nullptr;
}

QString Inspector::problemOf(const QString& name) const {
    for (const Row& row : m_rows)
        if (row.name == name)
            return row.problem->isHidden() ? QString() : row.problem->text();
    return {};
}

void Inspector::onNodeRenamed(const QString& from, const QString& to) {
    if (m_node == from)
        m_node = to;
    if (m_linkFrom == from)
        m_linkFrom = to;
    if (m_linkTo == from)
        m_linkTo = to;
    refreshValues();
}

void Inspector::clearForm() {
    m_id = nullptr;
    m_rows.clear();
    m_settings = false;
    for (QListWidget*& list : m_lists)
        list = nullptr;
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
}

void Inspector::addRow(Row row, const QString& label, const QString& tooltip) {
    auto* box = new QWidget;
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(row.editor);
    row.problem = new QLabel(box);
    row.problem->setWordWrap(true);
    row.problem->setStyleSheet(QStringLiteral("color: #c01c28;"));
    row.problem->hide();
    column->addWidget(row.problem);
    row.editor->setToolTip(tooltip);
    row.editor->setObjectName(row.name);
    row.caption = label;
    auto* caption = new QLabel(label);
    caption->setToolTip(tooltip);
    m_form->addRow(caption, box);
    m_rows.push_back(row);
}

void Inspector::rebuild() {
    clearForm();
    const netlab::NodeSpec* node = m_document && !m_node.isEmpty() ? m_document->node(m_node) : nullptr;
    const bool link = m_document && !m_linkFrom.isEmpty() && m_document->link(m_linkFrom, m_linkTo);
    if (!node && !link) {
        m_node.clear();
        m_linkFrom.clear();
        if (!m_document) {
            m_title->setText(tr("Nothing selected"));
            m_subtitle->setText(tr("Select a node or a link on the canvas to edit it."));
            return;
        }
        buildSettings();
        refreshValues();
        m_formHost->setEnabled(m_editable);
        return;
    }

    if (node) {
        const core::RoleDescriptor* role = LabDocument::roleInfo(node->role);
        m_title->setText(tr("Node %1").arg(m_node));
        m_subtitle->setText(role ? QStringLiteral("%1: %2").arg(fromStd(role->name),
                                                                fromStd(chinese() && !role->zh.empty() ? role->zh : role->en))
                                 : fromStd(node->role));
        m_id = new QLineEdit;
        connect(m_id, &QLineEdit::editingFinished, this, &Inspector::commitRename);
        addRow({.name = QStringLiteral("id"), .linkProperty = kIdRow, .editor = m_id}, tr("Id"),
               tr("The node's id: a lowercase letter, then letters, digits, '_' or '-'."));
        if (role) {
            for (const core::ParamSpec& spec : role->params) {
                Row row{.name = fromStd(spec.name), .spec = &spec};
                QString tooltip = fromStd(chinese() && !spec.zh.empty() ? spec.zh : spec.en);
                tooltip += QStringLiteral("\n") + tr("Type: %1").arg(fromStd(std::string(core::to_string(spec.type))));
                if (const QString range = rangeText(spec); !range.isEmpty())
                    tooltip += QStringLiteral(" (%1)").arg(range);
                if (spec.default_value.is_null())
                    tooltip += QStringLiteral("\n") + tr("Required.");
                switch (spec.type) {
                    case core::ParamType::Int: {
                        auto* spin = new QSpinBox;
                        const double lo = spec.min.value_or(-1e9);
                        const double hi = spec.max.value_or(1e9);
                        spin->setRange(int(std::clamp(lo, -2e9, 2e9)), int(std::clamp(hi, -2e9, 2e9)));
                        spin->setKeyboardTracking(false);
                        row.editor = spin;
                        connect(spin, &QSpinBox::valueChanged, this, [this, name = row.name] { commitRow(name); });
                        break;
                    }
                    case core::ParamType::Number:
                    case core::ParamType::Probability: {
                        // "10", not "10.000"; a probability as "50 %" (the value stays 0.5).
                        auto* spin = new NumberBox(spec.type == core::ParamType::Probability);
                        if (spec.type != core::ParamType::Probability)
                            spin->setRange(spec.min.value_or(-1e9), spec.max.value_or(1e9));
                        spin->setKeyboardTracking(false);
                        row.editor = spin;
                        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, name = row.name] { commitRow(name); });
                        break;
                    }
                    case core::ParamType::Bool: {
                        auto* check = new QCheckBox;
                        row.editor = check;
                        connect(check, &QCheckBox::toggled, this, [this, name = row.name] { commitRow(name); });
                        break;
                    }
                    case core::ParamType::Choice: {
                        auto* combo = new QComboBox;
                        for (const auto& choice : spec.choices)
                            combo->addItem(fromStd(choice));
                        row.editor = combo;
                        connect(combo, &QComboBox::activated, this, [this, name = row.name] { commitRow(name); });
                        break;
                    }
                    default: {
                        auto* edit = new QLineEdit;
                        if (spec.type == core::ParamType::DurationRange)
                            edit->setPlaceholderText(tr("[min, max], e.g. [150ms, 300ms]"));
                        else if (spec.type == core::ParamType::NodeList)
                            edit->setPlaceholderText(tr("node ids, comma separated"));
                        else if (spec.type == core::ParamType::StringList)
                            edit->setPlaceholderText(tr("a JSON list of strings, e.g. [\"./my-node\", \"--verbose\"]"));
                        else if (spec.type == core::ParamType::Duration)
                            edit->setPlaceholderText(tr("a duration (150ms, 2s)"));
                        row.editor = edit;
                        connect(edit, &QLineEdit::editingFinished, this, [this, name = row.name] { commitRow(name); });
                        break;
                    }
                }
                addRow(row, fromStd(spec.name), tooltip);
            }
        }
    } else {
        const auto spec = *m_document->link(m_linkFrom, m_linkTo);
        m_title->setText(spec.both_ways ? tr("Link %1 \u2194 %2").arg(m_linkFrom, m_linkTo)
                                        : tr("Link %1 \u2192 %2").arg(m_linkFrom, m_linkTo));
        m_subtitle->setText(tr("Empty fields take the network's defaults (preset %1).")
                                .arg(fromStd(m_document->scenario().network.preset)));
        static const std::pair<LinkProperty, const char*> kProperties[] = {
            {LinkProperty::Latency, QT_TR_NOOP("Latency (ms)")},     {LinkProperty::Jitter, QT_TR_NOOP("Jitter (ms)")},
            {LinkProperty::Loss, QT_TR_NOOP("Loss (%)")},            {LinkProperty::Duplicate, QT_TR_NOOP("Duplication (%)")},
            {LinkProperty::Reorder, QT_TR_NOOP("Reordering (ms)")}, {LinkProperty::Bandwidth, QT_TR_NOOP("Bandwidth (bytes/s)")},
        };
        for (const auto& [property, label] : kProperties) {
            auto* edit = new QLineEdit;
            Row row{.name = linkPropertyName(property), .linkProperty = int(property), .editor = edit};
            connect(edit, &QLineEdit::editingFinished, this, [this, name = row.name] { commitRow(name); });
            addRow(row, tr(label), tr("Empty: the network default."));
        }
    }
    refreshValues();
    m_formHost->setEnabled(m_editable);
}

void Inspector::refreshValues() {
    if (!m_document || m_rows.empty())
        return;
    if (m_settings) {
        const netlab::Scenario& scenario = m_document->scenario();
        for (Row& row : m_rows) {
            if (row.refused)
                continue;   // keeps what was typed, and why it was refused
            QSignalBlocker block(row.editor);
            if (auto* combo = qobject_cast<QComboBox*>(row.editor)) {
                combo->setCurrentText(fromStd(scenario.network.preset));
            } else if (auto* edit = qobject_cast<QLineEdit*>(row.editor)) {
                if (row.name == QLatin1String("name"))
                    edit->setText(fromStd(scenario.name));
                else if (row.name == QLatin1String("title"))
                    edit->setText(fromStd(scenario.title.en));
                else if (row.name == QLatin1String("title_zh"))
                    edit->setText(fromStd(scenario.title.zh));
                else if (row.name == QLatin1String("duration"))
                    edit->setText(fromStd(core::format_duration(scenario.duration)));
                else if (row.name == QLatin1String("seed"))
                    edit->setText(QString::number(scenario.seed));
            }
            showProblem(row.name, {});
        }
        refreshLists();
        return;
    }
    if (const netlab::NodeSpec* node = !m_node.isEmpty() ? m_document->node(m_node) : nullptr) {
        m_title->setText(tr("Node %1").arg(m_node));
        std::vector<std::pair<QString, QString>> problems = m_document->parameterProblems(m_node);
        for (Row& row : m_rows) {
            if (row.refused)
                continue;   // keeps what was typed, and why it was refused
            QSignalBlocker block(row.editor);
            QString problem;
            for (const auto& [key, message] : problems)
                if (key == row.name)
                    problem = message;
            if (row.linkProperty == kIdRow) {
                static_cast<QLineEdit*>(row.editor)->setText(m_node);
            } else if (row.spec) {
                const std::string key = row.spec->name;
                const core::Json value = node->params.is_object() && node->params.contains(key) ? node->params[key]
                                                                                                 : row.spec->default_value;
                if (auto* spin = qobject_cast<QSpinBox*>(row.editor))
                    spin->setValue(value.is_number() ? int(value.get<double>()) : 0);
                else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(row.editor))
                    dspin->setValue(value.is_number() ? value.get<double>() : 0.0);
                else if (auto* check = qobject_cast<QCheckBox*>(row.editor))
                    check->setChecked(value.is_boolean() && value.get<bool>());
                else if (auto* combo = qobject_cast<QComboBox*>(row.editor))
                    combo->setCurrentText(value.is_string() ? fromStd(value.get<std::string>()) : QString());
                else if (auto* edit = qobject_cast<QLineEdit*>(row.editor))
                    edit->setText(displayed(*row.spec, value));
            }
            showProblem(row.name, problem);
        }
        return;
    }
    const auto link = m_document->link(m_linkFrom, m_linkTo);
    if (!link)
        return;
    const netlab::LinkParams& base = m_document->scenario().network.defaults;
    const netlab::LinkOverrides& o = link->overrides;
    for (Row& row : m_rows) {
        if (row.refused)
            continue;
        auto* edit = static_cast<QLineEdit*>(row.editor);
        QSignalBlocker block(edit);
        std::optional<double> value;
        double fallback = 0;
        switch (LinkProperty(row.linkProperty)) {
            case LinkProperty::Latency:
                value = o.latency ? std::optional(durationMs(*o.latency)) : std::nullopt;
                fallback = durationMs(base.latency);
                break;
            case LinkProperty::Jitter:
                value = o.jitter ? std::optional(durationMs(*o.jitter)) : std::nullopt;
                fallback = durationMs(base.jitter);
                break;
            case LinkProperty::Reorder:
                value = o.reorder_window ? std::optional(durationMs(*o.reorder_window)) : std::nullopt;
                fallback = durationMs(base.reorder_window);
                break;
            case LinkProperty::Loss:
                value = o.loss;
                fallback = base.loss;
                break;
            case LinkProperty::Duplicate:
                value = o.duplicate;
                fallback = base.duplicate;
                break;
            case LinkProperty::Bandwidth:
                value = o.bandwidth_bytes_per_s ? std::optional(double(*o.bandwidth_bytes_per_s)) : std::nullopt;
                fallback = double(base.bandwidth_bytes_per_s);
                break;
        }
        // A probability as the parameter fields show it: "50 %" (the link keeps 0.5).
        const bool percent = LinkProperty(row.linkProperty) == LinkProperty::Loss ||
                             LinkProperty(row.linkProperty) == LinkProperty::Duplicate;
        const auto text = [percent](double number) { return percent ? percentText(number) : QString::number(number); };
        edit->setText(value ? text(*value) : QString());
        edit->setPlaceholderText(tr("%1 (default)").arg(text(fallback)));
        showProblem(row.name, {});
    }
}

void Inspector::showProblem(const QString& name, const QString& problem) {
    for (Row& row : m_rows)
        if (row.name == name) {
            row.problem->setText(problem);
            row.problem->setHidden(problem.isEmpty());
            markInvalid(row.editor, !problem.isEmpty());
        }
}

void Inspector::markRefused(const QString& name, const QString& problem) {
    for (Row& row : m_rows)
        if (row.name == name)
            row.refused = !problem.isEmpty();
    showProblem(name, problem);
}

void Inspector::commitRow(const QString& name) {
    for (const Row& row : m_rows) {
        if (row.name != name)
            continue;
        if (m_settings)
            commitSetting(row);
        else if (row.linkProperty == kIdRow)
            commitRename();
        else if (row.spec)
            commitParameter(row);
        else
            commitLinkProperty(row);
        return;
    }
}

void Inspector::commitRename() {
    if (!m_document || !m_id || m_id->text() == m_node)
        return;
    markRefused(QStringLiteral("id"), m_document->renameNode(m_node, m_id->text().trimmed()));
}

void Inspector::commitParameter(const Row& row) {
    if (!m_document || m_node.isEmpty() || !row.spec)
        return;
    core::Json value;
    if (auto* spin = qobject_cast<QSpinBox*>(row.editor))
        value = spin->value();
    else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(row.editor))
        value = dspin->value();
    else if (auto* check = qobject_cast<QCheckBox*>(row.editor))
        value = check->isChecked();
    else if (auto* combo = qobject_cast<QComboBox*>(row.editor))
        value = combo->currentText().toStdString();
    else if (auto* edit = qobject_cast<QLineEdit*>(row.editor))
        value = parsed(*row.spec, edit->text());
    const QString name = row.name;
    const QString problem = m_document->setParameter(m_node, name, value);
    markRefused(name, problem);
    if (problem.isEmpty())
        refreshValues();   // the accepted value as the document writes it
}

void Inspector::commitLinkProperty(const Row& row) {
    if (!m_document || m_linkFrom.isEmpty())
        return;
    const QString text = static_cast<QLineEdit*>(row.editor)->text().trimmed();
    const auto property = LinkProperty(row.linkProperty);
    const bool delay = property == LinkProperty::Latency || property == LinkProperty::Jitter ||
                       property == LinkProperty::Reorder;
    const bool percent = property == LinkProperty::Loss || property == LinkProperty::Duplicate;
    std::optional<double> value;
    if (!text.isEmpty() && percent) {
        // Typed as a percentage ("50" or "50 %"), kept as a fraction.
        value = fractionFromPercentText(text);
        if (!value) {
            markRefused(row.name, tr("Expected a percentage, e.g. 50 %."));
            return;
        }
    } else if (!text.isEmpty()) {
        bool ok = false;
        value = QLocale::c().toDouble(text, &ok);
        if (!ok && delay) {
            // A delay may be written with its unit, as in a scenario ("150ms", "1.5s").
            auto duration = core::parse_duration(text.toStdString());
            if (!duration) {
                markRefused(row.name, QStringLiteral("%1: %2").arg(linkPropertyName(property),
                                                                   uiText(duration.error().text())));
                return;
            }
            value = durationMs(*duration);
        } else if (!ok) {
            markRefused(row.name, tr("Expected a number."));
            return;
        }
    }
    const QString name = row.name;
    const QString problem = m_document->setLinkProperty(m_linkFrom, m_linkTo, property, value);
    markRefused(name, problem);
    if (problem.isEmpty())
        refreshValues();
}

void Inspector::commitSetting(const Row& row) {
    if (!m_document)
        return;
    const QString name = row.name;
    QString problem;
    if (auto* combo = qobject_cast<QComboBox*>(row.editor)) {
        problem = m_document->setNetworkPreset(combo->currentText());
    } else if (auto* edit = qobject_cast<QLineEdit*>(row.editor)) {
        const QString text = edit->text();
        if (row.name == QLatin1String("name"))
            problem = m_document->setName(text);
        else if (row.name == QLatin1String("title") || row.name == QLatin1String("title_zh"))
            problem = m_document->setTitle(
                row.name == QLatin1String("title") ? text : fromStd(m_document->scenario().title.en),
                row.name == QLatin1String("title_zh") ? text : fromStd(m_document->scenario().title.zh));
        else if (row.name == QLatin1String("duration"))
            problem = m_document->setDuration(text);
        else if (row.name == QLatin1String("seed"))
            problem = m_document->setSeed(text);
    }
    markRefused(name, problem);
    if (problem.isEmpty())
        refreshValues();
}

QStringList Inspector::unappliedEdits() {
    // The field being typed in has not said "editing finished" yet: commit it now.
    if (QWidget* focus = QApplication::focusWidget())
        for (const Row& row : m_rows)
            if (row.editor == focus || row.editor->isAncestorOf(focus)) {
                if (auto* spin = qobject_cast<QAbstractSpinBox*>(row.editor))
                    spin->interpretText();   // emits valueChanged (keyboard tracking is off)
                else
                    commitRow(row.name);
                break;
            }
    QStringList out;
    const QString where = m_settings ? tr("Lab settings") : m_title->text();
    for (const Row& row : m_rows)
        if (row.refused)
            out << tr("%1, %2: %3").arg(where, row.caption, row.problem->text());
    return out;
}

namespace {

using netlab::ScenarioList;

// How the entry editor helps: what one entry of the list looks like.
QString entryHelp(ScenarioList list) {
    switch (list) {
        case ScenarioList::Faults:
            return Inspector::tr("One fault, as in the scenario file's faults list. For example:") +
                   QStringLiteral("\n{ at: 5s, kill: n1 }        (restart, pause, resume)\n"
                                  "{ at: 5s, until: 15s, partition: [[n1], [n2, n3]] }\n"
                                  "{ at: 5s, until: 15s, partition: majority }\n"
                                  "{ at: 5s, loss: { between: [n1, n2], rate: 0.5 } }\n"
                                  "{ at: 5s, latency: { between: [n1, \"*\"], add: 200ms } }\n"
                                  "{ at: 5s, clock_skew: { node: n1, offset: 500ms } }");
        case ScenarioList::Steps:
            return Inspector::tr("One narrative step: when it shows (at a time, or when a node reaches a phase), what "
                                 "it says, and whether step mode pauses there. For example:") +
                   QStringLiteral("\nat: 5s\nsay: { en: \"The leader is killed.\", zh: \"领导者被杀死。\" }\npause: true\n\n"
                                  "when: { node: any, phase: leader }\nsay: { en: \"A new leader.\", zh: \"新的领导者。\" }");
        case ScenarioList::Checks:
            return Inspector::tr("One check: its name, then its arguments.");
    }
    return {};
}

QString entryTemplate(ScenarioList list, const netlab::Scenario& scenario) {
    const QString node = scenario.nodes.empty() ? QStringLiteral("n1") : fromStd(scenario.nodes.front().id);
    switch (list) {
        case ScenarioList::Faults: return QStringLiteral("{ at: 5s, kill: %1 }").arg(node);
        case ScenarioList::Steps: return QStringLiteral("at: 1s\nsay: { en: \"\", zh: \"\" }");
        case ScenarioList::Checks: return {};
    }
    return {};
}

}  // namespace

QListWidget* Inspector::entryList(netlab::ScenarioList list) const {
    return m_lists[int(list)];
}

QStringList Inspector::offeredChecks() const {
    QStringList names;
    if (m_settings && m_document)
        for (const auto& offer : netlab::applicable_checks(m_document->scenario()))
            names << fromStd(offer.name);
    return names;
}

void Inspector::buildSettings() {
    m_settings = true;
    m_title->setText(tr("Lab settings"));
    m_subtitle->setText(tr("The whole lab's settings. Select a node or a link on the canvas to edit it."));
    const auto line = [this](const char* name, const QString& label, const QString& tooltip, const QString& placeholder) {
        auto* edit = new QLineEdit;
        edit->setPlaceholderText(placeholder);
        connect(edit, &QLineEdit::editingFinished, this, [this, key = QLatin1String(name)] { commitRow(key); });
        addRow({.name = QLatin1String(name), .editor = edit}, label, tooltip);
    };
    line("name", tr("Name"), tr("The lab's name in files and reports: lowercase letters, digits and '-'. Saving to a new "
                                "file names the lab after it."),
         QStringLiteral("my-lab"));
    line("title", tr("Title"), tr("The title in English."), {});
    line("title_zh", tr("Title (Chinese)"), tr("The title in Chinese."), {});
    line("duration", tr("Duration"), tr("How long a run lasts, with its unit: 30s, 1500ms, 2m."), tr("30s"));
    line("seed", tr("Seed"), tr("The seed of every random choice: the same seed, the same simulated run."), {});
    auto* preset = new QComboBox;
    for (const std::string& name : netlab::network_preset_names())
        preset->addItem(fromStd(name));
    connect(preset, &QComboBox::activated, this, [this] { commitRow(QStringLiteral("network")); });
    addRow({.name = QStringLiteral("network"), .editor = preset}, tr("Network"),
           tr("The links' latency, jitter, loss and bandwidth unless a link sets its own."));
    addList(ScenarioList::Checks, tr("Checks"));
    addList(ScenarioList::Faults, tr("Scheduled faults"));
    addList(ScenarioList::Steps, tr("Narrative steps"));
}

void Inspector::addList(netlab::ScenarioList list, const QString& title) {
    auto* caption = new QLabel(title);
    QFont bold = caption->font();
    bold.setBold(true);
    caption->setFont(bold);
    m_form->addRow(caption);
    auto* entries = new QListWidget;
    entries->setObjectName(QStringLiteral("list-%1").arg(int(list)));
    entries->setWordWrap(false);
    entries->setTextElideMode(Qt::ElideRight);
    entries->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    entries->setMinimumHeight(entries->fontMetrics().height() * 4);
    entries->setMaximumHeight(entries->fontMetrics().height() * 8);
    connect(entries, &QListWidget::itemActivated, this, [this, list, entries](QListWidgetItem* item) {
        if (m_editable)
            editEntry(list, entries->row(item));
    });
    m_form->addRow(entries);
    m_lists[int(list)] = entries;

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    auto* add = new QToolButton;
    add->setText(list == ScenarioList::Checks ? tr("Add Check") : tr("Add..."));
    add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    if (list == ScenarioList::Checks) {
        // The checks that apply to the roles on the canvas, each with what it judges.
        auto* menu = new QMenu(add);
        const auto offers = netlab::applicable_checks(m_document->scenario());
        for (const auto& offer : offers) {
            // The name, and what it judges as far as a line allows (all of it in the tooltip).
            const QString judges = fromStd(chinese() && !offer.zh.empty() ? offer.zh : offer.en);
            QAction* action = menu->addAction(
                QStringLiteral("%1 \u2014 %2")
                    .arg(fromStd(offer.name), menu->fontMetrics().elidedText(judges, Qt::ElideRight, 320)));
            action->setToolTip(judges);
            action->setStatusTip(action->toolTip());
            connect(action, &QAction::triggered, this, [this, name = fromStd(offer.name)] { addCheck(name); });
        }
        menu->setToolTipsVisible(true);
        add->setMenu(menu);
        add->setPopupMode(QToolButton::InstantPopup);
        add->setEnabled(!offers.empty());
        add->setToolTip(offers.empty() ? tr("Put nodes on the canvas first: the checks offered are those that apply to "
                                            "their roles.")
                                       : tr("The checks that apply to the roles on the canvas."));
    } else {
        connect(add, &QToolButton::clicked, this, [this, list] {
            editEntry(list, m_lists[int(list)]->count(), entryTemplate(list, m_document->scenario()));
        });
    }
    auto* edit = new QToolButton;
    edit->setText(tr("Edit..."));
    connect(edit, &QToolButton::clicked, this, [this, list] {
        if (const int row = m_lists[int(list)]->currentRow(); row >= 0)
            editEntry(list, row);
    });
    auto* remove = new QToolButton;
    remove->setText(tr("Remove"));
    connect(remove, &QToolButton::clicked, this, [this, list] {
        if (const int row = m_lists[int(list)]->currentRow(); row >= 0)
            if (const QString problem = m_document->removeEntry(list, row); !problem.isEmpty())
                m_subtitle->setText(problem);
    });
    const auto updateButtons = [entries, edit, remove] {
        edit->setEnabled(entries->currentRow() >= 0);
        remove->setEnabled(entries->currentRow() >= 0);
    };
    connect(entries, &QListWidget::currentRowChanged, this, updateButtons);
    updateButtons();
    buttons->addWidget(add);
    buttons->addWidget(edit);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* row = new QWidget;
    row->setLayout(buttons);
    m_form->addRow(row);
}

void Inspector::refreshLists() {
    for (const ScenarioList list : {ScenarioList::Faults, ScenarioList::Steps, ScenarioList::Checks}) {
        QListWidget* widget = m_lists[int(list)];
        if (!widget)
            continue;
        const int current = widget->currentRow();
        widget->clear();
        const QStringList entries = m_document->entries(list);
        const auto& steps = m_document->scenario().steps;
        for (int i = 0; i < entries.size(); ++i) {
            QString shown = QString(entries[i]).replace(QLatin1Char('\n'), QStringLiteral("  "));
            if (list == ScenarioList::Steps && std::size_t(i) < steps.size()) {
                // A step is long to read as written: when it shows, then what it says.
                const netlab::StepSpec& step = steps[std::size_t(i)];
                const QString when = step.at ? fromStd(core::format_duration(*step.at))
                                             : entries[i].section(QLatin1Char('\n'), 0, 0);
                shown = QStringLiteral("%1 · %2").arg(when, fromStd(step.say.in(chinese() ? "zh" : "en")));
            }
            auto* item = new QListWidgetItem(shown, widget);
            item->setToolTip(entries[i]);
        }
        if (widget->count() == 0) {
            auto* none = new QListWidgetItem(list == ScenarioList::Checks ? tr("No checks: a run of this lab is not judged.")
                                             : list == ScenarioList::Faults ? tr("No scheduled faults.")
                                                                            : tr("No narrative steps."),
                                             widget);
            none->setFlags(Qt::NoItemFlags);
        } else {
            widget->setCurrentRow(std::min(current, widget->count() - 1));
        }
    }
}

QString Inspector::addCheck(const QString& name) {
    if (!m_document)
        return tr("There is no lab.");
    for (const auto& offer : netlab::applicable_checks(m_document->scenario())) {
        if (fromStd(offer.name) != name)
            continue;
        const QString entry = fromStd(offer.entry);
        const int index = int(m_document->scenario().checks.size());
        const QString problem = m_document->setEntry(ScenarioList::Checks, index, entry);
        if (!problem.isEmpty())
            editEntry(ScenarioList::Checks, index, entry, problem);   // the arguments to fill in
        return problem;
    }
    return tr("The check %1 does not apply to the roles on the canvas.").arg(name);
}

// The editor of one entry: its text as the file writes it, what an entry looks like, and the
// document's reason when it refuses it (the dialog stays open to correct it).
void Inspector::editEntry(netlab::ScenarioList list, int index, const QString& text, const QString& problem) {
    const QStringList entries = m_document->entries(list);
    const bool adding = index >= int(entries.size());
    QDialog dialog(this);
    dialog.setWindowTitle(list == ScenarioList::Checks   ? (adding ? tr("Add a Check") : tr("Edit Check"))
                          : list == ScenarioList::Faults ? (adding ? tr("Add a Fault") : tr("Edit Fault"))
                                                         : (adding ? tr("Add a Narrative Step") : tr("Edit Narrative Step")));
    auto* layout = new QVBoxLayout(&dialog);
    QString help = entryHelp(list);
    if (list == ScenarioList::Checks) {
        // What the check judges and the arguments it declares.
        const QString entry = text.isEmpty() && !adding ? entries[index] : text;
        const QString checkName = entry.section(QLatin1Char(':'), 0, 0).trimmed().remove(QLatin1Char('"'));
        for (const auto& offer : netlab::applicable_checks(m_document->scenario()))
            if (fromStd(offer.name) == checkName) {
                help += QStringLiteral("\n\n%1: %2").arg(checkName, fromStd(chinese() && !offer.zh.empty() ? offer.zh : offer.en));
                for (const auto& argument : offer.arguments)
                    help += QStringLiteral("\n  %1 (%2%3): %4")
                                .arg(fromStd(argument.name), fromStd(argument.type),
                                     argument.required ? tr(", required") : QString(),
                                     fromStd(chinese() && !argument.zh.empty() ? argument.zh : argument.en));
            }
    }
    auto* helpLabel = new QLabel(help, &dialog);
    helpLabel->setWordWrap(true);
    helpLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(helpLabel);
    auto* editor = new QPlainTextEdit(&dialog);
    editor->setObjectName(QStringLiteral("entry"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    editor->setFont(mono);
    editor->setPlainText(!text.isEmpty() || adding ? text : entries[index]);
    editor->setMinimumHeight(editor->fontMetrics().height() * 5);
    layout->addWidget(editor, 1);
    auto* problemLabel = new QLabel(problem, &dialog);
    problemLabel->setObjectName(QStringLiteral("problem"));
    problemLabel->setWordWrap(true);
    problemLabel->setStyleSheet(QStringLiteral("color: #c01c28;"));
    problemLabel->setVisible(!problem.isEmpty());
    layout->addWidget(problemLabel);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const QString refused = m_document->setEntry(list, index, editor->toPlainText());
        problemLabel->setText(refused);
        problemLabel->setVisible(!refused.isEmpty());
        if (refused.isEmpty())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(std::min(640, window()->width()), dialog.sizeHint().height());
    dialog.exec();
}

}  // namespace distlab::views
