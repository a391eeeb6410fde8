# Compiler flags shared by every target of this project, and the sanitizer
# configurations that CI builds.

add_library(golang_options INTERFACE)  # internal-only, not exported
target_compile_options(golang_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Clang checks the ABSL_GUARDED_BY / ABSL_LOCKABLE annotations.
  target_compile_options(golang_options INTERFACE
    -Wthread-safety -Werror=thread-safety)
endif()

# Stack-clash protection: a function whose frame is larger than a page
# touches each page of it as it grows the stack, so an overflowing frame
# faults in the guard below a goroutine's stack instead of jumping over it
# (runtime/internal/stack.h). Goroutines run the users' code, so the runtime
# target carries the flag to its users (runtime/CMakeLists.txt), in the build
# tree and, through golangConfig.cmake, in the installed package.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-fstack-clash-protection
                        GOLANG_HAVE_STACK_CLASH_PROTECTION)

if(GOLANG_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(GOLANG_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT GOLANG_SANITIZE STREQUAL "")
  message(FATAL_ERROR "GOLANG_SANITIZE must be '', 'address' or 'thread'")
endif()

# golang_package(<pkg> SOURCES <files...> DEPENDS <public deps...>)
#
# One library per Go package: target golang_<pkg>, alias and exported name
# golang::<pkg>, include paths relative to the repository root (the installed
# include directory is added by GolangInstall.cmake), C++20 for consumers,
# and the project's warning flags for its own sources only (golang_options is
# build-only, so it never appears in the installed export).
function(golang_package pkg)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(golang_${pkg} ${ARG_SOURCES})
  add_library(golang::${pkg} ALIAS golang_${pkg})
  set_target_properties(golang_${pkg} PROPERTIES EXPORT_NAME ${pkg})
  target_include_directories(golang_${pkg} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
  target_compile_features(golang_${pkg} PUBLIC cxx_std_20)
  target_link_libraries(golang_${pkg}
    PUBLIC ${ARG_DEPENDS}
    PRIVATE $<BUILD_INTERFACE:golang_options>)
endfunction()
