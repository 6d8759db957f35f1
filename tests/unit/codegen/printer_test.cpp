// The Printer: variables, `$$`, missing variables, indentation, dedent, callbacks, raw text.
#include "codegen/writer/printer.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using model::codegen::Dedent;
using model::codegen::Printer;

TEST_CASE("Printer substitutes variables and prints $$ as one $", "[codegen][printer]") {
  Printer p;
  p.Emit({{"name", "Order"}, {"n", 3}, {"unused", "x"}},
         "struct $name$ { int a[$n$]; };  // costs $$1\n");
  CHECK(p.text() == "struct Order { int a[3]; };  // costs $1\n");
}

TEST_CASE("Printer prints values as-is: a $ in a value is never expanded", "[codegen][printer]") {
  Printer p;
  p.Emit({{"v", "$name$ $$ $"}}, "[$v$]\n");
  p.Emit("raw $name$ $$\n");
  CHECK(p.text() == "[$name$ $$ $]\nraw $name$ $$\n");
}

TEST_CASE("Printer throws on a missing variable and a malformed $", "[codegen][printer]") {
  Printer p;
  CHECK_THROWS_AS(p.Emit({{"a", "1"}}, "$a$ $b$\n"), std::logic_error);
  CHECK_THROWS_WITH(Printer().Emit({}, "x $missing$"), "Printer: variable $missing$ is not bound");
  CHECK_THROWS_AS(Printer().Emit({}, "price: $5"), std::logic_error);
  CHECK_THROWS_AS(Printer().Emit({{"a b", "1"}}, "$a b$"), std::logic_error);
}

TEST_CASE("Printer Set binds variables for later templates; Emit's bindings win",
          "[codegen][printer]") {
  Printer p;
  p.Set({"ns", "shop"});
  p.Set({"ns", "store"});
  p.Emit({}, "namespace $ns$ {\n");
  p.Emit({{"ns", "local"}}, "// $ns$\n");
  CHECK(p.text() == "namespace store {\n// local\n");
}

TEST_CASE("Printer indents lines that get text, never blank lines", "[codegen][printer]") {
  Printer p;
  p.Emit("a\n");
  p.Indent();
  p.Emit("b\n\nc");
  p.Emit({{"x", "1\n2"}}, " $x$\n");
  p.Indent();
  p.Emit("d\n");
  p.Outdent();
  p.Outdent();
  p.Emit("e\n");
  CHECK(p.text() == "a\n  b\n\n  c 1\n  2\n    d\ne\n");
  CHECK_THROWS_AS(p.Outdent(), std::logic_error);
}

TEST_CASE("Printer takes the indent unit it is given", "[codegen][printer]") {
  Printer p("\t");
  p.Indent();
  p.Emit("x\n");
  CHECK(p.text() == "\tx\n");
}

TEST_CASE("Dedent removes a raw string's common indentation", "[codegen][printer]") {
  CHECK(Dedent("\n    class A {\n      int x;\n\n    };\n  ") == "class A {\n  int x;\n\n};\n");
  CHECK(Dedent("\n  a\n   \n    b\n") == "a\n\n  b\n");
  CHECK(Dedent("\n  last") == "last");
  CHECK(Dedent("  not a block\n") == "  not a block\n");
  CHECK(Dedent("") == "");
  CHECK(Dedent("\n") == "");
}

TEST_CASE("Printer dedents raw-string templates", "[codegen][printer]") {
  Printer p;
  p.Indent();
  p.Emit({{"name", "Order"}}, R"tmpl(
    struct $name$ {
      int id;
    };
  )tmpl");
  CHECK(p.text() == "  struct Order {\n    int id;\n  };\n");
}

TEST_CASE("Printer expands a callback alone on its line at that line's indentation",
          "[codegen][printer]") {
  Printer p;
  auto fields = [&] {
    p.Emit({{"f", "id"}}, "int $f$;\n");
    p.Emit({{"f", "total"}}, "int $f$;\n");
  };
  p.Emit({{"name", "Order"}, {"fields", fields}, {"nothing", [] {}}}, R"tmpl(
    struct $name$ {
      $fields$
      $nothing$
    };
  )tmpl");
  CHECK(p.text() == "struct Order {\n  int id;\n  int total;\n};\n");
}

TEST_CASE("Printer ends a callback's open last line and nests callbacks", "[codegen][printer]") {
  Printer p;
  auto inner = [&] { p.Emit("x = 1;\ny = 2;"); };
  auto outer = [&] { p.Emit({{"inner", inner}}, "if (a) {\n  $inner$\n}\n"); };
  p.Emit({{"outer", outer}}, "void f() {\n  $outer$\n}\n");
  CHECK(p.text() == "void f() {\n  if (a) {\n    x = 1;\n    y = 2;\n  }\n}\n");
}

TEST_CASE("Printer lines a mid-line callback's output up under its column", "[codegen][printer]") {
  Printer p;
  p.Indent();
  p.Emit({{"args", [&] { p.Emit("a,\nb"); }}}, "call($args$);\n");
  CHECK(p.text() == "  call(a,\n       b);\n");
}

TEST_CASE("Printer::EndWithOneNewline leaves exactly one line break", "[codegen][printer]") {
  Printer p;
  p.EndWithOneNewline();
  CHECK(p.text().empty());
  p.Emit("a");
  p.EndWithOneNewline();
  CHECK(p.text() == "a\n");
  p.Emit("\n\n\n");
  p.EndWithOneNewline();
  CHECK(p.text() == "a\n");
  p.Indent();
  p.Emit("b\n");
  CHECK(p.Release() == "a\n  b\n");
  CHECK(p.text().empty());
}

TEST_CASE("Printer treats a template starting with a line break as a block: emit a blank line raw",
          "[codegen][printer]") {
  Printer p;
  p.Emit({{"x", "1"}}, "\nx = $x$\n");
  CHECK(p.text() == "x = 1\n");
  p.Emit("\n");
  p.Emit({{"x", "2"}}, "x = $x$\n");
  CHECK(p.text() == "x = 1\n\nx = 2\n");
}
