# Enforces the layering of ARCHITECTURE.md and STYLE.md by reading #include lines:
#   core/ and netlab/ include no Qt header;
#   core/ includes nothing from netlab/, views/ or app/;
#   Boost.Asio appears in core/ only under core/runtime/;
#   netlab/ includes nothing from views/ or app/;
#   views/ includes nothing from app/, no Boost.Asio and nothing of core/runtime/, and reaches
#   netlab/ only through the engine facade: netlab/api/ and the plain data headers that are part
#   of its vocabulary (docs/gui.md, "The engine facade").
#   netlab/checks includes no pattern (core/patterns/, netlab/patterns/).
# Run as: cmake -DSOURCE_DIR=... -P CheckLayering.cmake (registered as a CTest test).
cmake_policy(SET CMP0057 NEW)   # if(IN_LIST), in script mode
set(problems "")

function(check_tree dir regex what)
  file(GLOB_RECURSE files "${SOURCE_DIR}/${dir}/*.h" "${SOURCE_DIR}/${dir}/*.cpp")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
      if(line MATCHES "${regex}")
        file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
        list(APPEND problems "${rel}: ${what}: ${line}")
      endif()
    endforeach()
  endforeach()
  set(problems "${problems}" PARENT_SCOPE)
endfunction()

check_tree(core "<Q[A-Za-z]|<Qt" "core/ must not include Qt")
check_tree(netlab "<Q[A-Za-z]|<Qt" "netlab/ must not include Qt")
check_tree(core "\"(netlab|views|app)/" "core/ must not include the layers above it")
check_tree(netlab "\"(views|app)/" "netlab/ must not include the layers above it")
check_tree(views "\"app/" "views/ must not include app/")
check_tree(views "\"core/runtime/" "views/ must not include the node runtime")
check_tree(views "boost/asio" "views/ must not include Boost.Asio")
check_tree(views "\"netlab/(lab|sim)/" "views/ must not include the lab's or the simulator's internals")
check_tree(netlab/checks "\"(core|netlab)/patterns/" "netlab/checks names no pattern: pattern checks live in netlab/patterns/<pattern>/")
foreach(sub model codec host patterns)
  check_tree(core/${sub} "boost/asio" "Boost.Asio belongs in core/runtime only")
endforeach()


# The facade's vocabulary besides netlab/api/: plain data and the hand-fault request queue.
set(views_vocabulary
  "netlab/scenario/scenario.h"          # Scenario and its parts, Diagnostic
  "netlab/runner/run_control.h"         # RunControl: faults by hand, holds, pausing
  "netlab/telemetry/recording_meta.h")  # RecordingMeta, what RecordingReader::meta() returns
file(GLOB_RECURSE view_files "${SOURCE_DIR}/views/*.h" "${SOURCE_DIR}/views/*.cpp")
foreach(file IN LISTS view_files)
  file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"netlab/")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*$" "\\1" header "${line}")
    if(NOT header MATCHES "^netlab/api/" AND NOT header IN_LIST views_vocabulary)
      list(APPEND problems "${rel}: views/ reaches netlab/ only through netlab/api (the engine facade): ${line}")
    endif()
  endforeach()
endforeach()

if(problems)
  list(JOIN problems "\n" text)
  message(FATAL_ERROR "layering broken:\n${text}")
endif()
message(STATUS "layering ok")
