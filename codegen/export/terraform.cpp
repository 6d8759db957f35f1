// terraform: one aws_dynamodb_table resource with the table name as a variable. Arguments as
// the AWS provider documents them
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table):
// attribute blocks only for key attributes, global_secondary_index blocks with hash_key,
// range_key and projection_type, stream_enabled / stream_view_type, a ttl block (attribute_name,
// enabled) when an entity expires, point_in_time_recovery,
// deletion_protection_enabled, and read_capacity / write_capacity when billing is provisioned.
#include "codegen/export/export.h"
#include "codegen/export/table_spec.h"
#include "codegen/writer/printer.h"

namespace model::codegen {

std::string RenderTerraform(const Model& model, const KeyLayout& layout) {
  bool provisioned = model.table.billing == BillingMode::kProvisioned;
  ProvisionedFigures figures;
  if (provisioned) figures = ProvisionedFor(model, layout);
  Printer p;
  auto list = [](const std::vector<std::string>& names) {
    std::string out = "[";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + HclString(names[i]);
    return out + "]";
  };
  p.Emit({{"table", HclString(layout.table_name)}, {"generated", GeneratedByLine(model.path)}},
         R"hcl(
    # $generated$
    # The DynamoDB table as `model` designed it.

    variable "table_name" {
      type        = string
      description = "The table's name."
      default     = $table$
    }

  )hcl");
  p.Emit("resource \"aws_dynamodb_table\" \"table\" {\n");
  p.Indent();
  p.Emit({{"billing", BillingModeName(model.table.billing)},
          {"pk", HclString(layout.partition_key)},
          {"sk", HclString(layout.sort_key)}},
         R"hcl(
           name                        = var.table_name
           billing_mode                = "$billing$"
           hash_key                    = $pk$
           range_key                   = $sk$
           deletion_protection_enabled = true
         )hcl");
  if (provisioned) {
    p.Emit({{"read", figures.table.read}, {"write", figures.table.write}}, R"hcl(
      read_capacity               = $read$
      write_capacity              = $write$
    )hcl");
  }
  if (model.table.streams) {
    p.Emit({{"view", kStreamViewType}}, R"hcl(
      stream_enabled              = true
      stream_view_type            = "$view$"
    )hcl");
  }
  if (!layout.ttl_attribute.empty()) {
    p.Emit({{"ttl", HclString(layout.ttl_attribute)}}, R"hcl(

      ttl {
        attribute_name = $ttl$
        enabled        = true
      }
    )hcl");
  }
  for (const KeyLayout::KeyAttribute& a : KeyAttributeNames(layout)) {
    p.Emit({{"name", HclString(a.name)}, {"type", KeyTypeName(a.type)}}, R"hcl(

      attribute {
        name = $name$
        type = "$type$"
      }
    )hcl");
  }
  for (std::size_t i = 0; i < layout.indexes.size(); ++i) {
    const IndexLayout& index = layout.indexes[i];
    p.Emit({{"name", HclString(index.name)}, {"pk", HclString(index.partition_key)}}, R"hcl(

      global_secondary_index {
        name            = $name$
        hash_key        = $pk$
    )hcl");
    p.Indent();
    // A natural-key index may have no sort key.
    if (!index.sort_key.empty())
      p.Emit({{"sk", HclString(index.sort_key)}}, "range_key       = $sk$\n");
    p.Emit({{"projection", ProjectionName(index.projection)}},
           "projection_type = \"$projection$\"\n");
    if (index.projection == Projection::kInclude) {
      p.Emit({{"attrs", list(IncludedAttributes(layout, index))}},
             "non_key_attributes = $attrs$\n");
    }
    if (provisioned) {
      p.Emit({{"read", figures.indexes[i].read}, {"write", figures.indexes[i].write}}, R"hcl(
        read_capacity   = $read$
        write_capacity  = $write$
      )hcl");
    }
    p.Outdent();
    p.Emit("}\n");
  }
  p.Emit({}, R"hcl(

    point_in_time_recovery {
      enabled = true
    }
  )hcl");
  p.Outdent();
  p.Emit("}\n");
  p.Emit({}, R"hcl(

    output "table_name" {
      value = aws_dynamodb_table.table.name
    }

    output "table_arn" {
      value = aws_dynamodb_table.table.arn
    }
  )hcl");
  if (model.table.streams) {
    p.Emit({}, R"hcl(

      output "stream_arn" {
        value = aws_dynamodb_table.table.stream_arn
      }
    )hcl");
  }
  p.EndWithOneNewline();
  return p.Release();
}

}  // namespace model::codegen
