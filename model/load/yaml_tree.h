// A YAML document as a tree of positioned nodes, with the input's hostile cases bounded.
//
// ParseYaml() is the only code that talks to yaml-cpp. It turns one SourceFile into a YamlTree
// whose every node knows its 1-based line:column, keeps scalar text exactly as written (so
// `1:1` stays "1:1", never a YAML 1.1 sexagesimal number), reports duplicate mapping keys, and
// applies `<<` merge keys. Aliases share the anchored node instead of copying it; the total
// number of nodes a reader would visit after expanding every alias, and the nesting depth, are
// bounded (kMaxExpandedNodes, kMaxDepth), so "billion laughs" input is rejected, not expanded.
// A merge key costs one hash lookup per entry of its sources, and the entries all merges of the
// file visit are bounded by kMaxExpandedNodes as well, so parsing takes time linear in the
// expanded size, itself bounded.
// Problems become E1xx diagnostics; ParseYaml returns nullopt only when no usable tree exists.
// The tree owns its nodes; pointers to nodes stay valid as long as the YamlTree lives.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/base/source.h"

namespace model::load {

inline constexpr std::int64_t kMaxExpandedNodes = 2000000;  // a 2,000-entity model is ~150,000
inline constexpr int kMaxDepth = 64;
inline constexpr std::size_t kMaxModelFileBytes = 8 * 1024 * 1024;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMapping };
  struct Entry {
    const YamlNode* key;
    const YamlNode* value;
  };

  Kind kind = Kind::kNull;
  std::string text;     // kScalar: the value as written (quotes and escapes resolved)
  bool quoted = false;  // kScalar: quoted, block or explicitly tagged (always a string)
  SourceRange range;    // where the node starts
  std::vector<const YamlNode*> items;  // kSequence
  std::vector<Entry> entries;          // kMapping, in order, merge keys applied
  std::int64_t expanded_size = 1;      // nodes visited when every alias is expanded
  int depth = 1;                       // nesting depth when every alias is expanded

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMapping() const { return kind == Kind::kMapping; }
  // The entry whose key is the scalar `key`, or nullptr.
  const Entry* Find(std::string_view key) const;
};

// User text quoted for a message: 'text', with control bytes escaped and anything past 48
// bytes cut to "...", so hostile input cannot flood a diagnostic.
std::string Quoted(std::string_view text);
// "a mapping", "a list", "'x'", "nothing": how a node reads in a message.
std::string DescribeNode(const YamlNode& node);

class YamlTree {
 public:
  const YamlNode* root() const { return root_; }
  YamlNode* NewNode() {
    nodes_.push_back(std::make_unique<YamlNode>());
    return nodes_.back().get();
  }
  void set_root(const YamlNode* root) { root_ = root; }
  // Entries visited while applying merge keys ('<<'), one hash lookup each: the work the merges
  // cost, at most kMaxExpandedNodes (E110 beyond).
  std::int64_t merge_steps() const { return merge_steps_; }
  // Counts one more merge step; returns the total.
  std::int64_t CountMergeStep() { return ++merge_steps_; }

 private:
  std::int64_t merge_steps_ = 0;
  std::vector<std::unique_ptr<YamlNode>> nodes_;
  const YamlNode* root_ = nullptr;
};

// Parses the file. Reports E100 (syntax), E101 (empty), E102 (not text / too large), E106
// (duplicate key), E110 (alias problems), E111 (several documents), E112 (too deep). Returns
// the tree when it has a root, even if duplicate keys were reported (the caller stops after
// this phase when diags has errors).
std::optional<YamlTree> ParseYaml(const SourceFile& file, Diagnostics& diags);

}  // namespace model::load
