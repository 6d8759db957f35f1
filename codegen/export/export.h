// `model export FILE --to KIND`: the layout as the texts other tools take. Every export is a
// pure function of the IR (the model, its key layout and, for the kinds that carry data, the
// table items of model/table_items.h), deterministic byte for byte.
//
// Kinds (docs/outputs.md, "Exports", shows each with an example):
// - create-table: the JSON `aws dynamodb create-table --cli-input-json` takes (create_table.cpp)
// - cloudformation: an AWS::DynamoDB::Table template, JSON or YAML (cloudformation.cpp)
// - terraform: an aws_dynamodb_table resource in HCL (terraform.cpp)
// - nosql-workbench: a NoSQL Workbench data model, Version 3.0 (nosql_workbench.cpp)
// - mcp-json: the AWS DynamoDB MCP server's dynamodb_data_model.json (mcp_json.cpp)
// - mermaid: the ERD as a Mermaid erDiagram (mermaid.cpp)
//
// The model has no TTL attribute yet; when the IR gains one, the CloudFormation and Terraform
// exports are where it belongs (TimeToLiveSpecification / ttl).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/layout.h"
#include "model/model.h"
#include "model/table_items.h"

namespace model::codegen {

enum class ExportKind {
  kCreateTable,
  kCloudFormation,
  kTerraform,
  kNoSqlWorkbench,
  kMcpJson,
  kMermaid
};

struct ExportKindInfo {
  ExportKind kind;
  const char* name;       // as `--to` spells it
  const char* file_name;  // the name the output takes in a folder of outputs
  bool needs_items;       // carries sample data (TableItems)
  const char* summary;
};

inline constexpr ExportKindInfo kExportKinds[] = {
    {ExportKind::kCreateTable, "create-table", "create-table.json", false,
     "the input of aws dynamodb create-table --cli-input-json"},
    {ExportKind::kCloudFormation, "cloudformation", "table.template.json", false,
     "an AWS::DynamoDB::Table CloudFormation template (JSON, or YAML with --format yaml)"},
    {ExportKind::kTerraform, "terraform", "table.tf", false,
     "an aws_dynamodb_table Terraform resource"},
    {ExportKind::kNoSqlWorkbench, "nosql-workbench", "nosql-workbench.json", true,
     "a NoSQL Workbench data model with sample data"},
    {ExportKind::kMcpJson, "mcp-json", "dynamodb_data_model.json", true,
     "the DynamoDB MCP server's dynamodb_data_model.json"},
    {ExportKind::kMermaid, "mermaid", "erd.mmd", false, "the ERD as a Mermaid erDiagram"},
};

std::optional<ExportKind> ParseExportKind(std::string_view name);
const ExportKindInfo& InfoOf(ExportKind kind);

struct ExportOptions {
  bool yaml = false;  // cloudformation: YAML instead of JSON
};

// `items` is required (non-null) for the kinds that need it and ignored by the others.
std::string RenderExport(ExportKind kind, const Model& model, const KeyLayout& layout,
                         const TableItems* items, const ExportOptions& options);

std::string RenderCreateTable(const Model& model, const KeyLayout& layout);
std::string RenderCloudFormation(const Model& model, const KeyLayout& layout, bool yaml);
std::string RenderTerraform(const Model& model, const KeyLayout& layout);
std::string RenderNoSqlWorkbench(const Model& model, const KeyLayout& layout,
                                 const TableItems& items);
std::string RenderMcpJson(const Model& model, const KeyLayout& layout, const TableItems& items);
std::string RenderMermaid(const Model& model);

}  // namespace model::codegen
