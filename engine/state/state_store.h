#pragma once

// The state store: what the engine keeps between runs, as bytes under byte
// keys, written in atomic batches and read back by prefix — the shape of a
// RocksDB database (WriteBatch, prefix iteration), which implements it for
// the daemon. MemoryStateStore is the in-memory implementation.
//
// Keys the engine of partition P writes (Engine::Checkpoint):
//   p<P>/e                               watermark, sequence, counters
//   p<P>/r/<scope>/<rule>/m              a rule's own state: start, counters, dedupe set
//   p<P>/r/<scope>/<rule>/k/<group key>  a key's alert state, windows, baselines
// where <scope> is * for global rules and the tenant as a JSON string.

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

// Puts and deletes applied together or not at all.
class WriteBatch {
 public:
  void Put(std::string key, std::string value) { ops_.push_back({std::move(key), std::move(value), false}); }
  void Delete(std::string key) { ops_.push_back({std::move(key), {}, true}); }
  struct Op {
    std::string key, value;
    bool erase;
  };
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }

 private:
  std::vector<Op> ops_;
};

class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const = 0;
  // Applies the whole batch atomically, in order.
  virtual absl::Status Write(const WriteBatch& batch) = 0;
  // Calls visit(key, value) for each key starting with `prefix`, in byte
  // order, until visit returns false.
  virtual absl::Status Scan(std::string_view prefix,
                            absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const = 0;
};

class MemoryStateStore final : public StateStore {
 public:
  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override;
  absl::Status Write(const WriteBatch& batch) override;
  absl::Status Scan(std::string_view prefix,
                    absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const override;
  size_t size() const { return data_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> data_;
};

}  // namespace alert::engine
