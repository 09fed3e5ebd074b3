#pragma once

#include <QDoubleSpinBox>

#include <optional>

namespace distlab::views {

// A number field that shows a value as people write it: "10", "2.5", never "10.000"; a
// probability (percent) holds a fraction from 0 to 1 but shows and takes it as a percentage:
// 0.5 reads "50 %", typing "12.5" or "12.5 %" means 0.125. value() and setValue() stay in the
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
    // The typed number, in the shown unit (percent for a probability); nullopt when not a number.
    std::optional<double> typed(QString text) const;

    bool m_percent;
};

}  // namespace distlab::views
