# Enforces the layering of ARCHITECTURE.md and STYLE.md by reading #include lines:
#   core/ and netlab/ include no Qt header;
#   core/ includes nothing from netlab/, views/ or app/;
#   Boost.Asio appears in core/ only under core/runtime/;
#   netlab/ includes nothing from views/ or app/;
#   views/ includes nothing from app/, and reaches the engine through netlab/ (its api, runner,
#   scenario, checks, telemetry, report) only: never the node runtime (core/runtime/), Boost.Asio,
#   the lab's fabric, supervisor and nemesis (netlab/lab/) or the simulator's internals (netlab/sim/).
#   netlab/checks includes no pattern (core/patterns/, netlab/patterns/).
# Run as: cmake -DSOURCE_DIR=... -P CheckLayering.cmake (registered as a CTest test).
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

if(problems)
  list(JOIN problems "\n" text)
  message(FATAL_ERROR "layering broken:\n${text}")
endif()
message(STATUS "layering ok")
