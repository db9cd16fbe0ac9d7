// jemalloc's settings for the programs that link it (alert_use_jemalloc in
// AlertHelpers.cmake gives ALERT_MALLOC_CONF; MALLOC_CONF in the
// environment still overrides).
//
// alertc's arenas are on transparent huge pages: a process that parses
// thousands of rules or holds millions of keys touches fresh memory at every
// step; with 4 KiB pages each touch of a new page is a fault (12,900 of them,
// a third of the start-up of 1,000 rules, bench/RESULTS.md), with 2 MiB pages
// one in 512.
//
// alertd's are not: while it catches up, librdkafka's fetch buffers, the
// history and RocksDB's memtables spread over many threads' arenas, and each
// first touch of a 2 MiB page zeroes all of it. On huge pages 40 % of its
// time went to that zeroing; on 4 KiB pages it caught up 1.3–1.5 times as fast
// (bench/RESULTS.md, "alertd over Kafka").
extern "C" {
const char* malloc_conf = ALERT_MALLOC_CONF;
}
