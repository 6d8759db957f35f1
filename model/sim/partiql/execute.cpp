// PartiQL statements executed as DataPlane operations (partiql.h).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/sim/expr/expression.h"
#include "model/sim/partiql/partiql.h"
#include "model/sim/partiql/statement.h"

namespace sim::partiql {

namespace {

// Expression text with generated placeholders (#n0, :v0) and their maps.
class Renderer {
 public:
  std::string Path(const DocumentPath& path) {
    std::string out;
    for (const PathElement& e : path) {
      if (e.is_index()) {
        out += "[" + std::to_string(e.index) + "]";
        continue;
      }
      if (!out.empty()) out += '.';
      auto it = std::find_if(names.begin(), names.end(),
                             [&](const auto& kv) { return kv.second == e.name; });
      if (it != names.end()) {
        out += it->first;
      } else {
        std::string ph = "#n" + std::to_string(names.size());
        names[ph] = e.name;
        out += ph;
      }
    }
    return out;
  }
  std::string Name(const std::string& name) { return Path({PathElement{name, -1}}); }
  std::string Value(const AttributeValue& v) {
    std::string ph = ":v" + std::to_string(values.size());
    values[ph] = v;
    return ph;
  }
  std::string Operand(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kPath:
        return Path(e.path);
      case Expr::Kind::kValue:
        return Value(e.value);
      default:
        return Condition(e);
    }
  }
  std::string Condition(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kAnd:
        return "(" + Condition(e.args[0]) + ") AND (" + Condition(e.args[1]) + ")";
      case Expr::Kind::kOr:
        return "(" + Condition(e.args[0]) + ") OR (" + Condition(e.args[1]) + ")";
      case Expr::Kind::kNot:
        return "NOT (" + Condition(e.args[0]) + ")";
      case Expr::Kind::kCompare:
        return Operand(e.args[0]) + " " + e.op + " " + Operand(e.args[1]);
      case Expr::Kind::kBetween:
        return Operand(e.args[0]) + " BETWEEN " + Operand(e.args[1]) + " AND " + Operand(e.args[2]);
      case Expr::Kind::kIn: {
        std::string out = Operand(e.args[0]) + " IN (";
        for (std::size_t i = 1; i < e.args.size(); ++i)
          out += (i > 1 ? ", " : "") + Operand(e.args[i]);
        return out + ")";
      }
      case Expr::Kind::kMissing:
        return std::string(e.negated ? "attribute_exists(" : "attribute_not_exists(") +
               Path(e.args[0].path) + ")";
      case Expr::Kind::kCall: {
        std::string out = e.op + "(";
        for (std::size_t i = 0; i < e.args.size(); ++i)
          out += (i > 0 ? ", " : "") + Operand(e.args[i]);
        return out + ")";
      }
      case Expr::Kind::kPath:
      case Expr::Kind::kValue:
        return Operand(e);
    }
    return {};
  }

  ExpressionAttributeNames names;
  ExpressionAttributeValues values;
};

struct Keys {
  std::string partition;
  std::string sort;  // empty: none
};

SimResult<TableDescription> Describe(DataPlane& plane, const std::string& table) {
  return plane.DescribeTable(table);
}

std::optional<Keys> KeysOf(const std::vector<KeySchemaElement>& schema) {
  Keys k;
  for (const auto& e : schema)
    (e.key_type == KeyRole::kHash ? k.partition : k.sort) = e.attribute_name;
  return k;
}

// The key attributes of the table or of the index named in the statement.
SimResult<Keys> KeysFor(const TableDescription& d, const std::string& index) {
  if (index.empty()) return *KeysOf(d.key_schema);
  for (const auto* list : {&d.global_secondary_indexes, &d.local_secondary_indexes}) {
    for (const auto& i : *list) {
      if (i.index_name != index) continue;
      // A GSI with multi-attribute keys cannot be read through PartiQL (the table and its other
      // indexes can): DynamoDB Local 3.3.0 refuses the statement with this message.
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys
      std::size_t hashes = 0, ranges = 0;
      for (const auto& e : i.key_schema) (e.key_type == KeyRole::kHash ? hashes : ranges)++;
      if (hashes > 1 || ranges > 1) {
        return Error::Validation(
            "PartiQL statements cannot be executed on tables with composite HASH keys or "
            "composite RANGE keys.");
      }
      return *KeysOf(i.key_schema);
    }
  }
  return Error::Validation("The table does not have the specified index: " + index);
}

void Conjuncts(const Expr& e, std::vector<const Expr*>* out) {
  if (e.kind == Expr::Kind::kAnd) {
    Conjuncts(e.args[0], out);
    Conjuncts(e.args[1], out);
  } else {
    out->push_back(&e);
  }
}

bool IsTopName(const Expr& e, const std::string& name) {
  return e.kind == Expr::Kind::kPath && e.path.size() == 1 && !e.path[0].is_index() &&
         e.path[0].name == name;
}

// `name = value` (either way round): the value.
const AttributeValue* Equality(const Expr& e, const std::string& name) {
  if (e.kind != Expr::Kind::kCompare || e.op != "=") return nullptr;
  if (IsTopName(e.args[0], name) && e.args[1].kind == Expr::Kind::kValue) return &e.args[1].value;
  if (IsTopName(e.args[1], name) && e.args[0].kind == Expr::Kind::kValue) return &e.args[0].value;
  return nullptr;
}

// The values an OR tree of `name = value` allows, or false when it is anything else.
bool OrOfEqualities(const Expr& e, const std::string& name, std::vector<AttributeValue>* out) {
  if (e.kind == Expr::Kind::kOr)
    return OrOfEqualities(e.args[0], name, out) && OrOfEqualities(e.args[1], name, out);
  const AttributeValue* v = Equality(e, name);
  if (v == nullptr) return false;
  out->push_back(*v);
  return true;
}

// The partition key values a WHERE clause pins (= , IN, or an OR of =), or nullopt (a Scan).
std::optional<std::vector<AttributeValue>> PartitionValues(const std::vector<const Expr*>& conj,
                                                           const std::string& pk) {
  for (const Expr* c : conj) {
    std::vector<AttributeValue> values;
    if (c->kind == Expr::Kind::kIn && IsTopName(c->args[0], pk)) {
      bool literal = true;
      for (std::size_t i = 1; i < c->args.size(); ++i) {
        if (c->args[i].kind != Expr::Kind::kValue)
          literal = false;
        else if (std::find(values.begin(), values.end(), c->args[i].value) == values.end())
          values.push_back(c->args[i].value);
      }
      if (literal) return values;
      continue;
    }
    if (OrOfEqualities(*c, pk, &values)) {
      std::vector<AttributeValue> distinct;
      for (auto& v : values) {
        if (std::find(distinct.begin(), distinct.end(), v) == distinct.end())
          distinct.push_back(std::move(v));
      }
      return distinct;
    }
  }
  return std::nullopt;
}

// A sort key condition usable in a KeyConditionExpression (literal operands only), rendered.
std::string SortKeyCondition(const std::vector<const Expr*>& conj, const std::string& sk,
                             Renderer& r) {
  if (sk.empty()) return {};
  for (const Expr* c : conj) {
    const Expr& e = *c;
    if (e.kind == Expr::Kind::kCompare && e.op != "<>" && IsTopName(e.args[0], sk) &&
        e.args[1].kind == Expr::Kind::kValue)
      return r.Name(sk) + " " + e.op + " " + r.Value(e.args[1].value);
    if (e.kind == Expr::Kind::kBetween && IsTopName(e.args[0], sk) &&
        e.args[1].kind == Expr::Kind::kValue && e.args[2].kind == Expr::Kind::kValue)
      return r.Name(sk) + " BETWEEN " + r.Value(e.args[1].value) + " AND " +
             r.Value(e.args[2].value);
    if (e.kind == Expr::Kind::kCall && e.op == "begins_with" && e.args.size() == 2 &&
        IsTopName(e.args[0], sk) && e.args[1].kind == Expr::Kind::kValue)
      return "begins_with(" + r.Name(sk) + ", " + r.Value(e.args[1].value) + ")";
  }
  return {};
}

void AddUnits(std::optional<ConsumedCapacity>* total, const std::optional<ConsumedCapacity>& c) {
  if (!c) return;
  if (!*total) {
    *total = c;
    return;
  }
  ConsumedCapacity& t = **total;
  t.capacity_units += c->capacity_units;
  t.read_capacity_units += c->read_capacity_units;
  t.write_capacity_units += c->write_capacity_units;
  if (c->table) {
    if (!t.table) t.table = Capacity{};
    t.table->capacity_units += c->table->capacity_units;
  }
  for (const auto& [n, cap] : c->global_secondary_indexes)
    t.global_secondary_indexes[n].capacity_units += cap.capacity_units;
  for (const auto& [n, cap] : c->local_secondary_indexes)
    t.local_secondary_indexes[n].capacity_units += cap.capacity_units;
}

// What a parsed statement becomes: its table's key, the rendered expressions.
struct Plan {
  TableDescription table;
  Keys keys;
  Renderer r;
  Item key;                // UPDATE, DELETE, single-item SELECT
  std::string condition;   // the rest of the WHERE clause (writes), or the filter (reads)
  std::string update;      // UPDATE
  std::string projection;  // SELECT
};

bool IsRead(const Statement& st) { return st.kind == Statement::Kind::kSelect; }

// The key from `=` conjuncts on every key attribute; the other conjuncts rendered as a
// condition (ql-reference.update.html: "This condition must resolve to a single primary key
// value").
SimStatus KeyAndCondition(const Statement& st, Plan* plan) {
  std::vector<const Expr*> conj;
  if (st.where) Conjuncts(*st.where, &conj);
  std::vector<const Expr*> rest;
  for (const Expr* c : conj) {
    bool used = false;
    for (const std::string* name : {&plan->keys.partition, &plan->keys.sort}) {
      if (name->empty() || plan->key.contains(*name)) continue;
      if (const AttributeValue* v = Equality(*c, *name)) {
        plan->key[*name] = *v;
        used = true;
        break;
      }
    }
    if (!used) rest.push_back(c);
  }
  if (!plan->key.contains(plan->keys.partition) ||
      (!plan->keys.sort.empty() && !plan->key.contains(plan->keys.sort)))
    return Error::Validation(
        "Where clause does not contain a mandatory equality on all key attributes");
  for (const Expr* c : rest) {
    plan->condition += (plan->condition.empty() ? "(" : " AND (") + plan->r.Condition(*c) + ")";
  }
  return Ok{};
}

SimResult<Plan> PlanStatement(DataPlane& plane, const Statement& st) {
  Plan plan;
  auto d = Describe(plane, st.table);
  if (!d.ok()) return d.error();
  plan.table = std::move(d.value());
  auto keys = KeysFor(plan.table, st.index);
  if (!keys.ok()) return keys.error();
  plan.keys = keys.value();
  return plan;
}

std::string ProjectionText(const Statement& st, Renderer& r) {
  std::string out;
  for (const DocumentPath& p : st.projection) out += (out.empty() ? "" : ", ") + r.Path(p);
  return out;
}

// UPDATE's SET and REMOVE as an UpdateExpression (SET_ADD / SET_DELETE become ADD / DELETE).
std::string UpdateText(const Statement& st, Renderer& r) {
  std::vector<std::string> set, add, del;
  for (const SetAction& a : st.sets) {
    const std::string path = r.Path(a.path);
    const Expr& v = a.value;
    if (v.kind == Expr::Kind::kCall && v.op == "set_add") {
      add.push_back(path + " " + r.Operand(v.args[1]));
    } else if (v.kind == Expr::Kind::kCall && v.op == "set_delete") {
      del.push_back(path + " " + r.Operand(v.args[1]));
    } else if (v.kind == Expr::Kind::kPath && !v.op.empty()) {
      set.push_back(path + " = " + r.Path(v.path) + " " + v.op + " " + r.Operand(v.args[0]));
    } else {
      set.push_back(path + " = " + r.Operand(v));
    }
  }
  std::vector<std::string> removes;
  for (const DocumentPath& p : st.removes) removes.push_back(r.Path(p));
  std::string out;
  auto clause = [&](const char* word, const std::vector<std::string>& parts) {
    if (parts.empty()) return;
    out += (out.empty() ? "" : " ") + std::string(word) + " ";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? ", " : "") + parts[i];
  };
  clause("SET", set);
  clause("REMOVE", removes);
  clause("ADD", add);
  clause("DELETE", del);
  return out;
}

Error Duplicate() {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html
  return Error{"DuplicateItemException", "Duplicate primary key exists in table", std::nullopt, {}};
}

// A parsed filter, applied to the items a Query, Scan or GetItem read.
struct Reader {
  std::optional<Condition> filter;
  std::optional<Projection> projection;

  static SimResult<Reader> Make(const Statement& st, Renderer& r) {
    Reader reader;
    std::string filter = st.where ? r.Condition(*st.where) : std::string();
    std::string projection = ProjectionText(st, r);
    ExpressionAttributes attrs(&r.names, &r.values);
    if (!filter.empty()) {
      auto c = ParseCondition(filter, ExpressionKind::kFilter, attrs);
      if (!c.ok()) return c.error();
      reader.filter = std::move(c.value());
    }
    if (!projection.empty()) {
      auto p = ParseProjection(projection, attrs);
      if (!p.ok()) return p.error();
      reader.projection = std::move(p.value());
    }
    return reader;
  }
  void Take(const Item& item, std::vector<Item>* out) const {
    if (filter && !filter->Evaluate(item)) return;
    out->push_back(projection ? projection->Apply(item) : item);
  }
};

SimResult<ExecuteStatementResponse> Select(DataPlane& plane, const Statement& st,
                                           const ExecuteStatementRequest& req) {
  auto planned = PlanStatement(plane, st);
  if (!planned.ok()) return planned.error();
  Plan& plan = planned.value();
  std::vector<const Expr*> conj;
  if (st.where) Conjuncts(*st.where, &conj);
  const auto partitions = PartitionValues(conj, plan.keys.partition);
  // ORDER BY: key attributes only, and only with a partition key condition (a Query).
  bool forward = true;
  if (!st.order_by.empty()) {
    if (!st.where)
      return Error::Validation(
          "Must have WHERE clause in the statement when using ORDER BY clause.");
    for (const OrderKey& k : st.order_by) {
      if (k.name != plan.keys.partition && k.name != plan.keys.sort)
        return Error::Validation("Variable reference " + k.name +
                                 " in ORDER BY clause must be part of the primary key");
      if (k.name == plan.keys.sort) forward = !k.descending;
    }
    if (!partitions)
      return Error::Validation(
          "Must have at least one non-optional hash key condition in WHERE clause when using "
          "ORDER BY clause.");
  }
  Renderer& r = plan.r;
  auto reader = Reader::Make(st, r);
  if (!reader.ok()) return reader.error();
  ExecuteStatementResponse out;
  std::optional<std::int64_t> remaining = req.limit;
  ResumePoint at = req.resume.value_or(ResumePoint{});
  const std::size_t count = partitions ? partitions->size() : 1;
  for (std::size_t p = at.partition; p < count; ++p) {
    std::optional<Item> start = p == at.partition ? at.key : std::nullopt;
    SimResult<QueryResponse> page = QueryResponse{};
    if (partitions) {
      Renderer kr;
      std::string key = kr.Name(plan.keys.partition) + " = " + kr.Value((*partitions)[p]);
      const std::string sort = SortKeyCondition(conj, plan.keys.sort, kr);
      if (!sort.empty()) key += " AND " + sort;
      QueryRequest q;
      q.table_name = st.table;
      q.index_name = st.index;
      q.key_condition_expression = key;
      q.expression_attribute_names = kr.names;
      q.expression_attribute_values = kr.values;
      q.consistent_read = req.consistent_read;
      q.scan_index_forward = forward;
      q.limit = remaining;
      q.exclusive_start_key = start;
      q.return_consumed_capacity = req.return_consumed_capacity;
      page = plane.Query(q);
    } else {
      ScanRequest s;
      s.table_name = st.table;
      s.index_name = st.index;
      s.consistent_read = req.consistent_read;
      s.limit = remaining;
      s.exclusive_start_key = start;
      s.return_consumed_capacity = req.return_consumed_capacity;
      page = plane.Scan(s);
    }
    if (!page.ok()) return page.error();
    for (const Item& item : page->items) reader->Take(item, &out.items);
    AddUnits(&out.consumed_capacity, page->consumed_capacity);
    if (remaining) *remaining -= page->scanned_count;
    if (page->last_evaluated_key) {
      out.next = ResumePoint{p, page->last_evaluated_key};
      break;
    }
    if (remaining && *remaining <= 0) {
      if (p + 1 < count) out.next = ResumePoint{p + 1, std::nullopt};
      break;
    }
  }
  return out;
}

// INSERT, UPDATE or DELETE as one single-item write.
SimResult<ExecuteStatementResponse> Write(DataPlane& plane, const Statement& st,
                                          ReturnConsumedCapacity capacity,
                                          ReturnValuesOnConditionCheckFailure on_failure) {
  auto planned = PlanStatement(plane, st);
  if (!planned.ok()) return planned.error();
  Plan& plan = planned.value();
  Renderer& r = plan.r;
  ExecuteStatementResponse out;
  if (st.kind == Statement::Kind::kInsert) {
    PutItemRequest put{st.table,
                       st.item,
                       "attribute_not_exists(" + r.Name(plan.keys.partition) + ")",
                       r.names,
                       r.values,
                       ReturnValues::kNone,
                       capacity,
                       ReturnValuesOnConditionCheckFailure::kNone};
    auto res = plane.PutItem(put);
    if (!res.ok()) {
      if (res.error().name == "ConditionalCheckFailedException") return Duplicate();
      return res.error();
    }
    out.consumed_capacity = res->consumed_capacity;
    return out;
  }
  if (auto s = KeyAndCondition(st, &plan); !s.ok()) return s.error();
  std::optional<Item> attributes;
  if (st.kind == Statement::Kind::kUpdate) {
    // "If the WHERE clause of the UPDATE statement does not evaluate to true for any item in
    // the DynamoDB table, ConditionalCheckFailedException is returned" (ql-reference.update.html).
    std::string cond = "attribute_exists(" + r.Name(plan.keys.partition) + ")";
    if (!plan.condition.empty()) cond += " AND " + plan.condition;
    std::string update = UpdateText(st, r);
    UpdateItemRequest u{st.table, plan.key,     update,   cond,      r.names,
                        r.values, st.returning, capacity, on_failure};
    auto res = plane.UpdateItem(u);
    if (!res.ok()) return res.error();
    attributes = res->attributes;
    out.consumed_capacity = res->consumed_capacity;
  } else {
    DeleteItemRequest d{st.table, plan.key,     plan.condition, r.names,
                        r.values, st.returning, capacity,       on_failure};
    auto res = plane.DeleteItem(d);
    if (!res.ok()) return res.error();
    attributes = res->attributes;
    out.consumed_capacity = res->consumed_capacity;
  }
  if (attributes) out.items.push_back(std::move(*attributes));
  return out;
}

// A SELECT naming one item: its key (every key attribute with `=`), on the table itself.
SimResult<Plan> SingleItemSelect(DataPlane& plane, const Statement& st, const char* message) {
  auto planned = PlanStatement(plane, st);
  if (!planned.ok()) return planned.error();
  Plan& plan = planned.value();
  if (!st.index.empty() || !KeyAndCondition(st, &plan).ok() || !plan.condition.empty())
    return Error::Validation(message);
  plan.projection = ProjectionText(st, plan.r);
  return std::move(plan);
}

// "ValidationException" -> "ValidationError", "ConditionalCheckFailedException" ->
// "ConditionalCheckFailed" (BatchStatementError's codes,
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementError.html).
std::string ErrorCode(const std::string& name) {
  if (name == "ValidationException") return "ValidationError";
  if (name == "InternalServerError") return name;
  constexpr std::string_view kSuffix = "Exception";
  if (name.size() > kSuffix.size() && name.ends_with(kSuffix))
    return name.substr(0, name.size() - kSuffix.size());
  return name;
}

Error CountError(const char* member, std::size_t size, std::size_t max) {
  return Error::Validation(
      "1 validation error detected: Value at '" + std::string(member) +
      "' failed to satisfy constraint: Member must have length " +
      (size == 0 ? "greater than or equal to 1" : "less than or equal to " + std::to_string(max)));
}

}  // namespace

SimResult<ExecuteStatementResponse> ExecuteStatement(DataPlane& plane,
                                                     const ExecuteStatementRequest& request) {
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
  if (request.limit && *request.limit < 1)
    return Error::Validation(
        "1 validation error detected: Value '" + std::to_string(*request.limit) +
        "' at 'limit' failed to satisfy constraint: Member must have value greater than or "
        "equal to 1");
  auto st = ParseStatement(request.statement, request.parameters);
  if (!st.ok()) return st.error();
  if (IsRead(st.value())) return Select(plane, st.value(), request);
  if (request.resume) return Error::Validation("Invalid NextToken");
  return Write(plane, st.value(), request.return_consumed_capacity,
               request.return_values_on_condition_check_failure);
}

SimResult<BatchExecuteStatementResponse> BatchExecuteStatement(
    DataPlane& plane, const std::vector<BatchStatementRequest>& statements,
    ReturnConsumedCapacity return_consumed_capacity) {
  if (statements.empty() || statements.size() > kBatchMaxStatements)
    return CountError("statements", statements.size(), kBatchMaxStatements);
  std::vector<SimResult<Statement>> parsed;
  bool reads = false, writes = false;
  for (const auto& s : statements) {
    parsed.push_back(ParseStatement(s.statement, s.parameters));
    if (parsed.back().ok()) (IsRead(parsed.back().value()) ? reads : writes) = true;
  }
  if (reads && writes)
    return Error::Validation(
        "Read and write requests together in the same batch is not supported.");
  // Two statements on one item fail the whole batch, as BatchWriteItem and BatchGetItem do
  // (observed on DynamoDB Local 3.3.0: "Provided list of item keys contains duplicates").
  std::vector<std::pair<std::string, Item>> keys;
  for (const auto& p : parsed) {
    if (!p.ok()) continue;
    const Statement& st = p.value();
    auto planned = PlanStatement(plane, st);
    if (!planned.ok() || !st.index.empty()) continue;
    Plan& plan = planned.value();
    if (st.kind == Statement::Kind::kInsert) {
      for (const std::string* name : {&plan.keys.partition, &plan.keys.sort}) {
        if (!name->empty() && st.item.contains(*name)) plan.key[*name] = st.item.at(*name);
      }
    } else if (!KeyAndCondition(st, &plan).ok()) {
      continue;
    }
    std::pair<std::string, Item> key{st.table, std::move(plan.key)};
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      return Error::Validation("Provided list of item keys contains duplicates");
    keys.push_back(std::move(key));
  }
  BatchExecuteStatementResponse out;
  std::map<std::string, std::optional<ConsumedCapacity>> by_table;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    BatchStatementResponse response;
    auto fail = [&](const Error& e) {
      response.error = BatchStatementError{ErrorCode(e.name), e.message, e.item};
    };
    if (!parsed[i].ok()) {
      fail(parsed[i].error());
      out.responses.push_back(std::move(response));
      continue;
    }
    const Statement& st = parsed[i].value();
    if (Describe(plane, st.table).ok()) response.table_name = st.table;
    if (IsRead(st)) {
      auto plan = SingleItemSelect(plane, st, "Only single item select is supported");
      if (!plan.ok()) {
        fail(plan.error());
      } else {
        GetItemRequest g{st.table,         plan->key,     statements[i].consistent_read,
                         plan->projection, plan->r.names, return_consumed_capacity};
        auto got = plane.GetItem(g);
        if (!got.ok()) {
          fail(got.error());
        } else {
          response.item = got->item;
          AddUnits(&by_table[st.table], got->consumed_capacity);
        }
      }
    } else {
      auto res = Write(plane, st, return_consumed_capacity,
                       statements[i].return_values_on_condition_check_failure);
      if (!res.ok()) {
        fail(res.error());
      } else {
        AddUnits(&by_table[st.table], res->consumed_capacity);
      }
    }
    out.responses.push_back(std::move(response));
  }
  // One ConsumedCapacity per table, by table name.
  for (auto& [table, capacity] : by_table) {
    if (capacity) out.consumed_capacity.push_back(std::move(*capacity));
  }
  return out;
}

SimResult<ExecuteTransactionResponse> ExecuteTransaction(
    DataPlane& plane, const std::vector<ParameterizedStatement>& statements,
    ReturnConsumedCapacity return_consumed_capacity, const std::string& client_request_token) {
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
  if (statements.empty() || statements.size() > kTransactionMaxStatements)
    return CountError("transactStatements", statements.size(), kTransactionMaxStatements);
  std::vector<Statement> parsed;
  bool reads = false, writes = false;
  for (const auto& s : statements) {
    auto st = ParseStatement(s.statement, s.parameters);
    if (!st.ok()) return st.error();
    (IsRead(st.value()) ? reads : writes) = true;
    parsed.push_back(std::move(st.value()));
  }
  if (reads && writes)
    return Error::Validation(
        "ExecuteTransaction API does not support both read and write operations in the same "
        "request.");
  ExecuteTransactionResponse out;
  if (reads) {
    TransactGetItemsRequest get;
    get.return_consumed_capacity = return_consumed_capacity;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      auto plan = SingleItemSelect(plane, parsed[i],
                                   "Select statements within ExecuteTransaction must specify "
                                   "the primary key in the where clause.");
      if (!plan.ok()) {
        Error e = plan.error();
        if (e.name == "ValidationException")
          e.message =
              "Validation failed in TransactStatements[" + std::to_string(i) + "]: " + e.message;
        return e;
      }
      get.transact_items.push_back(
          TransactGet{parsed[i].table, plan->key, plan->projection, plan->r.names});
    }
    auto res = plane.TransactGetItems(get);
    if (!res.ok()) return res.error();
    for (auto& r : res->responses) out.responses.push_back(std::move(r.item));
    out.consumed_capacity = std::move(res->consumed_capacity);
    return out;
  }
  TransactWriteItemsRequest write;
  write.return_consumed_capacity = return_consumed_capacity;
  write.client_request_token = client_request_token;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const Statement& st = parsed[i];
    auto planned = PlanStatement(plane, st);
    if (!planned.ok()) return planned.error();
    Plan& plan = planned.value();
    Renderer& r = plan.r;
    const auto on_failure = statements[i].return_values_on_condition_check_failure;
    TransactWriteItem item;
    if (st.kind == Statement::Kind::kInsert) {
      std::string cond = "attribute_not_exists(" + r.Name(plan.keys.partition) + ")";
      item.put = TransactPut{.table_name = st.table,
                             .item = st.item,
                             .condition_expression = cond,
                             .expression_attribute_names = r.names,
                             .expression_attribute_values = r.values};
    } else {
      if (auto s = KeyAndCondition(st, &plan); !s.ok()) return s.error();
      if (st.kind == Statement::Kind::kUpdate) {
        std::string cond = "attribute_exists(" + r.Name(plan.keys.partition) + ")";
        if (!plan.condition.empty()) cond += " AND " + plan.condition;
        std::string update = UpdateText(st, r);
        item.update = TransactUpdate{.table_name = st.table,
                                     .key = plan.key,
                                     .update_expression = update,
                                     .condition_expression = cond,
                                     .expression_attribute_names = r.names,
                                     .expression_attribute_values = r.values,
                                     .return_values_on_condition_check_failure = on_failure};
      } else {
        item.delete_ = TransactDelete{.table_name = st.table,
                                      .key = plan.key,
                                      .condition_expression = plan.condition,
                                      .expression_attribute_names = r.names,
                                      .expression_attribute_values = r.values,
                                      .return_values_on_condition_check_failure = on_failure};
      }
    }
    write.transact_items.push_back(std::move(item));
  }
  auto res = plane.TransactWriteItems(write);
  if (!res.ok()) {
    Error e = res.error();
    if (e.name != "TransactionCanceledException") return e;
    // An INSERT's failed condition is its key already existing (as DynamoDB Local reports it).
    std::string codes;
    for (std::size_t i = 0; i < e.reasons.size() && i < parsed.size(); ++i) {
      CancellationReason& reason = e.reasons[i];
      if (parsed[i].kind == Statement::Kind::kInsert && reason.code == "ConditionalCheckFailed") {
        reason = CancellationReason{"ValidationError", Duplicate().message, std::nullopt};
      }
      codes += (i > 0 ? ", " : "") + reason.code;
    }
    e.message = "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                codes + "]";
    return e;
  }
  out.consumed_capacity = std::move(res->consumed_capacity);
  return out;
}

}  // namespace sim::partiql
