#pragma once

// The state store in a RocksDB database (Debian librocksdb-dev): one column
// family per Family, each checkpoint one WriteBatch across them. The
// directory also holds the store's format, so that a directory that is not
// an alertjit store, or one written by a newer alertjit, is refused with a
// clear error instead of being read.

#include <memory>
#include <string>

#include <absl/status/statusor.h>

#include "engine/state/state_store.h"

namespace alert::engine {

struct RocksOptions {
  // Create the directory and the store when the directory is missing or
  // empty. Default: true.
  bool create = true;
  // Open for reading only: Write fails. Default: false.
  bool read_only = false;
  // fsync each batch before Write returns, so that a checkpoint survives a
  // machine crash and not only a process crash. Default: true.
  bool sync = true;
  // The RocksDB block cache, shared by the families. Default: 64 MiB.
  size_t block_cache_bytes = size_t{64} << 20;
  // RocksDB's memtable per family before a flush. Default: 32 MiB. The
  // write-ahead log is kept to about kWalMemtables of them (what a reopen
  // after a crash replays).
  size_t write_buffer_bytes = size_t{32} << 20;
  static constexpr size_t kWalMemtables = 4;
};

class RocksStore final : public StateStore {
 public:
  // The store format this build writes; a store with a higher one is refused.
  static constexpr int kFormat = 1;

  // Fails with kFailedPrecondition on a directory that is not an alertjit
  // store or has a newer format, and with RocksDB's error otherwise (a
  // directory locked by another process, a read-only file system).
  static absl::StatusOr<std::unique_ptr<RocksStore>> Open(const std::string& dir, const RocksOptions& options = {});
  ~RocksStore() override;

  using StateStore::Write;
  absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const override;
  absl::Status Write(std::span<const WriteBatch> parts) override;
  absl::Status ScanRange(Family family, std::string_view begin, std::string_view end,
                         absl::FunctionRef<bool(std::string_view key, std::string_view value)> visit) const override;

  // Flushes memtables and compacts every family (tests, and the size
  // figures of bench/). Default families stay as they are otherwise.
  absl::Status Compact();
  // Bytes of live SST files and memtables, all families.
  uint64_t ApproximateBytes() const;
  const std::string& dir() const { return dir_; }

  struct Impl;

 private:
  explicit RocksStore(std::unique_ptr<Impl> impl, std::string dir);
  std::unique_ptr<Impl> impl_;
  std::string dir_;
};

}  // namespace alert::engine
