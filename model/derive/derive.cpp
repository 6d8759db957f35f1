#include "model/derive/derive.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/derive/internal.h"

namespace model::derive {

const Attribute* Context::FindAttr(EntityId e, const std::string& name) const {
  const Entity& en = entity(e);
  AttrId id = en.FindAttribute(name);
  return id < 0 ? nullptr : &en.attributes[static_cast<std::size_t>(id)];
}

Encoding Context::EncodingOf(EntityId e, const std::string& name) const {
  const Attribute* a = FindAttr(e, name);
  if (a == nullptr) return Encoding::kText;
  // The kind of a polymorphic association renders as its parent's label, so that the child's
  // key `{targetKind}#{targetId}` is the parent's partition (ISSUE#42).
  for (const Relationship& r : model.relationships) {
    if (r.Polymorphic() && r.to == e &&
        entity(e).attributes[static_cast<std::size_t>(r.kind)].name == name)
      return Encoding::kLabel;
  }
  return EncodingFor(a->type);
}

SlotUnit& Context::Unit(EntityId e, bool history) {
  for (auto& u : units) {
    if (u.entity == e && u.history == history) return u;
  }
  units.push_back(SlotUnit{e, history, {SlotItem{}}});
  return units.back();
}

double Selectivity(const Context& c, EntityId e, const std::string& attribute,
                   const std::string& value) {
  return FilterSelectivity(c.model, c.entity(e), attribute, value);
}

void CheckReservedNames(Context& c) {
  const Table& t = c.model.table;
  std::vector<std::string> reserved = {kTypeAttribute,
                                       kShardAttribute,
                                       kVersionAttribute,
                                       kLatestAttribute,
                                       t.partition_key,
                                       t.sort_key,
                                       kAggregateVersionAttribute,
                                       kAggregateSeenAttribute,
                                       kAggregateValuesAttribute};
  for (const auto& e : c.model.entities) {
    for (const auto& a : e.attributes) {
      bool clash = false;
      for (const auto& r : reserved) clash = clash || a.name == r;
      for (int n = 1; n <= kDynamoMaxGsis; ++n) {
        clash = clash || a.name == t.GsiPartitionKey(n) || a.name == t.GsiSortKey(n);
      }
      if (clash) {
        Diagnostic& d = c.diags.Error(
            DiagId::kReservedAttributeName, a.range,
            fmt::format("attribute '{}' of entity '{}' has a name the key layout writes itself",
                        a.name, e.name));
        Diagnostics::Note(d, t.range,
                          "the table's key attributes, the index key attributes and _type, _shard, "
                          "_version, _latest, _aggv, _aggseen, _aggvals are reserved");
        c.failed = true;
      }
    }
  }
}

namespace {

// W515: an index the model pins (keys of an entity on it, or a table-level declaration) that no
// read uses. Every item carrying its keys is written to it as well, one write unit or more per
// item written (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
// #GSI.ThroughputConsiderations.Writes), for nothing.
void WarnUnusedPinnedIndexes(Context& c) {
  const Table& t = c.model.table;
  std::map<int, std::vector<std::pair<SourceRange, std::string>>> pins;  // index -> declarations
  for (const DeclaredIndex& d : t.indexes) pins[d.index].push_back({d.range, ""});
  for (const Entity& e : c.model.entities) {
    for (const PinnedIndexKeys& k : e.pinned_index_keys) pins[k.index].push_back({k.range, e.name});
  }
  for (const auto& [n, where] : pins) {
    bool read = std::any_of(c.layout.reads.begin(), c.layout.reads.end(),
                            [n = n](const ReadPlan& r) { return r.index == n; });
    if (read) continue;
    const std::string name = t.GsiName(n);
    bool exists = std::any_of(c.layout.indexes.begin(), c.layout.indexes.end(),
                              [n = n](const IndexLayout& i) { return i.number == n; });
    std::string text =
        exists ? fmt::format(
                     "index '{}' is pinned in the model but no access pattern reads it: "
                     "every item carrying its keys is written to it too, at a cost in "
                     "write units, for nothing; route a pattern to it (`index: {}`) or "
                     "remove the pin",
                     name, name)
               : fmt::format(
                     "index '{}' is declared in the model but no access pattern reads "
                     "it, so the layout has no such index ({} GSIs); remove the "
                     "declaration or route a pattern to it (`index: {}`)",
                     name, c.layout.indexes.size(), name);
    Diagnostic& d = c.diags.Warning(DiagId::kUnusedPinnedIndex, where[0].first, text);
    for (std::size_t i = 1; i < where.size(); ++i) {
      Diagnostics::Note(d, where[i].first,
                        fmt::format("'{}' pins its {} keys here", where[i].second, name));
    }
  }
}

}  // namespace

std::optional<KeyLayout> DeriveLayout(const Model& model, Diagnostics& diags) {
  return DeriveLayout(model, diags, DeriveOptions{});
}

namespace {

// What one derivation gives the next: the write shards of hot partitions, and the reads kept off
// inverted indexes' constant partitions.
struct Steer {
  std::map<int, derive::HotShards> hot;
  std::map<int, std::string> off_inverted;
  bool operator==(const Steer& o) const { return hot == o.hot && off_inverted == o.off_inverted; }
};

// One derivation of `model` (`embedded` and `routed` its first-step models) steered by `steer`;
// `needed` gets what the derived layout needs (NeededHotShards, NeededOffInverted).
std::optional<KeyLayout> DeriveWith(const Model& model, const Model& embedded, const Model& routed,
                                    Diagnostics& diags, const DeriveOptions& options,
                                    const Steer& steer, Steer* needed) {
  derive::Context c(routed, diags);
  c.hot_shards = steer.hot;
  c.off_inverted = steer.off_inverted;
  c.layout.table_name = model.table.name;
  c.layout.billing = model.table.billing;
  c.layout.stream = model.table.streams;
  for (const Entity& e : model.entities) {
    if (!e.ttl.empty()) c.layout.ttl_attribute = model.table.ttl_attribute;
  }
  c.layout.partition_key = model.table.partition_key;
  c.layout.sort_key = model.table.sort_key;
  derive::CheckReservedNames(c);
  if (c.failed) return std::nullopt;
  if (options.choose_by_cost) derive::ChooseAdjacencySides(c);
  derive::PlaceEntities(c);
  if (options.choose_by_cost && !c.failed) derive::ChooseLayout(c);
  if (options.choose_by_cost) derive::ChooseTableFilters(c);
  derive::RoutePatterns(c);
  if (c.failed) return std::nullopt;
  derive::SizeShards(c);
  if (options.choose_by_cost) derive::ChooseGsiCount(c);
  if (options.choose_by_cost) derive::ChooseViewPlacement(c);
  derive::PackIndexes(c);
  if (c.failed) return std::nullopt;
  derive::BuildItemTypes(c);
  if (c.failed) return std::nullopt;
  derive::BuildReadPlans(c);
  derive::AttachFollowUps(c, embedded);
  derive::AttachTableFetches(c);
  derive::BuildWritePlans(c);
  derive::WarnCopies(c);
  derive::PlanAggregates(c);
  derive::FilterShardItemsOnInvertedIndexes(c);
  derive::DescribeInvertedIndexItems(c);
  derive::CheckWriteTransactions(c);
  derive::WarnUniqueIdentifier(c);
  derive::FinishEmbedded(c, model);
  if (c.failed || diags.HasErrors()) return std::nullopt;
  derive::WarnHotPartitions(c, model);
  derive::WarnInvertedConstantPartitions(c, model);
  derive::WarnInvertedConstantPartitionReads(c, model);
  derive::WarnSharedPartitions(c, model);
  if (needed) {
    needed->hot = derive::NeededHotShards(c, model);
    needed->off_inverted = derive::NeededOffInverted(c, model);
  }
  WarnUnusedPinnedIndexes(c);
  return std::move(c.layout);
}

// Derivations a model with hot partitions or inverted indexes gets at most: each finds what the
// previous one's layout needs (write shards of hot partitions, which only grow; reads moved off
// inverted indexes' constant partitions, which only grow).
constexpr int kMaxHotPasses = 4;

}  // namespace

std::optional<KeyLayout> DeriveLayout(const Model& model, Diagnostics& diags,
                                      const DeriveOptions& options) {
  // Every read is routed as its first step; a read of a relationship's other side gets its
  // second step after the read plans (AttachFollowUps).
  // Embedded collections are derived as attributes of their parents (EmbeddedModel), then
  // given their own plans (FinishEmbedded).
  const Model embedded = derive::EmbeddedModel(model);
  const Model routed = derive::FirstStepModel(embedded);
  const bool hot = std::any_of(model.access_patterns.begin(), model.access_patterns.end(),
                               [](const AccessPattern& p) { return p.hot_share.has_value(); });
  const bool inverted = std::any_of(model.table.indexes.begin(), model.table.indexes.end(),
                                    [](const DeclaredIndex& d) { return d.Inverted(); });
  if (!hot && !inverted) return DeriveWith(model, embedded, routed, diags, options, {}, nullptr);
  // Hot partitions sum the real units of every pattern on a key (model/hot_partitions.h), known
  // once a layout is derived: derive, find the write shards the busy values need and the reads an
  // inverted index's constant partition cannot take, and derive again with them (the
  // diagnostics of the passes before the last dropped) until they hold. A pass that fails once
  // reads are moved off (no index left for their views) is derived again with them back: those
  // reads have no other plan (W540).
  Steer steer;
  std::optional<Steer> ok;  // the steer of the last pass that derived
  bool frozen = false;      // reads stay where they are from now on
  for (int pass = 1; pass < kMaxHotPasses; ++pass) {
    Diagnostics scratch = diags;
    Steer needed;
    std::optional<KeyLayout> layout =
        DeriveWith(model, embedded, routed, scratch, options, steer, &needed);
    if (!layout) {
      if (!ok || ok->off_inverted == steer.off_inverted) break;
      steer.off_inverted = ok->off_inverted;
      frozen = true;
      continue;
    }
    ok = steer;
    if (frozen || pass + 1 == kMaxHotPasses) needed.off_inverted = steer.off_inverted;
    if (needed == steer) {
      // Converged: this pass is the derivation.
      diags = std::move(scratch);
      return layout;
    }
    steer = std::move(needed);
  }
  return DeriveWith(model, embedded, routed, diags, options, steer, nullptr);
}

}  // namespace model::derive
