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

if(GOLANG_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(GOLANG_SANITIZER_ACTIVE=1)
elseif(GOLANG_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
  add_compile_definitions(GOLANG_SANITIZER_ACTIVE=1 GOLANG_TSAN=1)
elseif(NOT GOLANG_SANITIZE STREQUAL "")
  message(FATAL_ERROR "GOLANG_SANITIZE must be '', 'address' or 'thread'")
endif()
