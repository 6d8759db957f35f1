#include "tests/support/mutate.h"

#include <fmt/format.h>

#include <algorithm>

namespace model {

const char* MutationKindName(MutationKind kind) {
  switch (kind) {
    case MutationKind::kWrongSortKey:
      return "wrong-sort-key";
    case MutationKind::kWrongPartitionKey:
      return "wrong-partition-key";
    case MutationKind::kMissingIndexKeys:
      return "missing-index-keys";
    case MutationKind::kStaleIndexOnUpdate:
      return "stale-index-on-update";
    case MutationKind::kNumberSortedAsText:
      return "number-sorted-as-text";
    case MutationKind::kSingleShard:
      return "single-shard";
    case MutationKind::kDroppedItem:
      return "dropped-item";
    case MutationKind::kWrongIndex:
      return "wrong-index";
    case MutationKind::kWrongDirection:
      return "wrong-direction";
    case MutationKind::kLimitIgnored:
      return "limit-ignored";
    case MutationKind::kFilterDropped:
      return "filter-dropped";
    case MutationKind::kWrongKeyCondition:
      return "wrong-key-condition";
    case MutationKind::kVersionNotUpdated:
      return "version-not-updated";
    case MutationKind::kUniquenessNotWritten:
      return "uniqueness-not-written";
    case MutationKind::kWrongSparseValue:
      return "wrong-sparse-value";
    case MutationKind::kAggregateShardsIgnored:
      return "aggregate-shards-ignored";
    case MutationKind::kAggregateReadsIgnored:
      return "aggregate-reads-ignored";
    case MutationKind::kConditionDropped:
      return "condition-dropped";
    case MutationKind::kAlsoDropped:
      return "also-dropped";
    case MutationKind::kCopyDropped:
      return "copy-dropped";
    case MutationKind::kEmbeddedWrongKey:
      return "embedded-wrong-key";
    case MutationKind::kKindDropped:
      return "kind-dropped";
  }
  return "";
}

namespace {

bool Returns(const ReadPlan& r, int type) {
  return std::find(r.item_types.begin(), r.item_types.end(), type) != r.item_types.end();
}

// Read patterns whose plan returns item type `type` (optionally only those on `index`).
std::vector<std::string> ReadersOf(const KeyLayout& l, int type, int index = -1) {
  std::vector<std::string> out;
  for (const auto& r : l.reads) {
    if (Returns(r, type) && (index < 0 || r.index == index)) out.push_back(r.pattern);
  }
  return out;
}

// The literal part of a template with text appended to its first literal.
bool DamageLiteral(KeyTemplate& t) {
  for (auto& part : t.parts) {
    if (!part.is_attribute) {
      part.text += "X";
      return true;
    }
  }
  return false;
}

bool IsNumeric(Encoding e) { return e == Encoding::kInteger || e == Encoding::kNumber; }

// Finds each kind's first applicable place in one layout; one member function per kind.
struct Mutator {
  const Model& model;
  const KeyLayout& layout;
  const std::vector<ItemType>& types;
  std::vector<Mutation> out;

  void Add(MutationKind kind, std::string description, std::vector<std::string> breaks,
           KeyLayout damaged) {
    if (breaks.empty()) return;
    out.push_back(Mutation{kind, std::move(description), std::move(breaks), std::move(damaged)});
  }

  // Table keys: a GetItem's item type gets a different sort key, then partition key.
  void WrongTableKeys() {
    for (MutationKind kind : {MutationKind::kWrongSortKey, MutationKind::kWrongPartitionKey}) {
      for (const auto& r : layout.reads) {
        if (r.operation != Operation::kGetItem || r.item_types.empty()) continue;
        KeyLayout l = layout;
        ItemType& t = l.item_types[static_cast<std::size_t>(r.item_types[0])];
        KeyTemplate& key = kind == MutationKind::kWrongSortKey ? t.sort_key : t.partition_key;
        std::string before = key.ToString();
        if (!DamageLiteral(key)) continue;
        std::string what = fmt::format("{}: key {} -> {}", t.name, before, key.ToString());
        Add(kind, what, {r.pattern}, std::move(l));
        break;
      }
    }
  }

  // An index key never written for the item types a pattern reads from that index.
  void MissingIndexKeys() {
    for (const auto& r : layout.reads) {
      if (r.index == 0 || r.item_types.empty()) continue;
      KeyLayout l = layout;
      ItemType& t = l.item_types[static_cast<std::size_t>(r.item_types[0])];
      std::erase_if(t.index_keys, [&](const IndexKeys& k) { return k.index == r.index; });
      std::string what =
          fmt::format("{} no longer carries {} keys", t.name, layout.IndexName(r.index));
      Add(MutationKind::kMissingIndexKeys, what, ReadersOf(layout, r.item_types[0], r.index),
          std::move(l));
      break;
    }
  }

  // An update that changes an index key's attribute but does not refresh the key.
  void StaleIndexOnUpdate() {
    for (std::size_t w = 0; w < layout.writes.size(); ++w) {
      const WritePlan& plan = layout.writes[w];
      auto it = std::find_if(plan.writes.begin(), plan.writes.end(), [](const ItemWrite& iw) {
        return iw.op == WriteOp::kUpdate && !iw.refresh_keys.empty();
      });
      if (it == plan.writes.end()) continue;
      KeyLayout l = layout;
      l.writes[w].writes[static_cast<std::size_t>(it - plan.writes.begin())].refresh_keys.clear();
      std::vector<std::string> breaks = ReadersOf(layout, it->item_type);
      Add(MutationKind::kStaleIndexOnUpdate,
          fmt::format("{} no longer refreshes {}", plan.pattern, fmt::join(it->refresh_keys, ", ")),
          breaks, std::move(l));
      break;
    }
  }

  // A numeric sort key encoded as plain text.
  void NumberSortedAsText() {
    for (std::size_t ti = 0; ti < types.size() && out.size() < 100; ++ti) {
      bool done = false;
      for (std::size_t k = 0; k < types[ti].index_keys.size() && !done; ++k) {
        const IndexKeys& ik = types[ti].index_keys[k];
        for (std::size_t pi = 0; pi < ik.sort_key.parts.size(); ++pi) {
          if (!ik.sort_key.parts[pi].is_attribute || !IsNumeric(ik.sort_key.parts[pi].encoding))
            continue;
          std::vector<std::string> breaks;
          for (const auto& r : layout.reads) {
            const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(r.pattern_id)];
            const std::string& attr = ik.sort_key.parts[pi].text;
            bool ordered = (p.sort && p.sort->attribute == attr) ||
                           (p.range_condition && p.range_condition->attribute == attr);
            if (r.index == ik.index && Returns(r, static_cast<int>(ti)) && ordered)
              breaks.push_back(r.pattern);
          }
          KeyLayout l = layout;
          l.item_types[ti].index_keys[k].sort_key.parts[pi].encoding = Encoding::kText;
          Add(MutationKind::kNumberSortedAsText,
              fmt::format("{}'s {} sort key {} sorts its number as text", types[ti].name,
                          layout.IndexName(ik.index), ik.sort_key.ToString()),
              breaks, std::move(l));
          done = !breaks.empty();
          break;
        }
      }
      if (done) break;
    }
  }

  // One shard under a hot key.
  void SingleShard() {
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      if (r.operation != Operation::kFanOutQuery) continue;
      KeyLayout l = layout;
      l.reads[ri].shards = 1;
      l.reads[ri].per_shard_limit = r.limit;
      for (int t : r.item_types) l.item_types[static_cast<std::size_t>(t)].shards = 1;
      Add(MutationKind::kSingleShard,
          fmt::format("{} reads one shard instead of {}", r.pattern, r.shards), {r.pattern},
          std::move(l));
      break;
    }
  }

  // An item type that is never written (a facet, edge or uniqueness item).
  void DroppedItem() {
    for (std::size_t ti = 0; ti < types.size(); ++ti) {
      if (types[ti].role != ItemRole::kFacet) continue;
      KeyLayout l = layout;
      l.item_types[ti].partition_key = TemplateBuilder().Attr("_dropped", Encoding::kText).Build();
      Add(MutationKind::kDroppedItem, fmt::format("{} items are not written", types[ti].name),
          ReadersOf(layout, static_cast<int>(ti)), std::move(l));
      if (!out.empty() && out.back().kind == MutationKind::kDroppedItem) break;
    }
  }

  // A pattern pointed at another index.
  void WrongIndex() {
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      if (r.operation != Operation::kQuery || layout.indexes.empty()) continue;
      KeyLayout l = layout;
      l.reads[ri].index =
          r.index == 0 ? 1 : (r.index % static_cast<int>(layout.indexes.size())) + 1;
      if (l.reads[ri].index == r.index) l.reads[ri].index = 0;
      std::string what =
          fmt::format("{} queries {} instead of {}", r.pattern, layout.IndexName(l.reads[ri].index),
                      layout.IndexName(r.index));
      Add(MutationKind::kWrongIndex, what, {r.pattern}, std::move(l));
      break;
    }
  }

  // The plan reads in the opposite direction.
  void WrongDirection() {
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(r.pattern_id)];
      if (r.operation != Operation::kQuery || !p.sort || !r.client_steps.empty()) continue;
      KeyLayout l = layout;
      l.reads[ri].scan_forward = !r.scan_forward;
      Add(MutationKind::kWrongDirection,
          fmt::format("{} reads in the opposite direction", r.pattern), {r.pattern}, std::move(l));
      break;
    }
  }

  // The plan ignores its limit: the plan with the smallest limit, the most likely to be exceeded.
  void LimitIgnored() {
    std::optional<std::size_t> smallest;
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      if (r.operation == Operation::kQuery && r.limit &&
          (!smallest || *r.limit < *layout.reads[*smallest].limit))
        smallest = ri;
    }
    for (std::size_t ri = smallest.value_or(layout.reads.size()); ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      KeyLayout l = layout;
      l.reads[ri].limit.reset();
      Add(MutationKind::kLimitIgnored,
          fmt::format("{} ignores its limit of {}", r.pattern, *r.limit), {r.pattern},
          std::move(l));
      break;
    }
  }

  // The plan drops its filter.
  void FilterDropped() {
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      if (r.filter.empty() && r.filter_types.empty()) continue;
      KeyLayout l = layout;
      l.reads[ri].filter.clear();
      l.reads[ri].filter_types.clear();
      Add(MutationKind::kFilterDropped, fmt::format("{} drops its filter", r.pattern), {r.pattern},
          std::move(l));
      break;
    }
  }

  // A pattern whose key condition names another partition than its items are written under.
  void WrongKeyCondition() {
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      const ReadPlan& r = layout.reads[ri];
      if (r.operation != Operation::kQuery) continue;
      KeyLayout l = layout;
      if (!DamageLiteral(l.reads[ri].key.partition_key)) continue;
      std::string what = fmt::format(
          "{} queries {} = {}", r.pattern,
          r.index == 0 ? layout.partition_key
                       : layout.indexes[static_cast<std::size_t>(r.index - 1)].partition_key,
          l.reads[ri].key.partition_key.ToString());
      Add(MutationKind::kWrongKeyCondition, what, {r.pattern}, std::move(l));
      break;
    }
  }

  // A versioned update that forgets the current item (v0).
  void VersionNotUpdated() {
    for (std::size_t w = 0; w < layout.writes.size(); ++w) {
      const WritePlan& plan = layout.writes[w];
      auto it = std::find_if(plan.writes.begin(), plan.writes.end(), [&](const ItemWrite& iw) {
        const ItemType& t = types[static_cast<std::size_t>(iw.item_type)];
        return iw.op == WriteOp::kUpdate && t.role == ItemRole::kEntity &&
               model.entities[static_cast<std::size_t>(t.entity)].versioned;
      });
      if (it == plan.writes.end()) continue;
      std::vector<std::string> breaks;
      for (const auto& r : layout.reads) {
        const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(r.pattern_id)];
        if (p.current_only && Returns(r, it->item_type)) breaks.push_back(r.pattern);
      }
      KeyLayout l = layout;
      l.writes[w].writes.erase(l.writes[w].writes.begin() + (it - plan.writes.begin()));
      Add(MutationKind::kVersionNotUpdated,
          fmt::format("{} no longer updates the current version", plan.pattern), breaks,
          std::move(l));
      break;
    }
  }

  // A create that does not claim its unique value.
  void UniquenessNotWritten() {
    for (std::size_t w = 0; w < layout.writes.size(); ++w) {
      const WritePlan& plan = layout.writes[w];
      auto it = std::find_if(plan.writes.begin(), plan.writes.end(), [&](const ItemWrite& iw) {
        return iw.op == WriteOp::kPut &&
               types[static_cast<std::size_t>(iw.item_type)].role == ItemRole::kUniqueness;
      });
      if (it == plan.writes.end()) continue;
      KeyLayout l = layout;
      l.writes[w].writes.erase(l.writes[w].writes.begin() + (it - plan.writes.begin()));
      Add(MutationKind::kUniquenessNotWritten,
          fmt::format("{} does not write {}", plan.pattern,
                      types[static_cast<std::size_t>(it->item_type)].name),
          {plan.pattern}, std::move(l));
      break;
    }
  }

  // A sparse index keyed on the wrong value.
  void WrongSparseValue() {
    for (std::size_t ti = 0; ti < types.size(); ++ti) {
      for (std::size_t k = 0; k < types[ti].index_keys.size(); ++k) {
        const IndexKeys& ik = types[ti].index_keys[k];
        if (ik.only_when.empty()) continue;
        KeyLayout l = layout;
        l.item_types[ti].index_keys[k].only_when[0].value += "_X";
        Add(MutationKind::kWrongSparseValue,
            fmt::format("{} enters {} only when {} = {}_X", types[ti].name,
                        layout.IndexName(ik.index), ik.only_when[0].attribute,
                        ik.only_when[0].value),
            ReadersOf(layout, static_cast<int>(ti), ik.index), std::move(l));
        ti = types.size();
        break;
      }
      if (ti >= types.size()) break;
    }
  }

  // A read of a sharded aggregate's group items that reads only shard 0 (the `into` item).
  void AggregateShardsIgnored() {
    for (std::size_t r = 0; r < layout.reads.size(); ++r) {
      if (layout.reads[r].aggregate_shards.empty()) continue;
      KeyLayout l = layout;
      l.reads[r].aggregate_shards.clear();
      Add(MutationKind::kAggregateShardsIgnored,
          fmt::format("{} reads only shard 0 of each group", layout.reads[r].pattern),
          {layout.reads[r].pattern}, std::move(l));
      break;
    }
  }

  // A read of a read-time aggregate's `into` items that returns them without computing the
  // values (nothing stores them).
  void AggregateReadsIgnored() {
    for (std::size_t r = 0; r < layout.reads.size(); ++r) {
      if (layout.reads[r].aggregate_reads.empty()) continue;
      KeyLayout l = layout;
      l.reads[r].aggregate_reads.clear();
      Add(MutationKind::kAggregateReadsIgnored,
          fmt::format("{} returns its group items without computing their values",
                      layout.reads[r].pattern),
          {layout.reads[r].pattern}, std::move(l));
      break;
    }
  }

  // A conditional write pattern's plan that leaves its `condition:` clauses out (the rest of
  // its conditions stay): it then applies where the condition fails.
  void ConditionDropped() {
    for (std::size_t w = 0; w < layout.writes.size(); ++w) {
      KeyLayout l = layout;
      bool dropped = false;
      for (ItemWrite& iw : l.writes[w].writes) {
        dropped = dropped || !iw.conditions.empty();
        iw.conditions.clear();
      }
      if (!dropped) continue;
      Add(MutationKind::kConditionDropped,
          fmt::format("{} writes without its condition", layout.writes[w].pattern),
          {layout.writes[w].pattern}, std::move(l));
      break;
    }
  }

  // A write pattern's plan without its `also` entries' writes (the update of the other entity, or
  // the ConditionCheck): the other item then stays as it was, or the write applies where the
  // entry's condition fails.
  void AlsoDropped() {
    for (std::size_t w = 0; w < layout.writes.size(); ++w) {
      KeyLayout l = layout;
      auto& writes = l.writes[w].writes;
      auto kept = std::remove_if(writes.begin(), writes.end(),
                                 [](const ItemWrite& iw) { return iw.also >= 0; });
      if (kept == writes.end()) continue;
      writes.erase(kept, writes.end());
      l.writes[w].transaction = writes.size() > 1;
      Add(MutationKind::kAlsoDropped,
          fmt::format("{} leaves its 'also' items out of its transaction",
                      layout.writes[w].pattern),
          {layout.writes[w].pattern}, std::move(l));
      break;
    }
  }

  // An update of a copied attribute that no longer rewrites the children's copies: they keep
  // the parent's old value.
  void CopyDropped() {
    for (std::size_t w = 0; w < layout.writes.size(); ++w) {
      if (layout.writes[w].copies.empty()) continue;
      KeyLayout l = layout;
      l.writes[w].copies.clear();
      l.writes[w].transaction = l.writes[w].writes.size() > 1;
      Add(MutationKind::kCopyDropped,
          fmt::format("{} leaves its children's copies behind", layout.writes[w].pattern),
          {layout.writes[w].pattern}, std::move(l));
      break;
    }
  }

  // An embedded collection whose map is keyed by another attribute of the child than its
  // identifier: children sharing its value overwrite one another, and a write of one child finds
  // another's element (or none).
  void EmbeddedWrongKey() {
    for (std::size_t i = 0; i < layout.embedded.size(); ++i) {
      const EmbeddedLayout& e = layout.embedded[i];
      auto other = std::find_if(e.attributes.begin(), e.attributes.end(),
                                [&](const std::string& a) { return a != e.key; });
      if (other == e.attributes.end()) continue;
      KeyLayout l = layout;
      l.embedded[i].key = *other;
      std::vector<std::string> breaks;
      for (const ReadPlan& r : layout.reads) {
        if (r.embedded && r.embedded->collection == static_cast<int>(i))
          breaks.push_back(r.pattern);
      }
      for (const WritePlan& w : layout.writes) {
        if (w.embedded == static_cast<int>(i)) breaks.push_back(w.pattern);
      }
      Add(MutationKind::kEmbeddedWrongKey,
          fmt::format("the {} map keyed by {} instead of {}", e.attribute, *other, e.key), breaks,
          std::move(l));
      break;
    }
  }

  // A polymorphic association's key without its kind (model.h Relationship::kind): the
  // children of ISSUE#5 and of PULL_REQUEST#5 share the partition `5`, so a read of one parent's
  // children returns the other's too. Every template holding the kind (items and key conditions
  // alike) loses it with its separator, so the items are still found where the reads look.
  void KindDropped() {
    auto drop = [](KeyTemplate& key) {
      auto& parts = key.parts;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].is_attribute || parts[i].encoding != Encoding::kLabel) continue;
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i));
        if (i < parts.size() && !parts[i].is_attribute && !parts[i].text.empty() &&
            parts[i].text[0] == kKeySeparator) {
          parts[i].text.erase(0, 1);
          if (parts[i].text.empty()) parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i));
        }
        return true;
      }
      return false;
    };
    for (std::size_t ri = 0; ri < layout.reads.size(); ++ri) {
      KeyLayout l = layout;
      if (!drop(l.reads[ri].key.partition_key)) continue;
      std::vector<std::string> breaks;
      for (std::size_t o = 0; o < l.reads.size(); ++o) {
        if (o == ri || drop(l.reads[o].key.partition_key)) breaks.push_back(l.reads[o].pattern);
        drop(l.reads[o].key.sort_lower);
        drop(l.reads[o].key.sort_upper);
      }
      for (ItemType& t : l.item_types) {
        drop(t.partition_key);
        drop(t.sort_key);
        for (IndexKeys& k : t.index_keys) {
          drop(k.partition_key);
          drop(k.sort_key);
        }
      }
      Add(MutationKind::kKindDropped,
          fmt::format("{} queries {} without the kind", layout.reads[ri].pattern,
                      layout.reads[ri].key.partition_key.ToString()),
          breaks, std::move(l));
      break;
    }
  }
};

}  // namespace

std::vector<Mutation> Mutations(const Model& model, const KeyLayout& layout) {
  Mutator m{model, layout, layout.item_types, {}};
  m.WrongTableKeys();
  m.MissingIndexKeys();
  m.StaleIndexOnUpdate();
  m.NumberSortedAsText();
  m.SingleShard();
  m.DroppedItem();
  m.WrongIndex();
  m.WrongDirection();
  m.LimitIgnored();
  m.FilterDropped();
  m.WrongKeyCondition();
  m.VersionNotUpdated();
  m.UniquenessNotWritten();
  m.WrongSparseValue();
  m.AggregateShardsIgnored();
  m.AggregateReadsIgnored();
  m.ConditionDropped();
  m.AlsoDropped();
  m.CopyDropped();
  m.EmbeddedWrongKey();
  m.KindDropped();
  std::stable_sort(m.out.begin(), m.out.end(),
                   [](const Mutation& a, const Mutation& b) { return a.kind < b.kind; });
  return std::move(m.out);
}

}  // namespace model
