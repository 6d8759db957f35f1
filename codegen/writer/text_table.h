// Plain text for people: tables (columns separated by " | " under a header and a dashed rule)
// and joined lists.
//
// Used by the design chart and explain; kept here so every generator's plain text looks the same.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace model::codegen {

// The width of `text` in columns, counting each UTF-8 character as one (continuation bytes do
// not count; wide and combining characters are not special-cased).
std::size_t DisplayWidth(std::string_view text);

// The width of each column of RenderTextTable(header, rows): its widest cell, header included.
// The table's lines are at most the sum plus 3 per column after the first.
std::vector<std::size_t> ColumnWidths(const std::vector<std::string>& header,
                                      const std::vector<std::vector<std::string>>& rows);

// Lays out `rows` under `header`: each column as wide as its widest cell, cells padded with
// spaces, " | " between columns, "-+-" in the dashed rule under the header, trailing spaces
// trimmed, each line ended by '\n'. A row with fewer cells than the header is padded with empty
// cells; extra cells are dropped. Cell text is printed as is (a cell holding '\n' breaks the
// layout: callers pass single-line cells).
std::string RenderTextTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows);

// The items separated by `separator`: {"a", "b"}, ", " -> "a, b"; no items -> "".
std::string Join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace model::codegen
