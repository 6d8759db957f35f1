// UpdateTable (see database.h, table_admin.h): GSIs created (backfilled from the table's items
// at once) or deleted, billing mode and provisioned throughput, the stream enabled or disabled.
//
// Rules and messages, AWS's:
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
//  ("You can only perform one of the following operations at once: Modify the provisioned
//  throughput settings of the table. Remove a global secondary index from the table. Create a
//  new global secondary index on the table. ..."; "You can create or delete only one global
//  secondary index per UpdateTable operation.")
//  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html
//  (a new index is CREATING while DynamoDB backfills it from the table, then ACTIVE).
//  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.ViolationDetection.html
//  (an item whose index key attribute has the wrong type, is empty or too long is an index key
//  violation: it stays in the table and is not written to the index).
// The exact message texts are AWS's as recorded against the service in dynalite's tests and in
// public catalogues of UpdateTable's ValidationException texts.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/engine/database_meta.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/storage/codec.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {
namespace {

constexpr const char* kInvalid = "One or more parameter values were invalid: ";
constexpr std::size_t kMaxGlobalIndexes = 20;

Error Invalid(const std::string& message) { return Error::Validation(kInvalid + message); }

Error LimitExceeded(std::string message) {
  return Error{"LimitExceededException", std::move(message), std::nullopt, {}};
}

std::string IndexNameOf(const GlobalSecondaryIndexUpdate& u) {
  if (u.create) return u.create->index_name;
  if (u.update) return u.update->index_name;
  return u.delete_index.value_or("");
}

// The checks that need no table, in AWS's order (parameter constraints first).
std::optional<Error> CheckRequest(const UpdateTableRequest& r) {
  if (auto message = CheckTableName(r.table_name)) return Error::Validation(*message);
  if (r.provisioned_throughput) {
    if (auto message = CheckCapacityUnits(*r.provisioned_throughput, "provisionedThroughput"))
      return Error::Validation(*message);
  }
  for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
    const std::optional<ProvisionedThroughput>& t =
        u.create ? u.create->provisioned_throughput
                 : (u.update ? std::optional(u.update->provisioned_throughput) : std::nullopt);
    if (t) {
      if (auto message =
              CheckCapacityUnits(*t, "globalSecondaryIndexUpdates.member.provisionedThroughput"))
        return Error::Validation(*message);
    }
  }
  if (!r.billing_mode && !r.provisioned_throughput && r.global_secondary_index_updates.empty() &&
      !r.stream_specification && !r.deletion_protection_enabled) {
    return Error::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
        "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
        "OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  std::set<std::string> names;
  for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
    const int actions = (u.create ? 1 : 0) + (u.update ? 1 : 0) + (u.delete_index ? 1 : 0);
    if (actions == 0) {
      return Invalid(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (actions > 1) {
      return Invalid(
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
          "object");
    }
    if (!names.insert(IndexNameOf(u)).second) {
      return Invalid(fmt::format(
          "Only one global secondary index update per index is allowed simultaneously. Index: {}",
          IndexNameOf(u)));
    }
  }
  if (r.stream_specification) {
    if (r.stream_specification->stream_enabled && !r.stream_view_type_given)
      return Invalid("If stream is being enabled then UpdateViewType is required");
    if (!r.stream_specification->stream_enabled && r.stream_view_type_given)
      return Invalid("If stream is being disabled, then UpdateViewType must not be specified");
  }
  return std::nullopt;
}

const SecondaryIndex* FindGsi(const CreateTableRequest& def, const std::string& name) {
  for (const SecondaryIndex& g : def.global_secondary_indexes) {
    if (g.index_name == name) return &g;
  }
  return nullptr;
}

bool IsLsi(const CreateTableRequest& def, const std::string& name) {
  return std::any_of(def.local_secondary_indexes.begin(), def.local_secondary_indexes.end(),
                     [&](const SecondaryIndex& l) { return l.index_name == name; });
}

std::string UnchangedThroughput(const std::string& what, const ProvisionedThroughput& current,
                                const ProvisionedThroughput& requested) {
  return fmt::format(
      "The provisioned throughput for {} will not change. The requested value equals the current "
      "value. Current ReadCapacityUnits provisioned for {}: {}. Requested ReadCapacityUnits: {}. "
      "Current WriteCapacityUnits provisioned for {}: {}. Requested WriteCapacityUnits: {}. Refer "
      "to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      what, what, current.read_capacity_units, requested.read_capacity_units, what,
      current.write_capacity_units, requested.write_capacity_units);
}

// The GSI created and the GSI deleted by the request (at most one of the two), once the
// request's actions are known to go together.
struct IndexActions {
  const GlobalSecondaryIndexUpdate* create = nullptr;
  const GlobalSecondaryIndexUpdate* remove = nullptr;
};

SimResult<IndexActions> OnlineIndexAction(const UpdateTableRequest& r) {
  IndexActions a;
  for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
    if (u.create || u.delete_index) {
      if (a.create || a.remove) {
        return LimitExceeded(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table");
      }
      (u.create ? a.create : a.remove) = &u;
    }
  }
  if ((a.create || a.remove) && r.provisioned_throughput)
    return Invalid("You cannot create or delete index while updating table IOPS");
  if ((a.create || a.remove) && r.stream_specification)
    return Invalid("You cannot create or delete index while changing stream status");
  if (r.stream_specification && r.provisioned_throughput)
    return Invalid("You cannot modify stream status while updating table IOPS");
  return a;
}

// Indexes that exist (Update, Delete) or do not yet (Create).
std::optional<Error> CheckIndexNames(const UpdateTableRequest& r, const CreateTableRequest& old) {
  for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
    const std::string name = IndexNameOf(u);
    if (u.create) {
      if (FindGsi(old, name) != nullptr || IsLsi(old, name))
        return Error::Validation("Attempting to create an index which already exists");
      continue;
    }
    if (IsLsi(old, name)) {
      return Error::Validation(
          fmt::format("Cannot {} an index that is not a GlobalSecondaryIndex: {}",
                      u.update ? "update" : "delete", name));
    }
    if (FindGsi(old, name) == nullptr) {
      return Error{
          "ResourceNotFoundException",
          fmt::format("Requested resource not found: Index: {} for table: {}", name, r.table_name),
          std::nullopt,
          {}};
    }
  }
  return std::nullopt;
}

// Billing mode PAY_PER_REQUEST: no throughput anywhere, none may be given.
std::optional<Error> ApplyOnDemand(const UpdateTableRequest& r, CreateTableRequest& def) {
  if (r.provisioned_throughput) {
    return r.billing_mode ? Invalid(
                                "ProvisionedThroughput cannot be specified when BillingMode is "
                                "PAY_PER_REQUEST")
                          : Invalid(
                                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                "when BillingMode is PAY_PER_REQUEST");
  }
  for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
    if (u.update) {
      return Invalid(fmt::format(
          "The only Updates for index: {} when TableThroughputMode is PAY_PER_REQUEST can be to "
          "OnDemandThroughput, WarmThroughput",
          u.update->index_name));
    }
    if (u.create && u.create->provisioned_throughput) {
      return Invalid(fmt::format(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: {} when "
          "BillingMode is PAY_PER_REQUEST",
          u.create->index_name));
    }
  }
  def.provisioned_throughput.reset();
  for (SecondaryIndex& g : def.global_secondary_indexes) g.provisioned_throughput.reset();
  return std::nullopt;
}

// Billing mode PROVISIONED: the table's and each GSI's throughput, required when switching
// from on-demand, and never "changed" to the value it has.
std::optional<Error> ApplyProvisioned(const UpdateTableRequest& r, const CreateTableRequest& old,
                                      const IndexActions& actions, CreateTableRequest& def) {
  const bool switching = old.billing_mode != BillingMode::kProvisioned;
  if (switching && !r.provisioned_throughput)
    return Invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  if (r.provisioned_throughput) {
    if (!switching && old.provisioned_throughput &&
        *old.provisioned_throughput == *r.provisioned_throughput) {
      return Error::Validation(
          UnchangedThroughput("the table", *old.provisioned_throughput, *r.provisioned_throughput));
    }
    def.provisioned_throughput = r.provisioned_throughput;
  }
  for (SecondaryIndex& g : def.global_secondary_indexes) {
    const GlobalSecondaryIndexUpdate* given = nullptr;
    for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
      if (u.update && u.update->index_name == g.index_name) given = &u;
    }
    if (given == nullptr) {
      const bool removed = actions.remove && *actions.remove->delete_index == g.index_name;
      if (switching && !removed)
        return Invalid(
            fmt::format("ProvisionedThroughput must be specified for index: {}", g.index_name));
      continue;
    }
    const ProvisionedThroughput& t = given->update->provisioned_throughput;
    if (!switching && g.provisioned_throughput && *g.provisioned_throughput == t) {
      return Error::Validation(UnchangedThroughput(fmt::format("the index {}", g.index_name),
                                                   *g.provisioned_throughput, t));
    }
    g.provisioned_throughput = t;
  }
  if (actions.create && !actions.create->create->provisioned_throughput) {
    return Invalid(fmt::format("ProvisionedThroughput must be specified for index: {}",
                               actions.create->create->index_name));
  }
  return std::nullopt;
}

// The index created: its key attributes come from the request's definitions (or the
// table's, for attributes already defined); other definitions in the request are ignored.
std::optional<Error> ApplyCreate(const UpdateTableRequest& r, const SecondaryIndex& index,
                                 CreateTableRequest& def) {
  if (r.attribute_definitions.empty())
    return Invalid(
        fmt::format("AttributeDefinitions is not specified for index: {}", index.index_name));
  // Each name once, and never with a type other than the one the table already gives it (an
  // attribute has one type across the table's and its indexes' keys, as CreateTable checks:
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html).
  for (std::size_t i = 0; i < r.attribute_definitions.size(); ++i) {
    const AttributeDefinition& d = r.attribute_definitions[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (r.attribute_definitions[j].attribute_name == d.attribute_name)
        return Invalid(
            fmt::format("Duplicate AttributeName in AttributeDefinitions: {}", d.attribute_name));
    }
    for (const AttributeDefinition& have : def.attribute_definitions) {
      if (have.attribute_name == d.attribute_name && have.attribute_type != d.attribute_type) {
        return Invalid(fmt::format(
            "Cannot change the type of attribute {} from {} to {}: the table's keys already "
            "define it",
            d.attribute_name, ValueTypeName(have.attribute_type), ValueTypeName(d.attribute_type)));
      }
    }
  }
  if (def.global_secondary_indexes.size() + 1 > kMaxGlobalIndexes) {
    return LimitExceeded(fmt::format(
        "Subscriber limit exceeded: GlobalSecondaryIndex count exceeds the per-table limit of {}",
        kMaxGlobalIndexes));
  }
  for (const KeySchemaElement& k : index.key_schema) {
    auto defined = [&](const std::vector<AttributeDefinition>& defs) {
      return std::any_of(defs.begin(), defs.end(), [&](const AttributeDefinition& d) {
        return d.attribute_name == k.attribute_name;
      });
    };
    if (defined(def.attribute_definitions)) continue;
    for (const AttributeDefinition& d : r.attribute_definitions) {
      if (d.attribute_name == k.attribute_name) {
        def.attribute_definitions.push_back(d);
        break;
      }
    }
  }
  def.global_secondary_indexes.push_back(index);
  return std::nullopt;
}

// The index deleted, and the definitions no key uses any more (AWS prunes them).
void ApplyDelete(const std::string& name, CreateTableRequest& def) {
  auto& gsis = def.global_secondary_indexes;
  gsis.erase(std::remove_if(gsis.begin(), gsis.end(),
                            [&](const SecondaryIndex& g) { return g.index_name == name; }),
             gsis.end());
  std::set<std::string> used;
  for (const KeySchemaElement& k : def.key_schema) used.insert(k.attribute_name);
  for (const auto* list : {&def.global_secondary_indexes, &def.local_secondary_indexes}) {
    for (const SecondaryIndex& i : *list) {
      for (const KeySchemaElement& k : i.key_schema) used.insert(k.attribute_name);
    }
  }
  auto& defs = def.attribute_definitions;
  defs.erase(std::remove_if(
                 defs.begin(), defs.end(),
                 [&](const AttributeDefinition& d) { return !used.contains(d.attribute_name); }),
             defs.end());
}

// The stream enabled or disabled.
std::optional<Error> ApplyStream(const UpdateTableRequest& r, const CreateTableRequest& old,
                                 CreateTableRequest& def) {
  const bool enabled = old.stream_specification && old.stream_specification->stream_enabled;
  if (r.stream_specification->stream_enabled) {
    if (enabled)
      return Error::Validation(
          fmt::format("Table already has an enabled stream: TableName: {}", r.table_name));
    def.stream_specification = r.stream_specification;
  } else {
    if (!enabled)
      return Error::Validation(
          fmt::format("Table has no stream to disable: TableName: {}", r.table_name));
    def.stream_specification.reset();
  }
  return std::nullopt;
}

// The table's definition after the update, or the error that rejects it: the checks and
// changes in AWS's order (which one fails first decides the message).
SimResult<CreateTableRequest> Apply(const UpdateTableRequest& r, const CreateTableRequest& old) {
  SimResult<IndexActions> actions = OnlineIndexAction(r);
  if (!actions) return actions.error();
  if (auto error = CheckIndexNames(r, old)) return *error;
  CreateTableRequest def = old;
  def.billing_mode = r.billing_mode.value_or(old.billing_mode);
  if (auto error = def.billing_mode == BillingMode::kPayPerRequest
                       ? ApplyOnDemand(r, def)
                       : ApplyProvisioned(r, old, *actions, def))
    return *error;
  if (actions->create) {
    if (auto error = ApplyCreate(r, *actions->create->create, def)) return *error;
  }
  if (actions->remove) ApplyDelete(*actions->remove->delete_index, def);
  if (r.stream_specification) {
    if (auto error = ApplyStream(r, old, def)) return *error;
  }
  return def;
}

// Writes the entries of index `position` for every item of the table, skipping items that
// lack its key attributes (sparse) and index key violations.
SimStatus Backfill(TableStore* store, std::size_t position) {
  const TableSchema& schema = store->schema();
  const IndexSchema& index = schema.indexes[position];
  TableSchema only = schema;
  only.indexes = {index};
  SimStatus failure = Ok{};
  RangeSpec all;
  SimStatus scanned = store->Range(all, [&](const RangeRow& row) {
    SimResult<Item> item = DecodeItem(row.item_bytes());
    if (!item.ok()) {
      failure = item.error();
      return false;
    }
    if (!CheckIndexKeys(only, *item).ok()) return true;  // an index key violation
    std::optional<KeyBytes> key = IndexKeyOf(index, *item);
    if (!key) return true;  // sparse: not in the index
    std::string bytes;
    std::int64_t size = row.size();
    if (index.projection == ProjectionType::kAll) {
      bytes = std::string(row.item_bytes());
    } else {
      Item projected = ProjectItem(*item, schema, index);
      size = ItemSize(projected);
      EncodeItem(projected, &bytes);
    }
    failure = store->PutIndex(position, key->pk, key->sk, row.pk(), row.sk(), bytes, size);
    return failure.ok();
  });
  if (!scanned.ok()) return scanned;
  return failure;
}

}  // namespace

SimResult<TableDescription> Database::UpdateTable(const UpdateTableRequest& request) {
  if (std::optional<Error> e = CheckRequest(request)) return *e;
  TableStore* old = Find(request.table_name);
  if (old == nullptr) {
    return Error{
        "ResourceNotFoundException",
        fmt::format("Requested resource not found: Table: {} not found", request.table_name),
        std::nullopt,
        {}};
  }
  SimResult<CreateTableRequest> definition = Apply(request, old->schema().definition);
  if (!definition.ok()) return definition.error();
  SimResult<TableSchema> schema = ValidateCreateTable(*definition);
  if (!schema.ok()) return schema.error();

  // Index slots by name: kept for the indexes that stay, a new one for the index created.
  const TableSchema& old_schema = old->schema();
  const TableMeta old_meta = old->meta();
  std::map<std::string, int> slot_of;
  int next_slot = 0;
  for (std::size_t i = 0; i < old_schema.indexes.size(); ++i) {
    slot_of[old_schema.indexes[i].name] = old_meta.index_slots[i];
    next_slot = std::max(next_slot, old_meta.index_slots[i] + 1);
  }
  TableMeta meta = old_meta;
  if (request.deletion_protection_enabled)
    meta.deletion_protection = *request.deletion_protection_enabled;
  meta.index_slots.clear();
  std::optional<std::size_t> created;
  for (std::size_t i = 0; i < schema->indexes.size(); ++i) {
    auto it = slot_of.find(schema->indexes[i].name);
    if (it == slot_of.end()) {
      created = i;
      meta.index_slots.push_back(next_slot);
    } else {
      meta.index_slots.push_back(it->second);
      slot_of.erase(it);
    }
  }
  std::optional<int> dropped_slot;
  std::optional<IndexDescription> dropped;
  if (!slot_of.empty()) {
    dropped_slot = slot_of.begin()->second;
    for (const IndexDescription& d : Describe(old).global_secondary_indexes) {
      if (d.index_name == slot_of.begin()->first) dropped = d;
    }
  }
  const bool enabling =
      request.stream_specification && request.stream_specification->stream_enabled;
  if (enabling) {
    std::string label = StreamLabelAt(NowMs());
    if (label <= old_meta.stream_label) {
      // Never reuse a label: a new stream's ARN must differ from the old one's.
      label = old_meta.stream_label + "1";
    }
    meta.stream_label = label;
  }

  const std::int64_t id = old->id();
  UsageStats usage = old->usage();
  auto reopen = [&](TableSchema s, TableMeta m) -> SimResult<std::unique_ptr<TableStore>> {
    SimResult<std::unique_ptr<TableStore>> store =
        TableStore::Open(db_.get(), std::move(s), id, /*create=*/false, std::move(m));
    if (!store.ok()) return store.error();
    (*store)->usage() = usage;
    if (SimStatus st = (*store)->LoadCounters(); !st.ok()) return st.error();
    return store;
  };

  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  old->ForgetStatements();
  auto attempt = [&]() -> SimResult<std::unique_ptr<TableStore>> {
    if (dropped_slot) {
      if (SimStatus s = old->DropIndexSlot(*dropped_slot); !s.ok()) return s.error();
    }
    if (enabling) {
      if (SimStatus s = old->EnsureStreamTable(); !s.ok()) return s.error();
      if (SimStatus s = old->ClearStream(); !s.ok()) return s.error();
    }
    if (created) {
      if (SimStatus s = old->CreateIndexSlot(meta.index_slots[*created]); !s.ok()) return s.error();
    }
    SimResult<std::unique_ptr<TableStore>> store =
        TableStore::Open(db_.get(), *schema, id, /*create=*/false, meta);
    if (!store.ok()) return store.error();
    if (created) {
      if (SimStatus s = Backfill(store->get(), *created); !s.ok()) return s.error();
    }
    if (SimStatus s = SaveCatalogue(request.table_name, *definition, meta); !s.ok())
      return s.error();
    (*store)->usage() = usage;
    if (SimStatus s = (*store)->LoadCounters(); !s.ok()) return s.error();
    if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
    return store;
  };
  SimResult<std::unique_ptr<TableStore>> updated = attempt();
  if (!updated.ok()) {
    txn.Rollback();
    db_->ForgetStatements(fmt::format(" t{}_", id));
    SimResult<std::unique_ptr<TableStore>> restored = reopen(old_schema, old_meta);
    if (!restored.ok()) return restored.error();
    tables_[request.table_name] = std::move(*restored);
    return updated.error();
  }
  TableStore* store = updated->get();
  tables_[request.table_name] = std::move(*updated);

  // The answer: UPDATING, with the new index CREATING (its backfill is done by the next
  // DescribeTable) or the removed one DELETING.
  TableDescription d = Describe(store);
  d.table_status = "UPDATING";
  if (created) {
    for (IndexDescription& i : d.global_secondary_indexes) {
      if (i.index_name == schema->indexes[*created].name) {
        i.index_status = "CREATING";
        // DynamoDB reports no size or count for an index still backfilling.
        i.item_count = 0;
        i.index_size_bytes = 0;
      }
    }
  }
  if (dropped) {
    dropped->index_status = "DELETING";
    d.global_secondary_indexes.push_back(*dropped);
  }
  return d;
}

}  // namespace sim
