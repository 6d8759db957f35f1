#include "codegen/diagram/collections.h"

#include <algorithm>
#include <map>
#include <set>

#include "codegen/diagram/dot_text.h"
#include "codegen/writer/escape.h"

namespace model::codegen::diagram {

namespace {

// The template with placeholder names replaced by their encodings: equal shapes, same partitions.
std::string Shape(const KeyTemplate& t) {
  std::string shape;
  for (const auto& part : t.parts) {
    if (part.is_attribute) {
      shape += '\x01';
      shape += EncodingName(part.encoding);
      shape += std::to_string(part.width);
      shape += '\x01';
    } else {
      shape += part.text;
    }
  }
  return shape;
}

const IndexKeys* KeysFor(const ItemType& type, int index) {
  for (const auto& k : type.index_keys) {
    if (k.index == index) return &k;
  }
  return nullptr;
}

}  // namespace

std::vector<Collection> Collections(const KeyLayout& layout, int index) {
  std::vector<Collection> collections;
  std::map<std::string, std::size_t> by_shape;
  for (int i = 0; i < static_cast<int>(layout.item_types.size()); ++i) {
    const ItemType& type = layout.item_types[i];
    CollectionRow row{i, &type.partition_key, &type.sort_key, nullptr};
    if (index != 0) {
      row.index_keys = KeysFor(type, index);
      if (row.index_keys == nullptr) continue;
      row.partition_key = &row.index_keys->partition_key;
      row.sort_key = &row.index_keys->sort_key;
    }
    auto [it, added] = by_shape.emplace(Shape(*row.partition_key), collections.size());
    if (added) collections.emplace_back();
    collections[it->second].rows.push_back(row);
  }
  for (auto& c : collections) {
    std::stable_sort(c.rows.begin(), c.rows.end(),
                     [](const CollectionRow& a, const CollectionRow& b) {
                       return a.sort_key->ToString() < b.sort_key->ToString();
                     });
    for (const auto& row : c.rows) {
      std::string pk = row.partition_key->ToString();
      if (std::find(c.partition_keys.begin(), c.partition_keys.end(), pk) ==
          c.partition_keys.end()) {
        c.partition_keys.push_back(pk);
      }
    }
  }
  return collections;
}

std::string ItemTypeText(const ItemType& type, bool sharded) {
  std::string text = type.name;
  if (type.role != ItemRole::kEntity) text += std::string(" (") + ItemRoleName(type.role) + ")";
  if (sharded && type.shards > 1) text += ", " + std::to_string(type.shards) + " write shards";
  return text;
}

void EmitItemsNode(Printer& p, const std::vector<std::string>& headers, const char* fill,
                   const std::vector<Collection>& collections,
                   const std::function<std::vector<std::string>(const CollectionRow&)>& cells) {
  p.Emit({{"rule", kRule}}, R"dot(
    "items" [label=<
      <table border="1" cellborder="1" cellspacing="0" cellpadding="4" color="$rule$">
  )dot");
  p.Indent();
  p.Indent();
  std::string head;
  for (const auto& h : headers) {
    head += "<td bgcolor=\"" + std::string(fill) + "\"><font color=\"#ffffff\"><b>" +
            DotHtmlText(h) + "</b></font></td>";
  }
  p.Emit({{"head", head}}, "<tr>$head$</tr>\n");
  for (std::size_t c = 0; c < collections.size(); ++c) {
    const Collection& collection = collections[c];
    std::string band = c % 2 == 0 ? kBandA : kBandB;
    std::string keys;
    for (const auto& k : collection.partition_keys) {
      keys += (keys.empty() ? "" : "<br align=\"left\"/>") + Html(k);
    }
    for (std::size_t r = 0; r < collection.rows.size(); ++r) {
      std::string row = "<tr>";
      if (r == 0) {
        row += "<td port=\"c" + std::to_string(c) + "\" rowspan=\"" +
               std::to_string(collection.rows.size()) + "\" bgcolor=\"" + band +
               "\" align=\"left\" balign=\"left\" valign=\"top\"><font face=\"" + kMono +
               "\" color=\"" + kKey + "\"><b>" + keys + "</b></font></td>";
      }
      for (const auto& cell : cells(collection.rows[r])) {
        row += "<td bgcolor=\"" + band + "\" align=\"left\" balign=\"left\">" + cell + "</td>";
      }
      row += "</tr>";
      p.Emit({{"row", row}}, "$row$\n");
    }
  }
  p.Outdent();
  p.Emit("</table>\n");
  p.Outdent();
  p.Emit(">];\n");
}

void EmitPatterns(Printer& p, const Model& model, const KeyLayout& layout, int index,
                  const std::vector<Collection>& collections) {
  std::map<int, int> collection_of;  // item type -> collection
  for (int c = 0; c < static_cast<int>(collections.size()); ++c) {
    for (const auto& row : collections[c].rows) collection_of[row.item_type] = c;
  }
  std::string pk_name = layout.partition_key, sk_name = layout.sort_key;
  for (const auto& i : layout.indexes) {
    if (i.number == index) {
      pk_name = i.partition_key;
      sk_name = i.sort_key;
    }
  }
  // Patterns in the order of the first collection they read (then declaration order), so that
  // their edges do not cross.
  std::vector<std::pair<std::set<int>, const ReadPlan*>> plans;
  for (const auto& plan : layout.reads) {
    if (plan.index != index) continue;
    std::set<int> targets;
    for (int t : plan.item_types) {
      auto it = collection_of.find(t);
      if (it != collection_of.end()) targets.insert(it->second);
    }
    plans.emplace_back(std::move(targets), &plan);
  }
  std::stable_sort(plans.begin(), plans.end(), [](const auto& a, const auto& b) {
    int first_a = a.first.empty() ? -1 : *a.first.begin();
    int first_b = b.first.empty() ? -1 : *b.first.begin();
    return first_a < first_b;
  });
  if (plans.empty()) return;

  p.Emit({{"rule", kRule}, {"fill", kPatternFill}}, R"dot(
    "patterns" [label=<
      <table border="1" cellborder="1" cellspacing="0" cellpadding="4" color="$rule$" bgcolor="$fill$">
  )dot");
  p.Indent();
  p.Indent();
  p.Emit({{"header", kHeader}},
         "<tr><td bgcolor=\"$header$\"><font color=\"#ffffff\"><b>Access "
         "patterns</b></font></td></tr>\n");
  for (const auto& [targets, plan] : plans) {
    std::string operation = OperationName(plan->operation);
    if (plan->operation == Operation::kFanOutQuery) {
      operation += " \xC3\x97" + std::to_string(plan->shards);
    }
    // A read of a relationship's other side: its second step too, on the table ("Query +
    // BatchGetItem", as design --compare names the plan).
    if (plan->follow_up)
      operation += std::string(" + ") + OperationName(plan->follow_up->operation);
    std::string condition = plan->key.ToString(pk_name, sk_name);
    std::string description;
    if (plan->pattern_id >= 0 &&
        plan->pattern_id < static_cast<int>(model.access_patterns.size())) {
      description = model.access_patterns[plan->pattern_id].description;
    }
    std::string text = "<b>" + Html(plan->pattern) + "</b> <font color=\"" + kMuted + "\">" +
                       DotHtmlText(operation) + "</font>";
    if (!condition.empty()) {
      text += "<br align=\"left\"/><font face=\"" + std::string(kMono) + "\" point-size=\"9\">" +
              Lines(Wrap(condition, 52, 3)) + "</font>";
    }
    if (!description.empty()) {
      text += "<br align=\"left\"/><font point-size=\"9\" color=\"" + std::string(kMuted) +
              "\"><i>" + Lines(Wrap(description, 52, 2)) + "</i></font>";
    }
    p.Emit({{"port", "p" + std::to_string(plan->pattern_id)}, {"text", text}},
           "<tr><td port=\"$port$\" align=\"left\" balign=\"left\">$text$<br "
           "align=\"left\"/></td></tr>\n");
  }
  p.Outdent();
  p.Emit("</table>\n");
  p.Outdent();
  p.Emit(">];\n\n");
  for (const auto& [targets, plan] : plans) {
    for (int c : targets) {
      p.Emit({{"p", std::to_string(plan->pattern_id)}, {"c", std::to_string(c)}},
             "\"patterns\":\"p$p$\":e -> \"items\":\"c$c$\":w;\n");
    }
  }
}

}  // namespace model::codegen::diagram
