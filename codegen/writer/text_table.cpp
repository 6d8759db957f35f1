#include "codegen/writer/text_table.h"

#include <algorithm>

#include "codegen/writer/printer.h"

namespace model::codegen {

std::size_t DisplayWidth(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char ch : text) n += (ch & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::vector<std::size_t> ColumnWidths(const std::vector<std::string>& header,
                                      const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t i = 0; i < header.size(); ++i) widths[i] = DisplayWidth(header[i]);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  return widths;
}

std::string RenderTextTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths = ColumnWidths(header, rows);
  Printer p;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (i > 0) text += " | ";
      std::string cell = i < cells.size() ? cells[i] : "";
      text += cell + std::string(widths[i] - std::min(widths[i], DisplayWidth(cell)), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    p.Emit(text);
    p.Emit("\n");
  };
  line(header);
  std::string rule;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) rule += "-+-";
    rule += std::string(widths[i], '-');
  }
  p.Emit(rule);
  p.Emit("\n");
  for (const auto& row : rows) line(row);
  return p.Release();
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace model::codegen
