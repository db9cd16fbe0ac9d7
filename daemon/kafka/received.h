#pragma once

// What a consumer's poll returned, as the daemon's consumers hand it out
// (inside daemon/kafka only: it speaks librdkafka).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <librdkafka/rdkafka.h>

#include "daemon/kafka/consumer.h"

namespace alert::daemon {

// `m` (may be null: nothing came) as a Message: it is kept in `*held` (the
// previous one there is freed) so that the Message's bytes stay valid. The
// end of a partition is a Message with end_of_partition set; errors the
// client recovers from are nullopt, counted in `*transient_errors`; errors it
// cannot recover from are Unavailable, naming `topic`. With `numbered`, a
// message's partition is numbered over those topics (kTopicStride).
absl::StatusOr<std::optional<Message>> Receive(rd_kafka_message_t* m, const std::string& topic,
                                               rd_kafka_message_t** held, uint64_t* transient_errors,
                                               const std::vector<std::string>* numbered = nullptr);

}  // namespace alert::daemon
