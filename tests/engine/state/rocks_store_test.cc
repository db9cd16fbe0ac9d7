// The RocksDB state store: a real database in a temporary directory. Its
// batches, range deletes and scans behave as the in-memory store's; what it
// wrote survives a reopen; directories it must not use are refused clearly.

#include "engine/state/rocks_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <rocksdb/db.h>

#include "tests/testing/store_contents.h"
#include "tests/testing/temp_dir.h"

namespace alert::engine {
namespace {

std::vector<std::string> All(const StateStore& store, Family family) { return testing::StoreContents(store, family); }

TEST(RocksStore, AppliesRandomBatchesAsTheMemoryStoreDoesAndKeepsThemAcrossAReopen) {
  testing::TempDir dir;
  MemoryStateStore memory;
  std::mt19937 rng(7);
  {
    auto store = RocksStore::Open(dir.file("db"));
    ASSERT_TRUE(store.ok()) << store.status();
    for (int round = 0; round < 200; ++round) {
      WriteBatch batch;
      for (int op = 0, n = 1 + static_cast<int>(rng() % 8); op < n; ++op) {
        const auto family = static_cast<Family>(rng() % kFamilies);
        const std::string key = "k" + std::to_string(rng() % 50);
        switch (rng() % 4) {
          case 0: batch.Delete(family, key); break;
          case 1: batch.DeletePrefix(family, key.substr(0, 2)); break;
          default: batch.Put(family, key, std::to_string(round)); break;
        }
      }
      ASSERT_TRUE((*store)->Write(batch).ok());
      ASSERT_TRUE(memory.Write(batch).ok());
    }
    for (int f = 0; f < kFamilies; ++f) EXPECT_EQ(All(**store, Family(f)), All(memory, Family(f)));
  }
  auto reopened = RocksStore::Open(dir.file("db"));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  for (int f = 0; f < kFamilies; ++f) EXPECT_EQ(All(**reopened, Family(f)), All(memory, Family(f)));
  EXPECT_EQ((*reopened)->Get(Family::kState, "k1").value(), memory.Get(Family::kState, "k1").value());
}

// A checkpoint's parts are written as one batch, in order: what a later part
// deletes or puts wins, as when the parts were one batch.
TEST(RocksStore, PartsAreWrittenInOrderAsOneBatchAsTheMemoryStoreWritesThem) {
  testing::TempDir dir;
  auto store = RocksStore::Open(dir.file("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  MemoryStateStore memory;
  std::vector<WriteBatch> parts(3);
  parts[0].Put(Family::kState, "p0/a", "1");
  parts[0].Put(Family::kState, "p0/b", "1");
  parts[1].DeletePrefix(Family::kState, "p0/");
  parts[1].Put(Family::kState, "p1/a", "2");
  parts[2].Put(Family::kState, "p1/a", "3");
  parts[2].Put(Family::kOffsets, "p1", "9");
  ASSERT_TRUE((*store)->Write(parts).ok());
  ASSERT_TRUE(memory.Write(parts).ok());
  EXPECT_EQ(All(**store, Family::kState), std::vector<std::string>{"p1/a=3"});
  EXPECT_EQ(All(**store, Family::kOffsets), std::vector<std::string>{"p1=9"});
  for (int f = 0; f < kFamilies; ++f) EXPECT_EQ(All(**store, Family(f)), All(memory, Family(f)));
}

TEST(RocksStore, LargeBatchesGrowingAndShrinkingApplyAsTheMemoryStoreAppliesThem) {
  // From 1 MiB on the store keeps its batch between writes: each write must
  // hold only its own operations, whatever the one before held.
  testing::TempDir dir;
  auto store = RocksStore::Open(dir.file("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  MemoryStateStore memory;
  const std::string value(1000, 'v');
  int round = 0;
  for (const int records : {3000, 9000, 10, 5000, 800, 4000}) {
    WriteBatch batch;
    for (int i = 0; i < records; ++i) batch.Put(Family::kHistory, "k" + std::to_string(i), value + std::to_string(round));
    batch.DeleteRange(Family::kHistory, "k1", "k2");
    batch.Put(Family::kOffsets, "round", std::to_string(round++));
    ASSERT_TRUE((*store)->Write(batch).ok());
    ASSERT_TRUE(memory.Write(batch).ok());
  }
  for (int f = 0; f < kFamilies; ++f) EXPECT_EQ(All(**store, Family(f)), All(memory, Family(f)));
  EXPECT_EQ(All(**store, Family::kOffsets), std::vector<std::string>{"round=5"});
}

// The history fills its memtable over and over while another family takes
// a few bytes a batch: the write-ahead log, which a reopen replays, stays
// near its bound instead of growing with everything written.
TEST(RocksStore, TheWriteAheadLogStaysBoundedWhileOneFamilyTakesMostWrites) {
  testing::TempDir dir;
  RocksOptions options;
  options.write_buffer_bytes = size_t{1} << 20;
  options.sync = false;
  const size_t bound = RocksOptions::kWalMemtables * options.write_buffer_bytes;
  auto log_bytes = [&] {
    // RocksDB deletes logs in the background: one may go while this looks.
    size_t bytes = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir.file("db"), error)) {
      if (entry.path().extension() != ".log") continue;
      const uintmax_t size = std::filesystem::file_size(entry.path(), error);
      if (!error) bytes += size;
    }
    return bytes;
  };
  size_t most = 0;
  {
    auto store = RocksStore::Open(dir.file("db"), options);
    ASSERT_TRUE(store.ok()) << store.status();
    const std::string event(1000, 'e');
    for (int round = 0; round < 400; ++round) {  // 40 MB of history
      WriteBatch batch;
      for (int i = 0; i < 100; ++i) batch.Put(Family::kHistory, "h" + std::to_string(round * 100 + i), event);
      batch.Put(Family::kOffsets, "p0", std::to_string(round));
      ASSERT_TRUE((*store)->Write(batch).ok());
      most = std::max(most, log_bytes());
    }
  }
  EXPECT_LT(most, 3 * bound) << "the log reached " << most << " bytes";
  auto reopened = RocksStore::Open(dir.file("db"), options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  auto offset = (*reopened)->Get(Family::kOffsets, "p0");
  ASSERT_TRUE(offset.ok() && *offset);
  EXPECT_EQ(**offset, "399");
  EXPECT_EQ(All(**reopened, Family::kHistory).size(), 40000u);
}

TEST(RocksStore, AStoreIsMadeWholeOrNotAtAll) {
  testing::TempDir dir;
  // What a process killed while making a store leaves: a half-made store
  // beside the directory, and the directory itself missing or empty.
  std::filesystem::create_directories(dir.path() / "db.creating");
  std::ofstream(dir.path() / "db.creating" / "MANIFEST-000001") << "half";
  std::filesystem::create_directories(dir.path() / "db");
  auto store = RocksStore::Open(dir.file("db") + "/");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "db.creating"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "db" / "CURRENT"));
}

TEST(RocksStore, ScansStopWhenAsked) {
  testing::TempDir dir;
  auto store = RocksStore::Open(dir.file("db"));
  ASSERT_TRUE(store.ok());
  WriteBatch batch;
  for (const char* key : {"a/1", "a/2", "a/3", "b"}) batch.Put(Family::kState, key, "v");
  ASSERT_TRUE((*store)->Write(batch).ok());
  int seen = 0;
  ASSERT_TRUE((*store)->Scan(Family::kState, "a/", [&](std::string_view, std::string_view) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
}

TEST(RocksStore, RefusesWhatIsNotItsStore) {
  testing::TempDir dir;
  // A directory with other files in it.
  std::filesystem::create_directories(dir.path() / "other");
  std::ofstream(dir.path() / "other" / "notes.txt") << "hello";
  auto other = RocksStore::Open(dir.file("other"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("not an alertjit store"), std::string_view::npos) << other.status();
  // A file.
  auto file = RocksStore::Open((dir.path() / "other" / "notes.txt").string());
  EXPECT_EQ(file.status().code(), absl::StatusCode::kFailedPrecondition) << file.status();
  // A store of a newer format.
  {
    auto store = RocksStore::Open(dir.file("db"));
    ASSERT_TRUE(store.ok());
  }
  {
    // A later alertjit's mark, written with RocksDB itself.
    rocksdb::DBOptions options;
    std::vector<rocksdb::ColumnFamilyDescriptor> families{{rocksdb::kDefaultColumnFamilyName, {}}};
    for (int f = 0; f < kFamilies; ++f) families.emplace_back(FamilyName(Family(f)), rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, (dir.path() / "db").string(), families, &handles, &db).ok());
    ASSERT_TRUE(db->Put({}, "alertjit.format", std::to_string(RocksStore::kFormat + 1)).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto newer = RocksStore::Open(dir.file("db"));
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer"), std::string_view::npos) << newer.status();
  // A store that another process (or handle) holds.
  auto first = RocksStore::Open(dir.file("db2"));
  ASSERT_TRUE(first.ok());
  auto second = RocksStore::Open(dir.file("db2"));
  EXPECT_FALSE(second.ok());
}

TEST(RocksStore, AReadOnlyStoreReadsAndRefusesWrites) {
  testing::TempDir dir;
  {
    auto store = RocksStore::Open(dir.file("db"));
    ASSERT_TRUE(store.ok());
    WriteBatch batch;
    batch.Put(Family::kState, "a", "1");
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  RocksOptions options;
  options.read_only = true;
  auto store = RocksStore::Open(dir.file("db"), options);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*(*store)->Get(Family::kState, "a").value(), "1");
  WriteBatch batch;
  batch.Put(Family::kState, "b", "2");
  EXPECT_FALSE((*store)->Write(batch).ok());
}

}  // namespace
}  // namespace alert::engine
