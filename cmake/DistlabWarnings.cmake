# distlab::warnings: the warning set every project target compiles with.
add_library(distlab_warnings INTERFACE)
add_library(distlab::warnings ALIAS distlab_warnings)
target_compile_options(distlab_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wno-missing-field-initializers)
