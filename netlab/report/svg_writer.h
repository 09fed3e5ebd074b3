#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace distlab::netlab {

// Escapes text for XML character data and attribute values (& < > " ').
std::string xml_escape(std::string_view text);

// A small SVG 1.1 writer: shapes and text appended in order into one <svg> element with a
// viewBox, so a chart scales with the page. Output is well-formed XML (every text escaped),
// needs no fonts or scripts from outside, and QSvgRenderer (SVG Tiny 1.2) draws it too: only
// presentation attributes, no CSS.
//
// Not thread-safe; one writer per picture.
class SvgWriter {
public:
    struct Style {
        std::string fill = "none";
        std::string stroke = "none";
        double stroke_width = 1;
        double opacity = 1;
        std::string dash;              // stroke-dasharray, e.g. "4 3"
    };
    enum class Anchor { Start, Middle, End };
    struct TextStyle {
        double size = 11;
        std::string fill = "#222222";
        Anchor anchor = Anchor::Start;
        bool bold = false;
        double rotate = 0;             // degrees, around the text's anchor point
        // What the text is, as its class attribute: "title", "legend" or "axis" (an axis title)
        // for the words a reader reads as headings; nullptr for marks and data.
        const char* role = nullptr;
    };

    SvgWriter(double width, double height);

    void rect(double x, double y, double w, double h, const Style& style);
    void line(double x1, double y1, double x2, double y2, const Style& style);
    void circle(double cx, double cy, double r, const Style& style);
    // An open polyline; nothing for fewer than two points.
    void polyline(const std::vector<std::pair<double, double>>& points, const Style& style);
    void text(double x, double y, std::string_view text, const TextStyle& style);
    // A tooltip for the next shapes in browsers: wraps them in <g><title>.
    void begin_group(std::string_view title);
    void end_group();

    // The finished <svg> element.
    std::string str() const;

private:
    std::string style_attributes(const Style& style) const;

    double width_;
    double height_;
    std::string body_;
    int open_groups_ = 0;
};

// A number for SVG coordinates: at most two decimals, no trailing zeros.
std::string svg_number(double value);

}  // namespace distlab::netlab
