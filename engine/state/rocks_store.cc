#include "engine/state/rocks_store.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

namespace alert::engine {
namespace {

constexpr std::string_view kFormatKey = "alertjit.format";

absl::Status ToStatus(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message = std::string(what) + ": " + s.ToString();
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsIOError()) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

constexpr size_t kKeptBatchFrom = size_t{1} << 20;

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

}  // namespace

struct RocksStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // default, then one per Family
  rocksdb::WriteOptions write;
  bool read_only = false;
  // The last write's batch, kept with its memory: the next checkpoint's is
  // about as big (tens of megabytes with the history), and fresh memory costs
  // a page fault each 4 KiB. Writes take turns.
  std::mutex writing;
  rocksdb::WriteBatch batch;
  size_t batch_capacity = 0;

  rocksdb::ColumnFamilyHandle* family(Family f) const { return handles[1 + static_cast<int>(f)]; }
  ~Impl() {
    if (!db) return;
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    db.reset();
  }
};

RocksStore::RocksStore(std::unique_ptr<Impl> impl, std::string dir) : impl_(std::move(impl)), dir_(std::move(dir)) {}
RocksStore::~RocksStore() = default;

namespace {

// Opens the database in `path` with its families (making them when `create`).
absl::Status OpenDb(const std::string& path, const RocksOptions& options, bool create, RocksStore::Impl* impl);

}  // namespace

absl::StatusOr<std::unique_ptr<RocksStore>> RocksStore::Open(const std::string& path, const RocksOptions& options) {
  namespace fs = std::filesystem;
  std::string dir = path;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::error_code error;
  const bool exists = fs::exists(dir, error);
  const bool empty = !exists || fs::is_empty(dir, error);
  if (exists && !fs::is_directory(dir, error)) {
    return absl::FailedPreconditionError(dir + " is not a directory");
  }
  if (!empty && !fs::exists(fs::path(dir) / "CURRENT", error)) {
    return absl::FailedPreconditionError(dir + " is not an alertjit store (no RocksDB database in it)");
  }
  if (empty && (!options.create || options.read_only)) {
    return absl::NotFoundError(dir + ": no store there");
  }
  if (empty) {
    // Made beside `dir` and renamed into place once whole, so that a
    // process killed while making it leaves no half store behind.
    const std::string creating = dir + ".creating";
    fs::remove_all(creating, error);
    const fs::path parent = fs::path(dir).parent_path();
    if (!parent.empty()) fs::create_directories(parent, error);
    {
      Impl made;
      if (auto opened = OpenDb(creating, options, /*create=*/true, &made); !opened.ok()) return opened;
      rocksdb::WriteOptions durable;
      durable.sync = true;
      if (auto s = ToStatus(made.db->Put(durable, made.handles[0], ToSlice(kFormatKey), std::to_string(kFormat)),
                            "cannot write " + creating);
          !s.ok()) {
        return s;
      }
    }
    if (exists) fs::remove(dir, error);
    fs::rename(creating, dir, error);
    if (error) return absl::UnavailableError("cannot make the store " + dir + ": " + error.message());
  }

  auto impl = std::make_unique<Impl>();
  if (auto opened = OpenDb(dir, options, /*create=*/false, impl.get()); !opened.ok()) return opened;
  std::string format;
  const rocksdb::Status read =
      impl->db->Get(rocksdb::ReadOptions(), impl->handles[0], ToSlice(kFormatKey), &format);
  if (read.IsNotFound()) return absl::FailedPreconditionError(dir + " is not an alertjit store (no format mark)");
  if (!read.ok()) return ToStatus(read, "cannot read " + dir);
  if (format.empty() || format.find_first_not_of("0123456789") != std::string::npos || format.size() > 9 ||
      std::stoi(format) > kFormat) {
    return absl::FailedPreconditionError(dir + " holds store format " + format + ", newer than this alertjit's (" +
                                         std::to_string(kFormat) + ")");
  }
  return std::unique_ptr<RocksStore>(new RocksStore(std::move(impl), dir));
}

namespace {

absl::Status OpenDb(const std::string& path, const RocksOptions& options, bool create, RocksStore::Impl* impl) {
  rocksdb::Options db_options;
  db_options.create_if_missing = create;
  db_options.create_missing_column_families = create;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 2;
  // Table files are opened on this many threads per column family; the
  // default, 16, starts 80 threads at every open for a store of a few files.
  db_options.max_file_opening_threads = 1;
  // The write-ahead log is kept until every family has flushed what it
  // holds of it. The history fills its memtable every few seconds while the
  // offsets and rules families take a few bytes a checkpoint, so RocksDB's
  // default bound (4 times all memtables, 2 GiB here) let the log of 1M
  // events grow to 770 MB: disk, and 2.4 s of replay at the next open.
  // Beyond this bound the families holding the oldest log are flushed.
  db_options.max_total_wal_size = RocksOptions::kWalMemtables * options.write_buffer_bytes;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::ColumnFamilyOptions family_options;
  family_options.write_buffer_size = options.write_buffer_bytes;
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  families.emplace_back(rocksdb::kDefaultColumnFamilyName, family_options);
  for (int f = 0; f < kFamilies; ++f) families.emplace_back(FamilyName(static_cast<Family>(f)), family_options);
  impl->read_only = options.read_only;
  impl->write.sync = options.sync;
  rocksdb::DB* db = nullptr;
  const bool read_only = options.read_only && !create;
  if (!create) {
    // A store made before the audit family came has every other family:
    // the family is added when the store is opened for writing.
    std::vector<std::string> names;
    if (rocksdb::DB::ListColumnFamilies(db_options, path, &names).ok() &&
        std::find(names.begin(), names.end(), FamilyName(Family::kAudit)) == names.end() &&
        std::find(names.begin(), names.end(), FamilyName(Family::kOffsets)) != names.end()) {
      if (read_only) return absl::FailedPreconditionError(path + " was written by an older alertjit: open it for writing once");
      db_options.create_missing_column_families = true;
    }
  }
  const rocksdb::Status opened = read_only ? rocksdb::DB::OpenForReadOnly(db_options, path, families, &impl->handles, &db)
                                           : rocksdb::DB::Open(db_options, path, families, &impl->handles, &db);
  if (!opened.ok()) {
    if (opened.IsInvalidArgument()) {
      // The families do not match: another program's database.
      return absl::FailedPreconditionError(path + " is not an alertjit store: " + opened.ToString());
    }
    return ToStatus(opened, "cannot open the store in " + path);
  }
  impl->db.reset(db);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<std::string>> RocksStore::Get(Family family, std::string_view key) const {
  std::string value;
  const rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->family(family), ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return ToStatus(s, "cannot read the store");
  return std::optional<std::string>(std::move(value));
}

absl::Status RocksStore::Write(std::span<const WriteBatch> parts) {
  if (impl_->read_only) return absl::FailedPreconditionError("the store in " + dir_ + " is open read-only");
  size_t reserve = 0;
  for (const WriteBatch& batch : parts) reserve += batch.bytes() + 16 * batch.count();
  std::unique_lock<std::mutex> writing(impl_->writing, std::defer_lock);
  rocksdb::WriteBatch small;  // below 1 MiB the allocator's own reuse does
  rocksdb::WriteBatch* out = &small;
  if (reserve >= kKeptBatchFrom) {
    writing.lock();
    out = &impl_->batch;
    // Kept while it fits and is not much bigger than needed (the memory
    // follows the load down).
    if (reserve > impl_->batch_capacity || reserve < impl_->batch_capacity / 4) {
      impl_->batch_capacity = reserve + reserve / 4;
      *out = rocksdb::WriteBatch(impl_->batch_capacity);
    } else {
      out->Clear();
    }
  }
  rocksdb::Status s;
  const auto add = [&](const WriteBatch::Op& op) {
    if (!s.ok()) return;
    rocksdb::ColumnFamilyHandle* family = impl_->family(op.family);
    switch (op.kind) {
      case WriteBatch::Kind::kPut: s = out->Put(family, ToSlice(op.key), ToSlice(op.value)); break;
      case WriteBatch::Kind::kDelete: s = out->Delete(family, ToSlice(op.key)); break;
      case WriteBatch::Kind::kDeleteRange:
        if (op.value.empty()) {
          // No upper bound: the keys that exist from `key` on.
          std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), family));
          for (it->Seek(ToSlice(op.key)); it->Valid() && s.ok(); it->Next()) s = out->Delete(family, it->key());
          if (s.ok()) s = it->status();
        } else {
          s = out->DeleteRange(family, ToSlice(op.key), ToSlice(op.value));
        }
        break;
    }
  };
  for (const WriteBatch& batch : parts) batch.ForEach(add);
  if (!s.ok()) return ToStatus(s, "cannot build the batch");
  return ToStatus(impl_->db->Write(impl_->write, out), "cannot write the store in " + dir_);
}

absl::Status RocksStore::ScanRange(Family family, std::string_view begin, std::string_view end,
                                   absl::FunctionRef<bool(std::string_view, std::string_view)> visit) const {
  rocksdb::ReadOptions read;
  rocksdb::Slice upper = ToSlice(end);
  if (!end.empty()) read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->family(family)));
  for (it->Seek(ToSlice(begin)); it->Valid(); it->Next()) {
    if (!visit(ToView(it->key()), ToView(it->value()))) break;
  }
  return ToStatus(it->status(), "cannot read the store in " + dir_);
}

absl::Status RocksStore::Compact() {
  for (int f = 0; f < kFamilies; ++f) {
    rocksdb::ColumnFamilyHandle* family = impl_->family(static_cast<Family>(f));
    if (auto s = ToStatus(impl_->db->Flush(rocksdb::FlushOptions(), family), "flush"); !s.ok()) return s;
    if (auto s = ToStatus(impl_->db->CompactRange(rocksdb::CompactRangeOptions(), family, nullptr, nullptr), "compact");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

uint64_t RocksStore::ApproximateBytes() const {
  uint64_t total = 0;
  for (int f = 0; f < kFamilies; ++f) {
    uint64_t sst = 0, mem = 0;
    rocksdb::ColumnFamilyHandle* family = impl_->family(static_cast<Family>(f));
    impl_->db->GetIntProperty(family, rocksdb::DB::Properties::kLiveSstFilesSize, &sst);
    impl_->db->GetIntProperty(family, rocksdb::DB::Properties::kCurSizeAllMemTables, &mem);
    total += sst + mem;
  }
  return total;
}

}  // namespace alert::engine
