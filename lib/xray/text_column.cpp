#include "xray/text_column.h"

#include "byte_names/printable_name.h"

namespace minify::xray {

std::string fit_column(std::string_view raw, std::size_t width) {
  std::string text = byte_names::printable(raw);
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

}  // namespace minify::xray
