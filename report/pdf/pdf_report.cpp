#include "report/pdf/pdf_report.h"

#include "netlab/report/svg_writer.h"

#include <QAbstractTextDocumentLayout>
#include <QByteArray>
#include <QFont>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgRenderer>
#include <QTextBlock>
#include <QTextDocument>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace distlab::report {

namespace {

using netlab::ReportBlock;
using netlab::ReportDocument;

// Layout units are CSS pixels (96 per inch), the SVG charts' own units: A4 less 15 mm margins.
constexpr double kPageWidth = 680;
constexpr double kFooter = 26;

bool ensure_gui_application() {
    if (QGuiApplication::instance())
        return qobject_cast<QGuiApplication*>(QCoreApplication::instance()) != nullptr;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt wants a private runtime directory and warns on stderr when it has to pick one itself.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const auto dir = std::filesystem::temp_directory_path() / ("runtime-" + std::to_string(::getuid()));
        ::mkdir(dir.c_str(), 0700);
        qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir.string()));
    }
    static int argc = 1;
    static char name[] = "distlab-report";
    static char* argv[] = {name, nullptr};
    new QGuiApplication(argc, argv);   // kept for the life of the process, as Qt expects
    return true;
}

std::unique_ptr<QTextDocument> text_document(const std::string& html) {
    auto doc = std::make_unique<QTextDocument>();
    doc->setDefaultStyleSheet(QString::fromStdString(netlab::report_css()));
    doc->setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    doc->setDocumentMargin(0);
    doc->setHtml(QString::fromStdString(html));
    doc->setTextWidth(kPageWidth);
    return doc;
}

// The y positions in `doc` where a cut falls between lines and table rows: the middle of each
// gap between the vertical extents of its blocks.
std::vector<double> cut_points(QTextDocument& doc) {
    std::vector<std::pair<double, double>> spans;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        const QRectF r = doc.documentLayout()->blockBoundingRect(b);
        if (r.height() > 0)
            spans.emplace_back(r.top(), r.bottom());
    }
    std::sort(spans.begin(), spans.end());
    std::vector<double> cuts;
    double bottom = spans.empty() ? 0 : spans.front().second;
    for (const auto& [top, end] : spans) {
        if (top >= bottom)
            cuts.push_back((bottom + top) / 2);
        bottom = std::max(bottom, end);
    }
    return cuts;
}

// Places blocks top to bottom on A4 pages and draws a footer on each.
class Paginator {
public:
    Paginator(QPdfWriter& writer, QPainter& painter, QString title, bool chinese)
        : writer_(writer),
          painter_(painter),
          title_(std::move(title)),
          footer_(chinese ? QStringLiteral(" \u2013 DistLab 报告") : QStringLiteral(" \u2013 DistLab report")),
          page_word_(chinese ? QStringLiteral("第 %1 页") : QStringLiteral("page %1")) {
        scale_ = writer.width() / kPageWidth;
        painter_.scale(scale_, scale_);
        height_ = writer.height() / scale_ - kFooter;
    }

    double remaining() const { return height_ - y_; }
    // Blocks up to this height are never split across pages.
    double short_block() const { return height_ / 3; }
    bool at_top() const { return y_ <= 0; }

    void new_page() {
        footer();
        writer_.newPage();
        ++page_;
        y_ = 0;
    }

    void text(const std::string& html) {
        auto doc = text_document(html);
        const double total = doc->size().height();
        const std::vector<double> cuts = cut_points(*doc);
        // A short block is never split: it moves to the next page whole.
        if (total > remaining() && total <= short_block() && !at_top())
            new_page();
        double from = 0;
        while (from < total) {
            if (total - from <= remaining()) {
                draw(*doc, from, total);
                break;
            }
            const double limit = from + remaining();
            double cut = from;
            for (double c : cuts)
                if (c > from && c <= limit)
                    cut = c;
            if (cut <= from) {
                if (!at_top()) {
                    new_page();
                    continue;
                }
                cut = limit;   // one line taller than a page: cut it
            }
            draw(*doc, from, cut);
            from = cut;
            new_page();
        }
        y_ += 4;
    }

    // A chart scaled to the page width, never split; shrunk if taller than a page.
    void svg(const std::string& content) {
        QSvgRenderer renderer(QByteArray::fromStdString(content));
        const QSizeF size = renderer.defaultSize();
        if (!renderer.isValid() || size.isEmpty())
            return;
        double w = kPageWidth;
        double h = size.height() * w / size.width();
        if (h > height_) {
            w *= height_ / h;
            h = height_;
        }
        if (h > remaining())
            new_page();
        renderer.render(&painter_, QRectF(0, y_, w, h));
        y_ += h + 6;
    }

    double measure(const ReportBlock& block) const {
        if (block.kind == ReportBlock::Kind::Svg) {
            QSvgRenderer renderer(QByteArray::fromStdString(block.content));
            const QSizeF size = renderer.defaultSize();
            return size.isEmpty() ? 0 : std::min(height_, size.height() * kPageWidth / size.width());
        }
        return text_document(block.content)->size().height();
    }

    void finish() { footer(); }

private:
    void draw(QTextDocument& doc, double from, double to) {
        painter_.save();
        painter_.translate(0, y_ - from);
        doc.drawContents(&painter_, QRectF(0, from, kPageWidth, to - from));
        painter_.restore();
        y_ += to - from;
    }

    void footer() {
        painter_.save();
        painter_.setPen(QPen(QColor(0x90, 0xa4, 0xae), 0.5));
        const double top = height_ + 8;
        painter_.drawLine(QPointF(0, top), QPointF(kPageWidth, top));
        painter_.setPen(QColor(0x60, 0x60, 0x60));
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(9);   // layout units, whatever the device's resolution
        painter_.setFont(font);
        const QRectF band(0, top + 2, kPageWidth, kFooter - 10);
        painter_.drawText(band, Qt::AlignLeft | Qt::AlignVCenter, title_ + footer_);
        painter_.drawText(band, Qt::AlignRight | Qt::AlignVCenter, page_word_.arg(page_));
        painter_.restore();
    }

    QPdfWriter& writer_;
    QPainter& painter_;
    QString title_;
    QString footer_;      // after the title: " – DistLab report" in the document's language
    QString page_word_;   // "page %1" in the document's language
    double scale_ = 1;
    double height_ = 0;
    double y_ = 0;
    int page_ = 1;
};

}  // namespace

core::Result<void> write_report_pdf(const ReportDocument& doc, const std::filesystem::path& file) {
    if (!ensure_gui_application())
        return core::fail("the PDF report needs a QGuiApplication, and this program runs a non-GUI Qt application");
    QPdfWriter writer(QString::fromStdString(file.string()));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout::Millimeter));
    writer.setResolution(300);
    writer.setTitle(QString::fromStdString(doc.title));
    writer.setCreator(QStringLiteral("DistLab"));
    QPainter painter;
    if (!painter.begin(&writer))
        return core::fail("cannot write " + file.string());
    Paginator pages(writer, painter, QString::fromStdString(doc.title), core::is_chinese(doc.lang));
    for (const netlab::ReportSection& section : doc.sections) {
        std::string heading =
            section.title.empty() ? std::string() : "<h2>" + netlab::xml_escape(netlab::section_title(doc, section)) + "</h2>";
        // Keep a heading with its first block: a chart whole, or the first lines of text.
        if (!section.blocks.empty() && !pages.at_top()) {
            const ReportBlock& first = section.blocks.front();
            double need = pages.measure(first);
            if (first.kind == ReportBlock::Kind::Html && need > pages.short_block())
                need = 160;   // a long block splits: its first lines are enough
            if (!heading.empty())
                need += pages.measure({ReportBlock::Kind::Html, heading});
            if (need > pages.remaining())
                pages.new_page();
        }
        if (!heading.empty())
            pages.text(heading);
        for (const ReportBlock& block : section.blocks) {
            if (block.kind == ReportBlock::Kind::Svg)
                pages.svg(block.content);
            else
                pages.text(block.content);
        }
    }
    pages.finish();
    if (!painter.end())
        return core::fail("cannot finish " + file.string());
    return {};
}

}  // namespace distlab::report
