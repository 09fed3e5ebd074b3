# The pattern kit's CMake side. patterns.cmake lists the patterns; these helpers add a pattern's
# pieces and generate the code that registers them, so a new pattern edits no shared file but
# that list.

include(${PROJECT_SOURCE_DIR}/patterns.cmake)

# distlab_pattern_sources(SOURCES...): in core/patterns/<name>/, the pattern's role sources.
function(distlab_pattern_sources)
  target_sources(distlab_patterns PRIVATE ${ARGN})
endfunction()

# distlab_pattern_views(SOURCES...): in views/patterns/<name>/, the pattern's views (Qt), with
# <name>_views.h declaring register_<name>_views(PatternViewRegistry&).
function(distlab_pattern_views)
  target_sources(distlab_views PRIVATE ${ARGN})
endfunction()

# distlab_pattern_lab_sources(SOURCES...): in netlab/patterns/<name>/, sources of the pattern's
# lab pieces (checks, report figure sources) for the distlab_pattern_lab library.
function(distlab_pattern_lab_sources)
  target_sources(distlab_pattern_lab PRIVATE ${ARGN})
endfunction()

# distlab_pattern_checks(SOURCES...): in netlab/patterns/<name>/, the pattern's checks. Its
# <name>_checks.h declares register_<name>_checks(netlab::CheckRegistry&), which the generated
# register_pattern_checks() calls.
function(distlab_pattern_checks)
  distlab_pattern_lab_sources(${ARGN})
  get_filename_component(pattern ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set_property(GLOBAL APPEND PROPERTY DISTLAB_PATTERNS_WITH_CHECKS ${pattern})
endfunction()

# distlab_pattern_figures(SOURCES...): in netlab/patterns/<name>/, the pattern's report figure
# sources. Its <name>_lab.h declares register_<name>_lab(netlab::PatternLab&), which the
# generated register_pattern_lab() calls.
function(distlab_pattern_figures)
  distlab_pattern_lab_sources(${ARGN})
  get_filename_component(pattern ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set_property(GLOBAL APPEND PROPERTY DISTLAB_PATTERNS_WITH_FIGURES ${pattern})
endfunction()

# distlab_pattern_test(NAME SOURCES... [LIBS...]): in tests/patterns/<name>/, one GoogleTest
# executable linked with the patterns, the simulator, the checks and the test support.
function(distlab_pattern_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  distlab_add_gtest(${name}
    SOURCES ${ARG_SOURCES}
    LIBS distlab::patterns distlab::sim distlab::checks distlab_test_support ${ARG_LIBS}
    PROPERTIES ${ARG_PROPERTIES})
endfunction()

# distlab_add_pattern_folders(LAYER_DIR): add_subdirectory() for every listed pattern that has a
# folder under LAYER_DIR (core/patterns, netlab/patterns, views/patterns, tests/patterns).
# Sets DISTLAB_PATTERNS_PRESENT in the caller's scope to the patterns that had one.
function(distlab_add_pattern_folders layer_dir)
  set(present "")
  foreach(pattern IN LISTS DISTLAB_PATTERNS)
    if(EXISTS ${layer_dir}/${pattern}/CMakeLists.txt)
      add_subdirectory(${layer_dir}/${pattern} ${CMAKE_CURRENT_BINARY_DIR}/${pattern})
      list(APPEND present ${pattern})
    endif()
  endforeach()
  set(DISTLAB_PATTERNS_PRESENT ${present} PARENT_SCOPE)
endfunction()

# distlab_generate_registration(OUT TEMPLATE HEADER_FORMAT CALL_FORMAT PATTERNS...): writes OUT
# from TEMPLATE with @DISTLAB_PATTERN_INCLUDES@ and @DISTLAB_PATTERN_CALLS@ filled in, one
# include and one call per pattern; "<p>" in the formats stands for the pattern's name.
function(distlab_generate_registration out template header_format call_format)
  set(DISTLAB_PATTERN_INCLUDES "")
  set(DISTLAB_PATTERN_CALLS "")
  foreach(pattern IN LISTS ARGN)
    string(REPLACE "<p>" "${pattern}" header "${header_format}")
    string(REPLACE "<p>" "${pattern}" call "${call_format}")
    string(APPEND DISTLAB_PATTERN_INCLUDES "#include \"${header}\"\n")
    string(APPEND DISTLAB_PATTERN_CALLS "    ${call}\n")
  endforeach()
  configure_file(${template} ${out} @ONLY)
endfunction()
