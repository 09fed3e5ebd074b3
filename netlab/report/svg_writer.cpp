#include "netlab/report/svg_writer.h"

#include <cmath>
#include <cstdio>

namespace distlab::netlab {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            // XML 1.0 forbids most control characters; keep tab, LF and CR.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                out += ' ';
            else
                out += c;
        }
    }
    return out;
}

std::string svg_number(double value) {
    if (!std::isfinite(value))
        return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    std::string s = buf;
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

SvgWriter::SvgWriter(double width, double height) : width_(width), height_(height) {}

std::string SvgWriter::style_attributes(const Style& style) const {
    std::string a = " fill=\"" + xml_escape(style.fill) + "\" stroke=\"" + xml_escape(style.stroke) + "\"";
    if (style.stroke != "none")
        a += " stroke-width=\"" + svg_number(style.stroke_width) + "\"";
    if (style.opacity < 1)
        a += " opacity=\"" + svg_number(style.opacity) + "\"";
    if (!style.dash.empty())
        a += " stroke-dasharray=\"" + xml_escape(style.dash) + "\"";
    return a;
}

void SvgWriter::rect(double x, double y, double w, double h, const Style& style) {
    body_ += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(std::max(0.0, w)) +
             "\" height=\"" + svg_number(std::max(0.0, h)) + "\"" + style_attributes(style) + "/>\n";
}

void SvgWriter::line(double x1, double y1, double x2, double y2, const Style& style) {
    body_ += "<line x1=\"" + svg_number(x1) + "\" y1=\"" + svg_number(y1) + "\" x2=\"" + svg_number(x2) + "\" y2=\"" +
             svg_number(y2) + "\"" + style_attributes(style) + "/>\n";
}

void SvgWriter::circle(double cx, double cy, double r, const Style& style) {
    body_ += "<circle cx=\"" + svg_number(cx) + "\" cy=\"" + svg_number(cy) + "\" r=\"" + svg_number(r) + "\"" +
             style_attributes(style) + "/>\n";
}

void SvgWriter::polyline(const std::vector<std::pair<double, double>>& points, const Style& style) {
    if (points.size() < 2)
        return;
    body_ += "<polyline points=\"";
    for (std::size_t i = 0; i < points.size(); ++i)
        body_ += (i ? " " : "") + svg_number(points[i].first) + "," + svg_number(points[i].second);
    body_ += "\"" + style_attributes(style) + " stroke-linejoin=\"round\"/>\n";
}

void SvgWriter::text(double x, double y, std::string_view text, const TextStyle& style) {
    static constexpr const char* kAnchor[] = {"start", "middle", "end"};
    body_ += "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" font-family=\"DejaVu Sans, Arial, sans-serif\"" +
             " font-size=\"" + svg_number(style.size) + "\" fill=\"" + xml_escape(style.fill) + "\" text-anchor=\"" +
             kAnchor[static_cast<int>(style.anchor)] + "\"";
    if (style.bold)
        body_ += " font-weight=\"bold\"";
    if (style.role)
        body_ += std::string(" class=\"") + style.role + "\"";
    if (style.rotate != 0)
        body_ += " transform=\"rotate(" + svg_number(style.rotate) + " " + svg_number(x) + " " + svg_number(y) + ")\"";
    body_ += ">" + xml_escape(text) + "</text>\n";
}

void SvgWriter::begin_group(std::string_view title) {
    body_ += "<g><title>" + xml_escape(title) + "</title>\n";
    ++open_groups_;
}

void SvgWriter::end_group() {
    if (open_groups_ == 0)
        return;
    body_ += "</g>\n";
    --open_groups_;
}

std::string SvgWriter::str() const {
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + svg_number(width_) +
                      "\" height=\"" + svg_number(height_) + "\" viewBox=\"0 0 " + svg_number(width_) + " " +
                      svg_number(height_) + "\">\n" + body_;
    for (int i = 0; i < open_groups_; ++i)
        out += "</g>\n";
    return out + "</svg>";
}

}  // namespace distlab::netlab
