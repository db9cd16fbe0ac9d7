#include "engine/state/state_store.h"

namespace alert::engine {

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kRules: return "rules";
    case Family::kState: return "state";
    case Family::kHistory: return "history";
    case Family::kOffsets: return "offsets";
  }
  return "?";
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}

void WriteBatch::DeletePrefix(Family family, const std::string& prefix) {
  DeleteRange(family, prefix, PrefixEnd(prefix));
}

absl::StatusOr<std::optional<std::string>> MemoryStateStore::Get(Family family, std::string_view key) const {
  const auto& data = data_[static_cast<int>(family)];
  const auto it = data.find(key);
  if (it == data.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

absl::Status MemoryStateStore::Write(const WriteBatch& batch) {
  for (const WriteBatch::Op& op : batch.ops()) {
    auto& data = data_[static_cast<int>(op.family)];
    switch (op.kind) {
      case WriteBatch::Kind::kPut: data[op.key] = op.value; break;
      case WriteBatch::Kind::kDelete: data.erase(op.key); break;
      case WriteBatch::Kind::kDeleteRange:
        data.erase(data.lower_bound(op.key), op.value.empty() ? data.end() : data.lower_bound(op.value));
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status MemoryStateStore::ScanRange(Family family, std::string_view begin, std::string_view end,
                                         absl::FunctionRef<bool(std::string_view, std::string_view)> visit) const {
  const auto& data = data_[static_cast<int>(family)];
  for (auto it = data.lower_bound(begin); it != data.end() && (end.empty() || it->first < end); ++it) {
    if (!visit(it->first, it->second)) break;
  }
  return absl::OkStatus();
}

}  // namespace alert::engine
