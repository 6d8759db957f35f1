// PartiQL through the JSON adapter: ExecuteStatement, BatchExecuteStatement and
// ExecuteTransaction as DynamoDB answers them (results checked against DynamoDB Local 3.3.0).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "wire_fixture.h"

using Json = nlohmann::json;

namespace {

using simtest::Wire;

// pk (S) + sk (N), and a GSI on g.
const Json kTable = {{"TableName", "ttt"},
                     {"AttributeDefinitions",
                      {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                       {{"AttributeName", "sk"}, {"AttributeType", "N"}},
                       {{"AttributeName", "g"}, {"AttributeType", "S"}}}},
                     {"KeySchema",
                      {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                       {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                     {"GlobalSecondaryIndexes",
                      {{{"IndexName", "gix"},
                        {"KeySchema", {{{"AttributeName", "g"}, {"KeyType", "HASH"}}}},
                        {"Projection", {{"ProjectionType", "ALL"}}}}}},
                     {"BillingMode", "PAY_PER_REQUEST"}};

Json Stmt(const std::string& s, Json params = nullptr) {
  Json j = {{"Statement", s}};
  if (!params.is_null()) j["Parameters"] = params;
  return j;
}

struct Fixture {
  Wire w;
  Fixture() {
    REQUIRE(w.Call("CreateTable", kTable).first == 200);
    w.Ok("ExecuteStatement", Stmt("INSERT INTO \"ttt\" VALUE {'pk': 'a', 'sk': 1, 'x': 5}"));
    w.Ok("ExecuteStatement",
         Stmt("INSERT INTO ttt VALUE {'pk':'a','sk':2,'x':6, 'l':[1,'a'], 'm':{'k':true}, "
              "'s':<<'a','b'>>, 'n': null, 'g':'G'}"));
    for (int i = 3; i <= 6; ++i)
      w.Ok("ExecuteStatement", Stmt("INSERT INTO ttt VALUE {'pk': ?, 'sk': ?}",
                                    {{{"S", "b"}}, {{"N", std::to_string(i)}}}));
  }
  Json Items(const std::string& s, Json params = nullptr) {
    return w.Ok("ExecuteStatement", Stmt(s, std::move(params)))["Items"];
  }
  std::pair<std::string, std::string> Fail(const std::string& s) {
    return w.Fail("ExecuteStatement", Stmt(s));
  }
};

}  // namespace

TEST_CASE("PartiQL INSERT writes every literal type; a second INSERT is a DuplicateItem",
          "[sim][partiql]") {
  Fixture f;
  Json got = f.w.Ok("GetItem", {{"TableName", "ttt"},
                                {"Key", {{"pk", {{"S", "a"}}}, {"sk", {{"N", "2"}}}}}})["Item"];
  CHECK(got["l"] == Json{{"L", {{{"N", "1"}}, {{"S", "a"}}}}});
  CHECK(got["m"] == Json{{"M", {{"k", {{"BOOL", true}}}}}});
  CHECK(got["s"] == Json{{"SS", {"a", "b"}}});
  CHECK(got["n"] == Json{{"NULL", true}});
  auto [name, message] = f.Fail("INSERT INTO ttt VALUE {'pk': 'a', 'sk': 1}");
  CHECK(name == "DuplicateItemException");
  CHECK(message == "Duplicate primary key exists in table");
  CHECK(f.Fail("INSERT INTO ttt VALUE {'pk': 'a', 'sk': 9, 's': <<'a', 'a'>>}").second ==
        "Statement wasn't well formed, can't be processed: Input collection contains duplicates");
  CHECK(f.Fail("INSERT INTO nope VALUE {'pk': 'a'}").first == "ResourceNotFoundException");
}

TEST_CASE("PartiQL SELECT: a Query when the partition key is pinned, else a Scan",
          "[sim][partiql]") {
  Fixture f;
  CHECK(f.Items("SELECT * FROM ttt").size() == 6);
  Json desc = f.Items("SELECT sk FROM ttt WHERE pk = 'b' ORDER BY sk DESC");
  REQUIRE(desc.size() == 4);
  CHECK(desc[0] == Json{{"sk", {{"N", "6"}}}});
  CHECK(desc[3] == Json{{"sk", {{"N", "3"}}}});
  CHECK(f.Items("SELECT * FROM ttt WHERE pk = 'b' AND sk BETWEEN 4 AND 5").size() == 2);
  CHECK(f.Items("SELECT * FROM ttt WHERE pk IN ['a', 'b'] AND sk > 3").size() == 3);
  CHECK(f.Items("SELECT * FROM ttt WHERE pk = 'a' OR pk = 'b'").size() == 6);
  CHECK(f.Items("SELECT * FROM \"ttt\".\"gix\" WHERE g = 'G'").size() == 1);
  Json proj = f.Items("SELECT x, m.k FROM ttt WHERE pk = 'a' AND sk > 1");
  REQUIRE(proj.size() == 1);
  CHECK(proj[0] == Json{{"m", {{"M", {{"k", {{"BOOL", true}}}}}}}, {"x", {{"N", "6"}}}});
  CHECK(f.Items("SELECT * FROM ttt WHERE x IS MISSING").size() == 4);
  CHECK(f.Items("SELECT * FROM ttt WHERE x IS NOT MISSING AND NOT x = 5").size() == 1);
  CHECK(f.Items("SELECT * FROM ttt WHERE attribute_type(x, 'N') AND size(l) = 2 AND "
                "contains(s, 'a') AND begins_with(pk, 'a')")
            .size() == 1);
  CHECK(f.Items("SELECT * FROM ttt WHERE sk IN (3, 4) OR x >= ?", {{{"N", "6"}}}).size() == 3);
}

TEST_CASE("PartiQL SELECT pages with Limit and NextToken across partitions", "[sim][partiql]") {
  Fixture f;
  Json req = Stmt("SELECT pk, sk FROM ttt WHERE pk IN ['a', 'b']");
  req["Limit"] = 3;
  int seen = 0;
  int pages = 0;
  for (;;) {
    Json page = f.w.Ok("ExecuteStatement", req);
    seen += static_cast<int>(page["Items"].size());
    ++pages;
    if (!page.contains("NextToken")) break;
    req["NextToken"] = page["NextToken"];
    REQUIRE(pages < 10);
  }
  CHECK(seen == 6);
  CHECK(pages >= 2);
  req["NextToken"] = "garbage!";
  CHECK(f.w.Fail("ExecuteStatement", req).second == "Invalid NextToken");
}

TEST_CASE("PartiQL UPDATE and DELETE need the full key; conditions and RETURNING",
          "[sim][partiql]") {
  Fixture f;
  Json n = f.Items("UPDATE ttt SET x = x + 1 WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *");
  REQUIRE(n.size() == 1);
  CHECK(n[0]["x"] == Json{{"N", "6"}});
  Json old = f.Items(
      "UPDATE ttt SET y = list_append(l, [3]) REMOVE x WHERE pk='a' AND sk=2 RETURNING MODIFIED "
      "OLD *");
  CHECK(old == Json::array({{{"x", {{"N", "6"}}}}}));
  Json added = f.Items(
      "UPDATE ttt SET s = set_add(s, <<'z'>>) WHERE pk='a' AND sk=2 RETURNING MODIFIED NEW *");
  CHECK(added[0]["s"] == Json{{"SS", {"a", "b", "z"}}});
  CHECK(f.Fail("UPDATE ttt SET x = 1 WHERE pk = 'zz' AND sk = 1").first ==
        "ConditionalCheckFailedException");
  CHECK(f.Fail("UPDATE ttt SET x = 1 WHERE pk = 'a'").second ==
        "Where clause does not contain a mandatory equality on all key attributes");
  CHECK(f.Fail("UPDATE ttt SET pk = 'c' WHERE pk = 'b' AND sk = 3").second ==
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute "
        "is part of the key");
  CHECK(f.Items("DELETE FROM ttt WHERE pk = 'zz' AND sk = 1").empty());
  CHECK(f.Fail("DELETE FROM ttt WHERE pk = 'a' AND sk = 1 AND x = 100").first ==
        "ConditionalCheckFailedException");
  Json gone = f.Items("DELETE FROM ttt WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *");
  CHECK(gone[0]["x"] == Json{{"N", "6"}});
  CHECK(f.Items("SELECT * FROM ttt WHERE pk = 'a'").size() == 1);
}

TEST_CASE("PartiQL statement errors", "[sim][partiql]") {
  Fixture f;
  CHECK(f.Fail("SELEC * FROM ttt")
            .second.starts_with("Statement wasn't well formed, can't be processed: "));
  CHECK(f.Fail("SELECT * FROM ttt WHERE").first == "ValidationException");
  CHECK(f.Fail("SELECT * FROM ttt WHERE x = ?").second ==
        "Number of parameters in request and statement don't match.");
  CHECK(f.Fail("SELECT * FROM ttt ORDER BY sk").second ==
        "Must have WHERE clause in the statement when using ORDER BY clause.");
  CHECK(f.Fail("SELECT * FROM ttt WHERE pk = 'a' ORDER BY x").second ==
        "Variable reference x in ORDER BY clause must be part of the primary key");
  CHECK(f.Fail("SELECT * FROM ttt WHERE sk > 0 ORDER BY sk").second ==
        "Must have at least one non-optional hash key condition in WHERE clause when using "
        "ORDER BY clause.");
  CHECK(f.Fail("SELECT * FROM \"ttt\".\"nix\"").second ==
        "The table does not have the specified index: nix");
  // Nesting deeper than the bound is an error, not a deep recursion.
  std::string deep =
      "SELECT * FROM ttt WHERE " + std::string(2000, '(') + "x = 1" + std::string(2000, ')');
  CHECK(f.Fail(deep).second ==
        "Statement wasn't well formed, can't be processed: Statement nesting is too deep");
  std::string nots = "SELECT * FROM ttt WHERE ";
  for (int i = 0; i < 1500; ++i) nots += "NOT ";
  CHECK(f.Fail(nots + "x = 1").first == "ValidationException");
  CHECK(f.Fail("SELECT * FROM ttt WHERE x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]"
               "]]]]]]]]]]]]]]]")
            .first == "ValidationException");
  for (const char* junk : {"'", "\"", "SELECT", "SELECT * FROM", "INSERT INTO ttt VALUE [1]",
                           "UPDATE ttt WHERE pk = 'a'", "DELETE FROM ttt", "SELECT * FROM ttt #"})
    CHECK(f.Fail(junk).first == "ValidationException");
}

TEST_CASE("BatchExecuteStatement: per-statement results and errors", "[sim][partiql]") {
  Fixture f;
  Json writes = {{"Statements",
                  {Stmt("INSERT INTO ttt VALUE {'pk':'b','sk':3}"),
                   Stmt("UPDATE ttt SET q = 1 WHERE pk = 'zz' AND sk = 1"),
                   Stmt("DELETE FROM ttt WHERE pk = 'b' AND sk = 6"),
                   Stmt("INSERT INTO nope VALUE {'pk':'b','sk':3}"),
                   {{"Statement", "UPDATE ttt SET q = 1 WHERE pk = 'b' AND sk = 4 AND q = 9"},
                    {"ReturnValuesOnConditionCheckFailure", "ALL_OLD"}},
                   Stmt("SELEC")}}};
  Json r = f.w.Ok("BatchExecuteStatement", writes)["Responses"];
  REQUIRE(r.size() == 6);
  CHECK(r[0]["Error"]["Code"] == "DuplicateItem");
  CHECK(r[0]["TableName"] == "ttt");
  CHECK(r[1]["Error"]["Code"] == "ConditionalCheckFailed");
  CHECK(r[2] == Json{{"TableName", "ttt"}});
  CHECK(r[3]["Error"]["Code"] == "ResourceNotFound");
  CHECK(!r[3].contains("TableName"));
  CHECK(r[4]["Error"]["Item"] == Json{{"pk", {{"S", "b"}}}, {"sk", {{"N", "4"}}}});
  CHECK(r[5]["Error"]["Code"] == "ValidationError");
  Json reads = {{"Statements",
                 {Stmt("SELECT * FROM ttt WHERE pk = ? AND sk = ?", {{{"S", "b"}}, {{"N", "4"}}}),
                  Stmt("SELECT * FROM ttt WHERE pk = 'b' AND sk = 99"),
                  Stmt("SELECT * FROM ttt WHERE pk = 'b'")}}};
  Json rr = f.w.Ok("BatchExecuteStatement", reads)["Responses"];
  CHECK(rr[0]["Item"] == Json{{"pk", {{"S", "b"}}}, {"sk", {{"N", "4"}}}});
  CHECK(rr[1] == Json{{"TableName", "ttt"}});
  CHECK(rr[2]["Error"]["Message"] == "Only single item select is supported");
  Json mixed = {{"Statements", {reads["Statements"][0], writes["Statements"][0]}}};
  CHECK(f.w.Fail("BatchExecuteStatement", mixed).second ==
        "Read and write requests together in the same batch is not supported.");
  Json same = {{"Statements",
                {Stmt("INSERT INTO ttt VALUE {'pk':'q','sk':1}"),
                 Stmt("DELETE FROM ttt WHERE pk = 'q' AND sk = 1")}}};
  CHECK(f.w.Fail("BatchExecuteStatement", same).second ==
        "Provided list of item keys contains duplicates");
  CHECK(f.Items("SELECT * FROM ttt WHERE pk = 'q'").empty());
  Json many = {{"Statements", Json::array()}};
  CHECK(f.w.Fail("BatchExecuteStatement", many).first == "ValidationException");
  for (int i = 0; i < 26; ++i) many["Statements"].push_back(reads["Statements"][0]);
  CHECK(f.w.Fail("BatchExecuteStatement", many).first == "ValidationException");
}

TEST_CASE("ExecuteTransaction: all or nothing", "[sim][partiql]") {
  Fixture f;
  Json t = {{"TransactStatements",
             {Stmt("INSERT INTO ttt VALUE {'pk':'c','sk':1}"),
              Stmt("UPDATE ttt SET q = 1 WHERE pk = 'zz' AND sk = 1")}},
            {"ClientRequestToken", "token-1"}};
  auto [status, body] = f.w.Call("ExecuteTransaction", t);
  CHECK(status == 400);
  CHECK(body["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
  CHECK(body["CancellationReasons"][0] == Json{{"Code", "None"}});
  CHECK(body["CancellationReasons"][1]["Code"] == "ConditionalCheckFailed");
  CHECK(f.Items("SELECT * FROM ttt WHERE pk = 'c'").empty());
  Json dup = {{"TransactStatements",
               {Stmt("INSERT INTO ttt VALUE {'pk':'c','sk':1}"),
                Stmt("INSERT INTO ttt VALUE {'pk':'b','sk':3}")}}};
  auto [s2, b2] = f.w.Call("ExecuteTransaction", dup);
  CHECK(s2 == 400);
  CHECK(b2["CancellationReasons"][1] ==
        Json{{"Code", "ValidationError"}, {"Message", "Duplicate primary key exists in table"}});
  CHECK(b2["message"] ==
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
        "ValidationError]");
  Json ok = {{"TransactStatements",
              {Stmt("INSERT INTO ttt VALUE {'pk':'c','sk':1}"),
               Stmt("UPDATE ttt SET q = 1 WHERE pk = 'b' AND sk = 3")}}};
  CHECK(f.w.Ok("ExecuteTransaction", ok)["Responses"] == Json::array());
  Json reads = {{"TransactStatements",
                 {Stmt("SELECT q FROM ttt WHERE pk = 'b' AND sk = 3"),
                  Stmt("SELECT * FROM ttt WHERE pk = 'b' AND sk = 99")}}};
  CHECK(f.w.Ok("ExecuteTransaction", reads)["Responses"] ==
        Json::array({{{"Item", {{"q", {{"N", "1"}}}}}}, Json::object()}));
  CHECK(f.w.Fail("ExecuteTransaction",
                 {{"TransactStatements", {Stmt("SELECT * FROM ttt WHERE pk = 'b'")}}})
            .second ==
        "Validation failed in TransactStatements[0]: Select statements within "
        "ExecuteTransaction must specify the primary key in the where clause.");
  CHECK(f.w.Fail("ExecuteTransaction",
                 {{"TransactStatements",
                   {reads["TransactStatements"][0], ok["TransactStatements"][1]}}})
            .second ==
        "ExecuteTransaction API does not support both read and write operations in the same "
        "request.");
}

TEST_CASE("ExecuteTransaction: a write replayed with its ClientRequestToken applies nothing again",
          "[sim][partiql]") {
  Fixture f;
  Json t = {{"TransactStatements", {Stmt("UPDATE ttt SET n = n + 1 WHERE pk = 'a' AND sk = 1")}},
            {"ClientRequestToken", "partiql-token"}};
  f.w.Ok("ExecuteStatement", Stmt("UPDATE ttt SET n = 0 WHERE pk = 'a' AND sk = 1"));
  f.w.Ok("ExecuteTransaction", t);
  f.w.Ok("ExecuteTransaction", t);  // the replay: idempotent
  CHECK(f.Items("SELECT n FROM ttt WHERE pk = 'a' AND sk = 1") ==
        Json::array({{{"n", {{"N", "1"}}}}}));
  Json other = t;
  other["TransactStatements"][0] = Stmt("UPDATE ttt SET n = n + 5 WHERE pk = 'a' AND sk = 1");
  auto [status, body] = f.w.Call("ExecuteTransaction", other);
  CHECK(status == 400);
  CHECK(body["__type"] == "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException");
}
