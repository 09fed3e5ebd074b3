#pragma once

#include <QDoubleSpinBox>
#include <QLocale>

#include <optional>

namespace distlab::views {

// A fraction written as a percentage, as a NumberBox shows a probability: 0.5 -> "50 %",
// 0.125 -> "12.5 %" (at most two decimals of the percentage, no trailing zeros).
QString percentText(double fraction, const QLocale& locale = QLocale());
// A percentage as a person types it ("12.5", "12.5 %", or "12,5 %" where the locale writes so)
// as a fraction: 0.125; nullopt when it is not a number.
std::optional<double> fractionFromPercentText(const QString& text, const QLocale& locale = QLocale());

// A number field that shows a value as people write it: "10", "2.5", never "10.000"; a
// probability (percent) holds a fraction from 0 to 1 but shows and takes it as a percentage:
// 0.5 reads "50 %", typing "12.5" or "12.5 %" means 0.125 (percentText, fractionFromPercentText). value() and setValue() stay in the
// value's own unit (the fraction), so a caller reads and writes it like any QDoubleSpinBox.
//
// Threading: GUI thread only.
class NumberBox final : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit NumberBox(bool percent, QWidget* parent = nullptr);

    bool isPercent() const { return m_percent; }

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& input, int& pos) const override;

private:
    bool m_percent;
};

}  // namespace distlab::views
