// The legacy request parameters (KeyConditions, QueryFilter, ScanFilter, ConditionalOperator,
// AttributesToGet, Expected, AttributeUpdates) through the JSON adapter. Expected answers and
// messages were observed on DynamoDB Local 3.3.0 (the differential test re-checks many of them)
// or come from the AWS pages cited in model/sim/wire/legacy.cpp.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "wire_fixture.h"

using Json = nlohmann::json;

namespace {

using simtest::Wire;

// Table Tab keyed p (S) and s (N), with items x/0..3 (a = s, t = "hello<s>", ss = {a, b}).
void Seed(Wire& w) {
  w.Ok("CreateTable", {{"TableName", "Tab"},
                       {"AttributeDefinitions",
                        {{{"AttributeName", "p"}, {"AttributeType", "S"}},
                         {{"AttributeName", "s"}, {"AttributeType", "N"}}}},
                       {"KeySchema",
                        {{{"AttributeName", "p"}, {"KeyType", "HASH"}},
                         {{"AttributeName", "s"}, {"KeyType", "RANGE"}}}},
                       {"BillingMode", "PAY_PER_REQUEST"}});
  for (int i = 0; i < 4; ++i) {
    const std::string n = std::to_string(i);
    w.Ok("PutItem", {{"TableName", "Tab"},
                     {"Item",
                      {{"p", {{"S", "x"}}},
                       {"s", {{"N", n}}},
                       {"a", {{"N", n}}},
                       {"t", {{"S", "hello" + n}}},
                       {"ss", {{"SS", {"a", "b"}}}}}}});
  }
}

Json Cond(const std::string& op, Json values = Json::array()) {
  Json c = {{"ComparisonOperator", op}};
  if (!values.empty()) c["AttributeValueList"] = values;
  return c;
}
Json S(const std::string& s) { return {{"S", s}}; }
Json N(const std::string& n) { return {{"N", n}}; }
Json Key(const std::string& s) { return {{"p", S("x")}, {"s", N(s)}}; }
const Json kPartition = {{"p", Cond("EQ", {S("x")})}};

// The sort-key values of a Query or Scan answer, in order.
std::vector<std::string> SortKeys(const Json& answer) {
  std::vector<std::string> keys;
  for (const Json& item : answer.at("Items")) keys.push_back(item.at("s").at("N"));
  return keys;
}

// A fresh table Sem keyed id with one item per value type of attribute v ("none": no v).
void SeedTypes(Wire& w) {
  w.Ok("CreateTable",
       {{"TableName", "Sem"},
        {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
        {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
        {"BillingMode", "PAY_PER_REQUEST"}});
  const Json values = {{"s", S("abc")},
                       {"n", N("5")},
                       {"b", {{"B", "YWJj"}}},
                       {"ss", {{"SS", {"abc", "x"}}}},
                       {"ns", {{"NS", {"5", "7"}}}},
                       {"l", {{"L", {S("abc"), N("5")}}}},
                       {"m", {{"M", {{"abc", N("5")}}}}},
                       {"bool", {{"BOOL", true}}}};
  w.Ok("PutItem", {{"TableName", "Sem"}, {"Item", {{"id", S("none")}}}});
  for (auto it = values.begin(); it != values.end(); ++it)
    w.Ok("PutItem", {{"TableName", "Sem"}, {"Item", {{"id", S(it.key())}, {"v", it.value()}}}});
}

// The ids ScanFilter `v <op> values` keeps on the Sem table.
std::set<std::string> Matching(Wire& w, const std::string& op, Json values = Json::array()) {
  Json answer = w.Ok("Scan", {{"TableName", "Sem"}, {"ScanFilter", {{"v", Cond(op, values)}}}});
  std::set<std::string> ids;
  for (const Json& item : answer.at("Items")) ids.insert(item.at("id").at("S"));
  return ids;
}

}  // namespace

TEST_CASE("legacy: KeyConditions return the partition and apply the sort-key operators") {
  Wire w;
  Seed(w);
  Json all = w.Ok("Query", {{"TableName", "Tab"}, {"KeyConditions", kPartition}});
  CHECK(SortKeys(all) == std::vector<std::string>{"0", "1", "2", "3"});
  CHECK(all.at("Count") == 4);

  auto with_sort = [&](const Json& sort) {
    Json kc = kPartition;
    kc["s"] = sort;
    return SortKeys(w.Ok("Query", {{"TableName", "Tab"}, {"KeyConditions", kc}}));
  };
  CHECK(with_sort(Cond("EQ", {N("2")})) == std::vector<std::string>{"2"});
  CHECK(with_sort(Cond("LT", {N("2")})) == std::vector<std::string>{"0", "1"});
  CHECK(with_sort(Cond("LE", {N("2")})) == std::vector<std::string>{"0", "1", "2"});
  CHECK(with_sort(Cond("GT", {N("2")})) == std::vector<std::string>{"3"});
  CHECK(with_sort(Cond("GE", {N("2")})) == std::vector<std::string>{"2", "3"});
  CHECK(with_sort(Cond("BETWEEN", {N("1"), N("2")})) == std::vector<std::string>{"1", "2"});

  Json desc = w.Ok("Query", {{"TableName", "Tab"},
                             {"KeyConditions", kPartition},
                             {"ScanIndexForward", false},
                             {"Limit", 2}});
  CHECK(SortKeys(desc) == std::vector<std::string>{"3", "2"});
  CHECK(desc.at("LastEvaluatedKey") == Json({{"p", S("x")}, {"s", N("2")}}));
}

TEST_CASE("legacy: KeyConditions are validated with DynamoDB's messages") {
  Wire w;
  Seed(w);
  auto fail = [&](const Json& kc) {
    return w.Fail("Query", {{"TableName", "Tab"}, {"KeyConditions", kc}}).second;
  };
  CHECK(fail(Json::object()) == "Conditions must be at least length 1");
  Json three = kPartition;
  three["s"] = Cond("GT", {N("1")});
  three["a"] = Cond("EQ", {N("1")});
  CHECK(fail(three) == "Conditions can be of length 1 or 2 only");
  Json in = kPartition;
  in["s"] = Cond("IN", {N("1")});
  CHECK(fail(in) == "Attempted conditional constraint is not an indexable operation");
  Json between = kPartition;
  between["s"] = Cond("BETWEEN", {N("3"), N("1")});
  CHECK(fail(between) ==
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound");
  Json begins = kPartition;
  begins["s"] = Cond("BEGINS_WITH", {N("1")});
  CHECK(fail(begins) ==
        "One or more parameter values were invalid: ComparisonOperator "
        "BEGINS_WITH is not valid for N AttributeValue type");
  CHECK(fail({{"p", Cond("EQ", {N("1")})}}) ==
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  CHECK(fail({{"p", Cond("EQ", {S("x"), S("y")})}}) ==
        "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
        "ComparisonOperator");
}

TEST_CASE("legacy: QueryFilter and ScanFilter with ConditionalOperator") {
  Wire w;
  Seed(w);
  Json gt1 = {{"a", Cond("GT", {N("1")})}};
  Json q =
      w.Ok("Query", {{"TableName", "Tab"}, {"KeyConditions", kPartition}, {"QueryFilter", gt1}});
  CHECK(SortKeys(q) == std::vector<std::string>{"2", "3"});
  CHECK(q.at("ScannedCount") == 4);

  Json two = {{"a", Cond("GT", {N("1")})}, {"t", Cond("EQ", {S("hello0")})}};
  CHECK(SortKeys(w.Ok("Query", {{"TableName", "Tab"},
                                {"KeyConditions", kPartition},
                                {"QueryFilter", two},
                                {"ConditionalOperator", "OR"}})) ==
        std::vector<std::string>{"0", "2", "3"});
  CHECK(SortKeys(w.Ok("Scan", {{"TableName", "Tab"}, {"ScanFilter", two}})).empty());
  CHECK(SortKeys(w.Ok("Scan",
                      {{"TableName", "Tab"}, {"ScanFilter", two}, {"ConditionalOperator", "AND"}}))
            .empty());
  // A Scan may filter on key attributes; a QueryFilter may not.
  CHECK(SortKeys(
            w.Ok("Scan", {{"TableName", "Tab"}, {"ScanFilter", {{"s", Cond("EQ", {N("1")})}}}})) ==
        std::vector<std::string>{"1"});
  CHECK(w.Fail("Query", {{"TableName", "Tab"},
                         {"KeyConditions", kPartition},
                         {"QueryFilter", {{"s", Cond("EQ", {N("1")})}}}})
            .second ==
        "QueryFilter can only contain non-primary key attributes: Primary key "
        "attribute: s");
  CHECK(w.Fail("Scan", {{"TableName", "Tab"}, {"ScanFilter", gt1}, {"ConditionalOperator", "OR"}})
            .second ==
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  CHECK(w.Fail("Scan", {{"TableName", "Tab"}, {"ScanFilter", two}, {"ConditionalOperator", "XOR"}})
            .second ==
        "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy "
        "constraint: Member must satisfy enum value set: [AND, OR]");
  CHECK(w.Fail("Scan", {{"TableName", "Tab"}, {"ConditionalOperator", "OR"}}).second ==
        "ConditionalOperator cannot be used without Filter or Expected");
}

TEST_CASE("legacy: every comparison operator, on every attribute type") {
  Wire w;
  SeedTypes(w);
  using Ids = std::set<std::string>;
  const Ids all = {"b", "bool", "l", "m", "n", "none", "ns", "s", "ss"};
  CHECK(Matching(w, "EQ", {S("abc")}) == Ids{"s"});
  CHECK(Matching(w, "EQ", {{{"SS", {"x", "abc"}}}}) == Ids{"ss"});
  CHECK(Matching(w, "EQ", {{{"L", {S("abc"), N("5")}}}}) == Ids{"l"});
  // NE is true on a missing attribute.
  CHECK(Matching(w, "NE", {S("abc")}) == Ids{"b", "bool", "l", "m", "n", "none", "ns", "ss"});
  CHECK(Matching(w, "LT", {S("b")}) == Ids{"s"});
  CHECK(Matching(w, "LE", {N("5")}) == Ids{"n"});
  CHECK(Matching(w, "GT", {N("4")}) == Ids{"n"});
  CHECK(Matching(w, "GE", {{{"B", "YWJj"}}}) == Ids{"b"});
  CHECK(Matching(w, "NOT_NULL") == Ids{"b", "bool", "l", "m", "n", "ns", "s", "ss"});
  CHECK(Matching(w, "NULL") == Ids{"none"});
  // CONTAINS: a substring of S or B, a member of a set, an element of a list.
  CHECK(Matching(w, "CONTAINS", {S("b")}) == Ids{"s"});
  CHECK(Matching(w, "CONTAINS", {S("abc")}) == Ids{"l", "s", "ss"});
  CHECK(Matching(w, "CONTAINS", {N("5")}) == Ids{"l", "ns"});
  CHECK(Matching(w, "CONTAINS", {{{"B", "Yg=="}}}) == Ids{"b"});
  // NOT_CONTAINS is false on a missing attribute (unlike NE).
  CHECK(Matching(w, "NOT_CONTAINS", {S("abc")}) == Ids{"b", "bool", "m", "n", "ns"});
  CHECK(Matching(w, "NOT_CONTAINS", {S("zzz")}).count("none") == 0);
  CHECK(Matching(w, "NOT_CONTAINS", {S("zzz")}).size() == all.size() - 1);
  CHECK(Matching(w, "BEGINS_WITH", {S("ab")}) == Ids{"s"});
  CHECK(Matching(w, "BEGINS_WITH", {{{"B", "YQ=="}}}) == Ids{"b"});
  CHECK(Matching(w, "IN", {S("abc"), S("q")}) == Ids{"s"});
  CHECK(Matching(w, "IN", {N("5")}) == Ids{"n"});
  CHECK(Matching(w, "BETWEEN", {S("a"), S("b")}) == Ids{"s"});
  CHECK(Matching(w, "BETWEEN", {N("5"), N("5")}) == Ids{"n"});
}

TEST_CASE("legacy: operator arguments are counted and typed") {
  Wire w;
  SeedTypes(w);
  auto fail = [&](const Json& condition) {
    return w.Fail("Scan", {{"TableName", "Sem"}, {"ScanFilter", {{"v", condition}}}}).second;
  };
  const std::string kInvalid = "One or more parameter values were invalid: ";
  CHECK(fail(Cond("EQ")) ==
        kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator");
  CHECK(fail(Cond("NULL", {S("x")})) ==
        kInvalid + "Invalid number of argument(s) for the NULL ComparisonOperator");
  CHECK(fail(Cond("BETWEEN", {N("1")})) ==
        kInvalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  CHECK(fail(Cond("IN")) ==
        kInvalid + "Invalid number of argument(s) for the IN ComparisonOperator");
  CHECK(fail(Cond("FOO", {N("1")})) == "Comparison type does not exist in DynamoDB");
  CHECK(fail({{"AttributeValueList", {N("1")}}}) == "Comparison type does not exist in DynamoDB");
  CHECK(fail(Cond("LT", {{{"SS", {"1"}}}})) ==
        kInvalid + "ComparisonOperator LT is not valid for SS AttributeValue type");
  CHECK(fail(Cond("LT", {{{"BOOL", true}}})) ==
        kInvalid + "ComparisonOperator LT is not valid for BOOL AttributeValue type");
  CHECK(fail(Cond("CONTAINS", {{{"L", Json::array()}}})) ==
        kInvalid + "ComparisonOperator CONTAINS is not valid for L AttributeValue type");
  CHECK(fail(Cond("NOT_CONTAINS", {{{"NS", {"1"}}}})) ==
        kInvalid + "ComparisonOperator NOT_CONTAINS is not valid for NS AttributeValue type");
  CHECK(fail(Cond("BEGINS_WITH", {N("1")})) ==
        kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  CHECK(fail(Cond("IN", {N("1"), S("1")})) ==
        kInvalid + "AttributeValues inside AttributeValueList must be of same type");
  CHECK(fail(Cond("IN", {{{"NULL", true}}})) ==
        kInvalid + "ComparisonOperator IN is not valid for NULL AttributeValue type");
  CHECK(fail(Cond("BETWEEN", {S("b"), S("a")})) ==
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound");
  CHECK(fail(Cond("EQ", {Json::object()})) ==
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
}

TEST_CASE("legacy: Expected makes a write conditional, and a failed one writes nothing") {
  Wire w;
  Seed(w);
  Json put = {{"TableName", "Tab"},
              {"Item", {{"p", S("x")}, {"s", N("1")}, {"a", N("100")}}},
              {"Expected", {{"a", {{"Value", N("2")}}}}}};
  CHECK(w.Fail("PutItem", put).first == "ConditionalCheckFailedException");
  CHECK(w.Ok("GetItem", {{"TableName", "Tab"}, {"Key", Key("1")}}).at("Item").at("a") == N("1"));
  put["Expected"] = {{"a", {{"Value", N("1")}}}};
  w.Ok("PutItem", put);
  CHECK(w.Ok("GetItem", {{"TableName", "Tab"}, {"Key", Key("1")}}).at("Item").at("a") == N("100"));

  // Exists: false, and ComparisonOperator with Value or AttributeValueList.
  Json del = {{"TableName", "Tab"}, {"Key", Key("2")}, {"Expected", {{"a", {{"Exists", false}}}}}};
  CHECK(w.Fail("DeleteItem", del).first == "ConditionalCheckFailedException");
  del["Expected"] = {{"a", {{"ComparisonOperator", "EQ"}, {"Value", N("2")}}},
                     {"zz", Cond("NOT_NULL")}};
  CHECK(w.Fail("DeleteItem", del).first == "ConditionalCheckFailedException");
  del["ConditionalOperator"] = "OR";
  del["ReturnValues"] = "ALL_OLD";
  CHECK(w.Ok("DeleteItem", del).at("Attributes").at("a") == N("2"));

  Json create = {
      {"TableName", "Tab"}, {"Item", Key("9")}, {"Expected", {{"p", {{"Exists", false}}}}}};
  w.Ok("PutItem", create);
  CHECK(w.Fail("PutItem", create).first == "ConditionalCheckFailedException");
}

TEST_CASE("legacy: Expected's Exists / Value / ComparisonOperator rules") {
  Wire w;
  Seed(w);
  auto fail = [&](const Json& condition) {
    return w
        .Fail("PutItem",
              {{"TableName", "Tab"}, {"Item", Key("1")}, {"Expected", {{"a", condition}}}})
        .second;
  };
  const std::string kInvalid = "One or more parameter values were invalid: ";
  CHECK(fail({{"Exists", true}}) ==
        kInvalid + "Value must be provided when Exists is true for Attribute: a");
  CHECK(fail(Json::object()) ==
        kInvalid + "Value must be provided when Exists is null for Attribute: a");
  CHECK(fail({{"Exists", false}, {"Value", N("1")}}) ==
        kInvalid + "Value cannot be used when Exists is false for Attribute: a");
  CHECK(fail({{"Exists", true}, {"ComparisonOperator", "NOT_NULL"}}) ==
        kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  CHECK(fail({{"ComparisonOperator", "EQ"}, {"Value", N("1")}, {"AttributeValueList", {N("1")}}}) ==
        kInvalid + "Value and AttributeValueList cannot be used together for Attribute: a");
  CHECK(
      fail({{"ComparisonOperator", "EQ"}}) ==
      kInvalid +
          "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a");
  CHECK(fail({{"AttributeValueList", {N("1")}}}) ==
        kInvalid +
            "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
}

TEST_CASE("legacy: AttributeUpdates PUT, ADD and DELETE with their type rules") {
  Wire w;
  Seed(w);
  auto update = [&](const Json& updates) {
    return w
        .Ok("UpdateItem", {{"TableName", "Tab"},
                           {"Key", Key("9")},
                           {"AttributeUpdates", updates},
                           {"ReturnValues", "ALL_NEW"}})
        .at("Attributes");
  };
  // ADD creates a number or a set, PUT is the default action.
  Json item = update({{"n", {{"Action", "ADD"}, {"Value", N("2")}}},
                      {"st", {{"Action", "ADD"}, {"Value", {{"SS", {"a"}}}}}},
                      {"v", {{"Value", S("v")}}},
                      {"l", {{"Action", "ADD"}, {"Value", {{"L", {S("q")}}}}}}});
  CHECK(item.at("n") == N("2"));
  CHECK(item.at("st") == Json({{"SS", {"a"}}}));
  CHECK(item.at("v") == S("v"));
  CHECK(item.at("l") == Json({{"L", {S("q")}}}));
  item = update({{"n", {{"Action", "ADD"}, {"Value", N("3")}}},
                 {"st", {{"Action", "ADD"}, {"Value", {{"SS", {"b"}}}}}},
                 {"l", {{"Action", "ADD"}, {"Value", {{"L", {S("r")}}}}}}});
  CHECK(item.at("n") == N("5"));
  CHECK(item.at("st") == Json({{"SS", {"a", "b"}}}));
  CHECK(item.at("l") == Json({{"L", {S("q"), S("r")}}}));
  // DELETE subtracts from a set (an emptied set disappears) or removes the attribute.
  item = update({{"st", {{"Action", "DELETE"}, {"Value", {{"SS", {"a", "zz"}}}}}},
                 {"v", {{"Action", "DELETE"}}},
                 {"nope", {{"Action", "DELETE"}}}});
  CHECK(item.at("st") == Json({{"SS", {"b"}}}));
  CHECK_FALSE(item.contains("v"));
  item = update({{"st", {{"Action", "DELETE"}, {"Value", {{"SS", {"b"}}}}}}});
  CHECK_FALSE(item.contains("st"));

  // UPDATED_NEW with an Expected condition.
  Json conditional = {{"TableName", "Tab"},
                      {"Key", Key("9")},
                      {"AttributeUpdates", {{"n", {{"Value", N("7")}}}}},
                      {"Expected", {{"n", {{"Value", N("1")}}}}},
                      {"ReturnValues", "UPDATED_NEW"}};
  CHECK(w.Fail("UpdateItem", conditional).first == "ConditionalCheckFailedException");
  conditional["Expected"] = {{"n", {{"Value", N("5")}}}};
  CHECK(w.Ok("UpdateItem", conditional).at("Attributes") == Json({{"n", N("7")}}));

  auto fail = [&](const Json& updates) {
    return w
        .Fail("UpdateItem",
              {{"TableName", "Tab"}, {"Key", Key("9")}, {"AttributeUpdates", updates}})
        .second;
  };
  const std::string kInvalid = "One or more parameter values were invalid: ";
  CHECK(fail({{"n", {{"Action", "ADD"}, {"Value", S("3")}}}}) ==
        kInvalid + "ADD action is not supported for the type STRING");
  CHECK(fail({{"m", {{"Action", "ADD"}, {"Value", {{"M", Json::object()}}}}}}) ==
        kInvalid + "ADD action is not supported for the type MAP");
  CHECK(fail({{"n", {{"Action", "PUT"}}}}) ==
        kInvalid + "Only DELETE action is allowed when no attribute value is specified");
  CHECK(fail({{"n", {{"Action", "DELETE"}, {"Value", {{"L", Json::array()}}}}}}) ==
        kInvalid + "DELETE action with value is not supported for the type LIST");
  CHECK(fail({{"n", {{"Action", "DELETE"}, {"Value", {{"NS", {"1"}}}}}}}) ==
        "Type mismatch for attribute to update");
  CHECK(fail({{"n", {{"Action", "ADD"}, {"Value", {{"SS", {"1"}}}}}}}) ==
        "Type mismatch for attribute to update");
  CHECK(fail({{"s", {{"Value", N("3")}}}}) ==
        kInvalid + "Cannot update attribute s. This attribute is part of the key");
  CHECK(fail({{"n", {{"Action", "FOO"}, {"Value", N("1")}}}}) ==
        "1 validation error detected: Value 'FOO' at 'attributeUpdates.n.member.action' failed "
        "to satisfy constraint: Member must satisfy enum value set: [ADD, DELETE, PUT]");

  // An empty AttributeUpdates creates the bare item, as no UpdateExpression does.
  CHECK(w.Ok("UpdateItem", {{"TableName", "Tab"},
                            {"Key", Key("10")},
                            {"AttributeUpdates", Json::object()},
                            {"ReturnValues", "ALL_NEW"}})
            .at("Attributes") == Key("10"));
}

TEST_CASE("legacy: AttributesToGet on GetItem, BatchGetItem, Query and Scan") {
  Wire w;
  Seed(w);
  CHECK(w.Ok("GetItem",
             {{"TableName", "Tab"}, {"Key", Key("1")}, {"AttributesToGet", {"a", "t", "zz"}}})
            .at("Item") == Json({{"a", N("1")}, {"t", S("hello1")}}));
  // Names are top-level attribute names, never paths.
  CHECK(w.Ok("GetItem", {{"TableName", "Tab"}, {"Key", Key("1")}, {"AttributesToGet", {"a.b"}}})
            .at("Item") == Json::object());
  Json batch =
      w.Ok("BatchGetItem",
           {{"RequestItems", {{"Tab", {{"Keys", {Key("2")}}, {"AttributesToGet", {"a"}}}}}}});
  CHECK(batch.at("Responses").at("Tab") == Json::array({{{"a", N("2")}}}));
  Json q = w.Ok("Query", {{"TableName", "Tab"},
                          {"KeyConditions", kPartition},
                          {"AttributesToGet", {"a"}},
                          {"Select", "SPECIFIC_ATTRIBUTES"}});
  CHECK(q.at("Items").at(3) == Json({{"a", N("3")}}));
  CHECK(w.Ok("Scan", {{"TableName", "Tab"}, {"AttributesToGet", {"t"}}}).at("Items").at(0).size() ==
        1);

  auto fail = [&](const Json& extra) {
    Json r = {{"TableName", "Tab"}, {"KeyConditions", kPartition}};
    r.update(extra);
    return w.Fail("Query", r).second;
  };
  CHECK(fail({{"AttributesToGet", {"a", "a"}}}) == "Cannot have two attributes with the same name");
  CHECK(fail({{"AttributesToGet", {"a"}}, {"Select", "ALL_ATTRIBUTES"}}) ==
        "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES");
  CHECK(fail({{"AttributesToGet", {"a"}}, {"Select", "COUNT"}}) ==
        "Cannot specify the AttributesToGet when choosing to get only the Count");
  CHECK(fail({{"AttributesToGet", Json::array()}}) ==
        "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1");
}

TEST_CASE("legacy: expression and non-expression parameters cannot be mixed") {
  Wire w;
  Seed(w);
  const std::string kMix =
      "Can not use both expression and non-expression parameters in the same request: ";
  Json values = {{":v", N("1")}};
  CHECK(w.Fail("PutItem", {{"TableName", "Tab"},
                           {"Item", Key("1")},
                           {"Expected", {{"a", {{"Value", N("1")}}}}},
                           {"ConditionExpression", "a = :v"},
                           {"ExpressionAttributeValues", values}})
            .second ==
        kMix +
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
  CHECK(w.Fail("UpdateItem", {{"TableName", "Tab"},
                              {"Key", Key("1")},
                              {"AttributeUpdates", {{"n", {{"Value", N("1")}}}}},
                              {"UpdateExpression", "SET a = :v"},
                              {"ExpressionAttributeValues", values}})
            .second == kMix +
                           "Non-expression parameters: {AttributeUpdates} Expression "
                           "parameters: {UpdateExpression}");
  CHECK(w.Fail("Query", {{"TableName", "Tab"},
                         {"KeyConditions", kPartition},
                         {"QueryFilter", {{"a", Cond("GT", {N("1")})}}},
                         {"AttributesToGet", {"a"}},
                         {"ProjectionExpression", "a"},
                         {"FilterExpression", "a > :v"},
                         {"ExpressionAttributeValues", values}})
            .second == kMix +
                           "Non-expression parameters: {AttributesToGet, QueryFilter} "
                           "Expression parameters: {ProjectionExpression, FilterExpression}");
  CHECK(w.Fail("Query", {{"TableName", "Tab"},
                         {"KeyConditions", kPartition},
                         {"KeyConditionExpression", "p = :v"},
                         {"ExpressionAttributeValues", {{":v", S("x")}}}})
            .second == kMix +
                           "Non-expression parameters: {KeyConditions} Expression parameters: "
                           "{KeyConditionExpression}");
  CHECK(w.Fail("Scan", {{"TableName", "Tab"},
                        {"ConditionalOperator", "AND"},
                        {"FilterExpression", "a = :v"},
                        {"ExpressionAttributeValues", values}})
            .second == kMix +
                           "Non-expression parameters: {ConditionalOperator} Expression "
                           "parameters: {FilterExpression}");
  CHECK(w.Fail("GetItem", {{"TableName", "Tab"},
                           {"Key", Key("1")},
                           {"AttributesToGet", {"a"}},
                           {"ProjectionExpression", "a"}})
            .second == kMix +
                           "Non-expression parameters: {AttributesToGet} Expression "
                           "parameters: {ProjectionExpression}");

  // KeyConditions may go with FilterExpression (not with KeyConditionExpression).
  CHECK(SortKeys(w.Ok("Query", {{"TableName", "Tab"},
                                {"KeyConditions", kPartition},
                                {"FilterExpression", "a = :v"},
                                {"ExpressionAttributeValues", values}})) ==
        std::vector<std::string>{"1"});

  // Placeholders without expressions.
  CHECK(w.Fail("Query", {{"TableName", "Tab"},
                         {"KeyConditions", kPartition},
                         {"ExpressionAttributeValues", values}})
            .second ==
        "ExpressionAttributeValues can only be specified when using expressions: "
        "FilterExpression and KeyConditionExpression are null");
  CHECK(w.Fail("PutItem", {{"TableName", "Tab"},
                           {"Item", Key("1")},
                           {"Expected", {{"a", {{"Value", N("1")}}}}},
                           {"ExpressionAttributeValues", values}})
            .second ==
        "ExpressionAttributeValues can only be specified when using expressions: "
        "ConditionExpression is null");
  CHECK(w.Fail("Scan", {{"TableName", "Tab"},
                        {"ScanFilter", {{"a", Cond("NULL")}}},
                        {"ExpressionAttributeNames", {{"#a", "a"}}}})
            .second == "ExpressionAttributeNames can only be specified when using expressions");
}
