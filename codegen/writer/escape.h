// The escapers: user text made safe for each language a generator writes. Each takes any bytes
// (hostile text included) and returns text that the target reads back as the literal input, or
// as close as the target allows (the replacements are named per function). Pure and
// deterministic. "Literal" functions return the quotes too; the others return text to place
// inside the caller's own markup.
//
// Where a target cannot carry a character, it is replaced by U+FFFD (the replacement
// character): bytes that are not valid UTF-8 (one U+FFFD per bad byte) and, for XML and DOT,
// the control characters other than tab, LF and CR, and U+FFFE / U+FFFF (XML 1.0 forbids them
// even as character references).
#pragma once

#include <string>
#include <string_view>

namespace model::codegen {

// A GitHub-flavoured Markdown table cell that renders as the literal text: `\ ` * _ [ ] | ~`
// get a backslash, `& < >` become `&amp; &lt; &gt;`, each line break (LF, CRLF or CR) becomes
// `<br>`. Other bytes are kept. Example: "a|b*" -> "a\|b\*".
std::string MarkdownCell(std::string_view text);

// HTML text or a double- or single-quoted attribute value: `& < > " '` become
// `&amp; &lt; &gt; &quot; &#39;`; other bytes are kept.
std::string HtmlEscape(std::string_view text);

// A DOT double-quoted string, quotes included, that Graphviz shows as the text: `"` and `\`
// get a backslash, each line break (LF, CRLF or CR) becomes `\n`; invalid UTF-8, DEL and the
// other control characters except tab become U+FFFD. Example: `say "hi"` -> `"say \"hi\""`.
std::string DotString(std::string_view text);

// Text inside a DOT HTML-like label (`label=<...>`): `& < > " '` become entities, each line
// break becomes `<br/>`; what XML 1.0 forbids becomes U+FFFD.
std::string DotHtmlText(std::string_view text);

// XML 1.0 character data: `& < > "` become `&amp; &lt; &gt; &quot;`, CR becomes `&#13;` (so
// it survives line-end normalization), tab and LF are kept; what XML 1.0 forbids becomes
// U+FFFD. `'` is kept: attributes must be double-quoted.
std::string XmlText(std::string_view text);

// An XML 1.0 double-quoted attribute value: as XmlText, and tab and LF become `&#9;` and
// `&#10;` (a parser would otherwise turn them into spaces).
std::string XmlAttribute(std::string_view text);

// A C++ narrow string literal, quotes included, holding exactly the bytes of `text`: `"` and
// `\` get a backslash, LF/CR/tab become `\n \r \t`, every other byte outside printable ASCII
// becomes a three-digit octal escape (`\001`, `\303`), which ends after three digits and so
// stays correct whatever follows; a `?` following a `?` becomes `\?` (no trigraphs).
// Example: the bytes `a`, 0x01, `1` give `"a\0011"`; `?` `?` `=` gives `"?\?="`.
std::string CppStringLiteral(std::string_view text);

// A JSON string, quotes included, as nlohmann::json's dump writes it (UTF-8 kept): `"` `\`
// get a backslash, `\b \f \n \r \t` are named, other control characters are `\u00XX`
// (lowercase hex); invalid UTF-8 becomes U+FFFD.
std::string JsonString(std::string_view text);

}  // namespace model::codegen
