# Writes OUT, the gzipped manual page of PROGRAM (called NAME), with help2man from the program's own
# --help and --version, plus the sections in SECTIONS (a help2man include file). For a program whose
# --help lists "commands:" (distlab-cli), each command's own --help becomes a subsection of
# COMMANDS, so the page documents every option the program has.
execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${PROGRAM} --help failed")
endif()
file(READ "${SECTIONS}" include)

string(REGEX MATCH "\ncommands:\n([^\n]+\n)+" listing "${help}")
if(listing)
  string(APPEND include "\n[COMMANDS]\n")
  string(REPLACE "\n" ";" lines "${listing}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^  ([a-z-]+)  ")
      set(command ${CMAKE_MATCH_1})
      execute_process(COMMAND "${PROGRAM}" ${command} --help OUTPUT_VARIABLE text RESULT_VARIABLE failed)
      if(failed)
        message(FATAL_ERROR "${PROGRAM} ${command} --help failed")
      endif()
      # Verbatim in roff: backslashes escaped, and no line may start with a control character.
      string(REPLACE "\\" "\\e" text "${text}")
      string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
      string(APPEND include ".SS ${command}\n.nf\n${text}.fi\n")
    endif()
  endforeach()
endif()

get_filename_component(dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
set(sections_file "${dir}/${NAME}.h2m")
file(WRITE "${sections_file}" "${include}")
set(page "${dir}/${NAME}.1")
execute_process(COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --version-string=${VERSION}
                        --include=${sections_file} --output=${page} "${PROGRAM}"
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "help2man failed on ${PROGRAM}")
endif()
execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "gzip failed on ${page}")
endif()
