# The format test: every C++ file of the project is laid out as .clang-format says, so layout
# never shows up in review. Run as
#   cmake -DROOT=<source dir> -DCLANG_FORMAT=<clang-format> -P tests/format.cmake
# Fails listing the files clang-format would change (fix: clang-format -i FILE...). Prints
# "format: skipped" (which CTest reports as skipped) when clang-format is missing, unless CI=true.
cmake_minimum_required(VERSION 3.25)

if(NOT CLANG_FORMAT OR NOT EXISTS "${CLANG_FORMAT}")
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "format: clang-format is not installed (scripts/test installs it)")
  endif()
  message("format: skipped: clang-format is not installed")
  return()
endif()

set(files "")
foreach(dir bench cli codegen model tests)
  file(GLOB_RECURSE found ${ROOT}/${dir}/*.h ${ROOT}/${dir}/*.cpp)
  list(APPEND files ${found})
endforeach()
list(FILTER files EXCLUDE REGEX "/tests/golden/")

set(bad "")
foreach(f IN LISTS files)
  execute_process(COMMAND ${CLANG_FORMAT} --style=file --dry-run --Werror ${f}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    file(RELATIVE_PATH rel ${ROOT} ${f})
    string(APPEND bad "  ${rel}\n")
  endif()
endforeach()
list(LENGTH files count)
if(bad)
  message(FATAL_ERROR "format: these files are not formatted as .clang-format says "
                      "(clang-format -i them):\n${bad}")
endif()
message(STATUS "format: ${count} files formatted as .clang-format says")
