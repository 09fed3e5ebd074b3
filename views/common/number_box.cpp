#include "views/common/number_box.h"

#include <QLocale>

#include <optional>

namespace distlab::views {

namespace {

// The shown unit has this many decimals at most (a probability: 0.01 % steps).
constexpr int kDecimals = 6;
constexpr int kPercentDecimals = 4;   // of the fraction: 12.34 %

// "10", "2.5", never "10.000": `value` with at most `decimals` decimals, no trailing zeros.
QString plainNumber(double value, int decimals, const QLocale& locale) {
    QString text = locale.toString(value, 'f', decimals);
    const QString point = locale.decimalPoint();
    if (text.contains(point)) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(point.size());
    }
    return text;
}

// The typed number, in the shown unit (percent for a probability, with or without "%").
std::optional<double> typedNumber(QString text, bool percent, const QLocale& locale) {
    text = text.trimmed();
    if (percent && text.endsWith(QLatin1Char('%')))
        text = text.chopped(1).trimmed();
    bool ok = false;
    double value = locale.toDouble(text, &ok);
    if (!ok)
        value = QLocale::c().toDouble(text, &ok);   // "2.5" in a locale that writes "2,5"
    return ok ? std::optional(value) : std::nullopt;
}

}  // namespace

NumberBox::NumberBox(bool percent, QWidget* parent) : QDoubleSpinBox(parent), m_percent(percent) {
    setDecimals(percent ? kPercentDecimals : kDecimals);
    if (percent) {
        setRange(0, 1);
        setSingleStep(0.05);
    }
}

QString percentText(double fraction, const QLocale& locale) {
    return plainNumber(fraction * 100, kPercentDecimals - 2, locale) + QStringLiteral(" %");
}

std::optional<double> fractionFromPercentText(const QString& text, const QLocale& locale) {
    const std::optional<double> percent = typedNumber(text, true, locale);
    return percent ? std::optional(*percent / 100) : std::nullopt;
}

QString NumberBox::textFromValue(double value) const {
    return m_percent ? percentText(value, locale()) : plainNumber(value, kDecimals, locale());
}

double NumberBox::valueFromText(const QString& text) const {
    const double value = typedNumber(text, m_percent, locale()).value_or(0.0);
    return m_percent ? value / 100 : value;
}

QValidator::State NumberBox::validate(QString& input, int& /*pos*/) const {
    QString bare = input.trimmed();
    if (m_percent && bare.endsWith(QLatin1Char('%')))
        bare = bare.chopped(1).trimmed();
    if (bare.isEmpty() || bare == QLatin1String("-") || bare == locale().decimalPoint())
        return QValidator::Intermediate;
    const std::optional<double> value = typedNumber(input, m_percent, locale());
    if (!value)
        return QValidator::Invalid;
    const double inUnit = m_percent ? *value / 100 : *value;
    return inUnit >= minimum() && inUnit <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

}  // namespace distlab::views
