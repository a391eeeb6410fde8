# Runs one example and checks it; used by the CTest tests of
# examples/CMakeLists.txt (cmake -P, so that a program that fails, as a
# panic does with status 2, can still be checked).
#
#   -DEXE=<program>            the C++ example
#   -DEXPECTED=<file>          what its standard output must be, exactly
#   -DPANIC=<regex>            optional: it must exit with status 2 (Go's
#                              for an unrecovered panic), and its standard
#                              error must match "panic: <regex>"
#   -DSTDERR=<regex>           optional: its standard error must match this
#                              (a ThreadSanitizer report); neither the exit
#                              code nor the timing-dependent standard output
#                              is checked then (printing a sanitizer report
#                              takes long enough to change the interleaving)
#   -DRUNS_ONLY=1              optional: it must exit 0; its output is not
#                              compared (timing it depends on is changed by
#                              a sanitizer's slowdown)
#   -DGO=<go> -DGO_DIR=<dir>   optional: instead of EXPECTED, compare the
#                              C++ program's output with `go run main.go` in
#                              <dir> (the standard output must be the same,
#                              and a panic must be the same panic in both)
#   -DGO_TEST=1                optional, with GO: the Go original is a test,
#                              main_test.go: run `go test -v` in <dir> (Go
#                              1.25 or later; an older go skips, saying why)
#                              and compare the text of its t.Logf lines
#   -DGO_CACHE=<dir>           GOCACHE for `go run` and `go test`

function(run_program out_var err_var rc_var)
  execute_process(COMMAND ${ARGN}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
                  TIMEOUT 60)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
  set(${rc_var} "${rc}" PARENT_SCOPE)
endfunction()

function(fail what)
  message(FATAL_ERROR "${what}\n--- stdout ---\n${out}\n--- stderr ---\n${err}"
                      "\n--- exit: ${rc}")
endfunction()

# `go run` exits 1 for a program that failed, and says "exit status N".
function(check_exit name out err rc)
  if(DEFINED PANIC)
    if(name MATCHES "^go run")
      if(NOT err MATCHES "\nexit status 2\n")
        fail("${name} did not exit with status 2 (a panic's)")
      endif()
    elseif(NOT rc STREQUAL "2")
      fail("${name} exited ${rc}, but should have panicked (exit status 2) "
           "with: ${PANIC}")
    endif()
    if(NOT err MATCHES "panic: ${PANIC}")
      fail("${name}: standard error does not contain \"panic: ${PANIC}\"")
    endif()
  elseif(DEFINED STDERR)
    if(NOT err MATCHES "${STDERR}")
      fail("${name}: standard error does not match \"${STDERR}\"")
    endif()
  elseif(NOT rc EQUAL 0)
    fail("${name} failed (exit ${rc})")
  endif()
endfunction()

run_program(out err rc "${EXE}")
check_exit("${EXE}" "${out}" "${err}" "${rc}")
set(cc_out "${out}")

# A Go test's log lines (`    main_test.go:42: text`, in -v's output) as
# the text alone, one line each: what the C++ twin prints.
function(go_test_log out_var output)
  # A CMake list: escape what it splits on or groups by.
  string(REPLACE ";" "<semicolon>" output "${output}")
  string(REPLACE "[" "<open>" output "${output}")
  string(REPLACE "]" "<close>" output "${output}")
  string(REPLACE "\n" ";" lines "${output}")
  set(logged "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^ *main_test\\.go:[0-9]+: (.*)$")
      string(APPEND logged "${CMAKE_MATCH_1}\n")
    endif()
  endforeach()
  string(REPLACE "<semicolon>" ";" logged "${logged}")
  string(REPLACE "<open>" "[" logged "${logged}")
  string(REPLACE "<close>" "]" logged "${logged}")
  set(${out_var} "${logged}" PARENT_SCOPE)
endfunction()

if(DEFINED GO AND GO_TEST)
  # testing/synctest is Go 1.25's: an older go cannot build the test. Say
  # so as GoogleTest does, which the test's SKIP_REGULAR_EXPRESSION (and
  # .ci/test's summary) reads.
  run_program(out err rc "${CMAKE_COMMAND}" -E env GOTOOLCHAIN=local
              "${GO}" env GOVERSION)
  string(STRIP "${out}" go_version)
  if(NOT go_version MATCHES "^go([0-9]+\\.[0-9]+)")
    fail("cannot tell the version of ${GO} (go env GOVERSION)")
  endif()
  if(CMAKE_MATCH_1 VERSION_LESS 1.25)
    execute_process(COMMAND "${CMAKE_COMMAND}" -E echo
      "${GO_DIR}/main_test.go: Skipped\n${go_version} has no testing/synctest \
(Go 1.25 or later runs the Go original)\n[  SKIPPED ] ${GO_DIR}")
    return()
  endif()
  set(cc_err "${err}")
  run_program(out err rc "${CMAKE_COMMAND}" -E env
              "GOCACHE=${GO_CACHE}" GOTOOLCHAIN=local GOPROXY=off GOFLAGS=
              GO111MODULE=on "${CMAKE_COMMAND}" -E chdir "${GO_DIR}"
              "${GO}" test -count=1 -v -run .)
  check_exit("go test ${GO_DIR}" "${out}" "${err}" "${rc}")
  go_test_log(logged "${out}")
  if(NOT cc_out STREQUAL logged)
    message(FATAL_ERROR "The C++ program prints other than the Go test logs.\n"
                        "--- C++ (${EXE}) ---\n${cc_out}\n"
                        "--- Go (${GO_DIR}/main_test.go, t.Logf) ---\n"
                        "${logged}\n--- go test -v ---\n${out}")
  endif()
elseif(DEFINED GO)
  set(cc_err "${err}")
  run_program(out err rc "${CMAKE_COMMAND}" -E env
              "GOCACHE=${GO_CACHE}" GO111MODULE=off GOPROXY=off GOFLAGS=
              "${CMAKE_COMMAND}" -E chdir "${GO_DIR}" "${GO}" run main.go)
  unset(STDERR)  # Go's own race detector is not on: no report expected.
  check_exit("go run ${GO_DIR}/main.go" "${out}" "${err}" "${rc}")
  if(NOT cc_out STREQUAL out)
    message(FATAL_ERROR "The C++ and Go programs print different output.\n"
                        "--- C++ (${EXE}) ---\n${cc_out}\n"
                        "--- Go (${GO_DIR}/main.go) ---\n${out}")
  endif()
elseif(NOT DEFINED STDERR AND NOT DEFINED RUNS_ONLY)
  file(READ "${EXPECTED}" want)
  if(NOT cc_out STREQUAL want)
    message(FATAL_ERROR "${EXE}: wrong output.\n--- got ---\n${cc_out}\n"
                        "--- want (${EXPECTED}) ---\n${want}\n"
                        "--- stderr ---\n${err}")
  endif()
endif()
