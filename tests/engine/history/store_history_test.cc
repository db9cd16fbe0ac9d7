// History in the state store: records by source, so that an event appended
// twice is one record; scans in time order by tenant or all; records not yet
// written are seen by scans and written with the next flush, and so are
// those of a batch committed but still being written (a background writer);
// retention.
// Over the in-memory store and over RocksDB, with MemoryHistory as the
// reference.

#include "engine/history/store_history.h"

#include <gtest/gtest.h>

#include <random>

#include "engine/state/rocks_store.h"
#include "tests/testing/temp_dir.h"

namespace alert::engine {
namespace {

std::vector<std::string> Scanned(const HistoryStore& h, int64_t from, int64_t to,
                                 std::optional<std::string_view> tenant) {
  std::vector<std::string> out;
  EXPECT_TRUE(h.Scan(from, to, tenant, [&](const HistoryRecord& r) {
                 out.push_back(std::to_string(r.time) + " " + std::string(r.tenant) + " " +
                               std::to_string(r.source.partition) + ":" + std::to_string(r.source.offset) + " " +
                               std::string(r.json));
               }).ok());
  return out;
}

void Commit(HistoryStore& history, StateStore& store) {
  WriteBatch batch;
  ASSERT_TRUE(history.Flush(&batch).ok());
  ASSERT_TRUE(store.Write(batch).ok());
  history.Committed();
}

class StoreHistoryTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      auto rocks = RocksStore::Open(dir_.file("db"));
      ASSERT_TRUE(rocks.ok()) << rocks.status();
      store_ = std::move(*rocks);
    } else {
      store_ = std::make_unique<MemoryStateStore>();
    }
  }
  // As RunState with its BackgroundWriter: the previous batch is written,
  // this one is built and committed, and written only at the next hand-over.
  void HandOver(HistoryStore& history) {
    WriteInFlight();
    ASSERT_TRUE(history.Flush(&in_flight_).ok());
    history.Committed();
  }
  void WriteInFlight() {
    ASSERT_TRUE(store_->Write(in_flight_).ok());
    in_flight_ = WriteBatch();
  }
  testing::TempDir dir_;
  std::unique_ptr<StateStore> store_;
  WriteBatch in_flight_;
};

TEST_P(StoreHistoryTest, AgreesWithMemoryHistoryOverRandomAppendsFlushesAndExpiries) {
  auto opened = StoreHistory::Open(*store_, 3);
  ASSERT_TRUE(opened.ok());
  StoreHistory& history = **opened;
  MemoryHistory reference;
  std::mt19937 rng(11);
  const std::vector<std::string> tenants = {"", "a", "ab", "b\x01", "\xff"};
  std::vector<std::string> jsons;
  int64_t expired = 1000;
  for (int step = 0; step < 2000; ++step) {
    const int op = static_cast<int>(rng() % 100);
    if (op < 80) {
      // Offsets repeat: a redelivered event is the same record.
      const int64_t offset = rng() % 600;
      const int64_t time = 1000 + offset * 7 % 1000;
      const std::string tenant = tenants[offset % tenants.size()];
      const std::string json = "{\"o\":" + std::to_string(offset) + "}";
      const HistoryRecord record{tenant, time, EventSource{3, offset}, json};
      ASSERT_TRUE(history.Append(record).ok());
      if (time >= expired) {
        ASSERT_TRUE(reference.Append(record).ok());
      }
    } else if (op < 86) {
      WriteInFlight();
      Commit(history, *store_);
    } else if (op < 90) {
      HandOver(history);
    } else if (op < 92) {
      // A checkpoint whose write failed: its batch is dropped, nothing is
      // committed, and the next flush brings its records again.
      WriteBatch failed;
      ASSERT_TRUE(history.Flush(&failed).ok());
    } else if (op < 94) {
      expired += 20;
      ASSERT_TRUE(history.Expire(expired).ok());
      ASSERT_TRUE(reference.Expire(expired).ok());
    } else {
      const int64_t from = 1000 + rng() % 1000, to = from + rng() % 300;
      for (const auto& tenant : tenants) {
        ASSERT_EQ(Scanned(history, from, to, tenant), Scanned(reference, from, to, tenant)) << step;
      }
      ASSERT_EQ(Scanned(history, INT64_MIN, INT64_MAX, std::nullopt),
                Scanned(reference, INT64_MIN, INT64_MAX, std::nullopt))
          << step;
    }
  }
  WriteInFlight();
  Commit(history, *store_);
  // Reopened from the store alone: the same records, the same latest time.
  auto reopened = StoreHistory::Open(*store_, 3);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(Scanned(**reopened, INT64_MIN, INT64_MAX, std::nullopt),
            Scanned(reference, INT64_MIN, INT64_MAX, std::nullopt));
  EXPECT_EQ((*reopened)->max_time(), history.max_time());
  // Another partition's history is another.
  auto other = StoreHistory::Open(*store_, 4);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(Scanned(**other, INT64_MIN, INT64_MAX, std::nullopt).empty());
  EXPECT_FALSE((*other)->max_time().has_value());
}

TEST_P(StoreHistoryTest, RecordsNotFlushedAreLostWithTheProcessAndNothingElse) {
  {
    auto history = StoreHistory::Open(*store_, 0);
    ASSERT_TRUE(history.ok());
    ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 5, EventSource{0, 1}, "{}"}).ok());
    Commit(**history, *store_);
    ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 6, EventSource{0, 2}, "{}"}).ok());
    // No flush: as after a crash, the next run sees the committed record only.
  }
  auto history = StoreHistory::Open(*store_, 0);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(Scanned(**history, 0, 100, std::nullopt), (std::vector<std::string>{"5 t 0:1 {}"}));
  EXPECT_EQ((*history)->max_time(), 5);
}

TEST_P(StoreHistoryTest, AFlushedBatchIsSharedAndStaysAsItWasWhileMoreRecordsComeIn) {
  auto history = StoreHistory::Open(*store_, 0);
  ASSERT_TRUE(history.ok());
  ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 5, EventSource{0, 1}, "{\"a\":1}"}).ok());
  WriteBatch checkpoint;
  ASSERT_TRUE((*history)->Flush(&checkpoint).ok());
  (*history)->Committed();
  const std::vector<WriteBatch::Op> flushed = checkpoint.ops();
  ASSERT_EQ(flushed.size(), 2u);  // the record, the mark
  // Records appended while the batch is being written do not change it.
  for (int i = 2; i < 500; ++i) {
    ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 5 + i, EventSource{0, i}, std::string(100, 'x')}).ok());
  }
  EXPECT_EQ(checkpoint.ops().size(), 2u);
  EXPECT_EQ(checkpoint.ops()[0].value, flushed[0].value);
  ASSERT_TRUE(store_->Write(checkpoint).ok());
  checkpoint = WriteBatch();
  // The next two commits: the first batch's memory serves again, and every
  // record is in the store once.
  Commit(**history, *store_);
  WriteBatch still_shared;  // a batch someone else holds is not reused
  ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 2000, EventSource{0, 2000}, "{\"b\":2}"}).ok());
  ASSERT_TRUE((*history)->Flush(&still_shared).ok());
  ASSERT_TRUE(store_->Write(still_shared).ok());
  (*history)->Committed();
  ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 1000, EventSource{0, 1000}, "{}"}).ok());
  Commit(**history, *store_);
  ASSERT_TRUE((*history)->Append(HistoryRecord{"t", 1001, EventSource{0, 1001}, "{}"}).ok());
  Commit(**history, *store_);
  EXPECT_EQ(still_shared.ops()[0].value, "\x01t\x07{\"b\":2}");
  auto reopened = StoreHistory::Open(*store_, 0);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(Scanned(**reopened, INT64_MIN, INT64_MAX, std::nullopt).size(), 502u);
  EXPECT_EQ(Scanned(**reopened, 5, 5, std::nullopt), (std::vector<std::string>{"5 t 0:1 {\"a\":1}"}));
}

TEST_P(StoreHistoryTest, RecordsOverManyChunksAndOneBiggerThanAChunkAreKeptWhole) {
  auto opened = StoreHistory::Open(*store_, 0);
  ASSERT_TRUE(opened.ok());
  StoreHistory& history = **opened;
  // Three rounds of 3,000 records of 1 KB (chunks of 64 KiB up to 1 MiB,
  // then chunks written before, reused) and one of 1.5 MiB each.
  std::vector<std::string> expected;
  int64_t offset = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 3000; ++i, ++offset) {
      const std::string json = std::string(1000, static_cast<char>('a' + (offset % 26)));
      ASSERT_TRUE(history.Append(HistoryRecord{"t", offset, EventSource{0, offset}, json}).ok());
      expected.push_back(std::to_string(offset) + " t 0:" + std::to_string(offset) + " " + json);
      if (i == 1500) {
        ++offset;
        const std::string big(StoreHistory::kChunk + StoreHistory::kChunk / 2, static_cast<char>('A' + round));
        ASSERT_TRUE(history.Append(HistoryRecord{"", offset, EventSource{0, offset}, big}).ok());
        expected.push_back(std::to_string(offset) + "  0:" + std::to_string(offset) + " " + big);
      }
    }
    ASSERT_EQ(Scanned(history, INT64_MIN, INT64_MAX, std::nullopt), expected) << round;
    HandOver(history);
    ASSERT_EQ(Scanned(history, INT64_MIN, INT64_MAX, std::nullopt), expected) << round;
  }
  WriteInFlight();
  Commit(history, *store_);
  auto reopened = StoreHistory::Open(*store_, 0);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(Scanned(**reopened, INT64_MIN, INT64_MAX, std::nullopt), expected);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreHistoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Rocks" : "Memory"; });

}  // namespace
}  // namespace alert::engine
