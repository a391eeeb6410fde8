# Installation and export: `cmake --install` puts the headers, the libraries
# and a CMake package under the prefix, so that consumers write
#
#   find_package(golang CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE golang::golang)   # or golang::chan, ...
#
# and `#include "chan/chan.h"`, the same include paths as in this repository.
#
# Layout under the prefix:
#   include/golang/{runtime,chan,time,sync,context,synctest,signal}/...h   (internal/ included:
#                                  public headers include their internal/ ones)
#   lib/libgolang_*.a
#   lib/golang/objects-<build type>/golang_main/main.cc.o   (golang::main)
#   lib/cmake/golang/golang{Config,ConfigVersion,Targets*}.cmake
#   lib/pkgconfig/golang.pc, golang-nomain.pc   (pkg-config, below)
# The headers live under include/golang/ rather than include/ so that generic
# folder names (time/, sync/, context/) do not land in /usr/local/include; the
# exported targets carry include/golang as their include directory.
#
# golangConfig.cmake adds -fstack-clash-protection to golang::runtime's
# usage requirements when the consumer's compiler supports it, as the build
# tree's target does (runtime/CMakeLists.txt): consumers' frames run on
# goroutine stacks and must not jump over their guard.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(GOLANG_INSTALL "Generate golang's install rules" ${GOLANG_IS_TOP})
if(NOT GOLANG_INSTALL)
  return()
endif()

set(GOLANG_INSTALL_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}/golang")
set(GOLANG_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/golang")

# The exported targets, golang::<pkg> (each package's CMakeLists makes its
# target with golang_package(), cmake/GolangOptions.cmake, which keeps the
# internal-only golang_options out of the export), and the umbrella.
set(_golang_export_targets
  golang_runtime golang_chan golang_time golang_sync golang_context
  golang_errgroup golang_synctest golang_signal golang golang_main)

# golang_main is an object library (runtime/CMakeLists.txt): its object is
# installed beside the libraries and linked into each consumer executable.
install(TARGETS ${_golang_export_targets}
  EXPORT golangTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/golang
  INCLUDES DESTINATION ${GOLANG_INSTALL_INCLUDEDIR})

foreach(_pkg runtime chan time sync context synctest signal)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_pkg}/
    DESTINATION ${GOLANG_INSTALL_INCLUDEDIR}/${_pkg}
    FILES_MATCHING PATTERN "*.h")
endforeach()

install(EXPORT golangTargets
  NAMESPACE golang::
  DESTINATION ${GOLANG_INSTALL_CMAKEDIR})

# golang::goleak needs GoogleTest, which plain library users need not have:
# its own export set, loaded by golangConfig.cmake only where GTest is found.
if(TARGET golang_goleak)
  install(TARGETS golang_goleak
    EXPORT golangGoleakTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${GOLANG_INSTALL_INCLUDEDIR})
  install(EXPORT golangGoleakTargets
    NAMESPACE golang::
    DESTINATION ${GOLANG_INSTALL_CMAKEDIR})
endif()

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/golangConfig.cmake.in
  ${PROJECT_BINARY_DIR}/golangConfig.cmake
  INSTALL_DESTINATION ${GOLANG_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same minor matches.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/golangConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/golangConfig.cmake
  ${PROJECT_BINARY_DIR}/golangConfigVersion.cmake
  DESTINATION ${GOLANG_INSTALL_CMAKEDIR})

# pkg-config, for builds that are not CMake's (a Makefile: tests/consumer/
# pkgconfig): golang.pc gives what golang::golang and golang::main give,
# golang-nomain.pc what golang::golang alone gives. Written at install time
# (cmake/GolangPkgConfig.cmake), so that their prefix is the one installed
# to, `cmake --install --prefix` included; the main object's path names the
# build type, as CMake's install of object libraries does.
install(CODE "
  set(GOLANG_PC_SOURCE_DIR \"${CMAKE_CURRENT_LIST_DIR}\")
  set(GOLANG_PC_BINARY_DIR \"${PROJECT_BINARY_DIR}/pkgconfig\")
  set(GOLANG_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(GOLANG_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(GOLANG_PC_CONFIG \"$<CONFIG>\")
  set(GOLANG_PC_VERSION \"${PROJECT_VERSION}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/GolangPkgConfig.cmake\")
")
install(FILES
  ${PROJECT_BINARY_DIR}/pkgconfig/golang.pc
  ${PROJECT_BINARY_DIR}/pkgconfig/golang-nomain.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
