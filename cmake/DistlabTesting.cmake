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

# distlab_add_qttest(TARGET [TEST_NAME NAME] [PCH_FROM PCH_TARGET] SOURCES... LIBS...): one Qt Test
# executable (AUTOMOC on, the precompiled header of PCH_TARGET if given) registered with CTest as
# NAME (default: TARGET), run on the offscreen platform with a private 0700 XDG_RUNTIME_DIR so Qt
# never warns or reaches for a display.
set(DISTLAB_QTTEST_RUNTIME_DIR ${PROJECT_BINARY_DIR}/qttest-runtime)
file(MAKE_DIRECTORY ${DISTLAB_QTTEST_RUNTIME_DIR})
file(CHMOD ${DISTLAB_QTTEST_RUNTIME_DIR} DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)

function(distlab_add_qttest name)
  cmake_parse_arguments(ARG "" "TEST_NAME;PCH_FROM" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_TEST_NAME)
    set(ARG_TEST_NAME ${name})
  endif()
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} Qt6::Test distlab::warnings)
  target_compile_definitions(${name} PRIVATE
    DISTLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    DISTLAB_NODE_BINARY="$<TARGET_FILE:distlab-node>")
  if(ARG_PCH_FROM)
    target_precompile_headers(${name} REUSE_FROM ${ARG_PCH_FROM})
  endif()
  add_test(NAME ${ARG_TEST_NAME} COMMAND ${name})
  set_tests_properties(${ARG_TEST_NAME} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;XDG_RUNTIME_DIR=${DISTLAB_QTTEST_RUNTIME_DIR}"
    TIMEOUT 120)
endfunction()
