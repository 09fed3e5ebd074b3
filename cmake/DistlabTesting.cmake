# distlab_add_gtest(NAME SOURCES... LIBS...): one GoogleTest executable registered with CTest.
find_package(GTest REQUIRED)
include(GoogleTest)

function(distlab_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main distlab::warnings)
  target_compile_definitions(${name} PRIVATE
    DISTLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    DISTLAB_NODE_BINARY="$<TARGET_FILE:distlab-node>")
  target_precompile_headers(${name} REUSE_FROM distlab_test_pch)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES ${ARG_PROPERTIES})
endfunction()
