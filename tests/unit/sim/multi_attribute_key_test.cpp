// Multi-attribute GSI keys (up to four partition and four sort attributes per GSI, since
// November 2025: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// GSI.html#GSI.MultiAttributeKeys) on the simulated table, through the JSON protocol:
// CreateTable / UpdateTable validation, DescribeTable, sparseness, ordering attribute by
// attribute, every key-condition rule and message, LastEvaluatedKey and ExclusiveStartKey, and
// PartiQL's refusal of such an index. Expected messages and orders were recorded against DynamoDB
// Local 3.3.0 (2026-01-16 build), which implements the feature.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "wire_fixture.h"

using namespace simtest;

namespace {

Json Def(const std::string& name, const std::string& type) {
  return {{"AttributeName", name}, {"AttributeType", type}};
}
Json Key(const std::string& name, const std::string& type) {
  return {{"AttributeName", name}, {"KeyType", type}};
}

// Table "mtab": pk p (S); GSI "g" on HASH h (S), t (N) and RANGE r1 (N), r2 (S), r3 (B).
Json TableWith(const Json& gsi_key_schema, const Json& definitions,
               const std::string& projection = "ALL") {
  Json defs = {Def("p", "S")};
  for (const Json& d : definitions) defs.push_back(d);
  return {{"TableName", "mtab"},
          {"BillingMode", "PAY_PER_REQUEST"},
          {"AttributeDefinitions", defs},
          {"KeySchema", {Key("p", "HASH")}},
          {"GlobalSecondaryIndexes",
           {{{"IndexName", "gix"},
             {"KeySchema", gsi_key_schema},
             {"Projection", {{"ProjectionType", projection}}}}}}};
}

Json StandardTable(const std::string& projection = "ALL") {
  return TableWith({Key("h", "HASH"), Key("t", "HASH"), Key("r1", "RANGE"), Key("r2", "RANGE"),
                    Key("r3", "RANGE")},
                   {Def("h", "S"), Def("t", "N"), Def("r1", "N"), Def("r2", "S"), Def("r3", "B")},
                   projection);
}

Json S(const std::string& s) { return {{"S", s}}; }
Json N(const std::string& n) { return {{"N", n}}; }
Json B(const std::string& b64) { return {{"B", b64}}; }

// An item of the standard table; `r3` empty: the attribute is left out.
Json Row(const std::string& p, const std::string& r1, const std::string& r2, const std::string& r3,
         const std::string& h = "x") {
  Json item = {{"p", S(p)}, {"h", S(h)}, {"t", N("1")}, {"r1", N(r1)}, {"r2", S(r2)}};
  if (!r3.empty()) item["r3"] = B(r3);
  return item;
}

Json QueryBody(const std::string& condition, const Json& values) {
  return {{"TableName", "mtab"},
          {"IndexName", "gix"},
          {"KeyConditionExpression", condition},
          {"ExpressionAttributeValues", values}};
}

std::vector<std::string> Ps(const Json& answer) {
  std::vector<std::string> out;
  for (const Json& item : answer["Items"]) out.push_back(item["p"]["S"]);
  return out;
}

// A standard table holding rows whose index order is 6 2 4 8 3 7 1 (p 5 lacks r3: sparse).
struct Loaded : Wire {
  Loaded() {
    Ok("CreateTable", StandardTable());
    for (const Json& item :
         {Row("1", "10", "b", "AQ=="), Row("2", "9", "c", "AQ=="), Row("3", "10", "a", "Ag=="),
          Row("4", "10", "a", "AQ=="), Row("5", "10", "a", ""), Row("6", "-1", "ab", "AA=="),
          Row("7", "10", std::string("a\0", 2), "AA=="), Row("8", "10", "a", "AQ=="),
          Row("9", "10", "a", "AQ==", "y")}) {
      Ok("PutItem", {{"TableName", "mtab"}, {"Item", item}});
    }
  }
  Json Q(const std::string& condition, Json values, const Json& more = Json::object()) {
    values[":h"] = S("x");
    values[":t"] = N("1");
    Json body =
        QueryBody("h = :h AND t = :t" + (condition.empty() ? "" : " AND " + condition), values);
    for (auto it = more.begin(); it != more.end(); ++it) body[it.key()] = it.value();
    return Ok("Query", body);
  }
};

}  // namespace

TEST_CASE("multi-attribute GSI keys: CreateTable accepts up to four HASH then four RANGE",
          "[sim][multikey]") {
  Wire w;
  const Json created = w.Ok("CreateTable", StandardTable())["TableDescription"];
  const Json expected_schema = {Key("h", "HASH"), Key("t", "HASH"), Key("r1", "RANGE"),
                                Key("r2", "RANGE"), Key("r3", "RANGE")};
  CHECK(created["GlobalSecondaryIndexes"][0]["KeySchema"] == expected_schema);
  const Json described = w.Ok("DescribeTable", {{"TableName", "mtab"}})["Table"];
  CHECK(described["GlobalSecondaryIndexes"][0]["KeySchema"] == expected_schema);
  CHECK(described["KeySchema"] == Json{Key("p", "HASH")});

  // Two HASH and nothing else; the maximum 4 + 4.
  Wire two;
  two.Ok("CreateTable",
         TableWith({Key("a", "HASH"), Key("b", "HASH")}, {Def("a", "S"), Def("b", "S")}));
  Wire max;
  Json keys = Json::array(), defs = Json::array();
  for (const char* n : {"a", "b", "c", "d"}) {
    keys.push_back(Key(n, "HASH"));
    defs.push_back(Def(n, "S"));
  }
  for (const char* n : {"e", "f", "g", "h"}) {
    keys.push_back(Key(n, "RANGE"));
    defs.push_back(Def(n, "N"));
  }
  max.Ok("CreateTable", TableWith(keys, defs));
}

TEST_CASE("multi-attribute GSI keys: CreateTable rejects bad key schemas with DynamoDB's messages",
          "[sim][multikey]") {
  auto fail = [](const Json& keys, const Json& defs) {
    Wire w;
    return w.Fail("CreateTable", TableWith(keys, defs)).second;
  };
  const Json abcde = {Def("a", "S"), Def("b", "S"), Def("c", "S"), Def("d", "S"), Def("e", "S")};
  CHECK(fail({Key("a", "HASH"), Key("b", "HASH"), Key("c", "HASH"), Key("d", "HASH"),
              Key("e", "HASH")},
             abcde) == "Too many partition keys. GSI can have at most 4 partition keys");
  CHECK(fail({Key("a", "HASH"), Key("b", "RANGE"), Key("c", "RANGE"), Key("d", "RANGE"),
              Key("e", "RANGE"), Key("p", "RANGE")},
             abcde) == "Too many sort keys. GSI can have at most 4 sort keys");
  CHECK(fail({Key("a", "HASH"), Key("b", "RANGE"), Key("c", "HASH")},
             {Def("a", "S"), Def("b", "S"), Def("c", "S")}) ==
        "Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
        "specifed second");
  CHECK(fail({Key("a", "RANGE"), Key("b", "RANGE"), Key("c", "RANGE")},
             {Def("a", "S"), Def("b", "S"), Def("c", "S")}) ==
        "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key");
  CHECK(fail({Key("a", "HASH"), Key("a", "HASH")}, Json::array({Def("a", "S")})) ==
        "Two keys can not have the same name");
  CHECK(fail({Key("a", "HASH"), Key("b", "HASH"), Key("a", "RANGE")},
             {Def("a", "S"), Def("b", "S")}) == "Two keys can not have the same name");
  CHECK(fail({Key("a", "HASH"), Key("zz", "HASH")}, Json::array({Def("a", "S")})) ==
        "One or more parameter values were invalid: Some index key attributes are not defined in "
        "AttributeDefinitions. Keys: [a, zz], AttributeDefinitions: [p, a]");
  Json nine = Json::array(), defs = Json::array();
  for (int i = 0; i < 9; ++i) {
    const std::string n = "k" + std::to_string(i);
    nine.push_back(Key(n, i < 4 ? "HASH" : "RANGE"));
    defs.push_back(Def(n, "S"));
  }
  CHECK(fail(nine, defs) ==
        "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member "
        "must have length less than or equal to 8");
  // The two-element forms other than HASH, HASH keep their (AWS-recorded) messages.
  CHECK(fail({Key("a", "RANGE"), Key("b", "HASH")}, {Def("a", "S"), Def("b", "S")}) ==
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");

  // The table's own key and LSIs stay one HASH and at most one RANGE.
  Wire w;
  Json table = {{"TableName", "ltab"},
                {"BillingMode", "PAY_PER_REQUEST"},
                {"AttributeDefinitions", {Def("p", "S"), Def("s", "S"), Def("a", "S")}},
                {"KeySchema", {Key("p", "HASH"), Key("s", "RANGE")}},
                {"LocalSecondaryIndexes",
                 {{{"IndexName", "lix"},
                   {"KeySchema", {Key("p", "HASH"), Key("s", "RANGE"), Key("a", "RANGE")}},
                   {"Projection", {{"ProjectionType", "ALL"}}}}}}};
  CHECK(w.Fail("CreateTable", table).second ==
        "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member "
        "must have length less than or equal to 2");
  table.erase("LocalSecondaryIndexes");
  table["KeySchema"] = {Key("p", "HASH"), Key("a", "HASH")};
  CHECK(w.Fail("CreateTable", table).second ==
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
}

TEST_CASE("multi-attribute GSI keys: UpdateTable adds one and backfills it", "[sim][multikey]") {
  Wire w;
  w.Ok("CreateTable", {{"TableName", "mtab"},
                       {"BillingMode", "PAY_PER_REQUEST"},
                       {"AttributeDefinitions", {Def("p", "S")}},
                       {"KeySchema", {Key("p", "HASH")}}});
  for (const Json& item :
       {Json{{"p", S("1")}, {"a", S("x")}, {"b", N("2")}, {"c", S("z")}},
        Json{{"p", S("2")}, {"a", S("x")}, {"b", N("2")}, {"c", S("y")}},
        Json{{"p", S("3")}, {"a", S("x")}, {"c", S("w")}}}) {  // lacks b: not indexed
    w.Ok("PutItem", {{"TableName", "mtab"}, {"Item", item}});
  }
  const Json gsi = {{"IndexName", "gix"},
                    {"KeySchema", {Key("a", "HASH"), Key("b", "HASH"), Key("c", "RANGE")}},
                    {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}};
  Json update = {{"TableName", "mtab"},
                 {"AttributeDefinitions", {Def("a", "S"), Def("b", "N"), Def("c", "S")}},
                 {"GlobalSecondaryIndexUpdates", {{{"Create", gsi}}}}};
  w.Ok("UpdateTable", update);
  const Json described = w.Ok("DescribeTable", {{"TableName", "mtab"}})["Table"];
  CHECK(described["GlobalSecondaryIndexes"][0]["KeySchema"] == gsi["KeySchema"]);
  CHECK(described["GlobalSecondaryIndexes"][0]["ItemCount"] == 2);
  const Json answer =
      w.Ok("Query", {{"TableName", "mtab"},
                     {"IndexName", "gix"},
                     {"KeyConditionExpression", "a = :a AND b = :b"},
                     {"ExpressionAttributeValues", {{":a", S("x")}, {":b", N("2")}}}});
  CHECK(Ps(answer) == std::vector<std::string>{"2", "1"});

  Json bad = update;
  bad["GlobalSecondaryIndexUpdates"][0]["Create"]["IndexName"] = "gix2";
  bad["GlobalSecondaryIndexUpdates"][0]["Create"]["KeySchema"] = {
      Key("c", "RANGE"), Key("a", "RANGE"), Key("b", "RANGE")};
  CHECK(w.Fail("UpdateTable", bad).second ==
        "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key");
  bad["GlobalSecondaryIndexUpdates"][0]["Create"]["KeySchema"] = {
      Key("a", "HASH"), Key("c", "RANGE"), Key("b", "HASH")};
  CHECK(w.Fail("UpdateTable", bad).second ==
        "Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
        "specifed second");
}

TEST_CASE("multi-attribute GSI keys: sparse index, ordering attribute by attribute",
          "[sim][multikey]") {
  Loaded w;
  // r1 numerically, then r2 by bytes ("a" < "a\0" < "ab" < "b"), then r3 by unsigned bytes,
  // then the table key; p 5 lacks r3 and p 9 is in another partition.
  CHECK(Ps(w.Q("", Json::object())) == std::vector<std::string>{"6", "2", "4", "8", "3", "7", "1"});
  CHECK(Ps(w.Q("", Json::object(), {{"ScanIndexForward", false}})) ==
        std::vector<std::string>{"1", "7", "3", "8", "4", "2", "6"});
  const Json scanned = w.Ok("Scan", {{"TableName", "mtab"}, {"IndexName", "gix"}});
  CHECK(scanned["Count"] == 8);

  // Removing a key attribute takes the item out of the index; adding it back returns it.
  w.Ok("UpdateItem",
       {{"TableName", "mtab"}, {"Key", {{"p", S("8")}}}, {"UpdateExpression", "REMOVE t"}});
  CHECK(Ps(w.Q("", Json::object())) == std::vector<std::string>{"6", "2", "4", "3", "7", "1"});
  w.Ok("UpdateItem", {{"TableName", "mtab"},
                      {"Key", {{"p", S("5")}}},
                      {"UpdateExpression", "SET r3 = :b"},
                      {"ExpressionAttributeValues", {{":b", B("AA==")}}}});
  CHECK(Ps(w.Q("", Json::object())) == std::vector<std::string>{"6", "2", "5", "4", "3", "7", "1"});

  // Key attribute types are checked on write as for any index key.
  CHECK(
      w.Fail("PutItem", {{"TableName", "mtab"}, {"Item", {{"p", S("x")}, {"t", S("1")}}}}).second ==
      "One or more parameter values were invalid: Type mismatch for Index Key t Expected: N "
      "Actual: S IndexName: gix");
}

TEST_CASE("multi-attribute GSI keys: equality prefix then one condition on the next attribute",
          "[sim][multikey]") {
  Loaded w;
  CHECK(Ps(w.Q("r1 = :n", {{":n", N("10")}})) == std::vector<std::string>{"4", "8", "3", "7", "1"});
  CHECK(Ps(w.Q("r1 = :n AND r2 = :s", {{":n", N("10")}, {":s", S("a")}})) ==
        std::vector<std::string>{"4", "8", "3"});
  CHECK(Ps(w.Q("r2 = :s AND r1 = :n AND r3 = :b",
               {{":n", N("10")}, {":s", S("a")}, {":b", B("AQ==")}})) ==
        std::vector<std::string>{"4", "8"});
  CHECK(Ps(w.Q("r1 = :n AND begins_with(r2, :s)", {{":n", N("10")}, {":s", S("a")}})) ==
        std::vector<std::string>{"4", "8", "3", "7"});
  CHECK(Ps(w.Q("r1 = :n AND r2 > :s", {{":n", N("10")}, {":s", S("a")}})) ==
        std::vector<std::string>{"7", "1"});
  CHECK(Ps(w.Q("r1 = :n AND r2 >= :s", {{":n", N("10")}, {":s", S("a")}})) ==
        std::vector<std::string>{"4", "8", "3", "7", "1"});
  CHECK(Ps(w.Q("r1 = :n AND r2 < :s", {{":n", N("10")}, {":s", S("b")}})) ==
        std::vector<std::string>{"4", "8", "3", "7"});
  CHECK(Ps(w.Q("r1 = :n AND r2 <= :s", {{":n", N("10")}, {":s", S("a")}})) ==
        std::vector<std::string>{"4", "8", "3"});
  CHECK(Ps(w.Q("r1 = :n AND r2 BETWEEN :s AND :u",
               {{":n", N("10")}, {":s", S("a")}, {":u", S("ab")}})) ==
        std::vector<std::string>{"4", "8", "3", "7"});
  CHECK(Ps(w.Q("r1 < :n", {{":n", N("10")}})) == std::vector<std::string>{"6", "2"});
  CHECK(Ps(w.Q("r1 > :n", {{":n", N("9")}})) == std::vector<std::string>{"4", "8", "3", "7", "1"});
  CHECK(Ps(w.Q("r1 BETWEEN :a AND :b", {{":a", N("-1")}, {":b", N("9.0")}})) ==
        std::vector<std::string>{"6", "2"});
  CHECK(Ps(w.Q("r1 = :n AND r2 = :s AND r3 > :b",
               {{":n", N("10")}, {":s", S("a")}, {":b", B("AQ==")}})) ==
        std::vector<std::string>{"3"});
}

TEST_CASE("multi-attribute GSI keys: key-condition errors in DynamoDB's order and words",
          "[sim][multikey]") {
  Loaded w;
  auto fail = [&](const std::string& condition, const Json& values) {
    return w.Fail("Query", QueryBody(condition, values)).second;
  };
  const Json hv = {{":h", S("x")}, {":t", N("1")}};
  auto with = [&](Json more) {
    for (auto it = hv.begin(); it != hv.end(); ++it) more[it.key()] = it.value();
    return more;
  };
  CHECK(fail("h = :h", {{":h", S("x")}}) ==
        "HASH key attributes t must have equality conditions specified in the query");
  CHECK(fail("h > :h AND t > :t", hv) ==
        "HASH key attributes h, t must have equality conditions specified in the query");
  CHECK(fail("r1 = :n", {{":n", N("1")}}) ==
        "HASH key attributes h, t must have equality conditions specified in the query");
  CHECK(fail("h = :h AND t = :s", {{":h", S("x")}, {":s", S("1")}}) ==
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  CHECK(fail("h = :h AND t = :t AND r2 = :s", with({{":s", S("a")}})) ==
        "RANGE key attributes r1 must have equality conditions specified in the query because a "
        "condition is present on key attribute r2");
  CHECK(fail("h = :h AND t = :t AND r3 = :b", with({{":b", B("AQ==")}})) ==
        "RANGE key attributes r1, r2 must have equality conditions specified in the query "
        "because a condition is present on key attribute r3");
  CHECK(fail("h = :h AND t = :t AND r1 > :n AND r2 = :s", with({{":n", N("1")}, {":s", S("a")}})) ==
        "RANGE key attributes r1 must have equality conditions specified in the query because a "
        "condition is present on key attribute r2");
  CHECK(fail("h = :h AND t = :t AND begins_with(r2, :s) AND r1 = :n AND r3 = :b",
             with({{":n", N("1")}, {":s", S("a")}, {":b", B("AQ==")}})) ==
        "RANGE key attributes r2 must have equality conditions specified in the query because a "
        "condition is present on key attribute r3");
  // A type mismatch on a sort attribute comes after the gap check, before unknown attributes.
  CHECK(fail("h = :h AND t = :t AND r1 = :s AND zz = :s", with({{":s", S("a")}})) ==
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  CHECK(fail("h = :h AND t = :t AND r1 = :n AND zz = :n", with({{":n", N("1")}})) ==
        "Query condition missed key schema element");
  CHECK(fail("h = :h AND t = :t AND p = :s", with({{":s", S("a")}})) ==
        "Query condition missed key schema element");
  // More conditions than the index has key attributes.
  CHECK(fail("h = :h AND t = :t AND r1 = :n AND r2 = :s AND r3 = :b AND p = :s",
             with({{":n", N("1")}, {":s", S("a")}, {":b", B("AQ==")}})) ==
        "Query key condition not supported");
  CHECK(fail("h = :h AND t = :t AND begins_with(r1, :n)", with({{":n", N("1")}})) ==
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: begins_with, operand type: N");
  // A FilterExpression may not name any key attribute of the index.
  Json filtered = QueryBody("h = :h AND t = :t", with({{":s", S("a")}}));
  filtered["FilterExpression"] = "r2 = :s";
  CHECK(w.Fail("Query", filtered).second ==
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
        "r2");
}

TEST_CASE("multi-attribute GSI keys: LastEvaluatedKey holds every key attribute",
          "[sim][multikey]") {
  Loaded w;
  Json page = w.Q("", Json::object(), {{"Limit", 2}});
  CHECK(Ps(page) == std::vector<std::string>{"6", "2"});
  const Json expected_key = {{"p", S("2")},  {"h", S("x")},  {"t", N("1")},
                             {"r1", N("9")}, {"r2", S("c")}, {"r3", B("AQ==")}};
  CHECK(page["LastEvaluatedKey"] == expected_key);
  std::vector<std::string> all = Ps(page);
  while (page.contains("LastEvaluatedKey")) {
    page = w.Q("", Json::object(), {{"Limit", 2}, {"ExclusiveStartKey", page["LastEvaluatedKey"]}});
    for (const std::string& p : Ps(page)) all.push_back(p);
  }
  CHECK(all == std::vector<std::string>{"6", "2", "4", "8", "3", "7", "1"});

  // Descending, within an equality prefix.
  page = w.Q("r1 = :n AND r2 = :s", {{":n", N("10")}, {":s", S("a")}},
             {{"Limit", 2}, {"ScanIndexForward", false}});
  CHECK(Ps(page) == std::vector<std::string>{"3", "8"});
  page = w.Q(
      "r1 = :n AND r2 = :s", {{":n", N("10")}, {":s", S("a")}},
      {{"Limit", 2}, {"ScanIndexForward", false}, {"ExclusiveStartKey", page["LastEvaluatedKey"]}});
  CHECK(Ps(page) == std::vector<std::string>{"4"});

  // A start key outside the key condition's range, or missing an index key attribute.
  Json outside = expected_key;  // r1 9 is not 10
  Json body =
      QueryBody("h = :h AND t = :t AND r1 = :n", {{":h", S("x")}, {":t", N("1")}, {":n", N("10")}});
  body["ExclusiveStartKey"] = outside;
  CHECK(w.Fail("Query", body).second ==
        "The provided starting key does not match the range key predicate");
  Json partial = expected_key;
  partial.erase("r3");
  body["ExclusiveStartKey"] = partial;
  CHECK(w.Fail("Query", body).second ==
        "The provided starting key is invalid: The provided key element does not match the "
        "schema");

  // Scan pages through the index the same way.
  Json scan = {{"TableName", "mtab"}, {"IndexName", "gix"}, {"Limit", 3}};
  std::size_t seen = 0;
  for (;;) {
    const Json answer = w.Ok("Scan", scan);
    seen += answer["Items"].size();
    if (!answer.contains("LastEvaluatedKey")) break;
    CHECK(answer["LastEvaluatedKey"].size() == 6);
    scan["ExclusiveStartKey"] = answer["LastEvaluatedKey"];
  }
  CHECK(seen == 8);
}

TEST_CASE("multi-attribute GSI keys: KEYS_ONLY projects every key attribute", "[sim][multikey]") {
  Wire w;
  w.Ok("CreateTable", StandardTable("KEYS_ONLY"));
  Json item = Row("1", "10", "a", "AQ==");
  item["other"] = S("not projected");
  w.Ok("PutItem", {{"TableName", "mtab"}, {"Item", item}});
  const Json answer =
      w.Ok("Query", QueryBody("h = :h AND t = :t", {{":h", S("x")}, {":t", N("1")}}));
  item.erase("other");
  CHECK(answer["Items"] == Json{item});
}

TEST_CASE("multi-attribute GSI keys: legacy KeyConditions; PartiQL refuses the index",
          "[sim][multikey]") {
  Loaded w;
  const Json legacy =
      w.Ok("Query", {{"TableName", "mtab"},
                     {"IndexName", "gix"},
                     {"KeyConditions",
                      {{"h", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {S("x")}}}},
                       {"t", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {N("1")}}}},
                       {"r1", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {N("10")}}}},
                       {"r2", {{"ComparisonOperator", "GT"}, {"AttributeValueList", {S("a")}}}}}}});
  CHECK(Ps(legacy) == std::vector<std::string>{"7", "1"});
  const auto [type, message] = w.Fail(
      "Query", {{"TableName", "mtab"},
                {"IndexName", "gix"},
                {"KeyConditions",
                 {{"h", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {S("x")}}}},
                  {"t", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {N("1")}}}},
                  {"r2", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {S("a")}}}}}}});
  CHECK(type == "ValidationException");
  CHECK(message ==
        "RANGE key attributes r1 must have equality conditions specified in the query because a "
        "condition is present on key attribute r2");

  // PartiQL reads the table, and its other indexes, but not a multi-attribute GSI.
  const Json table =
      w.Ok("ExecuteStatement", {{"Statement", "SELECT p FROM \"mtab\" WHERE p = '4'"}});
  CHECK(Ps(table) == std::vector<std::string>{"4"});
  const auto [partiql_type, partiql_message] =
      w.Fail("ExecuteStatement",
             {{"Statement", "SELECT p FROM \"mtab\".\"gix\" WHERE h = 'x' AND t = 1"}});
  CHECK(partiql_type == "ValidationException");
  CHECK(partiql_message ==
        "PartiQL statements cannot be executed on tables with composite HASH keys or composite "
        "RANGE keys.");
}
