#pragma once

// The state store: what the engine keeps between runs, as bytes under byte
// keys in four families, written in atomic batches and read back by prefix —
// the shape of a RocksDB database with a column family per kind
// (RocksStore), which the daemon uses. MemoryStateStore keeps the same in
// memory (tests, alertc test).
//
//   family    keys (engine of partition P)
//   rules     the rule set: <scope>/<rule id> -> version, text, paused (rule_set)
//   state     p<P>/e                                watermark, sequence, counters
//             p<P>/l                                the rules installed (their prefixes)
//             p<P>/r/<scope>/<rule>/m               a rule's own state: version, start, counters
//             p<P>/r/<scope>/<rule>/k/<key>         a key's alert state and windows
//             p<P>/r/<scope>/<rule>/b/<key>\0...    one baseline sample
//             p<P>/r/<scope>/<rule>/d/<value>       one `dedupe by` value
//   history   events by partition, time and offset (StoreHistory)
//   offsets   p<P> -> the offset of the last event the state includes
// where <scope> is * for global rules and the tenant as a JSON string.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <absl/functional/function_ref.h>
#include <absl/status/status.h>
#include <absl/status/statusor.h>

namespace alert::engine {

enum class Family : uint8_t { kRules, kState, kHistory, kOffsets, kAudit };
inline constexpr int kFamilies = 5;
const char* FamilyName(Family family);

// Puts and deletes applied together or not at all, in order. The
// operations are kept in one growing buffer (kind, family, then key and
// value with their lengths), so a batch of many small values costs a few
// allocations, not two per value. A batch may also hold other batches
// shared, not copied (Attach): a partition's history, tens of megabytes a
// checkpoint, goes into the checkpoint's batch that way.
class WriteBatch {
 public:
  enum class Kind : uint8_t { kPut, kDelete, kDeleteRange };
  struct Op {
    Kind kind;
    Family family;
    std::string_view key, value;  // kDeleteRange: [key, value); views into the batch
  };
  void Put(Family family, std::string_view key, std::string_view value) { Add(Kind::kPut, family, key, {value}); }
  // A put whose value is `pieces` joined, without joining them first;
  // returns where the operation is, for At.
  size_t PutJoined(Family family, std::string_view key, std::initializer_list<std::string_view> pieces) {
    return Add(Kind::kPut, family, key, pieces);
  }
  void Delete(Family family, std::string_view key) { Add(Kind::kDelete, family, key, {}); }
  // Every key k with begin <= k < end ("": no end).
  void DeleteRange(Family family, std::string_view begin, std::string_view end) {
    Add(Kind::kDeleteRange, family, begin, {end});
  }
  // Every key starting with `prefix`.
  void DeletePrefix(Family family, std::string_view prefix);
  // `op` (another batch's) again, at the end of this one.
  void Append(const Op& op) { Add(op.kind, op.family, op.key, {op.value}); }
  // Every operation of `other`, in order.
  void AppendAll(const WriteBatch& other);
  // Every operation of `part`, as if appended here, but not copied: `part`
  // must not change while it is shared.
  void Attach(std::shared_ptr<const WriteBatch> part);
  // This batch's own operation at `position`, as PutJoined returned it.
  Op At(size_t position) const;
  // No operations, the memory kept for the next ones.
  void Clear();

  void Reserve(size_t bytes) { rep_.reserve(bytes); }
  // Whether a put of a key and a value of these sizes fits in the memory
  // this batch holds for its own operations, without growing it.
  bool Fits(size_t key_size, size_t value_size) const {
    return rep_.size() + 2 + 2 * kMaxLength + key_size + value_size <= rep_.capacity();
  }

  // Calls visit(op) for each operation, in order.
  template <typename Visit>
  void ForEach(Visit visit) const;
  // The same for the operations not on `family`: an attached batch only on
  // it is passed over without reading it (the changelog leaves the history out).
  template <typename Visit>
  void ForEachExcept(Family family, Visit visit) const;
  std::vector<Op> ops() const;
  // Of the attached batches too.
  size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kMaxLength = 10;  // the bytes of a length, at most (a varint)
  struct Attached {
    size_t at;  // where in rep_ its operations come
    std::shared_ptr<const WriteBatch> part;
  };
  // The operation, its value the pieces joined; returns where it is.
  size_t Add(Kind kind, Family family, std::string_view key, std::initializer_list<std::string_view> value);
  static size_t ReadLength(std::string_view rep, size_t* at);
  // The operation at `*at`, which moves past it.
  Op Read(size_t* at) const;
  static uint32_t Bit(Family family) { return uint32_t{1} << static_cast<int>(family); }
  // Visits the operations on none of the families in `skip` (bits).
  template <typename Visitor>
  void VisitAll(Visitor& visit, uint32_t skip) const;
  std::string rep_;
  std::vector<Attached> attached_;  // by `at`
  size_t count_ = 0;
  size_t bytes_ = 0;
  uint32_t families_ = 0;  // the families its operations are on (bits)
};

template <typename Visit>
void WriteBatch::ForEach(Visit visit) const {
  VisitAll(visit, 0);
}

template <typename Visit>
void WriteBatch::ForEachExcept(Family family, Visit visit) const {
  VisitAll(visit, Bit(family));
}

template <typename Visitor>
void WriteBatch::VisitAll(Visitor& visit, uint32_t skip) const {
  if ((families_ & ~skip) == 0) return;
  size_t at = 0;
  auto next = attached_.begin();
  for (;;) {
    for (; next != attached_.end() && next->at == at; ++next) next->part->VisitAll(visit, skip);
    if (at >= rep_.size()) return;
    const Op op = Read(&at);
    if ((Bit(op.family) & skip) == 0) visit(op);
  }
}

// The first key after every key that starts with `prefix` ("" when there is
// none: the prefix is all 0xff bytes).
std::string PrefixEnd(std::string_view prefix);

class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const = 0;
  // Applies the parts atomically, in order, as one batch; on failure nothing
  // of them. (A checkpoint comes in parts, one per partition: no copy joins them.)
  virtual absl::Status Write(std::span<const WriteBatch> parts) = 0;
  absl::Status Write(const WriteBatch& batch) { return Write(std::span<const WriteBatch>(&batch, 1)); }
  // Calls visit(key, value) for each key of `family` in [begin, end) (end ""
  // for no bound), in byte order, until visit returns false.
  virtual absl::Status ScanRange(Family family, std::string_view begin, std::string_view end,
                                 absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const = 0;
  // Each key starting with `prefix`.
  absl::Status Scan(Family family, std::string_view prefix,
                    absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const {
    return ScanRange(family, prefix, PrefixEnd(prefix), visit);
  }
};

class MemoryStateStore final : public StateStore {
 public:
  using StateStore::Write;
  absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const override;
  absl::Status Write(std::span<const WriteBatch> parts) override;
  absl::Status ScanRange(Family family, std::string_view begin, std::string_view end,
                         absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const override;
  size_t size(Family family) const { return data_[static_cast<int>(family)].size(); }

 private:
  std::map<std::string, std::string, std::less<>> data_[kFamilies];
};

}  // namespace alert::engine
