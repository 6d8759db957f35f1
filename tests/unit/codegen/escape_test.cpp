// The escapers, on ordinary and hostile text.
#include "codegen/writer/escape.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "codegen/writer/json.h"

using namespace model::codegen;

namespace {
const std::string kFffd = "\xEF\xBF\xBD";
}

TEST_CASE("MarkdownCell keeps text that starts like a block a paragraph", "[codegen][escape]") {
  CHECK(MarkdownCell("# Not a heading") == "\\# Not a heading");
  CHECK(MarkdownCell("- not a list") == "\\- not a list");
  CHECK(MarkdownCell("+ plus") == "\\+ plus");
  CHECK(MarkdownCell("=== underline") == "\\=== underline");
  CHECK(MarkdownCell("1. not ordered") == "1\\. not ordered");
  CHECK(MarkdownCell("12) not ordered") == "12\\) not ordered");
  CHECK(MarkdownCell("a - b #1 and 2. x") == "a - b #1 and 2. x");
}

TEST_CASE("MarkdownCell renders as the literal text", "[codegen][escape]") {
  CHECK(MarkdownCell("plain text 1.5") == "plain text 1.5");
  CHECK(MarkdownCell("a|b") == "a\\|b");
  CHECK(MarkdownCell("`code` *em* _u_ [l](x) ~s~ \\") ==
        "\\`code\\` \\*em\\* \\_u\\_ \\[l\\](x) \\~s\\~ \\\\");
  CHECK(MarkdownCell("<script>&amp;") == "&lt;script&gt;&amp;amp;");
  CHECK(MarkdownCell("a\nb\r\nc\rd") == "a<br>b<br>c<br>d");
  CHECK(MarkdownCell("café") == "café");
}

TEST_CASE("HtmlEscape escapes the five characters", "[codegen][escape]") {
  CHECK(HtmlEscape("<a href=\"x\" title='y'>&</a>") ==
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  CHECK(HtmlEscape("plain é") == "plain é");
}

TEST_CASE("DotString quotes and escapes for Graphviz", "[codegen][escape]") {
  CHECK(DotString("Order") == "\"Order\"");
  CHECK(DotString("say \"hi\" \\n") == "\"say \\\"hi\\\" \\\\n\"");
  CHECK(DotString("a\nb\r\nc") == "\"a\\nb\\nc\"");
  CHECK(DotString(std::string("a\0b\x1b\x7f\tc", 7)) ==
        "\"a" + kFffd + "b" + kFffd + kFffd + "\tc\"");
  CHECK(DotString("\xc3(") == "\"" + kFffd + "(\"");
  CHECK(DotString("") == "\"\"");
}

TEST_CASE("DotHtmlText escapes for an HTML-like label", "[codegen][escape]") {
  CHECK(DotHtmlText("<b>&\"'</b>") == "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;");
  CHECK(DotHtmlText("a\nb\r\n") == "a<br/>b<br/>");
  CHECK(DotHtmlText("x\x01y") == "x" + kFffd + "y");
}

TEST_CASE("XmlText and XmlAttribute follow XML 1.0", "[codegen][escape]") {
  CHECK(XmlText("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; 'e'");
  CHECK(XmlText("line1\n\tline2\r\n") == "line1\n\tline2&#13;\n");
  CHECK(XmlAttribute("line1\n\tline2\r\n") == "line1&#10;&#9;line2&#13;&#10;");
  // Control characters, U+FFFE/U+FFFF and invalid UTF-8 are not XML 1.0 characters.
  CHECK(XmlText(std::string("a\0b\x08\x1f", 5)) == "a" + kFffd + "b" + kFffd + kFffd);
  CHECK(XmlText("\xEF\xBF\xBE\xEF\xBF\xBF") == kFffd + kFffd);
  CHECK(XmlText("\xff\xfe") == kFffd + kFffd);
  CHECK(XmlText("\xed\xa0\x80") == kFffd + kFffd + kFffd);  // an encoded surrogate
  CHECK(XmlText("\xc0\xaf") == kFffd + kFffd);              // an overlong '/'
  CHECK(XmlText("\xe2\x82") == kFffd + kFffd);              // truncated
  CHECK(XmlText("é € 𝄞 \x7f \xc2\x85") == "é € 𝄞 \x7f \xc2\x85");
}

TEST_CASE("CppStringLiteral holds exactly the bytes", "[codegen][escape]") {
  CHECK(CppStringLiteral("hello") == "\"hello\"");
  CHECK(CppStringLiteral("say \"hi\" \\") == "\"say \\\"hi\\\" \\\\\"");
  CHECK(CppStringLiteral("a\nb\tc\r") == "\"a\\nb\\tc\\r\"");
  // An octal escape has three digits, so a following digit or hex letter stays itself.
  CHECK(CppStringLiteral("\x01"
                         "1F") == "\"\\0011F\"");
  CHECK(CppStringLiteral(std::string("\0"
                                     "7",
                                     2)) == "\"\\0007\"");
  CHECK(CppStringLiteral("é") == "\"\\303\\251\"");
  CHECK(CppStringLiteral("\x7f\xff") == "\"\\177\\377\"");
  // No trigraph can form.
  CHECK(CppStringLiteral("?"
                         "?=") == "\"?\\?=\"");
  CHECK(CppStringLiteral("?"
                         "?"
                         "?/") == "\"?\\?\\?/\"");
  CHECK(CppStringLiteral("a?b") == "\"a?b\"");
  CHECK(CppStringLiteral("") == "\"\"");
}

TEST_CASE("JsonString matches nlohmann's dump", "[codegen][escape]") {
  CHECK(JsonString("a\"b\\c/d") == "\"a\\\"b\\\\c/d\"");
  CHECK(JsonString("\b\f\n\r\t\x01\x1f\x7f") == "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
  CHECK(JsonString("é 𝄞") == "\"é 𝄞\"");
  CHECK(JsonString("bad \xff") == "\"bad " + kFffd + "\"");
  for (std::string s : {std::string("plain"), std::string("q\"\\\b\f\n\r\t\x01\x1f\x7f"),
                        std::string("é € 𝄞"), std::string("\0x", 2)}) {
    INFO(s);
    CHECK(JsonString(s) == nlohmann::json(s).dump());
  }
}

TEST_CASE("DumpJson indents by two, keeps insertion order and never throws", "[codegen][json]") {
  Json j;
  j["z"] = 1;
  j["a"] = Json::array({"x", "bad \xff"});
  CHECK(DumpJson(j) ==
        "{\n  \"z\": 1,\n  \"a\": [\n    \"x\",\n    \"bad " + kFffd + "\"\n  ]\n}\n");
}
