#pragma once

#include <string>
#include <vector>

namespace distlab::netlab {

// An XHTML table with a header row, in the markup report_css() styles (class "grid") and Qt's
// rich text reads. Header texts are escaped here; row cells are taken as already-escaped XHTML.
// Numeric columns align right.
class HtmlTable {
public:
    explicit HtmlTable(const std::vector<std::string>& head, std::vector<bool> numeric = {});

    HtmlTable& row(const std::vector<std::string>& escaped_cells);
    // A row with one cell spanning every column (a group heading inside the table).
    HtmlTable& heading_row(const std::string& escaped_content);

    std::string str() const { return html_ + "</table>\n"; }

private:
    std::string cell(const char* tag, std::size_t column, const std::string& content) const;

    std::size_t columns_;
    std::vector<bool> numeric_;
    std::string html_;
};

}  // namespace distlab::netlab
