#pragma once
// The page shell every HTML report shares: one self-contained file (inline CSS, a little inline
// script, no network), a title, a navigation line, and sections in order; and the tables the
// sections hold, which can be filtered as one types. Charts are inline SVG (svg_chart.h) and need
// no script; the script only filters tables and records script errors (README.md).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace minify::html {

class Page {
 public:
  // `title` is text (escaped here): the window's title and the page's heading.
  explicit Page(std::string_view title);

  // A line of HTML under the heading (e.g. what was compared, when).
  void add_lead(std::string html);
  // A section, listed in the navigation line; `id` is its anchor ([a-z0-9-]), `heading` text,
  // `body` HTML (escaped by the caller).
  void add_section(std::string_view id, std::string_view heading, std::string body);

  // The whole document. The script in it: a box with data-filter="TABLE_ID" hides the rows of
  // that table whose text does not contain what is typed (case-insensitive), says "N of M rows"
  // and sets the table's data-shown to N; a URL ending in "#filter=TEXT" starts every box with
  // TEXT. Once loaded it sets data-drawn="WxH" on each chart (its size as laid out) and
  // data-drawn-rects (how many of its rects have a non-zero size), and the root element's
  // data-ready="1"; any script error is appended to the root's data-script-errors.
  std::string render() const;

 private:
  struct Section {
    std::string id;
    std::string heading;
    std::string body;
  };
  std::string title_;
  std::vector<std::string> leads_;
  std::vector<Section> sections_;
};

// A table whose cells the caller writes as HTML. Numeric columns are right-aligned.
class Table {
 public:
  // `id` is the element's id ([a-z0-9-]); `headers` are text.
  Table(std::string id, std::vector<std::string> headers);

  void set_numeric(std::size_t column);
  // With a filter box above it (see Page::render); `placeholder` is its hint, text.
  void set_filterable(std::string placeholder);
  void reserve(std::size_t rows);
  // One row: as many cells as headers, each HTML.
  void add_row(const std::vector<std::string>& cells);
  // One row whose cells the caller wrote as HTML in `cells`: "<td>a<td class=num>2" (HTML needs
  // no end tags there). For tables of thousands of rows: no string per cell.
  void add_row_html(std::string_view cells);
  // A class on the table: "files" sets its first column in a fixed-width font, its <i>s as tags.
  void set_class(std::string css_class);
  std::size_t rows() const { return rows_; }

  std::string render() const;

 private:
  std::string id_;
  std::vector<std::string> headers_;
  std::vector<bool> numeric_;
  std::string class_;
  bool filterable_ = false;
  std::string placeholder_;
  std::string body_;
  std::size_t rows_ = 0;
};

// A definition list of label (text) and value (HTML) pairs: the key facts of a section.
std::string facts(const std::vector<std::pair<std::string, std::string>>& items);

// A paragraph saying a section has nothing to show, and why (text).
std::string absent(std::string_view why);

}  // namespace minify::html
