#include "codegen/writer/printer.h"

#include <algorithm>
#include <stdexcept>

namespace model::codegen {

namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Splits `text` after each '\n' (the last piece may lack one and may be empty).
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

// For "  $name$\n" returns {"  ", "name"}; otherwise an empty name.
std::pair<std::string_view, std::string_view> SoleVariable(std::string_view line) {
  if (line.empty() || line.back() != '\n') return {};
  std::size_t open = line.find_first_not_of(" \t");
  if (open == std::string_view::npos || line[open] != '$') return {};
  std::size_t close = line.find('$', open + 1);
  if (close == std::string_view::npos || close == open + 1) return {};
  std::string_view name = line.substr(open + 1, close - open - 1);
  if (!std::all_of(name.begin(), name.end(), IsNameChar)) return {};
  if (!IsBlank(line.substr(close + 1, line.size() - close - 2))) return {};
  return {line.substr(0, open), name};
}

}  // namespace

std::string Dedent(std::string_view tmpl) {
  if (tmpl.empty() || tmpl.front() != '\n') return std::string(tmpl);
  std::vector<std::string_view> lines = Lines(tmpl.substr(1));
  if (!lines.empty() && lines.back().back() != '\n' && IsBlank(lines.back())) lines.pop_back();
  std::size_t common = std::string_view::npos;
  for (std::string_view line : lines) {
    std::string_view body = line.substr(0, line.size() - (line.back() == '\n' ? 1 : 0));
    if (!IsBlank(body)) common = std::min(common, body.find_first_not_of(" \t"));
  }
  std::string out;
  for (std::string_view line : lines) {
    bool nl = line.back() == '\n';
    std::string_view body = line.substr(0, line.size() - (nl ? 1 : 0));
    if (!IsBlank(body)) out += body.substr(common);
    if (nl) out += '\n';
  }
  return out;
}

void Printer::Emit(std::initializer_list<Sub> subs, std::string_view tmpl) {
  std::vector<const Sub*> list;
  for (const Sub& s : subs) list.push_back(&s);
  Expand(list, tmpl);
}

void Printer::Emit(const std::vector<Sub>& subs, std::string_view tmpl) {
  std::vector<const Sub*> list;
  for (const Sub& s : subs) list.push_back(&s);
  Expand(list, tmpl);
}

void Printer::Emit(std::string_view text) { Write(text); }

void Printer::Set(Sub sub) {
  std::string name = sub.name();
  vars_.insert_or_assign(std::move(name), std::move(sub));
}

void Printer::Indent() { indent_ += indent_unit_; }

void Printer::Outdent() {
  if (indent_.size() < indent_unit_.size())
    throw std::logic_error("Printer: Outdent() without a matching Indent()");
  indent_.resize(indent_.size() - indent_unit_.size());
}

void Printer::EndWithOneNewline() {
  while (!out_.empty() && out_.back() == '\n') out_.pop_back();
  if (!out_.empty()) out_ += '\n';
  at_line_start_ = true;
}

std::string Printer::Release() {
  std::string out = std::move(out_);
  out_.clear();
  at_line_start_ = true;
  return out;
}

const Sub& Printer::Lookup(const std::vector<const Sub*>& subs, std::string_view name) const {
  for (const Sub* s : subs) {
    if (s->name() == name) return *s;
  }
  auto it = vars_.find(name);
  if (it == vars_.end())
    throw std::logic_error("Printer: variable $" + std::string(name) + "$ is not bound");
  return it->second;
}

void Printer::Expand(const std::vector<const Sub*>& subs, std::string_view raw) {
  std::string tmpl = Dedent(raw);
  for (std::string_view line : Lines(tmpl)) {
    auto [lead, sole] = SoleVariable(line);
    if (!sole.empty() && Lookup(subs, sole).is_callback()) {
      std::string saved = indent_;
      indent_ += lead;
      Lookup(subs, sole).callback()();
      indent_ = std::move(saved);
      if (!at_line_start_) Write("\n");
      continue;
    }
    std::size_t pos = 0;
    while (pos < line.size()) {
      std::size_t dollar = line.find('$', pos);
      Write(line.substr(pos,
                        dollar == std::string_view::npos ? std::string_view::npos : dollar - pos));
      if (dollar == std::string_view::npos) break;
      std::size_t close = line.find('$', dollar + 1);
      if (close == std::string_view::npos) {
        throw std::logic_error("Printer: unterminated '$' in template line: " + std::string(line));
      }
      pos = close + 1;
      if (close == dollar + 1) {
        Write("$");
        continue;
      }
      std::string_view name = line.substr(dollar + 1, close - dollar - 1);
      if (!std::all_of(name.begin(), name.end(), IsNameChar)) {
        throw std::logic_error("Printer: bad variable name $" + std::string(name) + "$");
      }
      const Sub& sub = Lookup(subs, name);
      if (!sub.is_callback()) {
        Write(sub.text());
        continue;
      }
      // The callback's lines line up under the variable's column.
      std::string saved = indent_;
      if (!at_line_start_) {
        std::size_t begin = out_.rfind('\n');
        begin = begin == std::string::npos ? 0 : begin + 1;
        indent_.clear();
        for (std::size_t i = begin; i < out_.size(); ++i) indent_ += out_[i] == '\t' ? '\t' : ' ';
      }
      sub.callback()();
      indent_ = std::move(saved);
    }
  }
}

void Printer::Write(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (end > pos) {
      if (at_line_start_) out_ += indent_;
      out_.append(text.substr(pos, end - pos));
      at_line_start_ = false;
    }
    if (nl == std::string_view::npos) break;
    out_ += '\n';
    at_line_start_ = true;
    pos = nl + 1;
  }
}

}  // namespace model::codegen
