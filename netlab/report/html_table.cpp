#include "netlab/report/html_table.h"

#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

HtmlTable::HtmlTable(const std::vector<std::string>& head, std::vector<bool> numeric)
    : columns_(head.size()), numeric_(std::move(numeric)) {
    numeric_.resize(columns_, false);
    html_ = "<table class=\"grid\" cellspacing=\"0\" cellpadding=\"4\">\n<tr>";
    for (std::size_t i = 0; i < head.size(); ++i)
        html_ += cell("th", i, xml_escape(head[i]));
    html_ += "</tr>\n";
}

HtmlTable& HtmlTable::row(const std::vector<std::string>& escaped_cells) {
    html_ += "<tr>";
    for (std::size_t i = 0; i < columns_; ++i)
        html_ += cell("td", i, i < escaped_cells.size() ? escaped_cells[i] : std::string());
    html_ += "</tr>\n";
    return *this;
}

HtmlTable& HtmlTable::heading_row(const std::string& escaped_content) {
    html_ += "<tr><td class=\"group\" colspan=\"" + std::to_string(columns_) + "\"><b>" + escaped_content +
             "</b></td></tr>\n";
    return *this;
}

std::string HtmlTable::cell(const char* tag, std::size_t column, const std::string& content) const {
    const std::string align = numeric_[column] ? " align=\"right\"" : tag[1] == 'h' ? " align=\"left\"" : "";
    return std::string("<") + tag + align + ">" + content + "</" + tag + ">";
}

}  // namespace distlab::netlab
