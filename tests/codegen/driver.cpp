// The proof that generated accessors do exactly what `model check` proved (docs/codegen.md):
// one program, compiled once per model against that model's `model codegen --driver` output
// (CODEGEN_DRIVER_HEADER, namespace CODEGEN_DRIVER_NS), so every sample and test model is covered
// without code of its own.
//
//   codegen_driver_<model> --model FILE [--backend sim|serve|local] [--model-bin BIN]
//                          [--peers SCRIPT] [--items N] [--sabotage]
//
// It runs `model check` twice on the same synthetic data (the model loaded and derived from
// FILE, as `model check FILE` does): first as the check runs (model/exec executes the plans),
// then with every read and write pattern run through the generated typed methods
// (check::CheckOptions::read_through / write_through): the sampled arguments converted to the
// pattern's Params struct, the results converted back from the entity structs, compared with the
// oracle by the check's own rules (the order where the pattern sorts, sets otherwise; the
// aggregate's value). On top of the check:
//   - every read is also paged with limits 1 and 3 and the pages must join into the one-call
//     answer;
//   - after every write, each item the layout says the entity has (its item, facets, uniqueness
//     items, the newest version item, every index key) is read back with GetItem and must equal
//     the item model/exec renders from the typed values, and every item of the entity before the
//     write that the layout no longer has must be gone;
//   - both runs must pass, call each pattern as often and return as many items.
// Backends: SimBackend in process (`sim`), or HttpBackend against `model serve` (`serve`,
// started from --model-bin) or DynamoDB Local (`local`, started by scripts/peers; exit 77 when it
// is not installed, unless MODEL_REQUIRE_PEERS=1). Exit 0 when everything matches, 1 otherwise.
// --sabotage breaks the typed path on purpose (answers lose an item, writes are skipped): the
// test codegen_driver_detects_sabotage expects that run to fail.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include CODEGEN_DRIVER_HEADER
#include "bench/peer.h"
#include "codegen/runtime/http/http_backend.h"
#include "codegen/runtime/sim/sim_backend.h"
#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/check/check.h"
#include "model/derive/derive.h"
#include "model/exec/items.h"
#include "model/exec/values.h"
#include "model/load/loader.h"

namespace drv = CODEGEN_DRIVER_NS::driver;
using model::EntityId;
using model::exec::Arguments;
using model::exec::Record;

namespace {

struct Options {
  std::string model_file;
  std::string backend = "sim";
  std::string model_bin;
  std::string peers;
  std::int64_t items = 2000;
  // Breaks the typed path on purpose (each answer loses its last item, each write is skipped)
  // to show the comparison catches it: the run must then fail.
  bool sabotage = false;
};

sim::Error Failure(std::string message) { return sim::Error{"DriverMismatch", message, {}, {}}; }

std::string ItemText(const sim::Item& item) {
  std::vector<std::string> parts;
  for (const auto& [name, value] : item)
    parts.push_back(fmt::format("{}={}", name, model::exec::NaturalText(value)));
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

// Runs the patterns through the generated code and checks what they wrote.
class Through {
 public:
  Through(sim::DataPlane& plane, const model::Model& m, const model::KeyLayout& layout,
          bool sabotage)
      : plane_(plane), model_(m), layout_(layout), db_(plane), sabotage_(sabotage) {}

  // `values` as the typed struct holds them (FromItem, ToItem); unchanged if they do not fit,
  // which the typed write then reports.
  sim::Item Canonical(EntityId entity, const sim::Item& values) const {
    auto trip = drv::RoundTrip(entity, values);
    return trip.ok() ? *trip : values;
  }

  model::check::ReadThrough Read(int read, const Arguments& given) {
    const model::ReadPlan& plan = layout_.reads[static_cast<std::size_t>(read)];
    const int pattern = plan.pattern_id;
    const model::AccessPattern& p = model_.access_patterns[static_cast<std::size_t>(pattern)];
    model::check::ReadThrough out;
    out.request = drv::MethodName(pattern, false);
    // The check reads entities with Time to Live as of its clock: the client's clock.
    Arguments args = given;
    std::optional<std::chrono::sys_seconds> now;
    if (auto it = args.find(model::exec::kNowArgument); it != args.end()) {
      now = std::chrono::sys_seconds(std::chrono::seconds(std::stoll(it->second.scalar())));
      args.erase(it);
    }
    db_.SetClock(now);
    if (p.aggregate) {
      auto value = drv::Aggregate(db_, pattern, args);
      if (!value.ok()) {
        out.error = value.error().code + ": " + value.error().message;
        return out;
      }
      out.aggregate = value->text();
      return out;
    }
    auto all = drv::Read(db_, pattern, args);
    if (!all.ok()) {
      out.error = all.error().code + ": " + all.error().message;
      return out;
    }
    if (all->more()) {
      out.error = "a call without a page limit returned a next page cursor";
      return out;
    }
    for (drv::EntityItem& e : all->items) out.items.emplace_back(e.entity, std::move(e.values));
    if (sabotage_ && !out.items.empty()) {
      out.items.pop_back();
      return out;
    }
    for (std::int64_t limit : {1, 3}) {
      if (auto problem = Paged(pattern, args, limit, out.items)) {
        out.error = *problem;
        return out;
      }
    }
    return out;
  }

  sim::SimStatus Write(int write, const Record* before, const Record* after,
                       const Arguments& condition_args,
                       const std::vector<model::exec::AlsoRecord>& also) {
    std::vector<model::runtime::AlsoItems> also_items(also.size());
    for (std::size_t i = 0; i < also.size(); ++i) {
      if (also[i].before) also_items[i].before = &also[i].before->current();
      if (also[i].after) also_items[i].after = &also[i].after->current();
    }
    const model::WritePlan& plan = layout_.writes[static_cast<std::size_t>(write)];
    const int pattern = plan.pattern_id;
    const EntityId entity = model_.write_patterns[static_cast<std::size_t>(pattern)].entity;
    std::int64_t versions = before ? static_cast<std::int64_t>(before->versions.size()) : 1;
    if (sabotage_) return Verify(drv::MethodName(pattern, true), entity, before, after);
    std::int64_t drawn = 0;
    model::runtime::Status done = drv::Write(db_, pattern, before ? &before->current() : nullptr,
                                             after ? &after->current() : nullptr, versions,
                                             condition_args, also_items, &drawn);
    if (!done.ok()) return sim::Error{done.error().code, done.error().message, {}, {}};
    // A create drawing a counter wrote the number it drew, whatever the record held.
    const model::AttrId counter = model::CounterOf(model_, entity);
    if (plan.counter && after && !before && counter >= 0) {
      Record numbered = *after;
      const std::string& name = model_.entities[static_cast<std::size_t>(entity)]
                                    .attributes[static_cast<std::size_t>(counter)]
                                    .name;
      for (sim::Item& v : numbered.versions)
        v[name] = sim::AttributeValue::N(std::to_string(drawn));
      return Verify(drv::MethodName(pattern, true), entity, before, &numbered);
    }
    return Verify(drv::MethodName(pattern, true), entity, before, after);
  }

 private:
  // Pages of `limit` joined must be the one-call answer; a problem's text, or nullopt.
  std::optional<std::string> Paged(int pattern, const Arguments& args, std::int64_t limit,
                                   const std::vector<std::pair<EntityId, sim::Item>>& whole) {
    std::vector<std::pair<EntityId, sim::Item>> joined;
    model::runtime::PageRequest page{limit, ""};
    for (std::size_t pages = 0;; ++pages) {
      if (pages > whole.size() + 1)
        return fmt::format("paging with limit {} did not end after {} pages", limit, pages);
      auto got = drv::Read(db_, pattern, args, page);
      if (!got.ok())
        return fmt::format("paging with limit {}: {}: {}", limit, got.error().code,
                           got.error().message);
      if (static_cast<std::int64_t>(got->items.size()) > limit)
        return fmt::format("a page with limit {} held {} items", limit, got->items.size());
      for (drv::EntityItem& e : got->items) joined.emplace_back(e.entity, std::move(e.values));
      if (!got->more()) break;
      page.cursor = got->next_cursor;
    }
    if (joined == whole) return std::nullopt;
    std::size_t at = 0;
    while (at < joined.size() && at < whole.size() && joined[at] == whole[at]) ++at;
    return fmt::format(
        "paging with limit {} returned {} items, one call {}; first difference at position {}: "
        "{} against {}",
        limit, joined.size(), whole.size(), at + 1,
        at < joined.size() ? ItemText(joined[at].second) : "(end)",
        at < whole.size() ? ItemText(whole[at].second) : "(end)");
  }

  // The items the layout renders for a record (each version through the typed struct).
  std::vector<sim::Item> Rendered(EntityId entity, const Record& record) const {
    Record typed;
    for (const sim::Item& v : record.versions) typed.versions.push_back(Canonical(entity, v));
    std::vector<sim::Item> items;
    for (int type : layout_.ItemTypesOf(entity)) {
      for (sim::Item& item : model::exec::RenderItems(model_, layout_, type, typed))
        items.push_back(std::move(item));
    }
    return items;
  }

  sim::Item KeyOf(const sim::Item& item) const {
    sim::Item key;
    for (const std::string& name : {layout_.partition_key, layout_.sort_key}) {
      auto it = item.find(name);
      if (it != item.end()) key[name] = it->second;
    }
    return key;
  }

  // An item without what aggregates' maintainers write on it: their state (version, seen marks,
  // min/max counts) and the values they keep, which `model check` compares on its own (a write
  // of a post leaves its like count to the stream's consumer, maybe seconds behind).
  sim::Item WithoutAggregates(EntityId entity, sim::Item item) const {
    for (const char* state : {model::kAggregateVersionAttribute, model::kAggregateSeenAttribute,
                              model::kAggregateValuesAttribute})
      item.erase(state);
    const model::Entity& en = model_.entities[static_cast<std::size_t>(entity)];
    for (const model::AggregateDecl& a : model_.aggregates) {
      if (a.into != entity) continue;
      for (const model::AggregateValue& v : a.values)
        item.erase(en.attributes[static_cast<std::size_t>(v.target)].name);
    }
    // A parent's embedded collections change with its children's writes, which the check's
    // reads of the children prove.
    for (const model::EmbeddedLayout& e : layout_.embedded) {
      if (e.parent == entity) item.erase(e.attribute);
    }
    return item;
  }

  std::optional<sim::Item> Get(const sim::Item& key, std::string* error) {
    sim::GetItemRequest get;
    get.table_name = layout_.table_name;
    get.key = key;
    get.consistent_read = true;
    auto got = plane_.GetItem(get);
    if (!got.ok()) {
      *error = got.error().name + ": " + got.error().message;
      return std::nullopt;
    }
    return got->item;
  }

  // After a write: the entity's items as the layout renders them from the typed values (for a
  // versioned entity, the current item and the newest version's), and none of the items it had
  // before that the layout no longer gives it.
  sim::SimStatus Verify(const std::string& method, EntityId entity, const Record* before,
                        const Record* after) {
    std::set<std::string> keep;  // ItemText of the keys kept
    if (after) {
      const std::string newest = std::to_string(after->versions.size());
      for (const sim::Item& want : Rendered(entity, *after)) {
        auto version = want.find(model::kVersionAttribute);
        if (version != want.end() && version->second.scalar() != newest) continue;
        keep.insert(ItemText(KeyOf(want)));
        std::string error;
        std::optional<sim::Item> have = Get(KeyOf(want), &error);
        if (!error.empty())
          return Failure(method + ": reading back " + ItemText(KeyOf(want)) + ": " + error);
        if (!have) return Failure(fmt::format("{} did not write {}", method, ItemText(want)));
        if (WithoutAggregates(entity, *have) != WithoutAggregates(entity, want)) {
          return Failure(fmt::format("{} wrote {}\n    the layout says {}", method, ItemText(*have),
                                     ItemText(want)));
        }
      }
    }
    if (before) {
      for (const sim::Item& old : Rendered(entity, *before)) {
        sim::Item key = KeyOf(old);
        if (keep.count(ItemText(key))) continue;
        if (after && old.count(model::kVersionAttribute)) continue;  // history stays
        std::string error;
        std::optional<sim::Item> have = Get(key, &error);
        if (!error.empty())
          return Failure(method + ": reading back " + ItemText(key) + ": " + error);
        if (have) {
          return Failure(fmt::format("{} left {} behind (the layout no longer has it)", method,
                                     ItemText(*have)));
        }
      }
    }
    return sim::Ok{};
  }

  sim::DataPlane& plane_;
  const model::Model& model_;
  const model::KeyLayout& layout_;
  drv::Client db_;
  bool sabotage_ = false;
};

// A fresh backend of the kind asked for; the peer process (serve, DynamoDB Local) stays up in
// `peer` for the run.
std::unique_ptr<sim::DataPlane> OpenBackend(const Options& o, std::unique_ptr<peer::Endpoint>& peer,
                                            std::string* error) {
  if (o.backend == "sim") {
    auto b = model::runtime::OpenSimBackend();
    if (!b.ok()) {
      *error = b.error().message;
      return nullptr;
    }
    return std::move(b.value());
  }
  if (!peer) {
    peer = o.backend == "local" ? peer::Endpoint::StartDynamoDbLocal(o.peers, error)
                                : peer::Endpoint::StartModelServe(o.model_bin, error);
    if (!peer) return nullptr;
  }
  model::runtime::HttpBackendOptions http;
  http.endpoint = "http://127.0.0.1:" + std::to_string(peer->port());
  auto b = model::runtime::OpenHttpBackend(http);
  if (!b.ok()) {
    *error = b.error().message;
    return nullptr;
  }
  return std::move(b.value());
}

int Run(const Options& o) {
  std::ifstream in(o.model_file, std::ios::binary);
  if (!in) {
    std::cerr << "codegen_driver: cannot read " << o.model_file << "\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  model::SourceFile file(o.model_file, text.str());
  model::Diagnostics diags(&file);
  std::optional<model::Model> m = model::load::LoadModel(file, diags);
  std::optional<model::KeyLayout> layout;
  if (m) layout = model::derive::DeriveLayout(*m, diags);
  if (!m || !layout) {
    std::cerr << "codegen_driver: " << o.model_file << " does not load and derive\n";
    return 1;
  }
  if (o.backend == "local") {
    std::string probe = "'" + o.peers + "' path >/dev/null 2>&1";
    if (std::system(probe.c_str()) != 0) {
      std::cerr << "codegen_driver: DynamoDB Local is not installed (scripts/peers install)\n";
      const char* require = std::getenv("MODEL_REQUIRE_PEERS");
      return require && std::string(require) == "1" ? 1 : 77;
    }
  }
  if (o.backend != "sim") {
    // Local endpoints accept any credentials; SigV4 needs some.
    ::unsetenv("AWS_PROFILE");
    ::setenv("AWS_ACCESS_KEY_ID", "local", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "local", 1);
    ::setenv("AWS_REGION", "us-east-1", 1);
  }

  std::unique_ptr<peer::Endpoint> peer;
  model::check::CheckOptions options;
  options.items = o.items;
  std::vector<model::CheckReport> reports;
  for (int run = 0; run < 2; ++run) {
    std::string error;
    std::unique_ptr<sim::DataPlane> plane = OpenBackend(o, peer, &error);
    if (!plane) {
      std::cerr << "codegen_driver: cannot open the " << o.backend << " backend: " << error << "\n";
      return 1;
    }
    model::check::CheckOptions run_options = options;
    run_options.plane = plane.get();
    // Both runs hold the data as the typed structs do (timestamps with milliseconds, ...), so
    // they sample the same arguments.
    auto through = std::make_unique<Through>(*plane, *m, *layout, run == 1 && o.sabotage);
    run_options.canonical = [&](EntityId e, const sim::Item& values) {
      return through->Canonical(e, values);
    };
    if (run == 1) {
      run_options.read_through = [&](int r, const Arguments& args) {
        return through->Read(r, args);
      };
      run_options.write_through = [&](int w, const Record* before, const Record* after,
                                      const Arguments& args,
                                      const std::vector<model::exec::AlsoRecord>& also) {
        return through->Write(w, before, after, args, also);
      };
    }
    auto report = model::check::RunCheck(*m, *layout, run_options);
    auto deleted = plane->DeleteTable(layout->table_name);
    if (!report.ok()) {
      std::cerr << "codegen_driver: the check could not run: " << report.error().message << "\n";
      return 1;
    }
    if (!deleted.ok()) {
      std::cerr << "codegen_driver: DeleteTable: " << deleted.error().message << "\n";
      return 1;
    }
    reports.push_back(std::move(report.value()));
  }

  const model::CheckReport& exec = reports[0];
  const model::CheckReport& typed = reports[1];
  int failures = 0;
  for (std::size_t i = 0; i < exec.patterns.size(); ++i) {
    const model::PatternCheck& a = exec.patterns[i];
    const model::PatternCheck& b = typed.patterns[i];
    std::vector<std::string> problems;
    for (const std::string& f : a.failures) problems.push_back("model check: " + f);
    for (const std::string& f : b.failures) problems.push_back("generated code: " + f);
    if (a.calls != b.calls)
      problems.push_back(
          fmt::format("{} calls through exec, {} through the generated code", a.calls, b.calls));
    const bool aggregate =
        !a.write && model::exec::AggregateStep(layout->reads[i].client_steps) != nullptr;
    if (!aggregate && a.items_returned != b.items_returned) {
      problems.push_back(
          fmt::format("{} items returned through exec, {} through the generated code",
                      a.items_returned, b.items_returned));
    }
    std::cout << (problems.empty() ? "pass " : "FAIL ") << (a.write ? "write " : "read  ") << a.name
              << " (" << b.calls << " calls, " << b.items_returned << " items)\n";
    for (const std::string& p : problems) std::cout << "    " << p << "\n";
    if (!problems.empty()) ++failures;
  }
  std::cout << (failures == 0 ? "ok: " : "FAILED: ") << exec.patterns.size() << " patterns of "
            << o.model_file << " against " << o.backend << ", " << failures << " failing\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--sabotage") {
      o.sabotage = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "codegen_driver: " << flag << " needs a value\n";
      return 2;
    }
    std::string value = argv[i + 1];
    if (flag == "--model") {
      o.model_file = value;
    } else if (flag == "--backend") {
      o.backend = value;
    } else if (flag == "--model-bin") {
      o.model_bin = value;
    } else if (flag == "--peers") {
      o.peers = value;
    } else if (flag == "--items") {
      o.items = std::stoll(value);
    } else {
      std::cerr << "codegen_driver: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (o.model_file.empty() ||
      (o.backend != "sim" && o.backend != "serve" && o.backend != "local")) {
    std::cerr << "usage: codegen_driver --model FILE [--backend sim|serve|local] [--model-bin BIN] "
                 "[--peers SCRIPT] [--items N] [--sabotage]\n";
    return 2;
  }
  return Run(o);
}
