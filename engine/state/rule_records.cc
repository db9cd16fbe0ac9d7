#include "engine/state/rule_records.h"

#include "engine/state/codec.h"
#include "runtime/json/json_string.h"

namespace alert::engine {
namespace {

constexpr uint64_t kFormat = 1;

}  // namespace

std::string RuleRecordKey(const std::optional<std::string>& tenant, const std::string& id) {
  return (tenant ? json::Quote(*tenant) : "*") + "/" + id;
}

void PutRuleRecord(const RuleRecord& record, WriteBatch* batch) {
  Encoder out;
  out.U64(kFormat);
  out.Bool(record.tenant.has_value());
  out.String(record.tenant.value_or(""));
  out.String(record.id);
  out.I64(record.version);
  out.String(record.source);
  out.Bool(record.paused);
  batch->Put(Family::kRules, RuleRecordKey(record.tenant, record.id), out.Take());
}

void DeleteRuleRecord(const std::optional<std::string>& tenant, const std::string& id, WriteBatch* batch) {
  batch->Delete(Family::kRules, RuleRecordKey(tenant, id));
}

absl::StatusOr<std::vector<RuleRecord>> LoadRuleRecords(const StateStore& store) {
  std::vector<RuleRecord> records;
  std::string bad;
  auto scanned = store.Scan(Family::kRules, "", [&](std::string_view key, std::string_view value) {
    if (key.starts_with("code/")) return true;  // the JIT's code cache (engine/rules/store_code_cache.h)
    Decoder in(value);
    RuleRecord r;
    const bool format = in.U64() == kFormat;
    const bool scoped = in.Bool();
    std::string tenant = in.String();
    if (scoped) r.tenant = std::move(tenant);
    r.id = in.String();
    r.version = in.I64();
    r.source = in.String();
    r.paused = in.Bool();
    if (!format || !in.ok() || !in.done() || RuleRecordKey(r.tenant, r.id) != key) {
      bad = std::string(key);
      return false;
    }
    records.push_back(std::move(r));
    return true;
  });
  if (!scanned.ok()) return scanned;
  if (!bad.empty()) return absl::DataLossError("corrupt rule record " + bad);
  return records;
}

}  // namespace alert::engine
