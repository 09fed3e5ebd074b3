#include "views/common/number_box.h"

#include <QLocale>

#include <optional>

namespace distlab::views {

namespace {

// The shown unit has this many decimals at most (a probability: 0.01 % steps).
constexpr int kDecimals = 6;
constexpr int kPercentDecimals = 4;   // of the fraction: 12.34 %

}  // namespace

NumberBox::NumberBox(bool percent, QWidget* parent) : QDoubleSpinBox(parent), m_percent(percent) {
    setDecimals(percent ? kPercentDecimals : kDecimals);
    if (percent) {
        setRange(0, 1);
        setSingleStep(0.05);
    }
}

QString NumberBox::textFromValue(double value) const {
    const double shown = m_percent ? value * 100 : value;
    QString text = locale().toString(shown, 'f', m_percent ? kPercentDecimals - 2 : kDecimals);
    const QString point = locale().decimalPoint();
    if (text.contains(point)) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(point.size());
    }
    return m_percent ? text + QStringLiteral(" %") : text;
}

std::optional<double> NumberBox::typed(QString text) const {
    text = text.trimmed();
    if (m_percent && text.endsWith(QLatin1Char('%')))
        text = text.chopped(1).trimmed();
    bool ok = false;
    double value = locale().toDouble(text, &ok);
    if (!ok)
        value = QLocale::c().toDouble(text, &ok);   // "2.5" in a locale that writes "2,5"
    return ok ? std::optional(value) : std::nullopt;
}

double NumberBox::valueFromText(const QString& text) const {
    const double value = typed(text).value_or(0.0);
    return m_percent ? value / 100 : value;
}

QValidator::State NumberBox::validate(QString& input, int& /*pos*/) const {
    QString bare = input.trimmed();
    if (m_percent && bare.endsWith(QLatin1Char('%')))
        bare = bare.chopped(1).trimmed();
    if (bare.isEmpty() || bare == QLatin1String("-") || bare == locale().decimalPoint())
        return QValidator::Intermediate;
    const std::optional<double> value = typed(input);
    if (!value)
        return QValidator::Invalid;
    const double inUnit = m_percent ? *value / 100 : *value;
    return inUnit >= minimum() && inUnit <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

}  // namespace distlab::views
