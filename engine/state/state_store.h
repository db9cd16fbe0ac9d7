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
//             p<P>/r/<scope>/<rule>/m               a rule's own state: version, start, counters
//             p<P>/r/<scope>/<rule>/k/<key>         a key's alert state and windows
//             p<P>/r/<scope>/<rule>/b/<key>\0...    one baseline sample
//             p<P>/r/<scope>/<rule>/d/<value>       one `dedupe by` value
//   history   events by partition, time and offset (StoreHistory)
//   offsets   p<P> -> the offset of the last event the state includes
// where <scope> is * for global rules and the tenant as a JSON string.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <absl/functional/function_ref.h>
#include <absl/status/status.h>
#include <absl/status/statusor.h>

namespace alert::engine {

enum class Family : uint8_t { kRules, kState, kHistory, kOffsets };
inline constexpr int kFamilies = 4;
const char* FamilyName(Family family);

// Puts and deletes applied together or not at all, in order.
class WriteBatch {
 public:
  enum class Kind : uint8_t { kPut, kDelete, kDeleteRange };
  struct Op {
    Kind kind;
    Family family;
    std::string key, value;  // kDeleteRange: [key, value)
  };
  void Put(Family family, std::string key, std::string value) {
    bytes_ += key.size() + value.size();
    ops_.push_back({Kind::kPut, family, std::move(key), std::move(value)});
  }
  void Delete(Family family, std::string key) {
    bytes_ += key.size();
    ops_.push_back({Kind::kDelete, family, std::move(key), {}});
  }
  // Every key k with begin <= k < end.
  void DeleteRange(Family family, std::string begin, std::string end) {
    bytes_ += begin.size() + end.size();
    ops_.push_back({Kind::kDeleteRange, family, std::move(begin), std::move(end)});
  }
  // Every key starting with `prefix`.
  void DeletePrefix(Family family, const std::string& prefix);
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }
  size_t bytes() const { return bytes_; }  // of keys and values

 private:
  std::vector<Op> ops_;
  size_t bytes_ = 0;
};

// The first key after every key that starts with `prefix` ("" when there is
// none: the prefix is all 0xff bytes).
std::string PrefixEnd(std::string_view prefix);

class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const = 0;
  // Applies the whole batch atomically, in order; on failure nothing of it.
  virtual absl::Status Write(const WriteBatch& batch) = 0;
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
  absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const override;
  absl::Status Write(const WriteBatch& batch) override;
  absl::Status ScanRange(Family family, std::string_view begin, std::string_view end,
                         absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const override;
  size_t size(Family family) const { return data_[static_cast<int>(family)].size(); }

 private:
  std::map<std::string, std::string, std::less<>> data_[kFamilies];
};

}  // namespace alert::engine
