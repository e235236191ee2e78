#include "html/page.h"

#include "html/html_escape.h"

namespace minify::html {
namespace {

// One palette for every report: the s-* classes name what a colour means (good: kept, bad:
// wasted...), so that a kept byte looks the same in a build report and a diff.
constexpr std::string_view kStyle = R"css(
:root{--good:#2e9d5b;--bad:#d2473c;--warn:#e39b2d;--neutral:#3b7dd8;--muted:#b8bec7;--accent:#8a5cc7;
--ink:#1d232b;--soft:#5b6673;--line:#dde2e8;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:18px 28px 10px}
h1{font-size:22px;margin:0 0 6px;word-break:break-all}
h2{font-size:17px;margin:0 0 12px}
h3{font-size:14px;margin:16px 0 6px}
.lead{color:var(--soft);margin:2px 0}
nav{margin-top:10px}
nav a{margin-right:14px;color:var(--neutral);text-decoration:none}
main{padding:16px 28px;max-width:1400px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px 20px;margin:0 0 16px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0 0 10px}
dl.facts dt{color:var(--soft)}
dl.facts dd{margin:0}
.big{font-size:26px;font-weight:600}
.ok{color:var(--good);font-weight:600}
.fail{color:var(--bad);font-weight:600}
.absent{color:var(--soft);font-style:italic}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{position:sticky;top:0;background:#eef1f5}
td.num,th.num{text-align:right;white-space:nowrap}
td.path{font-family:ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
.tablewrap{max-height:640px;overflow:auto;border:1px solid var(--line)}
.filter{margin:0 0 8px;display:flex;gap:12px;align-items:center}
.filter input{font:inherit;padding:4px 8px;width:420px;max-width:100%}
.filter span{color:var(--soft)}
pre{background:#f1f3f6;padding:8px;overflow:auto;max-height:300px;white-space:pre-wrap}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.reason,table.files i{display:inline-block;font-style:normal;background:#eef1f5;border-radius:3px;padding:0 5px;margin:0 4px 2px 0}
table.files td:first-child{font-family:ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
svg.chart{display:block;width:100%;height:auto;margin:6px 0}
svg.chart text{font:12px system-ui,"DejaVu Sans",sans-serif;fill:var(--ink)}
svg.chart text.value{fill:var(--soft)}
svg.chart text.boxlabel{font-size:11px;fill:#fff;paint-order:stroke;stroke:rgba(0,0,0,.35);stroke-width:2px;pointer-events:none}
svg.chart text.grouplabel{font-size:11px;font-weight:600;pointer-events:none}
.s-good{fill:var(--good);background:var(--good)}
.s-bad{fill:var(--bad);background:var(--bad)}
.s-warn{fill:var(--warn);background:var(--warn)}
.s-neutral{fill:var(--neutral);background:var(--neutral)}
.s-muted{fill:var(--muted);background:var(--muted)}
.s-accent{fill:var(--accent);background:var(--accent)}
.s-overlay{fill:url(#hatch);stroke:var(--bad);stroke-width:1}
rect.box{stroke:#fff;stroke-width:.5}
rect.outline{fill:none;stroke:var(--ink);stroke-opacity:.55;stroke-width:1}
.legend{display:flex;gap:16px;flex-wrap:wrap;color:var(--soft);margin:4px 0}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend i.s-overlay{background:repeating-linear-gradient(45deg,var(--bad) 0 2px,transparent 2px 5px);border:1px solid var(--bad)}
)css";

// Recorded before anything else runs, so that an error anywhere after it is seen (the tests read
// data-script-errors from the DOM).
constexpr std::string_view kErrorRecorder = R"js(
window.addEventListener('error',function(e){var r=document.documentElement;
r.setAttribute('data-script-errors',(r.getAttribute('data-script-errors')||'')+(e.message||'error')+'\n');});
)js";

constexpr std::string_view kScript = R"js(
(function(){
var m=/[#&]filter=([^&]*)/.exec(location.hash);
var initial='';
if(m){try{initial=decodeURIComponent(m[1]);}catch(e){initial=m[1];}}
function setup(input){
  var table=document.getElementById(input.getAttribute('data-filter'));
  if(!table||!table.tBodies.length)return;
  var rows=table.tBodies[0].rows,texts=new Array(rows.length);
  for(var i=0;i<rows.length;i++)texts[i]=rows[i].textContent.toLowerCase();
  var count=document.getElementById(input.id+'-count');
  function apply(){
    var q=input.value.toLowerCase(),shown=0;
    for(var i=0;i<rows.length;i++){var hide=q!==''&&texts[i].indexOf(q)<0;
      if(rows[i].hidden!==hide)rows[i].hidden=hide;if(!hide)shown++;}
    table.setAttribute('data-shown',String(shown));
    if(count)count.textContent=shown+' of '+rows.length+' rows';
  }
  input.addEventListener('input',apply);
  if(initial!=='')input.value=initial;
  apply();
}
var inputs=document.querySelectorAll('input[data-filter]');
for(var i=0;i<inputs.length;i++)setup(inputs[i]);
var charts=document.querySelectorAll('svg.chart');
for(var c=0;c<charts.length;c++){
  var b=charts[c].getBoundingClientRect(),rects=charts[c].querySelectorAll('rect'),drawn=0;
  for(var k=0;k<rects.length;k++){var r=rects[k].getBoundingClientRect();if(r.width>0&&r.height>0)drawn++;}
  charts[c].setAttribute('data-drawn',Math.round(b.width)+'x'+Math.round(b.height));
  charts[c].setAttribute('data-drawn-rects',String(drawn));
}
document.documentElement.setAttribute('data-ready','1');
})();
)js";

}  // namespace

Page::Page(std::string_view title) : title_(title) {}

void Page::add_lead(std::string html) {
  leads_.push_back(std::move(html));
}

void Page::add_section(std::string_view id, std::string_view heading, std::string body) {
  sections_.push_back({std::string(id), std::string(heading), std::move(body)});
}

std::string Page::render() const {
  std::size_t size = 16384;
  for (const auto& s : sections_) size += s.body.size() + 256;
  std::string out;
  out.reserve(size);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n";
  out += "<title>" + escape(title_) + "</title>\n<script>";
  out += kErrorRecorder;
  out += "</script>\n<style>";
  out += kStyle;
  out += "</style></head>\n<body>\n<header><h1>" + escape(title_) + "</h1>\n";
  for (const auto& lead : leads_) out += "<p class=\"lead\">" + lead + "</p>\n";
  out += "<nav>";
  for (const auto& s : sections_)
    out += "<a href=\"#" + escape(s.id) + "\">" + escape(s.heading) + "</a>";
  out += "</nav></header>\n<main>\n";
  for (const auto& s : sections_) {
    out += "<section id=\"" + escape(s.id) + "\"><h2>" + escape(s.heading) + "</h2>\n";
    out += s.body;
    out += "\n</section>\n";
  }
  // The hatch pattern the s-overlay class fills with: defined once for every chart of the page.
  out +=
      "</main>\n<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">"
      "<defs><pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"5\" fill=\"#d2473c\"/>"
      "</pattern></defs></svg>\n<script>";
  out += kScript;
  out += "</script>\n</body></html>\n";
  return out;
}

Table::Table(std::string id, std::vector<std::string> headers)
    : id_(std::move(id)), headers_(std::move(headers)), numeric_(headers_.size(), false) {}

void Table::set_numeric(std::size_t column) {
  if (column < numeric_.size()) numeric_[column] = true;
}

void Table::set_filterable(std::string placeholder) {
  filterable_ = true;
  placeholder_ = std::move(placeholder);
}

void Table::reserve(std::size_t rows) {
  body_.reserve(rows * 160);
}

void Table::add_row(const std::vector<std::string>& cells) {
  body_ += "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    body_ += i < numeric_.size() && numeric_[i] ? "<td class=\"num\">" : "<td>";
    body_ += cells[i];
    body_ += "</td>";
  }
  body_ += "</tr>\n";
  ++rows_;
}

void Table::add_row_html(std::string_view cells) {
  body_ += "<tr>";
  body_ += cells;
  body_ += '\n';
  ++rows_;
}

void Table::set_class(std::string css_class) {
  class_ = std::move(css_class);
}

std::string Table::render() const {
  std::string out;
  out.reserve(body_.size() + 1024);
  if (filterable_) {
    out += "<div class=\"filter\"><input type=\"search\" id=\"" + id_ + "-filter\" data-filter=\"" +
           id_ + "\" placeholder=\"" + escape(placeholder_) + "\" aria-label=\"" +
           escape(placeholder_) + "\"><span id=\"" + id_ + "-filter-count\">" +
           std::to_string(rows_) + " rows</span></div>\n";
  }
  out += "<div class=\"tablewrap\"><table id=\"" + id_ + "\"";
  if (!class_.empty()) out += " class=\"" + escape(class_) + "\"";
  out += "><thead><tr>";
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    out += numeric_[i] ? "<th class=\"num\">" : "<th>";
    out += escape(headers_[i]) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  out += body_;
  out += "</tbody></table></div>\n";
  return out;
}

std::string facts(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "<dl class=\"facts\">";
  for (const auto& [label, value] : items)
    out += "<dt>" + escape(label) + "</dt><dd>" + value + "</dd>";
  return out + "</dl>\n";
}

std::string absent(std::string_view why) {
  return "<p class=\"absent\">" + escape(why) + "</p>\n";
}

}  // namespace minify::html
