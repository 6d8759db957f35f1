// The resource operations over JSON (see json.h, model/sim/api/table_admin.h): what
// infrastructure tools (Terraform's aws_dynamodb_table, CloudFormation) call after CreateTable.
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html
//
// Tags name their table by ARN (arn:<partition>:dynamodb:<region>:<account>:table/<name>; any
// region and account are accepted, the name decides). The checks and messages for the ARN and
// the required members are the service's, in its order, as dynalite records them
// (https://app.unpkg.com/dynalite@4.0.0/files/validations/tagResource.js, untagResource.js,
// listTagsOfResource.js): a missing ARN is "Invalid TableArn", one that is not a table ARN
// "Invalid TableArn: Invalid ResourceArn provided as input <arn>", an unknown table a
// ResourceNotFoundException "Requested resource not found: ResourcArn: <arn> not found" (sic).
#include <fmt/format.h>

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "model/sim/api/base64.h"
#include "model/sim/api/table_admin.h"
#include "model/sim/wire/json.h"
#include "model/sim/wire/params.h"

namespace sim::wire {
namespace {

[[noreturn]] void Invalid(const std::string& message) {
  throw WireError{Error::Validation(message)};
}

template <typename T>
T Value(SimResult<T> r) {
  if (!r.ok()) throw WireError{r.error()};
  return std::move(r.value());
}

std::string NullMessage(const char* field) {
  return fmt::format(
      "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must "
      "not be null",
      field);
}

// The table name of a table ARN, or empty when `arn` is not one: six colon-separated parts,
// "arn", a partition, "dynamodb", a region, a numeric account, then "table/<name>" with a name
// of at least 3 characters and no further '/'.
std::string TableNameOfArn(std::string_view arn) {
  std::array<std::string_view, 6> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {};
    parts[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  parts[5] = arn.substr(start);
  if (parts[0] != "arn" || parts[1].empty() || parts[2] != "dynamodb" || parts[3].empty() ||
      parts[4].empty()) {
    return {};
  }
  for (char c : parts[4]) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return {};
  }
  constexpr std::string_view kTable = "table/";
  if (parts[5].substr(0, kTable.size()) != kTable) return {};
  const std::string_view name = parts[5].substr(kTable.size());
  if (name.size() < 3 || name.find('/') != std::string_view::npos) return {};
  return std::string(name);
}

// The ARN member of a tag operation (present and well-formed), with its table name.
struct ResourceArn {
  std::string arn;
  std::string table_name;
};

ResourceArn ArnOf(const Json& j) {
  if (!j.contains("ResourceArn") || !j.at("ResourceArn").is_string()) Invalid("Invalid TableArn");
  return {j.at("ResourceArn").get<std::string>(), {}};
}

void ResolveArn(ResourceArn* r) {
  r->table_name = TableNameOfArn(r->arn);
  if (r->table_name.empty())
    Invalid(fmt::format("Invalid TableArn: Invalid ResourceArn provided as input {}", r->arn));
}

// Turns the engine's "not found" for a table into the tag operations' message.
template <typename T>
T ForArn(const ResourceArn& r, SimResult<T> result) {
  if (!result.ok() && result.error().name == "ResourceNotFoundException") {
    throw WireError{
        Error{"ResourceNotFoundException",
              fmt::format("Requested resource not found: ResourcArn: {} not found", r.arn),
              std::nullopt,
              {}}};
  }
  return Value(std::move(result));
}

Json TagResourceOp(const Engine& db, const Json& j) {
  ResourceArn r = ArnOf(j);
  if (!j.contains("Tags")) Invalid(NullMessage("tags"));
  ResolveArn(&r);
  const std::vector<Tag> tags = TagsFromJson(j.at("Tags"));
  if (tags.empty()) Invalid("Atleast one Tag needs to be provided as Input.");
  ForArn(r, db.Admin([&](TableAdmin& a) { return a.TagResource(r.table_name, tags); }));
  return Json::object();
}

Json UntagResourceOp(const Engine& db, const Json& j) {
  ResourceArn r = ArnOf(j);
  if (!j.contains("TagKeys")) Invalid(NullMessage("tagKeys"));
  ResolveArn(&r);
  const Json& given = j.at("TagKeys");
  if (!given.is_array()) Invalid("TagKeys must be a list");
  std::vector<std::string> keys;
  for (const Json& k : given) {
    if (!k.is_string()) Invalid("TagKeys must be a list of strings");
    keys.push_back(k.get<std::string>());
  }
  if (keys.empty()) Invalid("Atleast one Tag Key needs to be provided as Input.");
  ForArn(r, db.Admin([&](TableAdmin& a) { return a.UntagResource(r.table_name, keys); }));
  return Json::object();
}

// Tags per ListTagsOfResource page. AWS documents paging (NextToken) but not a page size; 10
// keeps paging visible to clients without making a page of a table's 50 tags unusual.
constexpr std::size_t kTagsPerPage = 10;

// A NextToken is opaque to clients ("must be copied from the output of a previous call",
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html):
// here the Base64 of a marker and the last tag key of the page before (tags sort by key). A
// token that is not one is a ValidationException, as for any malformed pagination token.
constexpr std::string_view kTagTokenMarker = "model-serve-tags|";

std::string TagToken(const std::string& last_key) {
  return sim::Base64Encode(std::string(kTagTokenMarker) + last_key);
}

std::string TagTokenKey(const std::string& token) {
  const std::optional<std::string> text = sim::Base64Decode(token);
  if (!text || text->rfind(kTagTokenMarker, 0) != 0 || text->size() == kTagTokenMarker.size()) {
    Invalid(fmt::format("Invalid NextToken: {}", token));
  }
  return text->substr(kTagTokenMarker.size());
}

Json ListTagsOfResourceOp(const Engine& db, const Json& j) {
  ResourceArn r = ArnOf(j);
  ResolveArn(&r);
  std::string after;
  if (j.contains("NextToken")) after = TagTokenKey(StringMember(j, "NextToken"));
  const std::vector<Tag> tags =
      ForArn(r, db.Admin([&](TableAdmin& a) { return a.ListTagsOfResource(r.table_name); }));
  // The token is the last key of the page before (tags are sorted by key).
  Json list = Json::array();
  Json out = Json::object();
  for (const Tag& t : tags) {
    if (!after.empty() && t.key <= after) continue;
    if (list.size() == kTagsPerPage) {
      out["NextToken"] = TagToken(list.back().at("Key").get<std::string>());
      break;
    }
    list.push_back({{"Key", t.key}, {"Value", t.value}});
  }
  out["Tags"] = list;
  return out;
}

// DescribeContinuousBackups and UpdateContinuousBackups take a table name or its ARN.
std::string TableNameOrArn(const Json& j) {
  if (!j.contains("TableName")) Invalid(NullMessage("tableName"));
  if (!j.at("TableName").is_string()) Invalid("TableName must be a string");
  const std::string given = j.at("TableName").get<std::string>();
  if (given.rfind("arn:", 0) != 0) return given;
  std::string name = TableNameOfArn(given);
  if (name.empty())
    Invalid(fmt::format("Invalid TableArn: Invalid ResourceArn provided as input {}", given));
  return name;
}

double Seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

Json ContinuousBackupsToJson(const ContinuousBackupsDescription& d) {
  Json pitr = {{"PointInTimeRecoveryStatus", d.point_in_time_recovery_status}};
  if (d.point_in_time_recovery_status == "ENABLED") {
    pitr["RecoveryPeriodInDays"] = d.recovery_period_in_days;
    pitr["EarliestRestorableDateTime"] = Seconds(d.earliest_restorable_ms);
    pitr["LatestRestorableDateTime"] = Seconds(d.latest_restorable_ms);
  }
  return {{"ContinuousBackupsDescription",
           {{"ContinuousBackupsStatus", d.continuous_backups_status},
            {"PointInTimeRecoveryDescription", pitr}}}};
}

Json DescribeContinuousBackupsOp(const Engine& db, const Json& j) {
  const std::string table = TableNameOrArn(j);
  return ContinuousBackupsToJson(
      Value(db.Admin([&](TableAdmin& a) { return a.DescribeContinuousBackups(table); })));
}

Json UpdateContinuousBackupsOp(const Engine& db, const Json& j) {
  const std::string table = TableNameOrArn(j);
  if (!j.contains("PointInTimeRecoverySpecification"))
    Invalid(NullMessage("pointInTimeRecoverySpecification"));
  const Json& s = j.at("PointInTimeRecoverySpecification");
  if (!s.is_object() || !s.contains("PointInTimeRecoveryEnabled"))
    Invalid(NullMessage("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled"));
  PointInTimeRecoverySpecification spec;
  spec.enabled = BoolMember(s, "PointInTimeRecoveryEnabled");
  if (s.contains("RecoveryPeriodInDays")) {
    if (!s.at("RecoveryPeriodInDays").is_number_integer())
      Invalid("RecoveryPeriodInDays must be an integer");
    spec.recovery_period_in_days = s.at("RecoveryPeriodInDays").get<std::int64_t>();
  }
  return ContinuousBackupsToJson(
      Value(db.Admin([&](TableAdmin& a) { return a.UpdateContinuousBackups(table, spec); })));
}

// The default quotas of an account and of a table: 80,000 and 40,000 read and write capacity
// units. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
Json DescribeLimitsOp(const Engine&, const Json&) {
  return {{"AccountMaxReadCapacityUnits", 80000},
          {"AccountMaxWriteCapacityUnits", 80000},
          {"TableMaxReadCapacityUnits", 40000},
          {"TableMaxWriteCapacityUnits", 40000}};
}

// One endpoint, cached for a day (1440 minutes, the service's answer). The adapter does not
// know the address it is served on; clients of `model serve` are configured with it, and no
// DynamoDB SDK uses endpoint discovery unless asked to, so the address names the simulated
// region of the ARNs.
Json DescribeEndpointsOp(const Engine&, const Json&) {
  return {{"Endpoints", Json::array({{{"Address", "dynamodb.local.amazonaws.com"},
                                      {"CachePeriodInMinutes", 1440}}})}};
}

struct Operation {
  std::string_view name;
  Handler handler;
};

constexpr std::array kOperations = {
    Operation{"TagResource", Dumped<TagResourceOp>},
    Operation{"UntagResource", Dumped<UntagResourceOp>},
    Operation{"ListTagsOfResource", Dumped<ListTagsOfResourceOp>},
    Operation{"DescribeContinuousBackups", Dumped<DescribeContinuousBackupsOp>},
    Operation{"UpdateContinuousBackups", Dumped<UpdateContinuousBackupsOp>},
    Operation{"DescribeLimits", Dumped<DescribeLimitsOp>},
    Operation{"DescribeEndpoints", Dumped<DescribeEndpointsOp>},
};

}  // namespace

Handler ResourceOperation(std::string_view op) {
  for (const Operation& o : kOperations) {
    if (o.name == op) return o.handler;
  }
  return nullptr;
}

}  // namespace sim::wire
