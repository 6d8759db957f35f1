#include "model/load/yaml_tree.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace model::load {

const YamlNode::Entry* YamlNode::Find(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key->IsScalar() && e.key->text == key) return &e;
  }
  return nullptr;
}

std::string Quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 48;
  std::string out = "'";
  std::size_t shown = std::min(text.size(), kMaxShown);
  for (std::size_t i = 0; i < shown; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMaxShown) out += "...";
  out += "'";
  return out;
}

std::string DescribeNode(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      return "nothing";
    case YamlNode::Kind::kScalar:
      return Quoted(node.text);
    case YamlNode::Kind::kSequence:
      return "a list";
    case YamlNode::Kind::kMapping:
      return "a mapping";
  }
  return "nothing";
}

namespace {

SourceRange RangeOf(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
  SourcePos p{mark.line + 1, mark.column + 1};
  return SourceRange{p, p};
}

// The range of a scalar starting at `at` whose value is `value`: the whole plain or quoted
// scalar when it is on one line, so diagnostics can underline it; `at` otherwise.
SourceRange ScalarRange(const SourceFile* file, SourceRange at, const std::string& value) {
  if (file == nullptr || !at.valid()) return at;
  std::string_view line = file->Line(at.begin.line);
  auto start = static_cast<std::size_t>(at.begin.column - 1);
  if (start >= line.size()) return at;
  std::string_view rest = line.substr(start);
  std::size_t length = 0;
  if (rest.front() == '"' || rest.front() == '\'') {
    for (std::size_t i = 1; i < rest.size() && length == 0; ++i) {
      bool escape = rest.front() == '"'
                        ? rest[i] == '\\'
                        : rest[i] == '\'' && i + 1 < rest.size() && rest[i + 1] == '\'';
      if (escape) {
        ++i;
      } else if (rest[i] == rest.front()) {
        length = i + 1;
      }
    }
  } else if (!value.empty() && rest.substr(0, value.size()) == value) {
    length = value.size();
  }
  if (length == 0) return at;
  SourcePos end{at.begin.line, at.begin.column + static_cast<int>(length) - 1};
  return SourceRange{at.begin, end, at.file};
}

// Thrown by the event handler to stop the parser once a bound is hit (already reported).
struct StopParsing {};

// Builds a YamlTree from yaml-cpp's parse events.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(YamlTree& tree, Diagnostics& diags) : tree_(tree), diags_(diags) {}

  int documents() const { return documents_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents_;
    if (documents_ > 1) {
      diags_.Error(DiagId::kSecondDocument, RangeOf(mark),
                   "a model file holds one YAML document, but a second one starts here; remove "
                   "the '---' separator and everything after it, or move it to its own file");
      throw StopParsing{};
    }
  }
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark& /*mark*/, const std::string& name) override {
    pending_anchor_name_ = name;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode* node = Start(YamlNode::Kind::kNull, mark, anchor);
    Finish(node, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      diags_.Error(DiagId::kAliasesTooLarge, RangeOf(mark),
                   fmt::format("alias *{} refers to the node that contains it; an anchor can only "
                               "be reused after its node ends",
                               AnchorName(anchor)));
      throw StopParsing{};
    }
    AddChild(it->second, RangeOf(mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode* node = Start(YamlNode::Kind::kScalar, mark, anchor);
    node->text = value;
    node->quoted = tag != "?";
    node->range = ScalarRange(diags_.file(), node->range, value);
    Finish(node, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(Start(YamlNode::Kind::kSequence, mark, anchor), anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(Start(YamlNode::Kind::kMapping, mark, anchor), anchor);
  }
  void OnMapEnd() override {
    YamlNode* map = stack_.back().node;
    ApplyMerges(*map);
    RemoveDuplicateKeys(*map);
    Close();
  }

 private:
  struct Frame {
    YamlNode* node;
    YAML::anchor_t anchor;
    const YamlNode* pending_key = nullptr;
  };

  std::string AnchorName(YAML::anchor_t anchor) const {
    auto it = anchor_names_.find(anchor);
    return it == anchor_names_.end() ? std::to_string(anchor) : it->second;
  }

  YamlNode* Start(YamlNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    YamlNode* node = tree_.NewNode();
    node->kind = kind;
    node->range = RangeOf(mark);
    if (anchor != YAML::NullAnchor) anchor_names_[anchor] = pending_anchor_name_;
    pending_anchor_name_.clear();
    return node;
  }

  void Open(YamlNode* node, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= kMaxDepth) {
      diags_.Error(DiagId::kNestingTooDeep, node->range,
                   fmt::format("the YAML nests deeper than {} levels here; a model needs fewer "
                               "than 10, so check for runaway brackets or indentation",
                               kMaxDepth));
      throw StopParsing{};
    }
    stack_.push_back(Frame{node, anchor});
  }

  void Close() {
    Frame frame = stack_.back();
    stack_.pop_back();
    Finish(frame.node, frame.anchor);
  }

  // A node is complete: compute its expanded size and depth, bound them, hand it to its parent.
  void Finish(YamlNode* node, YAML::anchor_t anchor) {
    std::int64_t size = 1;
    int depth = 0;
    auto count = [&](const YamlNode* child) {
      size = std::min(size + child->expanded_size, kMaxExpandedNodes + 1);
      depth = std::max(depth, child->depth);
    };
    for (const YamlNode* item : node->items) count(item);
    for (const auto& e : node->entries) {
      count(e.key);
      count(e.value);
    }
    node->expanded_size = size;
    node->depth = depth + 1;
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
    AddChild(node, node->range);
  }

  void AddChild(const YamlNode* child, SourceRange where) {
    if (child->expanded_size > kMaxExpandedNodes) {
      diags_.Error(DiagId::kAliasesTooLarge, where,
                   fmt::format("the aliases here expand to more than {} YAML nodes; a model is "
                               "far smaller, so reuse anchors less (or not at all)",
                               kMaxExpandedNodes));
      throw StopParsing{};
    }
    if (child->depth + static_cast<int>(stack_.size()) > kMaxDepth) {
      diags_.Error(DiagId::kNestingTooDeep, where,
                   fmt::format("the YAML nests deeper than {} levels here once aliases are "
                               "expanded; a model needs fewer than 10",
                               kMaxDepth));
      throw StopParsing{};
    }
    if (stack_.empty()) {
      tree_.set_root(child);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.node->IsSequence()) {
      parent.node->items.push_back(child);
    } else if (parent.pending_key == nullptr) {
      parent.pending_key = child;
    } else {
      parent.node->entries.push_back(YamlNode::Entry{parent.pending_key, child});
      parent.pending_key = nullptr;
    }
  }

  static bool IsMergeKey(const YamlNode* key) {
    return key->IsScalar() && !key->quoted && key->text == "<<";
  }

  void ApplyMerges(YamlNode& map) {
    bool has_merge = std::any_of(map.entries.begin(), map.entries.end(),
                                 [](const YamlNode::Entry& e) { return IsMergeKey(e.key); });
    if (!has_merge) return;
    std::vector<YamlNode::Entry> explicit_entries;
    std::vector<const YamlNode*> sources;
    for (const auto& e : map.entries) {
      if (!IsMergeKey(e.key)) {
        explicit_entries.push_back(e);
        continue;
      }
      if (e.value->IsMapping()) {
        sources.push_back(e.value);
      } else if (e.value->IsSequence() &&
                 std::all_of(e.value->items.begin(), e.value->items.end(),
                             [](const YamlNode* n) { return n->IsMapping(); })) {
        sources.insert(sources.end(), e.value->items.begin(), e.value->items.end());
      } else {
        diags_.Error(DiagId::kAliasesTooLarge, e.key->range,
                     fmt::format("the merge key '<<' needs a mapping or a list of mappings (e.g. "
                                 "'<<: *common'), not {}",
                                 DescribeNode(*e.value)));
      }
    }
    // One hash lookup per entry: linear in the entries merged. The entries every merge of the
    // file visits are bounded like an expanded alias, since a merge key copies its sources.
    std::vector<YamlNode::Entry> merged = explicit_entries;
    std::unordered_set<std::string_view> present;
    for (const auto& e : merged) {
      if (e.key->IsScalar()) present.insert(e.key->text);
    }
    for (const YamlNode* source : sources) {
      for (const auto& e : source->entries) {
        if (tree_.CountMergeStep() > kMaxExpandedNodes) {
          diags_.Error(DiagId::kAliasesTooLarge, map.range,
                       fmt::format("the merge keys ('<<') of this file copy more than {} entries; "
                                   "a model is far smaller, so merge less (or not at all)",
                                   kMaxExpandedNodes));
          throw StopParsing{};
        }
        if (!e.key->IsScalar() || present.insert(e.key->text).second) merged.push_back(e);
      }
    }
    map.entries = std::move(merged);
  }

  void RemoveDuplicateKeys(YamlNode& map) {
    std::unordered_map<std::string_view, const YamlNode*> first;
    std::vector<YamlNode::Entry> kept;
    for (const auto& e : map.entries) {
      if (!e.key->IsScalar()) {
        diags_.Error(
            DiagId::kWrongValueKind, e.key->range,
            e.key->kind == YamlNode::Kind::kNull
                ? std::string("a key must be a plain name, not nothing; YAML reads an unquoted "
                              "null, Null, NULL or ~ as nothing, so quote the name ('null': "
                              "string)")
                : fmt::format("a key must be a plain name, not {}; write 'name: value'",
                              DescribeNode(*e.key)));
        continue;
      }
      auto [it, inserted] = first.emplace(e.key->text, e.key);
      if (inserted) {
        kept.push_back(e);
        continue;
      }
      auto& d = diags_.Error(DiagId::kDuplicateKey, e.key->range,
                             fmt::format("duplicate key {} in this mapping; each key may appear "
                                         "once, so merge the two or rename one",
                                         Quoted(e.key->text)));
      Diagnostics::Note(d, it->second->range,
                        fmt::format("{} is first used here", Quoted(e.key->text)));
    }
    map.entries = std::move(kept);
  }

  YamlTree& tree_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, const YamlNode*> anchors_;
  std::map<YAML::anchor_t, std::string> anchor_names_;
  std::string pending_anchor_name_;
  int documents_ = 0;
};

// True when line `line` or the one before is indented with a tab.
bool TabIndented(const SourceFile& file, int line) {
  for (int l = std::max(1, line - 1); l <= line; ++l) {
    std::string_view text = file.Line(l);
    std::size_t indent = text.find_first_not_of(" \t");
    if (text.substr(0, indent).find('\t') != std::string_view::npos) return true;
  }
  return false;
}

// The first optional type written without quotes on line `line` or the one before (`r: string?`
// gives "string?"), empty if none: inside a flow collection (`{ ... }`, `[ ... ]`) yaml-cpp does
// not read the '?' as part of the plain scalar, and reports the collection unterminated.
std::string UnquotedOptionalType(const SourceFile& file, int line) {
  auto word = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
  };
  for (int l = std::max(1, line - 1); l <= line; ++l) {
    std::string_view text = file.Line(l);
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char ch = text[i];
      if (quote != 0) {
        if (ch == quote) quote = 0;
        continue;
      }
      if (ch == '"' || ch == '\'') {
        quote = ch;
        continue;
      }
      if (ch == '#' && (i == 0 || text[i - 1] == ' ')) break;  // a comment
      if (ch != '?' || i == 0 || !word(text[i - 1])) continue;
      std::size_t begin = i;
      while (begin > 0 && word(text[begin - 1])) --begin;
      return std::string(text.substr(begin, i + 1 - begin));
    }
  }
  return "";
}

// Rejects input that is not a text file before yaml-cpp sees it.
bool CheckText(const SourceFile& file, Diagnostics& diags) {
  const std::string& text = file.text();
  if (text.size() > kMaxModelFileBytes) {
    diags.Error(DiagId::kNotText, {},
                fmt::format("the model file is {} bytes, more than the {} bytes a model may have; "
                            "is this the right file?",
                            text.size(), kMaxModelFileBytes));
    return false;
  }
  std::size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    SourcePos p = file.PosOf(nul);
    diags.Error(DiagId::kNotText, SourceRange{p, p},
                "the model file contains a NUL byte, so it is not a YAML text file; save it as "
                "UTF-8 text");
    return false;
  }
  std::size_t bad = FirstInvalidUtf8(text);
  if (bad != std::string::npos) {
    SourcePos p = file.PosOf(bad);
    diags.Error(DiagId::kNotText, SourceRange{p, p},
                fmt::format("the model file has the byte 0x{:02X} here, which is not UTF-8 text; "
                            "save the file as UTF-8 (a model holds names and templates, which "
                            "DynamoDB stores as UTF-8)",
                            static_cast<unsigned char>(text[bad])));
    return false;
  }
  return true;
}

}  // namespace

std::optional<YamlTree> ParseYaml(const SourceFile& file, Diagnostics& diags) {
  if (!CheckText(file, diags)) return std::nullopt;
  YamlTree tree;
  TreeBuilder builder(tree, diags);
  try {
    std::istringstream in(file.text());
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const StopParsing&) {
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    SourceRange where = RangeOf(e.mark);
    const std::string optional = UnquotedOptionalType(file, where.begin.line);
    diags.Error(
        DiagId::kInvalidYaml, where,
        fmt::format("invalid YAML: {}; {}", e.msg,
                    TabIndented(file, where.begin.line)
                        ? std::string("YAML indents with spaces only, so replace the tabs")
                    : !optional.empty()
                        ? fmt::format("write the optional type in quotes, \"{}\": inside "
                                      "{{ }} or [ ] an unquoted '?' is not read as part of it",
                                      optional)
                        : std::string("check the indentation, quotes and brackets here and on the "
                                      "line before")));
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.Error(DiagId::kInvalidYaml, {}, fmt::format("invalid YAML: {}", e.what()));
    return std::nullopt;
  }
  if (tree.root() == nullptr || tree.root()->IsNull()) {
    diags.Error(DiagId::kEmptyFile, {},
                "the model file is empty; declare at least one entity under 'entities:' (run "
                "'model init' for a commented starter)");
    return std::nullopt;
  }
  return tree;
}

}  // namespace model::load
