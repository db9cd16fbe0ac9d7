#pragma once

// A partition's state in the changelog topic, as Kafka Streams keeps a
// store's: each checkpoint of events partition P also sends what it changed
// in the store to changelog partition P, acknowledged before the checkpoint's
// batch is written; a daemon given P whose store is missing or behind reads
// the changelog from the position its store records to the end before it
// decides P's events.
//
// The history family is not sent: the events topic is the history's own log
// (a record is an event of the partition), and sending it again doubled
// what a checkpoint writes to Kafka (bench/RESULTS.md). A partition restored
// elsewhere therefore has the history recorded since it moved there: a rule
// added later with `backfill` replays less on it (README, "Several daemons").
//
// Records (keys and values bytes):
//   a put       key: family byte, store key         value: 'v', value
//   a delete    key: family byte, store key         value: none (a tombstone)
//   a range     key: 0xff, family byte, begin       value: 'r', end
//   the end of a checkpoint's delta: key 0xfe       value: 'e'
// A restore applies whole deltas only (up to the last end mark): a daemon
// killed while it sent one leaves a part of it, which the next owner
// repairs before it sends anything of its own: it sends again, from its
// restored store, the value (or the absence) of every key the part named,
// then an end mark, so that a later restore reading the part from an
// earlier position ends in the same state.
// A put and a delete of one key share the record key, so that compaction
// keeps the latest; a range delete of one begin always covers at least
// what the one before it covered (history expiry moves its end forward, a
// rule's prefix is the same each time), so compaction keeping only the
// latest of those is exact too. Applying records in order from any earlier
// position gives the same state (a put or delete is the key's latest
// value): a restore may start before where the store is, never after.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <absl/status/statusor.h>

#include "daemon/kafka/consumer.h"
#include "daemon/kafka/producer.h"
#include "engine/state/state_store.h"

namespace alert::daemon {

// Where the store records the changelog position it reflects, in the
// offsets family: c<P>, the changelog offset after the last record applied
// or acknowledged, for the daemon's partition P (numbered over the topics
// it consumes, kTopicStride).
std::string ChangelogPositionKey(int32_t partition);

// Where the state of the daemon's partition `owner` is logged: partition
// `partition` of changelog topic `topic` (the events' changelog, or the
// repartition topic's).
struct ChangelogPartition {
  std::string topic;
  int32_t partition = 0;
  int32_t owner = 0;
};
// The position the store records for `partition`; nullopt when none.
absl::StatusOr<std::optional<int64_t>> StoredChangelogPosition(const engine::StateStore& store, int32_t partition);

// Sends `delta` (what one partition's checkpoint changed), but its history,
// to changelog partition `partition`, then its end mark; the producer's
// acknowledgements say when it is written.
absl::Status SendDelta(const engine::WriteBatch& delta, const std::string& topic, int32_t partition,
                       Producer& producer);

struct Restored {
  int64_t from = 0, to = 0;  // changelog offsets read: [from, to)
  uint64_t records = 0;      // applied
  uint64_t repaired = 0;     // records of a delta left unfinished, sent again from the store
  // Offsets the store had not applied that the changelog no longer holds
  // (its first record is past the store's position: records deleted by a
  // retention, or by the embedded Kafka's bound, before they were read).
  // The restored state may then lack keys written only there.
  int64_t lost = 0;
  double seconds = 0;
};

// Brings `store`'s state of `changelog.owner` to the end of its changelog
// partition: reads from the stored position (the beginning when none) to the
// end the broker gives now, applying each whole delta (a batch per delta, or
// per kRestoreBatch records of several, each with the position it reached),
// then repairs an unfinished one through `producer` and waits for it.
// Unavailable when the changelog cannot be read (no progress for
// kRestoreStall) or the repair not written; DataLoss on a record that is
// not one.
inline constexpr size_t kRestoreBatch = 10000;
inline constexpr std::chrono::seconds kRestoreStall{30};
// `consumer` asks for the changelog's ends (a reader is made only when
// there is something to read).
absl::StatusOr<Restored> RestoreFromChangelog(const std::map<std::string, std::string>& kafka,
                                              const ChangelogPartition& changelog, const GroupConsumer& consumer,
                                              Producer& producer, engine::StateStore& store);

}  // namespace alert::daemon
