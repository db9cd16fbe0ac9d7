# alert_add_library(NAME SOURCES... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
function(alert_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# alert_add_test(NAME SOURCES... [DEPS ...]): one GoogleTest binary, its
# tests discovered into ctest. Tests find ../shared through ALERT_SHARED_DIR.
function(alert_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    ALERT_SHARED_DIR="${ALERT_SHARED_DIR}"
    ALERT_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "ALERT_SHARED_DIR=${ALERT_SHARED_DIR}")
endfunction()

# alert_add_benchmark(NAME SOURCES... [DEPS ...])
function(alert_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  target_compile_definitions(${name} PRIVATE
    ALERT_SHARED_DIR="${ALERT_SHARED_DIR}"
    ALERT_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endfunction()

# alert_use_jemalloc(TARGET PAGES): the program allocates with jemalloc, as
# RocksDB recommends for long-running processes, its arenas on transparent
# huge pages (PAGES "huge") or on the kernel's 4 KiB pages ("small"); see
# cmake/allocator.cc. Not under the sanitizers, which bring their own
# allocator.
function(alert_use_jemalloc target pages)
  if(NOT (ALERT_SANITIZE OR ALERT_FUZZ))
    if(pages STREQUAL "huge")
      set(conf "thp:always,metadata_thp:auto")
    elseif(pages STREQUAL "small")
      set(conf "thp:never")
    else()
      message(FATAL_ERROR "alert_use_jemalloc(${target} ${pages}): PAGES is huge or small")
    endif()
    target_sources(${target} PRIVATE ${CMAKE_SOURCE_DIR}/cmake/allocator.cc)
    target_compile_definitions(${target} PRIVATE ALERT_MALLOC_CONF="${conf}")
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()

# alert_embed_files(OUTPUT NAME FILES...): a C++ source defining
# kEmbeddedFiles[] (namespace alert::embedded: {path "/NAME", content type,
# bytes}) from the files, made at build time with cmake/embed_files.cmake,
# so that static files are compiled into the binary.
function(alert_embed_files output)
  cmake_parse_arguments(ARG "" "" "FILES" ${ARGN})
  set(inputs "")
  foreach(file ${ARG_FILES})
    list(APPEND inputs ${CMAKE_CURRENT_SOURCE_DIR}/${file})
  endforeach()
  string(REPLACE ";" "|" joined "${inputs}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${output}" "-DINPUTS=${joined}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${inputs} ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${ARG_FILES}"
    VERBATIM)
endfunction()
