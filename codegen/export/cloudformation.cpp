// cloudformation: one AWS::DynamoDB::Table resource, its name a template parameter.
// Properties as the CloudFormation reference names them
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html):
// StreamSpecification carries only StreamViewType there, TimeToLiveSpecification AttributeName
// and Enabled (when an entity expires), deletion protection is
// DeletionProtectionEnabled, point-in-time recovery PointInTimeRecoverySpecification. Both are
// on, and the resource is retained when the stack deletes or replaces it: a table holds data.
#include "codegen/export/export.h"
#include "codegen/export/table_spec.h"

namespace model::codegen {

namespace {

Json Template(const Model& model, const KeyLayout& layout) {
  Json request = CreateTableRequest(model, layout);
  Json props;
  props["TableName"] = Json{{"Ref", "TableName"}};
  props["AttributeDefinitions"] = request["AttributeDefinitions"];
  props["KeySchema"] = request["KeySchema"];
  if (request.contains("GlobalSecondaryIndexes"))
    props["GlobalSecondaryIndexes"] = request["GlobalSecondaryIndexes"];
  props["BillingMode"] = request["BillingMode"];
  if (request.contains("ProvisionedThroughput"))
    props["ProvisionedThroughput"] = request["ProvisionedThroughput"];
  if (model.table.streams) props["StreamSpecification"] = Json{{"StreamViewType", kStreamViewType}};
  if (!layout.ttl_attribute.empty()) {
    props["TimeToLiveSpecification"] =
        Json{{"AttributeName", layout.ttl_attribute}, {"Enabled", true}};
  }
  props["DeletionProtectionEnabled"] = true;
  props["PointInTimeRecoverySpecification"] = Json{{"PointInTimeRecoveryEnabled", true}};

  Json out;
  out["AWSTemplateFormatVersion"] = "2010-09-09";
  out["Description"] = "The DynamoDB table " + layout.table_name + ", as `model` designed it.";
  out["Parameters"] = Json{{"TableName", Json{{"Type", "String"},
                                              {"Default", layout.table_name},
                                              {"Description", "The table's name."},
                                              {"AllowedPattern", "[a-zA-Z0-9_.-]+"},
                                              {"MinLength", 3},
                                              {"MaxLength", 255}}}};
  out["Resources"] = Json{{"Table", Json{{"Type", "AWS::DynamoDB::Table"},
                                         {"DeletionPolicy", "Retain"},
                                         {"UpdateReplacePolicy", "Retain"},
                                         {"Properties", props}}}};
  Json outputs;
  outputs["TableName"] =
      Json{{"Description", "The table's name."}, {"Value", Json{{"Ref", "Table"}}}};
  outputs["TableArn"] =
      Json{{"Description", "The table's ARN."}, {"Value", Json{{"Fn::GetAtt", {"Table", "Arn"}}}}};
  if (model.table.streams) {
    outputs["StreamArn"] = Json{{"Description", "The table stream's ARN."},
                                {"Value", Json{{"Fn::GetAtt", {"Table", "StreamArn"}}}}};
  }
  out["Outputs"] = outputs;
  return out;
}

}  // namespace

std::string RenderCloudFormation(const Model& model, const KeyLayout& layout, bool yaml) {
  Json t = Template(model, layout);
  // JSON has no comments; YAML's first line says where the template comes from.
  return yaml ? "# " + GeneratedByLine(model.path) + "\n" + YamlFromJson(t) : DumpJson(t);
}

}  // namespace model::codegen
