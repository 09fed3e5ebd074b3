#include "views/editor/inspector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

#include "core/model/param_bounds.h"
#include "core/model/role_registry.h"
#include "views/common/number_box.h"
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
            if (id == m_node || id == m_linkFrom || id == m_linkTo)
                showNode({});
            else
                refreshValues();
        });
        connect(m_document, &LabDocument::nodeAdded, this, &Inspector::refreshValues);
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
    if (node == m_node && m_linkFrom.isEmpty() && !m_rows.empty() == !node.isEmpty())
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
        m_title->setText(tr("Nothing selected"));
        m_subtitle->setText(tr("Select a node or a link on the canvas to edit it."));
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
                        connect(spin, &QSpinBox::valueChanged, this, [this, name = row.name] {
                            for (const Row& r : m_rows)
                                if (r.name == name)
                                    commitParameter(r);
                        });
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
                        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, name = row.name] {
                            for (const Row& r : m_rows)
                                if (r.name == name)
                                    commitParameter(r);
                        });
                        break;
                    }
                    case core::ParamType::Bool: {
                        auto* check = new QCheckBox;
                        row.editor = check;
                        connect(check, &QCheckBox::toggled, this, [this, name = row.name] {
                            for (const Row& r : m_rows)
                                if (r.name == name)
                                    commitParameter(r);
                        });
                        break;
                    }
                    case core::ParamType::Choice: {
                        auto* combo = new QComboBox;
                        for (const auto& choice : spec.choices)
                            combo->addItem(fromStd(choice));
                        row.editor = combo;
                        connect(combo, &QComboBox::activated, this, [this, name = row.name] {
                            for (const Row& r : m_rows)
                                if (r.name == name)
                                    commitParameter(r);
                        });
                        break;
                    }
                    default: {
                        auto* edit = new QLineEdit;
                        if (spec.type == core::ParamType::DurationRange)
                            edit->setPlaceholderText(tr("[min, max], e.g. [150ms, 300ms]"));
                        else if (spec.type == core::ParamType::NodeList)
                            edit->setPlaceholderText(tr("node ids, comma separated"));
                        else if (spec.type == core::ParamType::Duration)
                            edit->setPlaceholderText(tr("a duration (150ms, 2s)"));
                        row.editor = edit;
                        connect(edit, &QLineEdit::editingFinished, this, [this, name = row.name] {
                            for (const Row& r : m_rows)
                                if (r.name == name)
                                    commitParameter(r);
                        });
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
            {LinkProperty::Loss, QT_TR_NOOP("Loss (0-1)")},          {LinkProperty::Duplicate, QT_TR_NOOP("Duplication (0-1)")},
            {LinkProperty::Reorder, QT_TR_NOOP("Reordering (ms)")}, {LinkProperty::Bandwidth, QT_TR_NOOP("Bandwidth (bytes/s)")},
        };
        for (const auto& [property, label] : kProperties) {
            auto* edit = new QLineEdit;
            Row row{.name = linkPropertyName(property), .linkProperty = int(property), .editor = edit};
            connect(edit, &QLineEdit::editingFinished, this, [this, name = row.name] {
                for (const Row& r : m_rows)
                    if (r.name == name)
                        commitLinkProperty(r);
            });
            addRow(row, tr(label), tr("Empty: the network default."));
        }
    }
    refreshValues();
    m_formHost->setEnabled(m_editable);
}

void Inspector::refreshValues() {
    if (!m_document || m_rows.empty())
        return;
    if (const netlab::NodeSpec* node = !m_node.isEmpty() ? m_document->node(m_node) : nullptr) {
        m_title->setText(tr("Node %1").arg(m_node));
        std::vector<std::pair<QString, QString>> problems = m_document->parameterProblems(m_node);
        for (Row& row : m_rows) {
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
        edit->setText(value ? QString::number(*value) : QString());
        edit->setPlaceholderText(tr("%1 (default)").arg(fallback));
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

void Inspector::commitRename() {
    if (!m_document || !m_id || m_id->text() == m_node)
        return;
    const QString problem = m_document->renameNode(m_node, m_id->text().trimmed());
    showProblem(QStringLiteral("id"), problem);
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
    if (!problem.isEmpty())
        showProblem(name, problem);
}

void Inspector::commitLinkProperty(const Row& row) {
    if (!m_document || m_linkFrom.isEmpty())
        return;
    const QString text = static_cast<QLineEdit*>(row.editor)->text().trimmed();
    std::optional<double> value;
    if (!text.isEmpty()) {
        bool ok = false;
        value = QLocale::c().toDouble(text, &ok);
        if (!ok) {
            showProblem(row.name, tr("Expected a number."));
            return;
        }
    }
    const QString name = row.name;
    const QString problem = m_document->setLinkProperty(m_linkFrom, m_linkTo, LinkProperty(row.linkProperty), value);
    if (!problem.isEmpty())
        showProblem(name, problem);
    else
        showProblem(name, {});
}

}  // namespace distlab::views
