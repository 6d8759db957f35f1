// mcp-json: the dynamodb_data_model.json that the AWS DynamoDB MCP server's data-model
// validation reads (awslabs/mcp, src/dynamodb-mcp-server, prompts/json_generation_guide.md):
// - "tables": each table in create_table shape (table_spec.h's CreateTableRequest);
// - "items": by table name, batch_write_item shape ({"PutRequest": {"Item": {...}}}), the table
//   items of model/table_items.h;
// - "access_patterns": one entry per read pattern with "pattern" (its number), "description",
//   "table", "index" (for an index), "dynamodb_operation" and "implementation": one `aws
//   dynamodb ...` command, JSON arguments in single quotes, every attribute name through
//   --expression-attribute-names, that runs the pattern's plan with sample arguments taken from
//   the items, so that it finds some of them. A read that returns the other side of the
//   relationship it follows (ReadPlan::follow_up) sends two requests, so it has two entries, as
//   the MCP server's guide asks of a pattern needing several operations: "<n>a", the first step
//   (the link holders' items, by the plan's key condition), then "<n>b", the second (GetItem or
//   BatchGetItem of the items their links reference, by those items' table keys).
//
// Sample arguments: among the items of the plan's item types, the one whose values render the
// plan's partition key to the partition holding most such items; a range bound is the smallest
// (for > and >=), the largest (< and <=) or both (between) of that partition's range values, or
// the chosen item's own value (= and begins_with). Only items that pass the plan's filter count.
// A fan-out queries the chosen item's shard. A two-step read's arguments are preferably ones
// whose second step finds some of the items; that step reads the items linked from those the
// first step's command returns with them (in its order, each key once, at most the 100 keys one
// BatchGetItem request takes:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html), as the
// plan does, a link naming an item the items lack included: it comes back absent.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "codegen/export/export.h"
#include "codegen/export/table_spec.h"
#include "model/filter_presence.h"
#include "model/range_bounds.h"

namespace model::codegen {

namespace {

std::optional<std::string> Natural(const ItemValue* v) {
  if (!v) return std::nullopt;
  switch (v->type) {
    case ItemValue::Type::kS:
    case ItemValue::Type::kN:
    case ItemValue::Type::kB:
      return v->scalar;
    case ItemValue::Type::kBool:
      return std::string(v->boolean ? "true" : "false");
    default:
      return std::nullopt;
  }
}

std::string Compact(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

struct Names {
  std::string pk;
  std::string sk;
};

Names KeyNames(const KeyLayout& layout, int index) {
  if (index == 0) return {layout.partition_key, layout.sort_key};
  const IndexLayout& ix = layout.indexes[static_cast<std::size_t>(index - 1)];
  return {ix.partition_key, ix.sort_key};
}

using Args = std::map<std::string, std::string>;

// True when the item passes the plan's filter (fixed conditions and the type label list).
bool Passes(const TableItem& item, const ReadPlan& plan) {
  for (const SparseCondition& f : plan.filter) {
    FilterTest test = TestOf(f.value);  // a presence test: model/filter_presence.h
    if (test != FilterTest::kEquals) {
      if ((item.Find(f.attribute) != nullptr) != (test == FilterTest::kExists)) return false;
      continue;
    }
    if (Natural(item.Find(f.attribute)) != f.value) return false;
  }
  if (!plan.filter_types.empty()) {
    auto label = Natural(item.Find(kTypeAttribute));
    if (!label || std::find(plan.filter_types.begin(), plan.filter_types.end(), *label) ==
                      plan.filter_types.end())
      return false;
  }
  return true;
}

std::optional<std::string> Render(const KeyTemplate& t, const Args& args) {
  return RenderKey(t, [&](const std::string& name) -> std::optional<std::string> {
    auto it = args.find(name);
    if (it == args.end()) return std::nullopt;
    return it->second;
  });
}

// The arguments (pattern parameters, range bounds "from" / "to" / "value" by the names
// RangeBoundNames in model/range_bounds.h gives them, and the shard) for
// one read plan, or nullopt when no item of the plan's types can supply them. Candidates for
// which `preferred` holds (when given) come first, then those whose partition holds the most.
std::optional<Args> ChooseArgs(const Model& model, const KeyLayout& layout, const ReadPlan& plan,
                               const TableItems& items,
                               const std::function<bool(const Args&)>& preferred = nullptr) {
  if (plan.operation == Operation::kScan) return Args{};
  const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  std::set<int> types(plan.item_types.begin(), plan.item_types.end());
  Names names = KeyNames(layout, plan.index);
  bool table_key =
      plan.operation == Operation::kGetItem || plan.operation == Operation::kBatchGetItem;
  const std::vector<std::string> bounds = RangeBoundNames(p);
  auto set_bounds = [&](Args& args, const std::string& v) {
    for (const std::string& b : bounds) args[b] = v;
  };
  auto args_of = [&](const TableItem& item) -> std::optional<Args> {
    Args args;
    for (const std::string& param : p.params) {
      auto v = Natural(item.Find(param));
      if (!v) return std::nullopt;
      args[param] = *v;
    }
    if (p.range_condition) {
      auto v = Natural(item.Find(p.range_condition->attribute));
      if (!v) return std::nullopt;
      set_bounds(args, *v);
    }
    if (auto shard = Natural(item.Find(kShardAttribute))) args[kShardAttribute] = *shard;
    return args;
  };
  const TableItem* best = nullptr;
  Args best_args;
  std::size_t best_count = 0;
  bool best_preferred = false;
  for (const TableItem& item : items.items) {
    if (!types.count(item.item_type) || !Passes(item, plan)) continue;
    auto stored_pk = Natural(item.Find(names.pk));
    if (!stored_pk) continue;
    auto args = args_of(item);
    if (!args) continue;
    auto pk = Render(plan.key.partition_key, *args);
    if (!pk || *pk != *stored_pk) continue;
    if (table_key) {
      auto sk = Render(plan.key.sort_lower, *args);
      if (!sk || *sk != Natural(item.Find(names.sk)).value_or("")) continue;
    }
    std::size_t count = 0;
    for (const TableItem& other : items.items) {
      if (types.count(other.item_type) && Passes(other, plan) &&
          Natural(other.Find(names.pk)) == stored_pk)
        ++count;
    }
    bool is_preferred = preferred && preferred(*args);
    if (!best || is_preferred > best_preferred ||
        (is_preferred == best_preferred && count > best_count)) {
      best = &item;
      best_args = *args;
      best_count = count;
      best_preferred = is_preferred;
    }
  }
  if (!best) return std::nullopt;
  if (p.range_condition && plan.key.sort_op != SortOp::kEq &&
      plan.key.sort_op != SortOp::kBeginsWith) {
    // The partition's range values, ordered as their keys sort.
    std::optional<std::pair<std::string, std::string>> low, high;  // (rendered bound, value)
    auto stored_pk = Natural(best->Find(names.pk));
    for (const TableItem& item : items.items) {
      if (!types.count(item.item_type) || !Passes(item, plan) ||
          Natural(item.Find(names.pk)) != stored_pk)
        continue;
      auto v = Natural(item.Find(p.range_condition->attribute));
      if (!v) continue;
      Args a = best_args;
      set_bounds(a, *v);
      auto bound = Render(plan.key.sort_lower, a);
      if (!bound) continue;
      if (!low || *bound < low->first) low = std::make_pair(*bound, *v);
      if (!high || *bound > high->first) high = std::make_pair(*bound, *v);
    }
    if (low && high) {
      switch (plan.key.sort_op) {
        case SortOp::kGt:
        case SortOp::kGe:
          best_args[bounds[0]] = low->second;
          break;
        case SortOp::kLt:
        case SortOp::kLe:
          best_args[bounds[0]] = high->second;
          break;
        case SortOp::kBetween:
          // A one-sided range bounded by its item type's label at the other end keeps the
          // chosen item's value.
          if (bounds.size() == 2) {
            best_args[bounds[0]] = low->second;
            best_args[bounds[1]] = high->second;
          }
          break;
        default:
          break;
      }
    }
  }
  return best_args;
}

Json FilterValue(const Model& model, const AccessPattern& p, const SparseCondition& f) {
  AttrType type = AttrType::kString;
  if (!p.returns.empty()) {
    const Entity& en = model.entities[static_cast<std::size_t>(p.returns[0])];
    AttrId a = en.FindAttribute(f.attribute);
    if (a >= 0) type = en.attributes[static_cast<std::size_t>(a)].type;
  }
  if (type == AttrType::kBoolean) return Json{{"BOOL", f.value == "true"}};
  if (IsNumeric(type)) return Json{{"N", f.value}};
  return Json{{"S", f.value}};
}

struct Command {
  std::string operation;  // "Query", "GetItem", ...
  std::string text;
};

std::optional<Command> BuildCommand(const Model& model, const KeyLayout& layout,
                                    const ReadPlan& plan, const Args& args) {
  const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  Names names = KeyNames(layout, plan.index);
  std::string table = ShellQuote(layout.table_name);
  std::string index =
      plan.index > 0 ? " --index-name " + ShellQuote(layout.IndexName(plan.index)) : "";
  Json attr_names = Json::object();
  Json attr_values = Json::object();
  std::vector<std::string> filter_terms;
  for (std::size_t i = 0; i < plan.filter.size(); ++i) {
    attr_names["#f" + std::to_string(i)] = plan.filter[i].attribute;
    if (FilterTest test = TestOf(plan.filter[i].value); test != FilterTest::kEquals) {
      filter_terms.push_back(
          std::string(test == FilterTest::kExists ? "attribute_exists" : "attribute_not_exists") +
          "(#f" + std::to_string(i) + ")");
      continue;
    }
    attr_values[":f" + std::to_string(i)] = FilterValue(model, p, plan.filter[i]);
    filter_terms.push_back("#f" + std::to_string(i) + " = :f" + std::to_string(i));
  }
  if (!plan.filter_types.empty()) {
    attr_names["#ty"] = kTypeAttribute;
    std::string list;
    for (std::size_t i = 0; i < plan.filter_types.size(); ++i) {
      attr_values[":t" + std::to_string(i)] = Json{{"S", plan.filter_types[i]}};
      list += (i ? ", " : "") + std::string(":t") + std::to_string(i);
    }
    filter_terms.push_back("#ty IN (" + list + ")");
  }
  std::string projection;
  for (std::size_t i = 0; i < plan.projection.size(); ++i) {
    attr_names["#p" + std::to_string(i)] = plan.projection[i];
    projection += (i ? ", " : "") + std::string("#p") + std::to_string(i);
  }
  std::string filter;
  for (std::size_t i = 0; i < filter_terms.size(); ++i)
    filter += (i ? " AND " : "") + filter_terms[i];
  auto tail = [&](bool query) {
    std::string out;
    if (!filter.empty()) out += " --filter-expression " + ShellQuote(filter);
    if (!projection.empty()) out += " --projection-expression " + ShellQuote(projection);
    if (!attr_names.empty())
      out += " --expression-attribute-names " + ShellQuote(Compact(attr_names));
    if (!attr_values.empty())
      out += " --expression-attribute-values " + ShellQuote(Compact(attr_values));
    if (query && !plan.scan_forward) out += " --no-scan-index-forward";
    if (plan.consistent && plan.index == 0) out += " --consistent-read";
    if (plan.limit) out += " --max-items " + std::to_string(*plan.limit);
    return out;
  };

  switch (plan.operation) {
    case Operation::kScan:
      return Command{"Scan", "aws dynamodb scan --table-name " + table + index + tail(false)};
    case Operation::kGetItem:
    case Operation::kBatchGetItem: {
      auto pk = Render(plan.key.partition_key, args);
      auto sk = Render(plan.key.sort_lower, args);
      if (!pk || !sk) return std::nullopt;
      Json key = Json::object();
      key[layout.partition_key] = Json{{"S", *pk}};
      key[layout.sort_key] = Json{{"S", *sk}};
      std::string extra;
      if (!projection.empty()) {
        Json proj_names = Json::object();
        for (std::size_t i = 0; i < plan.projection.size(); ++i)
          proj_names["#p" + std::to_string(i)] = plan.projection[i];
        if (plan.operation == Operation::kGetItem) {
          extra = " --projection-expression " + ShellQuote(projection) +
                  " --expression-attribute-names " + ShellQuote(Compact(proj_names));
        }
      }
      if (plan.operation == Operation::kGetItem) {
        if (plan.consistent) extra += " --consistent-read";
        return Command{"GetItem", "aws dynamodb get-item --table-name " + table + " --key " +
                                      ShellQuote(Compact(key)) + extra};
      }
      Json request = Json::object();
      Json entry{{"Keys", Json::array({key})}};
      if (!projection.empty()) {
        entry["ProjectionExpression"] = projection;
        Json proj_names = Json::object();
        for (std::size_t i = 0; i < plan.projection.size(); ++i)
          proj_names["#p" + std::to_string(i)] = plan.projection[i];
        entry["ExpressionAttributeNames"] = proj_names;
      }
      if (plan.consistent) entry["ConsistentRead"] = true;
      request[layout.table_name] = entry;
      return Command{"BatchGetItem",
                     "aws dynamodb batch-get-item --request-items " + ShellQuote(Compact(request))};
    }
    case Operation::kQuery:
    case Operation::kFanOutQuery: {
      auto pk = Render(plan.key.partition_key, args);
      if (!pk) return std::nullopt;
      // A natural-key index compares the attributes' own values, typed S, N or B (B in DynamoDB
      // JSON is base64; the rendered value is its lowercase hex); every other key is a string.
      const IndexLayout* natural =
          plan.index > 0 && layout.indexes[static_cast<std::size_t>(plan.index - 1)].natural
              ? &layout.indexes[static_cast<std::size_t>(plan.index - 1)]
              : nullptr;
      auto typed = [&](bool sort, const std::string& text) {
        const KeyType type = natural == nullptr ? KeyType::kS
                             : sort             ? natural->sort_key_type
                                                : natural->partition_key_type;
        if (type != KeyType::kB) return Json{{KeyTypeName(type), text}};
        std::string bytes;
        for (std::size_t i = 0; i + 1 < text.size(); i += 2)
          bytes += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
        return Json{{"B", Base64(bytes)}};
      };
      attr_names["#pk"] = names.pk;
      attr_values[":pk"] = typed(false, *pk);
      std::string kce = "#pk = :pk";
      const KeyCondition& k = plan.key;
      if (k.sort_op != SortOp::kNone) {
        auto lo = Render(k.sort_lower, args);
        std::optional<std::string> hi;
        if (k.sort_op == SortOp::kBetween) hi = Render(k.sort_upper, args);
        if (!lo || (k.sort_op == SortOp::kBetween && !hi)) return std::nullopt;
        std::string after = k.upper_after_separator ? std::string(1, kAfterSeparator) : "";
        attr_names["#sk"] = names.sk;
        switch (k.sort_op) {
          case SortOp::kEq:
            kce += " AND #sk = :sk";
            attr_values[":sk"] = typed(true, *lo);
            break;
          case SortOp::kLt:
            kce += " AND #sk < :sk";
            attr_values[":sk"] = typed(true, *lo);
            break;
          case SortOp::kLe:
            kce += " AND #sk <= :sk";
            attr_values[":sk"] = typed(true, *lo + after);
            break;
          case SortOp::kGt:
            kce += " AND #sk > :sk";
            attr_values[":sk"] = typed(true, *lo + after);
            break;
          case SortOp::kGe:
            kce += " AND #sk >= :sk";
            attr_values[":sk"] = typed(true, *lo);
            break;
          case SortOp::kBetween:
            kce += " AND #sk BETWEEN :lo AND :hi";
            attr_values[":lo"] = typed(true, *lo);
            attr_values[":hi"] = typed(true, *hi + after);
            break;
          case SortOp::kBeginsWith:
            kce += " AND begins_with(#sk, :sk)";
            attr_values[":sk"] = typed(true, *lo);
            break;
          case SortOp::kNone:
            break;
        }
      }
      return Command{"Query", "aws dynamodb query --table-name " + table + index +
                                  " --key-condition-expression " + ShellQuote(kce) + tail(true)};
    }
  }
  return std::nullopt;
}

// Keys one BatchGetItem request takes at most
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
constexpr std::size_t kBatchGetKeys = 100;

// True when the stored sort key `sk` meets the plan's sort condition rendered with `args` (as
// DynamoDB compares strings: byte by byte), dropping an exclusive end.
bool SortMatches(const KeyCondition& k, const std::string& sk, const Args& args) {
  if (k.sort_op == SortOp::kNone) return true;
  auto lo = Render(k.sort_lower, args);
  if (!lo) return false;
  std::string after = k.upper_after_separator ? std::string(1, kAfterSeparator) : "";
  switch (k.sort_op) {
    case SortOp::kEq:
      return sk == *lo;
    case SortOp::kLt:
      return sk < *lo;
    case SortOp::kLe:
      return sk <= *lo + after;
    case SortOp::kGt:
      return sk > *lo + after;
    case SortOp::kGe:
      return sk >= *lo;
    case SortOp::kBeginsWith:
      return sk.compare(0, lo->size(), *lo) == 0;
    case SortOp::kBetween: {
      auto hi = Render(k.sort_upper, args);
      if (!hi) return false;
      if (k.lower_exclusive && sk == *lo) return false;
      if (k.upper_exclusive && sk == *hi + after) return false;
      return *lo <= sk && sk <= *hi + after;
    }
    case SortOp::kNone:
      break;
  }
  return true;
}

// The items the first step's command returns with `args`: those of the plan's item types that
// pass its filter, in the partition the key renders, whose sort key meets the condition, in the
// index's sort-key order (descending when the plan reads backwards), the first `limit` of them.
std::vector<const TableItem*> FirstStepItems(const KeyLayout& layout, const ReadPlan& plan,
                                             const TableItems& items, const Args& args) {
  Names names = KeyNames(layout, plan.index);
  std::vector<const TableItem*> out;
  auto pk = Render(plan.key.partition_key, args);
  if (!pk) return out;
  std::set<int> types(plan.item_types.begin(), plan.item_types.end());
  for (const TableItem& item : items.items) {
    if (!types.count(item.item_type) || !Passes(item, plan)) continue;
    auto stored_pk = Natural(item.Find(names.pk));
    auto stored_sk = Natural(item.Find(names.sk));
    if (stored_pk != pk || !stored_sk || !SortMatches(plan.key, *stored_sk, args)) continue;
    out.push_back(&item);
  }
  std::stable_sort(out.begin(), out.end(), [&](const TableItem* a, const TableItem* b) {
    std::string x = Natural(a->Find(names.sk)).value_or("");
    std::string y = Natural(b->Find(names.sk)).value_or("");
    return plan.scan_forward ? x < y : y < x;
  });
  if (plan.limit && out.size() > static_cast<std::size_t>(*plan.limit))
    out.resize(static_cast<std::size_t>(*plan.limit));
  return out;
}

// The table keys the second step reads after the first step returned `holders`: the returned
// entity's key templates over its identifier, valued from each holder's link attributes; each
// key once, in the holders' order, at most kBatchGetKeys (one for a GetItem). `found` counts
// those naming an item of `items`.
struct FollowUpKeySet {
  std::vector<Json> keys;
  std::size_t found = 0;
};
FollowUpKeySet FollowUpKeys(const KeyLayout& layout, const FollowUp& f,
                            const std::vector<const TableItem*>& holders, const TableItems& items) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(f.item_type)];
  std::set<std::pair<std::string, std::string>> stored;
  for (const TableItem& item : items.items) {
    // A fetch (FollowUp::by_table_key) reads the very items the first step found.
    if (!f.by_table_key && item.item_type != f.item_type) continue;
    auto pk = Natural(item.Find(layout.partition_key));
    auto sk = Natural(item.Find(layout.sort_key));
    if (pk && sk) stored.emplace(*pk, *sk);
  }
  std::size_t most = f.operation == Operation::kGetItem ? 1 : kBatchGetKeys;
  std::set<std::pair<std::string, std::string>> seen;
  FollowUpKeySet out;
  for (const TableItem* holder : holders) {
    Args args;
    for (std::size_t i = 0; i < f.identifier.size() && i < f.link.size(); ++i) {
      if (auto v = Natural(holder->Find(f.link[i]))) args[f.identifier[i]] = *v;
    }
    auto pk = f.by_table_key ? Natural(holder->Find(layout.partition_key))
                             : Render(t.partition_key, args);
    auto sk = f.by_table_key ? Natural(holder->Find(layout.sort_key)) : Render(t.sort_key, args);
    if (!pk || !sk || !seen.emplace(*pk, *sk).second) continue;
    Json key = Json::object();
    key[layout.partition_key] = Json{{"S", *pk}};
    key[layout.sort_key] = Json{{"S", *sk}};
    out.keys.push_back(key);
    if (stored.count({*pk, *sk})) ++out.found;
    if (out.keys.size() == most) break;
  }
  return out;
}

// The second step's command: GetItem of the one key, or BatchGetItem of them all; the returned
// entity's projection and the plan's consistency.
Command FollowUpCommand(const KeyLayout& layout, const ReadPlan& plan, const FollowUp& f,
                        const std::vector<Json>& keys) {
  std::string projection;
  Json proj_names = Json::object();
  for (std::size_t i = 0; i < f.projection.size(); ++i) {
    proj_names["#p" + std::to_string(i)] = f.projection[i];
    projection += (i ? ", " : "") + std::string("#p") + std::to_string(i);
  }
  if (f.operation == Operation::kGetItem) {
    std::string extra;
    if (!projection.empty()) {
      extra = " --projection-expression " + ShellQuote(projection) +
              " --expression-attribute-names " + ShellQuote(Compact(proj_names));
    }
    if (plan.consistent) extra += " --consistent-read";
    return Command{"GetItem", "aws dynamodb get-item --table-name " +
                                  ShellQuote(layout.table_name) + " --key " +
                                  ShellQuote(Compact(keys.front())) + extra};
  }
  Json entry{{"Keys", Json(keys)}};
  if (!projection.empty()) {
    entry["ProjectionExpression"] = projection;
    entry["ExpressionAttributeNames"] = proj_names;
  }
  if (plan.consistent) entry["ConsistentRead"] = true;
  Json request = Json::object();
  request[layout.table_name] = entry;
  return Command{"BatchGetItem",
                 "aws dynamodb batch-get-item --request-items " + ShellQuote(Compact(request))};
}

// A two-step read's names, for its entries' descriptions: the link holders' item type, the
// returned entity's, and the link attributes.
struct StepNames {
  std::string holder;
  std::string returned;
  std::string link;
};
StepNames StepNamesOf(const KeyLayout& layout, const ReadPlan& plan, const FollowUp& f) {
  StepNames n;
  n.holder = layout.item_types[static_cast<std::size_t>(plan.item_types.front())].name;
  n.returned = layout.item_types[static_cast<std::size_t>(f.item_type)].name;
  for (std::size_t i = 0; i < f.link.size(); ++i) n.link += (i ? ", " : "") + f.link[i];
  return n;
}

// The entry of a two-step read's second step ("<n>b"), on the table, keyed from what the first
// step's command returns with `args` (none: the first step has no command).
Json SecondStepEntry(const KeyLayout& layout, const ReadPlan& plan, const TableItems& items,
                     const std::optional<Args>& args, const std::string& number,
                     const std::string& name) {
  const FollowUp& f = *plan.follow_up;
  StepNames n = StepNamesOf(layout, plan, f);
  Json entry;
  entry["pattern"] = number + "b";
  FollowUpKeySet keys;
  if (args) keys = FollowUpKeys(layout, f, FirstStepItems(layout, plan, items, *args), items);
  std::string description =
      f.by_table_key
          ? name + " (step 2 of 2: " + OperationName(f.operation) +
                " from the table of the items whose index entries step 1 found, by "
                "their table keys: the index leaves out what the read returns"
          : name + " (step 2 of 2: " + OperationName(f.operation) + " of the " + n.returned +
                " items the " + n.holder + " items of step 1 reference by " + n.link;
  if (!keys.keys.empty() && keys.found == 0) description += "; none of them is among the items";
  entry["description"] = description + ")";
  entry["table"] = layout.table_name;
  if (!keys.keys.empty()) {
    Command step = FollowUpCommand(layout, plan, f, keys.keys);
    entry["dynamodb_operation"] = step.operation;
    entry["implementation"] = step.text;
  } else {
    entry["reason"] = "step 1 finds no sample item linking to one";
  }
  return entry;
}

}  // namespace

std::string RenderMcpJson(const Model& model, const KeyLayout& layout, const TableItems& items) {
  Json out;
  out["tables"] = Json::array({CreateTableRequest(model, layout)});
  Json puts = Json::array();
  for (const TableItem& item : items.items) {
    Json attrs = Json::object();
    for (const auto& [name, value] : item.attributes) attrs[name] = AttributeValueJson(value);
    puts.push_back(Json{{"PutRequest", Json{{"Item", attrs}}}});
  }
  Json by_table = Json::object();
  by_table[layout.table_name] = puts;
  out["items"] = by_table;
  Json patterns = Json::array();
  for (const ReadPlan& plan : layout.reads) {
    if (plan.pattern_id < 0) continue;
    const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    const std::string number = std::to_string(plan.pattern_id + 1);
    Json entry;
    entry["pattern"] = plan.follow_up ? number + "a" : number;
    std::string description = p.name;
    if (!p.description.empty()) description += ": " + p.description;
    const std::string name = description;
    if (plan.operation == Operation::kFanOutQuery) {
      description +=
          " (a fan-out over " + std::to_string(plan.shards) + " shards; this command queries one)";
    }
    if (plan.follow_up) {
      StepNames n = StepNamesOf(layout, plan, *plan.follow_up);
      description += plan.follow_up->by_table_key
                         ? " (step 1 of 2: the index entries; step 2 reads their items from the "
                           "table)"
                         : " (step 1 of 2: the " + n.holder + " items; step 2 reads the " +
                               n.returned + " items their " + n.link + " references)";
    }
    entry["description"] = description;
    entry["table"] = layout.table_name;
    if (plan.index > 0) entry["index"] = layout.IndexName(plan.index);
    // A two-step read prefers arguments whose second step finds some of the items.
    std::function<bool(const Args&)> finds_linked;
    if (plan.follow_up) {
      finds_linked = [&](const Args& a) {
        return FollowUpKeys(layout, *plan.follow_up, FirstStepItems(layout, plan, items, a), items)
                   .found > 0;
      };
    }
    std::optional<Args> args = ChooseArgs(model, layout, plan, items, finds_linked);
    std::optional<Command> command = args ? BuildCommand(model, layout, plan, *args) : std::nullopt;
    if (command) {
      entry["dynamodb_operation"] = command->operation;
      entry["implementation"] = command->text;
    } else {
      entry["reason"] = "no sample item supplies arguments for this pattern";
    }
    patterns.push_back(entry);
    if (plan.follow_up) {
      patterns.push_back(
          SecondStepEntry(layout, plan, items, command ? args : std::nullopt, number, name));
    }
  }
  out["access_patterns"] = patterns;
  return DumpJson(out);
}

}  // namespace model::codegen
