#include "engine/state/state_store.h"

#include "engine/state/codec.h"

namespace alert::engine {

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kRules: return "rules";
    case Family::kState: return "state";
    case Family::kHistory: return "history";
    case Family::kOffsets: return "offsets";
    case Family::kAudit: return "audit";
  }
  return "?";
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}

void WriteBatch::DeletePrefix(Family family, std::string_view prefix) {
  DeleteRange(family, prefix, PrefixEnd(prefix));
}

size_t WriteBatch::ReadLength(std::string_view rep, size_t* at) {
  size_t n = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<uint8_t>(rep[(*at)++]);
    n |= static_cast<size_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return n;
  }
}

size_t WriteBatch::Add(Kind kind, Family family, std::string_view key, std::initializer_list<std::string_view> value) {
  const size_t at = rep_.size();
  size_t value_size = 0;
  for (std::string_view piece : value) value_size += piece.size();
  rep_ += static_cast<char>(kind);
  rep_ += static_cast<char>(family);
  AppendVarint(rep_, key.size());
  rep_.append(key);
  AppendVarint(rep_, value_size);
  for (std::string_view piece : value) rep_.append(piece);
  ++count_;
  bytes_ += rep_.size() - at;
  families_ |= Bit(family);
  return at;
}

WriteBatch::Op WriteBatch::Read(size_t* at) const {
  const auto kind = static_cast<Kind>(rep_[*at]);
  const auto family = static_cast<Family>(rep_[*at + 1]);
  *at += 2;
  const size_t key_size = ReadLength(rep_, at);
  const std::string_view key(rep_.data() + *at, key_size);
  *at += key_size;
  const size_t value_size = ReadLength(rep_, at);
  const std::string_view value(rep_.data() + *at, value_size);
  *at += value_size;
  return Op{kind, family, key, value};
}

WriteBatch::Op WriteBatch::At(size_t position) const { return Read(&position); }

void WriteBatch::AppendAll(const WriteBatch& other) {
  const size_t shift = rep_.size();
  for (const Attached& a : other.attached_) attached_.push_back(Attached{shift + a.at, a.part});
  rep_ += other.rep_;
  count_ += other.count_;
  bytes_ += other.bytes_;
  families_ |= other.families_;
}

void WriteBatch::Attach(std::shared_ptr<const WriteBatch> part) {
  if (!part || part->empty()) return;
  count_ += part->count();
  bytes_ += part->bytes();
  families_ |= part->families_;
  attached_.push_back(Attached{rep_.size(), std::move(part)});
}

void WriteBatch::Clear() {
  rep_.clear();
  attached_.clear();
  count_ = 0;
  bytes_ = 0;
  families_ = 0;
}

std::vector<WriteBatch::Op> WriteBatch::ops() const {
  std::vector<Op> out;
  ForEach([&](const Op& op) { out.push_back(op); });
  return out;
}

absl::StatusOr<std::optional<std::string>> MemoryStateStore::Get(Family family, std::string_view key) const {
  const auto& data = data_[static_cast<int>(family)];
  const auto it = data.find(key);
  if (it == data.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

absl::Status MemoryStateStore::Write(std::span<const WriteBatch> parts) {
  for (const WriteBatch& batch : parts) {
    batch.ForEach([&](const WriteBatch::Op& op) {
      auto& data = data_[static_cast<int>(op.family)];
      switch (op.kind) {
        case WriteBatch::Kind::kPut: data.insert_or_assign(std::string(op.key), std::string(op.value)); break;
        case WriteBatch::Kind::kDelete:
          if (const auto it = data.find(op.key); it != data.end()) data.erase(it);
          break;
        case WriteBatch::Kind::kDeleteRange:
          data.erase(data.lower_bound(op.key), op.value.empty() ? data.end() : data.lower_bound(op.value));
          break;
      }
    });
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
