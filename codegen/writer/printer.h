// The one code writer for every generated text, in the style of protobuf's io::Printer.
//
// A Printer appends to a std::string. Templates name variables as `$name$` (`$$` prints one
// `$`); the values come from the bindings given to Emit, then from those set with Set. A
// variable bound nowhere, an unterminated `$` or an empty name is a programming error and
// throws std::logic_error; a binding the template does not use is fine. Values are printed
// as-is: a `$` inside a value is never expanded, so user text must only ever be a value (or go
// through the raw Emit), never a template.
//
// Indentation is automatic: each line that receives text gets the current indentation (Indent /
// Outdent, one unit each, two spaces unless set otherwise); an empty line gets none, so no line
// ends in indentation. A variable bound to a callback (std::function<void()> or any lambda
// taking nothing) is expanded by calling it there, with the indentation set to the column at
// which the variable stands. A callback alone on its template line replaces that line: nothing
// is printed if it prints nothing, and its output's last line is ended if it left it open.
//
// A template that starts with a line break is a raw-string block and is dedented as protobuf
// does: that first line break is dropped, a last line holding only spaces is dropped, and the
// indentation common to its non-blank lines is removed. Other templates are used verbatim.
//
// Example:
//   Printer p;
//   p.Emit({{"name", type_name}, {"fields", [&] { for (...) p.Emit({{"f", f}}, "int $f$;\n"); }}},
//          R"tmpl(
//            struct $name$ {
//              $fields$
//            };
//          )tmpl");
// (Not R"cc(...)cc": clang-format's Google style reformats raw strings with C++ delimiters.)
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace model::codegen {

// One variable binding: a name and either a text value or a callback that prints in place.
class Sub {
 public:
  using Callback = std::function<void()>;

  Sub(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  Sub(std::string name, std::string_view value)
      : name_(std::move(name)), value_(std::string(value)) {}
  Sub(std::string name, const char* value) : name_(std::move(name)), value_(std::string(value)) {}
  // Integers print in decimal (bool and char are not integers here: format them yourself).
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) Sub(std::string name, T value)
      : name_(std::move(name)), value_(std::to_string(value)) {}
  // Any callable taking nothing: called where the variable stands.
  template <typename F>
  requires(std::is_invocable_r_v<void, F&> && !std::convertible_to<F, std::string_view>)
      Sub(std::string name, F callback)
      : name_(std::move(name)), value_(Callback(std::move(callback))) {}

  const std::string& name() const { return name_; }
  bool is_callback() const { return std::holds_alternative<Callback>(value_); }
  const std::string& text() const { return std::get<std::string>(value_); }
  const Callback& callback() const { return std::get<Callback>(value_); }

 private:
  std::string name_;
  std::variant<std::string, Callback> value_;
};

class Printer {
 public:
  // `indent_unit` is what one Indent() adds (two spaces unless given).
  explicit Printer(std::string indent_unit = "  ") : indent_unit_(std::move(indent_unit)) {}

  // Expands `tmpl` (see the header comment) with `subs` first, then the Set bindings.
  // Throws std::logic_error on a variable bound nowhere or a malformed `$`.
  void Emit(std::initializer_list<Sub> subs, std::string_view tmpl);
  void Emit(const std::vector<Sub>& subs, std::string_view tmpl);

  // Prints `text` verbatim (no variables, no dedent), indenting each line that gets text.
  void Emit(std::string_view text);

  // Binds `name` for every later template until set again (Emit's own bindings win).
  void Set(Sub sub);

  // Adds / removes one indent unit. Outdent below zero throws std::logic_error.
  void Indent();
  void Outdent();

  // Ends the output with exactly one line break: trailing line breaks are removed, then one is
  // added. An empty output stays empty.
  void EndWithOneNewline();

  const std::string& text() const { return out_; }
  // Moves the text out; the printer is left empty.
  std::string Release();

 private:
  void Expand(const std::vector<const Sub*>& subs, std::string_view tmpl);
  const Sub& Lookup(const std::vector<const Sub*>& subs, std::string_view name) const;
  void Write(std::string_view text);

  std::string indent_unit_;
  std::string indent_;
  std::string out_;
  bool at_line_start_ = true;
  std::map<std::string, Sub, std::less<>> vars_;
};

// Returns the template a raw-string block stands for: for `tmpl` starting with '\n', drops that
// line break and a trailing spaces-only line, and removes the indentation common to the
// non-blank lines; any other `tmpl` is returned unchanged. Lines holding only spaces become
// empty.
std::string Dedent(std::string_view tmpl);

}  // namespace model::codegen
