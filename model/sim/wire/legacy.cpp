// Legacy request parameters -> expression parameters (see legacy.h). The messages are DynamoDB
// Local 3.3.0's (checked by tests/differential), the semantics those of the AWS pages cited at
// each rule.
#include "model/sim/wire/legacy.h"

#include <fmt/format.h>

#include <array>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sim::wire {
namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

[[noreturn]] void Fail(std::string message) {
  throw WireError{Error::Validation(std::move(message))};
}

// The generated placeholders of one request, added to its ExpressionAttributeNames / Values.
class Placeholders {
 public:
  explicit Placeholders(const Json& request) {
    for (const char* member : {"ExpressionAttributeNames", "ExpressionAttributeValues"}) {
      if (!request.contains(member) || !request.at(member).is_object()) continue;
      for (auto it = request.at(member).begin(); it != request.at(member).end(); ++it)
        taken_.insert(it.key());
    }
  }

  // "#legacyN" standing for the top-level attribute `attribute` (one per distinct name).
  // An empty name is DynamoDB's "Empty attribute name" (ValidationException), as for an item.
  std::string Name(const std::string& attribute) {
    if (attribute.empty()) Fail("Empty attribute name");
    for (auto it = names_.begin(); it != names_.end(); ++it) {
      if (it.value() == attribute) return it.key();
    }
    std::string key = Fresh("#legacy");
    names_[key] = attribute;
    return key;
  }

  // ":legacyN" standing for `value` (an attribute value in DynamoDB JSON).
  std::string Value(const Json& value) {
    std::string key = Fresh(":legacy");
    values_[key] = value;
    return key;
  }

  // Merges the placeholders into the request's ExpressionAttributeNames / Values.
  void Install(Json* request) const {
    if (!names_.empty()) {
      Json& names = (*request)["ExpressionAttributeNames"];
      for (auto it = names_.begin(); it != names_.end(); ++it) names[it.key()] = it.value();
    }
    if (!values_.empty()) {
      Json& values = (*request)["ExpressionAttributeValues"];
      for (auto it = values_.begin(); it != values_.end(); ++it) values[it.key()] = it.value();
    }
  }

 private:
  std::string Fresh(std::string_view prefix) {
    std::string key;
    do {
      key = fmt::format("{}{}", prefix, next_++);
    } while (taken_.contains(key));
    return key;
  }

  std::set<std::string, std::less<>> taken_;
  Json names_ = Json::object();
  Json values_ = Json::object();
  int next_ = 0;
};

constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);

// The comparison operators and how many values each takes
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html).
struct Comparison {
  std::string_view name;
  std::size_t min_values;
  std::size_t max_values;
  bool key_condition;  // allowed in KeyConditions (indexable)
};

constexpr std::array kComparisons = {
    Comparison{"EQ", 1, 1, true},          Comparison{"NE", 1, 1, false},
    Comparison{"LE", 1, 1, true},          Comparison{"LT", 1, 1, true},
    Comparison{"GE", 1, 1, true},          Comparison{"GT", 1, 1, true},
    Comparison{"NOT_NULL", 0, 0, false},   Comparison{"NULL", 0, 0, false},
    Comparison{"CONTAINS", 1, 1, false},   Comparison{"NOT_CONTAINS", 1, 1, false},
    Comparison{"BEGINS_WITH", 1, 1, true}, Comparison{"IN", 1, kUnbounded, false},
    Comparison{"BETWEEN", 2, 2, true},
};

const Comparison* FindComparison(std::string_view name) {
  for (const Comparison& c : kComparisons) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// Whether `op` accepts a value of `type` in its AttributeValueList: EQ and NE any type; the
// ordering operators, BETWEEN and IN only S, N and B; BEGINS_WITH S and B; CONTAINS and
// NOT_CONTAINS a scalar (no set, list or map)
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Conditions.html).
bool AcceptsType(std::string_view op, ValueType type) {
  const bool scalar = type == ValueType::kS || type == ValueType::kN || type == ValueType::kB;
  if (op == "EQ" || op == "NE") return true;
  if (op == "BEGINS_WITH") return type == ValueType::kS || type == ValueType::kB;
  if (op == "CONTAINS" || op == "NOT_CONTAINS")
    return scalar || type == ValueType::kBool || type == ValueType::kNull;
  return scalar;
}

// One condition (of Expected, a filter or KeyConditions) as an expression over placeholders.
// `values` are the AttributeValueList's members, already counted.
std::string ConditionText(const Comparison& c, const std::string& attribute,
                          const std::vector<Json>& values, Placeholders* p) {
  // Operand types: per operator, and all of one type for IN and BETWEEN.
  std::vector<AttributeValue> parsed;
  for (const Json& v : values) parsed.push_back(ValueFromJson(v));
  for (const AttributeValue& v : parsed) {
    if (!AcceptsType(c.name, v.type()))
      Fail(fmt::format("{}ComparisonOperator {} is not valid for {} AttributeValue type", kInvalid,
                       c.name, ValueTypeName(v.type())));
  }
  for (const AttributeValue& v : parsed) {
    if (v.type() != parsed.front().type())
      Fail(fmt::format("{}AttributeValues inside AttributeValueList must be of same type",
                       kInvalid));
  }
  if (c.name == "BETWEEN" && CompareScalars(parsed[0], parsed[1]) > 0)
    Fail(
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound");

  const std::string n = p->Name(attribute);
  std::vector<std::string> v;
  for (const Json& value : values) v.push_back(p->Value(value));
  const std::string_view op = c.name;
  if (op == "EQ") return fmt::format("{} = {}", n, v[0]);
  if (op == "NE") return fmt::format("{} <> {}", n, v[0]);
  if (op == "LE") return fmt::format("{} <= {}", n, v[0]);
  if (op == "LT") return fmt::format("{} < {}", n, v[0]);
  if (op == "GE") return fmt::format("{} >= {}", n, v[0]);
  if (op == "GT") return fmt::format("{} > {}", n, v[0]);
  if (op == "NOT_NULL") return fmt::format("attribute_exists({})", n);
  if (op == "NULL") return fmt::format("attribute_not_exists({})", n);
  if (op == "CONTAINS") return fmt::format("contains({}, {})", n, v[0]);
  // NOT_CONTAINS is false when the attribute is missing (unlike NOT contains(...)); observed on
  // DynamoDB Local, and the legacy page describes it only for an existing attribute.
  if (op == "NOT_CONTAINS")
    return fmt::format("attribute_exists({0}) AND NOT contains({0}, {1})", n, v[0]);
  if (op == "BEGINS_WITH") return fmt::format("begins_with({}, {})", n, v[0]);
  if (op == "IN") return fmt::format("{} IN ({})", n, fmt::join(v, ", "));
  return fmt::format("{} BETWEEN {} AND {}", n, v[0], v[1]);  // BETWEEN
}

const Json& ObjectAt(const Json& j, const char* key) {
  const Json& v = j.at(key);
  if (!v.is_object())
    throw WireError{
        Error{"SerializationException", fmt::format("{} must be a map", key), std::nullopt, {}}};
  return v;
}

std::vector<Json> ValueList(const Json& condition) {
  std::vector<Json> values;
  if (!condition.contains("AttributeValueList")) return values;
  const Json& list = condition.at("AttributeValueList");
  if (!list.is_array())
    throw WireError{Error{"SerializationException", "Expected list or null", std::nullopt, {}}};
  for (const Json& v : list) values.push_back(v);
  return values;
}

std::string OperatorName(const Json& condition) {
  const Json& op = condition.at("ComparisonOperator");
  if (!op.is_string())
    throw WireError{
        Error{"SerializationException", "ComparisonOperator must be a string", std::nullopt, {}}};
  return op.get<std::string>();
}

const Comparison& CheckedComparison(const std::string& name, std::size_t count) {
  const Comparison* c = FindComparison(name);
  if (c == nullptr) Fail("Comparison type does not exist in DynamoDB");
  if (count < c->min_values || count > c->max_values)
    Fail(fmt::format("{}Invalid number of argument(s) for the {} ComparisonOperator", kInvalid,
                     c->name));
  return *c;
}

// A QueryFilter, ScanFilter or KeyConditions member: ComparisonOperator and AttributeValueList.
std::string FilterCondition(const std::string& attribute, const Json& condition, Placeholders* p,
                            const Comparison** comparison = nullptr) {
  if (!condition.is_object())
    throw WireError{Error{"SerializationException",
                          "Start of structure or map found where not expected",
                          std::nullopt,
                          {}}};
  if (!condition.contains("ComparisonOperator")) Fail("Comparison type does not exist in DynamoDB");
  std::vector<Json> values = ValueList(condition);
  const Comparison& c = CheckedComparison(OperatorName(condition), values.size());
  if (comparison != nullptr) *comparison = &c;
  return ConditionText(c, attribute, values, p);
}

// An Expected member: Value / Exists, or ComparisonOperator with AttributeValueList or Value
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Expected.html).
std::string ExpectedCondition(const std::string& attribute, const Json& condition,
                              Placeholders* p) {
  if (!condition.is_object())
    throw WireError{Error{"SerializationException",
                          "Start of structure or map found where not expected",
                          std::nullopt,
                          {}}};
  const bool has_value = condition.contains("Value");
  const bool has_list = condition.contains("AttributeValueList");
  if (condition.contains("ComparisonOperator")) {
    if (condition.contains("Exists"))
      Fail(fmt::format("{}Exists and ComparisonOperator cannot be used together for Attribute: {}",
                       kInvalid, attribute));
    if (has_value && has_list)
      Fail(fmt::format("{}Value and AttributeValueList cannot be used together for Attribute: {}",
                       kInvalid, attribute));
    const std::string name = OperatorName(condition);
    std::vector<Json> values =
        has_value ? std::vector<Json>{condition.at("Value")} : ValueList(condition);
    const Comparison* known = FindComparison(name);
    if (known != nullptr && known->min_values > 0 && !has_value && !has_list)
      Fail(
          fmt::format("{}Value or AttributeValueList must be used with ComparisonOperator: {} for "
                      "Attribute: {}",
                      kInvalid, name, attribute));
    const Comparison& c = CheckedComparison(name, values.size());
    return ConditionText(c, attribute, values, p);
  }
  if (has_list)
    Fail(fmt::format(
        "{}AttributeValueList can only be used with a ComparisonOperator for Attribute: {}",
        kInvalid, attribute));
  std::string exists = "null";
  if (condition.contains("Exists")) {
    if (!condition.at("Exists").is_boolean())
      throw WireError{
          Error{"SerializationException", "Exists must be a boolean", std::nullopt, {}}};
    exists = condition.at("Exists").get<bool>() ? "true" : "false";
  }
  if (exists == "false") {
    if (has_value)
      Fail(fmt::format("{}Value cannot be used when Exists is false for Attribute: {}", kInvalid,
                       attribute));
    return fmt::format("attribute_not_exists({})", p->Name(attribute));
  }
  if (!has_value)
    Fail(fmt::format("{}Value must be provided when Exists is {} for Attribute: {}", kInvalid,
                     exists, attribute));
  ValueFromJson(condition.at("Value"));  // validates it
  const std::string n = p->Name(attribute);
  return fmt::format("{} = {}", n, p->Value(condition.at("Value")));
}

// Whether a member is present; an empty map counts as absent for the legacy condition maps
// (DynamoDB Local ignores `"Expected": {}` and `"QueryFilter": {}`).
bool Has(const Json& j, const char* key) {
  if (!j.contains(key)) return false;
  const Json& v = j.at(key);
  return !(v.is_object() && v.empty());
}

// ConditionalOperator: AND or OR, only beside a condition map of two or more members
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.ConditionalOperator.html).
std::string Joiner(const Json& request, const char* map_name) {
  if (!request.contains("ConditionalOperator")) return " AND ";
  const Json& op = request.at("ConditionalOperator");
  const std::string name = op.is_string() ? op.get<std::string>() : op.dump();
  if (name != "AND" && name != "OR")
    Fail(
        fmt::format("1 validation error detected: Value '{}' at 'conditionalOperator' failed to "
                    "satisfy constraint: Member must satisfy enum value set: [AND, OR]",
                    name));
  if (!Has(request, map_name))
    Fail("ConditionalOperator cannot be used without Filter or Expected");
  if (request.at(map_name).size() < 2)
    Fail("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  return name == "OR" ? " OR " : " AND ";
}

// Expected, QueryFilter or ScanFilter as one condition expression, its members joined by the
// ConditionalOperator.
std::string ConditionMap(const Json& request, const char* map_name, bool expected,
                         Placeholders* p) {
  const std::string joiner = Joiner(request, map_name);
  const Json& map = ObjectAt(request, map_name);
  std::vector<std::string> parts;
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string text = expected ? ExpectedCondition(it.key(), it.value(), p)
                                : FilterCondition(it.key(), it.value(), p);
    parts.push_back(map.size() > 1 ? "(" + text + ")" : text);
  }
  return fmt::format("{}", fmt::join(parts, joiner));
}

// AttributesToGet as a ProjectionExpression of top-level names
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html).
std::string Projection(const Json& request, Placeholders* p) {
  const Json& list = request.at("AttributesToGet");
  if (!list.is_array())
    throw WireError{Error{"SerializationException", "Expected list or null", std::nullopt, {}}};
  // AttributesToGet has at least one member
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html).
  if (list.empty())
    Fail(
        "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1");
  std::set<std::string, std::less<>> seen;
  std::vector<std::string> names;
  for (const Json& name : list) {
    if (!name.is_string())
      throw WireError{Error{
          "SerializationException", "AttributesToGet members must be strings", std::nullopt, {}}};
    if (!seen.insert(name.get<std::string>()).second)
      Fail("Cannot have two attributes with the same name");
    names.push_back(p->Name(name.get<std::string>()));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// Select beside AttributesToGet: only SPECIFIC_ATTRIBUTES (or none).
void CheckSelect(const Json& request) {
  if (!request.contains("Select") || !request.at("Select").is_string()) return;
  const std::string select = request.at("Select").get<std::string>();
  if (select == "ALL_ATTRIBUTES" || select == "ALL_PROJECTED_ATTRIBUTES")
    Fail(fmt::format("Cannot specify the AttributesToGet when choosing to get {}", select));
  if (select == "COUNT")
    Fail("Cannot specify the AttributesToGet when choosing to get only the Count");
}

// KeyConditions: one or two conditions, each with an indexable operator
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html).
std::string KeyConditions(const Json& request, Placeholders* p) {
  const Json& map = ObjectAt(request, "KeyConditions");
  if (map.empty()) Fail("Conditions must be at least length 1");
  // A query of an index may need more: a GSI with multi-attribute keys takes a condition on
  // each of up to eight key attributes (DynamoDB Local 3.3.0 answers so; the engine then checks
  // the count against the index's key schema).
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys
  if (map.size() > 2 && !request.contains("IndexName"))
    Fail("Conditions can be of length 1 or 2 only");
  std::vector<std::string> parts;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const Comparison* c = nullptr;
    std::string text = FilterCondition(it.key(), it.value(), p, &c);
    if (!c->key_condition) Fail("Attempted conditional constraint is not an indexable operation");
    parts.push_back(std::move(text));
  }
  return fmt::format("{}", fmt::join(parts, " AND "));
}

// AttributeUpdates as an UpdateExpression: PUT (the default) -> SET, DELETE without a value ->
// REMOVE, DELETE of a set -> DELETE, ADD of a number or set -> ADD, ADD of a list -> append
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html).
std::string UpdateText(const Json& request, Placeholders* p) {
  static constexpr std::array<std::pair<ValueType, std::string_view>, 7> kTypeWords = {{
      {ValueType::kS, "STRING"},
      {ValueType::kN, "NUMBER"},
      {ValueType::kB, "BINARY"},
      {ValueType::kBool, "BOOLEAN"},
      {ValueType::kNull, "NULL"},
      {ValueType::kL, "LIST"},
      {ValueType::kM, "MAP"},
  }};
  auto word = [&](ValueType t) {
    for (const auto& [type, name] : kTypeWords) {
      if (type == t) return name;
    }
    return std::string_view(ValueTypeName(t));
  };
  const Json& map = ObjectAt(request, "AttributeUpdates");
  std::vector<std::string> set;
  std::vector<std::string> remove;
  std::vector<std::string> add;
  std::vector<std::string> del;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const Json& u = it.value();
    if (!u.is_object())
      throw WireError{Error{"SerializationException",
                            "Start of structure or map found where not expected",
                            std::nullopt,
                            {}}};
    std::string action = "PUT";
    if (u.contains("Action")) {
      action =
          u.at("Action").is_string() ? u.at("Action").get<std::string>() : u.at("Action").dump();
      if (action != "PUT" && action != "ADD" && action != "DELETE")
        Fail(
            fmt::format("1 validation error detected: Value '{}' at 'attributeUpdates.{}.member."
                        "action' failed to satisfy constraint: Member must satisfy enum value "
                        "set: [ADD, DELETE, PUT]",
                        action, it.key()));
    }
    if (!u.contains("Value")) {
      if (action != "DELETE")
        Fail(fmt::format("{}Only DELETE action is allowed when no attribute value is specified",
                         kInvalid));
      remove.push_back(p->Name(it.key()));
      continue;
    }
    const ValueType type = ValueFromJson(u.at("Value")).type();
    const bool set_type =
        type == ValueType::kSS || type == ValueType::kNS || type == ValueType::kBS;
    const std::string n = p->Name(it.key());
    if (action == "PUT") {
      set.push_back(fmt::format("{} = {}", n, p->Value(u.at("Value"))));
    } else if (action == "DELETE") {
      if (!set_type)
        Fail(fmt::format("{}DELETE action with value is not supported for the type {}", kInvalid,
                         word(type)));
      del.push_back(fmt::format("{} {}", n, p->Value(u.at("Value"))));
    } else if (type == ValueType::kN || set_type) {
      add.push_back(fmt::format("{} {}", n, p->Value(u.at("Value"))));
    } else if (type == ValueType::kL) {
      // DynamoDB Local appends a list (a missing attribute starts as the empty list).
      const std::string empty = p->Value(Json{{"L", Json::array()}});
      set.push_back(fmt::format("{0} = list_append(if_not_exists({0}, {1}), {2})", n, empty,
                                p->Value(u.at("Value"))));
    } else {
      Fail(fmt::format("{}ADD action is not supported for the type {}", kInvalid, word(type)));
    }
  }
  std::vector<std::string> clauses;
  if (!set.empty()) clauses.push_back(fmt::format("SET {}", fmt::join(set, ", ")));
  if (!remove.empty()) clauses.push_back(fmt::format("REMOVE {}", fmt::join(remove, ", ")));
  if (!add.empty()) clauses.push_back(fmt::format("ADD {}", fmt::join(add, ", ")));
  if (!del.empty()) clauses.push_back(fmt::format("DELETE {}", fmt::join(del, ", ")));
  return fmt::format("{}", fmt::join(clauses, " "));
}

// The two forms of one operation's parameters, in the order DynamoDB lists them in its message.
struct Forms {
  std::vector<const char*> expression;
  std::vector<const char*> legacy;
  std::vector<const char*> value_expressions;  // those that may use ExpressionAttributeValues
};

// "Can not use both expression and non-expression parameters in the same request", and
// ExpressionAttributeNames / Values without any expression. KeyConditions may go with a
// FilterExpression or ProjectionExpression (not with KeyConditionExpression), as on DynamoDB
// Local and in dynalite's AWS-recorded tests.
void CheckForms(const Json& request, const Forms& forms) {
  std::vector<std::string> expression;
  for (const char* e : forms.expression) {
    if (request.contains(e)) expression.emplace_back(e);
  }
  if (!expression.empty()) {
    std::vector<std::string> legacy;
    for (const char* l : forms.legacy) {
      if (!Has(request, l)) continue;
      if (std::string_view(l) == "KeyConditions" && !request.contains("KeyConditionExpression"))
        continue;
      legacy.emplace_back(l);
    }
    if (!legacy.empty())
      Fail(
          fmt::format("Can not use both expression and non-expression parameters in the same "
                      "request: Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
                      fmt::join(legacy, ", "), fmt::join(expression, ", ")));
  }
  if (request.contains("ExpressionAttributeNames") && expression.empty())
    Fail("ExpressionAttributeNames can only be specified when using expressions");
  if (request.contains("ExpressionAttributeValues") && !forms.value_expressions.empty()) {
    bool any = false;
    for (const char* e : forms.value_expressions) any = any || request.contains(e);
    if (!any)
      Fail(
          fmt::format("ExpressionAttributeValues can only be specified when using expressions: "
                      "{} {} null",
                      fmt::join(forms.value_expressions, " and "),
                      forms.value_expressions.size() > 1 ? "are" : "is"));
  }
}

// GetItem, and each table of BatchGetItem.
void TranslateGet(Json* r) {
  CheckForms(*r, {{"ProjectionExpression"}, {"AttributesToGet"}, {}});
  if (!r->contains("AttributesToGet")) return;
  Placeholders p(*r);
  (*r)["ProjectionExpression"] = Projection(*r, &p);
  r->erase("AttributesToGet");
  p.Install(r);
}

void TranslateRead(Json* r, bool query, LegacyTranslation* t) {
  const char* filter = query ? "QueryFilter" : "ScanFilter";
  if (query) {
    CheckForms(*r, {{"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
                    {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"},
                    {"FilterExpression", "KeyConditionExpression"}});
  } else {
    CheckForms(*r, {{"ProjectionExpression", "FilterExpression"},
                    {"AttributesToGet", "ScanFilter", "ConditionalOperator"},
                    {"FilterExpression"}});
  }
  Placeholders p(*r);
  if (query && r->contains("KeyConditions")) {
    (*r)["KeyConditionExpression"] = KeyConditions(*r, &p);
    r->erase("KeyConditions");
  }
  if (Has(*r, filter)) {
    (*r)["FilterExpression"] = ConditionMap(*r, filter, false, &p);
    t->query_filter = query;
  } else if (r->contains("ConditionalOperator")) {
    Joiner(*r, filter);  // reports the misuse
  }
  if (r->contains("AttributesToGet")) {
    CheckSelect(*r);
    (*r)["ProjectionExpression"] = Projection(*r, &p);
  }
  for (const char* legacy : {"QueryFilter", "ScanFilter", "ConditionalOperator", "AttributesToGet"})
    r->erase(legacy);
  p.Install(r);
}

void TranslateWrite(Json* r, bool update, LegacyTranslation* t) {
  if (update) {
    CheckForms(*r, {{"UpdateExpression", "ConditionExpression"},
                    {"AttributeUpdates", "Expected", "ConditionalOperator"},
                    {"UpdateExpression", "ConditionExpression"}});
  } else {
    CheckForms(
        *r,
        {{"ConditionExpression"}, {"Expected", "ConditionalOperator"}, {"ConditionExpression"}});
  }
  Placeholders p(*r);
  if (update && Has(*r, "AttributeUpdates")) {
    (*r)["UpdateExpression"] = UpdateText(*r, &p);
    t->attribute_updates = true;
  }
  if (Has(*r, "Expected")) {
    (*r)["ConditionExpression"] = ConditionMap(*r, "Expected", true, &p);
  } else if (r->contains("ConditionalOperator")) {
    Joiner(*r, "Expected");  // reports the misuse
  }
  for (const char* legacy : {"AttributeUpdates", "Expected", "ConditionalOperator"})
    r->erase(legacy);
  p.Install(r);
}

}  // namespace

LegacyTranslation TranslateLegacyParameters(std::string_view op, Json* request) {
  LegacyTranslation t;
  if (op == "GetItem") {
    TranslateGet(request);
  } else if (op == "BatchGetItem") {
    if (request->contains("RequestItems") && request->at("RequestItems").is_object()) {
      Json& tables = request->at("RequestItems");
      for (auto it = tables.begin(); it != tables.end(); ++it) {
        if (it->is_object()) TranslateGet(&*it);
      }
    }
  } else if (op == "Query" || op == "Scan") {
    TranslateRead(request, op == "Query", &t);
  } else if (op == "PutItem" || op == "DeleteItem" || op == "UpdateItem") {
    TranslateWrite(request, op == "UpdateItem", &t);
  }
  return t;
}

Error LegacyError(const LegacyTranslation& translation, Error error) {
  constexpr std::string_view kFilterKey = "Filter Expression can only contain non-primary key";
  if (translation.query_filter && error.message.starts_with(kFilterKey))
    error.message =
        "QueryFilter" + error.message.substr(std::string_view("Filter Expression").size());
  if (translation.attribute_updates &&
      error.message == "An operand in the update expression has an incorrect data type")
    error.message = "Type mismatch for attribute to update";
  return error;
}

}  // namespace sim::wire
