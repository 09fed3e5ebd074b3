#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model/text.h"

#include "netlab/report/report_data.h"

namespace distlab::netlab {

// A report laid out as sections of blocks, the one layout the HTML page and the PDF share.
// Html blocks are XHTML fragments using only markup Qt's rich text also understands (h1-h3, p,
// table/tr/th/td, b, code, pre, span with a class); Svg blocks are complete <svg> documents.
struct ReportBlock {
    enum class Kind { Html, Svg };
    Kind kind = Kind::Html;
    std::string content;
};

// A section's heading is said in both languages (core::Text, no conversion from a plain string, so
// an untranslated heading does not compile); the page shows the one its document is in.
struct ReportSection {
    ReportSection(std::string id_, core::Text title_, std::vector<ReportBlock> blocks_ = {})
        : id(std::move(id_)), title(std::move(title_)), blocks(std::move(blocks_)) {}

    std::string id;                    // anchor name: "topology", "latency", ...
    core::Text title;                  // empty for the title block
    std::vector<ReportBlock> blocks;
};

struct ReportDocument {
    std::string title;                 // the scenario's title in the document's language
    std::string lang = "en";           // "en" or "zh_CN" (core::is_chinese): every heading and the
                                       // lab's own words are in it; texts without it fall back
    std::vector<ReportSection> sections;
};

// `en` or `zh` as `lang` chooses (core::is_chinese): the report's own words.
std::string in_lang(std::string_view lang, std::string_view en, std::string_view zh);

// The report's sections, in order: title and summary, topology, timeline, time series, latency
// percentiles, availability, messages, pattern figures, checks, rerun; in `lang` ("en" or
// "zh_CN"; the scenario's texts fall back to the other language where they lack one).
ReportDocument build_report_document(const ReportData& data, std::string_view lang = "en");

// The CSS both renderings use (Qt's rich text reads the subset it supports).
const std::string& report_css();

// The heading of `section` in `doc`'s language.
const std::string& section_title(const ReportDocument& doc, const ReportSection& section);

// One self-contained XHTML-compatible page (inline CSS and SVG, no scripts, no links out).
std::string render_html(const ReportDocument& doc);

}  // namespace distlab::netlab
