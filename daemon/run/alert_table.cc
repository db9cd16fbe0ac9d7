#include "daemon/run/alert_table.h"

#include "engine/state/codec.h"

namespace alert::daemon {
namespace {

constexpr uint64_t kFormat = 1;

std::string IdOf(const engine::Notification& n) {
  engine::Encoder id;
  id.Bool(n.tenant.has_value());
  id.String(n.tenant.value_or(""));
  id.String(n.rule);
  id.String(n.key);
  id.I64(n.window_start);
  return id.Take();
}

}  // namespace

void AlertTable::Record(const engine::Notification& n, std::string json) {
  if (!n.has_window) return;
  const std::string id = IdOf(n);
  std::lock_guard<std::mutex> lock(mutex_);
  Entry& e = alerts_[id];
  if (e.resolved_at) resolved_.erase(e.resolved_at);
  e.state = AlertState{n.state == engine::Notification::State::kFiring, n.tenant, n.rule, std::move(json)};
  e.resolved_at = 0;
  changed_.insert(id);
  deleted_.erase(id);
  if (!e.state.firing) {
    e.resolved_at = ++sequence_;
    resolved_[e.resolved_at] = id;
    while (resolved_.size() > kMaxResolved) Forget(resolved_.begin()->second);
  }
}

void AlertTable::Forget(std::string id) {
  const auto it = alerts_.find(id);
  if (it == alerts_.end()) return;
  if (it->second.resolved_at) resolved_.erase(it->second.resolved_at);
  alerts_.erase(it);
  changed_.erase(id);
  deleted_.insert(id);
}

void AlertTable::Checkpoint(
    const std::function<bool(const std::optional<std::string>& tenant, const std::string& rule)>& keep,
    engine::WriteBatch* batch) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> gone;
  for (const auto& [id, e] : alerts_) {
    if (!keep(e.state.tenant, e.state.rule)) gone.push_back(id);
  }
  for (const std::string& id : gone) Forget(id);
  for (const std::string& id : deleted_) batch->Delete(engine::Family::kState, prefix_ + id);
  for (const std::string& id : changed_) {
    const Entry& e = alerts_.at(id);
    engine::Encoder out;
    out.U64(kFormat);
    out.Bool(e.state.firing);
    out.Bool(e.state.tenant.has_value());
    out.String(e.state.tenant.value_or(""));
    out.String(e.state.rule);
    out.String(e.state.notification);
    batch->Put(engine::Family::kState, prefix_ + id, out.Take());
  }
  changed_.clear();
  deleted_.clear();
}

absl::Status AlertTable::Restore(const engine::StateStore& store) {
  std::lock_guard<std::mutex> lock(mutex_);
  bool corrupt = false;
  auto scanned = store.Scan(engine::Family::kState, prefix_, [&](std::string_view key, std::string_view value) {
    engine::Decoder in(value);
    if (in.U64() != kFormat) {
      corrupt = true;
      return false;
    }
    Entry e;
    e.state.firing = in.Bool();
    const bool has_tenant = in.Bool();
    std::string tenant = in.String();
    if (has_tenant) e.state.tenant = std::move(tenant);
    e.state.rule = in.String();
    e.state.notification = in.String();
    if (!in.ok() || !in.done()) {
      corrupt = true;
      return false;
    }
    const std::string id(key.substr(prefix_.size()));
    if (!e.state.firing) {
      e.resolved_at = ++sequence_;
      resolved_[e.resolved_at] = id;
    }
    alerts_[id] = std::move(e);
    return true;
  });
  if (!scanned.ok()) return scanned;
  if (corrupt) return absl::DataLossError("corrupt alert state under " + prefix_);
  return absl::OkStatus();
}

std::vector<AlertState> AlertTable::List(const std::function<bool(const AlertState&)>& want) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<AlertState> out;
  for (const auto& [id, e] : alerts_) {
    if (want(e.state)) out.push_back(e.state);
  }
  return out;
}

void AlertBoard::Hold(int32_t partition, std::shared_ptr<const AlertTable> table) {
  std::lock_guard<std::mutex> lock(mutex_);
  tables_[partition] = std::move(table);
}

void AlertBoard::Release(int32_t partition) {
  std::lock_guard<std::mutex> lock(mutex_);
  tables_.erase(partition);
}

std::vector<std::pair<int32_t, AlertState>> AlertBoard::List(const std::function<bool(const AlertState&)>& want) const {
  std::map<int32_t, std::shared_ptr<const AlertTable>> tables;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tables = tables_;
  }
  std::vector<std::pair<int32_t, AlertState>> out;
  for (const auto& [partition, table] : tables) {
    for (AlertState& a : table->List(want)) out.emplace_back(partition, std::move(a));
  }
  return out;
}

}  // namespace alert::daemon
