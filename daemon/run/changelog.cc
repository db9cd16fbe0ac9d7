#include "daemon/run/changelog.h"

#include "daemon/kafka/partition_reader.h"
#include "engine/state/codec.h"

namespace alert::daemon {
namespace {

constexpr char kRange = '\xff', kEnd = '\xfe';
constexpr char kPut = 'v', kRangeValue = 'r', kEndValue = 'e';
constexpr std::string_view kEndKey(&kEnd, 1);

// The record key of a store key.
std::string RecordKey(engine::Family family, std::string_view key) {
  std::string out(1, static_cast<char>(family));
  out += key;
  return out;
}

// Applies one changelog record (not an end mark) to `batch`; false when it
// is not one.
bool Apply(std::string_view key, std::string_view value, engine::WriteBatch* batch) {
  if (key.empty()) return false;
  if (key[0] == kRange) {
    if (key.size() < 2 || value.empty() || value[0] != kRangeValue) return false;
    const auto family = static_cast<uint8_t>(key[1]);
    if (family >= engine::kFamilies) return false;
    batch->DeleteRange(engine::Family(family), key.substr(2), value.substr(1));
    return true;
  }
  const auto family = static_cast<uint8_t>(key[0]);
  if (family >= engine::kFamilies) return false;
  if (value.empty()) {
    batch->Delete(engine::Family(family), key.substr(1));
  } else if (value[0] == kPut) {
    batch->Put(engine::Family(family), key.substr(1), value.substr(1));
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string ChangelogPositionKey(int32_t partition) { return "c" + std::to_string(partition); }

absl::StatusOr<std::optional<int64_t>> StoredChangelogPosition(const engine::StateStore& store, int32_t partition) {
  auto stored = store.Get(engine::Family::kOffsets, ChangelogPositionKey(partition));
  if (!stored.ok()) return stored.status();
  if (!*stored) return std::optional<int64_t>();
  engine::Decoder in(**stored);
  const int64_t position = in.I64();
  if (!in.ok() || !in.done()) return absl::DataLossError("corrupt changelog position of partition " + std::to_string(partition));
  return std::optional<int64_t>(position);
}

absl::Status SendDelta(const engine::WriteBatch& delta, const std::string& topic, int32_t partition,
                       Producer& producer) {
  absl::Status status;
  std::string key, value;
  delta.ForEachExcept(engine::Family::kHistory, [&](const engine::WriteBatch::Op& op) {
    if (!status.ok()) return;
    switch (op.kind) {
      case engine::WriteBatch::Kind::kPut:
        value.assign(1, kPut);
        value += op.value;
        status = producer.Produce(topic, partition, RecordKey(op.family, op.key), value);
        break;
      case engine::WriteBatch::Kind::kDelete:
        status = producer.Produce(topic, partition, RecordKey(op.family, op.key), std::string_view());
        break;
      case engine::WriteBatch::Kind::kDeleteRange:
        key.assign(1, kRange);
        key += static_cast<char>(op.family);
        key += op.key;
        value.assign(1, kRangeValue);
        value += op.value;
        status = producer.Produce(topic, partition, key, value);
        break;
    }
  });
  if (status.ok()) status = producer.Produce(topic, partition, kEndKey, std::string_view(&kEndValue, 1));
  return status;
}

namespace {

// Sends again the store's value (or absence) of every key `part` names, and
// for a range every key the store holds in it, then an end mark.
absl::StatusOr<uint64_t> Repair(const engine::WriteBatch& part, const std::string& topic, int32_t partition,
                                const engine::StateStore& store, Producer& producer) {
  engine::WriteBatch again;
  absl::Status status;
  part.ForEach([&](const engine::WriteBatch::Op& op) {
    if (!status.ok()) return;
    if (op.kind == engine::WriteBatch::Kind::kDeleteRange) {
      status = store.ScanRange(op.family, op.key, op.value, [&](std::string_view key, std::string_view value) {
        again.Put(op.family, key, value);
        return true;
      });
      return;
    }
    auto value = store.Get(op.family, op.key);
    if (!value.ok()) {
      status = value.status();
    } else if (*value) {
      again.Put(op.family, op.key, **value);
    } else {
      again.Delete(op.family, op.key);
    }
  });
  if (!status.ok()) return status;
  if (auto sent = SendDelta(again, topic, partition, producer); !sent.ok()) return sent;
  if (auto flushed = producer.Flush(std::chrono::milliseconds(30000)); !flushed.ok()) return flushed;
  return again.count();
}

}  // namespace

absl::StatusOr<Restored> RestoreFromChangelog(const std::map<std::string, std::string>& kafka,
                                              const ChangelogPartition& changelog, const GroupConsumer& consumer,
                                              Producer& producer, engine::StateStore& store) {
  const std::string& topic = changelog.topic;
  const int32_t partition = changelog.partition;
  const auto started = std::chrono::steady_clock::now();
  auto stored = StoredChangelogPosition(store, changelog.owner);
  if (!stored.ok()) return stored.status();
  auto ends = consumer.QueryWatermarks(topic, partition, std::chrono::milliseconds(10000));
  if (!ends.ok()) return ends.status();
  const auto [low, high] = *ends;
  Restored r;
  r.from = std::max(stored->value_or(0), low);
  r.lost = r.from - stored->value_or(0);
  r.to = high;
  if (r.from >= high) return r;
  auto reader = PartitionReader::Create(kafka, topic, partition, r.from);
  if (!reader.ok()) return reader.status();
  // `whole`: the deltas read to their end mark, not yet written; `part`:
  // the records after the last end mark.
  engine::WriteBatch whole, part;
  int64_t next = r.from, applied = r.from;  // applied: after the last end mark
  auto write = [&]() -> absl::Status {
    engine::Encoder position;
    position.I64(applied);
    whole.Put(engine::Family::kOffsets, ChangelogPositionKey(changelog.owner), position.Take());
    absl::Status written = store.Write(whole);
    whole = engine::WriteBatch();
    return written;
  };
  auto last_progress = std::chrono::steady_clock::now();
  while (next < high) {
    auto polled = (*reader)->Poll(std::chrono::milliseconds(100));
    if (!polled.ok()) return polled.status();
    if (!*polled || (*polled)->end_of_partition) {
      if (std::chrono::steady_clock::now() - last_progress > kRestoreStall) {
        return absl::UnavailableError("restoring partition " + std::to_string(partition) + " from " + topic +
                                      ": no record came for " + std::to_string(kRestoreStall.count()) + " s at offset " +
                                      std::to_string(next) + " of " + std::to_string(high));
      }
      continue;
    }
    last_progress = std::chrono::steady_clock::now();
    const Message& m = **polled;
    if (m.offset < next) continue;
    next = m.offset + 1;
    if (m.key == kEndKey) {
      whole.AppendAll(part);
      part = engine::WriteBatch();
      applied = next;
      if (whole.count() >= kRestoreBatch) {
        if (auto written = write(); !written.ok()) return written;
      }
      continue;
    }
    if (!Apply(m.key, m.value, &part)) {
      return absl::DataLossError(topic + " partition " + std::to_string(partition) + " offset " +
                                 std::to_string(m.offset) + " is not a changelog record");
    }
    ++r.records;
  }
  if (auto written = write(); !written.ok()) return written;
  if (!part.empty()) {
    // A delta left unfinished (its daemon was killed while it sent it).
    auto repaired = Repair(part, topic, partition, store, producer);
    if (!repaired.ok()) return repaired.status();
    r.repaired = *repaired;
    // The store now holds what the repair ends at (when the producer tracks
    // the changelog's offsets).
    if (const int64_t end = producer.AcknowledgedEnd(topic, partition); end > applied) {
      applied = end;
      if (auto written = write(); !written.ok()) return written;
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace alert::daemon
