// jemalloc's settings for the programs that link it (alert_use_jemalloc in
// AlertHelpers.cmake): its arenas on transparent huge pages. A process that
// parses thousands of rules or holds millions of keys touches fresh memory
// at every step; with 4 KiB pages each touch of a new page is a fault (12,900
// of them, a third of the start-up of 1,000 rules, bench/RESULTS.md), with
// 2 MiB pages one in 512. MALLOC_CONF in the environment still overrides.
extern "C" {
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
